import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { isDingpipeError } from "../errors.ts";
import { createSealer, loadSecretKey, parseKey, webhookHint } from "./crypto.ts";
import { hashToken, newApiToken } from "./tokens.ts";

const WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=ab12cd34ef56";

describe("sealing robot secrets", () => {
  const sealer = createSealer(randomBytes(32));

  test("seal/unseal round trip; the sealed text holds neither secret; each seal differs (random IV)", () => {
    const sealed = sealer.seal("ci", { webhook: WEBHOOK, secret: "SECfake123" });
    assert.match(sealed, /^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.ok(!sealed.includes("ab12cd34") && !sealed.includes("SECfake"));
    assert.deepEqual(sealer.unseal("ci", sealed), { webhook: WEBHOOK, secret: "SECfake123" });
    assert.notEqual(sealer.seal("ci", { webhook: WEBHOOK }), sealer.seal("ci", { webhook: WEBHOOK }));
    assert.deepEqual(sealer.unseal("ci", sealer.seal("ci", { webhook: WEBHOOK })), { webhook: WEBHOOK });
  });

  test("a wrong key, another credential's name or a flipped byte do not open", () => {
    const sealed = sealer.seal("ci", { webhook: WEBHOOK });
    const other = createSealer(randomBytes(32));
    const parts = sealed.split(".");
    const ct = Buffer.from(parts[3]!, "base64url");
    ct[0]! ^= 1;
    const tampered = [parts[0], parts[1], parts[2], ct.toString("base64url")].join(".");
    for (const attempt of [
      () => other.unseal("ci", sealed),
      () => sealer.unseal("ops", sealed),
      () => sealer.unseal("ci", tampered),
      () => sealer.unseal("ci", "v2.x.y.z"),
    ]) {
      assert.throws(attempt, (e) => isDingpipeError(e, "unseal_failed") && e.fix !== undefined);
    }
  });
});

describe("the secret key", () => {
  test("DINGPIPE_SECRET_KEY in base64 or hex; anything else is refused with a fix", () => {
    const key = randomBytes(32);
    assert.deepEqual(parseKey(key.toString("base64")), key);
    assert.deepEqual(parseKey(key.toString("hex")), key);
    assert.throws(
      () => parseKey("short"),
      (e) => isDingpipeError(e, "bad_secret_key") && e.fix !== undefined,
    );
  });

  test("without the variable, a key file is created once with mode 0600 and reused", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dingpipe-key-"));
    try {
      const first = loadSecretKey({ env: {}, dataDir: join(dir, "data") });
      assert.equal(first.created, true);
      const file = join(dir, "data", "secret.key");
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      const again = loadSecretKey({ env: {}, dataDir: join(dir, "data") });
      assert.equal(again.created, false);
      assert.deepEqual(again.key, first.key);
      assert.equal((await readFile(file, "utf8")).trim(), first.key.toString("base64"));
      const fromEnv = loadSecretKey({
        env: { DINGPIPE_SECRET_KEY: randomBytes(32).toString("hex") },
        dataDir: dir,
      });
      assert.equal(fromEnv.source, "env");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

test("hints show the host and the first 4 characters of the token only", () => {
  assert.equal(webhookHint(WEBHOOK), "oapi.dingtalk.com access_token=ab12…");
  assert.equal(
    webhookHint("http://127.0.0.1:4000/robot/send?access_token=xyz"),
    "127.0.0.1:4000 access_token=…",
  );
});

test("API tokens: 32 random bytes after dp_, stored as their SHA-256 in hex (FIPS 180-2 test vectors)", () => {
  const a = newApiToken();
  assert.match(a, /^dp_[\w-]{43}$/);
  assert.equal(Buffer.from(a.slice(3), "base64url").length, 32);
  assert.notEqual(a, newApiToken());
  // The published SHA-256 digests of "abc" and of the empty string.
  assert.equal(hashToken("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(hashToken(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // Python's hashlib.sha256("密".encode()).hexdigest(): UTF-8 bytes, not UTF-16 or latin1.
  assert.equal(hashToken("密"), "0e3d8855d6491cae77c6c92f09c041da1a4903c725883f158b55198cb10b1360");
});
