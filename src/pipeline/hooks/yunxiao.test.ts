import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { isDingpipeError } from "../../errors.ts";
import { normalizeYunxiao } from "./yunxiao.ts";

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/hooks/${name}`, import.meta.url), "utf8"));
const badPayload = (pattern: RegExp) => (e: unknown) =>
  isDingpipeError(e, "bad_payload") && pattern.test(e.message);

test("Flow webhook plugin: task, run URL, pipeline URL, code source, global params", () => {
  const hook = normalizeYunxiao({}, fixture("yunxiao-task.json"));
  assert.deepEqual(hook.events, [
    {
      pipeline: { name: "订单服务-发布", url: "https://flow.aliyun.com/pipelines/2867512/current" },
      run: { number: 19, url: "https://flow.aliyun.com/pipelines/2867512/current?build=19" },
      stage: { name: "构建" },
      task: { name: "Java 构建上传", status: "failure" },
      source: {
        provider: "yunxiao",
        repo: "acme/order-service",
        branch: "master",
        commit: { sha: "7c1e9a3f5b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e" },
      },
      variables: { IMAGE_TAG: "2026.11.23-19", REGION: "cn-hangzhou" },
    },
  ]);
});

test("Flow status codes; CANCELLING and UNKOWN are ignored", () => {
  const payload = fixture("yunxiao-task.json");
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

test("older Flow payloads: globalParams as an object, a bare repo name", () => {
  const payload = fixture("yunxiao-task.json");
  const hook = normalizeYunxiao(
    {},
    {
      ...payload,
      sources: [{ repo: "git@gitlab:test.git", branch: "master", commitId: "xdfdfdff" }],
      globalParams: { key1: "aaa", key2: 2 },
    },
  );
  assert.equal(hook.events[0]?.source?.repo, "test");
  assert.deepEqual(hook.events[0]?.variables, { key1: "aaa", key2: "2" });
});

test("other Flow events are ignored; hostile or missing fields are bad_payload", () => {
  const payload = fixture("yunxiao-task.json");
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
