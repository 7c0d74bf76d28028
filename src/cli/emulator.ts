/**
 * `dingpipe emulator`: local DingTalk, WeCom and Feishu robot endpoints with a page showing each
 * group's chat.
 * Prints the page and each robot's webhook URL (the emulator's tokens are not secrets; its signing
 * secrets are printed nowhere) and runs until SIGINT/SIGTERM.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { ALL_FAULT_KINDS, FAULT_KINDS } from "../emulator/faults.ts";
import {
  type EmulatorApp,
  type EmulatorOptions,
  type EmulatorRobot,
  type FaultKind,
  type FaultOptions,
  type RobotKind,
  startEmulator,
} from "../emulator/index.ts";
import { describeSecurity } from "../emulator/security.ts";
import { isDingpipeError } from "../errors.ts";
import { parseCommandArgs } from "./args.ts";
import type { Command, Io } from "./io.ts";
import { waitForSignal } from "./signals.ts";

const HELP = `Usage: dingpipe emulator [options]

A local stand-in for group robots, each answering like its service (error codes, signing,
keywords, IP allowlist, rate limits), and a page showing each group's chat:
  DingTalk  POST /robot/send?access_token=TOKEN          20 a minute, then 10 minutes of 130101
  WeCom     POST /cgi-bin/webhook/send?key=KEY           20 a minute (45009); 93000 for a wrong key
  Feishu    POST /open-apis/bot/v2/hook/TOKEN            100 a minute and 5 a second (11232)
  DingTalk app robots: the app robot API (access tokens, group messages, interactive cards sent
  and updated in place) answers like api.dingtalk.com; cards change in place on the page.

Options:
  --port N               port to listen on (default 8090; 0 = any free port)
  --host H               address to bind (default 127.0.0.1)
  --robot SPEC           a robot (repeatable), either  TOKEN[:SECRET]  (a DingTalk robot)
                         or  'name=ci,token=abc,secret=SEC…,keywords=CI|Deploy,ip=127.0.0.1|10.0.0.0/8'
                         with kind=wecom or kind=feishu for those (token= is the WeCom key or the
                         Feishu hook token; WeCom robots take no secret or keywords)
  --robots FILE          robots from a YAML or JSON list of {token, kind, name, secret, keywords,
                         ipAllowlist}, or a mapping {robots: [...], apps: [{appKey, appSecret,
                         robotCode, name, conversations: [cid…], stopped}]}
                         (default when no robot is given: one DingTalk robot named demo, token demo)
  --app SPEC             an app robot (repeatable) on the app robot API (/v1.0/…):
                         'name=ci,appKey=ding…,appSecret=…,robotCode=ding…,groups=cidA|cidB[,stopped=true]'
                         (default when no app is given: the demo app: appKey demo-app,
                         appSecret demo-app-secret, robotCode dingdemo, group cid-demo)
  --app-token-ttl S      lifetime of the app robot API's access tokens (default 7200)
  --app-qps N            calls per second per app and API before QpsLimitForAppkeyAndApi (default 20)
  --app-quota N          calls in all before ApiCountLimitForOrg, the monthly quota (default unlimited)
  --rate N/SECONDS       DingTalk rate limit per robot (default 20/60)
  --throttle SECONDS     how long an over-limit DingTalk robot stays throttled (default 600)
  --timestamp-window S   how far a signed request's timestamp may be off (default 3600)
  --fault-rate R         share of requests given a fault, 0..1 (default 0)
  --faults KINDS         comma-separated: latency,http500,busy,drop (default all four), and lost
                         (the request is handled, then its answer is lost)
  --fault-latency MS     delay of a latency fault (default 1000)
  --fault-seed N         seed of the fault sequence (default 1)
  -h, --help             this help
`;

class UsageError extends Error {}

const ROBOT_KEYS = ["name", "kind", "token", "secret", "keywords", "ip"] as const;
const KINDS = ["dingtalk", "wecom", "feishu"] as const;

function kindOf(value: unknown, where: string): RobotKind | undefined {
  if (value === undefined || value === "") return undefined;
  const word = String(value).trim().toLowerCase();
  if (word === "lark") return "feishu";
  if ((KINDS as readonly string[]).includes(word)) return word as RobotKind;
  throw new UsageError(`${where}: kind '${String(value)}' is not one of ${KINDS.join(", ")}`);
}

const APP_KEYS = ["name", "appKey", "appSecret", "robotCode", "groups", "stopped"] as const;

/** The app the emulator serves when none is given (its secret is public: it guards nothing). */
export const DEMO_APP: EmulatorApp = {
  appKey: "demo-app",
  appSecret: "demo-app-secret",
  robotCode: "dingdemo",
  name: "demo app",
  conversations: ["cid-demo"],
};

