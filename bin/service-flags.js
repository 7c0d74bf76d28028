// The V8 flags `serve` and `worker` start with (bin/dingpipe.js re-executes them with these): 4 MB
// semi-spaces, and a 1 GB old-generation ceiling where V8's default one is higher. A flag the user gave
// (command line or NODE_OPTIONS, spelled with "-" or "_" between words, as V8 takes both) wins.
//
// V8's `heap_size_limit` is the whole heap's ceiling: the old generation's plus the young generation's,
// which is three semi-spaces (two semi-spaces and a new large-object space of one: V8's
// Heap::MaxReserved). `--max-old-space-size` sets the old generation's alone. So the old generation's
// ceiling is `heap_size_limit` less three semi-spaces: exactly, when the user gave the semi-space size;
// otherwise V8 picked it from the machine's memory, at most 64 MB (its default maximum on 64-bit), so
// the old generation's ceiling is at least `heap_size_limit` less 192 MB. The ceiling is added only when
// that is above 1 GB: never raised. A default old generation just above 1 GB is kept (V8 grows the old
// generation 4x between full collections only when the heap may reach 2 GB or more).

const MB = 1024 * 1024;
const OLD_SPACE_MB = 1024;
const SEMI_SPACE_MB = 4;
/** V8's largest default semi-space on 64-bit (DefaultMaxSemiSpaceSize). */
const DEFAULT_SEMI_SPACE_MAX_MB = 64;

/**
 * @param {readonly string[]} given the flags the process was given (execArgv, then NODE_OPTIONS' words)
 * @param {number} heapSizeLimit V8's getHeapStatistics().heap_size_limit of this process, in bytes
 * @returns {string[]} the flags to add
 */
export function serviceFlags(given, heapSizeLimit) {
  const spelled = given.map((a) => a.replaceAll("_", "-"));
  const flags = [];
  const semi = flagValue(spelled, "--max-semi-space-size");
  if (semi === undefined) flags.push(`--max-semi-space-size=${SEMI_SPACE_MB}`);
  if (flagValue(spelled, "--max-old-space-size") === undefined) {
    // The semi-space this process runs with: the user's, or at most V8's largest default.
    const semiMb = typeof semi === "number" ? semi : DEFAULT_SEMI_SPACE_MAX_MB;
    const oldSpaceAtLeast = heapSizeLimit - 3 * semiMb * MB;
    if (oldSpaceAtLeast > OLD_SPACE_MB * MB) flags.push(`--max-old-space-size=${OLD_SPACE_MB}`);
  }
  return flags;
}

/** The last value given for a flag (V8 takes the last): a number of MB, "given" when not one, or undefined. */
function flagValue(spelled, name) {
  let value;
  for (let i = 0; i < spelled.length; i++) {
    const a = spelled[i];
    if (a === name) {
      const n = Number(spelled[i + 1]);
      value = Number.isFinite(n) && spelled[i + 1] !== "" ? n : "given";
    } else if (a.startsWith(`${name}=`)) {
      const n = Number(a.slice(name.length + 1));
      value = Number.isFinite(n) && a.length > name.length + 1 ? n : "given";
    }
  }
  return value;
}
