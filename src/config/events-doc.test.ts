import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { STATUS_ALIASES, STATUSES, toStatus } from "../pipeline/status.ts";

const doc = readFileSync(new URL("../../docs/events.md", import.meta.url), "utf8");
const table = doc.slice(doc.indexOf("## The table"));
const rows = [...table.matchAll(/^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|([^|]+)\|$/gm)].map((m) => ({
  word: m[1]!,
  status: m[2]!,
  from: m[3]!.trim(),
}));

test("docs/events.md: every alias of STATUS_ALIASES is in the table and every row is an alias", () => {
  assert.ok(rows.length > 0, "the table was found");
  const inDoc = rows.map((r) => `${r.word} → ${r.status} (${r.from})`).sort();
  const inCode = STATUS_ALIASES.map(([a, s, from]) => `${a} → ${s} (${from})`).sort();
  assert.deepEqual(inDoc, inCode);
});

test("docs/events.md: lists the six canonical events", () => {
  for (const s of STATUSES) assert.match(doc, new RegExp(`^\\|\\s*\`${s}\`\\s*\\|`, "m"));
});

test("STATUS_ALIASES: one meaning per word (case-insensitive), and no row that only repeats a canonical name", () => {
  const meaning = new Map<string, string>();
  for (const [alias, status] of STATUS_ALIASES) {
    const key = alias.toLowerCase();
    assert.notEqual(alias, status, `'${alias}' is already canonical`);
    assert.equal(meaning.get(key) ?? status, status, `'${alias}' means two things`);
    meaning.set(key, status);
    assert.equal(toStatus(alias), status);
  }
});

test("the platform words of the CI docs are understood", () => {
  const words: Record<string, string> = {
    SUCC: "success",
    FAIL: "failure",
    CANCEL: "cancelled",
    SKIP: "skipped",
    wait: "waiting",
    RUNNING: "started",
    CANCELED: "cancelled",
    START: "started",
    ABORTED: "cancelled",
    NOT_BUILT: "skipped",
    timed_out: "failure",
    neutral: "success",
    action_required: "waiting",
    in_progress: "started",
    failed: "failure",
    manual: "waiting",
    created: "waiting",
    scheduled: "waiting",
    killed: "cancelled",
  };
  for (const [word, status] of Object.entries(words)) assert.equal(toStatus(word), status, word);
});