/** `name=…,appKey=…,appSecret=…,robotCode=…,groups=cidA|cidB[,stopped=true]`. */
export function parseAppSpec(spec: string): EmulatorApp {
  const fields = new Map<string, string>();
  for (const part of spec.split(",")) {
    const eq = part.indexOf("=");
    const key = part.slice(0, eq).trim();
    if (eq < 0 || !(APP_KEYS as readonly string[]).includes(key)) {
      throw new UsageError(
        `--app: '${eq < 0 ? part : key}' is not one of ${APP_KEYS.join(", ")} (write key=value pairs separated by commas)`,
      );
    }
    fields.set(key, part.slice(eq + 1).trim());
  }
  for (const key of ["appKey", "appSecret", "robotCode", "groups"]) {
    if (!fields.get(key)) throw new UsageError(`--app: the ${key}= field is missing`);
  }
  const stopped = fields.get("stopped");
  if (stopped !== undefined && stopped !== "true" && stopped !== "false") {
    throw new UsageError(`--app: stopped= is true or false, not '${stopped}'`);
  }
  return {
    appKey: fields.get("appKey")!,
    appSecret: fields.get("appSecret")!,
    robotCode: fields.get("robotCode")!,
    conversations: fields
      .get("groups")!
      .split("|")
      .map((g) => g.trim())
      .filter(Boolean),
    ...(fields.get("name") ? { name: fields.get("name") } : {}),
    ...(stopped === "true" ? { stopped: true } : {}),
  };
}

/** Apps from a robots file's `apps:` list. */
function parseAppsList(list: unknown, file: string): EmulatorApp[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new UsageError(`${file}: apps must be a list`);
  return list.map((item, i) => {
    const where = `${file}: app ${i + 1}`;
    if (typeof item !== "object" || item === null) throw new UsageError(`${where} is not a mapping`);
    const a = item as Record<string, unknown>;
    for (const key of ["appKey", "appSecret", "robotCode"]) {
      if (typeof a[key] !== "string" || a[key] === "") throw new UsageError(`${where} has no ${key}`);
    }
    const conversations = stringList(a["conversations"] ?? a["groups"], `${where}: conversations`) ?? [];
    if (conversations.length === 0)
      throw new UsageError(`${where} has no conversations (openConversationIds)`);
    if (a["name"] !== undefined && typeof a["name"] !== "string")
      throw new UsageError(`${where}: name must be a string`);
    if (a["stopped"] !== undefined && typeof a["stopped"] !== "boolean") {
      throw new UsageError(`${where}: stopped must be true or false`);
    }
    return {
      appKey: String(a["appKey"]),
      appSecret: String(a["appSecret"]),
      robotCode: String(a["robotCode"]),
      conversations,
      ...(typeof a["name"] === "string" ? { name: a["name"] } : {}),
      ...(a["stopped"] === true ? { stopped: true } : {}),
    };
  });
}

