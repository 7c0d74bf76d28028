/**
 * Secret values a pipeline step knows about — environment variables whose NAME looks secret and
 * the credentials of `.dingpipe.yml` — and masking them in text (a wrapped command's log tail, an
 * error line) before it reaches the terminal or a DingTalk group.
 */
import type { DingpipeConfig } from "../config/index.ts";
import { redact } from "../dingtalk/redact.ts";
import { isSecretName } from "../notify/secret-names.ts";

type Env = Record<string, string | undefined>;

/** Shorter values are not masked: "1", "true" or "main" would blank out half a log. */
const MIN_MASKED_LENGTH = 6;

export const MASK = "***";

export { isSecretName };

/** The values of the environment's secret-looking variables. */
export function secretEnvValues(env: Env): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value && isSecretName(name)) out.push(value);
  }
  return out;
}

/** The environment without secret-looking variables: what custom content may substitute as trusted. */
export function withoutSecrets(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !isSecretName(name)));
}

/**
 * Every secret value of the config's credentials: webhooks, the secret each carries (access token, WeCom
 * key, Feishu hook token), tokens, signing secrets.
 */
export function credentialSecrets(config: DingpipeConfig | undefined): string[] {
  const out: string[] = [];
  for (const c of Object.values(config?.credentials ?? {})) {
    if (c.webhook) {
      out.push(c.webhook);
      const token = tokenOf(c.webhook);
      if (token) out.push(token);
    }
    if (c.token) out.push(c.token);
    if (c.secret) out.push(c.secret);
  }
  return out;
}

/** The secret a webhook carries: DingTalk's access_token, WeCom's key or Feishu's hook token. */
export function tokenOf(webhook: string): string | undefined {
  try {
    const url = new URL(webhook);
    return (
      url.searchParams.get("access_token") ??
      url.searchParams.get("key") ??
      /\/bot\/v2\/hook\/([^/?#]+)/.exec(url.pathname)?.[1] ??
      undefined
    );
  } catch {
    return undefined;
  }
}

/** The values worth masking, longest first (so a webhook URL is masked whole before its token). */
function maskable(values: readonly string[]): string[] {
  const known = [...new Set(values.map((v) => v.trim()).filter((v) => v.length >= MIN_MASKED_LENGTH))];
  return known.sort((a, b) => b.length - a.length);
}

function maskKnown(text: string, known: readonly string[]): string {
  let out = text;
  for (const value of known) if (out.includes(value)) out = out.split(value).join(MASK);
  return out;
}

/**
 * Replaces every known secret value with `***` (longest first, so a webhook URL is masked whole
 * before its token), then applies `redact` for access_token=, sign=, SEC… patterns.
 */
export function maskSecrets(text: string, values: readonly string[]): string {
  return redact(maskKnown(text, maskable(values)));
}

/**
 * A message with every known secret value in its texts replaced by `***` — what `notify` and `run`
 * send and `preview` shows, the same for all three. Only the step's known values are masked, never
 * patterns, so a commit message that merely looks like a token reaches the group as written.
 */
export function maskMessage<T>(message: T, values: readonly string[]): T {
  const known = maskable(values);
  if (known.length === 0) return message;
  const walk = (value: unknown): unknown => {
    if (typeof value === "string") return maskKnown(value, known);
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  return walk(message) as T;
}
