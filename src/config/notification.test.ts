import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CREDENTIALS, ENV, one, parseLines as parse } from "../../test/helpers/config-diagnostics.ts";
import { resolveMentions } from "../notify/mentions.ts";
import { formatDiagnostic } from "./index.ts";

describe("parseConfig: notifications", () => {
  const withNotification = (...lines: string[]) => parse([...CREDENTIALS, "notifications:", ...lines]);

  test("unknown event with did-you-mean, at the item", () => {
    const r = withNotification("  - credential: ci-group", "    events: [success, fial]");
    const { where, d } = one(r.diagnostics, "unknown event 'fial' — did you mean 'failure'?");
    assert.equal(where, "error 8:23");
    assert.match(d.fix ?? "", /docs\/events\.md/);
    assert.equal(r.config, undefined);
  });

  test("a transition is accepted, with a warning that a pipeline step has no history to derive it", () => {
    const r = withNotification("  - credential: ci-group", "    events: [broken, Fixed, failure]");
    assert.deepEqual(r.config?.notifications[0]?.events, ["broken", "fixed", "failure"]);
    const broken = one(r.diagnostics, "event 'broken' of notification #1 needs the history");
    assert.equal(broken.where, "warning 8:14");
    assert.match(
      broken.d.message,
      /cannot tell a new failure from a repeated one, so it never sends for 'broken'/,
    );
    assert.match(broken.d.fix ?? "", /select failure here, or set this notification up in dingpipe serve/);
    const fixed = one(r.diagnostics, "event 'Fixed' of notification #1 needs the history");
    assert.match(fixed.d.message, /cannot tell a fix from a success/);
    assert.match(fixed.d.fix ?? "", /select success here/);
  });

  test("an event word with nothing close has no suggestion", () => {
    const r = withNotification("  - credential: ci-group", "    events: deployed-to-the-moon");
    assert.equal(
      one(r.diagnostics, "unknown event 'deployed-to-the-moon'").d.message.includes("did you mean"),
      false,
    );
  });

  test("credential not defined, listing the defined ones", () => {
    const r = withNotification("  - credential: ops", "    events: [failure]");
    const { where, d } = one(r.diagnostics, "credential 'ops' is not defined (defined: ci-group)");
    assert.equal(where, "error 7:17");
    assert.equal(d.credential, undefined);
  });

  test("missing credential and missing events, at the notification", () => {
    const r = withNotification("  - tasks: [build]");
    assert.equal(one(r.diagnostics, "notification #1 has no credential:").where, "error 7:5");
    assert.equal(one(r.diagnostics, "notification #1 has no events:").where, "error 7:5");
  });

  test("empty events", () => {
    const r = withNotification("  - credential: ci-group", "    events: []");
    const { where, d } = one(r.diagnostics, "events of notification #1 is empty");
    assert.equal(where, "error 8:13");
    assert.match(d.fix ?? "", /failure, success/);
  });

  test("empty tasks", () => {
    const r = withNotification("  - credential: ci-group", "    events: [failure]", "    tasks: []");
    assert.equal(
      one(r.diagnostics, "tasks of notification #1 is empty: it selects no task").where,
      "error 9:12",
    );
  });

  test("unknown content item with did-you-mean; repeated item", () => {
    const r = withNotification(
      "  - credential: ci-group",
      "    events: [failure]",
      "    content: [pipeline, brnch, pipeline]",
    );
    assert.equal(
      one(r.diagnostics, "unknown content item 'brnch' — did you mean 'branch'?").where,
      "error 9:25",
    );
    assert.equal(one(r.diagnostics, "content item 'pipeline' is listed twice").where, "warning 9:32");
  });

  test("empty content without custom", () => {
    const r = withNotification("  - credential: ci-group", "    events: [failure]", "    content: []");
    assert.equal(one(r.diagnostics, "has empty content and no custom").where, "warning 9:14");
  });

  test("unknown style with did-you-mean", () => {
    const r = withNotification("  - credential: ci-group", "    events: [failure]", "    style: actioncard");
    assert.equal(
      one(r.diagnostics, "unknown style 'actioncard' — did you mean 'action_card'?").where,
      "error 9:12",
    );
  });

  test("a mobile that is not a mobile number; all with mobiles", () => {
    const line = "    at: [13800000000, '+852-61234567', 1380000, lin, all]";
    const r = withNotification("  - credential: ci-group", "    events: [failure]", line);
    const col = (needle: string) => line.indexOf(needle) + 1;
    assert.equal(col("1380000,"), 40);
    assert.equal(
      one(r.diagnostics, "'1380000' in at of notification #1 is not a mobile number").where,
      "warning 9:40",
    );
    assert.equal(one(r.diagnostics, "'lin' in at of notification #1").where, `warning 9:${col("lin")}`);
    assert.equal(one(r.diagnostics, "has all and mobiles").where, `warning 9:${col("all")}`);
    assert.equal(r.diagnostics.length, 3);
    assert.deepEqual(r.config?.notifications[0]?.at, [
      "13800000000",
      "+852-61234567",
      "1380000",
      "lin",
      "all",
    ]);
  });

  test("config check warns about exactly the at: entries compose would drop", () => {
    const entries = [
      "13800000000",
      "+852-61234567",
      "+8613800000000",
      "12000000000",
      "138 0000 0000",
      "@13900000000",
    ];
    const line = `    at: [${entries.map((e) => `'${e}'`).join(", ")}]`;
    const r = withNotification("  - credential: ci-group", "    events: [failure]", line);
    const warned = r.diagnostics
      .filter((d) => d.message.endsWith("is not a mobile number"))
      .map((d) => /^'([^']*)'/.exec(d.message)?.[1]);
    const dropped = entries.filter((e) => resolveMentions([e], () => undefined).dropped.length > 0);
    assert.deepEqual(warned, dropped);
    assert.deepEqual(warned, ["+8613800000000", "12000000000", "138 0000 0000"]);
  });

  test(`at: all as a string, \${VAR} mobiles kept for composition`, () => {
    const r = withNotification(
      "  - credential: ci-group",
      "    events: [failure]",
      `    at: ['\${ONCALL_MOBILE}']`,
    );
    // at the reference inside the quotes
    assert.equal(
      one(r.diagnostics, `\${ONCALL_MOBILE} in at of notification #1 is not a dingpipe variable`).where,
      "warning 9:11",
    );
    const r2 = parse(
      [
        ...CREDENTIALS,
        "notifications:",
        "  - credential: ci-group",
        "    events: [failure]",
        `    at: ['\${ONCALL_MOBILE}']`,
      ],
      { ...ENV, ONCALL_MOBILE: "13800000000" },
    );
    assert.deepEqual(r2.diagnostics, []);
    assert.deepEqual(r2.config?.notifications[0]?.at, [`\${ONCALL_MOBILE}`]);
  });

  test(`unknown \${VAR} in custom: warning at the reference, builtins, env and defaults are fine`, () => {
    const r = parse(
      [
        ...CREDENTIALS,
        "notifications:",
        "  - credential: ci-group",
        "    events: [failure]",
        "    custom: |",
        `      **\${DINGPIPE_PIPELINE}** on \${GITEE_BRANCH}`,
        `      by \${GITEE_USER:-someone}, see \${GITEE_PIPELINE_NAM}`,
      ],
      { ...ENV, GITEE_BRANCH: "main" },
    );
    assert.equal(r.diagnostics.length, 1, r.diagnostics.map(formatDiagnostic).join("\n"));
    assert.equal(
      one(r.diagnostics, `\${GITEE_PIPELINE_NAM} in custom of notification #1`).where,
      "warning 11:38",
    );
  });

  test(`a secret-looking \${VAR} in custom is reported even when set: it never reaches a message`, () => {
    const r = parse(
      [
        ...CREDENTIALS,
        "notifications:",
        "  - credential: ci-group",
        "    events: [failure]",
        `    custom: "deploy key \${DEPLOY_TOKEN} for \${GITEE_BRANCH}"`,
      ],
      { ...ENV, DEPLOY_TOKEN: "tok-0123456789", GITEE_BRANCH: "main" },
    );
    assert.equal(r.diagnostics.length, 1, r.diagnostics.map(formatDiagnostic).join("\n"));
    const { where, d } = one(
      r.diagnostics,
      `\${DEPLOY_TOKEN} in custom of notification #1 looks like a secret`,
    );
    assert.equal(where, "warning 9:25");
    assert.ok(!formatDiagnostic(d).includes("tok-0123456789"));
  });

  test("duplicate notifications", () => {
    const r = withNotification(
      "  - credential: ci-group",
      "    events: [failure]",
      "  - credential: ci-group",
      "    events: [fail]",
      "  - credential: ci-group",
      "    events: [failure, success]",
      "    content: [task]",
      "  - credential: ci-group",
      "    tasks: [deploy]",
      "    events: [failure]",
    );
    assert.equal(one(r.diagnostics, "notification #2 duplicates notification #1").where, "warning 9:5");
    const { where, d } = one(r.diagnostics, "notification #3 repeats notification #1 for failure");
    assert.equal(where, "warning 11:5");
    assert.match(d.fix ?? "", /merge them/);
    assert.equal(r.diagnostics.length, 2, "other tasks are not a repeat");
  });

  test("an empty notification list", () => {
    const r = parse([...CREDENTIALS, "notifications: []"]);
    assert.equal(one(r.diagnostics, "no notifications: nothing will be sent").where, "warning 6:16");
    assert.equal(r.config?.notifications.length, 0);
  });

  test("an unused credential is a warning tied to it", () => {
    const r = parse([
      ...CREDENTIALS,
      "  spare:",
      `    token: \${SPARE_TOKEN:-x}`,
      "notifications:",
      "  - {credential: ci-group, events: [failure]}",
    ]);
    const { where, d } = one(r.diagnostics, "credential 'spare' is not used");
    assert.equal(where, "warning 6:3");
    assert.equal(d.credential, "spare");
  });
});
