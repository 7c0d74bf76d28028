/**
 * Step 1 of three: the shape. The document's value is checked against the declaration of `.dingpipe.yml`
 * (src/contract/config.ts) — types, keys with did-you-mean, and each field's own checks (an event word, a
 * content item, a locale…) — and each problem is reported at its node, in the file's words ("events of
 * notification #2 …"). What passed keeps its node, so the later steps can point at it.
 */
import { type Document, isMap, isScalar, type Node, visit } from "yaml";
import {
  ConfigFileSchema,
  type CredentialFileShape,
  NotificationSchema,
  type NotificationShape,
} from "../contract/config.ts";
import { asWritten, check, type Key, type Problem } from "../contract/issues.ts";
import { nodeOf } from "../contract/yaml-position.ts";
import type { NotificationRule } from "../notify/rule.ts";
import type { Report } from "./diagnostic.ts";
import { ref } from "./interpolate.ts";
import { CREDENTIAL_KEYS, NOTIFICATION_KEYS, RATE_LIMIT_KEYS, TOP_KEYS } from "./keys.ts";

/** A value as written, and its node. */
export interface Value<T> {
  value: T;
  node: Node;
}
export type Text = Value<string>;
export interface List {
  node: Node;
  items: Text[];
}

/** Camel case of a file key: base_url → baseUrl. */
type Camel<S extends string> = S extends `${infer A}_${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
/** A field as it was written and where: a string, a list (or one string standing for one), a switch. */
type Written<T> = T extends boolean ? Value<boolean> : T extends readonly unknown[] ? List : Text;

/** A credential as written, each field with its node; the fields as the declaration has them. */
export type RawCredential = {
  name: string;
  keyNode: Node;
  /** The known keys written (even when their value was rejected). */
  keys: Set<string>;
  /** Each known key's node, for "remove it" diagnostics. */
  keyNodes: Map<string, Node>;
  rateLimit?: { node: Node; messages?: Value<number>; perSeconds?: Value<number> };
} & {
  [K in Exclude<keyof CredentialFileShape, "rate_limit"> as Camel<K>]?: Written<
    NonNullable<CredentialFileShape[K]>
  >;
};

/** A notification as written, each field with its node; the fields as the declaration has them. */
export type RawNotification = {
  /** 1-based position in the list, as users count. */
  number: number;
  node: Node;
  /** The known keys written (even when their value was rejected). */
  keys: Set<string>;
  /** As the engine keeps it (the declaration's reading), when its fields have no problem. */
  rule?: NotificationRule;
} & { [K in keyof NotificationShape]?: Written<NonNullable<NotificationShape[K]>> };

export interface RawConfig {
  root: Node;
  credentials: RawCredential[];
  notifications: RawNotification[];
  notificationsNode?: Node;
  /** The top-level locale and timezone: every notification's default. */
  locale?: Text;
  timezone?: Text;
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);
const camel = (key: string) => key.replace(/_(.)/g, (_, c: string) => c.toUpperCase());

/** Reads the document's shape; undefined when it has none worth checking further (empty, not a mapping). */
export function readShape(doc: Document, source: string, report: Report): RawConfig | undefined {
  const root = nodeOf(doc, { keys: [] });
  if (root === undefined || (isScalar(root) && root.value === null)) {
    report.error(
      { offset: 0 },
      "the file is empty",
      "add `credentials:` (your DingTalk group robots) and `notifications:` (see docs/configuration.md)",
    );
    return undefined;
  }
  if (!isMap(root)) {
    report.error(
      root,
      "the file must be a mapping with `credentials:` and `notifications:`",
      "start the file with `credentials:` at the beginning of a line (see docs/configuration.md)",
    );
    return undefined;
  }
  // A number where a string is declared keeps its spelling (`at: [013800000000]`); declared numbers read back.
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === "number" && node.range)
        node.value = source.slice(node.range[0], node.range[1]);
    },
  });
  let value: unknown;
  try {
    value = asWritten(ConfigFileSchema, doc.toJS({ maxAliasCount: 1000 }));
  } catch (e) {
    report.error(root, `YAML: ${(e as Error).message}`, "write the values out instead of repeating aliases");
    return undefined;
  }
  const checked = check(ConfigFileSchema, value);
  const problems = checked.ok ? [] : checked.problems;
  const refused = new Set(problems.map((p) => JSON.stringify(p.keys)));
  for (const p of problems) say(doc, source, p, report);

  const top = value as Obj;
  const at = (keys: Key[]) => nodeOf(doc, { keys }) ?? root;
  /** The node of a field's key (a credential's name, a key to remove). */
  const keyAt = (keys: Key[]) => nodeOf(doc, { keys, field: "unknown" }) ?? root;
  /** The field at `keys` as written, with its node(s); undefined when absent or refused (then it was reported). */
  const written = (keys: Key[]): unknown => {
    const x = get(top, keys);
    if (x === undefined || refused.has(JSON.stringify(keys))) return undefined;
    const node = at(keys);
    if (LISTS.has(String(keys.at(-1)))) {
      // The items that passed: the later steps still warn about them (a repeated content item).
      const items = Array.isArray(x) ? x.map((_, i) => written([...keys, i])) : [{ value: x, node }];
      return { node, items: items.filter((t) => typeof (t as Text | undefined)?.value === "string") };
    }
    return isObj(x) ? { node, ...fields(keys, Object.keys(x)) } : { value: x, node };
  };
  /** The fields `names` of the mapping at `keys`, by their camel-case names. */
  const fields = (keys: Key[], names: readonly string[]): Obj =>
    Object.fromEntries(
      names.map((k) => [camel(k), written([...keys, k])]).filter(([, x]) => x !== undefined),
    );

  const config: RawConfig = {
    root,
    credentials: [],
    notifications: [],
    ...fields([], ["locale", "timezone"]),
  };
  const credentials = top["credentials"];
  for (const [name, c] of Object.entries(isObj(credentials) ? credentials : {})) {
    if (!isObj(c)) continue;
    const keyNode = keyAt(["credentials", name]);
    const keys = Object.keys(c).filter((k) => (CREDENTIAL_KEYS as readonly string[]).includes(k));
    config.credentials.push({
      ...fields(["credentials", name], keys),
      name,
      keyNode,
      keys: new Set(keys),
      keyNodes: new Map(keys.map((k) => [k, keyAt(["credentials", name, k])])),
    });
  }
  const notifications = top["notifications"];
  if (Array.isArray(notifications)) config.notificationsNode = at(["notifications"]);
  (Array.isArray(notifications) ? notifications : []).forEach((n, i) => {
    if (!isObj(n)) return;
    const keys = Object.keys(n).filter((k) => (NOTIFICATION_KEYS as readonly string[]).includes(k));
    const rule = checked.ok ? checked.value.notifications[i] : ruleAlone(n);
    config.notifications.push({
      ...fields(["notifications", i], keys),
      number: i + 1,
      node: at(["notifications", i]),
      keys: new Set(keys),
      ...(rule !== undefined && { rule }),
    });
  });
  return config;
}

/**
 * A notification's rule when the whole file did not pass: it checked alone, so a right notification keeps
 * its rule beside a wrong one (whose problems were reported with the file's).
 */
function ruleAlone(notification: Obj): NotificationRule | undefined {
  const alone = check(NotificationSchema, notification);
  return alone.ok ? alone.value : undefined;
}

/** The fields written as a list, or one item standing for a list of one. */
const LISTS = new Set(["pipelines", "tasks", "events", "content", "at", "keywords"]);

// ---------------------------------------------------------------- problems, in the file's words

/** What the file says of a section, a credential or a notification that is missing or not what it must be. */
const WHOLE: Record<string, [message: string, fix: string]> = {
  "missing credentials": [
    "no `credentials:` section",
    `add \`credentials:\` with a DingTalk group robot, e.g. \`ci-group: {webhook: ${ref("DINGTALK_WEBHOOK")}}\``,
  ],
  "missing notifications": [
    "no `notifications:` section",
    "add `notifications:` with at least one `- credential: … events: [failure]`",
  ],
  credentials: [
    "`credentials` must be a mapping of robot names to their webhook/token and secret",
    `write e.g. \`ci-group: {webhook: ${ref("DINGTALK_WEBHOOK")}}\` under credentials:`,
  ],
  notifications: [
    "`notifications` must be a list (each item starts with `- credential: …`)",
    "write each notification as a list item: `- credential: ci-group` with `events: [failure]` under it",
  ],
  credential: [
    "must be a mapping with webhook: (or token:) and, when the robot signs, secret:",
    `write e.g. \`webhook: ${ref("DINGTALK_WEBHOOK")}\` and \`secret: ${ref("DINGTALK_SECRET")}\` under it`,
  ],
  notification: ["must be a mapping", "write e.g. `- credential: ci-group` and `events: [failure]` under it"],
};

