/**
 * The largest digest the delivery engine ever sends, for every robot kind, within that kind's byte
 * limit and still counting every event. The batch is as large as a lane ever takes (the kind's
 * `maxDigest`, at most MAX_DIGEST), every value hostile and long (CJK, markdown specials, bidi
 * controls, long URLs, many mentions, a keyword the robot requires); it is composed the way the lane
 * composes it (`composeFor`), sent by the kind's real client to the emulator, and the body the
 * emulator received is measured against the limit as docs/channels-api.md and
 * docs/dingtalk-robot-api.md state it — by this test, not by the renderer's own count. The client
 * must not have had to cut anything itself: the channel's fitting did the work.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { MAX_DIGEST, type RobotCredential } from "../src/channels/channel.ts";
import { appEndpointUrl } from "../src/channels/dingtalk_app/endpoint.ts";
import { CHANNEL_KINDS, type ChannelKind, channelFor } from "../src/channels/index.ts";
import type { DueDelivery } from "../src/delivery/delivery-store.ts";
import { engineHttp } from "../src/delivery/http.ts";
import { composeFor, DEFAULT_COMPOSE } from "../src/delivery/messages.ts";
import { type Emulator, type EmulatorApp, startEmulator } from "../src/emulator/index.ts";
import { composeDigest } from "../src/notify/digest.ts";
import { digestTitle } from "../src/notify/digest-markdown.ts";
import type { NotificationRule } from "../src/notify/rule.ts";
import type { PipelineEvent } from "../src/pipeline/event.ts";
import { BIDI, HOSTILE, ZERO_WIDTH } from "./helpers/hostile.ts";

/** Each kind's documented limit, measured on what the robot's service received. */
const LIMITS: Record<ChannelKind, { what: string; max: number }> = {
  // docs/dingtalk-robot-api.md §3: the body, 20,000 bytes (460101 "message too long").
  dingtalk: { what: "JSON body", max: 20_000 },
  // docs/channels-api.md (WeCom): markdown content ≤ 4,096 bytes, text content ≤ 2,048 (UTF-8); the
  // text message is the one that mentions (received() checks the content against its own type's limit).
  wecom: { what: "content", max: 4096 },
  // docs/channels-api.md (Feishu): body ≤ 20 KB — read as 20,000 bytes, timestamp and sign included.
  feishu: { what: "JSON body with timestamp and sign", max: 20_000 },
  // docs/channels-api.md (app robot): msgParam, a JSON string, ≤ 15,000 bytes.
  dingtalk_app: { what: "msgParam", max: 15_000 },
};

const utf8 = (s: string) => Buffer.byteLength(s, "utf8");

const DT = { token: "dtdigest0123456789abcdef0123456789", secret: "SECdigest0123456789abcdef0123456789" };
const WC = { token: "5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f" };
const FS = { token: "7e6d5c4b-3a29-4180-8f7e-6d5c4b3a2918", secret: "fsDigestSecret01" };
const APP: EmulatorApp = {
  appKey: "dingdigest0001",
  appSecret: "digest-app-secret-0001-abcdef",
  robotCode: "dingdigestrobot",
  conversations: ["cidDigest=="],
};
const KEYWORD = "发布通知";

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator({
    port: 0,
    robots: [
      { ...DT, keywords: [KEYWORD], name: "dingtalk-digest" },
      { ...WC, kind: "wecom", name: "wecom-digest" },
      { ...FS, kind: "feishu", keywords: [KEYWORD], name: "feishu-digest" },
    ],
    apps: [APP],
    appApi: { qps: 1000 },
  });
});
after(() => emulator.close());

function credential(kind: ChannelKind): RobotCredential {
  switch (kind) {
    case "dingtalk":
      return { kind, webhook: emulator.webhookUrl(DT.token), secret: DT.secret, keywords: [KEYWORD] };
    case "wecom":
      return { kind, webhook: `${emulator.url}/cgi-bin/webhook/send?key=${WC.token}` };
    case "feishu":
      return { kind, webhook: emulator.webhookUrl(FS.token), secret: FS.secret, keywords: [KEYWORD] };
    case "dingtalk_app":
      return {
        kind,
        webhook: appEndpointUrl({
          appKey: APP.appKey,
          robotCode: APP.robotCode,
          conversationId: "cidDigest==",
          baseUrl: emulator.appBaseUrl,
        }),
        secret: APP.appSecret,
      };
  }
}

const CJK = "构建流水线部署测试发布回滚镜像制品仓库";
/** A long hostile value: CJK, a markdown construct, bidi and zero-width characters, `n` characters. */
function hostile(i: number, n: number): string {
  const mix = `${CJK}${HOSTILE[i % HOSTILE.length]}${BIDI[i % BIDI.length]}${ZERO_WIDTH[i % ZERO_WIDTH.length]}**_\`[]()#<>|~`;
  return mix.repeat(Math.ceil(n / mix.length)).slice(0, n);
}

/** A run URL of ~2,000 characters: a long path and query with CJK and markdown specials. */
const longUrl = (i: number) =>
  `https://ci.example.com/${encodeURIComponent(hostile(i, 200))}/runs/${i}?q=${"a)b](c)".repeat(200)}&t=${CJK.repeat(20)}#${i}`;

