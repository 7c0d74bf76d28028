/**
 * `dingpipe token create NAME | list | revoke NAME`: the service's API tokens, on its database (the
 * same --data-dir / --database-url as `serve`). A created token is printed once, on stdout alone (so
 * `TOKEN=$(dingpipe token create ci)` works); the list shows names, hints and dates, never a token.
 */
import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { isDingpipeError } from "../errors.ts";
import { parseCommandArgs } from "./args.ts";
import type { Command, Io } from "./io.ts";

const USAGE = `Usage: dingpipe token <create NAME | list | revoke NAME> [options]

The API tokens of the service (the console's sign-in, CI jobs calling the API).

  create NAME   make a token and print it once (stdout); NAME: letters, digits, . _ -
  list          every token: name, where it came from, hint, created, last used, revoked
  revoke NAME   the token signs in no more (a running service stops accepting it within 10 s)

Options:
  --data-dir DIR       the service's data directory (default ./dingpipe-data; env DINGPIPE_DATA_DIR)
  --database-url URL   postgres://… when the service uses PostgreSQL (env DINGPIPE_DATABASE_URL)
  -h, --help           this help

DINGPIPE_ADMIN_TOKEN is a token too ("admin-env"): setting another one and restarting the service
revokes the previous one.
`;

export const run: Command = async (args, io) => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (e) {
    io.stderr(`dingpipe token: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [verb, name, ...extra] = positionals;
  if (values.help || verb === "help") {
    io.stdout(USAGE);
    return 0;
  }
  let problem: string | undefined;
  if (verb === undefined) problem = "missing subcommand";
  else if (verb === "list") {
    if (name !== undefined) problem = `unexpected '${name}'`;
  } else if (verb === "create" || verb === "revoke") {
    if (name === undefined) problem = `${verb} needs a NAME`;
    else if (extra.length > 0) problem = `unexpected '${extra[0]}'`;
  } else problem = `unknown subcommand '${verb}'`;
  if (problem !== undefined) {
    io.stderr(`dingpipe token: ${problem}\n\n${USAGE}`);
    return 2;
  }
  const { openStore } = await import("../store/index.ts");
  const url = (values["database-url"] ?? io.env["DINGPIPE_DATABASE_URL"] ?? "").trim();
  const dir = values["data-dir"] ?? io.env["DINGPIPE_DATA_DIR"] ?? "dingpipe-data";
  const dataDir = isAbsolute(dir) ? dir : join(io.cwd, dir);
  if (url === "" && !existsSync(join(dataDir, "dingpipe.sqlite"))) {
    io.stderr(
      `dingpipe token: no service database in ${dir}\n  fix: pass the --data-dir of \`dingpipe serve\` (or --database-url), or start the service once\n`,
    );
    return 2;
  }
  let store: Awaited<ReturnType<typeof openStore>> | undefined;
  try {
    store = await openStore(url === "" ? undefined : url, { dataDir });
    return await perform(store, verb!, name, io);
  } catch (e) {
    if (isDingpipeError(e)) {
      io.stderr(`dingpipe token: ${e.message}\n${e.fix ? `  fix: ${e.fix}\n` : ""}`);
      return 1;
    }
    throw e;
  } finally {
    await store?.close();
  }
};

async function perform(
  store: import("../store/store.ts").Store,
  verb: string,
  name: string | undefined,
  io: Io,
): Promise<number> {
  const { hashToken, newApiToken, tokenHint } = await import("../server/tokens.ts");
  if (verb === "create") {
    const { checkName } = await import("../server/validate.ts");
    const problem = checkName(name!, "token");
    if (problem !== undefined) {
      io.stderr(`dingpipe token create: the name ${problem}\n`);
      return 2;
    }
    const token = newApiToken();
    try {
      await store.createApiToken(name!, hashToken(token), { source: "created", hint: tokenHint(token) });
    } catch (e) {
      if (isDingpipeError(e, "conflict")) {
        io.stderr(
          `dingpipe token create: an active token named '${name}' exists\n  fix: choose another name, or revoke it first: dingpipe token revoke ${name}\n`,
        );
        return 1;
      }
      throw e;
    }
    io.stdout(`${token}\n`);
    io.stderr(`token '${name}' created: shown once, keep it (Authorization: Bearer …)\n`);
    return 0;
  }
  if (verb === "revoke") {
    const outcome = await store.revokeApiToken(name!);
    if (outcome === "unknown") {
      io.stderr(
        `dingpipe token revoke: no active token named '${name}'\n  fix: see the names with: dingpipe token list\n`,
      );
      return 1;
    }
    const left = await store.countApiTokens();
    io.stdout(
      `token '${name}' revoked${left === 0 ? "; no active token is left: the service's next start prints a new admin token" : ""}\n`,
    );
    return 0;
  }
  const tokens = await store.listApiTokens();
  const rows = tokens.map((t) => [
    t.name,
    t.source,
    t.hint ?? "",
    t.createdAt.slice(0, 16).replace("T", " "),
    t.lastUsedAt?.slice(0, 16).replace("T", " ") ?? "never",
    t.revokedAt ? `revoked ${t.revokedAt.slice(0, 16).replace("T", " ")}` : "active",
  ]);
  const head = ["NAME", "SOURCE", "HINT", "CREATED (UTC)", "LAST USED", "STATE"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows])
    io.stdout(
      `${r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd()}\n`,
    );
  return 0;
}

function parse(args: string[]) {
  return parseCommandArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      "data-dir": { type: "string" },
      "database-url": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
