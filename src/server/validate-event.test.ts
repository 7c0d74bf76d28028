import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as v from "valibot";
import { PipelineEventSchema } from "../contract/event.ts";
import { check, formatPath } from "../contract/issues.ts";
import { componentOf } from "../contract/json-schema.ts";
import type { HttpError } from "./errors.ts";
import { validateEvent } from "./validate-event.ts";

const minimal = { pipeline: { name: "web" }, task: { name: "build", status: "failure" } };

/** The 400's details ({path: message}) for a body. */
function problems(body: unknown, prefix = ""): Record<string, string> {
  try {
    validateEvent(body, prefix);
  } catch (e) {
    const err = e as HttpError;
    assert.equal(err.status, 400);
    assert.equal(err.code, "invalid");
    return Object.fromEntries((err.details ?? []).map((d) => [d.path, d.message]));
  }
  assert.fail(`accepted: ${JSON.stringify(body)}`);
}

describe("validateEvent: what a caller sends, as meant", () => {
  test("a full event comes back canonical: aliases, numbers and strings as declared", () => {
    const event = validateEvent({
      pipeline: { name: "web", displayName: "Web", url: "https://ci.example/web" },
      run: {
        id: 812,
        number: "812",
        url: "https://ci.example/812",
        trigger: { user: "alice", event: "push" },
      },
      stage: { name: "test" },
      task: {
        name: "build",
        status: "SUCC",
        startedAt: "2026-11-23T08:00:00Z",
        finishedAt: "2026-11-23T08:01:01Z",
        durationMs: "61000",
        exitCode: 0,
        logTail: "ok",
      },
      source: {
        provider: "gitee",
        repo: "acme/web",
        branch: "main",
        commit: { sha: "abc1234", message: "fix", author: "alice", url: "https://x/abc" },
        pullRequest: { id: 17, title: "Fix", url: "https://x/pr/17" },
      },
      variables: { ENV_NAME: "staging", COUNT: 3, DRY: false, EMPTY: "" },
    });
    assert.deepEqual(event, {
      pipeline: { name: "web", displayName: "Web", url: "https://ci.example/web" },
      run: {
        id: "812",
        number: 812,
        url: "https://ci.example/812",
        trigger: { user: "alice", event: "push" },
      },
      stage: { name: "test" },
      task: {
        name: "build",
        status: "success",
        startedAt: "2026-11-23T08:00:00Z",
        finishedAt: "2026-11-23T08:01:01Z",
        durationMs: 61000,
        exitCode: 0,
        logTail: "ok",
      },
      source: {
        provider: "gitee",
        repo: "acme/web",
        branch: "main",
        commit: { sha: "abc1234", message: "fix", author: "alice", url: "https://x/abc" },
        pullRequest: { id: "17", title: "Fix", url: "https://x/pr/17" },
      },
      variables: { ENV_NAME: "staging", COUNT: "3", DRY: "false", EMPTY: "" },
    });
  });

  test('null and "" are absent, and so is an optional object left empty (a CI template with unset variables)', () => {
    const event = validateEvent({
      pipeline: { name: "web", url: "" },
      run: { id: "", number: null, trigger: { user: "" } },
      stage: { name: "" },
      task: { name: "build", status: "failed", logTail: null },
      source: { branch: "", commit: { sha: "" } },
      variables: {},
    });
    assert.deepEqual(event, { pipeline: { name: "web" }, task: { name: "build", status: "failure" } });
    assert.deepEqual(problems({ pipeline: { name: "" }, task: { status: null } }), {
      "pipeline.name": "is required",
      "task.name": "is required",
      "task.status": "is required",
    });
  });

  test("a long variable is cut to 10,000 characters; any other long field is refused", () => {
    const long = "x".repeat(10_001);
    const event = validateEvent({ ...minimal, variables: { LOG: long } });
    assert.equal(event.variables?.["LOG"]?.length, 10_000);
    assert.deepEqual(problems({ ...minimal, source: { branch: long } }), {
      "source.branch": "must be at most 10000 characters",
    });
  });
});

describe("validateEvent: every problem, with its path", () => {
  test("the body must be an object", () => {
    for (const body of [[1, 2], "event", 3, null]) {
      assert.throws(() => validateEvent(body), /invalid event: the body must be a PipelineEvent JSON object/);
    }
  });

  test("required fields, types, statuses, times, numbers and variable names, all at once", () => {
    assert.deepEqual(problems({}), { pipeline: "is required", task: "is required" });
    assert.deepEqual(
      problems({
        pipeline: "web",
        run: { number: "twelve", trigger: "alice" },
        task: { name: true, status: "exploded", startedAt: "yesterday", exitCode: 1.5, durationMs: [1] },
        source: { commit: { message: "no sha" } },
        variables: { "bad-name": "x", OK: { nested: true } },
      }),
      {
        pipeline: "must be an object",
        "run.number": "must be a number",
        "run.trigger": "must be an object",
        "task.name": "must be a string",
        "task.status": `unknown status 'exploded' (one of started, success, failure, cancelled, skipped, waiting)`,
        "task.startedAt": "must be an ISO-8601 time (2026-11-23T08:00:00Z)",
        "task.exitCode": "must be a whole number",
        "task.durationMs": "must be a number",
        "source.commit.sha": "is required",
        "variables.bad-name": "is not a variable name (letters, digits, _)",
        "variables.OK": "must be a string",
      },
    );
  });

  test("a misspelt status gets the closest one; the message names the first problem and counts the rest", () => {
    assert.throws(
      () =>
        validateEvent({
          pipeline: { name: "p" },
          task: { name: "t", status: "fial" },
          variables: { "a-b": 1 },
        }),
      (e: HttpError) =>
        e.message ===
          "invalid event: task.status: unknown status 'fial' — did you mean 'failure'? (one of started, success, failure, cancelled, skipped, waiting) (and 1 more)" &&
        e.fix === "send a PipelineEvent (docs/api.md): pipeline.name, task.name and task.status are required",
    );
  });

  test("paths under a prefix (the preview's event.)", () => {
    assert.deepEqual(
      problems({ pipeline: { name: "p" }, task: { name: "t" }, trigger: { user: "a" } }, "event."),
      {
        "event.task.status": "is required",
        "event.trigger": "unknown field 'trigger' — did you mean 'event.run.trigger'?",
      },
    );
  });
});

