/**
 * `npm run mutation`: how much of the core's behaviour the tests really pin down.
 *
 * - Mutation score per core module: StrykerJS (its command runner: `node --test` on the module's own
 *   test files, Node 24 running the instrumented .ts directly) mutates one module at a time; every
 *   mutant the tests let through ("survived") is printed with its line. Scores go into
 *   test/MUTATION.md (table between the `scores` markers, one row per module, with date and machine).
 * - `--deliberate`: the deliberate bugs of the suite's audit, each applied alone in a copy of the
 *   project, with the tests that now fail listed (a bug no test catches fails the run).
 *
 *   npm run mutation                       every module (slow: minutes per module)
 *   npm run mutation -- escaping signing   only these modules (names or file paths)
 *   npm run mutation -- --deliberate       the deliberate bugs only
 *   npm run mutation -- --list             the modules and bugs, without running anything
 *
 * Bounded: each mutant run has Stryker's timeout, each module a wall-clock limit (--module-minutes,
 * default 30) after which Stryker is killed and the module reported as unfinished.
 * Not part of `npm test` (too slow); nothing here changes the work tree except test/MUTATION.md.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const MUTATION_MD = join(ROOT, "test", "MUTATION.md");

interface Module {
  name: string;
  file: string;
  /** The unit tests that pin the module down (run for every mutant). */
  tests: string[];
}

/** The core: signing, errcode mapping, fitting, escaping, rate windows, webhook verification, rules. */
export const MODULES: Module[] = [
  { name: "escaping", file: "src/notify/escape.ts", tests: ["src/notify/escape.test.ts"] },
  { name: "signing", file: "src/dingtalk/sign.ts", tests: ["src/dingtalk/sign.test.ts"] },
  { name: "fitting (robot body)", file: "src/dingtalk/fit.ts", tests: ["src/dingtalk/fit.test.ts"] },
  { name: "fitting (notice)", file: "src/notify/fit.ts", tests: ["src/notify/fit.test.ts"] },
  { name: "rate window (engine)", file: "src/delivery/policy.ts", tests: ["src/delivery/policy.test.ts"] },
  {
    name: "rate window (client)",
    file: "src/dingtalk/rate-limit.ts",
    tests: ["src/dingtalk/rate-limit.test.ts"],
  },
  {
    name: "webhook verification",
    file: "src/pipeline/hooks/verify.ts",
    tests: ["src/pipeline/hooks/verify.test.ts"],
  },
  { name: "rules", file: "src/notify/rules.ts", tests: ["src/notify/rules.test.ts"] },
  { name: "errcode mapping", file: "src/dingtalk/errors.ts", tests: ["src/dingtalk/errors.test.ts"] },
  {
    name: "emulator signing and limits",
    file: "src/emulator/security.ts",
    tests: ["src/emulator/security.test.ts"],
  },
];

interface Deliberate {
  name: string;
  file: string;
  find: string | RegExp;
  replace: string;
  tests: string[];
}

const NOTIFY_UNIT = [
  "src/notify/escape.test.ts",
  "src/notify/compose-hostile.test.ts",
  "src/notify/compose.test.ts",
];
const SIGNING_E2E = [
  "src/dingtalk/sign.test.ts",
  "src/dingtalk/client.test.ts",
  "test/client.test.ts",
  "test/send.test.ts",
  "test/emulator.test.ts",
];

