/** The bench contract declared with arktype 2. */
import { type Type, type } from "arktype";
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

const text = type("string > 0");
const oneOrMore = <T extends Type>(item: T) => item.or(item.array());
const count = type("number.integer >= 1");

const credential = type({
  "+": "reject",
  "webhook?": text.configure({
    description: `The robot's full webhook URL, e.g. ${ref("DINGTALK_WEBHOOK")}.`,
  }),
  "token?": text.configure({ description: "The access_token alone (instead of webhook)." }),
  "secret?": text.configure({ description: "The robot's SEC… signing secret, when it signs." }),
  "keywords?": oneOrMore(text).configure({ description: "The robot's custom keywords (up to 10)." }),
  "base_url?": text.configure({
    description: "With token: where to send instead of https://oapi.dingtalk.com.",
  }),
  "rate_limit?": type({ "+": "reject", "messages?": count, "per_seconds?": count }).configure({
    description: "Messages per window (default 20 per 60 seconds).",
  }),
});
const notification = type({
  "+": "reject",
  credential: text.configure({ description: "Name of a credential under credentials:." }),
  "pipelines?": oneOrMore(text).configure({
    description: "Pipeline names or globs; default every pipeline.",
  }),
  "tasks?": oneOrMore(text).configure({ description: "Task names or globs; default every task." }),
  events: oneOrMore(type.enumerated(...EVENT_WORDS)).configure({
    description: "The task states that send a message.",
  }),
  "content?": oneOrMore(type.enumerated(...CONTENT_ITEMS)).configure({
    description: "Run facts added to the message, in order.",
  }),
  "custom?": type("string").configure({ description: `DingTalk markdown; may reference ${ref("VARS")}.` }),
  "at?": oneOrMore(type("string | number.integer")).configure({
    description: `Mobiles to @-mention, ${ref("VARS")}, or all.`,
  }),
  "style?": type.enumerated(...STYLES).configure({ description: "Message style (default markdown)." }),
});
export const config = type({
  "+": "reject",
  credentials: type.Record("string", credential).configure({ description: "DingTalk group robots by name." }),
  notifications: notification
    .array()
    .configure({ description: "When a task enters one of the events, send a message." }),
}).configure({ description: ".dingpipe.yml" });

const s = type("string <= 10000");
const time = type("string").narrow(
  (v, ctx) => !Number.isNaN(Date.parse(v)) || ctx.mustBe("an ISO-8601 time"),
);
export const event = type({
  "+": "reject",
  pipeline: { "+": "reject", name: text, "displayName?": s, "url?": s },
  "run?": {
    "+": "reject",
    "id?": s,
    "number?": "number.integer",
    "url?": s,
    "trigger?": { "+": "reject", "user?": s, "event?": s },
  },
  "stage?": { "+": "reject", name: text },
  task: {
    "+": "reject",
    name: text,
    status: type("string")
      .narrow((w, ctx) => toStatus(w) !== undefined || ctx.mustBe("a known status"))
      .pipe((w) => toStatus(w)!),
    "url?": s,
    "startedAt?": time,
    "finishedAt?": time,
    "durationMs?": "number",
    "exitCode?": "number.integer",
    "logTail?": s,
  },
  "source?": {
    "+": "reject",
    "provider?": s,
    "repo?": s,
    "branch?": s,
    "commit?": { "+": "reject", sha: text, "message?": s, "author?": s, "url?": s },
    "pullRequest?": { "+": "reject", id: text, "title?": s, "url?": s },
  },
  "variables?": type.Record(
    type("string").narrow((k) => VAR_NAME.test(k)),
    s,
  ),
});

function run(schema: Type, input: unknown): Result {
  const out = schema(input);
  if (!(out instanceof type.errors)) return { ok: true, value: out };
  return {
    ok: false,
    issues: [...out].map((e) => ({
      path: e.path.join("."),
      message: e.message,
      data: `${e.code} expected=${e.expected.slice(0, 40)}`,
    })),
  };
}

export const candidate: Candidate = {
  validateConfig: (input) => run(config as unknown as Type, input),
  validateEvent: (input) => run(event as unknown as Type, input),
};
