/** A notification's `name` and `enabled` in `.dingpipe.yml`: the same fields as the service's API. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CREDENTIALS, one, parseLines as parse } from "../../test/helpers/config-diagnostics.ts";
import { formatDiagnostic } from "./index.ts";

describe("parseConfig: a notification's name and on/off switch", () => {
  const withNotification = (...lines: string[]) => parse([...CREDENTIALS, "notifications:", ...lines]);

  test("name (trimmed) and enabled: false reach the rule; enabled: true and absent mean on", () => {
    const r = parse([
      ...CREDENTIALS,
      "notifications:",
      "  - name: '  发布 · ops '",
      "    enabled: false",
      "    credential: ci-group",
      "    events: [failure]",
      "  - {credential: ci-group, events: [success], enabled: true}",
      "  - {credential: ci-group, events: [started]}",
    ]);
    assert.deepEqual(r.diagnostics.map(formatDiagnostic), []);
    const [off, on, plain] = r.config?.notifications ?? [];
    assert.equal(off?.name, "发布 · ops");
    assert.equal(off?.enabled, false);
    assert.equal(on?.enabled, undefined, "on is stored as absent, as the service does");
    assert.equal(on?.name, undefined);
    assert.equal(plain?.enabled, undefined);
  });

  test("enabled written as a string or a YAML 1.1 word: an error at the value, with the boolean meant", () => {
    const quoted = withNotification('  - {credential: ci-group, events: [failure], enabled: "false"}');
    const q = one(quoted.diagnostics, "enabled of notification #1 must be true or false");
    assert.equal(q.where, "error 7:56");
    assert.match(q.d.message, /not "false" — did you mean false\?/);
    assert.equal(q.d.fix, "write enabled: false (unquoted)");
    assert.equal(quoted.config, undefined);

    const off = withNotification("  - credential: ci-group", "    events: [failure]", "    enabled: off");
    const o = one(off.diagnostics, "enabled of notification #1 must be true or false, not off");
    assert.equal(o.where, "error 9:14");
    assert.match(o.d.message, /did you mean false\?/);

    const yes = withNotification("  - credential: ci-group", "    events: [failure]", "    enabled: Yes");
    assert.match(one(yes.diagnostics, "must be true or false").d.message, /did you mean true\?/);

    const odd = withNotification("  - credential: ci-group", "    events: [failure]", "    enabled: 2");
    const d = one(odd.diagnostics, "must be true or false, not 2").d;
    assert.equal(d.message.includes("did you mean"), false);
    assert.match(d.fix ?? "", /true \(sends\) or false \(switched off\)/);

    const empty = withNotification("  - credential: ci-group", "    events: [failure]", "    enabled:");
    assert.equal(one(empty.diagnostics, "enabled of notification #1 is empty").where, "error 9:13");
  });

  test("a misspelt key suggests name or enabled", () => {
    const r = withNotification("  - {credential: ci-group, events: [failure], enabeld: false, nmae: x}");
    const e = one(r.diagnostics, "unknown key 'enabeld' in notification #1 — did you mean 'enabled'?");
    assert.equal(e.where, "error 7:47");
    assert.equal(e.d.fix, "rename it to 'enabled'");
    one(r.diagnostics, "unknown key 'nmae' in notification #1 — did you mean 'name'?");
  });

  test("name: not a string, empty, blank, too long or on several lines", () => {
    const list = withNotification("  - {credential: ci-group, events: [failure], name: [a]}");
    assert.equal(one(list.diagnostics, "name of notification #1 must be a string").where, "error 7:53");
    const empty = withNotification("  - {credential: ci-group, events: [failure], name: }");
    one(empty.diagnostics, "name of notification #1 is empty");
    const blank = withNotification("  - {credential: ci-group, events: [failure], name: '  '}");
    assert.equal(one(blank.diagnostics, "name of notification #1 is blank").where, "warning 7:53");
    assert.equal(blank.config?.notifications[0]?.name, undefined);
    const long = withNotification(`  - {credential: ci-group, events: [failure], name: ${"长".repeat(101)}}`);
    const l = one(long.diagnostics, "name of notification #1 is 101 characters long (at most 100)");
    assert.equal(l.d.severity, "error");
    assert.equal(
      withNotification(`  - {credential: ci-group, events: [failure], name: ${"长".repeat(100)}}`).diagnostics
        .length,
      0,
    );
    const lines = withNotification("  - credential: ci-group", "    events: [failure]", '    name: "a\\nb"');
    one(lines.diagnostics, "name of notification #1 spans several lines");
  });

  test("two notifications of one name: a warning at the second name", () => {
    const r = withNotification(
      "  - {name: Deploy, credential: ci-group, events: [failure]}",
      "  - {name: deploy, credential: ci-group, events: [success]}",
    );
    const { where, d } = one(
      r.diagnostics,
      "notification #2 has the same name as notification #1 ('deploy')",
    );
    assert.equal(where, "warning 8:12");
    assert.equal(d.fix, "give each notification its own name");
  });

  test("a switched-off notification repeats none; all switched off is a warning", () => {
    const repeat = withNotification(
      "  - {credential: ci-group, events: [failure]}",
      "  - {credential: ci-group, events: [failure], enabled: false}",
    );
    assert.deepEqual(repeat.diagnostics.map(formatDiagnostic), []);
    const none = withNotification("  - {credential: ci-group, events: [failure], enabled: false}");
    const { where, d } = one(none.diagnostics, "every notification is switched off (enabled: false)");
    assert.equal(where, "warning 7:3");
    assert.match(d.fix ?? "", /enabled: true/);
    assert.ok(none.config, "still a valid file");
  });
});
