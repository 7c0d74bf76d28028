import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAppRobotError } from "./errors.ts";
import {
  type AppMessage,
  appActionCard,
  appMarkdown,
  appText,
  MAX_MSG_PARAM_BYTES,
  prepareAppMessage,
  TRUNCATED,
} from "./messages.ts";

// Bytes counted by an independent oracle: TextEncoder, not Buffer.byteLength.
const bytes = (s: string) => new TextEncoder().encode(s).length;

describe("app robot messages", () => {
  it("turn msgParam into a JSON string, untouched when within 15,000 bytes", () => {
    const prepared = prepareAppMessage(
      appActionCard({ title: "t", text: "**x**", buttonTitle: "Open", url: "https://ci/1" }),
    );
    assert.equal(prepared.msgKey, "sampleActionCard");
    assert.deepEqual(JSON.parse(prepared.msgParam), {
      title: "t",
      text: "**x**",
      singleTitle: "Open",
      singleURL: "https://ci/1",
    });
    assert.equal(prepared.fitted, false);
    assert.equal(prepared.bytes, bytes(prepared.msgParam));
  });

  it("shorten a long text at a character boundary so msgParam fits exactly within the limit", () => {
    for (const unit of ["a", "流水线失败", "🚀", 'say "hi"\n\\']) {
      const text = unit.repeat(Math.ceil(40_000 / unit.length));
      const prepared = prepareAppMessage(appMarkdown("标题", text));
      assert.equal(prepared.fitted, true);
      assert.ok(bytes(prepared.msgParam) <= MAX_MSG_PARAM_BYTES, `${unit}: ${bytes(prepared.msgParam)}`);
      const param = JSON.parse(prepared.msgParam) as { title: string; text: string };
      assert.equal(param.title, "标题");
      assert.ok(param.text.endsWith(TRUNCATED));
      assert.ok(text.startsWith(param.text.slice(0, -TRUNCATED.length)), "a prefix of the original text");
      // One more character would not have fitted (the cut is as late as it can be).
      const kept = Array.from(param.text.slice(0, -TRUNCATED.length)).length;
      const longer = JSON.stringify({
        title: "标题",
        text:
          Array.from(text)
            .slice(0, kept + 1)
            .join("") + TRUNCATED,
      });
      assert.ok(bytes(longer) > MAX_MSG_PARAM_BYTES);
    }
    const content = prepareAppMessage(appText("x".repeat(20_000)));
    assert.ok(bytes(content.msgParam) <= MAX_MSG_PARAM_BYTES);
  });

  it("refuse what DingTalk would refuse: unknown msgKeys, missing fields, titles that alone are too long", () => {
    assert.throws(
      () => prepareAppMessage({ msgKey: "feedCard", msgParam: {} } as unknown as AppMessage),
      (e) => isAppRobotError(e, "invalid_message") && /sampleMarkdown/.test(e.fix ?? ""),
    );
    assert.throws(
      () => prepareAppMessage(appMarkdown("", "x")),
      (e) => isAppRobotError(e, "invalid_message") && /'title'/.test(e.message),
    );
    assert.throws(
      () => prepareAppMessage(appMarkdown("t".repeat(16_000), "x")),
      (e) => isAppRobotError(e, "message_too_long"),
    );
  });
});
