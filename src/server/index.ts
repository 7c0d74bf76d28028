/** The HTTP service's public entry. */
export type { App, AppOptions, ServerConfig } from "./app.ts";
export { createApp } from "./app.ts";
export type { HookSource } from "./context.ts";
export { createSealer, loadSecretKey, type RobotSecrets, type Sealer, webhookHint } from "./crypto.ts";
export { type Listening, listen } from "./listen.ts";
export { createLogger, type Logger, type LogLevel, redact, silentLogger } from "./log.ts";
export { createMetrics, type ServiceMetrics } from "./metrics.ts";
export { ensureAdminToken, hashToken, newApiToken } from "./tokens.ts";
