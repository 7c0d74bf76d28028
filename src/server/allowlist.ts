/**
 * The webhook host allowlist: the service only ever sends to DingTalk (oapi.dingtalk.com) and to hosts the
 * operator names with `--allow-host`, so a credential cannot aim it at internal addresses. Only https is
 * accepted, except for an explicitly allowed host (a local emulator: `--allow-host 127.0.0.1:4000`).
 * An entry `host` allows that host on any port; `host:port` that port only. The default DingTalk host is
 * allowed on its standard port (443) only.
 *
 * `guardedFetch` is the fetch every request to a robot goes through: it checks the URL again and never
 * follows a redirect, so an allowed host cannot bounce a request to an address that is not allowed.
 */
import { isPlausibleAccessToken } from "../dingtalk/client.ts";
import { DingpipeError } from "../errors.ts";

export const DEFAULT_ALLOWED_HOSTS: readonly string[] = ["oapi.dingtalk.com"];

export interface HostAllowlist {
  /** Throws DingpipeError "host_not_allowed" / "bad_webhook" when the URL may not be used. */
  check(webhook: string): URL;
  readonly hosts: readonly string[];
}

export function createAllowlist(extra: readonly string[] = []): HostAllowlist {
  const explicit = extra.map((h) => h.trim().toLowerCase()).filter((h) => h !== "");
  const hosts = [...DEFAULT_ALLOWED_HOSTS, ...explicit];
  const matches = (list: readonly string[], url: URL): boolean =>
    list.some((entry) => entry === url.hostname || entry === url.host);
  // The default host only as DingTalk serves it: https on 443 (url.port is "" for the default port).
  const isDefault = (url: URL): boolean => url.port === "" && DEFAULT_ALLOWED_HOSTS.includes(url.hostname);
  return {
    hosts,
    check(webhook) {
      let url: URL;
      try {
        url = new URL(webhook);
      } catch {
        throw new DingpipeError("bad_webhook", "the webhook is not a URL", {
          fix: "paste the robot's full webhook URL: https://oapi.dingtalk.com/robot/send?access_token=…",
        });
      }
      if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new DingpipeError("bad_webhook", `the webhook uses ${url.protocol}, not https:`, {
          fix: "use the robot's https:// webhook URL",
        });
      }
      if (url.username !== "" || url.password !== "") {
        throw new DingpipeError("bad_webhook", "the webhook must not contain a user name or password", {
          fix: "remove the user:password@ part of the URL",
        });
      }
      const token = url.searchParams.get("access_token");
      if (!token) {
        throw new DingpipeError("bad_webhook", "the webhook has no access_token parameter", {
          fix: "copy the whole webhook URL from the robot's settings, including ?access_token=…",
        });
      }
      if (!isPlausibleAccessToken(token)) {
        throw new DingpipeError(
          "bad_webhook",
          "the webhook's access_token holds characters no DingTalk token has (a placeholder such as … or <token>?)",
          { fix: "copy the real webhook URL from the group's robot settings" },
        );
      }
      const allowed = matches(explicit, url) || (url.protocol === "https:" && isDefault(url));
      if (!allowed) {
        const why =
          url.protocol === "http:" && matches(hosts, url)
            ? `plain http to ${url.host} is not allowed`
            : DEFAULT_ALLOWED_HOSTS.includes(url.hostname)
              ? `${url.hostname} is allowed on its standard https port only, not on port ${url.port}`
              : `the webhook host ${url.host} is not on the allowlist (${hosts.join(", ")})`;
        throw new DingpipeError("host_not_allowed", why, {
          fix: `use an https://oapi.dingtalk.com webhook, or start the service with --allow-host ${url.host}`,
        });
      }
      return url;
    },
  };
}

/**
 * A fetch for robot requests: refuses a URL the allowlist does not accept and answers a redirect as the
 * redirect itself (a non-200 status the robot client reports as an HTTP error), never following it.
 */
export function guardedFetch(allowlist: HostAllowlist, inner?: typeof fetch): typeof fetch {
  return (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    allowlist.check(url);
    return (inner ?? globalThis.fetch)(input, { ...init, redirect: "manual" });
  };
}
