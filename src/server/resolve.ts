/**
 * The delivery engine's view of a credential: its secrets unsealed, in memory only, just before a send.
 * The webhook is checked against the host allowlist (and its kind's shape) again, so a stored credential cannot be used once its
 * host is no longer allowed.
 */
import type { ChannelKind } from "../channels/kinds.ts";
import type { Store } from "../store/store.ts";
import type { HostAllowlist } from "./allowlist.ts";
import type { Sealer } from "./crypto.ts";

export interface ResolvedCredential {
  kind: ChannelKind;
  webhook: string;
  secret?: string;
  keywords: string[];
  rateLimit: { messages: number; perSeconds: number };
}

export function createCredentialResolver(
  store: Store,
  sealer: Sealer,
  allowlist: HostAllowlist,
): (name: string) => Promise<ResolvedCredential | undefined> {
  return async (name) => {
    const record = await store.getCredential(name);
    if (!record) return undefined;
    const secrets = sealer.unseal(name, record.sealed);
    allowlist.check(secrets.webhook, record.kind);
    const out: ResolvedCredential = {
      kind: record.kind,
      webhook: secrets.webhook,
      keywords: record.keywords,
      rateLimit: record.rateLimit,
    };
    if (secrets.secret !== undefined) out.secret = secrets.secret;
    return out;
  };
}
