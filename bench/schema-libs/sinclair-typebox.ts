/** The bench contract declared with @sinclair/typebox 0.34 (Value, no compiler: one check per process). */
import { FormatRegistry, type TSchema, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
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

FormatRegistry.Set("status", (w) => toStatus(w) !== undefined);
FormatRegistry.Set("date-time", (v) => !Number.isNaN(Date.parse(v)));

const strict = { additionalProperties: false } as const;
const text = (description?: string) => Type.String({ minLength: 1, description });
const oneOrMore = (item: TSchema, description: string) =>
  Type.Union([item, Type.Array(item)], { description });
const words = (list: readonly string[], description?: string) =>
  Type.Union(
    list.map((w) => Type.Literal(w)),
    { description },
  );
const count = Type.Integer({ minimum: 1 });

const credential = Type.Object(
  {
    webhook: Type.Optional(text(`The robot's full webhook URL, e.g. ${ref("DINGTALK_WEBHOOK")}.`)),
    token: Type.Optional(text("The access_token alone (instead of webhook).")),
    secret: Type.Optional(text("The robot's SEC… signing secret, when it signs.")),
    keywords: Type.Optional(oneOrMore(text(), "The robot's custom keywords (up to 10).")),
    base_url: Type.Optional(text("With token: where to send instead of https://oapi.dingtalk.com.")),
    rate_limit: Type.Optional(
      Type.Object(
        { messages: Type.Optional(count), per_seconds: Type.Optional(count) },
        { ...strict, description: "Messages per window (default 20 per 60 seconds)." },
      ),
    ),
  },
  strict,
);
const notification = Type.Object(
  {
    credential: text("Name of a credential under credentials:."),
    pipelines: Type.Optional(oneOrMore(text(), "Pipeline names or globs; default every pipeline.")),
    tasks: Type.Optional(oneOrMore(text(), "Task names or globs; default every task.")),
    events: oneOrMore(words(EVENT_WORDS), "The task states that send a message."),
    content: Type.Optional(oneOrMore(words(CONTENT_ITEMS), "Run facts added to the message, in order.")),
    custom: Type.Optional(Type.String({ description: `DingTalk markdown; may reference ${ref("VARS")}.` })),
    at: Type.Optional(
      oneOrMore(Type.Union([Type.String(), Type.Integer()]), `Mobiles to @-mention, ${ref("VARS")}, or all.`),
    ),
    style: Type.Optional(words(STYLES, "Message style (default markdown).")),
  },
  strict,
);
export const config = Type.Object(
  {
    credentials: Type.Record(Type.String(), credential, { description: "DingTalk group robots by name." }),
    notifications: Type.Array(notification, {
      description: "When a task enters one of the events, send a message.",
    }),
  },
  { ...strict, description: ".dingpipe.yml" },
);

const s = Type.String({ maxLength: 10_000 });
const time = Type.String({ format: "date-time" });
export const event = Type.Object(
  {
    pipeline: Type.Object({ name: text(), displayName: Type.Optional(s), url: Type.Optional(s) }, strict),
    run: Type.Optional(
      Type.Object(
        {
          id: Type.Optional(s),
          number: Type.Optional(Type.Integer()),
          url: Type.Optional(s),
          trigger: Type.Optional(Type.Object({ user: Type.Optional(s), event: Type.Optional(s) }, strict)),
        },
        strict,
      ),
    ),
    stage: Type.Optional(Type.Object({ name: text() }, strict)),
    task: Type.Object(
      {
        name: text(),
        status: Type.Transform(Type.String({ format: "status" }))
          .Decode((w) => toStatus(w)!)
          .Encode((s) => s),
        url: Type.Optional(s),
        startedAt: Type.Optional(time),
        finishedAt: Type.Optional(time),
        durationMs: Type.Optional(Type.Number()),
        exitCode: Type.Optional(Type.Integer()),
        logTail: Type.Optional(s),
      },
      strict,
    ),
    source: Type.Optional(
      Type.Object(
        {
          provider: Type.Optional(s),
          repo: Type.Optional(s),
          branch: Type.Optional(s),
          commit: Type.Optional(
            Type.Object(
              { sha: text(), message: Type.Optional(s), author: Type.Optional(s), url: Type.Optional(s) },
              strict,
            ),
          ),
          pullRequest: Type.Optional(
            Type.Object({ id: text(), title: Type.Optional(s), url: Type.Optional(s) }, strict),
          ),
        },
        strict,
      ),
    ),
    variables: Type.Optional(Type.Record(Type.String({ pattern: VAR_NAME.source }), s)),
  },
  strict,
);

function run(schema: TSchema, input: unknown): Result {
  if (Value.Check(schema, input)) return { ok: true, value: Value.Decode(schema, input) };
  return {
    ok: false,
    issues: [...Value.Errors(schema, input)].map((e) => ({
      path: e.path.slice(1).replaceAll("/", "."),
      message: e.message,
      data: `ValueErrorType ${e.type} ${e.schema["anyOf"] ? `anyOf of ${(e.schema["anyOf"] as unknown[]).length}` : ""}`,
    })),
  };
}

export const candidate: Candidate = {
  validateConfig: (input) => run(config, input),
  validateEvent: (input) => run(event, input),
};
