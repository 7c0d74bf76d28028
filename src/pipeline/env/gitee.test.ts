import assert from "node:assert/strict";
import { test } from "node:test";
import { fixture, readCi } from "../../../test/helpers/ci-fixtures.ts";
import { explainCi } from "../ci.ts";

test("Gitee Go push: pipeline, display name, build number, trigger user, stage, commit and its page", () => {
  const env = fixture("gitee.env.json");
  assert.deepEqual(explainCi(env), { ci: "gitee", reason: "GITEE_PIPELINE_NAME set" });
  const event = readCi(env, { task: "java构建" });
  assert.deepEqual(event.pipeline, { name: "web-release", displayName: "前端发布流水线" });
  assert.deepEqual(event.run, { number: 42, trigger: { user: "林晓" } });
  assert.deepEqual(event.stage, { name: "构建" });
  assert.deepEqual(event.task, { name: "java构建", status: "failure" });
  assert.deepEqual(event.source, {
    provider: "gitee",
    repo: "acme-tech/web-portal",
    branch: "master",
    commit: {
      sha: "9f3c2a1b7d4e5f60718293a4b5c6d7e8f9012345",
      message: "修复登录页在 Safari 下的白屏问题",
      url: "https://gitee.com/acme-tech/web-portal/commit/9f3c2a1b7d4e5f60718293a4b5c6d7e8f9012345",
    },
  });
  assert.equal(event.variables?.["GITEE_STAGE_STRATEGY"], "auto");
  assert.equal("GITEE_PULL_ID" in (event.variables ?? {}), false, "empty variables stay absent");
  assert.doesNotMatch(JSON.stringify(event), /SECfake|access_token|undefined|NaN|""/);
});

test("Gitee Go pull request: GITEE_COMMIT_MESSAGE is the PR's title; the source branch and commit; the PR linked", () => {
  const env = fixture("gitee-pull-request.env.json");
  const event = readCi(env, { task: "单元测试" });
  assert.equal(event.pipeline.displayName, "合并请求检查");
  assert.deepEqual(event.run, { number: 318, trigger: { user: "林晓" } });
  assert.deepEqual(event.source, {
    provider: "gitee",
    repo: "acme-tech/web-portal",
    branch: "feature/order-export",
    commit: {
      sha: "2b7e4c9d0a1f3e5b6c8d9e0f1a2b3c4d5e6f7a8b",
      url: "https://gitee.com/acme-tech/web-portal/commit/2b7e4c9d0a1f3e5b6c8d9e0f1a2b3c4d5e6f7a8b",
    },
    pullRequest: {
      id: "57",
      title: "订单导出支持 Excel",
      url: "https://gitee.com/acme-tech/web-portal/pulls/57",
    },
  });
  assert.notEqual(event.source?.commit?.sha, env["GITEE_COMMIT"], "GITEE_COMMIT is the target branch's");
});

test("Gitee Go without --task: the stage names the task; a repository name without owner gets no links", () => {
  const env = { ...fixture("gitee-pull-request.env.json"), GITEE_REPO: "web-portal" };
  const event = readCi(env, { status: "started" });
  assert.equal(event.task.name, "单元测试");
  assert.equal(event.source?.commit?.url, undefined);
  assert.equal(event.source?.pullRequest?.url, undefined);
  assert.equal(event.source?.pullRequest?.id, "57");
});

test("Gitee enterprise pipelines' GITEE_PULL_REQUEST_ID / _TITLE are read after the documented names", () => {
  const env = {
    ...fixture("gitee-pull-request.env.json"),
    GITEE_PULL_ID: undefined,
    GITEE_PULL_REQUEST_ID: "58",
    GITEE_PULL_REQUEST_TITLE: "订单导出支持 CSV",
  };
  assert.deepEqual(readCi(env).source?.pullRequest, {
    id: "58",
    title: "订单导出支持 CSV",
    url: "https://gitee.com/acme-tech/web-portal/pulls/58",
  });
});
