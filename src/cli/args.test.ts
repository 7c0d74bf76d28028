import assert from "node:assert/strict";
import { test } from "node:test";
import { optionSuggestion, parseCommandArgs, valuesTakeNext } from "./args.ts";

const options = {
  text: { type: "string" },
  title: { type: "string", short: "t" },
  "dry-run": { type: "boolean" },
  keyword: { type: "string", multiple: true },
} as const;

test("a value option takes the next argument, whatever it starts with; `--` ends the options", () => {
  assert.deepEqual(valuesTakeNext(["--text", "- item", "-t", "-1 build", "--dry-run"], options), [
    "--text=- item",
    "--title=-1 build",
    "--dry-run",
  ]);
  assert.deepEqual(valuesTakeNext(["--keyword", "--", "--text", "x"], options), ["--keyword=--", "--text=x"]);
  assert.deepEqual(valuesTakeNext(["--dry-run", "--", "--text", "x"], options), [
    "--dry-run",
    "--",
    "--text",
    "x",
  ]);
  assert.deepEqual(valuesTakeNext(["--text=-a", "--text"], options), ["--text=-a", "--text"]);
  const { values } = parseCommandArgs({
    args: ["--text", "--", "--keyword", "-k", "--keyword", "-"],
    options,
  });
  assert.deepEqual({ ...values }, { text: "--", keyword: ["-k", "-"] });
});

test("an unknown option names the closest known one", () => {
  assert.equal(optionSuggestion("--txt", options), " — did you mean '--text'?");
  assert.equal(optionSuggestion("--dryrun", options), " — did you mean '--dry-run'?");
  assert.equal(optionSuggestion("--frobnicate", options), "");
  assert.throws(
    () => parseCommandArgs({ args: ["--titel", "x"], options, strict: true }),
    (e) =>
      (e as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" &&
      /Unknown option '--titel' — did you mean '--title'\?/.test((e as Error).message),
  );
});
