/** A robot's verdict on a test message (the robot's own, or a notification's): shown the same way. */
import type { ChannelKind } from "../../../src/channels/kinds.ts";
import { h } from "../dom.ts";
import { formatMs, locale, t } from "../i18n/index.ts";
import { dingTalkZh } from "../i18n/server-text.ts";
import type { TestResult } from "../types.ts";
import { around, data, fixLine, serverText } from "../ui.ts";

/** DingTalk's verdict on a test message: its errcode and errmsg as DingTalk wrote them, and the fix. */
export function testResultView(name: string, result: TestResult, kind: ChannelKind): HTMLElement {
  const zh = locale() === "en" ? undefined : dingTalkZh(result.code, result.fix, kind);
  const errcode = (n: number) => h("code", { translate: "no" }, `errcode ${n}`);
  if (result.ok) {
    return h(
      "div",
      { class: "test-result ok" },
      h(
        "p",
        null,
        around((n) => t("test.delivered", n), name),
        errcode(result.errcode ?? 0),
        result.errmsg ? around((m) => t("test.errmsg", m), result.errmsg) : "",
        t("test.deliveredIn", formatMs(result.durationMs)),
      ),
    );
  }
  const fix = zh?.fix ?? result.fix;
  return h(
    "div",
    { class: "test-result failed", "data-code": result.code },
    h(
      "p",
      null,
      t("test.notDelivered"),
      result.errcode !== undefined
        ? [
            t("test.answered"),
            errcode(result.errcode),
            result.errmsg ? [t("ui.colon"), data(result.errmsg)] : "",
          ]
        : zh
          ? `${zh.summary}。`
          : result.errmsg
            ? serverText(result.errmsg)
            : result.code
              ? ""
              : t("test.failed"),
      result.code ? [" ", h("span", { class: "code", translate: "no" }, `(${result.code})`)] : null,
    ),
    fix ? fixLine(zh ? fix : serverText(fix)) : null,
  );
}