/** `TOKEN[:SECRET]` or `name=…,token=…,secret=…,keywords=A|B,ip=A|B`. */
export function parseRobotSpec(spec: string): EmulatorRobot {
  if (!spec.includes("=")) {
    const [token = "", ...rest] = spec.split(":");
    const secret = rest.join(":");
    return { token, ...(secret ? { secret } : {}) };
  }
  const fields = new Map<string, string>();
  for (const part of spec.split(",")) {
    const eq = part.indexOf("=");
    const key = part.slice(0, eq).trim();
    if (eq < 0 || !(ROBOT_KEYS as readonly string[]).includes(key)) {
      throw new UsageError(
        `--robot: '${eq < 0 ? part : key}' is not one of ${ROBOT_KEYS.join(", ")} (write key=value pairs separated by commas)`,
      );
    }
    fields.set(key, part.slice(eq + 1).trim());
  }
  const list = (value: string | undefined) =>
    value
      ? value
          .split("|")
          .map((v) => v.trim())
          .filter(Boolean)
      : [];
  const token = fields.get("token");
  if (!token) throw new UsageError("--robot: the token= field is missing");
  const keywords = list(fields.get("keywords"));
  const ipAllowlist = list(fields.get("ip"));
  const kind = kindOf(fields.get("kind"), "--robot");
  return {
    token,
    ...(kind ? { kind } : {}),
    ...(fields.get("name") ? { name: fields.get("name") } : {}),
    ...(fields.get("secret") ? { secret: fields.get("secret") } : {}),
    ...(keywords.length ? { keywords } : {}),
    ...(ipAllowlist.length ? { ipAllowlist } : {}),
  };
}

function stringList(value: unknown, where: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  if (!items.every((v) => typeof v === "string" || typeof v === "number")) {
    throw new UsageError(`${where} must be a list of strings`);
  }
  return items.map(String);
}

/** Robots (and app robots) from a YAML/JSON file: a list of robots, or `{robots: [...], apps: [...]}`. */
export function parseEmulatorFile(
  text: string,
  file: string,
): { robots: EmulatorRobot[]; apps: EmulatorApp[] } {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid YAML or JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const apps = Array.isArray(data) ? [] : parseAppsList((data as { apps?: unknown } | null)?.apps, file);
  const hasRobots = Array.isArray(data) || (data as { robots?: unknown } | null)?.robots !== undefined;
  return { robots: hasRobots || apps.length === 0 ? parseRobotsFile(text, file) : [], apps };
}

