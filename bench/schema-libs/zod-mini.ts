/** The bench contract declared with zod/mini (zod v4's tree-shakable functional API; same core as zod). */
import * as z from "zod/mini";
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

const text = z.string().check(z.minLength(1));
const oneOrMore = <T extends z.ZodMiniType>(item: T) => z.union([item, z.array(item)]);
const count = z.int().check(z.minimum(1));
const said = <T extends z.ZodMiniType>(schema: T, description: string) =>
  schema.check(z.describe(description));

const credential = z.strictObject({
  webhook: z.optional(said(text, `The robot's full webhook URL, e.g. ${ref("DINGTALK_WEBHOOK")}.`)),
  token: z.optional(said(text, "The access_token alone (instead of webhook).")),
  secret: z.optional(said(text, "The robot's SEC… signing secret, when it signs.")),
  keywords: z.optional(said(oneOrMore(text), "The robot's custom keywords (up to 10).")),
  base_url: z.optional(said(text, "With token: where to send instead of https://oapi.dingtalk.com.")),
  rate_limit: z.optional(
    said(
      z.strictObject({ messages: z.optional(count), per_seconds: z.optional(count) }),
      "Messages per window (default 20 per 60 seconds).",
    ),
  ),
});
const notification = z.strictObject({
  credential: said(text, "Name of a credential under credentials:."),
  pipelines: z.optional(said(oneOrMore(text), "Pipeline names or globs; default every pipeline.")),
  tasks: z.optional(said(oneOrMore(text), "Task names or globs; default every task.")),
  events: said(
    oneOrMore(z.enum(EVENT_WORDS as [string, ...string[]])),
    "The task states that send a message.",
  ),
  content: z.optional(said(oneOrMore(z.enum(CONTENT_ITEMS)), "Run facts added to the message, in order.")),
  custom: z.optional(said(z.string(), `DingTalk markdown; may reference ${ref("VARS")}.`)),
  at: z.optional(
    said(oneOrMore(z.union([z.string(), z.int()])), `Mobiles to @-mention, ${ref("VARS")}, or all.`),
  ),
  style: z.optional(said(z.enum(STYLES), "Message style (default markdown).")),
});
export const config = said(
  z.strictObject({
    credentials: said(z.record(z.string(), credential), "DingTalk group robots by name."),
    notifications: said(z.array(notification), "When a task enters one of the events, send a message."),
  }),
  ".dingpipe.yml",
);

const s = z.string().check(z.maxLength(10_000));
const time = z.string().check(z.refine((v) => !Number.isNaN(Date.parse(v)), "must be an ISO-8601 time"));
export const event = z.strictObject({
  pipeline: z.strictObject({ name: text, displayName: z.optional(s), url: z.optional(s) }),
  run: z.optional(
    z.strictObject({
      id: z.optional(s),
      number: z.optional(z.int()),
      url: z.optional(s),
      trigger: z.optional(z.strictObject({ user: z.optional(s), event: z.optional(s) })),
    }),
  ),
  stage: z.optional(z.strictObject({ name: text })),
  task: z.strictObject({
    name: text,
    status: z.pipe(
      z.string().check(z.refine((w) => toStatus(w) !== undefined, "unknown status")),
      z.transform((w: string) => toStatus(w)!),
    ),
    url: z.optional(s),
    startedAt: z.optional(time),
    finishedAt: z.optional(time),
    durationMs: z.optional(z.number()),
    exitCode: z.optional(z.int()),
    logTail: z.optional(s),
  }),
  source: z.optional(
    z.strictObject({
      provider: z.optional(s),
      repo: z.optional(s),
      branch: z.optional(s),
      commit: z.optional(
        z.strictObject({ sha: text, message: z.optional(s), author: z.optional(s), url: z.optional(s) }),
      ),
      pullRequest: z.optional(z.strictObject({ id: text, title: z.optional(s), url: z.optional(s) })),
    }),
  ),
  variables: z.optional(z.record(z.string().check(z.regex(VAR_NAME)), s)),
});

function run(schema: z.ZodMiniType, input: unknown): Result {
  const r = z.safeParse(schema, input);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => {
      const { code, path: _p, message: _m, input: _i, ...rest } = i as unknown as Record<string, unknown>;
      const data = Object.entries(rest).map(([k, v]) =>
        k === "errors"
          ? `errors=${(v as unknown[][]).length} branches`
          : Array.isArray(v) && v.length > 6
            ? `${k}=[${v.length} values]`
            : `${k}=${JSON.stringify(v)}`,
      );
      return { path: i.path.join("."), message: i.message, data: [String(code), ...data].join(" ") };
    }),
  };
}

export const candidate: Candidate = {
  validateConfig: (input) => run(config, input),
  validateEvent: (input) => run(event, input),
};
