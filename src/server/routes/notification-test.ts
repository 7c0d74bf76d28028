/**
 * POST /api/notifications/{id}/test: the notification's own message, composed for the sample event
 * (the status given, else its first event's), sent once through its robot — the same path and rate
 * window as the robot's test message (testCredentialWithinLimit): 200 with the robot's verdict, 429
 * with Retry-After when the robot may not send now. The message's title says it is a test (in the
 * notification's language: 【测试】, [test]), and it mentions no one: a test never pings the group.
 */
import { channelFor } from "../../channels/index.ts";
import { NotificationTestBodySchema } from "../../contract/api.ts";
import { isDingpipeError } from "../../errors.ts";
import { compose } from "../../notify/compose.ts";
import { t } from "../../notify/i18n/index.ts";
import { sampleEvent } from "../../notify/sample.ts";
import { type Status, statusOf } from "../../pipeline/status.ts";
import { parseJson, readBody, requireJsonType } from "../body.ts";
import type { Services } from "../context.ts";
import { notFound, unprocessable } from "../errors.ts";
import { checkBody } from "../refuse.ts";
import type { Router } from "../router.ts";
import { testCredentialWithinLimit } from "./credential-test.ts";

async function testStatus(s: Services, req: Parameters<typeof readBody>[0]): Promise<Status | undefined> {
  const raw = await readBody(req, s.maxBodyBytes);
  if (raw.length === 0) return undefined;
  requireJsonType(req);
  return checkBody(NotificationTestBodySchema, parseJson(raw), "test", {
    fix: 'send {} or { "status": "failure" } (the sample event\'s status)',
    unknown: "the only field is status",
  }).status;
}

export function notificationTestRoute(router: Router, s: Services): void {
  router.post("/api/notifications/:id/test", async ({ req, params }) => {
    const id = params["id"]!;
    const status = await testStatus(s, req);
    const rule = await s.store.getNotification(id);
    if (!rule) throw notFound(`no notification with id '${id}'`);
    const record = await s.store.getCredential(rule.credential);
    if (!record) {
      throw unprocessable(
        `the notification's robot '${rule.credential}' does not exist`,
        "point the notification at an existing robot, or add that robot first",
        [{ path: "credential", message: "no such credential" }],
      );
    }
    const secrets = s.sealer.unseal(record.name, record.sealed);
    try {
      s.allowlist.check(secrets.webhook, record.kind);
    } catch (e) {
      if (isDingpipeError(e)) throw unprocessable(e.message, e.fix);
      throw e;
    }
    const event = sampleEvent(status ?? statusOf(rule.events[0] ?? "failure"));
    const notice = compose(rule, event);
    // Marked in the notification's language ("【测试】", "[test]"), so nobody mistakes it for a real run.
    notice.title = {
      ...notice.title,
      pipeline: t(notice.locale, "testTitle", { pipeline: notice.title.pipeline }),
    };
    notice.mentions = { mobiles: [], userIds: [], all: false };
    const rendered = channelFor(record.kind).render(notice, {
      keywords: record.keywords,
      signed: record.hasSecret,
    });
    s.logger.info("notification test", { notification: id, credential: record.name });
    return testCredentialWithinLimit(s, record, secrets, rendered.body);
  });
}