/** Robots from a YAML/JSON file: a list, or `{robots: [...]}`. */
export function parseRobotsFile(text: string, file: string): EmulatorRobot[] {
  let data: unknown;
  try {
    data = parseYaml(text); // YAML is a superset of JSON
  } catch (error) {
    throw new UsageError(`${file}: not valid YAML or JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const list = Array.isArray(data) ? data : (data as { robots?: unknown } | null)?.robots;
  if (!Array.isArray(list)) throw new UsageError(`${file}: expected a list of robots (or robots: [...])`);
  return list.map((item, i) => {
    const where = `${file}: robot ${i + 1}`;
    if (typeof item !== "object" || item === null) throw new UsageError(`${where} is not a mapping`);
    const r = item as Record<string, unknown>;
    if (typeof r["token"] !== "string" && typeof r["token"] !== "number") {
      throw new UsageError(`${where} has no token`);
    }
    for (const key of ["name", "secret"]) {
      if (r[key] !== undefined && typeof r[key] !== "string")
        throw new UsageError(`${where}: ${key} must be a string`);
    }
    const keywords = stringList(r["keywords"], `${where}: keywords`);
    const ipAllowlist = stringList(r["ipAllowlist"] ?? r["ip"], `${where}: ipAllowlist`);
    const kind = kindOf(r["kind"] ?? r["type"], where);
    return {
      token: String(r["token"]),
      ...(kind ? { kind } : {}),
      ...(typeof r["name"] === "string" ? { name: r["name"] } : {}),
      ...(typeof r["secret"] === "string" && r["secret"] ? { secret: r["secret"] } : {}),
      ...(keywords?.length ? { keywords } : {}),
      ...(ipAllowlist?.length ? { ipAllowlist } : {}),
    };
  });
}

function number(value: string | undefined, flag: string, check: (n: number) => boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || !check(n))
    throw new UsageError(`${flag} '${value}' is not valid`);
  return n;
}

/** The emulator's options from the command line (robots from a file are read here too). */
export async function emulatorOptions(
  args: string[],
  cwd: string,
): Promise<EmulatorOptions & { help?: true }> {
  const { values } = parseCommandArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      robot: { type: "string", multiple: true },
      robots: { type: "string" },
      app: { type: "string", multiple: true },
      "app-token-ttl": { type: "string" },
      "app-qps": { type: "string" },
      "app-quota": { type: "string" },
      rate: { type: "string" },
      throttle: { type: "string" },
      "timestamp-window": { type: "string" },
      "fault-rate": { type: "string" },
      faults: { type: "string" },
      "fault-latency": { type: "string" },
      "fault-seed": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return { robots: [], help: true };
  const robots = (values.robot ?? []).map(parseRobotSpec);
  const apps = (values.app ?? []).map(parseAppSpec);
  if (values.robots) {
    const file = resolve(cwd, values.robots);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new UsageError(
        `--robots: cannot read ${values.robots}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      );
    }
    const parsed = parseEmulatorFile(text, values.robots);
    robots.push(...parsed.robots);
    apps.push(...parsed.apps);
  }
  if (robots.length === 0) robots.push({ token: "demo", name: "demo" });
  if (apps.length === 0) apps.push({ ...DEMO_APP, conversations: [...DEMO_APP.conversations] });

  const options: EmulatorOptions = {
    robots,
    apps,
    host: values.host ?? "127.0.0.1",
    port: number(values.port ?? "8090", "--port", (n) => Number.isInteger(n) && n >= 0 && n < 65536),
  };
  const throttle = number(values.throttle, "--throttle", (n) => n >= 0);
  if (values.rate !== undefined || throttle !== undefined) {
    const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(values.rate ?? "20/60");
    if (!m || Number(m[1]) < 1 || Number(m[2]) <= 0) {
      throw new UsageError(`--rate '${values.rate}' is not N/SECONDS (e.g. 20/60)`);
    }
    options.rateLimit = {
      messages: Number(m[1]),
      windowMs: Number(m[2]) * 1000,
      throttleMs: (throttle ?? 600) * 1000,
    };
  }
  const ttl = number(values["app-token-ttl"], "--app-token-ttl", (n) => n > 0);
  const qps = number(values["app-qps"], "--app-qps", (n) => Number.isInteger(n) && n >= 1);
  const quota = number(values["app-quota"], "--app-quota", (n) => Number.isInteger(n) && n >= 0);
  if (ttl !== undefined || qps !== undefined || quota !== undefined) {
    options.appApi = {
      ...(ttl === undefined ? {} : { tokenTtlMs: ttl * 1000 }),
      ...(qps === undefined ? {} : { qps }),
      ...(quota === undefined ? {} : { quota }),
    };
  }
  const window = number(values["timestamp-window"], "--timestamp-window", (n) => n >= 0);
  if (window !== undefined) options.timestampWindowMs = window * 1000;
  const rate = number(values["fault-rate"], "--fault-rate", (n) => n >= 0 && n <= 1);
  if (rate !== undefined && rate > 0) {
    const kinds = (values.faults ?? FAULT_KINDS.join(",")).split(",").map((k) => k.trim());
    const unknown = kinds.filter((k) => !(ALL_FAULT_KINDS as readonly string[]).includes(k));
    if (unknown.length > 0) {
      throw new UsageError(
        `--faults: unknown kind ${unknown.join(", ")} (use ${ALL_FAULT_KINDS.join(", ")})`,
      );
    }
    const faults: FaultOptions = { rate, kinds: kinds as FaultKind[] };
    const latency = number(values["fault-latency"], "--fault-latency", (n) => n >= 0);
    const seed = number(values["fault-seed"], "--fault-seed", Number.isInteger);
    if (latency !== undefined) faults.latencyMs = latency;
    if (seed !== undefined) faults.seed = seed;
    options.faults = faults;
  } else if (values.faults !== undefined) {
    throw new UsageError("--faults needs --fault-rate R (a share of requests, e.g. 0.2)");
  }
  return options;
}

