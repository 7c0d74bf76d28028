import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import type { RobotCredential } from "./channel.ts";
import { channelFor } from "./index.ts";
import { createRobotKeyer, sameRobot } from "./robot-key.ts";

const DT_TOKEN = "0123456789abcdef0123456789abcdef";
const WC_KEY = "693a91f6-7d3b-4bc4-97a0-0ec2a1fa5aaa";
const FS_TOKEN = "0f1e2d3c-4b5a-4c8d-9e6f-5a4b3c2d1e0f";

const same: Array<[RobotCredential, RobotCredential]> = [
  [
    { kind: "dingtalk", webhook: `https://oapi.dingtalk.com/robot/send?access_token=${DT_TOKEN}` },
    { kind: "dingtalk", token: DT_TOKEN },
  ],
  [
    { kind: "wecom", webhook: WC_KEY },
    { kind: "wecom", webhook: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WC_KEY}` },
  ],
  [
    { kind: "feishu", webhook: `https://open.feishu.cn/open-apis/bot/v2/hook/${FS_TOKEN}` },
    { kind: "feishu", webhook: `https://OPEN.feishu.cn/open-apis/bot/v2/hook/${FS_TOKEN}`, secret: "other" },
  ],
];

describe("robot keys: the real robot behind a credential", () => {
  it("one robot, however its credential is written, has one key; its secret is not in it", () => {
    for (const [a, b] of same) {
      const channel = channelFor(a.kind);
      const key = channel.robotKey(a);
      assert.ok(key?.startsWith(`${a.kind}:`), key);
      assert.equal(channel.robotKey(b), key, a.kind);
      for (const secret of [DT_TOKEN, WC_KEY, FS_TOKEN]) assert.ok(!key?.includes(secret));
    }
  });

  it("robots of different kinds, hosts or tokens have different keys", () => {
    const keys = new Set([
      ...same.map(([a]) => channelFor(a.kind).robotKey(a)),
      channelFor("wecom").robotKey({ kind: "wecom", webhook: "another-key-0001" }),
      channelFor("feishu").robotKey({
        kind: "feishu",
        webhook: `https://open.larksuite.com/open-apis/bot/v2/hook/${FS_TOKEN}`,
      }),
      channelFor("dingtalk").robotKey({
        kind: "dingtalk",
        token: DT_TOKEN,
        baseUrl: "http://127.0.0.1:8090",
      }),
    ]);
    assert.equal(keys.size, 6);
  });

  it("the service's keyer hashes the identity (kind, origin, secret) under its own key", () => {
    const keyer = (identity: string) =>
      `${identity.split("\n")[0]}:${createHmac("sha256", "service key").update(identity).digest("base64url")}`;
    const [a] = same[0]!;
    assert.equal(channelFor("dingtalk").robotIdentity(a), `dingtalk\nhttps://oapi.dingtalk.com\n${DT_TOKEN}`);
    assert.equal(
      channelFor("dingtalk").robotKey(a, keyer),
      keyer(`dingtalk\nhttps://oapi.dingtalk.com\n${DT_TOKEN}`),
    );
    assert.equal(channelFor("wecom").robotIdentity({ kind: "wecom", webhook: "not a webhook" }), undefined);
  });

  it("DingTalk: the same token with signing parameters or another host case is one robot; no token, no robot", () => {
    const keyer = createRobotKeyer(randomBytes(32));
    const dingtalk = channelFor("dingtalk");
    const webhook = `https://oapi.dingtalk.com/robot/send?access_token=${DT_TOKEN}`;
    const key = dingtalk.robotKey({ kind: "dingtalk", webhook }, keyer);
    assert.ok(key?.startsWith("dingtalk:"));
    for (const other of [`${webhook}&timestamp=1&sign=x`, webhook.replace("oapi", "OAPI")])
      assert.equal(dingtalk.robotKey({ kind: "dingtalk", webhook: other }, keyer), key, other);
    assert.notEqual(
      dingtalk.robotKey(
        { kind: "dingtalk", webhook: `http://127.0.0.1:9000/robot/send?access_token=${DT_TOKEN}` },
        keyer,
      ),
      key,
    );
    assert.equal(
      dingtalk.robotKey({ kind: "dingtalk", webhook: "https://oapi.dingtalk.com/robot/send" }, keyer),
      undefined,
    );
    assert.equal(dingtalk.robotKey({ kind: "dingtalk", webhook: "not a url" }, keyer), undefined);
  });

  it("the service's keyer: keys of every kind depend on its secret key and never show the robot's secret", () => {
    const secret = randomBytes(32);
    for (const [a] of same) {
      const channel = channelFor(a.kind);
      const key = channel.robotKey(a, createRobotKeyer(secret));
      assert.ok(key?.startsWith(`${a.kind}:`), key);
      assert.equal(channel.robotKey(a, createRobotKeyer(Buffer.from(secret))), key);
      assert.notEqual(channel.robotKey(a, createRobotKeyer(randomBytes(32))), key);
      assert.notEqual(channel.robotKey(a), key); // not the plain in-process hash
      for (const s of [DT_TOKEN, WC_KEY, FS_TOKEN]) assert.ok(!key?.includes(s));
    }
  });

  it("sameRobot compares keys (constant time) and never matches a missing key", () => {
    assert.equal(sameRobot("dingtalk:abc", "dingtalk:abc"), true);
    assert.equal(sameRobot("dingtalk:abc", "dingtalk:abd"), false);
    assert.equal(sameRobot("dingtalk:abc", "dingtalk:abcd"), false);
    assert.equal(sameRobot(undefined, undefined), false);
    assert.equal(sameRobot("dingtalk:abc", undefined), false);
  });
});