describe("validateEvent: unknown fields are refused, with where they belong", () => {
  test("trigger at the top level belongs in run", () => {
    assert.deepEqual(problems({ ...minimal, trigger: { user: "alice", event: "push" } }), {
      trigger: "unknown field 'trigger' — did you mean 'run.trigger'?",
    });
  });

  test("a __proto__ field sent in JSON is a field like any other: refused, never a prototype", () => {
    const body = JSON.parse(
      '{"pipeline": {"name": "web"}, "task": {"name": "b", "status": "success"}, "__proto__": {"run": {"id": "x"}}}',
    );
    assert.deepEqual(problems(body), { ["__proto__"]: "unknown field '__proto__'" });
    const vars = validateEvent(
      JSON.parse(
        '{"pipeline": {"name": "w"}, "task": {"name": "b", "status": "ok"}, "variables": {"__proto__": "x", "A": "1"}}',
      ),
    );
    assert.equal(Object.getPrototypeOf(vars.variables), Object.prototype);
    assert.deepEqual(Object.keys(vars.variables ?? {}), ["A"]);
  });

  test("a misspelt field gets its sibling; a field a level off gets its place; a stranger gets nothing", () => {
    assert.deepEqual(
      problems({
        pipline: { name: "web" },
        task: { name: "b", status: "success", branch: "main", urll: "https://x" },
        source: { commit: { sha: "abc", messge: "fix" } },
        name: "web",
        colour: "red",
      }),
      {
        pipeline: "is required",
        pipline: "unknown field 'pipline' — did you mean 'pipeline'?",
        "task.branch": "unknown field 'branch' — did you mean 'source.branch'?",
        "task.urll": "unknown field 'urll' — did you mean 'url'?",
        "source.commit.messge": "unknown field 'messge' — did you mean 'message'?",
        name: "unknown field 'name' — did you mean 'pipeline.name', 'stage.name' or 'task.name'?",
        colour: "unknown field 'colour'",
      },
    );
  });
});

describe("the declaration's other uses", () => {
  test("formatPath writes paths as users do", () => {
    assert.equal(formatPath(["notifications", 0, "events", 2]), "notifications[0].events[2]");
    assert.equal(formatPath(["task", "status"], "event."), "event.task.status");
    assert.equal(formatPath([], "event."), "event");
    assert.equal(formatPath([]), "");
  });

  test("issues of lists and of schemas without their own words are worded by dingpipe, not the library", () => {
    const schema = v.strictObject({ events: v.array(v.picklist(["success", "failure"])), n: v.boolean() });
    const r = check(schema, { events: ["success", 3], n: "yes" });
    assert.equal(r.ok, false);
    assert.deepEqual(!r.ok && r.problems.map(({ path, message }) => ({ path, message })), [
      { path: "events[1]", message: "must be one of 'success', 'failure'" },
      { path: "n", message: "must be true or false" },
    ]);
  });

  test("the OpenAPI component says what the validator does: strict objects, required fields, types", () => {
    const c = componentOf(PipelineEventSchema);
    const at = (path: string): unknown =>
      path.split(".").reduce<unknown>((x, k) => (x as Record<string, unknown> | undefined)?.[k], c);
    assert.equal(at("$schema"), undefined);
    assert.equal(at("additionalProperties"), false);
    assert.deepEqual(at("required"), ["pipeline", "task"]);
    assert.deepEqual(at("properties.task.required"), ["name", "status"]);
    assert.equal(at("properties.task.additionalProperties"), false);
    assert.equal(at("properties.run.properties.trigger.additionalProperties"), false);
    assert.equal(at("properties.run.properties.number.type"), "integer");
    assert.equal(at("properties.task.properties.durationMs.type"), "number");
    assert.deepEqual(at("properties.task.properties.startedAt"), {
      type: "string",
      maxLength: 10_000,
      format: "date-time",
      description: "ISO-8601 time",
    });
    assert.match(
      String(at("properties.task.properties.status.description")),
      /started, success, failure, cancelled, skipped, waiting/,
    );
    assert.equal(at("properties.variables.additionalProperties.type"), "string");
    assert.equal(at("properties.variables.propertyNames.pattern"), "^[A-Za-z_][A-Za-z0-9_]*$");
    assert.deepEqual(at("properties.source.properties.commit.required"), ["sha"]);
  });
});
