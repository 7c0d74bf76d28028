/**
 * Diagnostics: errors and warnings about a `.dingpipe.yml`, each at the file:line:column of the
 * offending node, with the fix. Parsing returns them instead of throwing or exiting.
 */

/**
 * What a diagnostic needs of a YAML node and of yaml's LineCounter, by shape rather than by yaml's
 * types: this file's declarations reach the library's public types (Diagnostic), and an installed
 * dingpipe has no `yaml` package for them to import (yaml is bundled into the code).
 */
export interface Ranged {
  range?: readonly [number, number, number] | null;
}
export interface Lines {
  linePos(offset: number): { line: number; col: number };
}

export interface Diagnostic {
  severity: "error" | "warning";
  message: string;
  /** One sentence telling the user what to change. */
  fix?: string;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Set when the problem belongs to one credential (e.g. its ${VAR} is unset): only notifications using it are affected. */
  credential?: string;
}

/** `file:line:col: error: message` then `  fix: …` — the compiler style editors turn into links. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
  return d.fix ? `${head}\n  fix: ${d.fix}` : head;
}

/** Where a diagnostic points: a YAML node (optionally a substring of its source), or an offset. */
export type Place = Ranged | { offset: number } | null | undefined;

export interface Report {
  /** Errors reported so far. */
  readonly errorCount: number;
  error(
    place: Place,
    message: string,
    fix?: string,
    options?: { credential?: string; needle?: string },
  ): void;
  warning(
    place: Place,
    message: string,
    fix?: string,
    options?: { credential?: string; needle?: string },
  ): void;
}

/** Collects diagnostics for one file, turning node ranges into line:column. */
export class Diagnostics implements Report {
  readonly list: Diagnostic[] = [];
  readonly #file: string;
  readonly #text: string;
  readonly #lines: Lines | undefined;
  #errors = 0;

  constructor(file: string, text: string, lines?: Lines) {
    this.#file = file;
    this.#text = text;
    this.#lines = lines;
  }

  error(
    place: Place,
    message: string,
    fix?: string,
    options?: { credential?: string; needle?: string },
  ): void {
    this.#add("error", place, message, fix, options);
  }

  warning(
    place: Place,
    message: string,
    fix?: string,
    options?: { credential?: string; needle?: string },
  ): void {
    this.#add("warning", place, message, fix, options);
  }

  /** Counted as they come (read after every credential and notification: never a scan of the list). */
  get errorCount(): number {
    return this.#errors;
  }

  #add(
    severity: Diagnostic["severity"],
    place: Place,
    message: string,
    fix: string | undefined,
    options: { credential?: string; needle?: string } | undefined,
  ): void {
    const { line, column } = this.position(place, options?.needle);
    const d: Diagnostic = { severity, message, file: this.#file, line, column };
    if (fix) d.fix = fix;
    if (options?.credential !== undefined) d.credential = options.credential;
    if (severity === "error") this.#errors++;
    this.list.push(d);
  }

  /** Line and column of a place; with `needle`, of its first occurrence inside the node's source. */
  position(place: Place, needle?: string): { line: number; column: number } {
    let offset = 0;
    if (place && "offset" in place) offset = place.offset;
    else if (place?.range) {
      offset = place.range[0];
      if (needle) {
        const at = this.#text.slice(place.range[0], place.range[1]).indexOf(needle);
        if (at >= 0) offset += at;
      }
    }
    if (!this.#lines) return { line: 1, column: 1 };
    const { line, col } = this.#lines.linePos(offset);
    return { line, column: col };
  }
}
