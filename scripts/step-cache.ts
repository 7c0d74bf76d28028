/**
 * Makes dist/bin/step.cache, the code cache shipped beside the pipeline step's bundle (src/cli/step-script.ts):
 * loads dist/bin/step.js the way the installed bin does, runs `notify` once per CI the step reads
 * (each platform's recorded variables, test/fixtures/ci) against a local emulator robot, then asks V8 for
 * a cache of everything compiled by then. A user's first step then starts with that code compiled.
 * Run by scripts/build-cli.ts, in the Node that builds (the `node` devDependency).
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadStepScript, STEP_CACHE } from "../src/cli/step-script.ts";
import { startEmulator } from "../src/emulator/index.ts";

/** The CIs whose variables the runs use (test/fixtures/ci/<name>.env.json). */
const CIS = ["github", "gitlab", "gitee", "jenkins", "drone", "woodpecker", "yunxiao", "generic"];

const TOKEN = "build0123456789abcdef0123456789abcdef";
const SECRET = "SECbuild0123456789abcdef0123456789abcdef0";
const CONFIG = `credentials:
  ci-group:
    webhook: \${DINGTALK_WEBHOOK}
    secret: \${DINGTALK_SECRET}
notifications:
  - credential: ci-group
    events: [failure, success]
    content: [pipeline, build_number, task, status, trigger_user, branch, commit, duration, link]
    at: [13800000000]
  - credential: ci-group
    tasks: [deploy-*]
    events: [started]
`;

export async function writeStepCache(root: string, out: string): Promise<void> {
  const step = loadStepScript(out);
  const emulator = await startEmulator({
    port: 0,
    robots: [{ token: TOKEN, secret: SECRET }],
    rateLimit: { messages: 1_000_000, windowMs: 60_000, throttleMs: 1 },
  });
  const dir = await mkdtemp(join(tmpdir(), "dingpipe-step-cache-"));
  try {
    await writeFile(join(dir, ".dingpipe.yml"), CONFIG);
    for (const ci of CIS) {
      const env: Record<string, string> = {
        ...JSON.parse(readFileSync(join(root, "test", "fixtures", "ci", `${ci}.env.json`), "utf8")),
        DINGTALK_WEBHOOK: emulator.webhookUrl(TOKEN),
        DINGTALK_SECRET: SECRET,
      };
      if (ci === "github")
        env["GITHUB_EVENT_PATH"] = join(root, "test", "fixtures", "ci", "github.event.push.json");
      const output: string[] = [];
      const code = await step.notify(["--event", "failure", "--task", "unit-tests"], {
        stdout: (t) => void output.push(t),
        stderr: (t) => void output.push(t),
        env,
        cwd: dir,
      });
      if (code !== 0) throw new Error(`the step cache's ${ci} run failed (${code}): ${output.join("")}`);
    }
    if (emulator.messages(TOKEN).length !== CIS.length) throw new Error("the step cache's runs sent nothing");
    await writeFile(join(out, STEP_CACHE), step.cacheFile());
  } finally {
    await emulator.close();
    await rm(dir, { recursive: true, force: true });
  }
}
