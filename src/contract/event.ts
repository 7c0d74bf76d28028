/**
 * PipelineEvent, declared once: the one vocabulary every input (CI environment, CI webhook, API call) is
 * normalized into. From this declaration come its TypeScript type (src/pipeline/event.ts), the validation of
 * `POST /api/events` and `POST /api/preview` (src/server/validate-event.ts) and its OpenAPI component
 * (src/server/openapi-schemas.ts). Only `pipeline.name`, `task.name` and `task.status` are required; whatever a
 * platform does not provide is simply absent (never "", never "undefined").
 *
 * The declaration says what each field means; what callers send is taken as they mean it (`asMeant` in
 * src/contract/issues.ts: null and "" are absent, a number may come as a string and a string as a number) and
 * status words may be any platform's alias. What it becomes is canonical.
 */
import * as v from "valibot";
import {
  STATUSES,
  type Status,
  statusOf,
  suggestStatus,
  toStatus,
  toTransition,
} from "../pipeline/status.ts";

export const MAX_EVENT_STRING = 10_000;
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A string of at most 10,000 characters. */
const str = v.pipe(
  v.string(),
  v.maxLength(MAX_EVENT_STRING, `must be at most ${MAX_EVENT_STRING} characters`),
);
/** Absent when not given. */
const opt = v.optional;
const said = <T extends v.GenericSchema>(schema: T, description: string) =>
  v.pipe(schema, v.description(description));
const int = v.pipe(v.number(), v.integer("must be a whole number"));

const time = v.pipe(
  str,
  v.check((s) => !Number.isNaN(Date.parse(s)), "must be an ISO-8601 time (2026-11-23T08:00:00Z)"),
  v.metadata({ format: "date-time" }),
  v.description("ISO-8601 time"),
);

// Described before the transform: JSON Schema says what is sent, not what it becomes.
const status = v.pipe(
  str,
  v.check(
    (word) => toStatus(word) !== undefined,
    (issue) => {
      const word = String(issue.input);
      const transition = toTransition(word);
      if (transition !== undefined) {
        return `'${word}' is a transition the service derives from the task's history, not a task's state: send '${statusOf(transition)}'`;
      }
      const hint = suggestStatus(word);
      return `unknown status '${word}'${hint ? ` — did you mean '${hint}'?` : ""} (one of ${STATUSES.join(", ")})`;
    },
  ),
  v.description(`One of ${STATUSES.join(", ")}, or a platform's word for one (docs/events.md)`),
  v.transform((word): Status => toStatus(word)!),
);

/** A variable's value: cut to 10,000 characters rather than refused (a CI variable is not the caller's to trim). */
const variableValue = v.pipe(
  v.string(),
  v.transform((s) => s.slice(0, MAX_EVENT_STRING)),
);

export const PipelineEventSchema = v.strictObject({
  pipeline: v.strictObject({
    name: str,
    displayName: opt(said(str, "A human name when `name` is an id")),
    url: opt(str),
  }),
  run: opt(
    v.strictObject({
      id: opt(str),
      number: opt(said(int, "The build number")),
      url: opt(str),
      trigger: opt(
        v.strictObject({
          user: opt(said(str, "Who started the run")),
          event: opt(said(str, "What started it: push, merge_request, schedule…")),
        }),
      ),
    }),
  ),
  stage: opt(v.strictObject({ name: str })),
  task: v.strictObject({
    name: str,
    status,
    url: opt(str),
    startedAt: opt(time),
    finishedAt: opt(time),
    durationMs: opt(said(v.number(), "Duration in milliseconds when the platform reports it directly")),
    exitCode: opt(said(int, "The exit code of a wrapped command (`dingpipe run`)")),
    logTail: opt(said(str, "The last lines of a failed command's output")),
  }),
  source: opt(
    v.strictObject({
      provider: opt(str),
      repo: opt(str),
      branch: opt(str),
      commit: opt(v.strictObject({ sha: str, message: opt(str), author: opt(str), url: opt(str) })),
      pullRequest: opt(v.strictObject({ id: str, title: opt(str), url: opt(str) })),
    }),
  ),
  variables: opt(
    said(
      v.record(
        v.pipe(v.string(), v.regex(VAR_NAME, "is not a variable name (letters, digits, _)")),
        variableValue,
      ),
      `Extra variables usable as ${"$"}{NAME} in custom content (CI environment, global params…)`,
    ),
  ),
});

/** What the declaration yields: the canonical event. */
export type PipelineEventShape = v.InferOutput<typeof PipelineEventSchema>;
