import assert from "node:assert/strict";
import { test } from "node:test";
import { fixture, readCi } from "../../../test/helpers/ci-fixtures.ts";
import { explainCi } from "../ci.ts";

test("Alibaba Cloud DevOps Flow: pipeline, run number, executor and how it started, code source", () => {
  const env = fixture("yunxiao.env.json");
  assert.deepEqual(explainCi(env), {
    ci: "yunxiao",
    reason: "PIPELINE_ID, PIPELINE_NAME, BUILD_NUMBER, BUILD_EXECUTOR and PROJECT_DIR set",
  });
  const event = readCi(env, { status: "success", task: "Java 构建" });
  assert.deepEqual(event, {
    pipeline: { name: "订单服务-发布" },
    run: { number: 19, trigger: { user: "林晓", event: "林晓·页面手动触发" } },
    task: { name: "Java 构建", status: "success" },
    source: {
      provider: "yunxiao",
      repo: "order-service",
      branch: "master",
      commit: { sha: "7c1e9a3f5b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e", message: "修复支付回调重复入账" },
    },
    variables: event.variables,
  });
  assert.equal(event.variables?.["BUILD_REMARK"], "修复支付回调重复入账");
  assert.equal("PROJECT_DIR" in (event.variables ?? {}), false, "paths of the build machine stay out");
});

test("Flow run started by a merge request: the source branch and its last commit; Flow names no merge request", () => {
  const event = readCi(fixture("yunxiao-merge-request.env.json"), { task: "单元测试" });
  assert.deepEqual(event.source, {
    provider: "yunxiao",
    repo: "order-service",
    branch: "feature/refund-retry",
    commit: { sha: "3d5f7a9c1e2b4d6f8a0c2e4a6b8d0f1e3a5c7e9b", message: "退款失败时按指数退避重试" },
  });
  assert.deepEqual(event.run?.trigger, { user: "王芳", event: "王芳·代码源触发" });
});

test("Flow detection: generic PIPELINE_ID / PIPELINE_NAME alone are not Flow", () => {
  assert.equal(explainCi({ PIPELINE_ID: "1", PIPELINE_NAME: "p" }).ci, "generic");
  assert.equal(explainCi({ PIPELINE_ID: "1", PIPELINE_NAME: "p", BUILD_NUMBER: "3" }).ci, "generic");
  const flow = { PIPELINE_ID: "1", PIPELINE_NAME: "p", BUILD_NUMBER: "3", BUILD_EXECUTOR: "林晓" };
  assert.equal(explainCi(flow).ci, "generic", "one more of Flow's own variables is needed");
  assert.equal(explainCi({ ...flow, PIPELINE_ID: "abc", DATETIME: "2026-11-23-16-05-12" }).ci, "generic");
  assert.equal(
    explainCi({ ...flow, DATETIME: "2026-11-23 16:05:12" }).ci,
    "generic",
    "not Flow's DATETIME form",
  );
  assert.equal(explainCi({ ...flow, DATETIME: "2026-11-23-16-05-12" }).ci, "yunxiao");
  assert.equal(explainCi({ ...flow, TIMESTAMP: "1795421112000" }).ci, "yunxiao");
});
