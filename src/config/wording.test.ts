/**
 * `locale` and `timezone` in `.dingpipe.yml`: canonical names accepted (case and `_` forgiven), the
 * rest refused at their line and column with did-you-mean — a Chinese team's usual slips included
 * (`zh`, `UTC+8`, `Beijing`, `CST`, which Intl would read as Chicago).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CREDENTIALS, one, parseLines as parse } from "../../test/helpers/config-diagnostics.ts";
import { parseLocale, parseTimeZone } from "../notify/i18n/names.ts";

describe("parseConfig: locale and timezone", () => {
  const notification = ["notifications:", "  - credential: ci-group", "    events: [failure]"];

  test("top level and per notification, written canonically; a notification keeps its own", () => {
    const r = parse([
      "locale: EN",
      "timezone: asia/shanghai",
      ...CREDENTIALS,
      ...notification,
      "  - credential: ci-group",
      "    events: [success]",
      "    locale: zh_cn",
      "    timezone: Europe/Berlin",
    ]);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === "error"),
      [],
    );
    assert.equal(r.config?.locale, "en");
    assert.equal(r.config?.timezone, "Asia/Shanghai");
    assert.equal(r.config?.notifications[0]?.locale, undefined);
    assert.equal(r.config?.notifications[1]?.locale, "zh-CN");
    assert.equal(r.config?.notifications[1]?.timezone, "Europe/Berlin");
  });

  test("an unknown locale, at its value, with did-you-mean", () => {
    const r = parse(["locale: zh", ...CREDENTIALS, ...notification]);
    const { where, d } = one(r.diagnostics, "locale: unknown locale 'zh' — did you mean 'zh-CN'?");
    assert.equal(where, "error 1:9");
    assert.equal(d.fix, "write locale: zh-CN");
    assert.equal(r.config, undefined);
    const n = parse([...CREDENTIALS, ...notification, "    locale: fr"]);
    const bad = one(n.diagnostics, "locale of notification #1: unknown locale 'fr'");
    assert.match(bad.d.fix ?? "", /zh-CN, en/);
  });

  test("a wrong time zone, with the zone meant", () => {
    for (const [written, meant] of [
      ["Asia/Shangai", "Asia/Shanghai"],
      ["UTC+8", "Asia/Shanghai"],
      ["Beijing", "Asia/Shanghai"],
      ["CST", "Asia/Shanghai"],
      ["Tokyo", "Asia/Tokyo"],
    ] as const) {
      const r = parse([...CREDENTIALS, ...notification, `    timezone: ${written}`]);
      const { d } = one(r.diagnostics, `timezone of notification #1: `);
      assert.match(d.message, new RegExp(`did you mean '${meant.replace("/", "\\/")}'\\?$`), written);
      assert.match(d.fix ?? "", new RegExp(`^write timezone: ${meant.replace("/", "\\/")}`));
      assert.equal(r.config, undefined);
    }
  });

  test("an unknown key close to them is named", () => {
    const r = parse([...CREDENTIALS, ...notification, "    timezon: UTC"]);
    one(r.diagnostics, "unknown key 'timezon' in notification #1 — did you mean 'timezone'?");
    const top = parse(["lcoale: en", ...CREDENTIALS, ...notification]);
    one(top.diagnostics, "unknown key 'lcoale' — did you mean 'locale'?");
  });
});

describe("parseLocale, parseTimeZone", () => {
  test("locales: canonical, forgiving case and underscore; common words suggested", () => {
    assert.deepEqual(parseLocale("ZH_cn"), { ok: true, value: "zh-CN" });
    assert.deepEqual(parseLocale(" en "), { ok: true, value: "en" });
    const words: Array<[string, string]> = [
      ["zh", "zh-CN"],
      ["zh-TW", "zh-CN"],
      ["中文", "zh-CN"],
      ["en-US", "en"],
      ["english", "en"],
      ["zh-CM", "zh-CN"],
    ];
    for (const [w, s] of words) assert.equal((parseLocale(w) as { suggestion?: string }).suggestion, s, w);
    const fr = parseLocale("fr");
    assert.ok(!fr.ok && fr.suggestion === undefined && fr.message === "unknown locale 'fr'");
  });

  test("zones: IANA names (any case), UTC; offsets and abbreviations pointed at a name", () => {
    assert.deepEqual(parseTimeZone("asia/shanghai"), { ok: true, value: "Asia/Shanghai" });
    assert.deepEqual(parseTimeZone("UTC"), { ok: true, value: "UTC" });
    assert.deepEqual(parseTimeZone("Etc/GMT-8"), { ok: true, value: "Etc/GMT-8" });
    const cases: Array<[string, string | undefined]> = [
      ["UTC+9", "Etc/GMT-9"],
      ["GMT-5", "Etc/GMT+5"],
      ["+08:00", "Etc/GMT-8"],
      ["北京", "Asia/Shanghai"],
      ["PST", "America/Los_Angeles"],
      ["America/New York", "America/New_York"],
      ["Europe/Berln", "Europe/Berlin"],
      ["Mars/Olympus", undefined],
      ["", undefined],
    ];
    for (const [w, s] of cases) {
      const p = parseTimeZone(w);
      assert.equal(p.ok, false, w);
      assert.equal((p as { suggestion?: string }).suggestion, s, w);
    }
  });
});
