import assert from "node:assert/strict";
import { test } from "node:test";
import { main } from "./main.ts";

async function stderrOf(argv: string[]): Promise<{ code: number; stderr: string }> {
  const lines: string[] = [];
  const code = await main(argv, { stderr: (t) => void lines.push(t), stdout: () => {} });
  return { code, stderr: lines.join("") };
}

test("a misspelt command exits 2 and names the command it is close to", async () => {
  for (const [typed, meant] of [
    ["sned", "send"],
    ["Notfy", "notify"],
    ["serv", "serve"],
    ["emulater", "emulator"],
  ] as const) {
    const r = await stderrOf([typed]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`unknown command '${typed}' — did you mean '${meant}'\\?`));
    assert.match(r.stderr, /Commands:/);
  }
});

test("a word far from every command gets the usage without a guess", async () => {
  const r = await stderrOf(["deploy-everything"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command 'deploy-everything'\n/);
  assert.doesNotMatch(r.stderr, /did you mean/);
});
