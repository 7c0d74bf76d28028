/**
 * The console's languages, without a browser: the catalogues match key for key, the locale follows
 * the browser, Chinese entries read as Chinese, and every error code and validation sentence the
 * service can answer the console with has its Chinese words — checked against the service's own
 * sources and validators, so a new code or a reworded sentence fails here first.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { DEFAULT_LADDER, judgeFailure } from "../src/delivery/policy.ts";
import { answerError, fixFor, httpError } from "../src/dingtalk/errors.ts";
import { CONTENT_ITEMS } from "../src/notify/rule.ts";
import { BUILTIN_VARIABLES } from "../src/notify/template.ts";
import { STATUSES } from "../src/pipeline/status.ts";
import { HttpError } from "../src/server/errors.ts";
import { validateCredential, validateNotification } from "../src/server/validate.ts";
import { en, eventKey, itemKey, stateKey, statusKey } from "../web/src/i18n/en.ts";
import { CATALOGS, LOCALES, pickLocale, rich, tIn } from "../web/src/i18n/index.ts";
import {
  API_ZH,
  DINGTALK_ZH,
  deliveryErrorZh,
  detailZh,
  fieldZh,
  localizeError,
} from "../web/src/i18n/server-text.ts";
import { VARIABLES_ZH } from "../web/src/i18n/variables-zh.ts";
import { zhCN } from "../web/src/i18n/zh-CN.ts";
import { formatBytes } from "../web/src/size.ts";
import { DELIVERY_STATES } from "../web/src/types.ts";
import { readsAsChinese } from "./console-language.ts";
import { appRobotBody } from "./helpers/app-robot.ts";

describe("catalogues", () => {
  test("every key exists in every locale, no catalogue has extra keys, entries have the same kind", () => {
    const reference = Object.keys(en).sort();
    for (const locale of LOCALES) {
      const catalog = CATALOGS[locale] as Record<string, unknown>;
      assert.deepEqual(Object.keys(catalog).sort(), reference, `${locale} has exactly en's keys`);
      for (const [key, value] of Object.entries(en)) {
        assert.equal(typeof catalog[key], typeof value, `${locale} ${key}: string or function as in en`);
        if (typeof value === "function")
          assert.ok((catalog[key] as () => string).length <= value.length, `${locale} ${key}: parameters`);
      }
    }
  });

  test("every Chinese entry reads as Chinese", () => {
    const sample = (v: unknown) =>
      typeof v === "function" ? (v as (...a: unknown[]) => string)("X1", 2, 3) : (v as string);
    const english = Object.entries(zhCN)
      .map(([k, v]) => [k, sample(v)] as const)
      .filter(([, text]) => !readsAsChinese(text.replaceAll("X1", "")));
    assert.deepEqual(english, []);
  });

  test("the service's word lists all have entries: states, statuses, events, content items", () => {
    for (const s of DELIVERY_STATES) assert.ok(stateKey(s) in en);
    for (const s of STATUSES) assert.ok(statusKey(s) in en && eventKey(s) in en);
    for (const c of CONTENT_ITEMS) assert.ok(itemKey(c) in en);
    assert.equal(tIn("zh-CN", statusKey("failure")), "运行失败");
    assert.equal(tIn("zh-CN", itemKey("trigger_user")), "触发人");
  });

  test("parameters and inline markup", () => {
    assert.equal(tIn("en", "deliveries.shown", 1), "1 delivery shown.");
    assert.equal(tIn("en", "deliveries.shown", 3), "3 deliveries shown.");
    assert.equal(tIn("zh-CN", "deliveries.shown", 3), "显示 3 条发送记录。");
    assert.equal(formatBytes(1234, 20_000, "zh-CN"), "1,234 / 20,000 字节");
    assert.equal(formatBytes(1234, 20_000, "en"), "1,234 / 20,000 bytes");
    const parts = rich(tIn("zh-CN", "form.robotHintNone"), {
      link: (text) => ({ link: text }) as unknown as Node,
    });
    assert.deepEqual(parts, ["还没有机器人：请先", { link: "添加一个" }, "。"]);
    assert.deepEqual(rich("no <b>tags</b> known", {}), ["no <b>tags</b> known"]);
  });
});

describe("which language", () => {
  test("a remembered choice wins, else the first Chinese or English browser language, else English", () => {
    assert.equal(pickLocale(null, ["zh-CN", "en"]), "zh-CN");
    assert.equal(pickLocale(null, ["zh-TW"]), "zh-CN");
    assert.equal(pickLocale(null, ["zh"]), "zh-CN");
    assert.equal(pickLocale(null, ["fr-FR", "en-GB", "zh-CN"]), "en");
    assert.equal(pickLocale(null, ["fr-FR", "zh-HK"]), "zh-CN");
    assert.equal(pickLocale(null, ["fr-FR"]), "en");
    assert.equal(pickLocale(null, []), "en");
    assert.equal(pickLocale("en", ["zh-CN"]), "en");
    assert.equal(pickLocale("zh-CN", ["en-US"]), "zh-CN");
    assert.equal(pickLocale("klingon", ["zh-CN"]), "zh-CN");
  });
});

/** Every error code the service's sources can put in an `{ error: { code } }` answer. */
function serviceErrorCodes(): Set<string> {
  const codes = new Set<string>(["invalid", "not_found", "unauthorized", "unprocessable"]);
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? files(join(dir, e.name))
        : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")
          ? [join(dir, e.name)]
          : [],
    );
  const root = new URL("../src/server/", import.meta.url).pathname;
  for (const file of files(root)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/new HttpError\(\s*\d{3},\s*"([a-z_]+)"/g)) codes.add(m[1]!);
    for (const m of text.matchAll(/\bcode: "([a-z_]+)"/g)) codes.add(m[1]!);
  }
  // Codes passed through from the webhook allowlist (credentials.ts keeps them in its 422).
  const allowlist = readFileSync(join(root, "allowlist.ts"), "utf8");
  for (const m of allowlist.matchAll(/DingpipeError\(\s*"([a-z_]+)"/g)) codes.add(m[1]!);
  return codes;
}

