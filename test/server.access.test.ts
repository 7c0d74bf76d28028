/**
 * Who may use the service: named API tokens with a life cycle (create shown once, list, revoke), wrong
 * tokens slowed down per client address without locking the owner out, /metrics behind a token, and
 * Host names checked when the service listens on loopback (DNS rebinding). The real app over HTTP on
 * 127.0.0.1, a real SQLite file.
 */
import assert from "node:assert/strict";
import { request } from "node:http";
import { after, describe, test } from "node:test";
import { hashToken, newApiToken } from "../src/server/tokens.ts";
import { type Json, startService, type TestService } from "./helpers/service.ts";

const services: TestService[] = [];
after(async () => {
  for (const s of services) await s.close();
});

async function service(config: Parameters<typeof startService>[0] = {}): Promise<TestService> {
  const s = await startService(config);
  services.push(s);
  return s;
}

/** A GET with a Host header of our choosing (fetch does not let one set Host). */
function getWithHost(
  url: string,
  path: string,
  host: string,
  token?: string,
): Promise<{ status: number; body: Json }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { headers: { host, ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c) => (text += c));
        res.on("end", () => {
          let body: Json = text;
          try {
            body = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${path} in 10 s`)));
    req.end();
  });
}

describe("API tokens", () => {
  test("have names and a life cycle: created (shown once), listed, revoked", async () => {
    const s = await service();
    const created = await s.api("/api/tokens", { body: { name: "ci-pipeline" } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.headers.get("cache-control"), "no-store");
    const token: string = created.body.token;
    assert.match(token, /^dp_[\w-]{43}$/);
    assert.equal(created.body.source, "created");
    assert.equal(created.body.hint, token.slice(0, 6) + "…");

    const session = await s.api("/api/session", { token });
    assert.deepEqual(session.body, { ok: true, token: { name: "ci-pipeline" } });

    const list = await s.api("/api/tokens");
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.map((t: Json) => t.name).sort(), ["admin", "ci-pipeline"]);
    const text = JSON.stringify(list.body);
    assert.ok(
      !text.includes(token) && !text.includes(hashToken(token)) && !text.includes(s.token),
      "never a token or hash",
    );

    assert.equal((await s.api("/api/tokens", { body: { name: "ci-pipeline" } })).status, 409);
    assert.equal((await s.api("/api/tokens/ci-pipeline", { method: "DELETE" })).status, 204);
    const refused = await s.api("/api/session", { token });
    assert.equal(refused.status, 401, "a revoked token signs in no more, at once");
    assert.equal((await s.api("/api/tokens/ci-pipeline", { method: "DELETE" })).status, 404);
    const revoked = (await s.api("/api/tokens")).body.find((t: Json) => t.name === "ci-pipeline");
    assert.ok(Date.parse(revoked.revokedAt) > 0);
  });

  test("a bad name or body is a 400 stating the rule; the last token cannot be revoked through the API", async () => {
    const s = await service();
    for (const name of ["..", ".", "a/b", "x".repeat(65), "", "admin-env", 7]) {
      const r = await s.api("/api/tokens", { body: { name } });
      assert.equal(r.status, 400, `name ${JSON.stringify(name)}`);
      assert.equal(r.body.error.details[0].path, "name");
    }
    assert.match(
      (await s.api("/api/tokens", { body: { name: ".." } })).body.error.message,
      /letters \(of any script\), digits, '\.', '_' or '-', not only dots/,
    );
    assert.equal(
      (await s.api("/api/tokens", { body: { name: "构建机" } })).status,
      201,
      "letters of any script",
    );
    const chosen = await s.api("/api/tokens", { body: { name: "mine", token: "x".repeat(40) } });
    assert.equal(chosen.status, 400);
    assert.equal((await s.api("/api/tokens/构建机", { method: "DELETE" })).status, 204);
    const last = await s.api("/api/tokens/admin", { method: "DELETE" });
    assert.equal(last.status, 409);
    assert.equal(last.body.error.code, "last_token");
    assert.match(last.body.error.fix, /create another token first/);
    assert.equal((await s.api("/api/session")).status, 200, "still signed in");
  });
});

describe("wrong tokens", () => {
  test("are slowed down per address, while a token that worked before keeps working", async () => {
    const s = await service({ config: { authThrottle: { freeFailures: 3, baseMs: 60_000 } } });
    assert.equal((await s.api("/api/session")).status, 200, "the owner signs in");
    for (let i = 0; i < 3; i++)
      assert.equal((await s.api("/api/session", { token: newApiToken() })).status, 401);
    const slowed = await s.api("/api/session", { token: newApiToken() });
    assert.equal(slowed.status, 429);
    assert.equal(slowed.body.error.code, "too_many_attempts");
    assert.ok(Number(slowed.headers.get("retry-after")) >= 1);
    assert.match(slowed.body.error.fix, /dingpipe token create/);
    // Not even a right token is checked for a guesser now: a valid token never used here waits too…
    const unseen = newApiToken();
    await s.store.createApiToken("unseen", hashToken(unseen));
    assert.equal((await s.api("/api/session", { token: unseen })).status, 429);
    // …but the owner's token, which worked before, is not locked out.
    for (let i = 0; i < 3; i++) assert.equal((await s.api("/api/credentials")).status, 200);
    const metrics = await s.api("/metrics");
    assert.match(
      metrics.body,
      /dingpipe_http_requests_total\{method="GET",route="\/api\/session",status="429"\} 2/,
    );
    assert.match(
      metrics.body,
      /dingpipe_http_requests_total\{method="GET",route="\/api\/session",status="401"\} 3/,
    );
  });

  test("shorter than 24 characters are never looked up", async () => {
    const s = await service();
    const short = "dp_short_token";
    await s.store.createApiToken("short", hashToken(short));
    assert.equal((await s.api("/api/session", { token: short })).status, 401);
  });
});

describe("/metrics", () => {
  test("needs an API token or the metrics token", async () => {
    const metricsToken = "m".repeat(32);
    const s = await service({ config: { metricsToken } });
    const open = await s.api("/metrics", { token: null });
    assert.equal(open.status, 401);
    assert.equal(open.body.error.code, "unauthorized");
    assert.equal((await s.api("/metrics", { token: "n".repeat(32) })).status, 401);
    for (const token of [s.token, metricsToken]) {
      const r = await s.api("/metrics", { token });
      assert.equal(r.status, 200);
      assert.match(r.body, /dingpipe_http_requests_total/);
    }
    assert.equal(
      (await s.api("/api/session", { token: metricsToken })).status,
      401,
      "the metrics token opens /metrics only",
    );
    assert.equal((await s.api("/healthz", { token: null })).status, 200);
  });
});

describe("Host names on loopback", () => {
  test("a request for another name (DNS rebinding) is refused, loopback names are answered", async () => {
    const s = await service({
      config: { allowedHostNames: ["localhost", "127.0.0.1", "[::1]", "proxy.example"] },
    });
    const port = new URL(s.url).port;
    for (const path of ["/metrics", "/api/credentials", "/healthz", "/"]) {
      const r = await getWithHost(s.url, path, `rebind.attacker.example:${port}`, s.token);
      assert.equal(r.status, 403, path);
      assert.equal(r.body.error.code, "unexpected_host");
      assert.match(r.body.error.fix, /--host-name/);
    }
    for (const host of [
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      "LOCALHOST",
      "proxy.example",
    ]) {
      assert.equal((await getWithHost(s.url, "/metrics", host, s.token)).status, 200, host);
    }
  });
});
