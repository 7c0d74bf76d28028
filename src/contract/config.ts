// biome-ignore-all lint/suspicious/noTemplateCurlyInString: descriptions show users the ${ENV} references they write
/**
 * `.dingpipe.yml` and the API's notification and credential bodies, declared once. From these come the
 * TypeScript types of what is written, the shape checks of the YAML file (src/config/parse.ts: issues mapped
 * onto the document's nodes) and of the API bodies (src/server/validate.ts: one `{path, message}` per problem),
 * schema/dingpipe.schema.json (scripts/build-schema.ts) and the OpenAPI components (src/server/openapi-schemas.ts).
 *
 * A field's own checks (an event word, a content item, a locale…) are declared here with their words, so the
 * file and the API say the same thing; a message is relative to its field ("is empty"), the caller says which
 * field ("events of notification #2", "events[0]"). Checks across fields (a notification's credential exists,
 * keys a robot kind takes, repeated events) are pure functions used by both paths (src/contract/rules.ts,
 * src/contract/credential-rules.ts).
 */
import * as v from "valibot";
import { DINGTALK_CONFIG_KEYS } from "../channels/dingtalk/config.ts";
import { DINGTALK_APP_CONFIG_KEYS } from "../channels/dingtalk_app/config.ts";
import { FEISHU_CONFIG_KEYS } from "../channels/feishu/config.ts";
import { CHANNEL_KINDS, type ChannelKind, kindMeant, kindOfWord } from "../channels/kinds.ts";
import { WECOM_CONFIG_KEYS } from "../channels/wecom/config.ts";
import { MESSAGE_LOCALES } from "../notify/i18n/index.ts";
import { LOCALE_FIX, type Parsed, parseLocale, parseTimeZone, TIMEZONE_FIX } from "../notify/i18n/names.ts";
import {
  CONTENT_ITEMS,
  type ContentItem,
  DEFAULT_CONTENT,
  type MessageStyle,
  type NotificationRule,
} from "../notify/rule.ts";
import {
  EVENT_NAMES,
  STATUS_ALIASES,
  STATUSES,
  suggestEventName,
  TRANSITION_ALIASES,
  TRANSITIONS,
  toEventName,
} from "../pipeline/status.ts";
import { didYouMean } from "./did-you-mean.ts";
import { quoted, withFix } from "./issues.ts";

export const STYLES = ["markdown", "action_card", "run_card"] as const;
/** The longest notification name, in characters. */
export const NAME_MAX = 100;
const VAR = "$" + "{VAR}";

/** Every word an event may be written as: the canonical ones, the transitions and every platform's alias. */
function eventWords(): string[] {
  return [
    ...new Set([
      ...STATUSES,
      ...STATUS_ALIASES.map(([alias]) => alias),
      ...TRANSITIONS,
      ...TRANSITION_ALIASES.map(([alias]) => alias),
    ]),
  ];
}

const said = <T extends v.GenericSchema>(schema: T, description: string) =>
  v.pipe(schema, v.description(description));
/** A string that says something: "" (or only spaces) is empty. */
const text = v.pipe(
  v.string(),
  v.check((s) => s.trim() !== "", withFix("is empty", "give it a value or remove the key")),
  v.metadata({ minLength: 1 }),
);
const filled = (description: string) => said(text, description);
/** A list, or one item standing for a list of one (`events: failure`); `empty`: why an empty list is refused. */
const listOf = <T extends v.GenericSchema>(item: T, description: string, empty?: string) =>
  v.pipe(
    v.union([empty === undefined ? v.array(item) : v.pipe(v.array(item), v.minLength(1, empty)), item]),
    v.description(description),
    v.transform((x) => (Array.isArray(x) ? x : [x]) as v.InferOutput<T>[]),
  );
/** What to do about an empty selector list. */
const selects = (key: string, one: string) =>
  withFix(
    `is empty: it selects no ${one}`,
    `remove ${key}: to select every ${one}, or list ${one} names (globs such as deploy-* allowed)`,
  );

