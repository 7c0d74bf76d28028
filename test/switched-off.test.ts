/**
 * A notification switched off in `.dingpipe.yml` (`enabled: false`, the console's switch): real
 * processes and a real file, the emulator standing in for the groups. The switched-off one sends
 * nothing from `notify` or `run`, and `notify`, `run`, `preview` and `config check` say it is off.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { ciEnv, dingpipe, tempDir } from "./helpers/pipeline-cli.ts";

const CI_TOKEN = "off0123456789abcdef0123456789abcdef";
const OPS_TOKEN = "offops0123456789abcdef0123456789abc";

const CONFIG = `credentials:
  ci-group:
    webhook: \${DINGTALK_WEBHOOK}
  ops-group:
    webhook: \${OPS_WEBHOOK}
notifications:
  - name: 构建失败
    credential: ci-group
    events: [failure]
  - name: nightly
    enabled: false
    credential: ops-group
    events: [failure, success]
`;

describe("a switched-off notification in a pipeline step", () => {
  let emulator: Emulator;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let env: Record<string, string>;

  before(async () => {
    emulator = await startEmulator({
      robots: [
        { token: CI_TOKEN, name: "ci-group" },
        { token: OPS_TOKEN, name: "ops-group" },
      ],
    });
    tmp = await tempDir("dingpipe-switched-off-");
    await tmp.write(".dingpipe.yml", CONFIG);
    env = {
      ...ciEnv("gitee"),
      DINGTALK_WEBHOOK: emulator.webhookUrl(CI_TOKEN),
      OPS_WEBHOOK: emulator.webhookUrl(OPS_TOKEN),
      TZ: "Asia/Shanghai",
    };
  });
  after(async () => {
    await emulator.close();
    await tmp.remove();
  });
  beforeEach(() => emulator.clear());

  const OFF_FAILURE =
    "notification #2 'nightly' (ops-group) is switched off (enabled: false): nothing sent for failure";

  it("notify: the switched-on one sends, the switched-off one sends nothing and is named on stderr", async () => {
    const r = await dingpipe(["notify", "--event", "failure"], tmp.dir, env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^✓ ci-group \(markdown/m);
    assert.equal(emulator.messages(CI_TOKEN).length, 1);
    assert.equal(emulator.messages(OPS_TOKEN).length, 0);
    assert.ok(r.stderr.includes(OFF_FAILURE), r.stderr);
  });

  it("notify: an event only the switched-off one selects sends nothing at all", async () => {
    const r = await dingpipe(["notify", "--event", "success"], tmp.dir, env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /no notification selects success/);
    assert.match(
      r.stderr,
      /'nightly' \(ops-group\) is switched off \(enabled: false\): nothing sent for success/,
    );
    assert.equal(emulator.messages(OPS_TOKEN).length + emulator.messages(CI_TOKEN).length, 0);
  });

  it("run: neither started nor the outcome goes to the switched-off one", async () => {
    const r = await dingpipe(["run", "--", process.execPath, "-e", "process.exit(3)"], tmp.dir, env);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(emulator.messages(OPS_TOKEN).length, 0);
    assert.equal(emulator.messages(CI_TOKEN).length, 1);
    assert.ok(r.stderr.includes(OFF_FAILURE), r.stderr);
  });

  it("preview: shows only the switched-on one and says the other is off, on stderr and in the page", async () => {
    const r = await dingpipe(["preview", "--event", "failure", "--html", "p.html"], tmp.dir, env);
    assert.equal(r.code, 0, r.stderr);
    const headers = r.stdout.split("\n").filter((l) => l.startsWith("── notification #"));
    assert.equal(headers.length, 1, r.stdout);
    assert.match(headers[0]!, /^── notification #1 '构建失败' → ci-group ·/);
    assert.ok(
      r.stderr.includes(
        "notification #2 'nightly' (ops-group) is switched off (enabled: false): nothing shown for failure",
      ),
      r.stderr,
    );
    const page = await readFile(join(tmp.dir, "p.html"), "utf8");
    assert.match(page, /<p class="off">notification #2 &#39;nightly&#39; \(ops-group\) is switched off/);
    assert.equal(emulator.messages(OPS_TOKEN).length + emulator.messages(CI_TOKEN).length, 0);
  });

  it("config check: counts it and names it, exit 0 (switching off is no warning, even with --strict)", async () => {
    const r = await dingpipe(["config", "check", "--strict"], tmp.dir, {
      DINGTALK_WEBHOOK: `https://oapi.dingtalk.com/robot/send?access_token=${CI_TOKEN}`,
      OPS_WEBHOOK: `https://oapi.dingtalk.com/robot/send?access_token=${OPS_TOKEN}`,
      TZ: "Asia/Shanghai",
    });
    assert.equal(r.code, 0, r.stdout);
    assert.equal(
      r.stdout,
      "2 notifications (1 switched off), 2 credentials: OK\n" +
        "notification #2 'nightly' (ops-group) is switched off (enabled: false): it sends nothing\n" +
        "messages in zh-CN (the default; locale: en for English), times in Asia/Shanghai, UTC+8 now (TZ)\n",
    );
  });
});
