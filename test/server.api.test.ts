/**
 * The service's JSON API over real HTTP, on a real SQLite file: authentication, credentials (secrets
 * write-only and encrypted at rest, host allowlist), notifications, preview, variables, events, limits,
 * and the public operations endpoints.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startService, type TestService } from "./helpers/service.ts";

const SECRET = "SECfake0000111122223333444455556666777788889999aaaabbbbccccddddeeee";
const TOKEN = "faketoken0123456789abcdef0123456789abcdef0123456789abcdef01234567";
const WEBHOOK = `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}`;

/** A `${NAME}` template reference. */
const ref = (name: string) => "$" + `{${name}}`;

let s: TestService;
before(async () => {
  s = await startService({ config: { allowHosts: ["127.0.0.1:9"] } });
});
after(async () => {
  await s.close();
});

describe("authentication", () => {
  test("every /api route refuses a missing or wrong token with 401 and reveals nothing", async () => {
    await s.api("/api/credentials", { body: { name: "leak-check", webhook: WEBHOOK, secret: SECRET } });
    for (const path of [
      "/api/session",
      "/api/credentials",
      "/api/credentials/leak-check",
      "/api/notifications",
      "/api/deliveries",
      "/api/no-such-route",
    ]) {
      for (const token of [null, "wrong", `${s.token}x`]) {
        const r = await s.api(path, { token });
        assert.equal(r.status, 401, `${path} with ${token}`);
        assert.equal(r.body.error.code, "unauthorized");
        assert.ok(r.body.error.fix);
        assert.equal(r.headers.get("www-authenticate"), 'Bearer realm="dingpipe"');
        assert.doesNotMatch(JSON.stringify(r.body), /leak-check|oapi|SEC/);
      }
    }
    const post = await s.api("/api/events", {
      token: null,
      body: { pipeline: { name: "p" }, task: { name: "t", status: "success" } },
    });
    assert.equal(post.status, 401);
  });

  test("every route the app serves under /api (all methods) refuses a missing or wrong token", async () => {
    const made = await s.api("/api/credentials", {
      body: { name: "leak-check", webhook: WEBHOOK, secret: SECRET },
    });
    assert.ok([201, 409].includes(made.status));
    const api = s.routes.filter((r) => r.pattern.startsWith("/api/") && r.pattern !== "/api/openapi.json");
    assert.ok(api.length >= 15, `only ${api.length} /api routes found`);
    for (const { method, pattern } of api) {
      const path = pattern.replace(/:name\b/, "leak-check").replace(/:id\b/, "1");
      for (const token of [null, "wrong", `${s.token}x`, s.token.slice(0, -1)]) {
        const r = await s.api(path, {
          method,
          token,
          ...(method === "POST" || method === "PUT" ? { body: { name: "leak-check" } } : {}),
        });
        assert.equal(r.status, 401, `${method} ${path} with ${token}`);
        assert.equal(r.body.error.code, "unauthorized");
        assert.doesNotMatch(JSON.stringify(r.body), /leak-check|oapi|SEC/);
      }
      // A non-Bearer scheme carrying the right token is refused too.
      const basic = await s.api(path, {
        method,
        token: null,
        headers: { authorization: `Basic ${s.token}` },
      });
      assert.equal(basic.status, 401, `${method} ${path} with Basic`);
    }
    assert.equal((await s.api("/api/credentials/leak-check")).status, 200, "nothing was changed or deleted");
  });

  test("GET /api/session validates a token for sign-in", async () => {
    const r = await s.api("/api/session");
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { ok: true, token: { name: "admin" } });
  });

  test("the token is stored hashed: its text is not in the database", async () => {
    assert.ok(!databaseBytes(s.dataDir).includes(Buffer.from(s.token)));
  });
});

