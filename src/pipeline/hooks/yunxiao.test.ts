import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isDingpipeError } from "../../errors.ts";
import { normalizeYunxiao } from "./yunxiao.ts";

/** Alibaba Cloud's published examples (test/fixtures/README.md says what was edited and why). */
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/hooks/${name}`, import.meta.url), "utf8"));
const badPayload = (pattern: RegExp) => (e: unknown) =>
  isDingpipeError(e, "bad_payload") && pattern.test(e.message);

test("Flow's published Webhook plugin payload: task, run URL, pipeline URL, code source, global params", () => {
  const hook = normalizeYunxiao({}, fixture("yunxiao-task-webhook.json"));
  assert.deepEqual(hook.events, [
    {
      pipeline: { name: "test pipeline", url: "https://rdc.aliyun.com/ec/pipelines/156539" },
      run: { number: 19, url: "https://rdc.aliyun.com/ec/pipelines/156539?build=19" },
      stage: { name: "构建" },
      task: { name: "java构建", status: "success" },
      source: {
        provider: "yunxiao",
        repo: "test",
        branch: "master",
        commit: { sha: "xdfdfdff" },
      },
      variables: { test: "test1", test2: "test2" },
    },
  ]);
});

test("a Codeup repository's commit is linked", () => {
  const payload = fixture("yunxiao-task-webhook.json");
  const hook = normalizeYunxiao(
    {},
    {
      ...payload,
      sources: [
        {
          repo: "https://codeup.aliyun.com/acme/order-service.git",
          branch: "master",
          commitId: "7c1e9a3f5b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e",
        },
      ],
    },
  );
  assert.deepEqual(hook.events[0]?.source?.commit, {
    sha: "7c1e9a3f5b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e",
    url: "https://codeup.aliyun.com/acme/order-service/commits/7c1e9a3f5b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e",
  });
  assert.equal(hook.events[0]?.source?.repo, "acme/order-service");
});

test("Codeup repository WebHooks (Push Hook, Merge Request Hook…) are ignored with the reason", () => {
  const push = normalizeYunxiao({ "Codeup-Event": "Push Hook" }, fixture("yunxiao-codeup-push-hook.json"));
  assert.deepEqual(push.events, []);
  assert.match(push.ignored ?? "", /Codeup Push Hook is a repository WebHook/);
  assert.match(
    normalizeYunxiao({}, { object_kind: "merge_request" }).ignored ?? "",
    /Codeup merge_request is a repository WebHook/,
  );
});

test("Flow status codes; CANCELLING and UNKOWN are ignored", () => {
  const payload = fixture("yunxiao-task-webhook.json");
  const at = (statusCode: string) =>
    normalizeYunxiao({}, { ...payload, task: { ...(payload["task"] as object), statusCode } });
  const expected = {
    RUNNING: "started",
    WAITING: "waiting",
    CANCELED: "cancelled",
    FINISH: "success",
    SUCCESS: "success",
    FAIL: "failure",
    SKIP: "skipped",
  };
  for (const [code, status] of Object.entries(expected))
    assert.equal(at(code).events[0]?.task.status, status, code);
  assert.match(at("CANCELLING").ignored ?? "", /transitional/);
  assert.match(at("UNKOWN").ignored ?? "", /UNKOWN is not a task state/);
});

test("older Flow payloads (the plugin's first published page): globalParams as an object", () => {
  const hook = normalizeYunxiao({}, fixture("yunxiao-task-webhook.legacy.json"));
  assert.equal(hook.events[0]?.source?.repo, "test");
  assert.deepEqual(hook.events[0]?.variables, { key1: "aaa", key2: "bbb" });
  const numbers = normalizeYunxiao(
    {},
    { ...fixture("yunxiao-task-webhook.legacy.json"), globalParams: { key1: "aaa", key2: 2 } },
  );
  assert.deepEqual(numbers.events[0]?.variables, { key1: "aaa", key2: "2" });
});

test("other Flow events are ignored; hostile or missing fields are bad_payload", () => {
  const payload = fixture("yunxiao-task-webhook.json");
  const task = payload["task"] as Record<string, unknown>;
  assert.match(normalizeYunxiao({}, { ...payload, event: "pipeline" }).ignored ?? "", /event pipeline/);
  assert.match(normalizeYunxiao({}, { event: "task" }).ignored ?? "", /action \(none\)/);
  assert.throws(() => normalizeYunxiao({}, "task"), badPayload(/body is not an object/));
  assert.throws(() => normalizeYunxiao({}, { event: "task", action: "status" }), badPayload(/^task missing/));
  assert.throws(
    () => normalizeYunxiao({}, { ...payload, task: { ...task, statusCode: null } }),
    badPayload(/task.statusCode missing/),
  );
  assert.throws(
    () => normalizeYunxiao({}, { ...payload, task: { ...task, taskName: "" } }),
    badPayload(/task.taskName/),
  );
  assert.throws(
    () => normalizeYunxiao({}, { ...payload, task: { ...task, pipelineName: [] } }),
    badPayload(/task.pipelineName/),
  );
  const odd = normalizeYunxiao(
    {},
    { ...payload, task: { ...task, pipelineUrl: "not a url", buildNumber: -1 }, sources: {} },
  );
  assert.equal(odd.events[0]?.pipeline.url, undefined);
  assert.equal(odd.events[0]?.run?.url, "not a url");
  assert.equal(odd.events[0]?.run?.number, undefined);
  assert.deepEqual(odd.events[0]?.source, { provider: "yunxiao" });
});