describe("the service's errors in Chinese", () => {
  test("every error code the service answers with has Chinese words", () => {
    const codes = serviceErrorCodes();
    assert.ok(codes.has("conflict") && codes.has("rate_limited") && codes.has("host_not_allowed"));
    assert.deepEqual(
      [...codes].filter((c) => !(c in API_ZH)),
      [],
    );
  });

  test("codes several routes share are told apart by what the console was doing", () => {
    const inUse = new HttpError(409, "conflict", "credential 'ci' is used by 2 notification(s)", {
      details: [
        { path: "notifications/a", message: "uses this credential" },
        { path: "notifications/b", message: "uses this credential" },
      ],
    });
    const e = { status: 409, code: inUse.code, message: inUse.message, details: inUse.details };
    assert.equal(
      localizeError(e, "zh-CN", { action: "robot.delete", name: "ci" }).message,
      "机器人“ci”还在被 2 条通知使用。",
    );
    assert.equal(
      localizeError(e, "zh-CN", { action: "robot.save", name: "ci" }).message,
      "已经有名为“ci”的机器人。",
    );
    assert.equal(
      localizeError(e, "en", { action: "robot.delete" }).message,
      inUse.message,
      "English: the service's words",
    );
    const limited = { status: 429, code: "rate_limited", message: "…; try again in 42 s", retryAfter: 42 };
    assert.match(localizeError(limited, "zh-CN").fix ?? "", /42 秒后/);
  });

  test("an unknown code falls back to the service's English, marked untranslated", () => {
    const e = { status: 418, code: "teapot", message: "I'm a teapot", fix: "brew coffee" };
    assert.deepEqual(localizeError(e, "zh-CN"), {
      message: "I'm a teapot",
      fix: "brew coffee",
      details: [],
      translated: false,
    });
  });

  test("every mistake the forms can send is explained in Chinese, field by field", () => {
    const refusals: unknown[] = [];
    const refuse = (f: () => unknown) => {
      try {
        f();
        assert.fail("the service accepted it");
      } catch (e) {
        assert.ok(e instanceof HttpError);
        refusals.push(...(e.details ?? []));
      }
    };
    refuse(() => validateCredential({ name: "ci/group", keywords: Array(11).fill("k") }, "create"));
    refuse(() => validateCredential({ name: " x ", webhook: "" }, "create"));
    refuse(() => validateCredential({ name: "x".repeat(65), webhook: "w" }, "create"));
    refuse(() =>
      validateCredential({ rateLimit: { messages: 0, perSeconds: 0 }, secret: " " }, "update", "ci"),
    );
    refuse(() => validateNotification({ credential: "", events: [], at: ["abc"] }, "notification."));
    refuse(() => validateNotification({ credential: "ci", custom: "x".repeat(20_001) }));
    refuse(() =>
      validateNotification({ credential: "ci", events: ["failure"], locale: "zh", timezone: "UTC+8" }),
    );
    refuse(() =>
      validateNotification({ credential: "ci", events: ["failure"], locale: 1, timezone: "Asia/Shangai" }),
    );
    refuse(() =>
      validateNotification({
        credential: "ci",
        events: ["fial"],
        content: ["brnch"],
        style: "fancy",
        enabled: "yes",
        name: `${"x".repeat(101)}`,
      }),
    );
    refuse(() => validateNotification({ credential: "ci", events: ["failure"], name: "a\nb", tasks: [] }));
    refuse(() => validateCredential({ name: "ci", type: "wechat", webhook: "k" }, "create"));
    // A robot kind's rules: a field the kind does not take, an app robot's fields and its base URL.
    refuse(() => validateCredential({ name: "w", type: "wecom", webhook: "k", secret: "x" }, "create"));
    refuse(() =>
      validateCredential(
        {
          name: "a",
          type: "dingtalk_app",
          appKey: "a b",
          appSecret: null,
          robotCode: "r",
          conversationId: "c",
        },
        "update",
        "a",
        "dingtalk_app",
      ),
    );
    refuse(() => validateCredential(appRobotBody({ baseUrl: "ftp://x" }), "create"));
    assert.ok(refusals.length >= 18);
    for (const d of refusals as Array<{ path: string; message: string }>) {
      assert.ok(fieldZh(d.path), `a Chinese name for the field ${d.path}`);
      assert.ok(detailZh(d.message), `Chinese words for “${d.message}”`);
    }
    assert.equal(fieldZh("notification.at[0]"), "@ 提醒（第 1 项）");
    assert.equal(
      detailZh("'UTC+8' is not an IANA time zone name — did you mean 'Asia/Shanghai'? (write …)"),
      "“UTC+8”不是 IANA 时区名，是不是“Asia/Shanghai”？（缩写如 CST 有歧义，请写 Asia/Shanghai 这样的名字）",
    );
    assert.equal(
      detailZh(`'abc' is not a mobile number, a \${VAR} reference or 'all'`),
      `“abc”不是手机号、\${VAR} 变量引用，也不是 all`,
    );
  });

  test("DingTalk's verdicts and stored delivery errors, with their fixes", () => {
    for (const [errcode, errmsg] of [
      [310000, "sign not match"],
      [310000, "keywords not in content"],
      [310000, "ip 203.0.113.9 not in whitelist"],
      [300001, "token is not exist"],
      [130101, "send too fast"],
      [460101, "message too long"],
      [42, "?"],
    ] as const) {
      const error = answerError(errcode, errmsg);
      assert.ok(error.code in DINGTALK_ZH, error.code);
      const verdict = judgeFailure(error, 1, DEFAULT_LADDER);
      if (verdict.kind !== "dead") continue;
      const zh = deliveryErrorZh(verdict.error, verdict.fix);
      assert.ok(zh, `a translation for “${verdict.error}”`);
      assert.ok(readsAsChinese(zh.message) && readsAsChinese(zh.fix ?? "好"));
    }
    const ip = answerError(310000, "ip 203.0.113.9 not in whitelist");
    assert.match(DINGTALK_ZH.ip_not_allowed.fix(fixFor(ip.fix ?? "", "service")), /203\.0\.113\.9/);
    const gaveUp = judgeFailure(httpError(503), DEFAULT_LADDER.maxAttempts, DEFAULT_LADDER);
    assert.equal(gaveUp.kind, "dead");
    assert.match(
      deliveryErrorZh(gaveUp.error, gaveUp.kind === "dead" ? gaveUp.fix : "")?.message ?? "",
      /^尝试 8 次后放弃：/,
    );
    assert.equal(deliveryErrorZh("something else entirely", undefined), undefined);
  });

  test("every template variable has a Chinese description", () => {
    assert.deepEqual(Object.keys(VARIABLES_ZH).sort(), Object.keys(BUILTIN_VARIABLES).sort());
  });
});
