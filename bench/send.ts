/**
 * `dingpipe send` end to end, against the DingTalk emulator, beside two references in ONE run:
 * `curl` posting the same signed body, and a bare `node -e` fetch (the floor: Node's own start-up
 * plus one request). Runs are interleaved so machine noise hits all three alike.
 *
 *   npm run bench:send               # builds the CLI bundle, 30 runs each
 *   node bench/send.ts --runs 50 --no-build
 *   node bench/send.ts --before DIR     # also another build's bin (a checkout with dist/bin built)
 *   node bench/send.ts --snapshot       # also `send` from a V8 start-up snapshot (an experiment:
 *                                       # `node --snapshot-blob`, which the installed bin cannot pass)
 *
 * Prints a markdown section for bench/RESULTS.md. Target: dingpipe within 1.1x of the floor.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { signedQuery } from "../src/dingtalk/sign.ts";
import {
  buildCliBundle,
  interleave,
  machine,
  median,
  ratioRows,
  startBenchRobot,
  timedProcess,
} from "./common.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    "no-build": { type: "boolean", default: false },
    before: { type: "string" },
    snapshot: { type: "boolean", default: false },
  },
});
const RUNS = Number(values.runs);
const root = fileURLToPath(new URL("..", import.meta.url));
const node = process.execPath;

if (!values["no-build"]) buildCliBundle(root);

const SECRET = "SECfakeBenchSigningSecret0004";
const TOKEN = "tok-bench-0004";
const emu = await startBenchRobot(TOKEN, SECRET);
const webhook = emu.webhookUrl(TOKEN);
const TEXT = "deploy to prod failed on main at a1b2c3d";
const body = JSON.stringify({ msgtype: "text", text: { content: TEXT } });

const run = { cwd: root, env: { PATH: process.env["PATH"] } };
/** Signed afresh for every run: the timestamp must be current. */
const signedUrl = () => `${webhook}&${signedQuery(SECRET, Date.now())}`;

const FLOOR =
  "const r = await fetch(process.argv[1], { method: 'POST', headers: { 'content-type': 'application/json' }, body: process.argv[2] });" +
  " if ((await r.json()).errcode !== 0) process.exitCode = 1;";

/**
 * `send` built into a V8 start-up snapshot: its code bundled into one CommonJS script (what
 * `--build-snapshot` takes), run once at build time; the process then starts from the snapshot's heap
 * and calls `send` with its arguments. Returns the blob's path.
 */
async function buildSnapshot(dir: string): Promise<string> {
  const entry = join(dir, "entry.ts");
  await writeFile(
    entry,
    `import { startupSnapshot } from "node:v8";
import { run } from ${JSON.stringify(join(root, "src", "cli", "send.ts"))};
startupSnapshot.setDeserializeMainFunction(() => {
  const io = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t), env: process.env, cwd: process.cwd() };
  run(process.argv.slice(2), io).then((code) => process.exit(code));
});
`,
  );
  const { build } = await import("esbuild");
  const script = join(dir, "send.cjs");
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node24",
    outfile: script,
    logLevel: "warning",
  });
  const blob = join(dir, "send.blob");
  const made = spawnSync(node, ["--snapshot-blob", blob, "--build-snapshot", script], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`could not build the snapshot: ${made.stderr}`);
  return blob;
}
const snapshotDir = values.snapshot ? await mkdtemp(join(tmpdir(), "dingpipe-snapshot-")) : undefined;
const blob = snapshotDir === undefined ? undefined : await buildSnapshot(snapshotDir);
const sendArgs = ["send", "--webhook", webhook, "--secret", SECRET, "--text", TEXT];

const samples = await interleave(
  {
    "node -e fetch (floor)": () =>
      timedProcess(node, ["--input-type=module", "-e", FLOOR, signedUrl(), body], run),
    "dingpipe send": () =>
      timedProcess(
        node,
        ["bin/dingpipe.js", "send", "--webhook", webhook, "--secret", SECRET, "--text", TEXT],
        run,
      ),
    ...(values.before === undefined
      ? {}
      : {
          "dingpipe send, before": () =>
            timedProcess(node, [join(values.before!, "bin", "dingpipe.js"), ...sendArgs], run),
        }),
    ...(blob === undefined
      ? {}
      : {
          "send from a V8 start-up snapshot": () =>
            timedProcess(node, ["--snapshot-blob", blob, ...sendArgs], run),
        }),
    curl: () =>
      timedProcess(
        "curl",
        ["-sS", "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", body, signedUrl()],
        { ...run, ok: (out) => out.includes('"errcode":0') },
      ),
  },
  RUNS,
);
const delivered = emu.messages(TOKEN).length;
await emu.close();
if (snapshotDir !== undefined) await rm(snapshotDir, { recursive: true, force: true });

const curlVersion = spawnSync("curl", ["--version"], { encoding: "utf8" }).stdout.split(" ")[1] ?? "?";
const ratio = median(samples["dingpipe send"]!) / median(samples["node -e fetch (floor)"]!);
process.stdout.write(
  [
    `### ${new Date().toISOString().slice(0, 10)} — ${RUNS} runs each, interleaved`,
    "",
    `Machine: ${machine()}; curl ${curlVersion}.`,
    `Each run is a fresh process posting one signed text message to the emulator on 127.0.0.1 (${delivered} delivered).`,
    "",
    "| command | median ms | p90 ms | vs floor |",
    "|---|---:|---:|---:|",
    ...ratioRows(samples, "node -e fetch (floor)"),
    "",
    `dingpipe send / floor = ${ratio.toFixed(2)}x (target ≤ 1.1x): ${ratio <= 1.1 ? "met" : "NOT met"}.`,
    "",
  ].join("\n"),
);