const MOBILES = Array.from({ length: 20 }, (_, i) => `138${String(i).padStart(8, "0")}`);
/** Mentions on the first shape (WeCom sends a text message then), none on the second (markdown). */
const RULE: NotificationRule = {
  credential: "robot",
  events: ["started", "success", "failure", "cancelled"],
  content: ["pipeline", "task", "status", "branch", "commit", "link"],
  custom: hostile(0, 2000),
  at: [...MOBILES, "all", "ou_0123456789abcdef0123456789abcdef"],
  locale: "zh-CN",
  timezone: "Asia/Shanghai",
};

const STATUSES = ["failure", "success", "started", "cancelled"] as const;
type Shape = "every event its own pipeline and task" | "few pipelines, each task many runs";

function event(i: number, shape: Shape): PipelineEvent {
  const own = shape === "every event its own pipeline and task";
  return {
    pipeline: { name: own ? `${i} ${hostile(i, 300)}` : `${i % 3} ${hostile(i % 3, 300)}` },
    run: { id: `run-${i}`, number: 1_000_000_000 + i, url: longUrl(i) },
    task: {
      name: own ? `${i} ${hostile(i + 1, 300)}` : `${i % 7} ${hostile(i % 7, 300)}`,
      status: STATUSES[i % 4]!,
    },
    source: { repo: hostile(i, 200), branch: hostile(i + 2, 255), commit: { message: hostile(i + 3, 2000) } },
  } as PipelineEvent;
}

function batch(n: number, shape: Shape): DueDelivery[] {
  const start = Date.parse("2026-11-30T08:00:00Z");
  return Array.from({ length: n }, (_, i) => ({
    id: `d${i}`,
    credential: "robot",
    eventId: `e${i}`,
    notificationId: "n1",
    rule: shape === "every event its own pipeline and task" ? RULE : { ...RULE, at: [] },
    event: event(i, shape),
    receivedAt: new Date(start + i * 1000).toISOString(),
    tries: 0,
  }));
}

// biome-ignore lint/suspicious/noExplicitAny: a received JSON body, read freely by the checks
type Json = any;

/** The received message's measured part and its text, read from what the emulator got. */
function received(kind: ChannelKind): { bytes: number; text: string } {
  if (kind === "dingtalk_app") {
    const m = emulator.appMessages("cidDigest==").at(-1);
    assert.ok(m, "the app robot API accepted the digest");
    return { bytes: m.bytes, text: JSON.stringify(m.msgParam) };
  }
  const token = { dingtalk: DT.token, wecom: WC.token, feishu: FS.token }[kind];
  const m = emulator.messages(token).at(-1);
  assert.ok(m, `the ${kind} robot accepted the digest`);
  const body: Json = m.body;
  if (kind === "wecom") {
    const content = String(body[body.msgtype].content);
    assert.ok(
      utf8(content) <= (body.msgtype === "text" ? 2048 : 4096),
      `${body.msgtype} content within its limit`,
    );
    return { bytes: utf8(content), text: content };
  }
  // DingTalk: the body as it came (signing is in the URL); Feishu: the raw body, timestamp and sign included.
  return { bytes: kind === "feishu" ? m.bytes : utf8(JSON.stringify(body)), text: JSON.stringify(body) };
}

describe("the largest digest of every robot kind fits its byte limit and counts every event", () => {
  it("one cap: no kind carries more than MAX_DIGEST", () => {
    for (const kind of CHANNEL_KINDS) assert.ok(channelFor(kind).maxDigest <= MAX_DIGEST, kind);
  });

  for (const kind of CHANNEL_KINDS) {
    for (const shape of [
      "every event its own pipeline and task",
      "few pipelines, each task many runs",
    ] as const) {
      it(`${kind}: ${channelFor(kind).maxDigest} hostile deliveries, ${shape}`, async (t) => {
        const channel = channelFor(kind);
        const n = Math.min(MAX_DIGEST, channel.maxDigest);
        const cred = credential(kind);
        const deliveries = batch(n, shape);
        // What the lane does: compose with the robot's keywords and signing, send with one request.
        const rendered = composeFor(DEFAULT_COMPOSE, channel, deliveries, {
          keywords: cred.keywords ?? [],
          signed: cred.secret !== undefined && kind !== "dingtalk_app",
        });
        // The engine's HTTP, on a connection of its own: a kept-alive one from the case before could
        // have passed the emulator's idle timeout while this digest was composed (seconds under load),
        // and a request written on it then is reset before any answer (the client does not retry here).
        const http = engineHttp({ env: {} });
        assert.ok(http);
        t.after(() => http.close());
        const client = channel.client(cred, {
          rateLimit: false,
          retry: false,
          timeoutMs: 10_000,
          fetch: http.fetch,
        });
        const result = await client.send(rendered.body);
        assert.equal(result.fitted, false, "the channel's fitting, not the client, kept it within the limit");

        const got = received(kind);
        const limit = LIMITS[kind];
        assert.ok(got.bytes <= limit.max, `${kind} ${limit.what}: ${got.bytes} bytes > ${limit.max}`);
        t.diagnostic(`${limit.what}: ${got.bytes} of ${limit.max} bytes`);
        // Still says how many events it covers, in the digest's language.
        const digest = composeDigest(
          deliveries.map((d) => ({ rule: d.rule, event: d.event, receivedAt: d.receivedAt })),
        );
        assert.equal(digest.total, n);
        const title = digestTitle(digest);
        assert.match(title, new RegExp(`${n} 条更新`));
        assert.ok(got.text.includes(title), `the received ${kind} digest says "${title}"`);
      });
    }
  }
});
