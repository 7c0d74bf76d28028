/**
 * What every candidate of bench/schema-libs.ts declares and is checked on: the vocabulary (from the real
 * sources), a typical `.dingpipe.yml` as the YAML parser hands it over, a typical PipelineEvent, and the bad
 * inputs whose issues are compared. Each candidate (zod.ts, valibot.ts, …) exports the same `Candidate`.
 */
import { ref } from "../../src/config/interpolate.ts";
import { CONTENT_ITEMS } from "../../src/notify/rule.ts";
import { STATUS_ALIASES, STATUSES, toStatus } from "../../src/pipeline/status.ts";

export { CONTENT_ITEMS, ref, toStatus };
export const EVENT_WORDS: readonly string[] = [...STATUSES, ...STATUS_ALIASES.map(([alias]) => alias)];
export const STYLES = ["markdown", "action_card"] as const;
export const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface Issue {
  path: string;
  message: string;
  /** What the issue carries for a program to word its own message: its code and data. */
  data?: string;
}
export type Result = { ok: true; value: unknown } | { ok: false; issues: Issue[] };

export interface Candidate {
  validateConfig(input: unknown): Result;
  validateEvent(input: unknown): Result;
}

/** The typical config: bench/notify.ts's, as `yaml` parses it (after ${ENV} interpolation). */
export const TYPICAL_CONFIG = {
  credentials: {
    "ci-group": {
      webhook: "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef",
      secret: "SEC0123456789abcdef0123456789abcdef",
      keywords: ["CI"],
    },
    "ops-group": { token: "fedcba9876543210", rate_limit: { messages: 10, per_seconds: 60 } },
  },
  notifications: [
    {
      credential: "ci-group",
      events: ["failure", "success"],
      content: ["pipeline", "build_number", "task", "status", "trigger_user", "branch", "commit", "link"],
      custom: "**web** built `abc1234`: fix the build\n",
      at: [13800000000],
    },
    { credential: "ci-group", tasks: ["deploy-*"], events: ["started"] },
    {
      credential: "ops-group",
      tasks: "deploy-*",
      events: ["FAIL", "cancelled"],
      at: "all",
      style: "action_card",
    },
  ],
};

export const TYPICAL_EVENT = {
  pipeline: { name: "web", url: "https://ci.example.com/web" },
  run: { id: "812", number: 812, trigger: { user: "alice", event: "push" } },
  task: { name: "build", status: "FAIL", startedAt: "2026-11-23T08:00:00Z", durationMs: 61000 },
  source: { repo: "acme/web", branch: "main", commit: { sha: "abc1234def", message: "fix" } },
  variables: { ENV_NAME: "staging" },
};

/** Bad inputs, each testing one thing the diagnostics must say well. */
export const BAD_CONFIGS: Record<string, unknown> = {
  "unknown key (typo) in a notification": {
    credentials: { ci: { webhook: "https://x" } },
    notifications: [{ credential: "ci", evnets: ["failure"] }],
  },
  "unknown event word": {
    credentials: { ci: { webhook: "https://x" } },
    notifications: [{ credential: "ci", events: ["fial"] }],
  },
  "union: keywords neither string nor list": {
    credentials: { ci: { webhook: "https://x", keywords: 5 } },
    notifications: [{ credential: "ci", events: "failure" }],
  },
  "nested: rate_limit.messages 0, wrong type of notifications": {
    credentials: { ci: { webhook: "https://x", rate_limit: { messages: 0 } } },
    notifications: "failure",
  },
};

export const BAD_EVENTS: Record<string, unknown> = {
  "top-level trigger (belongs in run), missing task.status": {
    pipeline: { name: "web" },
    trigger: { user: "alice" },
    task: { name: "build" },
  },
  "unknown status word, bad time": {
    pipeline: { name: "web" },
    task: { name: "build", status: "exploded", startedAt: "yesterday" },
  },
};
