/**
 * The API's answers, as the service really gives them over HTTP, fit their declarations (src/contract/answers.ts),
 * from which the OpenAPI document's components derive: every field has the declared kind, and no field is
 * answered that the declaration (so the document) does not describe.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as v from "valibot";
import { COMPONENTS } from "../src/contract/answers.ts";
import { startService, type TestService } from "./helpers/service.ts";

const WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=answers0123456789";

let s: TestService;
before(async () => {
  s = await startService({ config: { allowHosts: ["127.0.0.1:9"] } });
});
after(async () => {
  await s.close();
});

/** The answer fits the component: parsed by it, and each of its fields declared there (one level down too). */
function fits(name: keyof typeof COMPONENTS, answer: unknown): void {
  const schema = COMPONENTS[name] as v.GenericSchema;
  const r = v.safeParse(schema, answer);
  assert.ok(r.success, `${name}: ${r.issues?.map((i) => `${v.getDotPath(i)} ${i.message}`).join("; ")}`);
  const declared = (x: unknown): Record<string, v.GenericSchema> => {
    const entries = (x as { entries?: Record<string, v.GenericSchema> }).entries;
    if (entries) return entries;
    const options = (x as { options?: unknown[] }).options ?? [];
    return Object.assign({}, ...options.map(declared));
  };
  const fields = declared(schema);
  for (const [key, value] of Object.entries(answer as Record<string, unknown>)) {
    assert.ok(key in fields, `${name} answers '${key}', which its declaration does not describe`);
    const inner = declared((fields[key] as { wrapped?: unknown }).wrapped ?? fields[key]);
    if (Object.keys(inner).length > 0 && value !== null && typeof value === "object" && !Array.isArray(value))
      for (const k of Object.keys(value)) assert.ok(k in inner, `${name}.${key} answers '${k}', undeclared`);
  }
}

test("tokens, the session, credentials and notifications answer what their declarations say", async () => {
  const token = await s.api("/api/tokens", { body: { name: "answers" } });
  assert.equal(token.status, 201);
  fits("Token", token.body);
  for (const t of (await s.api("/api/tokens")).body) fits("Token", t);
  fits("Session", (await s.api("/api/session")).body);

  const made = await s.api("/api/credentials", {
    body: { name: "ci", webhook: WEBHOOK, secret: "SECanswers", rateLimit: { messages: 10 } },
  });
  assert.equal(made.status, 201);
  fits("Credential", made.body);
  for (const c of (await s.api("/api/credentials")).body) fits("Credential", c);
  fits("Credential", (await s.api("/api/credentials/ci")).body);
  // A second credential on the same robot is answered with a warning.
  const shared = await s.api("/api/credentials", { body: { name: "ci-2", webhook: WEBHOOK } });
  assert.equal(shared.body.warnings?.length, 1);
  fits("Credential", shared.body);

  const n = await s.api("/api/notifications", {
    body: {
      credential: "ci",
      events: ["FAIL", "success"],
      name: " deploys ",
      at: ["all"],
      style: "markdown",
    },
  });
  assert.equal(n.status, 201);
  assert.deepEqual(n.body.events, ["failure", "success"], "events canonical, as documented");
  fits("Notification", n.body);
  for (const x of (await s.api("/api/notifications")).body) fits("Notification", x);
});

test("preview, events and the event trail answer what their declarations say", async () => {
  await s.api("/api/credentials", { body: { name: "trail", webhook: `${WEBHOOK}trail` } });
  await s.api("/api/notifications", { body: { credential: "trail", events: ["failure"] } });
  const preview = await s.api("/api/preview", {
    body: { notification: { credential: "trail", events: ["failure"], at: ["13800000000"] } },
  });
  assert.equal(preview.status, 200);
  fits("Preview", preview.body);

  const event = { pipeline: { name: "web" }, task: { name: "deploy", status: "failure" } };
  const posted = await s.api("/api/events", { body: event });
  assert.equal(posted.status, 202);
  const list = await s.api("/api/events");
  assert.ok(list.body.items.length > 0);
  for (const e of list.body.items) fits("Event", e);
  const detail = await s.api(`/api/events/${posted.body.id}`);
  assert.equal(detail.status, 200);
  assert.ok(detail.body.notifications.length > 0);
  fits("EventDetail", detail.body);
  for (const verdict of detail.body.notifications) fits("NotificationVerdict", verdict);

  const stats = await s.api("/api/stats/deliveries");
  assert.equal(stats.status, 200);
  assert.ok(stats.body.length > 0, "a bucket per hour of the last day");
  for (const bucket of stats.body) fits("TimelineBucket", bucket);
});

test("an error answers what its declaration says", async () => {
  const r = await s.api("/api/notifications", { body: { credential: "ci", events: ["nope"], colour: 1 } });
  assert.equal(r.status, 400);
  assert.ok(r.body.error.details.length >= 2);
  fits("Error", r.body);
});
