/**
 * The command-line entry: picks the command and hands it the rest of the arguments.
 * Commands are async functions returning an exit code; only bin/dingpipe.js exits.
 * Each command module is imported lazily, so `dingpipe send` loads only what sending needs.
 */
import type { Command, Io } from "./io.ts";

/** One line per command: its summary and a lazy import of its module (which exports `run`). */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: Command }> }> = {
  send: { summary: "send one message to a DingTalk group robot", load: () => import("./send.ts") },
  notify: {
    summary: "a pipeline step: send the notifications an event selects",
    load: () => import("./notify.ts"),
  },
  run: {
    summary: "wrap a task: `dingpipe run -- cmd args…` notifies started, then its outcome",
    load: () => import("./run.ts"),
  },
  preview: {
    summary: "show what `notify` would send (and an HTML page); sends nothing",
    load: () => import("./preview.ts"),
  },
  config: {
    summary: "check a .dingpipe.yml: `dingpipe config check [--config FILE]`",
    load: () => import("./config.ts"),
  },
  emulator: {
    summary: "a local DingTalk robot endpoint with a page of the group chats",
    load: () => import("./emulator.ts"),
  },
  serve: {
    summary:
      "the service: API, console, CI webhooks and durable delivery (SQLite, or --database-url postgres://…)",
    load: () => import("./serve.ts"),
  },
  worker: {
    summary: "only the delivery engine, on a database shared with `serve`",
    load: () => import("./worker.ts"),
  },
  token: {
    summary: "the service's API tokens: `dingpipe token create NAME | list | revoke NAME`",
    load: () => import("./token.ts"),
  },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: dingpipe <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nRun 'dingpipe help <command>' (or 'dingpipe <command> --help') for the options of a command.\n`;
}

export async function main(argv: string[], io?: Partial<Io>): Promise<number> {
  const full: Io = {
    stdout: io?.stdout ?? ((t) => void process.stdout.write(t)),
    stderr: io?.stderr ?? ((t) => void process.stderr.write(t)),
    env: io?.env ?? process.env,
    cwd: io?.cwd ?? process.cwd(),
  };
  // Asked only by the commands that care (serve, worker), so the others never open stdout early.
  if (io === undefined) Object.defineProperty(full, "isTTY", { get: () => process.stdout.isTTY === true });
  else if (io.isTTY !== undefined) full.isTTY = io.isTTY;
  const [name, ...rest] = argv;
  // `dingpipe help send` is `dingpipe send --help`.
  if (name === "help" && rest[0] !== undefined) return main([rest[0], "--help"], full);
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    full.stdout(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === "--version" || name === "-v") {
    full.stdout("dingpipe 0.1.0\n");
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    full.stderr(`dingpipe: unknown command '${name}'${await didYouMean(name)}\n\n${usage()}`);
    return 2;
  }
  const { run } = await command.load();
  return run(rest, full);
}

/** " — did you mean 'send'?" for a command one or two edits away (`sned`), else "". Loaded only on this error. */
async function didYouMean(name: string): Promise<string> {
  const { editDistance } = await import("../pipeline/status.ts");
  let best: string | undefined;
  let bestDistance = 3;
  for (const known of Object.keys(COMMANDS)) {
    const d = editDistance(name.toLowerCase(), known);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best === undefined ? "" : ` — did you mean '${best}'?`;
}
