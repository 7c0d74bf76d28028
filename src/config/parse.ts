/**
 * `.dingpipe.yml` in three steps — shape (shape.ts), normalize and check each credential and
 * notification (credential.ts, notification.ts), cross-checks (rules.ts) — returning the config
 * with every error and warning located at file:line:column. Never throws for bad input.
 */
import { promises as fs } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import type { Credential, NotificationRule } from "../notify/rule.ts";
import { checkCredential } from "./credential.ts";
import { type Diagnostic, Diagnostics } from "./diagnostic.ts";
import { ref } from "./interpolate.ts";
import { checkNotification } from "./notification.ts";
import { crossCheck, sharedRobots } from "./rules.ts";
import { type RawNotification, readShape } from "./shape.ts";

export interface DingpipeConfig {
  /** The file it was read from, as given. */
  file: string;
  /** The usable credentials by name, `${ENV}` resolved. A credential with an error is left out. */
  credentials: Record<string, Credential>;
  /** The notifications in file order, normalized (canonical events, default content, `at: [all]`). */
  notifications: NotificationRule[];
}

export interface ParseResult {
  /**
   * Present when the file has no errors, or only errors tied to credentials (`Diagnostic.credential`):
   * those credentials are then missing from `credentials`, and the notifications that name them
   * cannot be sent — report those errors for them and go on with the others.
   */
  config?: DingpipeConfig;
  diagnostics: Diagnostic[];
}

type Env = Record<string, string | undefined>;

/** Parses and checks the text of a `.dingpipe.yml`; `env` resolves `${VAR}` references. */
export function parseConfig(text: string, file: string, env: Env): ParseResult {
  const lines = new LineCounter();
  const out = new Diagnostics(file, text, lines);
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  // Only the first syntax error: the ones after it are mostly its echoes.
  const syntax = doc.errors[0];
  if (syntax) {
    const line = text.slice(text.lastIndexOf("\n", syntax.pos[0] - 1) + 1).split("\n")[0] ?? "";
    const flowReference = /[[{][^#]*\$\{/.test(line);
    out.error(
      { offset: syntax.pos[0] },
      `YAML: ${firstLine(syntax.message)}`,
      flowReference
        ? `quote ${ref("…")} values inside [ ] or { } (e.g. ['${ref("ONCALL")}']): there YAML reads { and } as structure`
        : yamlFix(syntax.code),
    );
  }
  for (const w of doc.warnings) out.warning({ offset: w.pos[0] }, `YAML: ${firstLine(w.message)}`);
  if (doc.errors.length > 0) return { diagnostics: out.list };

  const raw = readShape(doc, text, out);
  if (!raw) return { diagnostics: out.list };

  const credentials: Record<string, Credential> = {};
  for (const c of raw.credentials) {
    const checked = checkCredential(c, env, out);
    if (checked) credentials[c.name] = checked;
  }
  const defined = raw.credentials.map((c) => c.name);
  const rules: Array<{ raw: RawNotification; rule: NotificationRule }> = [];
  for (const n of raw.notifications) {
    const rule = checkNotification(n, defined, env, out);
    if (rule) rules.push({ raw: n, rule });
  }
  crossCheck(raw, rules, out);
  sharedRobots(raw, credentials, out);

  const diagnostics = out.list.sort((a, b) => a.line - b.line || a.column - b.column);
  // A credential with any error (shape included) is not usable.
  for (const d of diagnostics)
    if (d.severity === "error" && d.credential !== undefined) delete credentials[d.credential];
  const fatal = diagnostics.some((d) => d.severity === "error" && d.credential === undefined);
  if (fatal) return { diagnostics };
  return { config: { file, credentials, notifications: rules.map((r) => r.rule) }, diagnostics };
}

/** Reads and parses a `.dingpipe.yml`; a missing or unreadable file is one clear error. */
export async function loadConfig(file: string, env: Env): Promise<ParseResult> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const missing = code === "ENOENT";
    const diagnostic: Diagnostic = {
      severity: "error",
      message: missing
        ? "no such file"
        : code === "EISDIR"
          ? "is a directory, not a file"
          : `cannot be read (${code ?? String(e)})`,
      fix: missing
        ? "create it (see docs/configuration.md), or pass --config FILE"
        : "pass the path of the .dingpipe.yml file with --config FILE",
      file,
      line: 1,
      column: 1,
    };
    return { diagnostics: [diagnostic] };
  }
  return parseConfig(text, file, env);
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.trim();
}

function yamlFix(code: string): string {
  switch (code) {
    case "DUPLICATE_KEY":
      return "remove or rename one of the two keys";
    case "BAD_INDENT":
    case "MISSING_CHAR":
      return "check the indentation: nested keys need more spaces than their parent, and items of one list the same";
    case "TAB_AS_INDENT":
      return "indent with spaces, not tabs";
    case "MULTIPLE_DOCS":
      return "keep one YAML document (remove the extra ---)";
    default:
      return "fix the YAML syntax at this place (quote values that contain ': ' or start with a special character)";
  }
}
