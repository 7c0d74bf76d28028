import assert from "node:assert/strict";
import { test } from "node:test";
import { CI_NAMES, detectCi, readEnvironment, UNTRUSTED_VARIABLES } from "./ci.ts";

test("CI_NAMES lists every platform once, generic last", () => {
  assert.deepEqual([...CI_NAMES].sort(), [
    "drone",
    "generic",
    "gitee",
    "github",
    "gitlab",
    "jenkins",
    "woodpecker",
    "yunxiao",
  ]);
  assert.equal(CI_NAMES.at(-1), "generic");
});

test("detectCi: markers, and ambiguity resolved by the stronger marker", () => {
  assert.equal(detectCi({}), "generic");
  assert.equal(detectCi({ GITHUB_ACTIONS: "true" }), "github");
  assert.equal(detectCi({ GITHUB_ACTIONS: "false" }), "generic");
  assert.equal(detectCi({ GITLAB_CI: "true", PIPELINE_ID: "1", PIPELINE_NAME: "x" }), "gitlab");
  assert.equal(detectCi({ CI: "woodpecker", DRONE: "true" }), "woodpecker");
  assert.equal(detectCi({ DRONE: "true" }), "drone");
  assert.equal(detectCi({ JENKINS_URL: "https://j/", JOB_NAME: "web", BUILD_NUMBER: "3" }), "jenkins");
  assert.equal(detectCi({ JENKINS_URL: "https://j/", BUILD_NUMBER: "3" }), "generic");
  assert.equal(
    detectCi({ JENKINS_HOME: "/var/jenkins_home", JOB_NAME: "web", BUILD_NUMBER: "3" }),
    "generic",
  );
  assert.equal(detectCi({ BUILD_NUMBER: "3" }), "generic");
  assert.equal(detectCi({ GITEE_PIPELINE_NAME: "p" }), "gitee");
  assert.equal(detectCi({ GITEE_PIPELINE_NAME: "" }), "generic");
  assert.equal(detectCi({ PIPELINE_ID: "1", PIPELINE_NAME: "p" }), "generic", "generic names alone");
  assert.equal(
    detectCi({
      PIPELINE_ID: "1",
      PIPELINE_NAME: "p",
      BUILD_NUMBER: "2",
      BUILD_EXECUTOR: "林晓",
      PROJECT_DIR: "/w",
    }),
    "yunxiao",
  );
});

test("options.ci forces a reader", () => {
  const env = { GITHUB_ACTIONS: "true", GITHUB_WORKFLOW: "CI", JOB_NAME: "jenkins-job" };
  assert.equal(readEnvironment(env, { status: "success" }).pipeline.name, "CI");
  assert.equal(readEnvironment(env, { status: "success", ci: "jenkins" }).pipeline.name, "jenkins-job");
});

test("blank options.task / options.pipeline do not override", () => {
  const env = { GITHUB_ACTIONS: "true", GITHUB_WORKFLOW: "CI", GITHUB_JOB: "build" };
  const event = readEnvironment(env, { status: "success", task: " ", pipeline: "" });
  assert.equal(event.task.name, "build");
  assert.equal(event.pipeline.name, "CI");
});

test("untrusted variables reach event.variables (escaped in custom content) whichever platform runs", () => {
  assert.ok(UNTRUSTED_VARIABLES.has("GITEE_COMMIT_MESSAGE") && UNTRUSTED_VARIABLES.has("CI_COMMIT_TITLE"));
  const jenkins = readEnvironment(
    { JENKINS_URL: "https://j.example/", JOB_NAME: "web", BUILD_NUMBER: "1", GIT_AUTHOR_NAME: "<b>x</b>" },
    { status: "success" },
  );
  assert.equal(jenkins.variables?.["GIT_AUTHOR_NAME"], "<b>x</b>");
  const forced = readEnvironment(
    { DINGPIPE_PIPELINE: "web", CI_COMMIT_MESSAGE: "[x](http://evil)", CI_JOB_TOKEN: "t0ken" },
    { status: "success", ci: "generic" },
  );
  assert.equal(forced.variables?.["CI_COMMIT_MESSAGE"], "[x](http://evil)");
  assert.equal("CI_JOB_TOKEN" in (forced.variables ?? {}), false);
});

test("each platform's reader names its CI's reference, and docs/ci.md names the same one", async () => {
  const { readFile } = await import("node:fs/promises");
  const docs = await readFile(new URL("../../docs/ci.md", import.meta.url), "utf8");
  for (const ci of CI_NAMES.filter((name) => name !== "generic")) {
    const source = await readFile(new URL(`./env/${ci}.ts`, import.meta.url), "utf8");
    const reference = /https:\/\/[^\s)]+/.exec(source.slice(0, source.indexOf("*/")))?.[0];
    assert.ok(reference, `${ci}.ts names its reference in its first comment`);
    assert.ok(docs.includes(reference), `docs/ci.md names ${reference} (${ci})`);
  }
});