/** A word from `words`, case and surrounding spaces forgiven; else its did-you-mean and the fix. */
function wordOf(what: string, words: readonly string[], fix: string) {
  return v.pipe(
    v.string(),
    v.check(
      (w) => words.includes(w.trim().toLowerCase()),
      (issue) => {
        const w = String(issue.input);
        const close = didYouMean(w, words);
        return withFix(`unknown ${what} ${quoted(w)}${close ? ` — did you mean '${close}'?` : ""}`, fix);
      },
    ),
  );
}

export const EventWordSchema = v.pipe(
  v.string(),
  v.check(
    (w) => toEventName(w) !== undefined,
    (issue) => {
      const w = String(issue.input);
      const close = suggestEventName(w);
      return withFix(
        `unknown event ${quoted(w)}${close ? ` — did you mean '${close}'?` : ""}`,
        `use one of ${EVENT_NAMES.join(", ")} or a platform word from docs/events.md`,
      );
    },
  ),
  v.metadata({ enum: eventWords() }),
  v.description(
    "A canonical event, a platform word, or a transition the service derives from the task's history: broken, fixed, still_failing (any case; see docs/events.md).",
  ),
);

export const ContentItemSchema = v.pipe(
  wordOf("content item", CONTENT_ITEMS, `use items from: ${CONTENT_ITEMS.join(", ")}`),
  v.metadata({ enum: [...CONTENT_ITEMS] }),
);

/**
 * A word `parse` reads (a locale, a time zone), read as its canonical value; else its message and `fix`. Last in
 * a field's pipe: the JSON Schema describes what comes before the reading.
 */
function parsed<T extends string>(parse: (w: string) => Parsed<T>, fix: (suggestion?: string) => string) {
  let last: [string, Parsed<T>] | undefined; // the check and the reading parse the same word once
  const read = (w: string) => {
    if (last?.[0] !== w) last = [w, parse(w)];
    return last[1];
  };
  return [
    v.check(
      (w: string) => read(w).ok,
      (issue) => {
        const p = read(String(issue.input));
        return p.ok ? "" : withFix(p.message, fix(p.suggestion));
      },
    ),
    v.transform((w: string) => (read(w) as { value: T }).value),
  ] as const;
}

const locale = (where: string) =>
  v.pipe(
    v.string(),
    v.metadata({ enum: [...MESSAGE_LOCALES] }),
    v.description(
      `The language of the messages dingpipe writes: zh-CN (default: 运行失败, 流水线, 触发人 …) or en. Custom content is never translated. ${where}`,
    ),
    ...parsed(parseLocale, (s) => (s ? `write locale: ${s}` : LOCALE_FIX)),
  );

const timezone = (where: string) =>
  v.pipe(
    text,
    v.description(
      `The IANA time zone of the times in messages, e.g. Asia/Shanghai (written with their offset: 08:03 (UTC+8)). Default: the TZ environment variable, else the system's zone. Abbreviations such as CST are refused. ${where}`,
    ),
    ...parsed(parseTimeZone, (s) => (s ? `write timezone: ${s} (${TIMEZONE_FIX})` : TIMEZONE_FIX)),
  );

const ON = ["true", "yes", "y", "on", "1"];
const OFF = ["false", "no", "n", "off", "0"];
/** true or false; YAML 1.1's yes/no/on/off and a quoted "false" are strings, refused with what they mean. */
const flag = v.boolean((issue) => {
  if (issue.input === null)
    return withFix("is empty", "write true or false, or remove the key (default true)");
  const word = String(issue.input).trim().toLowerCase();
  const meant = ON.includes(word) ? "true" : OFF.includes(word) ? "false" : undefined;
  return withFix(
    `must be true or false${meant ? ` — did you mean ${meant}?` : ""}`,
    meant ? `write enabled: ${meant} (unquoted)` : "write true (sends) or false (switched off)",
  );
});

