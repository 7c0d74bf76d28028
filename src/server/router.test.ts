import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { requestTarget } from "./app.ts";
import { HttpError } from "./errors.ts";
import { Router } from "./router.ts";

describe("router", () => {
  const router = new Router();
  const h = (name: string) => () => ({ status: 200, body: name });
  router
    .get("/api/events", h("list"))
    .post("/api/events", h("ingest"))
    .post("/api/events/match", h("match"))
    .get("/api/events/:id", h("one"))
    .delete("/api/credentials/:name", h("delete"))
    .get("/api/credentials/:name/state", h("state"));

  const which = (method: string, path: string) => {
    const m = router.match(method, path);
    return m === undefined ? "404" : "allowed" in m ? `405 ${m.allowed.join(",")}` : m.route;
  };

  it("matches the first route added whose method and segments fit, with its parameters decoded", () => {
    assert.equal(which("POST", "/api/events"), "/api/events");
    assert.equal(which("GET", "/api/events"), "/api/events");
    assert.equal(which("HEAD", "/api/events/42"), "/api/events/:id");
    assert.equal(which("POST", "/api/events/match"), "/api/events/match");
    assert.equal(
      which("GET", "/api/events/match"),
      "/api/events/:id",
      "a fixed segment does not hide a parameter of another method",
    );
    const m = router.match("GET", "/api/credentials/ops%20team/state");
    assert.ok(m !== undefined && !("allowed" in m));
    assert.deepEqual(m.params, { name: "ops team" });
    assert.equal(which("GET", "/api/credentials/ops"), "405 DELETE");
    assert.equal(which("PUT", "/api/events"), "405 GET,POST");
    assert.equal(which("GET", "/api/events/1/2"), "404");
    assert.equal(which("GET", "/api"), "404");
  });

  it("a malformed %-escape in a parameter is a 400, never a crash", () => {
    assert.throws(
      () => router.match("DELETE", "/api/credentials/%E0%A4%A"),
      (e) => e instanceof HttpError && e.status === 400,
    );
  });

  it("takes a plain path as its own pathname and parses any other one as a URL would", () => {
    for (const raw of [
      "/",
      "/api/events",
      "/api/events/",
      "/api/events?limit=5",
      "/api/../hooks/github",
      "/api/./events",
      "//evil.example/api/events",
      "/api//events",
      "/api/%65vents",
      "/api/credentials/ops%20team",
      "/api\\events",
      "http://localhost/api/events",
      "/web/app.js",
    ]) {
      assert.equal(requestTarget(raw).pathname, new URL(raw, "http://localhost").pathname, raw);
    }
    assert.equal(requestTarget(undefined).pathname, "/");
    assert.equal(requestTarget("/api/events?limit=5").url().searchParams.get("limit"), "5");
    assert.equal(requestTarget("/api/events").url().pathname, "/api/events");
  });
});
