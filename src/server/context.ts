/** What every route handler of the service can use; built once by createApp. */
import type { IncomingMessage } from "node:http";
import type { Store } from "../store/store.ts";
import type { HostAllowlist } from "./allowlist.ts";
import { parseJson, readBody, requireJsonType } from "./body.ts";
import type { Sealer } from "./crypto.ts";
import type { Logger } from "./log.ts";
import type { ServiceMetrics } from "./metrics.ts";

export type HookSource = "github" | "gitlab" | "gitee" | "yunxiao";
export const HOOK_SOURCES: readonly HookSource[] = ["github", "gitlab", "gitee", "yunxiao"];

/** The delivery engine as the HTTP layer sees it: a nudge after each insert. */
export interface EngineHandle {
  wake(): void;
}

export interface Services {
  store: Store;
  sealer: Sealer;
  /** Robot keys under the service's secret key (src/channels/robot-key.ts). */
  robotKeyer: (identity: string) => string;
  allowlist: HostAllowlist;
  engine: EngineHandle | undefined;
  logger: Logger;
  metrics: ServiceMetrics;
  now: () => number;
  fetch: typeof fetch;
  hookSecrets: Partial<Record<HookSource, string[]>>;
  maxBodyBytes: number;
  maxHookBodyBytes: number;
  /** A webhook body seen less than this long ago is a redelivery (0: no body deduplication). */
  hookDedupWindowMs: number;
}

/** Reads and parses a JSON request body (415 / 413 / 400 on the way). */
export async function jsonBody(services: Services, req: IncomingMessage): Promise<unknown> {
  requireJsonType(req);
  return parseJson(await readBody(req, services.maxBodyBytes));
}