/** A notification's fields: the same keys in `.dingpipe.yml` and in `POST /api/notifications`. */
const NotificationFields = v.strictObject({
  credential: filled("Name of a credential under credentials:."),
  pipelines: v.optional(
    listOf(
      text,
      "Pipeline names or globs (web-*); default every pipeline.",
      selects("pipelines", "pipeline"),
    ),
  ),
  tasks: v.optional(
    listOf(text, "Task names or globs (deploy-*); default every task.", selects("tasks", "task")),
  ),
  events: listOf(
    EventWordSchema,
    "The task states that send a message.",
    withFix(
      "is empty: it would never send",
      `list events, e.g. [failure, success] (one of ${EVENT_NAMES.join(", ")})`,
    ),
  ),
  content: v.optional(listOf(ContentItemSchema, "Run facts added to the message, in this order.")),
  custom: v.optional(
    said(
      v.pipe(v.string(), v.maxLength(20_000, "must be at most 20000 characters")),
      `DingTalk markdown; may reference ${VAR}s (${"$"}{NAME:-default}); converted for WeCom and Feishu.`,
    ),
  ),
  at: v.optional(
    listOf(
      // A mobile written as a YAML number is read as its digits.
      v.pipe(v.string(), v.metadata({ type: ["string", "integer"] })),
      `Who to @-mention: mobile numbers (DingTalk, WeCom), Feishu open_ids (ou_…), ${VAR}s holding them, or all.`,
    ),
  ),
  style: v.optional(
    said(
      v.pipe(wordOf("style", STYLES, `use one of: ${STYLES.join(", ")}`), v.metadata({ enum: [...STYLES] })),
      "Message style (default markdown): markdown, action_card (a button to the run), or run_card (DingTalk app robots, in the service: one card per pipeline run, updated in place as its tasks progress).",
    ),
  ),
  locale: v.optional(locale("Overrides the top-level locale.")),
  timezone: v.optional(timezone("Overrides the top-level timezone.")),
  name: v.optional(
    said(
      v.pipe(
        v.string(),
        v.check(
          (s) => [...s.trim()].length <= NAME_MAX,
          (issue) =>
            withFix(
              `is ${[...String(issue.input).trim()].length} characters long (at most ${NAME_MAX})`,
              "shorten it: the name labels the notification in reports and the console",
            ),
        ),
        v.check((s) => !/[\r\n]/.test(s.trim()), withFix("spans several lines", "write it on one line")),
      ),
      `What the team calls this notification (at most ${NAME_MAX} characters), as in the service's console: shown in reports.`,
    ),
  ),
  enabled: v.optional(
    said(
      flag,
      "The notification's on/off switch (default true): false keeps it in the file but sends nothing, like switching it off in the service's console.",
    ),
  ),
});

/** A notification, read as the engine keeps it (`NotificationRule`): the file and the API store the same. */
export const NotificationSchema = v.pipe(NotificationFields, v.transform(toRule));

/** Canonical events and content items, names and globs trimmed and each once, default content; blanks absent. */
function toRule(n: NotificationShape): NotificationRule {
  const rule: NotificationRule = {
    credential: n.credential.trim(),
    events: each(n.events, (e) => toEventName(e)!)!,
    content: each(n.content, (c) => c.trim().toLowerCase() as ContentItem) ?? [...DEFAULT_CONTENT],
  };
  const name = n.name?.trim();
  const at = each(n.at, (a) => (a.trim().toLowerCase() === "all" ? "all" : a.trim()));
  if (name) rule.name = name;
  if (n.enabled === false) rule.enabled = false;
  if (n.pipelines) rule.pipelines = each(n.pipelines)!;
  if (n.tasks) rule.tasks = each(n.tasks)!;
  if (n.custom?.trim()) rule.custom = n.custom;
  if (at?.length) rule.at = at;
  if (n.style) rule.style = n.style.trim().toLowerCase() as MessageStyle;
  if (n.locale) rule.locale = n.locale;
  if (n.timezone) rule.timezone = n.timezone;
  return rule;
}

