/**
 * The checks across fields are worded once (src/contract/rules.ts) and said by both paths: `.dingpipe.yml`
 * (parseConfig) and the service's API over real HTTP on a real SQLite file — a run card on a robot that
 * cannot keep one, an @ entry the robot kind cannot mention — and so are a robot kind's credential rules
 * (src/contract/credential-rules.ts): a DingTalk secret without SEC, a field a WeCom robot does not take.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parseConfig } from "./helpers/config-diagnostics.ts";
import { startService, type TestService } from "./helpers/service.ts";

const TOKEN = "faketoken0123456789abcdef0123456789abcdef0123456789abcdef01234567";
const WEBHOOK = `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`;
const OPEN_ID = "ou_0123456789abcdef0123456789abcdef";

let s: TestService;
before(async () => {
  s = await startService({});
  const created = await s.api("/api/credentials", { body: { name: "robot", webhook: WEBHOOK } });
  assert.equal(created.status, 201);
});
after(async () => {
  await s.close();
});

function file(notification: string) {
  const text = [
    "credentials:",
    "  robot:",
    "    webhook: $" + "{DINGTALK_WEBHOOK}",
    "notifications:",
    `  - ${notification}`,
  ].join("\n");
  return parseConfig(text, ".dingpipe.yml", { DINGTALK_WEBHOOK: WEBHOOK }).diagnostics;
}

describe("cross-field rules, one wording for the file and the API", () => {
  test("style run_card on a DingTalk webhook robot: an error in the file, 422 at style in the API", async () => {
    const d = file("{credential: robot, events: [failure], style: run_card}").find(
      (x) => x.severity === "error",
    );
    assert.ok(d, "the file accepts a run card on a webhook robot");
    assert.equal(
      d.message,
      "style run_card of notification #1 needs a DingTalk app robot, and credential 'robot' is a DingTalk robot",
    );
    const r = await s.api("/api/notifications", {
      body: { credential: "robot", events: ["failure"], style: "run_card" },
    });
    assert.equal(r.status, 422);
    assert.equal(
      r.body.error.message,
      "style run_card needs a DingTalk app robot, and credential 'robot' is a DingTalk robot",
    );
    assert.equal(r.body.error.fix, d.fix);
    assert.deepEqual(
      r.body.error.details.map((x: { path: string }) => x.path),
      ["style"],
    );
  });

  test("an open_id on a DingTalk robot: a warning in the file, a warning in the API's answer, stored as given", async () => {
    const d = file(`{credential: robot, events: [failure], at: [${OPEN_ID}]}`).find(
      (x) => x.severity === "warning",
    );
    assert.ok(d, "the file says nothing about an open_id on DingTalk");
    assert.match(
      d.message,
      /^'ou_0123456789abcdef0123456789abcdef' in at of notification #1 cannot be mentioned/,
    );
    const r = await s.api("/api/notifications", {
      body: { credential: "robot", events: ["failure"], at: [OPEN_ID, "13800000000"] },
    });
    assert.equal(r.status, 201);
    assert.deepEqual(r.body.at, [OPEN_ID, "13800000000"]);
    assert.deepEqual(r.body.warnings, [
      {
        code: "robot_fit",
        path: "at[0]",
        message: d.message.replace(" of notification #1", ""),
        fix: d.fix,
      },
    ]);
    const again = await s.api(`/api/notifications/${r.body.id}`);
    assert.equal(again.body.warnings, undefined, "warnings are said when the change is made, not stored");
  });

  test("a credential that does not exist: 422 naming the defined ones", async () => {
    const r = await s.api("/api/notifications", { body: { credential: "ghost", events: ["failure"] } });
    assert.equal(r.status, 422);
    assert.equal(r.body.error.message, "credential 'ghost' does not exist (defined: robot)");
  });
});

/** `.dingpipe.yml` with one credential `robot` of the given lines (file lines 3…). */
function credentialFile(lines: string[], env: Record<string, string>) {
  const text = [
    "credentials:",
    "  robot:",
    ...lines,
    "notifications:",
    "  - {credential: robot, events: [failure]}",
  ];
  return parseConfig(text.join("\n"), ".dingpipe.yml", env).diagnostics;
}

