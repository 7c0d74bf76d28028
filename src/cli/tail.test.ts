import assert from "node:assert/strict";
import { test } from "node:test";
import { LineTail } from "./tail.ts";

test("keeps the last N lines of both streams, in arrival order", () => {
  const tail = new LineTail(3);
  tail.push("stdout", "a\nb\n");
  tail.push("stderr", "err\n");
  tail.push("stdout", "c\nd");
  tail.end("stdout");
  tail.end("stderr");
  assert.deepEqual(tail.lines(), ["err", "c", "d"]);
});

test("joins lines split across chunks, and UTF-8 split inside a character", () => {
  const tail = new LineTail(5);
  const bytes = Buffer.from("构建失败\n", "utf8");
  tail.push("stdout", bytes.subarray(0, 2));
  tail.push("stdout", bytes.subarray(2, 7));
  tail.push("stdout", bytes.subarray(7));
  assert.deepEqual(tail.lines(), ["构建失败"]);
});

test("bounded: a huge line is cut, carriage-return progress keeps its last frame, CRLF is one line", () => {
  const tail = new LineTail(2, 10);
  tail.push("stdout", `${"x".repeat(1_000_000)}\n`);
  tail.push("stdout", "10%\r50%\r100%\r\n");
  assert.deepEqual(tail.lines(), ["xxxxxxxxxx…", "100%"]);
});

test("no output, no lines", () => {
  const tail = new LineTail();
  tail.end("stdout");
  assert.deepEqual(tail.lines(), []);
});
