/**
 * Where an app robot sends, as one URL: the group-messages endpoint of its base URL with the app's key,
 * the robot's code and the group's openConversationId in the query —
 * `https://api.dingtalk.com/v1.0/robot/groupMessages/send?appKey=…&robotCode=…&openConversationId=…`.
 * It is what the credential stores as its sealed `webhook` (the app secret is its `secret`), so the
 * outbox, the host allowlist and the robot keys treat an app robot like every other kind. Browser-safe.
 */
import { DingpipeError } from "../../errors.ts";

export const APP_SEND_PATH = "/v1.0/robot/groupMessages/send";
export const DEFAULT_APP_ORIGIN = "https://api.dingtalk.com";

export interface AppEndpoint {
  appKey: string;
  robotCode: string;
  conversationId: string;
  /** Default https://api.dingtalk.com. */
  baseUrl: string;
}

function bad(message: string, fix: string): DingpipeError {
  return new DingpipeError("bad_app_robot", message, { fix });
}

/** The endpoint URL of an app robot, after checking its fields (no whitespace, an http(s) base URL). */
export function appEndpointUrl(fields: {
  appKey: string;
  robotCode: string;
  conversationId: string;
  baseUrl?: string | undefined;
}): string {
  const values: Array<[string, string, string]> = [
    ["appKey", fields.appKey, "the app's AppKey (Client ID)"],
    ["robotCode", fields.robotCode, "the app robot's RobotCode"],
    ["conversationId", fields.conversationId, "the group's openConversationId (cid…)"],
  ];
  for (const [name, value, what] of values) {
    if (value.trim() === "") throw bad(`${name} is empty`, `give ${what}`);
    if (/\s/.test(value.trim()))
      throw bad(`${name} contains whitespace`, `copy ${what} again, without spaces`);
    if (value.trim().length > 200) throw bad(`${name} is longer than 200 characters`, `give ${what}`);
  }
  const base = (fields.baseUrl?.trim() || DEFAULT_APP_ORIGIN).replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw bad(
      "baseUrl is not a URL",
      `leave baseUrl out for ${DEFAULT_APP_ORIGIN}, or give the emulator's URL (http://127.0.0.1:8090)`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw bad("baseUrl is not an http(s) URL", `leave baseUrl out for ${DEFAULT_APP_ORIGIN}`);
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw bad("baseUrl has a query, fragment or user", `give only the origin, e.g. ${DEFAULT_APP_ORIGIN}`);
  }
  const out = new URL(`${base}${APP_SEND_PATH}`);
  out.searchParams.set("appKey", fields.appKey.trim());
  out.searchParams.set("robotCode", fields.robotCode.trim());
  out.searchParams.set("openConversationId", fields.conversationId.trim());
  return out.toString();
}

/** The fields of an endpoint URL made by appEndpointUrl. */
export function parseAppEndpoint(webhook: string): AppEndpoint {
  let url: URL;
  try {
    url = new URL(webhook);
  } catch {
    throw bad("the app robot's endpoint is not a URL", "give appKey, robotCode and conversationId again");
  }
  const appKey = url.searchParams.get("appKey") ?? "";
  const robotCode = url.searchParams.get("robotCode") ?? "";
  const conversationId = url.searchParams.get("openConversationId") ?? "";
  if (!url.pathname.endsWith(APP_SEND_PATH) || !appKey || !robotCode || !conversationId) {
    throw bad(
      "the app robot's endpoint lacks appKey, robotCode or openConversationId",
      "give appKey, robotCode and conversationId again",
    );
  }
  const prefix = url.pathname.slice(0, -APP_SEND_PATH.length);
  return { appKey, robotCode, conversationId, baseUrl: `${url.origin}${prefix}` };
}

/** What may be shown: "api.dingtalk.com robot dingxyz → cid…abcd" (no app secret, no token). */
export function appHint(webhook: string): string {
  try {
    const e = parseAppEndpoint(webhook);
    const cid = e.conversationId.length > 12 ? `${e.conversationId.slice(0, 8)}…` : e.conversationId;
    return `${new URL(e.baseUrl).host} robot ${e.robotCode} → ${cid}`;
  } catch {
    return "(invalid app robot)";
  }
}
