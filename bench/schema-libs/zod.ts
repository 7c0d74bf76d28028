/** The bench contract declared with zod v4 (zod/v4 classic API). */
import * as z from "zod";
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

const text = z.string().min(1);
const oneOrMore = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]);
const count = z.int().min(1);

const credential = z.strictObject({
  webhook: text.describe(`The robot's full webhook URL, e.g. ${ref("DINGTALK_WEBHOOK")}.`).optional(),
  token: text.describe("The access_token alone (instead of webhook).").optional(),
  secret: text.describe("The robot's SEC… signing secret, when it signs.").optional(),
  keywords: oneOrMore(text).describe("The robot's custom keywords (up to 10).").optional(),
  base_url: text.describe("With token: where to send instead of https://oapi.dingtalk.com.").optional(),
  rate_limit: z
    .strictObject({ messages: count.optional(), per_seconds: count.optional() })
    .describe("Messages per window (default 20 per 60 seconds).")
    .optional(),
});
const notification = z.strictObject({
  credential: text.describe("Name of a credential under credentials:."),
  pipelines: oneOrMore(text).describe("Pipeline names or globs; default every pipeline.").optional(),
  tasks: oneOrMore(text).describe("Task names or globs; default every task.").optional(),
  events: oneOrMore(z.enum(EVENT_WORDS as [string, ...string[]])).describe(
    "The task states that send a message.",
  ),
  content: oneOrMore(z.enum(CONTENT_ITEMS)).describe("Run facts added to the message, in order.").optional(),
  custom: z
    .string()
    .describe(`DingTalk markdown; may reference ${ref("VARS")}.`)
    .optional(),
  at: oneOrMore(z.union([z.string(), z.int()]))
    .describe(`Mobiles to @-mention, ${ref("VARS")}, or all.`)
    .optional(),
  style: z.enum(STYLES).describe("Message style (default markdown).").optional(),
});
export const config = z
  .strictObject({
    credentials: z.record(z.string(), credential).describe("DingTalk group robots by name."),
    notifications: z.array(notification).describe("When a task enters one of the events, send a message."),
  })
  .describe(".dingpipe.yml");

const s = z.string().max(10_000);
const time = z.string().refine((v) => !Number.isNaN(Date.parse(v)), "must be an ISO-8601 time");
export const event = z.strictObject({
  pipeline: z.strictObject({ name: text, displayName: s.optional(), url: s.optional() }),
  run: z
    .strictObject({
      id: s.optional(),
      number: z.int().optional(),
      url: s.optional(),
      trigger: z.strictObject({ user: s.optional(), event: s.optional() }).optional(),
    })
    .optional(),
  stage: z.strictObject({ name: text }).optional(),
  task: z.strictObject({
    name: text,
    status: z
      .string()
      .refine((w) => toStatus(w) !== undefined, "unknown status")
      .transform((w) => toStatus(w)!),
    url: s.optional(),
    startedAt: time.optional(),
    finishedAt: time.optional(),
    durationMs: z.number().optional(),
    exitCode: z.int().optional(),
    logTail: s.optional(),
  }),
  source: z
    .strictObject({
      provider: s.optional(),
      repo: s.optional(),
      branch: s.optional(),
      commit: z
        .strictObject({ sha: text, message: s.optional(), author: s.optional(), url: s.optional() })
        .optional(),
      pullRequest: z.strictObject({ id: text, title: s.optional(), url: s.optional() }).optional(),
    })
    .optional(),
  variables: z.record(z.string().regex(VAR_NAME), s).optional(),
});

function run(schema: z.ZodType, input: unknown): Result {
  const r = schema.safeParse(input);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message, data: zodData(i) })),
  };
}

export const candidate: Candidate = {
  validateConfig: (input) => run(config, input),
  validateEvent: (input) => run(event, input),
};

/** The machine-readable part of a zod issue: its code and, per code, the keys, values or union branches. */
export function zodData(i: z.core.$ZodIssue): string {
  const {
    code,
    path: _path,
    message: _message,
    input: _input,
    ...rest
  } = i as unknown as Record<string, unknown>;
  const shown = Object.entries(rest).map(([k, v]) =>
    k === "errors"
      ? `errors=${(v as unknown[][]).length} branches`
      : Array.isArray(v) && v.length > 6
        ? `${k}=[${v.length} values]`
        : `${k}=${JSON.stringify(v)}`,
  );
  return [String(code), ...shown].join(" ");
}
