/**
 * The webhook host allowlist: the service only ever sends to the robot services' own hosts
 * (oapi.dingtalk.com, qyapi.weixin.qq.com, open.feishu.cn, open.larksuite.com — each channel names
 * its own) and to hosts the operator names with `--allow-host`, so a credential cannot aim it at
 * internal addresses. Only https is accepted, except for an explicitly allowed host (a local
 * emulator: `--allow-host 127.0.0.1:4000`). An entry `host` allows that host on any port;
 * `host:port` that port only. The default hosts are allowed on their standard port (443) only.
 *
 * `guardedFetch` is the fetch every request to a robot goes through: it checks the URL's host again
 * and never follows a redirect, so an allowed host cannot bounce a request to an address that is not
 * allowed.
 */
import { type ChannelKind, channelFor, officialHosts } from "../channels/index.ts";
import { DingpipeError } from "../errors.ts";

export const DEFAULT_ALLOWED_HOSTS: readonly string[] = officialHosts();

export interface HostAllowlist {
  /**
   * Throws DingpipeError "host_not_allowed" / "bad_webhook" when the webhook may not be used: its
   * host is not allowed, or it is not a webhook of the robot kind (default dingtalk).
   */
  check(webhook: string, kind?: ChannelKind): URL;
  /** The host checks alone (any kind): what every request to a robot passes. */
  checkHost(url: string): URL;
  readonly hosts: readonly string[];
}

export function createAllowlist(extra: readonly string[] = []): HostAllowlist {
  const explicit = extra.map((h) => h.trim().toLowerCase()).filter((h) => h !== "");
  const hosts = [...DEFAULT_ALLOWED_HOSTS, ...explicit];
  const matches = (list: readonly string[], url: URL): boolean =>
    list.some((entry) => entry === url.hostname || entry === url.host);
  // The default hosts only as their services serve them: https on 443 (url.port is "" for the default port).
  const isDefault = (url: URL): boolean => url.port === "" && DEFAULT_ALLOWED_HOSTS.includes(url.hostname);
  const checkHost = (webhook: string, kind?: ChannelKind): URL => {
    let url: URL;
    const example = channelFor(kind).info.webhookExample;
    try {
      url = new URL(webhook);
    } catch {
      throw new DingpipeError("bad_webhook", "the webhook is not a URL", {
        fix: `paste the robot's full webhook URL: ${example}`,
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
    const allowed = matches(explicit, url) || (url.protocol === "https:" && isDefault(url));
    if (!allowed) {
      const why =
        url.protocol === "http:" && matches(hosts, url)
          ? `plain http to ${url.host} is not allowed`
          : DEFAULT_ALLOWED_HOSTS.includes(url.hostname)
            ? `${url.hostname} is allowed on its standard https port only, not on port ${url.port}`
            : `the webhook host ${url.host} is not on the allowlist (${hosts.join(", ")})`;
      const official = channelFor(kind)
        .info.hosts.map((h) => `https://${h}`)
        .join(" or ");
      throw new DingpipeError("host_not_allowed", why, {
        fix: `use an ${official} webhook, or start the service with --allow-host ${url.host}`,
      });
    }
    return url;
  };
  return {
    hosts,
    checkHost: (url) => checkHost(url),
    check(webhook, kind) {
      const url = checkHost(webhook, kind);
      // The shape of the kind's webhook (DingTalk: a plausible access_token; WeCom: a key; Feishu: a hook path).
      channelFor(kind).normalizeWebhook(webhook);
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
    // Not `instanceof Request`: touching the global Request loads undici (~17 MB) into the process.
    const url = typeof input === "string" || input instanceof URL ? String(input) : input.url;
    allowlist.checkHost(url);
    return (inner ?? globalThis.fetch)(input, { ...init, redirect: "manual" });
  };
}