/** Each item of a list read as `as` (trimmed), once. */
function each<T = string>(list: readonly string[] | undefined, as = (x: string) => x.trim() as T) {
  return list && [...new Set(list.map(as))];
}

const kindWords = [...CHANNEL_KINDS, "lark"];
const kind = said(
  v.pipe(
    v.string(),
    v.check(
      (w) => kindOfWord(w) !== undefined,
      (issue) => {
        const w = String(issue.input);
        const meant = kindMeant(w) ?? didYouMean(w, CHANNEL_KINDS);
        return withFix(
          `is ${quoted(w)}${meant ? ` — did you mean '${meant}'?` : ""}`,
          `write one of ${CHANNEL_KINDS.join(", ")} (without type: a credential is a DingTalk robot)`,
        );
      },
    ),
    v.metadata({ enum: kindWords }),
  ),
  "The robot's kind: dingtalk (default: a DingTalk custom robot), wecom (a WeCom group robot), feishu (a Feishu custom bot; lark is the same) or dingtalk_app (the robot of a DingTalk enterprise internal app: the only kind that can keep a run card).",
);

const count = v.pipe(
  v.number(),
  v.integer("must be a whole number of at least 1"),
  v.minValue(1, "must be a whole number of at least 1"),
);

/** A credential's fields, by their `.dingpipe.yml` names; the API body spells the same fields in camelCase. */
const credentialFields = {
  webhook: filled(
    "The robot's full webhook URL, e.g. ${DINGTALK_WEBHOOK}: DingTalk https://oapi.dingtalk.com/robot/send?access_token=…, WeCom https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… (or only its key), Feishu https://open.feishu.cn/open-apis/bot/v2/hook/… (Lark: open.larksuite.com).",
  ),
  secret: filled(
    "The robot's signing secret, when it signs: DingTalk's SEC…, Feishu's signature verification secret, e.g. ${DINGTALK_SECRET}. WeCom robots do not sign.",
  ),
  keywords: listOf(text, "The robot's custom keywords, when it uses them (up to 10; DingTalk and Feishu)."),
  base_url: filled(
    "DingTalk, with token: where to send instead of https://oapi.dingtalk.com (a relay, the emulator); a DingTalk app robot: its API instead of https://api.dingtalk.com.",
  ),
  app_key: filled("DingTalk app robot: the app's AppKey (Client ID)."),
  app_secret: filled(
    "DingTalk app robot: the app's AppSecret, e.g. ${DINGTALK_APP_SECRET} (keep it in a CI secret).",
  ),
  robot_code: filled("DingTalk app robot: the robot's RobotCode (developer console → the app → Robot)."),
  conversation_id: filled("DingTalk app robot: the group's openConversationId (cid…)."),
};
const RATE_LIMIT =
  "Messages per window for this robot (default its kind's limit: 20 per 60 seconds for DingTalk and WeCom, 100 per 60 for Feishu, which also allows 5 a second).";

/** The keys each kind takes (declared with the kind) and the ones it needs (one of the sets). */
export const KIND_KEYS: Record<ChannelKind, { keys: readonly string[]; needs: string[][]; label: string }> = {
  dingtalk: {
    keys: DINGTALK_CONFIG_KEYS,
    needs: [["webhook"], ["token"]],
    label: "DingTalk: webhook or token, not both",
  },
  wecom: {
    keys: WECOM_CONFIG_KEYS,
    needs: [["webhook"]],
    label: "WeCom: webhook only (no signing, no keywords)",
  },
  feishu: {
    keys: FEISHU_CONFIG_KEYS,
    needs: [["webhook"]],
    label: "Feishu / Lark: webhook, optional secret and keywords",
  },
  dingtalk_app: {
    keys: DINGTALK_APP_CONFIG_KEYS,
    needs: [["app_key", "app_secret", "robot_code", "conversation_id"]],
    label:
      "DingTalk app robot: app_key, app_secret, robot_code, conversation_id, optional base_url (no webhook, secret or keywords)",
  },
};

