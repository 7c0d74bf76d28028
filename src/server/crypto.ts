/**
 * Secrets at rest. A credential's `{ webhook, secret? }` is sealed with AES-256-GCM before it reaches the
 * store: `v1.<iv>.<tag>.<ciphertext>` (base64url, random 12-byte IV, 16-byte tag). The credential's name is
 * the additional authenticated data, so a sealed blob copied onto another credential does not open.
 *
 * The key (32 bytes) comes from DINGPIPE_SECRET_KEY (base64 or hex) or from `<dataDir>/secret.key`, created
 * with mode 0600 on first start. Every process sharing a database must use the same key.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DingpipeError } from "../errors.ts";
import { crypto } from "../lazy-crypto.ts";

export interface RobotSecrets {
  webhook: string;
  secret?: string;
}

export interface Sealer {
  seal(name: string, secrets: RobotSecrets): string;
  /** Throws DingpipeError "unseal_failed" when the key is wrong or the blob was tampered with. */
  unseal(name: string, sealed: string): RobotSecrets;
}

const VERSION = "v1";
const KEY_FILE = "secret.key";

export function createSealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new DingpipeError("bad_secret_key", "the secret key must be 32 bytes");
  return {
    seal(name, secrets) {
      const iv = crypto().randomBytes(12);
      const cipher = crypto().createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(Buffer.from(`dingpipe:credential:${name}`, "utf8"));
      const plain = JSON.stringify(
        secrets.secret === undefined
          ? { webhook: secrets.webhook }
          : { webhook: secrets.webhook, secret: secrets.secret },
      );
      const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString("base64url"), tag.toString("base64url"), ct.toString("base64url")].join(
        ".",
      );
    },
    unseal(name, sealed) {
      const parts = sealed.split(".");
      if (parts.length !== 4 || parts[0] !== VERSION) throw unsealFailed();
      try {
        const decipher = crypto().createDecipheriv("aes-256-gcm", key, Buffer.from(parts[1]!, "base64url"));
        decipher.setAAD(Buffer.from(`dingpipe:credential:${name}`, "utf8"));
        decipher.setAuthTag(Buffer.from(parts[2]!, "base64url"));
        const plain = Buffer.concat([decipher.update(Buffer.from(parts[3]!, "base64url")), decipher.final()]);
        const value = JSON.parse(plain.toString("utf8")) as RobotSecrets;
        return value.secret === undefined ? { webhook: value.webhook } : value;
      } catch (e) {
        throw unsealFailed(e);
      }
    },
  };
}

function unsealFailed(cause?: unknown): DingpipeError {
  return new DingpipeError("unseal_failed", "a stored credential could not be decrypted", {
    cause,
    fix: "start every dingpipe process with the same secret key (DINGPIPE_SECRET_KEY or <data-dir>/secret.key) that stored the credential",
  });
}

/** Parses a key given as base64 (44 chars) or hex (64 chars). */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length !== 32) {
    throw new DingpipeError("bad_secret_key", "the secret key is not 32 bytes of base64 or hex", {
      fix: "generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\"",
    });
  }
  return key;
}

/**
 * The key from DINGPIPE_SECRET_KEY, else `<dataDir>/secret.key` (created 0600 when absent). `created` is true
 * when this call wrote a new key file.
 */
export function loadSecretKey(options: { env: Record<string, string | undefined>; dataDir: string }): {
  key: Buffer;
  source: "env" | "file";
  created: boolean;
} {
  const fromEnv = options.env["DINGPIPE_SECRET_KEY"];
  if (fromEnv !== undefined && fromEnv.trim() !== "")
    return { key: parseKey(fromEnv), source: "env", created: false };
  const file = join(options.dataDir, KEY_FILE);
  try {
    return { key: parseKey(readFileSync(file, "utf8")), source: "file", created: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const key = crypto().randomBytes(32);
  try {
    // "wx": never overwrite a key another process wrote in the meantime.
    writeFileSync(file, key.toString("base64") + "\n", { mode: 0o600, flag: "wx" });
    chmodSync(file, 0o600);
    return { key, source: "file", created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return { key: parseKey(readFileSync(file, "utf8")), source: "file", created: false };
  }
}

/** What may be shown of a webhook: "oapi.dingtalk.com access_token=ab12…". */
export function webhookHint(webhook: string): string {
  try {
    const url = new URL(webhook);
    const token = url.searchParams.get("access_token");
    // A short token (an emulator's "demo") would be shown whole: show its first 4 only when there is more.
    return token ? `${url.host} access_token=${token.length > 8 ? token.slice(0, 4) : ""}…` : url.host;
  } catch {
    return "(invalid webhook)";
  }
}
