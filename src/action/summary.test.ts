import assert from "node:assert/strict";
import { test } from "node:test";
import type { NotifyResult } from "../cli/notify.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { readInputs } from "./run.ts";
import { commandValue, markdownText, summary } from "./summary.ts";

test("workflow-command values: a line break cannot start a second command", () => {
  assert.equal(commandValue("a\n::add-mask::x\r\n100%"), "a%0A::add-mask::x%0D%0A100%25");
  assert.equal(commandValue("dingpipe: a,b", true), "dingpipe%3A a%2Cb");
});

test("markdown text: links, HTML, tables and emphasis from the run show as text", () => {
  assert.equal(
    markdownText("[x](https://evil) <img> a|b *c*"),
    "\\[x\\]\\(https\\:\\/\\/evil\\) \\<img\\> a\\|b \\*c\\*",
  );
  assert.equal(markdownText("two\nlines"), "two lines");
});

const event: PipelineEvent = { pipeline: { name: "CI" }, task: { name: "build", status: "failure" } };

test("the summary counts deliveries and lists each robot's line", () => {
  const result: NotifyResult = {
    code: 1,
    event,
    secrets: [],
    outcomes: [
      { name: "ci", ok: true, line: "✓ ci (markdown, 1.2 KB)" },
      { name: "ops", ok: false, line: "✗ ops: DingTalk rejected the signature" },
    ],
  };
  assert.equal(
    summary("failure", result),
    [
      "### dingpipe notify",
      "",
      "**failure** of task **build** in pipeline **CI**",
      "",
      "- ✓ ci \\(markdown\\, 1\\.2 KB\\)",
      "- ✗ ops\\: DingTalk rejected the signature",
      "",
      "1 delivered, 1 not delivered.",
      "",
    ].join("\n"),
  );
  assert.match(summary("success", { code: 0, event, secrets: [], outcomes: [] }), /nothing sent\.\n$/);
  assert.match(
    summary("fial", { code: 2, secrets: [], outcomes: [] }),
    /Not run \(exit 2\): the `fial` event/,
  );
});

test("inputs are read as GitHub names them: INPUT_IGNORE-ERRORS keeps its hyphen", () => {
  const inputs = readInputs({ INPUT_EVENT: " failure ", "INPUT_IGNORE-ERRORS": "true", INPUT_CONFIG: "" });
  assert.deepEqual(inputs, {
    event: "failure",
    task: "",
    config: ".dingpipe.yml",
    webhook: "",
    secret: "",
    ignoreErrors: true,
  });
  // The underscore spelling is not GitHub's: it is not read.
  assert.equal(readInputs({ INPUT_EVENT: "failure", INPUT_IGNORE_ERRORS: "true" }).ignoreErrors, false);
  assert.throws(() => readInputs({}), /input event is required/);
  assert.throws(() => readInputs({ INPUT_EVENT: "x", "INPUT_IGNORE-ERRORS": "1" }), /give true or false/);
});
