/**
 * The words `.dingpipe.yml` accepts: its keys and the enumerations that are not already defined
 * elsewhere. The JSON Schema (schema/dingpipe.schema.json) lists the same; a test keeps them in step.
 */
import { editDistance } from "../pipeline/status.ts";

export const TOP_KEYS = ["credentials", "notifications", "locale", "timezone"] as const;
export const CREDENTIAL_KEYS = [
  "type",
  "webhook",
  "token",
  "secret",
  "keywords",
  "base_url",
  "rate_limit",
  "app_key",
  "app_secret",
  "robot_code",
  "conversation_id",
] as const;
export const RATE_LIMIT_KEYS = ["messages", "per_seconds"] as const;
export const NOTIFICATION_KEYS = [
  "credential",
  "pipelines",
  "tasks",
  "events",
  "content",
  "custom",
  "at",
  "style",
  "locale",
  "timezone",
  "name",
  "enabled",
] as const;
export const STYLES = ["markdown", "action_card", "run_card"] as const;

/** The closest candidate to a misspelt word ("evnets" → "events"), or undefined when none is close. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = word.trim().toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(w.length / 3)) ? best : undefined;
}

/** " — did you mean 'x'?" or "". */
export function suggestion(word: string, candidates: readonly string[]): string {
  const s = didYouMean(word, candidates);
  return s ? ` — did you mean '${s}'?` : "";
}
