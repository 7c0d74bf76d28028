/**
 * Files people (and generators) really produce: thousands of robots checked in linear time, a file
 * over the size limit, YAML nested thousands of levels deep — each a clear, located error, never
 * "Maximum call stack size exceeded", and every message of bounded length.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { one, parseConfig } from "../../test/helpers/config-diagnostics.ts";
import { loadConfig, MAX_CONFIG_BYTES } from "./parse.ts";

/** n robots, each with its own token and one notification naming it. */
function generated(n: number): string {
  const lines = ["credentials:"];
  for (let i = 0; i < n; i++)
    lines.push(
      `  robot-${i}:`,
      `    token: \${TOKEN_${i % 7}}`,
      `    base_url: https://relay-${i}.example.com`,
    );
  lines.push("notifications:");
  for (let i = 0; i < n; i++)
    lines.push(`  - credential: robot-${i}`, `    events: [${i % 2 === 0 ? "failure" : "failure, success"}]`);
  return `${lines.join("\n")}\n`;
}

const ENV = Object.fromEntries(
  Array.from({ length: 7 }, (_, i) => [`TOKEN_${i}`, `token${i}`.padEnd(32, "x")]),
);

describe("large files", () => {
  test("20,000 robots and 20,000 notifications: every one checked, in one pass", () => {
    const n = 20_000;
    const text = generated(n);
    const r = parseConfig(text, ".dingpipe.yml", ENV, { maxBytes: Number.POSITIVE_INFINITY });
    assert.deepEqual(r.diagnostics, []);
    assert.equal(Object.keys(r.config?.credentials ?? {}).length, n);
    assert.equal(r.config?.notifications.length, n);
    assert.equal(r.config?.credentials["robot-19999"]?.baseUrl, "https://relay-19999.example.com");
  });

  test("duplicates, unknown credentials and shared robots among thousands: found, with messages that stay short", () => {
    const n = 5_000;
    const lines = generated(n).split("\n");
    // The last notification repeats the first; one names a robot that does not exist.
    lines.push(
      "  - credential: robot-0",
      "    events: [failure]",
      "  - credential: robot-x",
      "    events: [failure]",
    );
    const r = parseConfig(lines.join("\n"), ".dingpipe.yml", ENV, { maxBytes: Number.POSITIVE_INFINITY });
    assert.match(
      one(r.diagnostics, `notification #${n + 1} duplicates notification #1`).d.message,
      /duplicates/,
    );
    const missing = one(r.diagnostics, "credential 'robot-x' is not defined").d;
    assert.ok(missing.message.length < 400, "lists 10 names, not 5,000");
    assert.match(missing.message, /robot-9 and 4990 more\)$/);
    assert.equal(r.diagnostics.length, 2);
  });

  test("a file over 1 MiB is refused before it is read, saying the limit", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dingpipe-limits-"));
    try {
      const file = join(dir, ".dingpipe.yml");
      await writeFile(file, generated(8_000));
      const r = await loadConfig(file, ENV);
      assert.equal(r.config, undefined);
      assert.equal(r.diagnostics.length, 1);
      const d = r.diagnostics[0]!;
      assert.match(
        d.message,
        /^the file is 1,0\d\d,\d{3} bytes: a \.dingpipe\.yml may be at most 1,048,576 \(1 MiB\)$/,
      );
      assert.match(d.fix ?? "", /keep only this repository's robots and notifications/);
      assert.equal(`${d.line}:${d.column}`, "1:1");
      // The text path keeps the same limit.
      assert.match(
        parseConfig("x".repeat(MAX_CONFIG_BYTES + 1), ".dingpipe.yml", {}).diagnostics[0]!.message,
        /^the file is 1,048,577 bytes: .* at most 1,048,576 \(1 MiB\)$/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("deep nesting", () => {
  test("thousands of [ or { are refused at the place they go too deep, without parsing them", () => {
    for (const open of ["[", "{"]) {
      const close = open === "[" ? "]" : "}";
      const text = `credentials:\n  a: ${open.repeat(100_000)}${close.repeat(100_000)}\n`;
      const r = parseConfig(text, ".dingpipe.yml", {});
      const d = one(r.diagnostics, "more than 64 levels of [ ] or { } nested here").d;
      assert.equal(`${d.line}:${d.column}`, "2:70");
      assert.match(d.fix ?? "", /unclosed \[ or \{/);
    }
  });

  test("runaway indentation or nested lists: a clear error, not the parser's stack overflow", () => {
    const block = `credentials:\n${Array.from({ length: 1_400 }, (_, i) => `${" ".repeat(i + 2)}k${i}:`).join("\n")} x\n`;
    const seq = `credentials:\n${"- ".repeat(20_000)}x\n`;
    for (const text of [block, seq]) {
      const r = parseConfig(text, ".dingpipe.yml", {});
      assert.equal(r.config, undefined);
      assert.ok(!r.diagnostics.some((d) => /call stack/i.test(d.message)), r.diagnostics[0]?.message);
      assert.match(
        one(r.diagnostics, "the file nests too deeply to be read").d.fix ?? "",
        /runaway indentation/,
      );
    }
  });

  test("brackets in a template, below the limit, are only text", () => {
    const text = [
      "credentials:",
      "  ci: {token: abcdefabcdefabcdef, base_url: 'https://relay.example.com'}",
      "notifications:",
      "  - credential: ci",
      "    events: [failure]",
      "    custom: |",
      `      ${"[".repeat(40)} unbalanced, in a template ${"{".repeat(20)}`,
    ].join("\n");
    const r = parseConfig(text, ".dingpipe.yml", {});
    assert.ok(r.config, JSON.stringify(r.diagnostics));
  });
});