describe("a robot kind's credential rules, one wording for the file and the API", () => {
  test("a DingTalk secret that does not start with SEC: a warning at secret: in the file, 400 at secret in the API", async () => {
    const d = credentialFile(["    webhook: $" + "{W}", "    secret: $" + "{S}"], {
      W: WEBHOOK,
      S: "hunter2-hunter2",
    }).find((x) => x.message.includes("SEC"));
    assert.ok(d, "the file says nothing about a secret without SEC");
    assert.equal(d.severity, "warning");
    assert.equal(d.line, 4);
    assert.equal(
      d.message,
      "secret of credential 'robot' (from S) is not a DingTalk signing secret: those start with SEC",
    );
    const r = await s.api("/api/credentials", {
      body: { name: "notsec", webhook: WEBHOOK, secret: "hunter2-hunter2" },
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.error.details, [
      { path: "secret", message: "is not a DingTalk signing secret: those start with SEC" },
    ]);
    assert.equal(r.body.error.fix, d.fix);
    assert.ok(!JSON.stringify([d, r.body]).includes("hunter2"), "the secret is never shown");
  });

  test("a secret on a WeCom robot: an error at the key in the file, 400 at secret in the API, the same words", async () => {
    const KEY = "693a91f6-7d3b-4bc4-97a0-0ec2a1fa5aaa";
    const d = credentialFile(["    type: wecom", "    webhook: $" + "{W}", "    secret: $" + "{S}"], {
      W: KEY,
      S: "x",
    }).find((x) => x.severity === "error");
    assert.ok(d, "the file takes a secret on a WeCom robot");
    assert.equal(d.message, "secret of credential 'robot' is not taken by a WeCom robot");
    const r = await s.api("/api/credentials", {
      body: { name: "wecom-robot", type: "wecom", webhook: KEY, secret: "x" },
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.error.details, [{ path: "secret", message: "is not taken by a WeCom robot" }]);
    // The fix names the fields as each path spells them: `secret:` in the file, secret in the API.
    assert.equal(d.fix, "remove secret: (a WeCom robot takes webhook, rate_limit)");
    assert.equal(r.body.error.fix, "remove secret (a WeCom robot takes webhook)");
  });
  test("an @ entry is read as composing reads it, by the file and the API alike (isMentionEntry)", async () => {
    // Mentioned when sending: refused by neither. Never mentioned: a warning in the file, a 400 in the API.
    for (const entry of ["@13800000000", "所有人", "13800000000, 13900000000"]) {
      const d = file(`{credential: robot, events: [failure], at: ['${entry}']}`);
      assert.equal(d.filter((x) => x.message.includes("is not a mobile number")).length, 0, entry);
      const r = await s.api("/api/notifications", {
        body: { credential: "robot", events: ["failure"], at: [entry] },
      });
      assert.equal(r.status, 201, `${entry}: ${JSON.stringify(r.body)}`);
    }
    for (const entry of ["12345", "138 0000 0000"]) {
      const d = file(`{credential: robot, events: [failure], at: ['${entry}']}`);
      assert.ok(
        d.some((x) => x.severity === "warning" && x.message.includes("is not a mobile number")),
        entry,
      );
      const r = await s.api("/api/notifications", {
        body: { credential: "robot", events: ["failure"], at: [entry] },
      });
      assert.equal(r.status, 400, entry);
      assert.equal(r.body.error.details[0].path, "at[0]");
    }
  });
  test("an @ entry holding a variable reference is taken whatever is around it; one that only looks like one is not", async () => {
    // What it mentions is known only when sending (what then resolves to no one is left out, with a warning):
    // the file and the API both take it, as they take a whole reference.
    const ref = (name: string) => "$" + `{${name}}`;
    for (const entry of [
      ref("ONCALL"),
      `@${ref("ONCALL")}`,
      `x${ref("Y")}z`,
      `+852-${ref("HK_MOBILE")}`,
      `${ref("A")},${ref("B")}`,
      "$" + "{ONCALL:-13800000000}",
    ]) {
      const d = file(`{credential: robot, events: [failure], at: ['${entry}']}`);
      assert.deepEqual(
        d.filter((x) => x.message.includes("is not a mobile number")),
        [],
        `the file warns about ${entry}`,
      );
      const r = await s.api("/api/notifications", {
        body: { credential: "robot", events: ["failure"], at: [entry] },
      });
      assert.equal(r.status, 201, `${entry}: ${JSON.stringify(r.body)}`);
      assert.deepEqual(r.body.at, [entry], "stored as written");
    }
    // No reference to the template reader, so a literal that never mentions anyone: a warning, a 400.
    for (const entry of ["$" + "{ONCALL", "$$" + "{ONCALL}", "$" + "{1ONCALL}", "$" + "{}"]) {
      const d = file(`{credential: robot, events: [failure], at: ['${entry}']}`);
      const warned = d.filter((x) => x.message.includes("is not a mobile number"));
      assert.equal(warned.length, 1, `the file takes ${entry}`);
      assert.equal(warned[0]!.severity, "warning");
      assert.equal(warned[0]!.message, `'${entry}' in at of notification #1 is not a mobile number`);
      const r = await s.api("/api/notifications", {
        body: { credential: "robot", events: ["failure"], at: [entry] },
      });
      assert.equal(r.status, 400, `the API takes ${entry}`);
      assert.deepEqual(r.body.error.details, [
        {
          path: "at[0]",
          message: `'${entry}' is not a mobile number, a Feishu open_id (ou_…), a ${ref("VAR")} reference or 'all'`,
        },
      ]);
    }
  });
});

describe("one reading of a notification, for the file and the API", () => {
  test("the same notification written in .dingpipe.yml and POSTed is the same rule", async () => {
    // Written loosely, as people do: platform words, cases, spaces, repeats, one item for a list.
    const notification = {
      credential: "robot",
      events: ["FAIL", "failure", "Success", "broken"],
      pipelines: [" web-* ", "web-*", "api"],
      tasks: "deploy",
      content: ["Branch", "branch", " commit "],
      at: ["ALL", "all"],
      style: "Markdown",
      locale: "EN",
      timezone: "asia/shanghai",
      name: "  deploy alerts ",
      custom: "   ",
      enabled: false,
    };
    const parsed = parseConfig(
      `credentials:\n  robot:\n    webhook: \${DINGTALK_WEBHOOK}\nnotifications:\n  - ${JSON.stringify(notification)}\n`,
      ".dingpipe.yml",
      { DINGTALK_WEBHOOK: WEBHOOK },
    );
    assert.deepEqual(
      parsed.diagnostics.filter((d) => d.severity === "error"),
      [],
    );
    const fromFile = parsed.config!.notifications[0]!;
    const r = await s.api("/api/notifications", { body: notification });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const { id: _, createdAt: __, updatedAt: ___, ...stored } = r.body;
    assert.deepEqual(stored, fromFile);
    assert.deepEqual(fromFile, {
      credential: "robot",
      events: ["failure", "success", "broken"],
      content: ["branch", "commit"],
      name: "deploy alerts",
      enabled: false,
      pipelines: ["web-*", "api"],
      tasks: ["deploy"],
      at: ["all"],
      style: "markdown",
      locale: "en",
      timezone: "Asia/Shanghai",
    });
  });
});
