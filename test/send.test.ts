/**
 * `dingpipe send` as a subprocess against the DingTalk emulator: exit codes, dry run, stdin JSON,
 * environment fallbacks, an HTTP proxy, and no secret in anything it prints. The CLI runs from its
 * TypeScript source (Node 24 runs .ts directly) through pipeline-cli's one-line runner, so no build is needed.
 */
import assert from "node:assert/strict";
import { createServer, request, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { after, before, test } from "node:test";
import { type Emulator, startEmulator } from "../src/emulator/index.ts";
import { type Run, startDingpipe } from "./helpers/pipeline-cli.ts";

const SECRET = "SECfakeCliSigningSecret0003";
const SIGN_TOKEN = "tok-cli-sign-0003";
const KW_TOKEN = "tok-cli-kw-0003";

/** What every run printed, for the check that no secret was ever shown. */
const everything: string[] = [];

/** `dingpipe send <args>` with exactly `env` (plus PATH) and `input` (or nothing) on its standard input. */
async function dingpipe(
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<Run> {
  const run = await startDingpipe(["send", ...args], process.cwd(), options.env ?? {}, options.input ?? "")
    .done;
  everything.push(run.stdout, run.stderr);
  return run;
}

let emu: Emulator;
let proxy: Server;
const proxied: string[] = [];

before(async () => {
  emu = await startEmulator({
    port: 0,
    robots: [
      { token: SIGN_TOKEN, secret: SECRET },
      { token: KW_TOKEN, keywords: ["CI"] },
    ],
  });
  // A tiny forward proxy: CONNECT tunnels (how fetch goes through a proxy) and plain requests.
  proxy = createServer((req, res) => {
    proxied.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? "");
    const upstream = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  proxy.on("connect", (req, socket, head) => {
    proxied.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host ?? "127.0.0.1", () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
});

after(async () => {
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await emu.close();
});

test("delivered: exit 0, a short confirmation, the message signed at the robot", async () => {
  const run = await dingpipe([
    "--webhook",
    emu.webhookUrl(SIGN_TOKEN),
    "--secret",
    SECRET,
    "--text",
    "deploy failed",
    "--at",
    "13800000000",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^delivered to .*access_token=tok-…/);
  const got = emu.messages(SIGN_TOKEN).at(-1);
  assert.deepEqual(got?.body, {
    msgtype: "text",
    text: { content: "deploy failed\n@13800000000" },
    at: { atMobiles: ["13800000000"] },
  });
});

test("sends on node:http: fetch's engine (undici), the largest part of a send's start-up, is never loaded", async () => {
  // What the process loaded, printed after main() returned (the test's own process may have loaded undici).
  const run = await dingpipe(
    ["--webhook", emu.webhookUrl(SIGN_TOKEN), "--secret", SECRET, "--text", "no undici"],
    { env: { TEST_REPORT_UNDICI: "1" } },
  );
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /undici loaded: false/);
  assert.deepEqual(emu.messages(SIGN_TOKEN).at(-1)?.body, {
    msgtype: "text",
    text: { content: "no undici" },
  });
  // With a proxy variable, the global fetch (which goes through the proxy) is used as before.
  const proxiedRun = await dingpipe(
    ["--webhook", emu.webhookUrl(SIGN_TOKEN), "--secret", SECRET, "--text", "via proxy"],
    {
      env: {
        TEST_REPORT_UNDICI: "1",
        HTTP_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      },
    },
  );
  assert.equal(proxiedRun.code, 0, proxiedRun.stderr);
  assert.match(proxiedRun.stderr, /undici loaded: true/);
});

test("environment fallbacks: DINGTALK_WEBHOOK and DINGTALK_SECRET; markdown with a title", async () => {
  const run = await dingpipe(["--markdown", "**build** ok", "--title", "Build"], {
    env: { DINGTALK_WEBHOOK: emu.webhookUrl(SIGN_TOKEN), DINGTALK_SECRET: SECRET },
  });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(emu.messages(SIGN_TOKEN).at(-1)?.body, {
    msgtype: "markdown",
    markdown: { title: "Build", text: "**build** ok" },
  });
});

test("DINGTALK_TOKEN with --base-url and --keyword", async () => {
  const run = await dingpipe(["--base-url", emu.url, "--keyword", "CI", "--text", "tests passed"], {
    env: { DINGTALK_TOKEN: KW_TOKEN },
  });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(emu.messages(KW_TOKEN).at(-1)?.body, {
    msgtype: "text",
    text: { content: "[CI] tests passed" },
  });
});

test("not delivered: exit 1 with errcode and the fix, no secret, no stack", async () => {
  const run = await dingpipe([
    "--webhook",
    emu.webhookUrl(SIGN_TOKEN),
    "--secret",
    "SECfakeWrongOne0003",
    "--text",
    "x",
  ]);
  assert.equal(run.code, 1);
  assert.equal(run.stdout, "");
  assert.match(run.stderr, /errcode: 310000 \(signature_mismatch\)/);
  assert.match(run.stderr, /fix: the robot has signing enabled: set its SEC… secret/);
  assert.doesNotMatch(run.stderr, /^\s+at /m, "no stack trace");
  assert.ok(!run.stderr.includes("SECfakeWrongOne0003"));

  const kw = await dingpipe(["--token", KW_TOKEN, "--base-url", emu.url, "--text", "no keyword"]);
  assert.equal(kw.code, 1);
  assert.match(kw.stderr, /keywords_missing[\s\S]*--keyword/);

  const nobody = await dingpipe(["--token", "tok-nobody-0003", "--base-url", emu.url, "--text", "x"]);
  assert.equal(nobody.code, 1);
  assert.match(nobody.stderr, /robot_not_found/);
});

test("an unreachable robot is not delivered (exit 1) and says what to check", async () => {
  // A port that was just free on loopback: the connection is refused (port 9, used before, is
  // refused by fetch itself as a "bad port" and never tried the network path).
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const { port } = closed.address() as AddressInfo;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const run = await dingpipe([
    "--token",
    KW_TOKEN,
    "--base-url",
    `http://127.0.0.1:${port}`,
    "--text",
    "x",
    "--timeout",
    "2s",
  ]);
  assert.equal(run.code, 1);
  assert.match(
    run.stderr,
    new RegExp(`not delivered: could not reach http://127\\.0\\.0\\.1:${port}/robot/send: ECONNREFUSED`),
  );
  assert.match(run.stderr, /fix: check the webhook host, DNS, the network and HTTPS_PROXY/);
  assert.ok(!run.stderr.includes(KW_TOKEN), "the token is not shown");
});

const BARE_TOKEN = "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

test("bad usage: exit 2 saying what is missing", async () => {
  const cases: [string[], RegExp][] = [
    [["--webhook", emu.webhookUrl(KW_TOKEN)], /no message/],
    [["--text", "x"], /no robot/],
    [["--token", KW_TOKEN, "--markdown", "x"], /--markdown needs --title/],
    [["--token", KW_TOKEN, "--text", "x", "--json", "-"], /only one of/],
    [["--token", KW_TOKEN, "--text", "x", "--bogus"], /Unknown option '--bogus'/],
    [["--token", KW_TOKEN, "--text", "x", "--timeout", "soon"], /--timeout/],
    [
      ["--webhook", "https://oapi.dingtalk.com/robot/send", "--text", "x"],
      /the webhook https:\/\/oapi\.dingtalk\.com\/robot\/send carries no access_token/,
    ],
    [["--webhook", BARE_TOKEN, "--text", "x"], /the webhook is an access_token alone[\s\S]*--token/],
    [
      ["--webhook", `oapi.dingtalk.com/robot/send?access_token=${BARE_TOKEN}`, "--text", "x"],
      /the webhook 'oapi\.dingtalk\.com\/robot\/send\?access_token=0a1b…' lacks its https:\/\//,
    ],
    [["--token", KW_TOKEN, "--secret", "not-a-sec-secret", "--text", "x"], /does not start with SEC/],
    [["--token", KW_TOKEN, "--json", "/nonexistent/message.json"], /cannot read --json/],
  ];
  for (const [args, message] of cases) {
    const run = await dingpipe(args);
    assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
    assert.match(run.stderr, message);
    assert.ok(!`${run.stdout}${run.stderr}`.includes(BARE_TOKEN), "the token is never shown");
  }
});

test("--help prints the options and exits 0", async () => {
  const run = await dingpipe(["--help"]);
  assert.equal(run.code, 0);
  assert.match(run.stdout, /--webhook URL/);
  assert.match(run.stdout, /--dry-run/);
});

test("--dry-run prints the body that would be sent and sends nothing", async () => {
  const before = emu.answers().length;
  const run = await dingpipe([
    "--webhook",
    emu.webhookUrl(SIGN_TOKEN),
    "--secret",
    SECRET,
    "--keyword",
    "CI",
    "--text",
    "would go",
    "--at",
    "13800000000",
    "--dry-run",
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    msgtype: "text",
    text: { content: "[CI] would go\n@13800000000" },
    at: { atMobiles: ["13800000000"] },
  });
  assert.match(run.stderr, /dry run: would POST \d+ bytes .*signed/);
  assert.equal(emu.answers().length, before, "nothing reached the robot");
});

test("--json - reads any message type from stdin", async () => {
  const card = {
    msgtype: "actionCard",
    actionCard: {
      title: "CI deploy",
      text: "### deploy failed",
      btnOrientation: "1",
      btns: [
        { title: "Logs", actionURL: "https://ci.example/logs" },
        { title: "Run", actionURL: "https://ci.example/run" },
      ],
    },
  };
  const run = await dingpipe(["--token", KW_TOKEN, "--base-url", emu.url, "--json", "-", "--at", "all"], {
    input: JSON.stringify(card),
  });
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(emu.messages(KW_TOKEN).at(-1)?.body, { ...card, at: { isAtAll: true } });

  const bad = await dingpipe(["--token", KW_TOKEN, "--json", "-"], { input: '{"msgtype":"Text"}' });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown msgtype "Text"/);
  const link = await dingpipe(["--token", KW_TOKEN, "--json", "-", "--at", "13800000000"], {
    input: '{"msgtype":"link","link":{"title":"CI","text":"x","messageUrl":"https://x.example"}}',
  });
  assert.equal(link.code, 2);
  assert.match(link.stderr, /--at cannot be used with a link message/);
});

test("HTTP_PROXY is honoured (and NO_PROXY bypasses it)", async () => {
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  const host = new URL(emu.url).host;
  proxied.length = 0;
  const run = await dingpipe(["--token", KW_TOKEN, "--base-url", emu.url, "--text", "CI via proxy"], {
    env: { HTTP_PROXY: proxyUrl },
  });
  assert.equal(run.code, 0, run.stderr);
  assert.ok(
    proxied.some((p) => p.includes(host)),
    `the proxy carried the request (saw ${JSON.stringify(proxied)})`,
  );
  assert.equal(emu.messages(KW_TOKEN).at(-1)?.body.msgtype, "text");

  proxied.length = 0;
  const direct = await dingpipe(["--token", KW_TOKEN, "--base-url", emu.url, "--text", "CI direct"], {
    env: { HTTP_PROXY: proxyUrl, NO_PROXY: "127.0.0.1" },
  });
  assert.equal(direct.code, 0, direct.stderr);
  assert.deepEqual(proxied, []);
});

test("no secret or full token appeared in anything dingpipe send printed", () => {
  const all = everything.join("\n");
  assert.ok(all.length > 0);
  for (const secret of [SECRET, SIGN_TOKEN, KW_TOKEN, "SECfakeWrongOne0003"]) {
    assert.ok(!all.includes(secret), `${secret.slice(0, 6)}… leaked`);
  }
  assert.doesNotMatch(all, /sign=[^…&\s]/);
  assert.doesNotMatch(all, /timestamp=\d/);
});
