import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isAppRobotError } from "./errors.ts";
import { AccessTokens } from "./tokens.ts";

const APP = { appKey: "dingappkey0001", appSecret: "unit-app-secret-0001-xyz", baseUrl: "https://api.test" };

/** A token endpoint answering from a script; `gate` holds answers back until released. */
function tokenEndpoint(answers: Array<{ status?: number; body: unknown }> = []) {
  const bodies: unknown[] = [];
  let issued = 0;
  let gate: Promise<void> | undefined;
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    assert.equal(new URL(String(input)).pathname, "/v1.0/oauth2/accessToken");
    bodies.push(JSON.parse(String(init?.body)));
    if (gate) await gate;
    const next = answers.shift() ?? { body: { accessToken: `token-${++issued}`, expireIn: 7200 } };
    return new Response(JSON.stringify(next.body), { status: next.status ?? 200 });
  }) as typeof globalThis.fetch;
  return {
    fetch,
    bodies,
    hold() {
      const { promise, resolve } = Promise.withResolvers<void>();
      gate = promise;
      return () => {
        gate = undefined;
        resolve();
      };
    },
  };
}

describe("app access tokens", () => {
  it("are fetched once and cached until shortly before expireIn (5 minutes, or a tenth when shorter)", async () => {
    let now = 1_000_000;
    const tokens = new AccessTokens({ now: () => now });
    const endpoint = tokenEndpoint();
    const get = () => tokens.token(APP, { fetch: endpoint.fetch, timeoutMs: 1000 });
    assert.equal(await get(), "token-1");
    assert.deepEqual(endpoint.bodies, [{ appKey: APP.appKey, appSecret: APP.appSecret }]);
    for (let i = 0; i < 10; i++) assert.equal(await get(), "token-1");
    now += 7200_000 - 300_001; // just before the 5-minute margin
    assert.equal(await get(), "token-1");
    now += 2;
    assert.equal(await get(), "token-2");
    assert.equal(tokens.requests, 2);

    const short = new AccessTokens({ now: () => now });
    const brief = tokenEndpoint([{ body: { accessToken: "brief", expireIn: 10 } }]);
    assert.equal(await short.token(APP, { fetch: brief.fetch, timeoutMs: 1000 }), "brief");
    now += 8_999;
    assert.equal(await short.token(APP, { fetch: brief.fetch, timeoutMs: 1000 }), "brief");
    now += 2;
    assert.equal(await short.token(APP, { fetch: brief.fetch, timeoutMs: 1000 }), "token-1");
  });

  it("share one refresh in flight between every concurrent sender", async () => {
    const tokens = new AccessTokens();
    const endpoint = tokenEndpoint();
    const release = endpoint.hold();
    const waiting = Array.from({ length: 25 }, () =>
      tokens.token(APP, { fetch: endpoint.fetch, timeoutMs: 1000 }),
    );
    await new Promise((r) => setImmediate(r));
    release();
    assert.deepEqual(new Set(await Promise.all(waiting)), new Set(["token-1"]));
    assert.equal(tokens.requests, 1);
  });

  it("replace a refused token once, however many senders saw it refused", async () => {
    const tokens = new AccessTokens();
    const endpoint = tokenEndpoint();
    const first = await tokens.token(APP, { fetch: endpoint.fetch, timeoutMs: 1000 });
    const release = endpoint.hold();
    const refreshed = Array.from({ length: 10 }, () =>
      tokens.token(APP, { fetch: endpoint.fetch, timeoutMs: 1000, stale: first }),
    );
    await new Promise((r) => setImmediate(r));
    release();
    assert.deepEqual(new Set(await Promise.all(refreshed)), new Set(["token-2"]));
    // A sender that reports the old token late gets the new one, without another request.
    assert.equal(
      await tokens.token(APP, { fetch: endpoint.fetch, timeoutMs: 1000, stale: first }),
      "token-2",
    );
    assert.equal(tokens.requests, 2);
  });

  it("keep apps apart, and a corrected secret gets its own token", async () => {
    const tokens = new AccessTokens();
    const endpoint = tokenEndpoint();
    const a = await tokens.token(APP, { fetch: endpoint.fetch, timeoutMs: 1000 });
    const b = await tokens.token({ ...APP, appKey: "otherapp" }, { fetch: endpoint.fetch, timeoutMs: 1000 });
    const c = await tokens.token(
      { ...APP, appSecret: "corrected" },
      { fetch: endpoint.fetch, timeoutMs: 1000 },
    );
    assert.deepEqual([a, b, c], ["token-1", "token-2", "token-3"]);
  });

  it("turn a wrong AppKey/AppSecret into invalid_app_credentials with the fix, remembered for a minute", async () => {
    let now = 0;
    const tokens = new AccessTokens({ now: () => now });
    const endpoint = tokenEndpoint([
      {
        status: 400,
        body: { code: "invalidClientIdOrSecret", message: "无效的clientId或者clientSecret", requestid: "R1" },
      },
    ]);
    const attempt = () => tokens.token(APP, { fetch: endpoint.fetch, timeoutMs: 1000 });
    let seen: unknown;
    await assert.rejects(attempt(), (e) => {
      seen = e;
      return isAppRobotError(e, "invalid_app_credentials") && e.retryable === false;
    });
    const error = seen as Error & { fix?: string; requestId?: string };
    assert.match(error.fix ?? "", /AppKey \(Client ID\) and AppSecret/);
    assert.match(error.message, /invalidClientIdOrSecret: 无效的clientId或者clientSecret/);
    assert.equal(error.requestId, "R1");
    const everything = JSON.stringify({
      ...error,
      message: error.message,
      stack: error.stack,
      fix: error.fix,
    });
    assert.ok(!everything.includes(APP.appSecret), "the app secret never reaches the error");
    await assert.rejects(attempt(), (e) => isAppRobotError(e, "invalid_app_credentials"));
    assert.equal(tokens.requests, 1, "refused credentials are not sent again within a minute");
    now += 60_001;
    assert.equal(await attempt(), "token-1");
    assert.equal(tokens.requests, 2);
  });

  it("say when the endpoint answers without a token (a wrong base_url)", async () => {
    const tokens = new AccessTokens();
    const endpoint = tokenEndpoint([{ body: { hello: "world" } }]);
    await assert.rejects(
      tokens.token(APP, { fetch: endpoint.fetch, timeoutMs: 1000 }),
      (e) => isAppRobotError(e, "http_error") && /base_url/.test(e.fix ?? ""),
    );
  });
});
