/**
 * Which variable names hold secrets by convention (`DINGTALK_SECRET`, `NPM_TOKEN`, `DB_PASSWORD`,
 * `SSH_KEY`, `BASIC_AUTH`…). dingpipe never substitutes such a variable into a message, masks its
 * value in log tails and messages, and `config check` says so when custom content references one.
 *
 * The rule must match secrets and nothing else: a name that is not a secret (an author, a session
 * type, a keyword list) would get its value masked everywhere, so `preview` would no longer show
 * what `notify` sends. Two kinds of words, so each is matched only as precisely as it needs:
 * - unambiguous words, matched anywhere in the name (`NPMTOKEN`, `MY_SECRETS`, `DB_PASSWORD`);
 * - short or common words, matched only as a whole `_`-separated word: `AUTH` is a secret in
 *   `BASIC_AUTH` and `NPM_CONFIG__AUTH` but `AUTHOR` (`DRONE_COMMIT_AUTHOR`, `GIT_AUTHOR_NAME`,
 *   `CHANGE_AUTHOR_DISPLAY_NAME`) is not; `KEY` in `SSH_KEY`, not in `DINGTALK_KEYWORDS`.
 */

/** Words that mean a secret wherever they appear in a name. */
const ANYWHERE =
  /SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|WEBHOOK|SIGNATURE|COOKIE|APIKEY|PRIVATEKEY|ACCESSKEY/i;

/** Words that mean a secret only as a whole word of the name. */
const WHOLE_WORDS: ReadonlySet<string> = new Set([
  "AUTH",
  "AUTHORIZATION",
  "BEARER",
  "CREDS",
  "DSN",
  "KEY",
  "KEYS",
  "PASS",
  "PAT",
  "PRIVATE",
  "PWD",
]);

/** Whole names that contain such a word but are not secrets: the shell's working directories. */
const NOT_SECRET: ReadonlySet<string> = new Set(["PWD", "OLDPWD"]);

export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (NOT_SECRET.has(upper)) return false;
  if (ANYWHERE.test(upper)) return true;
  return upper.split(/[^A-Z0-9]+/).some((word) => WHOLE_WORDS.has(word));
}
