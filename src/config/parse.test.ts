import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CREDENTIALS, ENV, one, parseLines as parse } from "../../test/helpers/config-diagnostics.ts";
import { DEFAULT_CONTENT } from "../notify/rule.ts";
import { formatDiagnostic } from "./index.ts";

describe("parseConfig: a good file", () => {
  test("the design's example gives the normalized config and no diagnostics", () => {
    const r = parse(
      [
        ...CREDENTIALS,
        "notifications:",
        "  - credential: ci-group",
        "    tasks: [build, deploy-*]",
        "    events: [failure, SUCC, fail]",
        "    content: [pipeline, branch]",
        "    custom: |",
        `      **\${DINGPIPE_PIPELINE}** built \`\${DINGPIPE_SHORT_COMMIT}\``,
        "    at: [13800000000]",
        "    style: action_card",
        "  - credential: ci-group",
        "    events: started",
        "    at: all",
      ],
      ENV,
    );
    // fail and failure mean the same: one warning, the rest is clean
    assert.deepEqual(
      r.diagnostics.map((d) => d.message),
      ["event 'fail' repeats 'failure' in notification #1 (both mean failure)"],
    );
    assert.deepEqual(r.config, {
      file: ".dingpipe.yml",
      credentials: {
        "ci-group": {
          name: "ci-group",
          webhook: ENV.DINGTALK_WEBHOOK,
          secret: ENV.DINGTALK_SECRET,
          keywords: ["CI"],
        },
      },
      notifications: [
        {
          credential: "ci-group",
          tasks: ["build", "deploy-*"],
          events: ["failure", "success"],
          content: ["pipeline", "branch"],
          custom: `**\${DINGPIPE_PIPELINE}** built \`\${DINGPIPE_SHORT_COMMIT}\`\n`,
          at: ["13800000000"],
          style: "action_card",
        },
        { credential: "ci-group", events: ["started"], content: [...DEFAULT_CONTENT], at: ["all"] },
      ],
    });
  });

  test(`token with base_url, rate_limit and \${VAR:-default}`, () => {
    const r = parse(
      [
        "credentials:",
        "  local:",
        `    token: \${ROBOT_TOKEN}`,
        `    base_url: \${EMULATOR_URL:-http://127.0.0.1:8080}`,
        "    rate_limit: {messages: 10, per_seconds: 60}",
        "notifications:",
        "  - {credential: local, events: [failed, canceled]}",
      ],
      { ROBOT_TOKEN: "t0k3n" },
    );
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.config?.credentials["local"], {
      name: "local",
      token: "t0k3n",
      baseUrl: "http://127.0.0.1:8080",
      rateLimit: { messages: 10, perSeconds: 60 },
    });
    assert.deepEqual(r.config?.notifications[0]?.events, ["failure", "cancelled"]);
  });

  test("YAML anchors and aliases are followed", () => {
    const r = parse([
      ...CREDENTIALS,
      "notifications:",
      "  - credential: ci-group",
      "    events: &important [failure, cancelled]",
      "    tasks: [deploy]",
      "  - credential: ci-group",
      "    events: *important",
      "    tasks: [build]",
    ]);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.config?.notifications[1]?.events, ["failure", "cancelled"]);
  });
});