/** The audit's deliberate bugs (issue 18): each must make at least one test fail. */
export const DELIBERATE: Deliberate[] = [
  {
    name: "escape.ts: the `+` line-start rule deleted",
    file: "src/notify/escape.ts",
    find: '  "+": "＋",\n',
    replace: "",
    tests: NOTIFY_UNIT,
  },
  {
    name: "escape.ts: the backslash rule deleted",
    file: "src/notify/escape.ts",
    find: /^ {2}out = out\.replace\(\/\\\\\(\?=.*\n/m,
    replace: "",
    tests: NOTIFY_UNIT,
  },
  {
    name: "escape.ts: the leading-space rule deleted",
    file: "src/notify/escape.ts",
    find: /^ {2}out = out\.replace\(\/\^\[ \]\+\/.*\n/m,
    replace: "",
    tests: NOTIFY_UNIT,
  },
  {
    name: "escape.ts: the bidi set narrowed to U+202E",
    file: "src/notify/escape.ts",
    find: "\\u061c\\u180e\\u200b\\u200e\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f",
    replace: "\\u180e\\u200b\\u202e\\u2060-\\u2064",
    tests: NOTIFY_UNIT,
  },
  {
    name: "fit.ts: UTF-16 code units counted instead of UTF-8 bytes",
    file: "src/dingtalk/fit.ts",
    find: 'Buffer.byteLength(JSON.stringify(message), "utf8")',
    replace: "JSON.stringify(message).length",
    tests: ["src/dingtalk/fit.test.ts", "src/notify/fit.test.ts", "test/send.test.ts"],
  },
  {
    name: "sign.ts: HMAC over latin1 instead of UTF-8",
    file: "src/dingtalk/sign.ts",
    find: 'secret}`, "utf8")',
    replace: 'secret}`, "latin1")',
    tests: SIGNING_E2E,
  },
  {
    name: "sign.ts (end to end only): HMAC over latin1, recorded vectors not run",
    file: "src/dingtalk/sign.ts",
    find: 'secret}`, "utf8")',
    replace: 'secret}`, "latin1")',
    tests: SIGNING_E2E.filter((t) => t !== "src/dingtalk/sign.test.ts"),
  },
  {
    name: "policy.ts: planSend's `>` becomes `>=`",
    file: "src/delivery/policy.ts",
    find: "dueTotal > budget",
    replace: "dueTotal >= budget",
    tests: ["src/delivery/policy.test.ts", "test/delivery.test.ts"],
  },
];

function args(): { names: string[]; deliberate: boolean; list: boolean; moduleMinutes: number } {
  const argv = process.argv.slice(2);
  const names: string[] = [];
  let deliberate = false;
  let list = false;
  let moduleMinutes = 30;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--deliberate") deliberate = true;
    else if (a === "--list") list = true;
    else if (a === "--module-minutes") moduleMinutes = Number(argv[++i]);
    else names.push(a);
  }
  if (!(moduleMinutes > 0)) throw new Error("--module-minutes takes a positive number");
  return { names, deliberate, list, moduleMinutes };
}

/** Runs a command with a wall-clock limit; resolves with its exit code (null when killed) and output. */
function run(
  command: string,
  argv: string[],
  options: { cwd: string; limitMs: number; env?: NodeJS.ProcessEnv; echo?: boolean },
): Promise<{ code: number | null; output: string; timedOut: boolean }> {
  return new Promise((done) => {
    const child = spawn(command, argv, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let timedOut = false;
    const take = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.echo) process.stdout.write(chunk);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.limitMs);
    child.once("close", (code) => {
      clearTimeout(timer);
      done({ code, output, timedOut });
    });
  });
}

interface Score {
  module: Module;
  /** For a run cut off by its time limit: Stryker's last progress line (mutants tested of all). */
  partial?: { tested: number; total: number; survived: number; timedOut: number };
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  errors: number;
  survivors: string[];
  finished: boolean;
}

const percent = (s: Score) => {
  if (s.partial !== undefined) {
    const { tested, total, survived } = s.partial;
    return tested === 0
      ? "—"
      : `${(((tested - survived) / tested) * 100).toFixed(1)} % of ${tested}/${total} tried`;
  }
  const detected = s.killed + s.timeout;
  const valid = detected + s.survived + s.noCoverage;
  return valid === 0 ? "—" : `${((detected / valid) * 100).toFixed(1)} %`;
};

async function mutate(module: Module, moduleMinutes: number): Promise<Score> {
  const work = mkdtempSync(join(tmpdir(), "dingpipe-mutation-"));
  const report = join(work, "mutation.json");
  const config = {
    testRunner: "command",
    commandRunner: {
      command: `"${process.execPath}" --test --test-concurrency=1 --test-timeout=60000 ${module.tests.join(" ")}`,
    },
    mutate: [module.file],
    coverageAnalysis: "off",
    reporters: ["json", "progress"],
    jsonReporter: { fileName: report },
    concurrency: 1,
    timeoutMS: 30_000,
    tempDirName: join(work, "sandbox"),
    cleanTempDir: "always",
    // The project's tsconfig needs TypeScript's JavaScript API, which TypeScript 7 no longer ships;
    // Node strips the types itself, so Stryker has no tsconfig to rewrite.
    tsconfigFile: "no-tsconfig.json",
    ignorePatterns: ["dist", "web/dist", "bench/out", "test-results"],
    plugins: [],
  };
  const configFile = join(work, "stryker.config.json");
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const bin = join(ROOT, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");
  console.log(`\n== ${module.name} (${module.file}) — tests: ${module.tests.join(", ")}`);
  const result = await run(process.execPath, [bin, "run", configFile], {
    cwd: ROOT,
    limitMs: moduleMinutes * 60_000,
    echo: false,
  });
  const score: Score = {
    module,
    killed: 0,
    timeout: 0,
    survived: 0,
    noCoverage: 0,
    errors: 0,
    survivors: [],
    finished: !result.timedOut && result.code === 0,
  };
  try {
    const json = JSON.parse(readFileSync(report, "utf8")) as {
      files: Record<
        string,
        {
          source: string;
          mutants: Array<{
            status: string;
            mutatorName: string;
            replacement?: string;
            location: { start: { line: number; column: number } };
          }>;
        }
      >;
    };
    for (const file of Object.values(json.files)) {
      const lines = file.source.split("\n");
      for (const m of file.mutants) {
        if (m.status === "Killed") score.killed++;
        else if (m.status === "Timeout") score.timeout++;
        else if (m.status === "Survived" || m.status === "NoCoverage") {
          if (m.status === "Survived") score.survived++;
          else score.noCoverage++;
          const line = m.location.start.line;
          score.survivors.push(
            `${module.file}:${line} ${m.mutatorName}: ${(lines[line - 1] ?? "").trim()}  →  ${m.replacement ?? ""}`,
          );
        } else score.errors++;
      }
    }
  } catch {
    score.finished = false;
    // Cut off: Stryker's last progress line still says how far it got ("… 111/122 tested (16 survived, 0 timed out)").
    const progress = [
      ...result.output.matchAll(/(\d+)\/(\d+) tested \((\d+) survived, (\d+) timed out\)/g),
    ].at(-1);
    if (progress) {
      const [, tested, total, survived, timedOut] = progress.map(Number) as [
        number,
        number,
        number,
        number,
        number,
      ];
      score.partial = { tested, total, survived, timedOut };
      score.survived = survived;
      score.timeout = timedOut;
      score.killed = tested - survived - timedOut;
    } else console.log(result.output.slice(-4000));
  }
  rmSync(work, { recursive: true, force: true });
  console.log(
    `${module.name}: ${percent(score)} (${score.killed} killed, ${score.timeout} timed out, ${score.survived} survived, ${score.noCoverage} not covered, ${score.errors} errors)${score.finished ? "" : " — UNFINISHED"}`,
  );
  for (const s of score.survivors) console.log(`  survived: ${s}`);
  return score;
}

/** Replaces the rows of the modules just run in test/MUTATION.md's table, keeping the others. */
function record(scores: Score[]): void {
  const text = readFileSync(MUTATION_MD, "utf8");
  const begin = "<!-- scores -->";
  const end = "<!-- /scores -->";
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error("test/MUTATION.md has no <!-- scores --> table");
  const rows = new Map<string, string>();
  for (const line of text.slice(i + begin.length, j).split("\n")) {
    const file = /^\| [^|]+ \| `([^`]+)` \|/.exec(line)?.[1];
    if (file) rows.set(file, line);
  }
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`;
  for (const s of scores) {
    rows.set(
      s.module.file,
      `| ${s.module.name} | \`${s.module.file}\` | ${percent(s)}${s.finished ? "" : " (unfinished)"} | ${s.killed + s.timeout} | ${s.survived + s.noCoverage} | ${date} | ${machine} |`,
    );
  }
  const order = MODULES.map((m) => m.file);
  const body = [...rows.entries()]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([, row]) => row);
  const table = [
    "| module | file | score | killed | survived | date | machine |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...body,
  ].join("\n");
  writeFileSync(MUTATION_MD, `${text.slice(0, i + begin.length)}\n${table}\n${text.slice(j)}`);
}