describe("credentials", () => {
  test("create, list, get, update and delete; secrets are never returned", async () => {
    const created = await s.api("/api/credentials", {
      body: {
        name: "ci-group",
        webhook: WEBHOOK,
        secret: SECRET,
        keywords: ["CI"],
        rateLimit: { messages: 10, perSeconds: 60 },
      },
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, "ci-group");
    assert.equal(created.body.hasSecret, true);
    assert.equal(created.body.hint, "oapi.dingtalk.com access_token=fake…");
    assert.deepEqual(created.body.keywords, ["CI"]);
    assert.deepEqual(created.body.rateLimit, { messages: 10, perSeconds: 60 });
    // (Other tests here hold the same webhook: the answer warns that they share the robot.)
    for (const w of created.body.warnings ?? []) assert.equal(w.code, "shared_robot");
    assert.deepEqual(
      Object.keys(created.body)
        .filter((k) => k !== "warnings")
        .sort(),
      ["createdAt", "hasSecret", "hint", "keywords", "name", "rateLimit", "robot", "type", "updatedAt"],
    );
    assert.equal(created.body.type, "dingtalk", "a credential without type is a DingTalk robot");
    // The robot behind it, never sent to yet; its key (a hash of the token) is not shown either.
    assert.deepEqual(created.body.robot, { state: "ok" });
    assert.ok(!JSON.stringify(created.body).includes("dingtalk:"));

    const list = await s.api("/api/credentials");
    const one = await s.api("/api/credentials/ci-group");
    for (const r of [created, list, one]) {
      const text = JSON.stringify(r.body);
      assert.ok(!text.includes(SECRET) && !text.includes(TOKEN), "no secret in answers");
    }
    assert.ok(list.body.some((c: { name: string }) => c.name === "ci-group"));
    assert.equal(one.body.name, "ci-group");

    const dup = await s.api("/api/credentials", { body: { name: "ci-group", webhook: WEBHOOK } });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.code, "conflict");

    // PUT without webhook/secret keeps them; secret null removes it.
    const kept = await s.api("/api/credentials/ci-group", { method: "PUT", body: { keywords: ["CD"] } });
    assert.equal(kept.status, 200);
    assert.equal(kept.body.hasSecret, true);
    assert.deepEqual(kept.body.keywords, ["CD"]);
    assert.equal(kept.body.hint, "oapi.dingtalk.com access_token=fake…");
    const removed = await s.api("/api/credentials/ci-group", { method: "PUT", body: { secret: null } });
    assert.equal(removed.body.hasSecret, false);
    const renamed = await s.api("/api/credentials/ci-group", { method: "PUT", body: { name: "other" } });
    assert.equal(renamed.status, 400);

    assert.equal((await s.api("/api/credentials/ci-group", { method: "DELETE" })).status, 204);
    assert.equal((await s.api("/api/credentials/ci-group")).status, 404);
    assert.equal((await s.api("/api/credentials/ci-group", { method: "DELETE" })).status, 404);
  });

  test("secrets are encrypted at rest: neither the signing secret nor the access token is in the database files", async () => {
    const r = await s.api("/api/credentials", {
      body: { name: "at-rest", webhook: WEBHOOK, secret: SECRET },
    });
    assert.equal(r.status, 201);
    const bytes = databaseBytes(s.dataDir);
    assert.ok(bytes.includes(Buffer.from("at-rest")), "the credential row is in the files read");
    assert.ok(!bytes.includes(Buffer.from(SECRET)), "signing secret stored in clear");
    assert.ok(!bytes.includes(Buffer.from(TOKEN)), "access token stored in clear");
    assert.ok(!bytes.includes(Buffer.from(TOKEN.slice(4, 40))), "access token stored in clear");
  });

  test("validation errors name each field", async () => {
    const r = await s.api("/api/credentials", {
      body: { name: "", webhok: "x", keywords: "CI", rateLimit: { messages: 0 } },
    });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, "invalid");
    const paths = r.body.error.details.map((d: { path: string }) => d.path);
    assert.ok(paths.includes("name"));
    assert.ok(paths.includes("webhook"));
    assert.ok(paths.includes("webhok"));
    assert.ok(paths.includes("rateLimit.messages"));
    assert.match(JSON.stringify(r.body.error.details), /did you mean 'webhook'/);
  });

  test("webhook hosts must be on the allowlist; http only for an explicitly allowed host", async () => {
    const cases: Array<[string, number]> = [
      ["https://10.0.0.1/robot/send?access_token=abcd", 422],
      ["https://oapi.dingtalk.com.evil.example/robot/send?access_token=abcd", 422],
      ["http://oapi.dingtalk.com/robot/send?access_token=abcd", 422],
      ["http://127.0.0.1:8080/robot/send?access_token=abcd", 422],
      ["https://user:pw@oapi.dingtalk.com/robot/send?access_token=abcd", 400],
      ["https://oapi.dingtalk.com/robot/send", 400],
      ["not a url", 400],
      ["http://127.0.0.1:9/robot/send?access_token=abcd", 201],
    ];
    for (const [i, [webhook, status]] of cases.entries()) {
      const r = await s.api("/api/credentials", { body: { name: `host-${i}`, webhook } });
      const expected = status === 400 ? [400, 422] : [status];
      assert.ok(expected.includes(r.status), `${webhook}: ${r.status} ${JSON.stringify(r.body)}`);
      if (r.status !== 201) {
        assert.ok(r.body.error.fix, "the refusal says how to fix it");
        assert.doesNotMatch(JSON.stringify(r.body), /access_token=abcd/);
      }
    }
  });

  test("a credential used by a notification cannot be deleted", async () => {
    await s.api("/api/credentials", { body: { name: "in-use", webhook: WEBHOOK } });
    const n = await s.api("/api/notifications", { body: { credential: "in-use", events: ["failure"] } });
    assert.equal(n.status, 201);
    const r = await s.api("/api/credentials/in-use", { method: "DELETE" });
    assert.equal(r.status, 409);
    await s.api(`/api/notifications/${n.body.id}`, { method: "DELETE" });
    assert.equal((await s.api("/api/credentials/in-use", { method: "DELETE" })).status, 204);
  });
});

