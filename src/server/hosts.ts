/**
 * The Host header check that stops DNS rebinding: a service listening on loopback answers only
 * requests addressed to a loopback name (or a name the operator added with --host-name). A web page
 * on evil.example whose name is made to resolve to 127.0.0.1 sends `Host: evil.example`: refused,
 * so it can read neither /metrics nor anything else of the service.
 */
import { HttpError } from "./errors.ts";

export const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/** True for an address that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** A Host header's name, lowercased, without its port ("[::1]" keeps its brackets). */
export function normalHost(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(0, h.indexOf("]") + 1);
  const colon = h.lastIndexOf(":");
  return colon >= 0 && h.indexOf(":") === colon ? h.slice(0, colon) : h;
}

/** Throws 403 when the request's Host is not one of `names` (a request without Host passes). */
export function checkHost(host: string | undefined, names: ReadonlySet<string>): void {
  if (host === undefined || host === "") return;
  const name = normalHost(host);
  if (names.has(name)) return;
  throw new HttpError(
    403,
    "unexpected_host",
    `this service does not answer requests for the host '${name.slice(0, 100)}'`,
    {
      fix: "open it at http://127.0.0.1:<port>/ (or localhost); behind a reverse proxy or a tunnel, add the name it is reached by with --host-name NAME (env DINGPIPE_HOST_NAMES)",
    },
  );
}
