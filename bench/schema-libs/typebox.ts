/** The bench contract declared with TypeBox 1.x (the `typebox` package, successor of @sinclair/typebox). */
import Type, { type TSchema } from "typebox";
import Compile from "typebox/compile";
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

const strict = { additionalProperties: false } as const;
const text = (description?: string) => Type.String({ minLength: 1, description });
const oneOrMore = (item: TSchema, description: string) =>
  Type.Union([item, Type.Array(item)], { description });
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
    events: oneOrMore(Type.Enum(EVENT_WORDS as string[]), "The task states that send a message."),
    content: Type.Optional(
      oneOrMore(Type.Enum([...CONTENT_ITEMS]), "Run facts added to the message, in order."),
    ),
    custom: Type.Optional(Type.String({ description: `DingTalk markdown; may reference ${ref("VARS")}.` })),
    at: Type.Optional(
      oneOrMore(Type.Union([Type.String(), Type.Integer()]), `Mobiles to @-mention, ${ref("VARS")}, or all.`),
    ),
    style: Type.Optional(Type.Enum([...STYLES], { description: "Message style (default markdown)." })),
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
const time = Type.Refine(
  Type.String(),
  (v) => !Number.isNaN(Date.parse(v)),
  () => "must be an ISO-8601 time",
);
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
        status: Type.Decode(
          Type.Refine(
            Type.String(),
            (w) => toStatus(w) !== undefined,
            () => "unknown status",
          ),
          (w) => toStatus(w)!,
        ),
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

// Compiled once (TypeBox's fast path: generated code); Value.Check alone re-derives it on every call.
const configCheck = Compile(config);
const eventCheck = Compile(event);

function run(
  check: {
    Check(v: unknown): boolean;
    Decode(v: unknown): unknown;
    Errors(v: unknown): ReturnType<typeof configCheck.Errors>;
  },
  input: unknown,
): Result {
  if (check.Check(input)) return { ok: true, value: check.Decode(input) };
  return {
    ok: false,
    issues: check.Errors(input).map((e) => ({
      path: e.instancePath.slice(1).replaceAll("/", "."),
      message: e.message,
      data: `${e.keyword} ${JSON.stringify(e.params)}`,
    })),
  };
}

export const candidate: Candidate = {
  validateConfig: (input) => run(configCheck, input),
  validateEvent: (input) => run(eventCheck, input),
};
