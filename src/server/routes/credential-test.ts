/**
 * POST /api/credentials/{name}/test: one real test message through the robot, exactly one request (no
 * quick retries, no queueing), answered with DingTalk's verdict and the fix when it failed.
 */
import { createRobot } from "../../dingtalk/client.ts";
import { isDingTalkError } from "../../dingtalk/errors.ts";
import type { CredentialRecord } from "../../store/store.ts";
import type { Services } from "../context.ts";
import type { RobotSecrets } from "../crypto.ts";

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
): Promise<CredentialTestResult> {
  const robot = createRobot({
    webhook: secrets.webhook,
    ...(secrets.secret === undefined ? {} : { secret: secrets.secret }),
    keywords: record.keywords,
    rateLimit: false,
    retry: false,
    fetch: s.fetch,
  });
  const started = performance.now();
  const keyword = record.keywords[0];
  const content = `dingpipe test message for robot '${record.name}' ✅${keyword ? ` ${keyword}` : ""}`;
  try {
    const result = await robot.send({ msgtype: "text", text: { content } });
    const durationMs = Math.round(performance.now() - started);
    s.logger.info("credential test sent", { credential: record.name, durationMs });
    return { ok: true, errcode: result.errcode, errmsg: result.errmsg, durationMs };
  } catch (e) {
    const durationMs = Math.round(performance.now() - started);
    if (isDingTalkError(e)) {
      s.logger.warn("credential test failed", { credential: record.name, code: e.code, errcode: e.errcode });
      const out: CredentialTestResult = { ok: false, code: e.code, durationMs };
      if (e.errcode !== undefined) out.errcode = e.errcode;
      if (e.errmsg !== undefined) out.errmsg = e.errmsg;
      if (e.fix !== undefined) out.fix = e.fix;
      return out;
    }
    throw e;
  }
}