/**
 * For editors: one JSON Schema branch per kind (the keys it needs, the ones it does not take). The validator
 * checks the same in words the file and the API share (src/contract/credential-rules.ts).
 */
function perKind(all: readonly string[]): Record<string, unknown> {
  return {
    anyOf: CHANNEL_KINDS.map((k) => {
      const { keys, needs, label } = KIND_KEYS[k];
      const words = kindWords.filter((w) => kindOfWord(w) === k);
      const refused = all.filter((key) => key !== "type" && !keys.includes(key)).map((key) => [key]);
      if (needs.length > 1) refused.unshift(needs.flat());
      return {
        description: label,
        ...(k === "dingtalk" ? {} : { required: ["type", ...(needs.length === 1 ? needs[0]! : [])] }),
        properties: { type: { enum: words } },
        ...(needs.length > 1 ? { anyOf: needs.map((r) => ({ required: r })) } : {}),
        not: { anyOf: refused.map((r) => ({ required: r })) },
      };
    }),
  };
}

const credentialEntries = {
  type: v.optional(kind),
  webhook: v.optional(credentialFields.webhook),
  token: v.optional(filled("DingTalk: the access_token alone (instead of webhook), e.g. ${DINGTALK_TOKEN}.")),
  secret: v.optional(credentialFields.secret),
  keywords: v.optional(credentialFields.keywords),
  base_url: v.optional(credentialFields.base_url),
  rate_limit: v.optional(
    said(v.strictObject({ messages: v.optional(count), per_seconds: v.optional(count) }), RATE_LIMIT),
  ),
  app_key: v.optional(credentialFields.app_key),
  app_secret: v.optional(credentialFields.app_secret),
  robot_code: v.optional(credentialFields.robot_code),
  conversation_id: v.optional(credentialFields.conversation_id),
};

/** A credential in `.dingpipe.yml`. Which keys each kind takes is checked by src/contract/credential-rules.ts. */
export const CredentialFileSchema = v.pipe(
  v.strictObject(credentialEntries),
  v.description("A group robot: DingTalk (default), WeCom, Feishu / Lark, or a DingTalk app robot."),
  v.metadata(perKind(Object.keys(credentialEntries))),
);

/** The whole `.dingpipe.yml`. */
export const ConfigFileSchema = v.pipe(
  v.strictObject({
    credentials: said(
      v.record(v.string(), CredentialFileSchema),
      "Group robots by name (DingTalk, WeCom, Feishu). Keep secrets in ${ENV} references.",
    ),
    notifications: said(
      v.array(NotificationSchema),
      "When a task enters one of the events, send a message through the credential's robot.",
    ),
    locale: v.optional(locale("Here: the default of every notification.")),
    timezone: v.optional(timezone("Here: the default of every notification.")),
  }),
  v.title(".dingpipe.yml"),
  v.description(
    "dingpipe: CI/CD pipeline notifications for DingTalk, WeCom and Feishu group robots. See docs/configuration.md.",
  ),
);

export type NotificationInput = v.InferInput<typeof NotificationSchema>;
/** A notification as written (before it is read as a rule): the fields the YAML path points at. */
export type NotificationShape = v.InferOutput<typeof NotificationFields>;
export type CredentialFileShape = v.InferOutput<typeof CredentialFileSchema>;
export type ConfigFileShape = v.InferOutput<typeof ConfigFileSchema>;

// ---------------------------------------------------------------- for the API's bodies (src/contract/api.ts)

/** A credential's fields by their file names, the robot kind and the rate limit's words, as declared above. */
export const CredentialFieldSchemas = credentialFields;
export const KindSchema = kind;
export const RATE_LIMIT_DESCRIPTION = RATE_LIMIT;
