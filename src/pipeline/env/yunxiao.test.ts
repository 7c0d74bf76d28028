import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { detectCi, readEnvironment } from "../ci.ts";

const fixture = (name: string): Record<string, string> =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/ci/${name}`, import.meta.url), "utf8"));

test("Alibaba Cloud DevOps Flow: pipeline, run number, executor, code source", () => {
  const env = fixture("yunxiao.env.json");
  assert.equal(detectCi(env), "yunxiao", "BUILD_NUMBER alone does not make it Jenkins");
  const event = readEnvironment(env, { status: "success", task: "Java 构建" });
  assert.deepEqual(event, {
    pipeline: { name: "订单服务-发布" },
    run: { number: 19, trigger: { user: "林晓" } },
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
  assert.equal("BUILD_MESSAGE" in (event.variables ?? {}), false);
  assert.equal("PROJECT_DIR" in (event.variables ?? {}), false, "paths of the build machine stay out");
});