/** A copy of the project (node_modules linked) to break on purpose. */
function sandbox(): string {
  const dir = mkdtempSync(join(tmpdir(), "dingpipe-deliberate-"));
  for (const entry of ["src", "test", "bin", "schema", "scripts", "web", "package.json", "tsconfig.json"])
    cpSync(join(ROOT, entry), join(dir, entry), {
      recursive: true,
      filter: (src) => !src.includes(`${join("web", "dist")}`),
    });
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

async function deliberate(): Promise<boolean> {
  let allCaught = true;
  for (const bug of DELIBERATE) {
    const dir = sandbox();
    try {
      const path = join(dir, bug.file);
      const source = readFileSync(path, "utf8");
      const broken = source.replace(bug.find, bug.replace);
      if (broken === source) throw new Error(`${bug.name}: the code to break was not found in ${bug.file}`);
      writeFileSync(path, broken);
      const result = await run(
        process.execPath,
        ["--test", "--test-reporter=tap", "--test-timeout=120000", ...bug.tests],
        { cwd: dir, limitMs: 15 * 60_000 },
      );
      const failed = [
        ...new Set(
          [...result.output.matchAll(/^\s*not ok \d+ - (.*)$/gm)]
            .map((m) => m[1]!.replace(/\s+#.*$/, ""))
            .filter((name) => !/\.test\.ts$/.test(name)),
        ),
      ];
      const caught = result.code !== 0 && failed.length > 0;
      if (!caught) allCaught = false;
      console.log(`\n${caught ? "CAUGHT" : "NOT CAUGHT"}: ${bug.name} (tests run: ${bug.tests.join(", ")})`);
      for (const name of failed) console.log(`  fails: ${name}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return allCaught;
}

const options = args();
if (options.list) {
  for (const m of MODULES) console.log(`module  ${m.name}: ${m.file} ← ${m.tests.join(", ")}`);
  for (const b of DELIBERATE) console.log(`bug     ${b.name}`);
} else if (options.deliberate) {
  process.exitCode = (await deliberate()) ? 0 : 1;
} else {
  const chosen =
    options.names.length === 0
      ? MODULES
      : MODULES.filter((m) => options.names.some((n) => m.name.startsWith(n) || m.file === n));
  if (chosen.length === 0) throw new Error(`no module named ${options.names.join(", ")} (see --list)`);
  const scores: Score[] = [];
  for (const module of chosen) scores.push(await mutate(module, options.moduleMinutes));
  record(scores);
  console.log("\nscores written to test/MUTATION.md");
}
