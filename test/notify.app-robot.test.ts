/**
 * `dingpipe notify` / `config check` with a DingTalk app robot (type dingtalk_app) in `.dingpipe.yml`, as a
 * pipeline step runs them (real processes, the app robot emulator over HTTP): a markdown message through
 * the app's API, and a `style: run_card` notification kept as one card per run by successive steps
 * (each showing its own task: a step keeps no run state); a run_card on a webhook robot is a config error.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadStepConfig, planNotifications } from "../src/cli/pipeline-step.ts";
import { type Emulator, type EmulatorApp, startEmulator } from "../src/emulator/index.ts";
import { readEnvironment } from "../src/pipeline/ci.ts";
import { ciEnv, dingpipe, tempDir } from "./helpers/pipeline-cli.ts";

const APP: EmulatorApp = {
  appKey: "dingstep0001",
  appSecret: "step-app-secret-0001-abcdef",
  robotCode: "dingsteprobot",
  conversations: ["cidStep=="],
};

const CONFIG = `credentials:
  app-group:
    type: dingtalk_app
    app_key: ${APP.appKey}
    app_secret: \${DINGTALK_APP_SECRET}
    robot_code: ${APP.robotCode}
    conversation_id: cidStep==
    base_url: \${APP_API}
notifications:
  - credential: app-group
    events: [failure]
    content: [pipeline, task, status]
  - credential: app-group
    events: [started, success, failure]
    style: run_card
`;

describe("dingpipe notify with a DingTalk app robot", () => {
  let emulator: Emulator;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let env: Record<string, string>;

  before(async () => {
    emulator = await startEmulator({ robots: [], apps: [APP], appApi: { qps: 1000 } });
    tmp = await tempDir("dingpipe-app-step-");
    await tmp.write(".dingpipe.yml", CONFIG);
    env = { ...ciEnv("gitee"), DINGTALK_APP_SECRET: APP.appSecret, APP_API: emulator.appBaseUrl };
  });
  after(async () => {
    await emulator.close();
    await tmp.remove();
  });

  it("keeps one card per run across steps and sends messages through the app's API", async () => {
    const started = await dingpipe(["notify", "--event", "started", "--task", "deploy"], tmp.dir, env);
    assert.equal(started.code, 0, started.stderr);
    assert.match(started.stdout, /^✓ app-group \(StandardCard, /m);
    assert.equal(emulator.cards("cidStep==").length, 1);
    const failed = await dingpipe(["notify", "--event", "failure", "--task", "deploy"], tmp.dir, env);
    assert.equal(failed.code, 0, failed.stderr);
    assert.match(failed.stdout, /^✓ app-group \(sampleMarkdown, /m);
    assert.match(failed.stdout, /^✓ app-group \(StandardCard, /m);
    const cards = emulator.cards("cidStep==");
    assert.equal(cards.length, 1, "the same card, changed in place");
    assert.equal(cards[0]!.versions.length, 2);
    const tasks = (v: { data: Record<string, unknown> }) =>
      JSON.stringify(
        (v.data["contents"] as Array<{ id?: string; text?: string }>).find((c) => c.id === "tasks"),
      );
    assert.match(tasks(cards[0]!.versions[0]!), /▶ deploy/);
    assert.match(tasks(cards[0]!.versions[1]!), /❌ deploy/);
    const [message] = emulator.appMessages("cidStep==");
    assert.equal(message?.msgKey, "sampleMarkdown");
    assert.match(JSON.stringify(message?.msgParam), /deploy/);
    assert.ok(!`${started.stdout}${started.stderr}${failed.stdout}${failed.stderr}`.includes(APP.appSecret));
  });

  it("dingpipe run keeps one card for the job it wraps: started, then the outcome, in place", async () => {
    const runEnv = { ...env, GITEE_PIPELINE_BUILD_NUMBER: "77" };
    const r = await dingpipe(
      ["run", "--task", "package", "--", process.execPath, "-e", "process.exit(3)"],
      tmp.dir,
      runEnv,
    );
    assert.equal(r.code, 3, r.stderr);
    const card = emulator
      .cards("cidStep==")
      .find((c) => c.versions.some((v) => JSON.stringify(v.data).includes("package")));
    assert.ok(card, JSON.stringify(emulator.cards("cidStep==")));
    const tasks = card.versions.map((v) =>
      JSON.stringify(
        (v.data["contents"] as Array<{ id?: string; text?: string }>).find((c) => c.id === "tasks"),
      ),
    );
    assert.equal(tasks.length, 2, tasks.join("\n"));
    assert.match(tasks[0]!, /▶ package/);
    assert.match(tasks[1]!, /❌ package/);
  });

  it("a step's run card goes out through the step's HTTP (the fetch it is given), as its messages do", async () => {
    const io = { stdout: () => {}, stderr: () => {}, env, cwd: tmp.dir };
    const loaded = await loadStepConfig(undefined, io);
    assert.ok(loaded);
    const event = readEnvironment(env, { cwd: tmp.dir, status: "started", task: "lint" });
    const paths: string[] = [];
    const stepFetch: typeof fetch = (input, init) => {
      paths.push(new URL(input instanceof Request ? input.url : String(input)).pathname);
      return fetch(input, init);
    };
    const planned = planNotifications(loaded, event, env, undefined, stepFetch);
    assert.equal(planned.length, 1, "only the run_card notification selects started");
    const [card] = planned;
    assert.equal(card!.problem, undefined);
    await card!.robot!.send(card!.composed.rendered.body);
    assert.ok(
      paths.some((p) => p.includes("interactiveCards")),
      `the card request went through the step's fetch: ${paths.join(", ")}`,
    );
  });

  it("config check refuses run_card on a webhook robot and a dingtalk_app robot without its robot code", async () => {
    const dir = await tempDir("dingpipe-app-check-");
    try {
      await dir.write(
        ".dingpipe.yml",
        `credentials:
  hook:
    webhook: https://oapi.dingtalk.com/robot/send?access_token=\${DINGTALK_TOKEN}
  app:
    type: dingtalk_app
    app_key: k
    app_secret: \${DINGTALK_APP_SECRET}
    conversation_id: cid1
notifications:
  - {credential: hook, events: [failure], style: run_card}
  - {credential: app, events: [failure]}
`,
      );
      const r = await dingpipe(["config", "check"], dir.dir, {
        DINGTALK_TOKEN: "abcdef0123456789",
        DINGTALK_APP_SECRET: "s",
      });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      const out = r.stdout + r.stderr;
      assert.match(out, /style run_card of notification #1 needs a DingTalk app robot/);
      assert.match(out, /robot_code of credential 'app' is required/);
    } finally {
      await dir.remove();
    }
  });
});
