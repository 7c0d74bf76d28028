/**
 * `dingpipe send`: one message to one DingTalk group robot. Exit 0 delivered, 1 not delivered
 * (errcode and the fix on stderr), 2 bad usage. Imports only what sending needs, so it starts fast.
 */

import { engineHttp } from "../delivery/http.ts";
import { markdown, text, validateMessage } from "../dingtalk/builders.ts";
import { createRobot, type RobotOptions } from "../dingtalk/client.ts";
import type { At, DingTalkMessage } from "../dingtalk/message.ts";
import { redact } from "../dingtalk/redact.ts";
import { isDingpipeError } from "../errors.ts";
import { isMobile } from "../notify/mentions.ts";
import { parseCommandArgs } from "./args.ts";
import type { Command, Io } from "./io.ts";

const HELP = `Usage: dingpipe send [robot] <message> [options]

Robot (one of):
  --webhook URL        the robot's full webhook URL          (env DINGTALK_WEBHOOK)
  --token T            the robot's access_token alone        (env DINGTALK_TOKEN)
  --base-url URL       send to a relay or the emulator instead of https://oapi.dingtalk.com
  --secret S           the robot's signing secret, SEC…      (env DINGTALK_SECRET)
  --keyword K          one of the robot's keywords (repeatable); added when the message lacks all

Message (one of):
  --text T             a text message
  --markdown M --title T
                       a markdown message (the title shows in the chat list)
  --json FILE|-        any message type as DingTalk's JSON body ('-' reads stdin)

Options:
  --at 138…,139…|all   @ these mobiles (written into the text too), or everyone
  --dry-run            print the body that would be sent; send nothing
  --timeout T          per-request timeout: 10s (default), 2500ms, 5
  -h, --help           this help

Exit status: 0 delivered, 1 not delivered (errcode and the fix on stderr), 2 bad usage.
`;

class UsageError extends Error {}

function parseTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(value.trim());
  if (!m || Number(m[1]) <= 0)
    throw new UsageError(`--timeout '${value}' is not a duration (e.g. 10s, 2500ms)`);
  return m[2] === "ms" ? Number(m[1]) : Number(m[1]) * 1000;
}

function parseAt(value: string | undefined): At | undefined {
  if (value === undefined) return undefined;
  const parts = value
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length === 0) throw new UsageError("--at is empty: give mobiles (138…,139…) or all");
  const all = parts.some((p) => p.toLowerCase() === "all");
  const mobiles = parts.filter((p) => p.toLowerCase() !== "all").map((p) => p.replace(/^[@＠]/u, ""));
  // As `config check` says of `at:`: DingTalk mentions nobody for anything else, silently.
  const wrong = mobiles.filter((m) => !isMobile(m));
  if (wrong.length > 0) {
    throw new UsageError(
      `--at '${wrong[0]}' is not a mobile number: give DingTalk mobiles (11 digits, e.g. 13800000000, or +CC-number) or all`,
    );
  }
  return { ...(mobiles.length > 0 ? { atMobiles: mobiles } : {}), ...(all ? { isAtAll: true } : {}) };
}