describe("credential bodies, checked by the file's declaration", () => {
  test("a rate limit given in part is completed with its kind's default on create, as the file does (Feishu: 100 per 60 s), and with the stored half on update", async () => {
    const FEISHU = "https://open.feishu.cn/open-apis/bot/v2/hook/1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d";
    const feishu = await s.api("/api/credentials", {
      body: { name: "feishu-part", type: "feishu", webhook: FEISHU, rateLimit: { perSeconds: 60 } },
    });
    assert.equal(feishu.status, 201, JSON.stringify(feishu.body));
    assert.deepEqual(feishu.body.rateLimit, { messages: 100, perSeconds: 60 });
    const dingtalk = await s.api("/api/credentials", {
      body: {
        name: "dingtalk-part",
        webhook: WEBHOOK.replace(TOKEN, "0123456789abcdef".repeat(4)),
        rateLimit: { messages: 5 },
      },
    });
    assert.equal(dingtalk.status, 201, JSON.stringify(dingtalk.body));
    assert.deepEqual(dingtalk.body.rateLimit, { messages: 5, perSeconds: 60 });
    // An update giving half of it keeps the stored other half, not the kind's default.
    const slower = await s.api("/api/credentials/dingtalk-part", {
      method: "PUT",
      body: { rateLimit: { perSeconds: 120 } },
    });
    assert.equal(slower.status, 200, JSON.stringify(slower.body));
    assert.deepEqual(slower.body.rateLimit, { messages: 5, perSeconds: 120 });
    const fewer = await s.api("/api/credentials/feishu-part", {
      method: "PUT",
      body: { rateLimit: { messages: 7 } },
    });
    assert.equal(fewer.status, 200, JSON.stringify(fewer.body));
    assert.deepEqual(fewer.body.rateLimit, { messages: 7, perSeconds: 60 });
  });
  test("the kind as the file writes it (any case, lark), numbers as strings, and the file's words for a bad field", async () => {
    const FEISHU = "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-4b5a-4c8d-9e6f-5a4b3c2d1e0f";
    const lark = await s.api("/api/credentials", {
      body: {
        name: "lark-group",
        type: "Lark",
        webhook: FEISHU,
        rateLimit: { messages: "50", perSeconds: 60 },
      },
    });
    assert.equal(lark.status, 201, JSON.stringify(lark.body));
    assert.equal(lark.body.type, "feishu");
    assert.deepEqual(lark.body.rateLimit, { messages: 50, perSeconds: 60 });
    const bad = await s.api("/api/credentials", {
      body: { name: "typo", type: "wechat", webhook: "k", keywords: ["CI", " "], rateLimit: { message: 5 } },
    });
    assert.equal(bad.status, 400);
    const details = bad.body.error.details as Array<{ path: string; message: string }>;
    assert.deepEqual(details.map((d) => d.path).sort(), ["keywords[1]", "rateLimit.message", "type"]);
    assert.match(details.find((d) => d.path === "type")!.message, /did you mean 'wecom'\?/);
    assert.match(details.find((d) => d.path === "keywords[1]")!.message, /^is empty$/);
    assert.match(details.find((d) => d.path === "rateLimit.message")!.message, /did you mean 'messages'\?/);
    assert.match(bad.body.error.fix, /write one of dingtalk, wecom, feishu, dingtalk_app/);
  });
});

