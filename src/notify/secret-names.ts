/**
 * Which variable names hold secrets by convention (`DINGTALK_SECRET`, `NPM_TOKEN`, `DB_PASSWORD`,
 * `SSH_KEY`…). dingpipe never substitutes such a variable into a message, masks its value in log
 * tails, and `config check` says so when custom content references one.
 */
const SECRET_NAME =
  /SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|(^|_)PASS($|_)|KEY|WEBHOOK|CREDENTIAL|PRIVATE|(^|_)AUTH|SIGNATURE|COOKIE|SESSION|(^|_)DSN($|_)/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
