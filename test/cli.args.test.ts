/**
 * The command line takes what people type: values starting with `-` (a markdown list, a negative
 * number), `dingpipe help <command>`, did-you-mean for a mistyped option, `--at` checked like
 * `config check` checks `at:`, usage lines that show every option, a fix whose parentheses close.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { main } from "../src/cli/main.ts";

async function dingpipe(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    env: {},
    cwd: process.cwd(),
  });
  return { code, out: out.join(""), err: err.join("") };
}

describe("values that start with -", () => {
  test('send --markdown "- a list" --title "- t", --text "- item": the values, not an error', async () => {
    const md = await dingpipe("send", "--markdown", "- a list\n- of two", "--title", "- t", "--dry-run");
    assert.equal(md.code, 0, md.err);
    const body = JSON.parse(md.out);
    assert.equal(body.markdown.title, "- t");
    assert.equal(body.markdown.text, "- a list\n- of two");
    const text = await dingpipe("send", "--text", "- item", "--dry-run");
    assert.equal(text.code, 0, text.err);
    assert.equal(JSON.parse(text.out).text.content, "- item");
    const short = await dingpipe("send", "--text", "-", "--keyword", "-CI-", "--dry-run");
    assert.equal(short.code, 0, short.err);
    assert.match(JSON.parse(short.out).text.content, /-CI-/);
  });

  test("notify, preview and run take them too (--task, --pipeline)", async () => {
    const preview = await dingpipe(
      "preview",
      "--event",
      "failure",
      "--task",
      "-x",
      "--pipeline",
      "--p--",
      "--config",
      "no-such.yml",
    );
    assert.equal(preview.code, 2);
    assert.doesNotMatch(preview.err, /ambiguous/);
    assert.match(preview.err, /no-such\.yml/);
  });
});

describe("help and mistakes", () => {
  test("dingpipe help send prints send's help, not the general one", async () => {
    const r = await dingpipe("help", "send");
    assert.equal(r.code, 0);
    assert.match(r.out, /^Usage: dingpipe send \[robot\] <message> \[options\]/);
    assert.equal(
      (await dingpipe("help", "token")).out.split("\n")[0],
      "Usage: dingpipe token <create NAME | list | revoke NAME> [options]",
    );
    const general = await dingpipe("help");
    assert.match(general.out, /Commands:/);
    assert.match(general.out, /dingpipe help <command>/);
  });

  test("a mistyped option gets a did-you-mean, like a mistyped command", async () => {
    for (const [argv, meant] of [
      [["send", "--txt", "hello", "--dry-run"], "--text"],
      [["send", "--text", "x", "--dryrun"], "--dry-run"],
      [["notify", "--evnt", "failure"], "--event"],
      [["serve", "--prot", "9"], "--port"],
      [["config", "check", "--confg", "x.yml"], "--config"],
    ] as const) {
      const r = await dingpipe(...argv);
      assert.equal(r.code, 2, argv.join(" "));
      assert.match(r.err, new RegExp(`did you mean '${meant}'\\?`), argv.join(" "));
    }
  });

  test("send --at refuses what is not a mobile, as config check warns of at:", async () => {
    const r = await dingpipe("send", "--text", "hi", "--at", "12345", "--dry-run");
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /--at '12345' is not a mobile number: give DingTalk mobiles \(11 digits, e\.g\. 13800000000, or \+CC-number\) or all/,
    );
    const ok = await dingpipe("send", "--text", "hi", "--at", "13800000000,@13900000000,all", "--dry-run");
    assert.equal(ok.code, 0, ok.err);
    assert.deepEqual(JSON.parse(ok.out).at, { atMobiles: ["13800000000", "13900000000"], isAtAll: true });
  });

  test("the usage lines of notify, run and preview show --pipeline", async () => {
    for (const command of ["notify", "run", "preview"]) {
      const usage = (await dingpipe(command, "--help")).out.split("\n\n")[0]!;
      assert.match(usage, /\[--pipeline NAME\]/, command);
    }
  });

  test("a webhook that is not a URL: the fix's parenthesis is closed", async () => {
    const r = await dingpipe("send", "--webhook", "not-a-url", "--text", "hi");
    assert.equal(r.code, 2);
    const fix = r.err.split("\n").find((l) => l.includes("fix:")) ?? "";
    assert.equal(
      fix,
      "  fix: copy the robot's full webhook URL (https://oapi.dingtalk.com/robot/send?access_token=…)",
    );
  });
});
