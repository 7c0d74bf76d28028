/** /api/notifications: task notification rules (the fields of a `.dingpipe.yml` notification + pipelines). */
import { channelFor } from "../../channels/index.ts";
import type { NotificationRule } from "../../notify/rule.ts";
import { jsonBody, type Services } from "../context.ts";
import { notFound, unprocessable } from "../errors.ts";
import type { Router } from "../router.ts";
import { validateNotification } from "../validate.ts";

async function checkCredential(s: Services, rule: NotificationRule): Promise<void> {
  const credential = await s.store.getCredential(rule.credential);
  if (credential && rule.style === "run_card" && credential.kind !== "dingtalk_app") {
    throw unprocessable(
      `style run_card needs a DingTalk app robot, and credential '${rule.credential}' is a ${channelFor(credential.kind).info.label} robot`,
      "point the notification at a credential of type dingtalk_app (only app robots can change a card in place), or choose style markdown or action_card",
      [{ path: "style", message: "run_card needs a dingtalk_app credential" }],
    );
  }
  if (credential) return;
  const names = (await s.store.listCredentials()).map((c) => c.name);
  throw unprocessable(
    `credential '${rule.credential}' does not exist${names.length > 0 ? ` (defined: ${names.join(", ")})` : ""}`,
    "create the credential first (POST /api/credentials) or name an existing one",
    [{ path: "credential", message: "no such credential" }],
  );
}

export function notificationRoutes(router: Router, s: Services): void {
  router.get("/api/notifications", async () => ({ status: 200, body: await s.store.listNotifications() }));

  router.post("/api/notifications", async ({ req }) => {
    const rule = validateNotification(await jsonBody(s, req));
    await checkCredential(s, rule);
    const record = await s.store.createNotification(rule);
    s.logger.info("notification created", { notification: record.id, credential: rule.credential });
    return {
      status: 201,
      body: record,
      headers: { location: `/api/notifications/${encodeURIComponent(record.id)}` },
    };
  });

  router.get("/api/notifications/:id", async ({ params }) => {
    const record = await s.store.getNotification(params["id"]!);
    if (!record) throw notFound(`no notification with id '${params["id"]}'`);
    return { status: 200, body: record };
  });

  router.put("/api/notifications/:id", async ({ req, params }) => {
    const rule = validateNotification(await jsonBody(s, req));
    await checkCredential(s, rule);
    const record = await s.store.updateNotification(params["id"]!, rule);
    if (!record) throw notFound(`no notification with id '${params["id"]}'`);
    s.logger.info("notification updated", { notification: record.id });
    return { status: 200, body: record };
  });

  router.delete("/api/notifications/:id", async ({ params }) => {
    if (!(await s.store.deleteNotification(params["id"]!)))
      throw notFound(`no notification with id '${params["id"]}'`);
    s.logger.info("notification deleted", { notification: params["id"] });
    return { status: 204 };
  });
}
