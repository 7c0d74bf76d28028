/**
 * The "done when", end to end: one `.dingpipe.yml` (and one service) with a DingTalk, a
 * WeCom and a Feishu robot sends one failure to all three — each valid by its service's rules
 * (signature, keywords, size, mentions), checked by the emulator — and a burst of 100 events
 * through the service reaches each group within its real limits without one throttling answer.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type Emulator, type ReceivedMessage, startEmulator } from "../src/emulator/index.ts";
import { maxInWindow, missingTasks, waitFor } from "./helpers/delivery.ts";
import { dingpipe, tempDir } from "./helpers/pipeline-cli.ts";
import { startService, type TestService } from "./helpers/service.ts";

const DT = {
  token: "dt0123456789abcdef0123456789abcdef",
  secret: "SECd1e2a3d4b5e6e7f8d1e2a3d4b5e6e7f8",
  keywords: ["CI"],
};
const WC = { token: "693a91f6-7d3b-4bc4-97a0-0ec2a1fa5aaa" };
const FS = { token: "0f1e2d3c-4b5a-4c8d-9e6f-5a4b3c2d1e0f", secret: "fsSignSecret0123", keywords: ["CI"] };
const OPEN_ID = "ou_0123456789abcdef0123456789abcdef";

let emulator: Emulator;

before(async () => {
  emulator = await startEmulator({
    port: 0,
    robots: [
      { ...DT, name: "dingtalk-group" },
      { ...WC, kind: "wecom", name: "wecom-group" },
      { ...FS, kind: "feishu", name: "feishu-group" },
    ],
  });
});
after(() => emulator.close());

const CONFIG = `credentials:
  dingtalk-group:
    webhook: \${DINGTALK_WEBHOOK}
    secret: \${DINGTALK_SECRET}
    keywords: [CI]
  wecom-group:
    type: wecom
    webhook: \${WECOM_KEY}
  feishu-group:
    type: feishu
    webhook: \${FEISHU_WEBHOOK}
    secret: \${FEISHU_SECRET}
    keywords: [CI]
notifications:
  - credential: dingtalk-group
    events: [failure]
    at: [13800000000]
  - credential: wecom-group
    events: [failure]
    at: [13800000000]
  - credential: feishu-group
    events: [failure]
    at: [all, ${OPEN_ID}]
`;

const bytes = (m: ReceivedMessage | undefined) => new TextEncoder().encode(JSON.stringify(m?.body)).length;
// biome-ignore lint/suspicious/noExplicitAny: a received JSON body, read freely by the checks
const body = (m: ReceivedMessage | undefined): any => m?.body;

/** What each group received, checked against its service's rules; `task` must be in each message. */
function assertValidFailure(
  task: string,
  received: Record<"dt" | "wc" | "fs", ReceivedMessage | undefined>,
): void {
  // DingTalk: signed (or refused), keyword present (or refused), the mobile in `at` and in the text.
  const dt = received.dt;
  assert.ok(dt, "DingTalk received the failure");
  assert.deepEqual(body(dt)["at"], { atMobiles: ["13800000000"] });
  assert.match(JSON.stringify(dt.body), /@13800000000/);
  assert.match(JSON.stringify(dt.body), new RegExp(task));
  assert.ok(bytes(dt) <= 20_000);
  // WeCom: a text message (markdown cannot mention) that WeCom mentions the mobile with.
  const wc = received.wc;
  assert.ok(wc, "WeCom received the failure");
  assert.equal(body(wc)["msgtype"], "text");
  assert.deepEqual(wc.mentions, { mobiles: ["13800000000"], userIds: [], all: false });
  assert.ok(new TextEncoder().encode(String(body(wc)["text"]["content"])).length <= 2048);
  assert.match(String(body(wc)["text"]["content"]), new RegExp(task));
  // Feishu: a signed interactive card with the keyword, a red header and both mentions; no mobile.
  const fs = received.fs;
  assert.ok(fs, "Feishu received the failure");
  assert.equal(body(fs)["msg_type"], "interactive");
  assert.equal(body(fs)["card"]["header"]["template"], "red");
  assert.deepEqual(fs.mentions, { mobiles: [], userIds: [OPEN_ID], all: true });
  assert.ok(fs.bytes <= 20 * 1024);
  assert.match(JSON.stringify(fs.body), new RegExp(task));
}

