/** /api/notifications: task notification rules (the fields of a `.dingpipe.yml` notification + pipelines). */
import { NotificationPatchSchema } from "../../contract/api.ts";
import { formatPath } from "../../contract/issues.ts";
import { listed, robotFit } from "../../contract/rules.ts";
import type { NotificationRule } from "../../notify/rule.ts";
import type { NotificationRecord } from "../../store/store.ts";
import { jsonBody, type Services } from "../context.ts";
import { badRequest, notFound, unprocessable } from "../errors.ts";
import { checkBody } from "../refuse.ts";
import type { Router } from "../router.ts";
import { validateNotification } from "../validate.ts";
import { notificationTestRoute } from "./notification-test.ts";

/** A notification as the API shows it: `enabled` always said (stored only when false). */
const view = (record: NotificationRecord) => ({ ...record, enabled: record.enabled !== false });

/**
 * The notification against the credential it names (src/contract/rules.ts, as `.dingpipe.yml` is checked):
 * 422 when it does not exist or its robot cannot do what is asked; what it can only partly do is returned as
 * warnings (an @ entry the robot kind cannot mention).
 */
async function checkCredential(s: Services, rule: NotificationRule): Promise<Warning[]> {
  const credential = await s.store.getCredential(rule.credential);
  if (!credential) {
    const names = (await s.store.listCredentials()).map((c) => c.name);
    throw unprocessable(
      `credential '${rule.credential}' does not exist (defined: ${listed(names)})`,
      "create the credential first (POST /api/credentials) or name an existing one",
      [{ path: "credential", message: "no such credential" }],
    );
  }
  const findings = robotFit(rule, credential.kind);
  const error = findings.find((f) => f.severity === "error");
  if (error)
    throw unprocessable(error.message, error.fix, [{ path: formatPath(error.keys), message: error.message }]);
  return findings.map((f) => ({
    code: "robot_fit",
    path: formatPath(f.keys),
    message: f.message,
    fix: f.fix,
  }));
}

interface Warning {
  code: string;
  path: string;
  message: string;
  fix: string;
}

const withWarnings = (body: object, warnings: Warning[]) =>
  warnings.length > 0 ? { ...body, warnings } : body;

export function notificationRoutes(router: Router, s: Services): void {
  router.get("/api/notifications", async () => ({
    status: 200,
    body: (await s.store.listNotifications()).map(view),
  }));

  router.post("/api/notifications", async ({ req }) => {
    const rule = validateNotification(await jsonBody(s, req));
    const warnings = await checkCredential(s, rule);
    const record = await s.store.createNotification(rule);
    s.logger.info("notification created", { notification: record.id, credential: rule.credential });
    return {
      status: 201,
      body: withWarnings(view(record), warnings),
      headers: { location: `/api/notifications/${encodeURIComponent(record.id)}` },
    };
  });

  router.get("/api/notifications/:id", async ({ params }) => {
    const record = await s.store.getNotification(params["id"]!);
    if (!record) throw notFound(`no notification with id '${params["id"]}'`);
    return { status: 200, body: view(record) };
  });

  router.put("/api/notifications/:id", async ({ req, params }) => {
    const rule = validateNotification(await jsonBody(s, req));
    const warnings = await checkCredential(s, rule);
    const record = await s.store.updateNotification(params["id"]!, rule);
    if (!record) throw notFound(`no notification with id '${params["id"]}'`);
    s.logger.info("notification updated", { notification: record.id, enabled: record.enabled !== false });
    return { status: 200, body: withWarnings(view(record), warnings) };
  });

  router.delete("/api/notifications/:id", async ({ params }) => {
    if (!(await s.store.deleteNotification(params["id"]!)))
      throw notFound(`no notification with id '${params["id"]}'`);
    s.logger.info("notification deleted", { notification: params["id"] });
    return { status: 204 };
  });

  // The switch and the name alone: the rest stays as stored (no lost update of a concurrent edit).
  router.add("PATCH", "/api/notifications/:id", async ({ req, params }) => {
    const id = params["id"]!;
    const patch = validatePatch(await jsonBody(s, req));
    const current = await s.store.getNotification(id);
    if (!current) throw notFound(`no notification with id '${id}'`);
    const { id: _id, createdAt: _c, updatedAt: _u, ...rule } = current;
    const next: NotificationRule = { ...rule };
    if (patch.enabled !== undefined) {
      if (patch.enabled) delete next.enabled;
      else next.enabled = false;
    }
    if (patch.name !== undefined) {
      if (patch.name === null) delete next.name;
      else next.name = patch.name;
    }
    const record = await s.store.updateNotification(id, next);
    if (!record) throw notFound(`no notification with id '${id}'`);
    s.logger.info("notification updated", { notification: id, enabled: record.enabled !== false });
    return { status: 200, body: view(record) };
  });

  notificationTestRoute(router, s);
}

/** A PATCH body: `enabled` (true or false) and/or `name` (a string, or null or "" to remove it); nothing else. */
function validatePatch(body: unknown): { enabled?: boolean; name?: string | null } {
  const fix = 'send { "enabled": false } to switch it off, { "name": "…" } to rename it';
  const patch = checkBody(NotificationPatchSchema, body, "notification patch", {
    fix,
    unknown: "PATCH changes enabled and name; PUT replaces the rule",
  });
  const raw = (body as { name?: unknown }).name;
  const out: { enabled?: boolean; name?: string | null } = {};
  if (patch.enabled !== undefined) out.enabled = patch.enabled;
  if (raw === null || (typeof raw === "string" && raw.trim() === "")) out.name = null;
  else if (typeof patch.name === "string") out.name = patch.name.trim();
  if (Object.keys(out).length === 0)
    throw badRequest(
      "invalid notification patch: nothing to change: give enabled and/or name",
      [{ path: "", message: "nothing to change: give enabled and/or name" }],
      fix,
    );
  return out;
}