describe("notifications", () => {
  before(async () => {
    await s.api("/api/credentials", { body: { name: "robot", webhook: WEBHOOK, keywords: ["CI"] } });
  });

  test("CRUD; event aliases stored canonical; content defaults", async () => {
    const created = await s.api("/api/notifications", {
      body: {
        credential: "robot",
        pipelines: ["web-*"],
        tasks: ["build"],
        events: ["FAIL", "SUCC", "failure"],
        custom: `hi ${ref("X")}`,
        at: ["13800000000", "all"],
      },
    });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.events, ["failure", "success"]);
    assert.ok(created.body.content.length > 0);
    assert.deepEqual(created.body.pipelines, ["web-*"]);
    const id = created.body.id;
    assert.equal((await s.api(`/api/notifications/${id}`)).body.custom, `hi ${ref("X")}`);
    const updated = await s.api(`/api/notifications/${id}`, {
      method: "PUT",
      body: {
        credential: "robot",
        events: ["cancel"],
        content: ["branch", "pipeline"],
        style: "action_card",
      },
    });
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body.events, ["cancelled"]);
    assert.deepEqual(updated.body.content, ["branch", "pipeline"]);
    assert.equal(updated.body.pipelines, undefined);
    assert.ok((await s.api("/api/notifications")).body.some((n: { id: string }) => n.id === id));
    assert.equal((await s.api(`/api/notifications/${id}`, { method: "DELETE" })).status, 204);
    assert.equal((await s.api(`/api/notifications/${id}`)).status, 404);
    assert.equal(
      (
        await s.api("/api/notifications/nope", {
          method: "PUT",
          body: { credential: "robot", events: ["failure"] },
        })
      ).status,
      404,
    );
  });

  test("validation: unknown events with a suggestion, unknown content, bad mentions, missing credential", async () => {
    const r = await s.api("/api/notifications", {
      body: { credential: "robot", events: ["fial"], content: ["brnch"], at: ["bob"], style: "fancy" },
    });
    assert.equal(r.status, 400);
    const details = r.body.error.details as Array<{ path: string; message: string }>;
    assert.deepEqual(details.map((d) => d.path).sort(), ["at[0]", "content[0]", "events[0]", "style"]);
    assert.match(details.find((d) => d.path === "events[0]")!.message, /did you mean 'failure'/);
    const empty = await s.api("/api/notifications", { body: { credential: "robot", events: [] } });
    assert.equal(empty.status, 400);
    const missing = await s.api("/api/notifications", { body: { credential: "ghost", events: ["failure"] } });
    assert.equal(missing.status, 422);
    assert.match(missing.body.error.message, /ghost/);
  });

  test("the file's declaration: words forgiven as in .dingpipe.yml, the same messages and fixes, ids ignored", async () => {
    const ok = await s.api("/api/notifications", {
      body: {
        id: "ignored",
        createdAt: "2026-01-01T00:00:00Z",
        credential: " robot ",
        events: "FAIL",
        content: ["Branch", "branch", "pipeline"],
        style: "Action_Card",
        at: 13800000000,
        name: "  Deploys  ",
      },
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.notEqual(ok.body.id, "ignored");
    assert.equal(ok.body.credential, "robot");
    assert.deepEqual(ok.body.events, ["failure"]);
    assert.deepEqual(ok.body.content, ["branch", "pipeline"]);
    assert.equal(ok.body.style, "action_card");
    assert.deepEqual(ok.body.at, ["13800000000"]);
    assert.equal(ok.body.name, "Deploys");
    const bad = await s.api("/api/notifications", {
      body: { credential: "robot", events: [], enabled: "yes", name: "two\nlines", evnets: 1 },
    });
    assert.equal(bad.status, 400);
    const details = bad.body.error.details as Array<{ path: string; message: string }>;
    assert.deepEqual(details.map((d) => d.path).sort(), ["enabled", "events", "evnets", "name"]);
    assert.match(details.find((d) => d.path === "events")!.message, /^is empty: it would never send$/);
    assert.match(details.find((d) => d.path === "enabled")!.message, /did you mean true\?/);
    assert.match(details.find((d) => d.path === "name")!.message, /spans several lines/);
    assert.match(details.find((d) => d.path === "evnets")!.message, /did you mean 'events'\?/);
    // The first problem in the message, and its fix (each declared with its field).
    const fixes: Record<string, RegExp> = {
      events: /^list events, e\.g\. \[failure, success\]/,
      enabled: /^write enabled: true/,
      name: /^write it on one line$/,
    };
    const [first] = details;
    assert.equal(
      bad.body.error.message,
      `invalid notification: ${first!.path}: ${first!.message} (and 3 more)`,
    );
    assert.match(bad.body.error.fix, fixes[first!.path]!);
    const empty = await s.api("/api/notifications", { body: { credential: "robot", events: [] } });
    assert.match(empty.body.error.fix, /list events, e\.g\. \[failure, success\]/);
  });

  test("the preview names a robot kind as a credential does: any case, lark is feishu, a typo with did-you-mean", async () => {
    const notification = { credential: "not-yet-made", events: ["failure"] };
    const lark = await s.api("/api/preview", { body: { notification, type: "Lark" } });
    assert.equal(lark.status, 200, JSON.stringify(lark.body));
    assert.equal(lark.body.type, "feishu");
    const typo = await s.api("/api/preview", { body: { notification, type: "wechat" } });
    assert.equal(typo.status, 400);
    assert.equal(typo.body.error.details[0].path, "type");
    assert.match(typo.body.error.details[0].message, /did you mean 'wecom'\?/);
    const none = await s.api("/api/preview", { body: { notification: "failure" } });
    assert.equal(none.status, 400);
    assert.equal(none.body.error.details[0].path, "notification");
  });

  test("locale and timezone: stored canonical, refused with did-you-mean, and the preview speaks them", async () => {
    const ok = await s.api("/api/notifications", {
      body: { credential: "robot", events: ["failure"], locale: "EN", timezone: "asia/tokyo" },
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.locale, "en");
    assert.equal(ok.body.timezone, "Asia/Tokyo");
    const bad = await s.api("/api/notifications", {
      body: { credential: "robot", events: ["failure"], locale: "zh", timezone: "CST" },
    });
    assert.equal(bad.status, 400);
    const details = bad.body.error.details as Array<{ path: string; message: string }>;
    assert.deepEqual(details.map((d) => d.path).sort(), ["locale", "timezone"]);
    assert.match(
      details.find((d) => d.path === "locale")!.message,
      /^unknown locale 'zh' — did you mean 'zh-CN'\?/,
    );
    assert.match(
      details.find((d) => d.path === "timezone")!.message,
      /^'CST' is not an IANA time zone name — did you mean 'Asia\/Shanghai'\?/,
    );
    const event = {
      pipeline: { name: "前端发布" },
      task: { name: "部署", status: "FAIL", startedAt: "2026-11-23T00:03:00Z" },
    };
    const content = ["pipeline", "status", "started_at"];
    const zh = await s.api("/api/preview", {
      body: {
        notification: { credential: "robot", events: ["failure"], content, timezone: "Asia/Shanghai" },
        event,
      },
    });
    assert.equal(zh.status, 200);
    const zhText = zh.body.message.markdown.text as string;
    assert.match(zhText, /^### ❌ 前端发布 · 部署 运行失败/);
    assert.match(zhText, /\*\*开始时间\*\* 2026-11-23 08:03:00 \(UTC\+8\)/);
    const en = await s.api("/api/preview", {
      body: {
        notification: {
          credential: "robot",
          events: ["failure"],
          content,
          locale: "en",
          timezone: "Asia/Tokyo",
        },
        event,
      },
    });
    assert.match(en.body.message.markdown.text, /^### ❌ 前端发布 · 部署 failed/);
    assert.match(en.body.message.markdown.text, /\*\*Started\*\* 2026-11-23 09:03:00 \(UTC\+9\)/);
    const wrong = await s.api("/api/preview", {
      body: { notification: { credential: "robot", events: ["failure"], timezone: "Beijing" } },
    });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.details[0].path, "notification.timezone");
  });

  test("preview renders the message for a sample or a given event, with size and unknown variables", async () => {
    const sample = await s.api("/api/preview", {
      body: {
        notification: {
          credential: "robot",
          events: ["failure"],
          custom: `see ${ref("NOPE")} on ${ref("DINGPIPE_BRANCH")}`,
        },
      },
    });
    assert.equal(sample.status, 200);
    assert.equal(sample.body.maxBytes, 20000);
    assert.equal(sample.body.message.msgtype, "markdown");
    assert.ok(sample.body.bytes > 0 && sample.body.bytes <= 20000);
    assert.deepEqual(sample.body.unknownVariables, ["NOPE"]);
    assert.match(JSON.stringify(sample.body.message), /CI/, "the robot's keyword is added");
    const given = await s.api("/api/preview", {
      body: {
        notification: { credential: "robot", events: ["success"], content: ["pipeline", "branch"] },
        event: {
          pipeline: { name: "my-pipe" },
          task: { name: "deploy", status: "SUCC" },
          source: { branch: "release/9" },
        },
      },
    });
    assert.equal(given.status, 200);
    const text = JSON.stringify(given.body.message);
    assert.match(text, /my-pipe/);
    assert.match(text, /release\/9/);
    const bad = await s.api("/api/preview", {
      body: { notification: { credential: "robot", events: ["nope"] } },
    });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].path, "notification.events[0]");
  });

  test("variables lists the builtin variables", async () => {
    const r = await s.api("/api/variables");
    assert.equal(r.status, 200);
    assert.ok(
      r.body.some(
        (v: { name: string; description: string }) => v.name === "DINGPIPE_BRANCH" && v.description,
      ),
    );
  });
});

