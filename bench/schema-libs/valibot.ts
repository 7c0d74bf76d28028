/** The bench contract declared with valibot. */
import * as v from "valibot";
import {
  type Candidate,
  CONTENT_ITEMS,
  EVENT_WORDS,
  type Result,
  ref,
  STYLES,
  toStatus,
  VAR_NAME,
} from "./shared.ts";

const text = v.pipe(v.string(), v.minLength(1));
const oneOrMore = <T extends v.GenericSchema>(item: T) => v.union([item, v.array(item)]);
const count = v.pipe(v.number(), v.integer(), v.minValue(1));
const said = <T extends v.GenericSchema>(schema: T, description: string) =>
  v.pipe(schema, v.description(description));

const credential = v.strictObject({
  webhook: v.optional(said(text, `The robot's full webhook URL, e.g. ${ref("DINGTALK_WEBHOOK")}.`)),
  token: v.optional(said(text, "The access_token alone (instead of webhook).")),
  secret: v.optional(said(text, "The robot's SEC… signing secret, when it signs.")),
  keywords: v.optional(said(oneOrMore(text), "The robot's custom keywords (up to 10).")),
  base_url: v.optional(said(text, "With token: where to send instead of https://oapi.dingtalk.com.")),
  rate_limit: v.optional(
    said(
      v.strictObject({ messages: v.optional(count), per_seconds: v.optional(count) }),
      "Messages per window (default 20 per 60 seconds).",
    ),
  ),
});
const notification = v.strictObject({
  credential: said(text, "Name of a credential under credentials:."),
  pipelines: v.optional(said(oneOrMore(text), "Pipeline names or globs; default every pipeline.")),
  tasks: v.optional(said(oneOrMore(text), "Task names or globs; default every task.")),
  events: said(oneOrMore(v.picklist(EVENT_WORDS)), "The task states that send a message."),
  content: v.optional(
    said(oneOrMore(v.picklist(CONTENT_ITEMS)), "Run facts added to the message, in order."),
  ),
  custom: v.optional(said(v.string(), `DingTalk markdown; may reference ${ref("VARS")}.`)),
  at: v.optional(
    said(
      oneOrMore(v.union([v.string(), v.pipe(v.number(), v.integer())])),
      `Mobiles to @-mention, ${ref("VARS")}, or all.`,
    ),
  ),
  style: v.optional(said(v.picklist(STYLES), "Message style (default markdown).")),
});
export const config = said(
  v.strictObject({
    credentials: said(v.record(v.string(), credential), "DingTalk group robots by name."),
    notifications: said(v.array(notification), "When a task enters one of the events, send a message."),
  }),
  ".dingpipe.yml",
);

const s = v.pipe(v.string(), v.maxLength(10_000));
const time = v.pipe(
  v.string(),
  v.check((x) => !Number.isNaN(Date.parse(x)), "must be an ISO-8601 time"),
);
export const event = v.strictObject({
  pipeline: v.strictObject({ name: text, displayName: v.optional(s), url: v.optional(s) }),
  run: v.optional(
    v.strictObject({
      id: v.optional(s),
      number: v.optional(v.pipe(v.number(), v.integer())),
      url: v.optional(s),
      trigger: v.optional(v.strictObject({ user: v.optional(s), event: v.optional(s) })),
    }),
  ),
  stage: v.optional(v.strictObject({ name: text })),
  task: v.strictObject({
    name: text,
    status: v.pipe(
      v.string(),
      v.check((w) => toStatus(w) !== undefined, "unknown status"),
      v.transform((w) => toStatus(w)!),
    ),
    url: v.optional(s),
    startedAt: v.optional(time),
    finishedAt: v.optional(time),
    durationMs: v.optional(v.number()),
    exitCode: v.optional(v.pipe(v.number(), v.integer())),
    logTail: v.optional(s),
  }),
  source: v.optional(
    v.strictObject({
      provider: v.optional(s),
      repo: v.optional(s),
      branch: v.optional(s),
      commit: v.optional(
        v.strictObject({ sha: text, message: v.optional(s), author: v.optional(s), url: v.optional(s) }),
      ),
      pullRequest: v.optional(v.strictObject({ id: text, title: v.optional(s), url: v.optional(s) })),
    }),
  ),
  variables: v.optional(v.record(v.pipe(v.string(), v.regex(VAR_NAME)), s)),
});

function run(schema: v.GenericSchema, input: unknown): Result {
  const r = v.safeParse(schema, input);
  if (r.success) return { ok: true, value: r.output };
  return {
    ok: false,
    issues: r.issues.map((i) => ({
      path: (i.path ?? []).map((p) => String(p.key)).join("."),
      message: i.message,
      data: `${i.kind}:${i.type} expected=${short(i.expected)} received=${i.received}${i.issues ? ` issues=${i.issues.length}` : ""}`,
    })),
  };
}

export const candidate: Candidate = {
  validateConfig: (input) => run(config, input),
  validateEvent: (input) => run(event, input),
};

const short = (s: string | null) => (s !== null && s.length > 40 ? `${s.slice(0, 40)}…` : s);