/** Runs the emulator until `stop` settles; tests pass their own `stop`. */
export async function runEmulator(args: string[], io: Io, stop: () => Promise<unknown>): Promise<number> {
  let options: EmulatorOptions & { help?: true };
  try {
    options = await emulatorOptions(args, io.cwd);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.stderr(
        `dingpipe emulator: ${(error as Error).message}\nRun 'dingpipe emulator --help' for the options.\n`,
      );
      return 2;
    }
    throw error;
  }
  if (options.help) {
    io.stdout(HELP);
    return 0;
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (isDingpipeError(error)) {
      io.stderr(`dingpipe emulator: ${error.message}\n${error.fix ? `  ${error.fix}\n` : ""}`);
      return 2;
    }
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
      io.stderr(
        `dingpipe emulator: cannot listen on ${options.host}:${options.port} (${code})\n  Choose another --port (or --port 0 for any free port).\n`,
      );
      return 1;
    }
    throw error;
  }
  const width = Math.max(...options.robots.map((r) => (r.name ?? r.token).length));
  const lines = options.robots.map(
    (r) =>
      `  ${(r.name ?? r.token).padEnd(width)}  ${emulator.webhookUrl(r.token)}  (${r.kind && r.kind !== "dingtalk" ? `${r.kind}; ` : ""}${describeSecurity(r)})`,
  );
  const limit = options.rateLimit ?? { messages: 20, windowMs: 60_000, throttleMs: 600_000 };
  const kinds = new Set(options.robots.map((r) => r.kind ?? "dingtalk"));
  const apps = options.apps ?? [];
  const appWidth = Math.max(0, ...apps.map((a) => (a.name ?? a.robotCode).length));
  const appLines = apps.map(
    (a) =>
      `  ${(a.name ?? a.robotCode).padEnd(appWidth)}  app_key=${a.appKey} robot_code=${a.robotCode} conversation_id=${a.conversations.join("|")}` +
      (a.appKey === DEMO_APP.appKey && a.appSecret === DEMO_APP.appSecret
        ? ` app_secret=${DEMO_APP.appSecret}`
        : "") +
      (a.stopped ? " (stopped)" : ""),
  );
  const appBlock = apps.length
    ? `App robots (base_url ${emulator.appBaseUrl}):\n${appLines.join("\n")}\n\n`
    : "";
  // Heard before it says where it is: whoever reads that may stop it at once.
  const stopping = stop();
  io.stdout(
    `Robot emulator: open ${emulator.url}/ to watch the group chats\n\nWebhooks:\n${lines.join("\n")}\n\n${appBlock}` +
      `Rate limit: DingTalk ${limit.messages} messages per ${limit.windowMs / 1000}s per robot, then throttled for ${limit.throttleMs / 1000}s` +
      `${kinds.has("wecom") ? "; WeCom 20 per minute" : ""}${kinds.has("feishu") ? "; Feishu 100 per minute and 5 per second" : ""}.` +
      (options.faults
        ? `\nFaults: ${options.faults.kinds.join(", ")} on ${options.faults.rate * 100}% of requests.`
        : "") +
      `\nPress Ctrl+C to stop.\n`,
  );
  await stopping;
  await emulator.close();
  io.stdout("Robot emulator stopped.\n");
  return 0;
}

export const run: Command = (args, io) => runEmulator(args, io, waitForSignal);