describe("unknown fields", () => {
  test("every JSON body the API takes refuses an unknown field with its path and the closest known one", async () => {
    assert.equal(
      (await s.api("/api/credentials", { body: { name: "strict", webhook: WEBHOOK } })).status,
      201,
    );
    const rule = { credential: "strict", events: ["failure"] };
    const n = await s.api("/api/notifications", { body: rule });
    assert.equal(n.status, 201);
    const event = { pipeline: { name: "web" }, task: { name: "build", status: "failure" } };
    const cases: Array<[string, string, unknown, string, string]> = [
      ["POST", "/api/tokens", { name: "strict-token", nmae: "x" }, "nmae", "'name'"],
      ["POST", "/api/credentials", { name: "strict-2", webhok: WEBHOOK }, "webhok", "'webhook'"],
      ["PUT", "/api/credentials/strict", { keyword: ["CI"] }, "keyword", "'keywords'"],
      [
        "PUT",
        "/api/credentials/strict",
        { rateLimit: { perSecond: 60 } },
        "rateLimit.perSecond",
        "'perSeconds'",
      ],
      ["POST", "/api/notifications", { ...rule, evnets: ["success"] }, "evnets", "'events'"],
      ["PUT", `/api/notifications/${n.body.id}`, { ...rule, pipeline: "web" }, "pipeline", "'pipelines'"],
      ["PATCH", `/api/notifications/${n.body.id}`, { enabeld: false }, "enabeld", "'enabled'"],
      ["POST", `/api/notifications/${n.body.id}/test`, { stauts: "failure" }, "stauts", "'status'"],
      ["POST", "/api/preview", { notification: rule, evnet: event }, "evnet", "'event'"],
      ["POST", "/api/preview", { notification: { ...rule, colour: 1 } }, "notification.colour", ""],
      ["POST", "/api/events", { ...event, trigger: {} }, "trigger", "'run.trigger'"],
      ["POST", "/api/events/match", event, "pipeline", "'event.pipeline'"],
      ["POST", "/api/deliveries/retry", { credentials: "strict" }, "credentials", "'credential'"],
    ];
    for (const [method, path, body, field, meant] of cases) {
      const r = await s.api(path, { method, body });
      const what = `${method} ${path} ${JSON.stringify(body)} → ${r.status} ${JSON.stringify(r.body)}`;
      assert.equal(r.status, 400, what);
      const detail = (r.body.error.details as Array<{ path: string; message: string }>).find(
        (d) => d.path === field,
      );
      assert.ok(detail, what);
      assert.match(detail.message, new RegExp(`^unknown field '${field.split(".").at(-1)}'`), what);
      if (meant) assert.ok(detail.message.includes(`did you mean ${meant}?`), what);
    }
  });
});

