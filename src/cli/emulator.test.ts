import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sign } from "../dingtalk/sign.ts";
import {
  DEMO_APP,
  emulatorOptions,
  parseAppSpec,
  parseEmulatorFile,
  parseRobotSpec,
  parseRobotsFile,
  runEmulator,
} from "./emulator.ts";
import type { Io } from "./io.ts";

function captureIo(cwd = process.cwd()): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => void out.push(t), stderr: (t) => void err.push(t), env: {}, cwd };
}

/** Waits, at most 30 s, for the emulator's first lines; fails at once, with its stderr, if it ended first. */
async function firstOutput(io: { out: string[]; err: string[] }, running: Promise<number>): Promise<void> {
  let ended: string | undefined;
  running.then(
    (code) => {
      ended = String(code);
    },
    (error: unknown) => {
      ended = String(error);
    },
  );
  const deadline = Date.now() + 30_000;
  while (io.out.length === 0) {
    if (ended !== undefined)
      throw new Error(`the emulator ended (${ended}) before printing: ${io.err.join("")}`);
    if (Date.now() > deadline) throw new Error("the emulator printed nothing within 30 s");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("dingpipe emulator: options", () => {
  it("parses TOKEN[:SECRET] and key=value robot specs", () => {
    assert.deepEqual(parseRobotSpec("abc"), { token: "abc" });
    assert.deepEqual(parseRobotSpec("abc:SECxyz"), { token: "abc", secret: "SECxyz" });
    assert.deepEqual(
      parseRobotSpec("name=ci,token=abc,secret=SECx,keywords=CI|Deploy,ip=127.0.0.1|10.0.0.0/8"),
      {
        token: "abc",
        name: "ci",
        secret: "SECx",
        keywords: ["CI", "Deploy"],
        ipAllowlist: ["127.0.0.1", "10.0.0.0/8"],
      },
    );
    assert.throws(() => parseRobotSpec("name=ci"), /token= field is missing/);
    assert.throws(() => parseRobotSpec("token=a,colour=red"), /'colour' is not one of/);
  });

  it("reads robots from YAML or JSON", () => {
    const yaml =
      "- token: abc\n  name: ci\n  secret: SECx\n  keywords: [CI]\n- token: 42\n  ipAllowlist: 127.0.0.1\n";
    assert.deepEqual(parseRobotsFile(yaml, "robots.yml"), [
      { token: "abc", name: "ci", secret: "SECx", keywords: ["CI"] },
      { token: "42", ipAllowlist: ["127.0.0.1"] },
    ]);
    assert.deepEqual(parseRobotsFile('{"robots":[{"token":"j"}]}', "r.json"), [{ token: "j" }]);
    assert.throws(() => parseRobotsFile("- name: x\n", "r.yml"), /r\.yml: robot 1 has no token/);
    assert.throws(() => parseRobotsFile("a: [", "r.yml"), /r\.yml: not valid YAML/);
  });

  it("defaults to one demo robot on port 8090 and maps rate, throttle and faults", async () => {
    const defaults = await emulatorOptions([], process.cwd());
    assert.deepEqual(
      [defaults.port, defaults.host, defaults.robots],
      [8090, "127.0.0.1", [{ token: "demo", name: "demo" }]],
    );
    assert.equal(defaults.rateLimit, undefined);
    assert.equal(defaults.faults, undefined);
    const tuned = await emulatorOptions(
      [
        "--rate",
        "5/10",
        "--throttle",
        "30",
        "--fault-rate",
        "0.25",
        "--faults",
        "busy,drop",
        "--fault-seed",
        "3",
      ],
      process.cwd(),
    );
    assert.deepEqual(tuned.rateLimit, { messages: 5, windowMs: 10_000, throttleMs: 30_000 });
    assert.deepEqual(tuned.faults, { rate: 0.25, kinds: ["busy", "drop"], seed: 3 });
  });
});

describe("dingpipe emulator: app robots", () => {
  it("parses --app specs and apps: in the robots file, refusing what is incomplete", () => {
    assert.deepEqual(parseAppSpec("name=ci,appKey=dingk,appSecret=s3cr3t,robotCode=dingr,groups=cidA|cidB"), {
      appKey: "dingk",
      appSecret: "s3cr3t",
      robotCode: "dingr",
      conversations: ["cidA", "cidB"],
      name: "ci",
    });
    assert.equal(parseAppSpec("appKey=k,appSecret=s,robotCode=r,groups=c,stopped=true").stopped, true);
    assert.throws(() => parseAppSpec("appKey=k,appSecret=s,robotCode=r"), /groups= field is missing/);
    assert.throws(() => parseAppSpec("appKey=k,secret=s"), /'secret' is not one of/);
    const file = parseEmulatorFile(
      "robots:\n  - token: t1\napps:\n  - appKey: k\n    appSecret: s\n    robotCode: r\n    conversations: [cidA]\n",
      "e.yml",
    );
    assert.deepEqual(file, {
      robots: [{ token: "t1" }],
      apps: [{ appKey: "k", appSecret: "s", robotCode: "r", conversations: ["cidA"] }],
    });
    assert.deepEqual(
      parseEmulatorFile("apps:\n  - {appKey: k, appSecret: s, robotCode: r, groups: c}\n", "e.yml").robots,
      [],
    );
    assert.throws(
      () => parseEmulatorFile("apps:\n  - {appKey: k, appSecret: s, robotCode: r}\n", "e.yml"),
      /e\.yml: app 1 has no conversations/,
    );
  });

  it("serves the demo app by default, and tunes the token lifetime, QPS and quota", async () => {
    const defaults = await emulatorOptions([], process.cwd());
    assert.deepEqual(defaults.apps, [DEMO_APP]);
    assert.equal(defaults.appApi, undefined);
    const tuned = await emulatorOptions(
      [
        "--app",
        "appKey=k,appSecret=s,robotCode=r,groups=c",
        "--app-token-ttl",
        "30",
        "--app-qps",
        "5",
        "--app-quota",
        "100",
      ],
      process.cwd(),
    );
    assert.deepEqual(
      tuned.apps?.map((a) => a.appKey),
      ["k"],
    );
    assert.deepEqual(tuned.appApi, { tokenTtlMs: 30_000, qps: 5, quota: 100 });
    await assert.rejects(emulatorOptions(["--app-qps", "0"], process.cwd()), /--app-qps '0' is not valid/);
    const lost = await emulatorOptions(["--fault-rate", "0.1", "--faults", "lost,drop"], process.cwd());
    assert.deepEqual(lost.faults?.kinds, ["lost", "drop"]);
  });

  it("prints the app robots' base_url and ids, never a secret the user gave", async () => {
    const io = captureIo();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const running = runEmulator(
      [
        "--port",
        "0",
        "--app",
        "name=ci,appKey=dingk,appSecret=user-app-secret-77,robotCode=dingr,groups=cidA",
      ],
      io,
      () => stopped,
    );
    await firstOutput(io, running);
    const printed = io.out.join("");
    assert.match(
      printed,
      /App robots \(base_url http:\/\/127\.0\.0\.1:\d+\):\n {2}ci {2}app_key=dingk robot_code=dingr conversation_id=cidA\n/,
    );
    assert.doesNotMatch(printed, /user-app-secret-77/);
    const base = /base_url (\S+)\)/.exec(printed)?.[1] ?? "";
    const res = await fetch(`${base}/v1.0/oauth2/accessToken`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ appKey: "dingk", appSecret: "user-app-secret-77" }),
    });
    assert.equal(res.status, 200);
    stop();
    assert.equal(await running, 0);
  });
});

