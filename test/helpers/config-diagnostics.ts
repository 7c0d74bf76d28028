/** What the config validator's unit tests share: a test environment, parsing lines, finding one diagnostic. */
import assert from "node:assert/strict";
import { type Diagnostic, formatDiagnostic, parseConfig as parse } from "../../src/config/index.ts";

/**
 * parseConfig, read both ways: by the plain-subset reader (the fast path, taken when the text is within
 * it) and by the `yaml` package alone. The two must give the same config and the same diagnostics, at
 * the same line:column — so every config test is also a test of the fast path against the full one.
 */
export function parseConfig(...args: Parameters<typeof parse>): ReturnType<typeof parse> {
  const [text, file, env, options] = args;
  const result = parse(text, file, env, options);
  // The generated files of thousands of robots (limits.test.ts) test how the checks scale, not reading.
  if (text.length > 100_000) return result;
  const full = parse(text, file, env, { ...options, reader: "yaml" });
  assert.deepStrictEqual(result, full, `the plain-subset reader and the yaml package disagree on:\n${text}`);
  return result;
}

export const WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef";
export const SECRET = "SEC0123456789abcdef";
export const ENV = { DINGTALK_WEBHOOK: WEBHOOK, DINGTALK_SECRET: SECRET };

/** A credential `ci-group` taking its webhook and secret from ENV (file lines 1–5). */
export const CREDENTIALS = [
  "credentials:",
  "  ci-group:",
  `    webhook: \${DINGTALK_WEBHOOK}`,
  `    secret: \${DINGTALK_SECRET}`,
  "    keywords: [CI]",
];

/** Parses lines of YAML as .dingpipe.yml (line n of the file is lines[n-1]). */
export function parseLines(lines: string[], env: Record<string, string | undefined> = ENV) {
  return parseConfig(lines.join("\n") + "\n", ".dingpipe.yml", env);
}

/** The one diagnostic whose message contains `text`, and where it is as "severity line:col". */
export function one(diagnostics: Diagnostic[], text: string): { where: string; d: Diagnostic } {
  const found = diagnostics.filter((d) => d.message.includes(text));
  assert.equal(
    found.length,
    1,
    `one diagnostic with "${text}" in:\n${diagnostics.map(formatDiagnostic).join("\n")}`,
  );
  const d = found[0]!;
  return { where: `${d.severity} ${d.line}:${d.column}`, d };
}