describe("events and limits", () => {
  const event = { pipeline: { name: "web" }, task: { name: "build", status: "failed" } };

  test("POST /api/events stores the event and answers 202 {id}; an Idempotency-Key repeats as a duplicate", async () => {
    const r = await s.api("/api/events", { body: event });
    assert.equal(r.status, 202);
    assert.equal(typeof r.body.id, "string");
    const stored = await s.store.getEvent(r.body.id);
    assert.equal(stored?.event.task.status, "failure");
    const first = await s.api("/api/events", { body: event, headers: { "idempotency-key": "run-1" } });
    const again = await s.api("/api/events", { body: event, headers: { "idempotency-key": "run-1" } });
    assert.equal(first.status, 202);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { id: first.body.id, duplicate: true });
  });

  test("bad events get 400 with the reason", async () => {
    const cases: unknown[] = [
      {},
      { pipeline: { name: "p" } },
      { pipeline: { name: "p" }, task: { name: "t", status: "exploded" } },
      { pipeline: "p", task: { name: "t", status: "success" } },
      [1, 2],
      { pipeline: { name: "p" }, task: { name: "t", status: "success", startedAt: "yesterday" } },
    ];
    for (const body of cases) {
      const r = await s.api("/api/events", { body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.error.code, "invalid");
      assert.ok(r.body.error.message.length > 10);
    }
    const broken = await s.api("/api/events", { body: '{"pipeline": ' });
    assert.equal(broken.status, 400);
    assert.match(broken.body.error.message, /not valid JSON/);
  });

  test("an unknown field is refused, not dropped: trigger at the top level gets 400 pointing at run.trigger", async () => {
    const r = await s.api("/api/events", { body: { ...event, trigger: { user: "alice", event: "push" } } });
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, "invalid");
    assert.deepEqual(r.body.error.details, [
      { path: "trigger", message: "unknown field 'trigger' — did you mean 'run.trigger'?" },
    ]);
    assert.match(
      r.body.error.message,
      /^invalid event: trigger: unknown field 'trigger' — did you mean 'run\.trigger'\?$/,
    );
    const preview = await s.api("/api/preview", {
      body: {
        notification: { credential: "robot", events: ["failure"] },
        event: { ...event, trigger: {}, branch: "main" },
      },
    });
    assert.equal(preview.status, 400);
    assert.deepEqual(preview.body.error.details, [
      { path: "event.trigger", message: "unknown field 'trigger' — did you mean 'event.run.trigger'?" },
      { path: "event.branch", message: "unknown field 'branch' — did you mean 'event.source.branch'?" },
    ]);
    const placed = await s.api("/api/events", { body: { ...event, run: { trigger: { user: "alice" } } } });
    assert.equal(placed.status, 202);
    assert.deepEqual((await s.store.getEvent(placed.body.id))?.event.run, { trigger: { user: "alice" } });
  });

  test("415 without a JSON content type, 413 for a body over the limit, 404 and 405", async () => {
    const r = await s.api("/api/events", {
      body: JSON.stringify(event),
      headers: { "content-type": "text/plain" },
    });
    assert.equal(r.status, 415);
    const big = { ...event, variables: { BIG: "x".repeat(300 * 1024) } };
    const tooBig = await s.api("/api/events", { body: big });
    assert.equal(tooBig.status, 413);
    assert.equal(tooBig.body.error.code, "too_large");
    assert.equal((await s.api("/api/nothing-here")).status, 404);
    const wrong = await s.api("/api/variables", { method: "DELETE" });
    assert.equal(wrong.status, 405);
  });

  test("deliveries list validates its filters", async () => {
    const ok = await s.api("/api/deliveries?state=dead&limit=10");
    assert.equal(ok.status, 200);
    assert.ok(Array.isArray(ok.body.items));
    assert.equal((await s.api("/api/deliveries?state=lost")).status, 400);
    assert.equal((await s.api("/api/deliveries?limit=100000")).status, 400);
    assert.equal((await s.api("/api/deliveries/999999")).status, 404);
    assert.equal((await s.api("/api/deliveries/999999/retry", { method: "POST" })).status, 404);
    const stats = await s.api("/api/stats/deliveries?since=2h&bucket=30m");
    assert.equal(stats.status, 200);
    assert.ok(stats.body.length >= 4);
    assert.deepEqual(Object.keys(stats.body[0].counts).sort(), [
      "dead",
      "merged",
      "pending",
      "sending",
      "sent",
    ]);
  });
});

