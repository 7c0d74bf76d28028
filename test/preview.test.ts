/**
 * `dingpipe preview` as a user runs it: a real process and config file. The robots point at a
 * running emulator, which must receive nothing. The printed bodies are compared with what
 * `notify` then really sends for the same event.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { ciEnv, dingpipe, tempDir } from "./helpers/pipeline-cli.ts";

const CI_TOKEN = "pre0123456789abcdef0123456789abcdef";
const OPS_TOKEN = "pops0123456789abcdef0123456789abcde";
const SECRET = "SEC0123456789abcdef0123456789abcdef";

const CONFIG = `credentials:
  ci-group:
    webhook: \${DINGTALK_WEBHOOK}
    secret: \${DINGTALK_SECRET}
  ops-group:
    webhook: \${OPS_WEBHOOK}
    keywords: [Deploy]
notifications:
  - credential: ci-group
    events: [failure, success]
    custom: "by \${DINGPIPE_TRIGGER_USER}: \${DINGPIPE_COMMIT_MESSAGE}"
    at: [13800000000]
  - credential: ops-group
    events: [failure]
    style: action_card
`;

interface Block {
  header: string;
  post: string;
  body: unknown;
  bytes: number;
}

/** Splits preview's stdout into its blocks: header, POST line, pretty JSON. */
function blocks(stdout: string): Block[] {
  return stdout
    .split(/^(?=── notification #)/m)
    .filter((b) => b.trim() !== "")
    .map((b) => {
      const [header = "", post = "", ...json] = b.trimEnd().split("\n");
      const bytes = Number(/· (\d+) bytes/.exec(header)?.[1]);
      return { header, post, body: JSON.parse(json.join("\n")), bytes };
    });
}

describe("dingpipe preview", () => {
  let emulator: Emulator;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let robots: Record<string, string>;

  before(async () => {
    emulator = await startEmulator({
      robots: [
        { token: CI_TOKEN, name: "ci-group", secret: SECRET },
        { token: OPS_TOKEN, name: "ops-group", keywords: ["Deploy"] },
      ],
    });
    tmp = await tempDir("dingpipe-preview-");
    await tmp.write(".dingpipe.yml", CONFIG);
    robots = {
      DINGTALK_WEBHOOK: emulator.webhookUrl(CI_TOKEN),
      DINGTALK_SECRET: SECRET,
      OPS_WEBHOOK: emulator.webhookUrl(OPS_TOKEN),
    };
  });
  after(async () => {
    await emulator.close();
    await tmp.remove();
  });
  beforeEach(() => emulator.clear());

  it("no CI here: sample values, says so, prints each body with robot and exact byte count, sends nothing", async () => {
    const r = await dingpipe(["preview", "--event", "failure"], tmp.dir, robots);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /no CI environment here: sample values \(pipeline 'web-release', task 'unit-tests'/,
    );
    assert.match(r.stderr, /^CI: none detected \(no CI platform's variables set\)$/m);
    assert.match(r.stderr, /2 messages shown; nothing sent/);
    const [ci, ops] = blocks(r.stdout);
    assert.ok(ci && ops);
    assert.match(ci.header, /^── notification #1 → ci-group · markdown · \d+ bytes/);
    assert.match(ops.header, /^── notification #2 → ops-group · actionCard · \d+ bytes/);
    assert.match(ci.post, /^POST http:\/\/127\.0\.0\.1:\d+\/robot\/send\?access_token=pre0… \(signed\)$/);
    assert.equal(ci.bytes, Buffer.byteLength(JSON.stringify(ci.body)), "the count is the exact body's");
    const text = JSON.stringify(ci.body);
    assert.match(text, /by lin: fix\(login\): keep the session after a token refresh/);
    assert.match(text, /Exit code\*\* 1/, "a sample failure carries an exit code and log tail");
    assert.match(JSON.stringify(ops.body), /Deploy/, "the robot's keyword is added as it would be");
    assert.equal(emulator.messages().length + emulator.answers().length, 0, "nothing reached the robots");
    for (const out of [r.stdout, r.stderr]) assert.ok(!out.includes(SECRET) && !out.includes(CI_TOKEN));
  });

  it("prints exactly what notify then sends", async () => {
    const env = { ...ciEnv("gitee"), ...robots };
    const preview = await dingpipe(["preview", "--event", "SUCC", "--task", "build"], tmp.dir, env);
    assert.equal(preview.code, 0, preview.stderr);
    assert.doesNotMatch(preview.stderr, /sample values/);
    assert.match(preview.stderr, /^CI: gitee \(GITEE_PIPELINE_NAME set\)$/m);
    const shown = blocks(preview.stdout);
    assert.equal(shown.length, 1);
    const sent = await dingpipe(["notify", "--event", "SUCC", "--task", "build"], tmp.dir, env);
    assert.equal(sent.code, 0, sent.stderr);
    const [received] = emulator.messages(CI_TOKEN);
    assert.deepEqual(received?.body, shown[0]?.body);
    assert.equal(received?.bytes, shown[0]?.bytes);
  });

  it("says which CI it read and why; generic names (JENKINS_HOME, PIPELINE_ID) are no CI; --ci forces one", async () => {
    const generic = { ...robots, JENKINS_HOME: "/var/jenkins_home", PIPELINE_ID: "7", PIPELINE_NAME: "p" };
    const none = await dingpipe(["preview", "--event", "failure"], tmp.dir, generic);
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stderr, /^CI: none detected \(no CI platform's variables set\)$/m);
    assert.match(none.stderr, /sample values/);
    const forced = await dingpipe(["preview", "--event", "failure", "--ci", "jenkins"], tmp.dir, {
      ...generic,
      JOB_NAME: "web",
    });
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stderr, /^CI: jenkins \(--ci jenkins\)$/m);
    assert.doesNotMatch(forced.stderr, /sample values/);
    assert.equal(emulator.messages().length, 0);
  });

  it("DINGPIPE_* variables override the sample values", async () => {
    const r = await dingpipe(["preview", "--event", "success"], tmp.dir, {
      ...robots,
      DINGPIPE_PIPELINE: "billing",
      DINGPIPE_BRANCH: "release/2.0",
      DINGPIPE_TASK: "package",
    });
    assert.equal(r.code, 0, r.stderr);
    const [ci] = blocks(r.stdout);
    const body = ci?.body as { markdown: { title: string; text: string } };
    assert.equal(body.markdown.title, "✅ billing · package succeeded");
    assert.match(body.markdown.text, /release\/2\.0/);
    assert.match(body.markdown.text, /#42/, "facts not overridden stay sample values");
  });

  it("--html writes a standalone page drawing the messages, hostile values inert", async () => {
    const r = await dingpipe(["preview", "--event", "failure", "--html", "preview.html"], tmp.dir, {
      ...robots,
      DINGPIPE_COMMIT_MESSAGE: `<script>alert(1)</script> [x](javascript:alert(2))`,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /wrote preview\.html/);
    const html = await readFile(join(tmp.dir, "preview.html"), "utf8");
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /\.dp-msg\{/, "styled like the emulator's page");
    assert.match(html, /<h2>ci-group<\/h2>/);
    assert.match(html, /<h2>ops-group<\/h2>/);
    assert.match(html, /class="dp-msg dp-markdown"/);
    assert.match(html, /class="dp-msg dp-card"/);
    assert.doesNotMatch(html, /<script>alert/);
    assert.doesNotMatch(html, /href="javascript:/i);
    assert.ok(!html.includes(SECRET) && !html.includes(CI_TOKEN));
    assert.equal(emulator.messages().length, 0);
  });

  it("nothing selected: exit 0 and says nothing would be sent; unknown event: exit 2", async () => {
    const none = await dingpipe(["preview", "--event", "started"], tmp.dir, robots);
    assert.equal(none.code, 0, none.stderr);
    assert.equal(none.stdout, "");
    assert.match(none.stderr, /no notification selects started .*nothing would be sent/);
    const typo = await dingpipe(["preview", "--event", "sucess"], tmp.dir, robots);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /did you mean 'success'\?/);
  });

  it("a credential with an error: the message is still shown, and why it could not be sent", async () => {
    const { OPS_WEBHOOK: _, ...env } = robots;
    const r = await dingpipe(["preview", "--event", "failure"], tmp.dir, env);
    assert.equal(r.code, 0, r.stderr);
    const [, ops] = blocks(r.stdout);
    assert.equal(ops?.post, "(cannot be sent: see below)");
    assert.equal((ops?.body as { msgtype?: string } | undefined)?.msgtype, "actionCard");
    assert.match(
      r.stderr,
      /✗ ops-group could not be sent: \.dingpipe\.yml:6:\d+: OPS_WEBHOOK is referenced but not set/,
    );
  });
});
