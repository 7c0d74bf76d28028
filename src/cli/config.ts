/**
 * `dingpipe config check [--config FILE] [--strict]`: reads `.dingpipe.yml`, prints every error and
 * warning as file:line:col (editors link them) with its fix, then a summary. Exit 0 when there is
 * no error, 2 when there is one (with --strict, warnings count as errors).
 */

import { isAbsolute, join } from "node:path";
import type { DingpipeConfig } from "../config/index.ts";
import { type Diagnostic, formatDiagnostic, loadConfig } from "../config/index.ts";
import { DEFAULT_MESSAGE_LOCALE, defaultTimeZone, zoneLabel } from "../notify/i18n/index.ts";
import { parseCommandArgs } from "./args.ts";
import type { Command, Io } from "./io.ts";

const USAGE = `Usage: dingpipe config check [--config FILE] [--strict]

Checks a .dingpipe.yml: YAML syntax, keys, events, content items, credentials and their \${ENV}
references (from this environment), @ mobiles, duplicate notifications.

Options:
  --config FILE   the file to check (default: .dingpipe.yml in the current directory)
  --strict        treat warnings as errors
  -h, --help      show this help

Exit status: 0 no errors, 2 errors (or warnings with --strict).
`;

export const run: Command = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === "--help" || sub === "-h" || sub === "help") {
    io.stdout(USAGE);
    return 0;
  }
  if (sub !== "check") {
    io.stderr(
      `dingpipe config: ${sub === undefined ? "missing subcommand" : `unknown subcommand '${sub}'`}\n\n${USAGE}`,
    );
    return 2;
  }
  let values: { config?: string | undefined; strict?: boolean | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseCommandArgs({
      args: rest,
      options: {
        config: { type: "string", short: "c" },
        strict: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    io.stderr(`dingpipe config check: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const given = values.config ?? ".dingpipe.yml";
  const path = isAbsolute(given) ? given : join(io.cwd, given);
  const { config, diagnostics } = await loadConfig(path, io.env);
  // Show the path as the user wrote it, so the locations are relative to where they stand.
  const shown: Diagnostic[] = diagnostics.map((d) => ({
    ...d,
    file: given,
    severity: values.strict ? "error" : d.severity,
  }));
  for (const d of shown) io.stdout(`${formatDiagnostic(d)}\n`);
  const errors = shown.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.filter((d) => d.severity === "warning").length;
  io.stdout(`${summary(config, diagnostics, errors, warnings, values.strict === true)}\n`);
  if (config && errors === 0) {
    for (const line of switchedOff(config)) io.stdout(`${line}\n`);
    io.stdout(`${wordingLine(config, io.env)}\n`);
  }
  return errors > 0 ? 2 : 0;
};

/**
 * "notification #2 'nightly' (ci-group) is switched off (enabled: false): it sends nothing" — a
 * notification kept in the file but switched off, said so the team does not wait for its messages.
 */
function switchedOff(config: Pick<DingpipeConfig, "notifications">): string[] {
  const out: string[] = [];
  config.notifications.forEach((rule, i) => {
    if (rule.enabled !== false) return;
    const name = rule.name === undefined ? "" : ` '${rule.name}'`;
    out.push(
      `notification #${i + 1}${name} (${rule.credential}) is switched off (enabled: false): it sends nothing`,
    );
  });
  return out;
}

/**
 * "messages in zh-CN (the default), times in Asia/Shanghai, UTC+8 now (TZ)": what notifications without
 * their own locale:/timezone: write — a runner in UTC would otherwise surprise a team in China.
 */
function wordingLine(config: Pick<DingpipeConfig, "locale" | "timezone">, env: Io["env"]): string {
  const locale = config.locale
    ? `${config.locale} (locale:)`
    : `${DEFAULT_MESSAGE_LOCALE} (the default; locale: en for English)`;
  const tz = env["TZ"]?.trim();
  const zone = config.timezone ?? defaultTimeZone(env);
  const from = config.timezone
    ? "timezone:"
    : tz && zone === tz.replace(/^:/, "").replace(/^.*\/zoneinfo\//, "")
      ? "TZ"
      : "the system's zone; set timezone: to choose";
  return `messages in ${locale}, times in ${zone}, ${zoneLabel(zone, new Date())} now (${from})`;
}

function summary(
  config: { credentials: object; notifications: ReadonlyArray<{ enabled?: boolean }> } | undefined,
  diagnostics: Diagnostic[],
  errors: number,
  warnings: number,
  strict: boolean,
): string {
  if (errors > 0) {
    const real = diagnostics.filter((d) => d.severity === "error").length;
    return strict && warnings > 0
      ? `${count(real, "error")}, ${count(warnings, "warning")} (--strict: warnings count as errors)`
      : `${count(errors, "error")}, ${count(warnings, "warning")}`;
  }
  const off = config?.notifications.filter((n) => n.enabled === false).length ?? 0;
  const what = config
    ? `${count(config.notifications.length, "notification")}${off > 0 ? ` (${off} switched off)` : ""}, ${count(Object.keys(config.credentials).length, "credential")}`
    : "";
  return warnings > 0 ? `${what}: OK, ${count(warnings, "warning")}` : `${what}: OK`;
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
