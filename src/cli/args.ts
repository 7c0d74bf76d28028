/**
 * node:util parseArgs as a command line needs it: a value option takes the next argument whatever it
 * starts with (`--markdown "- a list"`, `--title "-1 build"` — parseArgs alone calls those ambiguous),
 * and an unknown option gets a did-you-mean (`--txt` → `--text`), as unknown commands do.
 * Everything after `--` is left alone.
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { editDistance } from "../pipeline/status.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** `--name value` and `-n value` of string options, as `--name=value`: the value is the value. */
export function valuesTakeNext(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  const shortToLong = new Map<string, string>();
  for (const [name, o] of Object.entries(options)) if (o.short !== undefined) shortToLong.set(o.short, name);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      out.push(...args.slice(i));
      break;
    }
    const long =
      /^--([^=]+)$/.exec(arg)?.[1] ?? (/^-([^-])$/.test(arg) ? shortToLong.get(arg[1]!) : undefined);
    if (long !== undefined && options[long]?.type === "string" && i + 1 < args.length) {
      out.push(`--${long}=${args[++i]}`);
      continue;
    }
    out.push(arg);
  }
  return out;
}

/** " — did you mean '--text'?" for an option one or two edits from a known one, else "". */
export function optionSuggestion(given: string, options: Options): string {
  const word = given.replace(/^-+/, "").split("=")[0]!.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of Object.keys(options)) {
    const d = editDistance(word, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best === undefined || word.length < 2 ? "" : ` — did you mean '--${best}'?`;
}

/** parseArgs with both: values take the next argument; unknown options name the closest known one. */
export function parseCommandArgs<T extends ParseArgsConfig & { options: Options }>(
  config: T,
): ReturnType<typeof parseArgs<T>> {
  const args = valuesTakeNext(config.args ?? [], config.options);
  try {
    return parseArgs({ ...config, args }) as ReturnType<typeof parseArgs<T>>;
  } catch (e) {
    const error = e as Error & { code?: string };
    if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const given = /'([^']+)'/.exec(error.message)?.[1] ?? "";
      const hint = optionSuggestion(given, config.options);
      if (hint !== "") error.message = `Unknown option '${given}'${hint}`;
    }
    throw error;
  }
}
