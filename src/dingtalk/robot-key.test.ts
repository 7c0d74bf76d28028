import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { createRobotKeyer, robotIdentity, robotKeyOf, sameRobot } from "./robot-key.ts";

const TOKEN = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const WEBHOOK = `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`;

test("one robot, one key: the same access token whatever else the webhook or credential carries", () => {
  const keyer = createRobotKeyer(randomBytes(32));
  const key = robotKeyOf(keyer, WEBHOOK);
  assert.ok(key?.startsWith("dingtalk:"));
  assert.equal(robotKeyOf(keyer, `${WEBHOOK}&timestamp=1&sign=x`), key);
  assert.equal(robotKeyOf(keyer, `https://OAPI.dingtalk.com/robot/send?access_token=${TOKEN}`), key);
  // A config credential written as token: (default endpoint) names the same robot as its webhook.
  assert.equal(robotIdentity({ token: TOKEN }), robotIdentity({ webhook: WEBHOOK }));
  assert.equal(keyer(robotIdentity({ token: TOKEN })!), key);
});

test("other robots, other keys: another token, or the same token on another endpoint (an emulator)", () => {
  const keyer = createRobotKeyer(randomBytes(32));
  const key = robotKeyOf(keyer, WEBHOOK);
  assert.notEqual(robotKeyOf(keyer, WEBHOOK.replace("0123", "9999")), key);
  assert.notEqual(robotKeyOf(keyer, `http://127.0.0.1:9000/robot/send?access_token=${TOKEN}`), key);
  assert.equal(robotKeyOf(keyer, "https://oapi.dingtalk.com/robot/send"), undefined);
  assert.equal(robotKeyOf(keyer, "not a url"), undefined);
});

test("the key never shows the token and depends on the service's secret key", () => {
  const secret = randomBytes(32);
  const key = robotKeyOf(createRobotKeyer(secret), WEBHOOK)!;
  assert.doesNotMatch(key, /0123456789abcdef/);
  assert.equal(robotKeyOf(createRobotKeyer(Buffer.from(secret)), WEBHOOK), key);
  assert.notEqual(robotKeyOf(createRobotKeyer(randomBytes(32)), WEBHOOK), key);
});

test("sameRobot compares keys (constant time) and never matches a missing key", () => {
  assert.equal(sameRobot("dingtalk:abc", "dingtalk:abc"), true);
  assert.equal(sameRobot("dingtalk:abc", "dingtalk:abd"), false);
  assert.equal(sameRobot("dingtalk:abc", "dingtalk:abcd"), false);
  assert.equal(sameRobot(undefined, undefined), false);
  assert.equal(sameRobot("dingtalk:abc", undefined), false);
});
