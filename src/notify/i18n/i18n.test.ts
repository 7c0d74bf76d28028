import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { TRUNCATED } from "../../dingtalk/fit.ts";
import { STATUSES } from "../../pipeline/status.ts";
import { composeTitle } from "../compose.ts";
import { formatDuration as todayDuration, statusWord as todayStatusWord } from "../format.ts";
import { CONTENT_ITEMS } from "../rule.ts";
import { sampleEvent } from "../sample.ts";
import { en } from "./en.ts";
import {
  clockTime,
  DEFAULT_MESSAGE_LOCALE,
  dateTime,
  defaultTimeZone,
  formatDuration,
  isMessageLocale,
  isTimeZone,
  itemLabel,
  MESSAGE_CATALOGS,
  MESSAGE_LOCALES,
  offsetMinutes,
  stateWord,
  statusWord,
  t,
  withZone,
  zoneLabel,
} from "./index.ts";

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/u;

describe("message catalogues", () => {
  test("every key exists in every locale, no extra keys, entries of the same kind", () => {
    const keys = Object.keys(en).sort();
    for (const locale of MESSAGE_LOCALES) {
      const catalog = MESSAGE_CATALOGS[locale] as Record<string, unknown>;
      assert.deepEqual(Object.keys(catalog).sort(), keys, locale);
      for (const [k, v] of Object.entries(en)) assert.equal(typeof catalog[k], typeof v, `${locale} ${k}`);
    }
  });

  test("one label per content item, one word per status, named like them", () => {
    const labels = Object.keys(en).filter((k) => k.startsWith("label."));
    assert.deepEqual(labels.sort(), CONTENT_ITEMS.map((c) => `label.${c}`).sort());
    for (const prefix of ["status.", "state."]) {
      assert.deepEqual(
        Object.keys(en)
          .filter((k) => k.startsWith(prefix))
          .sort(),
        STATUSES.map((s) => prefix + s).sort(),
      );
    }
  });

  test("Chinese uses the words of Gitee and Alibaba Cloud DevOps", () => {
    const zh = "zh-CN";
    assert.deepEqual(
      ["success", "failure", "cancelled", "skipped", "waiting", "started"].map((s) =>
        statusWord(zh, s as never),
      ),
      ["运行成功", "运行失败", "已取消", "已跳过", "等待中", "运行中"],
    );
    const labels = [
      "pipeline",
      "trigger_user",
      "task",
      "stage",
      "status",
      "build_number",
      "branch",
      "commit",
      "duration",
    ];
    assert.deepEqual(
      labels.map((i) => itemLabel(zh, i as never)),
      ["流水线", "触发人", "任务", "阶段", "运行状态", "构建号", "分支", "提交", "耗时"],
    );
    assert.equal(t(zh, "viewRun"), "查看详情");
    assert.equal(t(zh, "truncated"), "…已截断");
    assert.equal(
      t(zh, "title", {
        mark: "❌",
        pipeline: "web-release",
        task: "deploy",
        status: statusWord(zh, "failure"),
      }),
      "❌ web-release · deploy 运行失败",
    );
    assert.equal(t(zh, "digest.title", { updates: 37, failing: 3 }), "dingpipe 汇总：37 条更新（3 ❌）");
    // Every Chinese entry reads as Chinese (a sample of the parametrized ones with sample values).
    for (const [k, v] of Object.entries(MESSAGE_CATALOGS["zh-CN"])) {
      const text =
        typeof v === "function"
          ? (v as (p: unknown) => string)(
              new Proxy(
                {},
                {
                  get: (_t, name) =>
                    name === "failing" ? 1 : name === "status" || name === "state" ? "运行失败" : 2,
                },
              ),
            )
          : v;
      assert.ok(CJK.test(text) || /^[@…\d\s]*$/u.test(text) || k === "title", `${k}: ${text}`);
    }
  });

  test("English keeps the words messages use today", () => {
    const event = sampleEvent("failure");
    assert.equal(
      t("en", "title", {
        mark: "❌",
        pipeline: event.pipeline.displayName || event.pipeline.name,
        task: event.task.name,
        status: statusWord("en", "failure"),
      }),
      composeTitle(event, "en"),
    );
    const run = { ...event, task: { ...event.task, name: event.pipeline.name } };
    assert.equal(
      t("en", "titleRun", {
        mark: "❌",
        pipeline: run.pipeline.displayName || run.pipeline.name,
        status: statusWord("en", "failure"),
      }),
      composeTitle(run, "en"),
    );
    for (const s of STATUSES) {
      assert.equal(statusWord("en", s), todayStatusWord(s));
      assert.equal(stateWord("en", s), s);
    }
    const labels = ["Pipeline", "Run", "Stage", "Task", "Status", "Triggered by", "Trigger", "Repository"];
    labels.push(
      "Branch",
      "Commit",
      "Message",
      "Author",
      "Pull request",
      "Duration",
      "Started",
      "Finished",
      "Link",
    );
    assert.deepEqual(
      CONTENT_ITEMS.map((c) => itemLabel("en", c)),
      labels,
    );
    assert.equal(t("en", "truncated"), TRUNCATED);
    for (const ms of [0, 850, 42_000, 185_000, 3_723_000])
      assert.equal(formatDuration(ms, "en"), todayDuration(ms));
    assert.equal(t("en", "digest.title", { updates: 1, failing: 0 }), "dingpipe digest: 1 update");
  });

  test("the default locale is Chinese; only known locales are accepted", () => {
    assert.equal(DEFAULT_MESSAGE_LOCALE, "zh-CN");
    assert.ok(isMessageLocale("en") && isMessageLocale("zh-CN"));
    assert.ok(!isMessageLocale("zh") && !isMessageLocale("EN") && !isMessageLocale(undefined));
  });
});