describe("dingpipe emulator: running", () => {
  it("prints the page and webhooks but no secret, serves them, and stops when told", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dingpipe-emulator-"));
    try {
      await writeFile(join(dir, "robots.yml"), "- token: filetok\n  name: from-file\n  secret: SECfile123\n");
      const io = captureIo(dir);
      let stop!: () => void;
      const stopped = new Promise<void>((resolve) => {
        stop = resolve;
      });
      const running = runEmulator(
        [
          "--port",
          "0",
          "--robot",
          "name=ci,token=clitok,secret=SECcli456,keywords=CI",
          "--robots",
          "robots.yml",
        ],
        io,
        () => stopped,
      );
      await firstOutput(io, running);
      const printed = io.out.join("");
      assert.doesNotMatch(printed, /SECcli456|SECfile123/);
      assert.match(
        printed,
        /ci\s+http:\/\/127\.0\.0\.1:\d+\/robot\/send\?access_token=clitok\s+\(signing; keywords: CI\)/,
      );
      assert.match(
        printed,
        /from-file\s+http:\/\/127\.0\.0\.1:\d+\/robot\/send\?access_token=filetok\s+\(signing\)/,
      );
      const webhook = /http:\/\/\S+access_token=clitok/.exec(printed)?.[0] ?? "";
      const ts = Date.now();
      const res = await fetch(
        `${webhook}&timestamp=${ts}&sign=${encodeURIComponent(sign("SECcli456", ts))}`,
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ msgtype: "text", text: { content: "CI done" } }),
        },
      );
      assert.deepEqual(await res.json(), { errcode: 0, errmsg: "ok" });
      stop();
      assert.equal(await running, 0);
      assert.match(io.out.join(""), /stopped/);
      await assert.rejects(fetch(webhook, { method: "POST" }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 with a clear message on bad usage", async () => {
    for (const args of [
      ["--rate", "fast"],
      ["--faults", "busy"],
      ["--fault-rate", "0.5", "--faults", "boom"],
      ["--nope"],
    ]) {
      const io = captureIo();
      assert.equal(await runEmulator(args, io, async () => {}), 2, args.join(" "));
      assert.match(io.err.join(""), /^dingpipe emulator: /);
    }
    const io = captureIo();
    assert.equal(await runEmulator(["--port", "0", "--robot", "a", "--robot", "a"], io, async () => {}), 2);
    assert.match(io.err.join(""), /share the token/);
  });
});
