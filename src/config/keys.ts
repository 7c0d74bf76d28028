/**
 * The keys `.dingpipe.yml` accepts, as the declaration (src/contract/config.ts) has them: for "known keys
 * here" and the docs' tables. Nothing is listed twice.
 */
import { ConfigFileSchema, CredentialFileSchema, NotificationSchema, STYLES } from "../contract/config.ts";

const keysOf = <T extends object>(entries: T) => Object.keys(entries) as (keyof T & string)[];

export const TOP_KEYS = keysOf(ConfigFileSchema.entries);
export const CREDENTIAL_KEYS = keysOf(CredentialFileSchema.entries);
export const RATE_LIMIT_KEYS = keysOf(CredentialFileSchema.entries.rate_limit.wrapped.entries);
export const NOTIFICATION_KEYS = keysOf(NotificationSchema.entries);
export { didYouMean } from "../contract/did-you-mean.ts";
export { STYLES };