describe("times in messages", () => {
  test("the default zone: TZ when it names a zone, else the system's, else UTC", () => {
    const system = () => "Asia/Tokyo";
    assert.equal(defaultTimeZone({ TZ: "Asia/Shanghai" }, system), "Asia/Shanghai");
    assert.equal(defaultTimeZone({ TZ: ":Europe/Berlin" }, system), "Europe/Berlin");
    assert.equal(defaultTimeZone({ TZ: "/usr/share/zoneinfo/America/New_York" }, system), "America/New_York");
    assert.equal(defaultTimeZone({ TZ: "Mars/Olympus" }, system), "Asia/Tokyo");
    assert.equal(defaultTimeZone({}, system), "Asia/Tokyo");
    assert.equal(
      defaultTimeZone({}, () => undefined),
      "UTC",
    );
  });

  test("the system's zone is asked once, and again when the process's TZ changes", () => {
    const before = process.env["TZ"];
    try {
      process.env["TZ"] = "Asia/Tokyo";
      assert.equal(defaultTimeZone({}), "Asia/Tokyo");
      assert.equal(defaultTimeZone({}), "Asia/Tokyo");
      process.env["TZ"] = "America/Chicago";
      assert.equal(defaultTimeZone({}), "America/Chicago");
      assert.equal(isTimeZone("America/Chicago"), true);
      assert.equal(isTimeZone("Mars/Olympus"), false);
    } finally {
      if (before === undefined) delete process.env["TZ"];
      else process.env["TZ"] = before;
    }
  });

  test("composing many messages without a zone of their own makes no DateTimeFormat per message", (t) => {
    let made = 0;
    const Original = Intl.DateTimeFormat;
    t.mock.property(
      Intl,
      "DateTimeFormat",
      new Proxy(Original, {
        construct(target, args) {
          made++;
          return Reflect.construct(target, args);
        },
        apply(target, self, args) {
          made++;
          return Reflect.apply(target, self, args);
        },
      }),
    );
    for (let i = 0; i < 100; i++) {
      defaultTimeZone();
      defaultTimeZone({ TZ: "Asia/Shanghai" });
    }
    assert.ok(made <= 3, `${made} DateTimeFormats for 200 default zones`);
  });

  test("dates and clock times in the zone, written with the offset in force at that instant", () => {
    const iso = "2026-11-23T00:03:05Z";
    assert.equal(dateTime(iso, "Asia/Shanghai"), "2026-11-23 08:03:05");
    assert.equal(clockTime(iso, "Asia/Shanghai"), "08:03");
    assert.equal(withZone("08:03", iso, "Asia/Shanghai"), "08:03 (UTC+8)");
    assert.equal(dateTime(iso, "America/New_York"), "2026-11-22 19:03:05");
    assert.equal(zoneLabel("America/New_York", new Date("2026-01-15T12:00:00Z")), "UTC-5");
    assert.equal(zoneLabel("America/New_York", new Date("2026-07-15T12:00:00Z")), "UTC-4");
    assert.equal(zoneLabel("Asia/Kolkata", new Date(iso)), "UTC+5:30");
    assert.equal(zoneLabel("America/St_Johns", new Date("2026-01-15T12:00:00Z")), "UTC-3:30");
    assert.equal(zoneLabel("UTC", new Date(iso)), "UTC");
    assert.equal(offsetMinutes("Asia/Shanghai", new Date(iso)), 480);
    assert.equal(dateTime("not a time", "UTC"), undefined);
    assert.equal(clockTime("", "UTC"), undefined);
    assert.equal(withZone("?", "nope", "UTC"), "?");
  });

  test("durations in each locale's words", () => {
    assert.equal(formatDuration(185_000, "zh-CN"), "3分05秒");
    assert.equal(formatDuration(3_723_000, "zh-CN"), "1小时02分03秒");
    assert.equal(formatDuration(42_000, "zh-CN"), "42秒");
    assert.equal(formatDuration(850, "zh-CN"), "不到 1 秒");
    assert.equal(formatDuration(-1, "zh-CN"), undefined);
    assert.equal(formatDuration(Number.NaN, "en"), undefined);
  });
});