function tokenOf(webhook: string | undefined): string | undefined {
  try {
    return webhook ? (new URL(webhook).searchParams.get("access_token") ?? undefined) : undefined;
  } catch {
    return undefined;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function readJson(source: string, cwd: string): Promise<unknown> {
  let raw: string;
  try {
    if (source === "-") raw = await readStdin();
    else {
      const [{ readFile }, { resolve }] = await Promise.all([
        import("node:fs/promises"),
        import("node:path"),
      ]);
      raw = await readFile(resolve(cwd, source), "utf8");
    }
  } catch (e) {
    throw new UsageError(`cannot read --json ${source}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new UsageError(`--json ${source} is not valid JSON: ${(e as Error).message}`);
  }
}

async function buildMessage(
  values: { text?: string; markdown?: string; title?: string; json?: string },
  mention: At | undefined,
  cwd: string,
): Promise<DingTalkMessage> {
  const given = (["text", "markdown", "json"] as const).filter((k) => values[k] !== undefined);
  if (given.length === 0)
    throw new UsageError("no message: give one of --text, --markdown (with --title) or --json");
  if (given.length > 1)
    throw new UsageError(`give only one of --text, --markdown, --json (got ${given.join(", ")})`);
  if (values.text !== undefined) return text(values.text, mention);
  if (values.markdown !== undefined) {
    if (values.title === undefined) throw new UsageError("--markdown needs --title (shown in the chat list)");
    return markdown(values.title, values.markdown, mention);
  }
  const message = validateMessage(await readJson(values.json ?? "-", cwd));
  if (!mention) return message;
  if (message.msgtype === "link" || message.msgtype === "feedCard") {
    throw new UsageError(`--at cannot be used with a ${message.msgtype} message (DingTalk has no @ there)`);
  }
  return { ...message, at: { ...message.at, ...mention } };
}

export const run: Command = async (args: string[], io: Io): Promise<number> => {
  let secrets: (string | undefined)[] = [];
  let http: ReturnType<typeof engineHttp> | undefined;
  const fail = (code: number, text: string) => {
    io.stderr(redact(text, secrets));
    return code;
  };
  try {
    const { values } = parseCommandArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        webhook: { type: "string" },
        token: { type: "string" },
        "base-url": { type: "string" },
        secret: { type: "string" },
        keyword: { type: "string", multiple: true },
        text: { type: "string" },
        markdown: { type: "string" },
        title: { type: "string" },
        json: { type: "string" },
        at: { type: "string" },
        "dry-run": { type: "boolean" },
        timeout: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.stdout(HELP);
      return 0;
    }
    const env = io.env;
    const webhook = values.webhook ?? (values.token === undefined ? env["DINGTALK_WEBHOOK"] : undefined);
    const token = values.token ?? (webhook === undefined ? env["DINGTALK_TOKEN"] : undefined);
    const secret = values.secret ?? env["DINGTALK_SECRET"];
    // The token inside the webhook, not the whole webhook: masking the whole value would hide
    // the very part of a wrong webhook the error message is about.
    secrets = [token, secret, tokenOf(webhook)];
    const timeoutMs = parseTimeout(values.timeout);
    const message = await buildMessage(values, parseAt(values.at), io.cwd);
    const dryRun = values["dry-run"] === true;
    if (!webhook && !token && !dryRun) {
      throw new UsageError(
        "no robot: give --webhook URL or --token T (or set DINGTALK_WEBHOOK / DINGTALK_TOKEN)",
      );
    }
    const options: RobotOptions = {
      webhook: webhook || undefined,
      token: token || undefined,
      baseUrl: values["base-url"],
      secret: secret || undefined,
      keywords: values.keyword,
      timeoutMs,
      env,
    };
    // node:http rather than the global fetch, whose engine (undici) is the largest thing a one-shot
    // send would load; with a proxy variable set, the global fetch, which goes through the proxy.
    http = dryRun ? undefined : engineHttp({ env, maxSockets: 1 });
    if (http) options.fetch = http.fetch;
    const robot = createRobot(dryRun && !webhook && !token ? { ...options, token: "dry-run" } : options);
    if (dryRun) {
      const prepared = robot.prepare(message);
      io.stdout(`${JSON.stringify(prepared.message, null, 2)}\n`);
      const where = webhook || token ? ` to ${robot.endpoint}` : "";
      io.stderr(
        `dry run: would POST ${prepared.bytes} bytes${where}${secret ? ", signed" : ""}` +
          `${prepared.fitted ? " (shortened to fit 20,000 bytes)" : ""}; nothing sent\n`,
      );
      return 0;
    }
    const result = await robot.send(message);
    io.stdout(
      `delivered to ${robot.endpoint} (errcode 0, ${result.bytes} bytes` +
        `${result.fitted ? ", shortened to fit" : ""}${result.attempts > 1 ? `, ${result.attempts} attempts` : ""})\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof UsageError)
      return fail(2, `dingpipe send: ${e.message}\n\nRun 'dingpipe send --help' for the options.\n`);
    if ((e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      return fail(
        2,
        `dingpipe send: ${(e as Error).message}\n\nRun 'dingpipe send --help' for the options.\n`,
      );
    }
    if (isDingpipeError(e)) {
      // Invalid message or robot settings are usage errors; everything DingTalk-side means not delivered.
      const usage =
        e.code === "invalid_message" || e.code === "invalid_robot" || e.code === "message_too_long";
      const errcode = (e as { errcode?: number }).errcode;
      const head = usage ? "dingpipe send:" : "dingpipe send: not delivered:";
      const lines = [`${head} ${e.message}`];
      if (errcode !== undefined) lines.push(`  errcode: ${errcode} (${e.code})`);
      if (e.fix) lines.push(`  fix: ${e.fix}`);
      return fail(usage ? 2 : 1, `${lines.join("\n")}\n`);
    }
    return fail(1, `dingpipe send: not delivered: ${(e as Error)?.message ?? String(e)}\n`);
  } finally {
    http?.close();
  }
};