/** Reports one problem at its node, worded for the file: which field of which credential or notification. */
function say(doc: Document, source: string, p: Problem, report: Report): void {
  const node = nodeOf(doc, p) ?? (doc.contents as Node);
  const [first, second] = p.keys;
  const opts = first === "credentials" && typeof second === "string" ? { credential: second } : {};
  const kind = second === undefined ? "" : first === "credentials" ? "credential" : "notification";
  const owner = kind && `${kind} ${kind === "credential" ? `'${second}'` : `#${Number(second) + 1}`}`;
  const inner = p.keys.slice(owner ? 2 : 0);
  // A notification's credential: and events: are asked for with the credentials defined (notification.ts).
  if (p.field === "missing" && owner !== "" && inner.length === 1) return;
  const whole =
    p.keys.length === 1 && p.field !== "unknown"
      ? WHOLE[`${p.field === "missing" ? "missing " : ""}${first}`]
      : undefined;
  if (whole || (kind && inner.length === 0)) {
    const [message, fix] = whole ?? WHOLE[kind]!;
    report.error(node, whole ? message : `${owner} ${message}`, fix, opts);
  } else if (p.field === "unknown") {
    const hint = /did you mean '([^']+)'/.exec(p.message)?.[1];
    const where = inner.length > 1 ? `${inner.slice(0, -1).join(".")} of ${owner}` : owner;
    report.error(
      node,
      `unknown key '${p.keys.at(-1)}'${where ? ` in ${where}` : ""}${hint ? ` — did you mean '${hint}'?` : ""}`,
      hint
        ? `rename it to '${hint}'`
        : `remove it; known keys here: ${knownAt(p.keys.slice(0, -1)).join(", ")}`,
      opts,
    );
  } else {
    const field = String(inner[0]);
    const of = owner ? ` of ${owner}` : "";
    let message = `${field}${of} ${p.message}`;
    if (/^unknown (event|content item|style) /.test(p.message)) message = p.message;
    else if (field === "locale" || field === "timezone") message = `${field}${of}: ${p.message}`;
    else if (typeof inner[1] === "number") message = `an item of ${field}${of} ${p.message}`;
    else if (inner.length > 1) message = `${inner.slice(1).join(" of ")} of ${message}`;
    // "not 2", "not off": the value as written, for a switch that is not true or false.
    if (field === "enabled" && isScalar(node) && node.range)
      message = message.replace(
        "true or false",
        `true or false, not ${source.slice(node.range[0], node.range[1])}`,
      );
    report.error(node, message, p.fix, opts);
  }
}

/** The keys the declaration takes at a place (for "known keys here"). */
function knownAt(parent: readonly Key[]): readonly string[] {
  if (parent.length === 0) return TOP_KEYS;
  if (parent[0] === "credentials") return parent.length === 2 ? CREDENTIAL_KEYS : RATE_LIMIT_KEYS;
  return NOTIFICATION_KEYS;
}

function get(value: unknown, keys: readonly Key[]): unknown {
  let x = value;
  for (const k of keys) {
    if (x === null || typeof x !== "object") return undefined;
    x = (x as Record<string, unknown>)[k as string];
  }
  return x;
}
