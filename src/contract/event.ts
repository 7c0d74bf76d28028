/**
 * PipelineEvent, declared once: the one vocabulary every input (CI environment, CI webhook, API call) is
 * normalized into. From this declaration come its TypeScript type (src/pipeline/event.ts), the validation of
 * `POST /api/events` and `POST /api/preview` (src/server/validate-event.ts) and its OpenAPI component
 * (src/server/openapi-schemas.ts). Only `pipeline.name`, `task.name` and `task.status` are required; whatever a
 * platform does not provide is simply absent (never "", never "undefined").
 *
 * What callers send is taken as generously as it is meant: null and "" are absent (`withoutAbsent` in
 * src/contract/issues.ts), numbers may come as strings and strings as numbers, status words are any platform's
 * alias. What it becomes is canonical.
 */
import * as v from "valibot";
import { STATUSES, type Status, suggestStatus, toStatus } from "../pipeline/status.ts";
import { documentedAs, text } from "./scalars.ts";

export const MAX_EVENT_STRING = 10_000;
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A string of at most 10,000 characters (a number is taken as its decimal spelling). */
const str = text(MAX_EVENT_STRING);
/** Absent when not given. */
const opt = v.optional;
const said = <T extends v.GenericSchema>(schema: T, description: string) =>
  v.pipe(schema, v.description(description));

/** A number; a string spelling one ("42", "-1.5") is taken as it. */
const num = documentedAs(
  v.union(
    [v.pipe(v.number(), v.finite()), v.pipe(v.string(), v.regex(/^-?\d+(\.\d+)?$/), v.transform(Number))],
    "must be a number",
  ),
  { type: "number" },
);
const int = documentedAs(v.pipe(num, v.integer("must be a whole number")), { type: "integer" });

const time = said(
  documentedAs(
    v.pipe(
      str,
      v.check((s) => !Number.isNaN(Date.parse(s)), "must be an ISO-8601 time (2026-11-23T08:00:00Z)"),
    ),
    { type: "string", format: "date-time" },
  ),
  "ISO-8601 time",
);

// Documented before the transform: JSON Schema describes what is sent, not what it becomes.
const status = v.pipe(
  str,
  v.check(
    (word) => toStatus(word) !== undefined,
    (issue) => {
      const word = String(issue.input);
      const hint = suggestStatus(word);
      return `unknown status '${word}'${hint ? ` — did you mean '${hint}'?` : ""} (one of ${STATUSES.join(", ")})`;
    },
  ),
  v.description(`One of ${STATUSES.join(", ")}, or a platform's word for one (docs/events.md)`),
  v.transform((word): Status => toStatus(word)!),
);

const variableValue = documentedAs(
  v.union(
    [
      v.pipe(
        v.string(),
        v.transform((s) => s.slice(0, MAX_EVENT_STRING)),
      ),
      v.pipe(v.number(), v.transform(String)),
      v.pipe(v.boolean(), v.transform(String)),
    ],
    "must be a string",
  ),
  { type: "string" },
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
    durationMs: opt(said(num, "Duration in milliseconds when the platform reports it directly")),
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
