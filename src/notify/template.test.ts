// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are dingpipe ${VAR} templates, not JavaScript ones
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PipelineEvent } from "../pipeline/event.ts";
import { BUILTIN_VARIABLES, builtinVariables, referencedVariables, renderTemplate } from "./template.ts";

const vars: Record<string, string> = { A: "alpha", EMPTY: "", GITEE_PIPELINE_NAME: "web-release" };
const lookup = (name: string) => vars[name];

describe("renderTemplate", () => {
  it("substitutes ${VAR}", () => {
    assert.deepEqual(renderTemplate("**${GITEE_PIPELINE_NAME}** by ${A}", lookup), {
      text: "**web-release** by alpha",
      unknown: [],
    });
  });

  it("uses the default when the variable is unset or empty, and does not report it", () => {
    assert.deepEqual(renderTemplate("${NOPE:-none} ${EMPTY:-blank} ${A:-x} ${NOPE:-}", lookup), {
      text: "none blank alpha ",
      unknown: [],
    });
  });

  it("defaults may hold spaces and punctuation", () => {
    assert.equal(renderTemplate("${NOPE:-not set, sorry}", lookup).text, "not set, sorry");
  });

  it("renders unknown variables empty and reports each once", () => {
    assert.deepEqual(renderTemplate("[${X}] [${Y}] [${X}]", lookup), {
      text: "[] [] []",
      unknown: ["X", "Y"],
    });
  });

  it("an empty known variable is not unknown", () => {
    assert.deepEqual(renderTemplate("<${EMPTY}>", lookup), { text: "<>", unknown: [] });
  });

  it("$${ is a literal ${", () => {
    assert.deepEqual(renderTemplate("cost $${A} and ${A}", lookup), {
      text: "cost ${A} and alpha",
      unknown: [],
    });
  });

  it("leaves a lone $, $VAR without braces and malformed references as written", () => {
    assert.equal(
      renderTemplate("$5 $A ${1X} ${A-B} ${ unclosed", lookup).text,
      "$5 $A ${1X} ${A-B} ${ unclosed",
    );
    assert.equal(renderTemplate("ends with $", lookup).text, "ends with $");
  });

  it("does not re-expand substituted values", () => {
    const v: Record<string, string> = { A: "${B}", B: "boom" };
    assert.equal(renderTemplate("${A}", (n) => v[n]).text, "${B}");
  });
});

describe("referencedVariables", () => {
  it("lists names once, in order, skipping literals", () => {
    assert.deepEqual(referencedVariables("${B} $${C} ${A:-x} ${B} ${9} $D"), ["B", "A"]);
  });
  it("is empty for plain text", () => {
    assert.deepEqual(referencedVariables("no variables here, $5"), []);
  });
});

/** The English words and China Standard Time these tests pin. */
const EN = { locale: "en", timeZone: "Asia/Shanghai" } as const;

describe("builtinVariables", () => {
  it("gives only what a minimal event has", () => {
    const event: PipelineEvent = { pipeline: { name: "p" }, task: { name: "t", status: "success" } };
    assert.deepEqual(builtinVariables(event, EN), {
      DINGPIPE_STATUS: "success",
      DINGPIPE_STATUS_MARK: "✅",
      DINGPIPE_STATUS_TEXT: "succeeded",
      DINGPIPE_PIPELINE: "p",
      DINGPIPE_TASK: "t",
    });
  });

  it("fills every variable from a full event, each documented", () => {
    const event: PipelineEvent = {
      pipeline: { name: "web-release", url: "https://ci.example/p/7" },
      run: {
        id: "9001",
        number: 42,
        url: "https://ci.example/p/7/runs/42",
        trigger: { user: "lin", event: "push" },
      },
      stage: { name: "build" },
      task: {
        name: "unit-tests",
        status: "failure",
        url: "https://ci.example/p/7/runs/42/t/3",
        startedAt: "2026-11-23T08:00:00Z",
        finishedAt: "2026-11-23T08:03:05Z",
        exitCode: 2,
        logTail: "boom",
      },
      source: {
        provider: "gitee",
        repo: "acme/web",
        branch: "main",
        commit: {
          sha: "a1b2c3d4e5f6",
          message: "fix login\n\nbody",
          author: "lin",
          url: "https://gitee.com/c",
        },
        pullRequest: { id: "12", title: "Login", url: "https://gitee.com/pr/12" },
      },
    };
    const v = builtinVariables(event, EN);
    assert.deepEqual(Object.keys(v).sort(), Object.keys(BUILTIN_VARIABLES).sort());
    assert.equal(v["DINGPIPE_SHORT_COMMIT"], "a1b2c3d");
    assert.equal(v["DINGPIPE_DURATION"], "3m 05s");
    assert.equal(v["DINGPIPE_STARTED_AT"], "2026-11-23 16:00:00 (UTC+8)");
    assert.equal(v["DINGPIPE_COMMIT_MESSAGE"], "fix login body");
    assert.equal(v["DINGPIPE_STATUS_MARK"], "❌");
    assert.equal(v["DINGPIPE_EXIT_CODE"], "2");
    assert.equal(
      builtinVariables(event, { timeZone: "UTC" })["DINGPIPE_FINISHED_AT"],
      "2026-11-23 08:03:05 (UTC)",
    );
    // By default the words are Chinese: the message's locale.
    const zh = builtinVariables(event, { timeZone: "Asia/Shanghai" });
    assert.equal(zh["DINGPIPE_STATUS_TEXT"], "运行失败");
    assert.equal(zh["DINGPIPE_DURATION"], "3分05秒");
    assert.equal(zh["DINGPIPE_STATUS"], "failure");
  });

  it("prefers durationMs and drops unsafe URLs", () => {
    const event: PipelineEvent = {
      pipeline: { name: "p", url: "javascript:alert(1)" },
      task: { name: "t", status: "success", durationMs: 42_000, url: "data:text/html,x" },
    };
    const v = builtinVariables(event, EN);
    assert.equal(v["DINGPIPE_DURATION"], "42s");
    assert.equal(v["DINGPIPE_PIPELINE_URL"], undefined);
    assert.equal(v["DINGPIPE_TASK_URL"], undefined);
  });
});