describe("one failure to a DingTalk, a WeCom and a Feishu robot", () => {
  it("from dingpipe notify", async () => {
    emulator.clear();
    const tmp = await tempDir("dingpipe-channels-");
    try {
      await tmp.write(".dingpipe.yml", CONFIG);
      const env = {
        DINGPIPE_PIPELINE: "web-release",
        DINGPIPE_TASK: "deploy-notify",
        DINGTALK_WEBHOOK: emulator.webhookUrl(DT.token),
        DINGTALK_SECRET: DT.secret,
        WECOM_KEY: `${emulator.url}/cgi-bin/webhook/send?key=${WC.token}`,
        FEISHU_WEBHOOK: emulator.webhookUrl(FS.token),
        FEISHU_SECRET: FS.secret,
      };
      const r = await dingpipe(["notify", "--event", "failure"], tmp.dir, env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^✓ dingtalk-group \(markdown, /m);
      assert.match(r.stdout, /^✓ wecom-group \(text, /m);
      assert.match(r.stdout, /^✓ feishu-group \(interactive, /m);
      assert.equal(
        emulator.answers().filter((a) => a.errcode !== 0).length,
        0,
        JSON.stringify(emulator.answers()),
      );
      assertValidFailure("deploy-notify", {
        dt: emulator.messages(DT.token)[0],
        wc: emulator.messages(WC.token)[0],
        fs: emulator.messages(FS.token)[0],
      });
      for (const secret of [DT.token, DT.secret, WC.token, FS.token, FS.secret])
        assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), "a secret was printed");
    } finally {
      await tmp.remove();
    }
  });

  describe("from the service", () => {
    let s: TestService;
    before(async () => {
      s = await startService({ deliver: true, config: { allowHosts: [new URL(emulator.url).host] } });
      const robots = [
        {
          name: "dingtalk-group",
          webhook: emulator.webhookUrl(DT.token),
          secret: DT.secret,
          keywords: DT.keywords,
        },
        {
          name: "wecom-group",
          type: "wecom",
          webhook: `${emulator.url}/cgi-bin/webhook/send?key=${WC.token}`,
        },
        {
          name: "feishu-group",
          type: "feishu",
          webhook: emulator.webhookUrl(FS.token),
          secret: FS.secret,
          keywords: FS.keywords,
        },
      ];
      for (const robot of robots) {
        const r = await s.api("/api/credentials", { body: robot });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
      const rules = [
        { credential: "dingtalk-group", at: ["13800000000"] },
        { credential: "wecom-group", at: ["13800000000"] },
        { credential: "feishu-group", at: ["all", OPEN_ID] },
      ];
      for (const rule of rules) {
        const r = await s.api("/api/notifications", { body: { ...rule, events: ["failure", "success"] } });
        assert.equal(r.status, 201, JSON.stringify(r.body));
      }
    });
    after(() => s?.close());

    it("each kind with its own defaults, secrets never echoed", async () => {
      const list = (await s.api("/api/credentials")).body as Array<Record<string, unknown>>;
      assert.deepEqual(
        list.map((c) => [c["name"], c["type"], c["rateLimit"]]),
        [
          ["dingtalk-group", "dingtalk", { messages: 20, perSeconds: 60 }],
          ["feishu-group", "feishu", { messages: 100, perSeconds: 60 }],
          ["wecom-group", "wecom", { messages: 20, perSeconds: 60 }],
        ],
      );
      const text = JSON.stringify(list);
      for (const secret of [DT.token, DT.secret, WC.token, FS.token, FS.secret])
        assert.ok(!text.includes(secret));
    });

    it("one failure event reaches all three groups, each valid", async () => {
      emulator.clear();
      const r = await s.api("/api/events", {
        body: { pipeline: { name: "web-release" }, task: { name: "deploy-service", status: "failure" } },
      });
      assert.equal(r.status, 202);
      const got = await waitFor(
        "the failure in all three groups",
        () => ({
          dt: emulator.messages(DT.token)[0],
          wc: emulator.messages(WC.token)[0],
          fs: emulator.messages(FS.token)[0],
        }),
        (m) => m.dt !== undefined && m.wc !== undefined && m.fs !== undefined,
        30_000,
      );
      assertValidFailure("deploy-service", got);
    });

    it("a burst of 100 events reaches each group within its real limits, without one throttling answer", async () => {
      emulator.clear();
      const started = Date.now();
      for (let i = 0; i < 100; i += 20) {
        const batch = Array.from({ length: 20 }, (_, k) =>
          s.api("/api/events", {
            body: {
              pipeline: { name: "burst" },
              run: { id: `r${i + k}`, number: i + k },
              task: { name: `task-${i + k}`, status: (i + k) % 7 === 0 ? "failure" : "success" },
            },
          }),
        );
        for (const r of await Promise.all(batch)) assert.equal(r.status, 202);
      }
      for (const token of [DT.token, WC.token, FS.token]) {
        await waitFor(
          `every event in the group of ${token.slice(0, 4)}…`,
          () => missingTasks(emulator, token, 100),
          (missing) => missing.length === 0,
          150_000,
        );
      }
      const throttling = emulator.answers().filter((a) => [130101, 45009, 11232].includes(a.errcode));
      assert.deepEqual(throttling, [], "no throttling answer");
      assert.ok(maxInWindow(emulator, DT.token, 60_000) <= 20, "DingTalk: at most 20 a minute");
      assert.ok(maxInWindow(emulator, WC.token, 60_000) <= 20, "WeCom: at most 20 a minute");
      assert.ok(maxInWindow(emulator, FS.token, 60_000) <= 100, "Feishu: at most 100 a minute");
      assert.ok(maxInWindow(emulator, FS.token, 1_000) <= 5, "Feishu: at most 5 a second");
      for (const token of [DT.token, WC.token, FS.token]) {
        assert.ok(
          emulator.messages(token).length <= 100,
          "digests merged the backlog where the limit asked for it",
        );
      }
      assert.equal(emulator.answers().filter((a) => a.errcode !== 0).length, 0);
      const stats = (await s.api("/api/deliveries?state=dead")).body as { items: unknown[] };
      assert.deepEqual(stats.items, []);
      process.stderr.write(
        `# burst of 100: all three groups in ${Date.now() - started} ms; messages: DingTalk ${emulator.messages(DT.token).length}, WeCom ${emulator.messages(WC.token).length}, Feishu ${emulator.messages(FS.token).length}\n`,
      );
    });
  });
});

describe("dingpipe preview with robots of three kinds", () => {
  it("shows each robot's body in its own dialect and limit, draws each the way its app does, sends nothing", async () => {
    emulator.clear();
    const tmp = await tempDir("dingpipe-channels-preview-");
    try {
      await tmp.write(".dingpipe.yml", CONFIG);
      const env = {
        DINGTALK_WEBHOOK: emulator.webhookUrl(DT.token),
        DINGTALK_SECRET: DT.secret,
        WECOM_KEY: `${emulator.url}/cgi-bin/webhook/send?key=${WC.token}`,
        FEISHU_WEBHOOK: emulator.webhookUrl(FS.token),
        FEISHU_SECRET: FS.secret,
      };
      const r = await dingpipe(["preview", "--event", "failure", "--html", "preview.html"], tmp.dir, env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /→ dingtalk-group · markdown · \d+ bytes of DingTalk's 20,000 ──/);
      assert.match(r.stdout, /→ wecom-group · text · \d+ bytes of WeCom's 2,048 ──/);
      assert.match(r.stdout, /→ feishu-group · interactive · \d+ bytes of Feishu \/ Lark's 20,000 ──/);
      assert.match(r.stdout, /"mentioned_mobile_list": \[\n\s+"13800000000"\n\s+\]/);
      assert.match(r.stdout, /"template": "red"/);
      assert.equal(emulator.messages().length, 0, "preview sends nothing");
      const html = await readFile(join(tmp.dir, "preview.html"), "utf8");
      assert.match(html, /class="dp-msg dp-feishu dp-fs-card"/);
      assert.match(html, /class="dp-msg dp-wecom dp-text"/);
      assert.match(html, /class="dp-msg dp-markdown"/);
      for (const secret of [DT.token, DT.secret, WC.token, FS.token, FS.secret]) {
        assert.ok(
          !r.stdout.includes(secret) && !r.stderr.includes(secret) && !html.includes(secret),
          "a secret was shown",
        );
      }
    } finally {
      await tmp.remove();
    }
  });
});
