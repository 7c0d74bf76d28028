/**
 * Masks robot secrets in any string before it reaches a log line, an error or the terminal:
 * access_token values keep their first 4 characters (`access_token=ab12…`), and so do WeCom webhook
 * keys (`?key=ab12…`) and Feishu hook tokens (`/bot/v2/hook/ab12…`); `sign=` and `timestamp=`
 * values and `SEC…` signing secrets are hidden entirely. Values the caller knows to be
 * secret (a bare token passed with --token, say) are masked wherever they appear.
 */

// A value stops at what cannot be in a token: `&`, quotes, space, `#`, a closing bracket (an elided
// token in a fix, "(…?access_token=…)", keeps its closing parenthesis).
const TOKEN_PARAM = /(access_token=|access_token["']?\s*[:=]\s*["']?)([^&\s"'#)\]}>]+)/gi;
const HEADER_TOKEN = /(x-acs-dingtalk-access-token["']?\s*[:=]\s*["']?)([^\s"',}]+)/gi;
const SIGN_PARAM = /\b(sign=)([^&\s"'#]+)/gi;
const TIMESTAMP_PARAM = /\b(timestamp=)([^&\s"'#]+)/gi;
const SECRET = /\bSEC[A-Za-z0-9+/=_-]{6,}/g;
const KEY_PARAM = /([?&]key=)([^&\s"'#]+)/gi;
const HOOK_PATH = /(\/bot\/v2\/hook\/)([^/?&\s"'#]+)/gi;

function keepFour(value: string): string {
  return value.length <= 4 ? "…" : `${value.slice(0, 4)}…`;
}

export function redact(text: string, known: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const value of known) {
    if (value && value.length >= 6) out = out.split(value).join(keepFour(value));
  }
  return out
    .replace(
      TOKEN_PARAM,
      (_m, key: string, value: string) => key + (value.endsWith("…") ? value : keepFour(value)),
    )
    .replace(
      KEY_PARAM,
      (_m, key: string, value: string) => key + (value.endsWith("…") ? value : keepFour(value)),
    )
    .replace(
      HOOK_PATH,
      (_m, key: string, value: string) => key + (value.endsWith("…") ? value : keepFour(value)),
    )
    .replace(HEADER_TOKEN, (_m, key: string, value: string) => key + keepFour(value))
    .replace(SIGN_PARAM, "$1…")
    .replace(TIMESTAMP_PARAM, "$1…")
    .replace(SECRET, "SEC…");
}
