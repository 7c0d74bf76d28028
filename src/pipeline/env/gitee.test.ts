import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { detectCi, readEnvironment } from "../ci.ts";

const fixture = (name: string): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/ci/${name}`, import.meta.url), "utf8"));

test("Gitee Go: pipeline, display name, build number, code source and Chinese names", () => {
  const env = fixture("gitee.env.json");
  assert.equal(detectCi(env), "gitee");
  const event = readEnvironment(env, { status: "failure", task: "java构建" });
  assert.deepEqual(event.pipeline, { name: "web-release", displayName: "前端发布流水线" });
  assert.deepEqual(event.run, { number: 42 });
  assert.deepEqual(event.task, { name: "java构建", status: "failure" });
  assert.equal(event.stage, undefined);
  assert.deepEqual(event.source, {
    provider: "gitee",
    repo: "acme-tech/web-portal",
    branch: "master",
    commit: { sha: "9f3c2a1b7d4e5f60718293a4b5c6d7e8f9012345", message: "修复登录页在 Safari 下的白屏问题" },
  });
  assert.equal(event.variables?.["GITEE_PIPELINE_DISPLAY_NAME"], "前端发布流水线");
  assert.equal(event.variables?.["GITEE_SHORT_COMMIT"], "9f3c2a1b");
});

test("Gitee: empty variables stay absent, secrets never reach variables", () => {
  const event = readEnvironment(fixture("gitee.env.json"), { status: "success", task: "build" });
  assert.equal(event.source?.pullRequest, undefined);
  assert.equal("GITEE_PULL_REQUEST_ID" in (event.variables ?? {}), false);
  const serialized = JSON.stringify(event);
  assert.doesNotMatch(serialized, /SECf00d|access_token|undefined|NaN|""/);
});

test("Gitee: pull request runs report the source branch and commit", () => {
  const event = readEnvironment(fixture("gitee-pull-request.env.json"), {
    status: "success",
    task: "单元测试",
  });
  assert.equal(event.pipeline.displayName, "合并请求检查");
  assert.deepEqual(event.source, {
    provider: "gitee",
    repo: "acme-tech/web-portal",
    branch: "feature/order-export",
    commit: { sha: "2b7e4c9d0a1f3e5b6c8d9e0f1a2b3c4d5e6f7a8b", message: "新增订单导出功能" },
    pullRequest: { id: "57", title: "订单导出支持 Excel" },
  });
});

test("older Gitee Go: trigger user, stage display name as stage and default task", () => {
  const env = fixture("gitee-legacy.env.json");
  assert.equal(detectCi(env), "gitee");
  const event = readEnvironment(env, { status: "started" });
  assert.deepEqual(event.run, { number: 7, trigger: { user: "林晓" } });
  assert.deepEqual(event.stage, { name: "构建" });
  assert.equal(event.task.name, "构建", "without --task the stage names the task");
  assert.equal(event.source?.pullRequest, undefined, "empty GITEE_PULL_ID stays absent");
});