describe("parseConfig: step 1, the shape", () => {
  test("YAML syntax errors at their line:col", () => {
    const r = parse([
      ...CREDENTIALS,
      "notifications:",
      "  - credential: ci-group",
      "    events: [failure",
      "  tasks: x",
    ]);
    assert.equal(r.config, undefined);
    assert.ok(r.diagnostics.length >= 1);
    assert.ok(r.diagnostics.every((d) => d.severity === "error" && d.message.startsWith("YAML: ")));
    assert.ok(
      r.diagnostics.some((d) => d.line >= 8),
      formatDiagnostic(r.diagnostics[0]!),
    );
  });

  test(`an unquoted \${VAR} inside [ ] gets the quoting fix`, () => {
    const r = parse([
      ...CREDENTIALS,
      "notifications:",
      "  - credential: ci-group",
      "    events: [failure]",
      `    at: [\${ONCALL}, 13800000000]`,
    ]);
    assert.equal(r.diagnostics.length, 1, "only the first syntax error");
    const d = r.diagnostics[0]!;
    assert.equal(`${d.line}`, "9");
    assert.match(d.fix ?? "", /quote \$\{…\} values inside \[ \] or \{ \}/);
  });

  test("a duplicate key is a YAML error at the second key", () => {
    const r = parse([
      ...CREDENTIALS,
      "notifications:",
      "  - credential: ci-group",
      "    events: [failure]",
      "    events: [success]",
    ]);
    const { where, d } = one(r.diagnostics, "unique");
    assert.equal(where, "error 9:5");
    assert.match(d.fix ?? "", /remove or rename/);
  });

  test("an empty file", () => {
    const r = parse([""]);
    assert.equal(one(r.diagnostics, "the file is empty").where, "error 1:1");
    assert.equal(r.config, undefined);
  });

  test("a file that is not a mapping", () => {
    const r = parse(["- credential: ci-group"]);
    assert.equal(one(r.diagnostics, "must be a mapping").where, "error 1:1");
  });

  test("unknown keys with did-you-mean, at the key", () => {
    const r = parse([
      ...CREDENTIALS,
      "    secrte: x",
      "notifications:",
      "  - credential: ci-group",
      "    evnets: [failure]",
      "    events: [failure]",
      "    colour: red",
      "notifcations: []",
    ]);
    const secret = one(
      r.diagnostics,
      "unknown key 'secrte' in credential 'ci-group' — did you mean 'secret'?",
    );
    assert.equal(secret.where, "error 6:5");
    assert.equal(secret.d.fix, "rename it to 'secret'");
    assert.equal(secret.d.credential, "ci-group");
    assert.equal(
      one(r.diagnostics, "unknown key 'evnets' in notification #1 — did you mean 'events'?").where,
      "error 9:5",
    );
    const colour = one(r.diagnostics, "unknown key 'colour'");
    assert.equal(colour.where, "error 11:5");
    assert.match(colour.d.fix ?? "", /known keys here: credential, pipelines, tasks, events/);
    assert.equal(
      one(r.diagnostics, "unknown key 'notifcations' — did you mean 'notifications'?").where,
      "error 12:1",
    );
  });

  test("missing sections", () => {
    const r = parse(["credentials:", "  a:", `    webhook: \${DINGTALK_WEBHOOK}`]);
    assert.equal(one(r.diagnostics, "no `notifications:` section").where, "error 1:1");
    const r2 = parse(["notifications: []"]);
    assert.equal(one(r2.diagnostics, "no `credentials:` section").where, "error 1:1");
    // A section's name in the singular is an unknown key (with the plural meant), not a misshapen section.
    const r3 = parse(["credential:", "  a:", `    webhook: \${DINGTALK_WEBHOOK}`, "notification: []"]);
    assert.equal(
      one(r3.diagnostics, "unknown key 'credential' — did you mean 'credentials'?").where,
      "error 1:1",
    );
    assert.equal(
      one(r3.diagnostics, "unknown key 'notification' — did you mean 'notifications'?").where,
      "error 4:1",
    );
  });

  test("wrong types at the value", () => {
    const r = parse([
      "credentials:",
      "  ci-group: https://oapi.dingtalk.com/robot/send",
      "notifications:",
      "  credential: ci-group",
    ]);
    assert.equal(one(r.diagnostics, "credential 'ci-group' must be a mapping").where, "error 2:13");
    assert.equal(one(r.diagnostics, "`notifications` must be a list").where, "error 4:3");
    const r2 = parse([
      ...CREDENTIALS,
      "notifications:",
      "  - credential: ci-group",
      "    events: {failure: true}",
      "    custom: [a]",
    ]);
    assert.equal(one(r2.diagnostics, "events of notification #1 must be a string").where, "error 8:13");
    assert.equal(one(r2.diagnostics, "custom of notification #1 must be a string").where, "error 9:13");
    const r3 = parse([
      ...CREDENTIALS,
      "    rate_limit: {messages: 0}",
      "notifications:",
      "  - {credential: ci-group, events: [failure]}",
    ]);
    assert.equal(
      one(r3.diagnostics, "messages of rate_limit of credential 'ci-group' must be a whole number").where,
      "error 6:28",
    );
  });

  test("an empty value", () => {
    const r = parse([...CREDENTIALS, "notifications:", "  - credential:", "    events: [failure]"]);
    // at the place of the missing value, right after the colon
    assert.equal(one(r.diagnostics, "credential of notification #1 is empty").where, "error 7:16");
  });
});

describe("formatDiagnostic", () => {
  test("compiler style with the fix on the next line", () => {
    assert.equal(
      formatDiagnostic({
        severity: "error",
        message: "unknown event 'fial' — did you mean 'failure'?",
        fix: "use failure",
        file: ".dingpipe.yml",
        line: 8,
        column: 22,
      }),
      ".dingpipe.yml:8:22: error: unknown event 'fial' — did you mean 'failure'?\n  fix: use failure",
    );
    assert.equal(
      formatDiagnostic({ severity: "warning", message: "m", file: "f", line: 1, column: 2 }),
      "f:1:2: warning: m",
    );
  });
});