describe("operations", () => {
  test("healthz and readyz are public; metrics need a token, count events and reveal no secret", async () => {
    assert.equal((await s.api("/healthz", { token: null })).status, 200);
    assert.equal((await s.api("/readyz", { token: null })).status, 200);
    assert.equal((await s.api("/metrics", { token: null })).status, 401);
    const m = await s.api("/metrics");
    assert.equal(m.status, 200);
    assert.match(m.headers.get("content-type") ?? "", /text\/plain/);
    assert.match(m.body, /dingpipe_events_received_total\{source="api"\} \d+/);
    assert.match(m.body, /dingpipe_http_request_duration_seconds_bucket/);
    assert.match(m.body, /dingpipe_deliveries\{state="pending"\}/);
    assert.ok(!m.body.includes(SECRET) && !m.body.includes(TOKEN) && !m.body.includes(s.token));
  });

  test("the OpenAPI document is public and describes every route", async () => {
    const r = await s.api("/api/openapi.json", { token: null });
    assert.equal(r.status, 200);
    assert.equal(r.body.openapi, "3.1.0");
    const { createApp } = await import("../src/server/app.ts");
    const app = createApp({ store: s.store, config: { secretKey: Buffer.alloc(32) } });
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(r.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item))
        if (method !== "parameters") documented.add(`${method.toUpperCase()} ${path}`);
    }
    const routed = new Set<string>();
    for (const { method, pattern } of app.router.routes()) {
      const path = pattern.replace(/:(\w+)/g, "{$1}");
      if (path === "/hooks/{source}")
        for (const h of ["github", "gitlab", "gitee", "yunxiao"]) routed.add(`${method} /hooks/${h}`);
      else routed.add(`${method} ${path}`);
    }
    assert.deepEqual([...routed].sort(), [...documented].sort());
  });

  test("the OpenAPI document is derived once and kept, not again on every request", async () => {
    const { openApiDocument } = await import("../src/server/openapi.ts");
    const first = openApiDocument();
    assert.equal(openApiDocument(), first, "the same document, not derived again");
    const served = (await s.api("/api/openapi.json", { token: null })).body;
    assert.deepEqual(served, JSON.parse(JSON.stringify(first)));
  });

  test("the OpenAPI bodies of notifications and credentials are the declaration's; answers extend them", async () => {
    const doc = (await s.api("/api/openapi.json", { token: null })).body;
    const schemas = doc.components.schemas;
    const { NotificationSchema } = await import("../src/contract/config.ts");
    const { CredentialBodySchema } = await import("../src/contract/api.ts");
    const n = schemas.NotificationInput;
    assert.deepEqual(Object.keys(n.properties).sort(), Object.keys(NotificationSchema.entries).sort());
    assert.equal(n.additionalProperties, false);
    assert.deepEqual([...n.required].sort(), ["credential", "events"]);
    assert.ok(n.properties.events.anyOf[0].items.enum.includes("FAIL"), "platform words, as the file takes");
    const c = schemas.CredentialInput;
    assert.deepEqual(Object.keys(c.properties).sort(), Object.keys(CredentialBodySchema.entries).sort());
    assert.deepEqual(c.required, ["name"]);
    assert.equal(c.properties.rateLimit.properties.perSeconds.maximum, 86_400);
    // The default is the robot kind's (Feishu 100, the others 20): said in the description, not as one number.
    assert.equal(c.properties.rateLimit.properties.messages.default, undefined);
    assert.match(c.properties.rateLimit.description, /default its kind's limit/);
    assert.deepEqual(schemas.CredentialUpdate.properties, c.properties);
    assert.equal(schemas.CredentialUpdate.required, undefined);
    for (const key of [...Object.keys(n.properties), "id", "createdAt"])
      assert.ok(key in schemas.Notification.properties, `the answer has ${key}`);
    // Every body the API takes is closed: the document says unknown fields are refused, as the service does.
    // biome-ignore lint/suspicious/noExplicitAny: the document as JSON
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(item)) {
        const given = op?.requestBody?.content?.["application/json"]?.schema;
        if (given === undefined || !path.startsWith("/api/")) continue;
        const schema = given.$ref ? schemas[given.$ref.split("/").at(-1)] : given;
        assert.equal(schema.additionalProperties, false, `${method} ${path} refuses unknown fields`);
      }
    }
    for (const [, name] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g))
      assert.ok(name! in schemas, `${name} is a component`);
  });

  test("without a built console, / says how to build it", async () => {
    const empty = await mkdtemp(join(tmpdir(), "dingpipe-no-web-"));
    const bare = await startService({ config: { webDist: empty } });
    try {
      const res = await fetch(`${bare.url}/`);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /npm run build:web/);
      assert.equal((await fetch(`${bare.url}/app.js`)).status, 404);
    } finally {
      await bare.close();
      await rm(empty, { recursive: true, force: true });
    }
  });

  test("/ serves the console (or says how to build it); no path escapes web/dist", async () => {
    const root = await fetch(`${s.url}/`);
    assert.equal(root.status, 200);
    assert.match(root.headers.get("content-type") ?? "", /text\/html/);
    assert.match(await root.text(), /dingpipe/i);
    const traversal = await fetch(`${s.url}/..%2f..%2fpackage.json`);
    assert.equal(traversal.status, 404);
  });
});

/** The SQLite database file and its WAL, as they are on disk. */
function databaseBytes(dataDir: string): Buffer {
  const files = ["dingpipe.sqlite", "dingpipe.sqlite-wal"]
    .map((f) => join(dataDir, f))
    .filter((f) => existsSync(f));
  assert.ok(files.length > 0, "database files exist");
  return Buffer.concat(files.map((f) => readFileSync(f)));
}
