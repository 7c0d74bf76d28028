/**
 * The last lines of a command's output, kept in bounded memory whatever the command prints: a ring
 * of at most `maxLines` complete lines, each cut at `maxLineChars`, plus one partial line per
 * stream (stdout and stderr are split into lines separately, then share the ring in arrival order).
 */
import { StringDecoder } from "node:string_decoder";

export const TAIL_LINES = 20;
export const MAX_LINE_CHARS = 500;

interface Stream {
  decoder: StringDecoder;
  partial: string;
  /** The partial line went past maxLineChars: the rest of it is dropped. */
  cut: boolean;
  /** A carriage return was seen: the next text starts the line over. */
  afterCr: boolean;
}

export class LineTail {
  readonly #maxLines: number;
  readonly #maxLineChars: number;
  readonly #ring: string[] = [];
  #next = 0;
  readonly #streams = new Map<string, Stream>();

  constructor(maxLines = TAIL_LINES, maxLineChars = MAX_LINE_CHARS) {
    this.#maxLines = maxLines;
    this.#maxLineChars = maxLineChars;
  }

  /** Adds a chunk of one stream's output (bytes as they came, UTF-8). */
  push(stream: string, chunk: Uint8Array | string): void {
    const s = this.#stream(stream);
    const text = typeof chunk === "string" ? chunk : s.decoder.write(chunk as Buffer);
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) {
        this.#append(s, text.slice(start));
        return;
      }
      this.#append(s, text.slice(start, nl));
      this.#line(s);
      start = nl + 1;
    }
  }

  /** Ends a stream: its unfinished last line counts as a line. */
  end(stream: string): void {
    const s = this.#streams.get(stream);
    if (!s) return;
    this.#append(s, s.decoder.end());
    if (s.partial !== "" || s.cut) this.#line(s);
  }

  /** The kept lines, oldest first (a progress bar redrawn with carriage returns: its last frame). */
  lines(): string[] {
    const n = this.#ring.length;
    if (n < this.#maxLines) return [...this.#ring];
    return [...this.#ring.slice(this.#next), ...this.#ring.slice(0, this.#next)];
  }

  #stream(name: string): Stream {
    let s = this.#streams.get(name);
    if (!s) {
      s = { decoder: new StringDecoder("utf8"), partial: "", cut: false, afterCr: false };
      this.#streams.set(name, s);
    }
    return s;
  }

  /** Appends to the partial line; text after a carriage return replaces it (a progress bar's new frame). */
  #append(s: Stream, text: string): void {
    const parts = text.split("\r");
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) s.afterCr = true;
      const part = parts[i]!;
      if (part === "") continue;
      if (s.afterCr) {
        s.partial = "";
        s.cut = false;
        s.afterCr = false;
      }
      if (s.cut) continue;
      const room = this.#maxLineChars - s.partial.length;
      if (part.length > room) {
        s.partial += `${part.slice(0, room)}…`;
        s.cut = true;
      } else s.partial += part;
    }
  }

  #line(s: Stream): void {
    const line = s.partial;
    s.partial = "";
    s.cut = false;
    s.afterCr = false;
    if (this.#ring.length < this.#maxLines) this.#ring.push(line);
    else {
      this.#ring[this.#next] = line;
      this.#next = (this.#next + 1) % this.#maxLines;
    }
  }
}
