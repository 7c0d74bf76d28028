/** /api/notifications: task notification rules (the fields of a `.dingpipe.yml` notification + pipelines). */
import type { NotificationRule } from "../../notify/rule.ts";
import type { NotificationRecord } from "../../store/store.ts";
import { jsonBody, type Services } from "../context.ts";
import { notFound, unprocessable } from "../errors.ts";
import type { Router } from "../router.ts";
import { validateNotification } from "../validate.ts";
import { notificationTestRoute } from "./notification-test.ts";

/** A notification as the API shows it: `enabled` always said (stored only when false). */
const view = (record: NotificationRecord) => ({ ...record, enabled: record.enabled !== false });

async function checkCredential(s: Services, rule: NotificationRule): Promise<void> {
  if (await s.store.getCredential(rule.credential)) return;
  const names = (await s.store.listCredentials()).map((c) => c.name);
  throw unprocessable(
    `credential '${rule.credential}' does not exist${names.length > 0 ? ` (defined: ${names.join(", ")})` : ""}`,
    "create the credential first (POST /api/credentials) or name an existing one",
    [{ path: "credential", message: "no such credential" }],
  );
}

export function notificationRoutes(router: Router, s: Services): void {
  router.get("/api/notifications", async () => ({
    status: 200,
    body: (await s.store.listNotifications()).map(view),
  }));

  router.post("/api/notifications", async ({ req }) => {
    const rule = validateNotification(await jsonBody(s, req));
    await checkCredential(s, rule);
    const record = await s.store.createNotification(rule);
    s.logger.info("notification created", { notification: record.id, credential: rule.credential });
    return {
      status: 201,
      body: view(record),
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
    await checkCredential(s, rule);
    const record = await s.store.updateNotification(params["id"]!, rule);
    if (!record) throw notFound(`no notification with id '${params["id"]}'`);
    s.logger.info("notification updated", { notification: record.id, enabled: record.enabled !== false });
    return { status: 200, body: view(record) };
  });

  router.delete("/api/notifications/:id", async ({ params }) => {
    if (!(await s.store.deleteNotification(params["id"]!)))
      throw notFound(`no notification with id '${params["id"]}'`);
    s.logger.info("notification deleted", { notification: params["id"] });
    return { status: 204 };
  });

  notificationTestRoute(router, s);
}
