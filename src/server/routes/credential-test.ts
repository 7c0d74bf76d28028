/**
 * POST /api/credentials/{name}/test: one real test message through the robot, exactly one request (no
 * quick retries, no queueing), answered with the robot's verdict (DingTalk, WeCom or Feishu) and the
 * fix when it failed.
 *
 * The test message counts against the robot's rate limit like any delivery: it holds the robot's lane
 * while it is sent and takes a slot in the send log the delivery engine shares (Store.reserveTestSend),
 * so clicking "Send test message" can never push a robot over its limit. When the
 * window is full (or a worker is sending on the robot, or its service throttled it) the answer is 429 with
 * Retry-After instead.
 */

import { channelFor } from "../../channels/index.ts";
import { fixFor } from "../../dingtalk/errors.ts";
import { isAppRobotError } from "../../dingtalk-app/errors.ts";
import { isDingpipeError, isRobotError } from "../../errors.ts";
import type { MessageLocale } from "../../notify/i18n/index.ts";
import { laneOf } from "../../store/rows.ts";
import type { CredentialRecord } from "../../store/store.ts";
import type { Services } from "../context.ts";
import type { RobotSecrets } from "../crypto.ts";
import { errorBody, HttpError } from "../errors.ts";
import type { Reply } from "../router.ts";

/** How long the test holds the robot's lane at most (a send times out well before). */
const TEST_LEASE_MS = 30_000;
/** Counted like the engine's window, with a margin so a test never lands on the window's edge. */
const WINDOW_MARGIN_MS = 1_000;

const REFUSED: Record<"busy" | "paused" | "full", { code: string; why: string; fix: string }> = {
  full: {
    code: "rate_limited",
    why: "the robot has already sent its limit of messages in the current rate window",
    fix: "send the test again when the window has room (see Retry-After); deliveries count against the same limit",
  },
  busy: {
    code: "robot_busy",
    why: "the robot is sending deliveries right now",
    fix: "send the test again in a moment, when the robot's queue has gone out",
  },
  paused: {
    code: "throttled",
    why: "the robot's service throttled this robot, so it is paused",
    fix: "wait until the pause ends (see Retry-After): a message now would only extend the throttling",
  },
};

/**
 * Sends the test message inside the robot's rate accounting: 200 with the result, or 429 (with
 * Retry-After) when the robot may not send now.
 */
export async function testCredentialWithinLimit(
  s: Services,
  record: CredentialRecord,
  secrets: RobotSecrets,
  /** The message to send (a notification's test); default the robot's own test message. */
  message?: object,
  /** The robot's own test message's language (default zh-CN). */
  locale?: MessageLocale,
): Promise<Reply> {
  const owner = `test:${crypto.randomUUID()}`;
  const now = s.now();
  // The robot's lane: credentials on one robot share its window, test messages included.
  const lane = laneOf(record);
  const reservation = await s.store.reserveTestSend({
    lane,
    owner,
    now,
    leaseMs: TEST_LEASE_MS,
    windowMs: Math.max(1, record.rateLimit.perSeconds) * 1000 + WINDOW_MARGIN_MS,
    limit: Math.max(1, Math.floor(record.rateLimit.messages)),
  });
  if (!reservation.ok) {
    const refused = REFUSED[reservation.reason];
    const seconds = Math.max(1, Math.ceil((reservation.retryAt - now) / 1000));
    s.logger.info("credential test refused", {
      credential: record.name,
      reason: reservation.reason,
      seconds,
    });
    const error = new HttpError(429, refused.code, `${refused.why}; try again in ${seconds} s`, {
      fix: refused.fix,
    });
    return { status: 429, body: errorBody(error), headers: { "retry-after": String(seconds) } };
  }
  try {
    return { status: 200, body: await testCredential(s, record, secrets, message, locale) };
  } finally {
    await s.store
      .finishTestSend({ lane, owner, slot: reservation.slot, answeredAt: s.now() })
      .catch((e: unknown) =>
        s.logger.warn("could not finish a test send", { credential: record.name, error: e }),
      );
    // The robot's lane was held for the test: deliveries waiting on it may go now.
    s.engine?.wake();
  }
}

export interface CredentialTestResult {
  ok: boolean;
  errcode?: number;
  errmsg?: string;
  code?: string;
  fix?: string;
  durationMs: number;
}

export async function testCredential(
  s: Services,
  record: CredentialRecord,
  secrets: RobotSecrets,
  message?: object,
  locale?: MessageLocale,
): Promise<CredentialTestResult> {
  const channel = channelFor(record.kind);
  let robot: ReturnType<typeof channel.client>;
  try {
    robot = channel.client(
      {
        kind: record.kind,
        webhook: secrets.webhook,
        ...(secrets.secret === undefined ? {} : { secret: secrets.secret }),
        keywords: record.keywords,
      },
      {
        rateLimit: false,
        retry: false,
        ...(s.fetch === undefined ? {} : { fetch: s.fetch }),
        ...(locale === undefined ? {} : { locale }),
      },
    );
  } catch (e) {
    // Stored before the API checked it (a DingTalk secret without SEC…): say what to change, not a 500.
    if (isDingpipeError(e))
      throw new HttpError(422, e.code, e.message, { fix: fixFor(e.fix ?? "edit the robot", "service") });
    throw e;
  }
  const started = performance.now();
  try {
    const result = await robot.send(message ?? channel.testMessage(record.name, record.keywords, locale));
    const durationMs = Math.round(performance.now() - started);
    s.logger.info("credential test sent", { credential: record.name, durationMs });
    return { ok: true, errcode: result.errcode, errmsg: result.errmsg, durationMs };
  } catch (e) {
    const durationMs = Math.round(performance.now() - started);
    if (isRobotError(e)) {
      s.logger.warn("credential test failed", { credential: record.name, code: e.code, errcode: e.errcode });
      const out: CredentialTestResult = { ok: false, code: e.code, durationMs };
      if (e.errcode !== undefined) out.errcode = e.errcode;
      if (e.errmsg !== undefined) out.errmsg = e.errmsg;
      if (e.fix !== undefined) out.fix = fixFor(e.fix, "service");
      return out;
    }
    if (isAppRobotError(e)) {
      // A DingTalk app robot's refusal: DingTalk's code and message, never its token or the app secret.
      s.logger.warn("credential test failed", { credential: record.name, code: e.code });
      const out: CredentialTestResult = { ok: false, code: e.code, durationMs };
      if (e.dingtalkMessage !== undefined) out.errmsg = `${e.dingtalkCode ?? ""} ${e.dingtalkMessage}`.trim();
      if (e.fix !== undefined) out.fix = fixFor(e.fix, "service");
      return out;
    }
    throw e;
  }
}
