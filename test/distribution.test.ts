/**
 * How dingpipe reaches people, as the repository states it: CI runs exactly the README's commands; every
 * install path in the docs is pinned to this version (never `--yes`, never `@latest`); each CI system
 * in docs/ci-examples.md shows the executable with its checksum check and pinned npx (GitHub also the
 * action); and the release workflow tests, builds, checksums, attaches and publishes with provenance.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const VERSION = (JSON.parse(read("package.json")) as { version: string }).version;

/** The shell commands of the README's Quick start: each line of its code blocks, split on `&&`, comments dropped. */
function quickStartCommands(): Set<string> {
  const readme = read("README.md");
  const start = readme.indexOf("## Quick start");
  const section = readme.slice(start, readme.indexOf("\n## ", start + 1));
  const commands = new Set<string>();
  for (const block of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split("\n")) {
      for (const part of line.replace(/#.*$/, "").split("&&")) {
        if (part.trim() !== "") commands.add(part.trim());
      }
    }
  }
  return commands;
}

test(".ci/run runs the README's Quick start commands and nothing else", () => {
  const readme = quickStartCommands();
  assert.ok(readme.has("npm ci") && readme.has("npm test"), [...readme].join(", "));
  const lines = read(".ci/run")
    .split("\n")
    .map((l) => l.trim())
    .filter(
      (l) => l !== "" && !l.startsWith("#") && l !== "set -euo pipefail" && l !== 'cd "$(dirname "$0")/.."',
    );
  assert.deepEqual(lines, ["npm ci", "npm test"]);
  for (const l of lines) assert.ok(readme.has(l), `${l} is a README command`);
});

const DOCS = [
  "README.md",
  "README.zh-CN.md",
  "DEVELOPERS.md",
  "action.yml",
  ".ci/run",
  ...readdirSync(join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
  ...readdirSync(join(ROOT, ".github", "workflows")).map((f) => `.github/workflows/${f}`),
];

test("no doc runs `npx --yes` or `@latest`; every dingpipe version named is this one", () => {
  for (const file of DOCS) {
    const text = read(file);
    assert.doesNotMatch(text, /npx\s+(-y|--yes)\b/, `${file} runs npx --yes`);
    assert.doesNotMatch(text, /@latest\b/, `${file} names @latest`);
    for (const m of text.matchAll(/dingpipe@v?(\d+\.\d+\.\d+[^\s`'"]*)/g)) {
      assert.equal(m[1], VERSION, `${file}: ${m[0]} (package.json is ${VERSION})`);
    }
    for (const m of text.matchAll(/releases\/download\/v([^/\s]+)\//g)) {
      assert.equal(m[1], VERSION, `${file}: ${m[0]}`);
    }
  }
});

test("docs/ci-examples.md: per CI, the executable with its checksum check and pinned npx; the action for GitHub", () => {
  const text = read("docs/ci-examples.md");
  const sections = new Map(
    text
      .split(/\n(?=## )/)
      .map((s) => [s.slice(3, s.indexOf("\n")), s] as const)
      .filter(([title]) => title !== ""),
  );
  const download = `releases/download/v${VERSION}/dingpipe-linux-x64`;
  for (const ci of [
    "GitHub Actions",
    "Gitee pipelines (Gitee Go)",
    "GitLab CI",
    "Jenkins (declarative pipeline)",
    "Alibaba Cloud DevOps (Yunxiao Flow)",
    "Drone",
    "Woodpecker",
  ]) {
    const section = sections.get(ci);
    assert.ok(section, `a section for ${ci}`);
    assert.ok(section.includes(download), `${ci}: downloads the executable of this release`);
    assert.match(section, /echo "\$DINGPIPE_SHA256 {2}dingpipe" \| sha256sum -c -/, `${ci}: checks its hash`);
    assert.ok(section.includes(`npx dingpipe@${VERSION} `), `${ci}: npx pinned to ${VERSION}`);
  }
  assert.ok(sections.get("GitHub Actions")?.includes(`uses: <owner>/dingpipe@v${VERSION}`));
  // Every npx in its code names the exact version.
  for (const block of text.matchAll(/```[a-z]*\n([\s\S]*?)```/g)) {
    for (const m of block[1]!.matchAll(/npx (?!dingpipe@\d)(\S+)/g)) {
      assert.fail(`unpinned npx in docs/ci-examples.md: npx ${m[1]}`);
    }
  }
});

test("the release workflow tests, builds the tarball and executables, checksums, attaches, publishes with provenance", () => {
  const text = read(".github/workflows/release.yml");
  const wf = parse(text) as {
    on: { release: { types: string[] } };
    jobs: Record<
      string,
      {
        needs?: string;
        env?: Record<string, string>;
        steps: Array<{ uses?: string; run?: string; if?: string }>;
      }
    >;
  };
  assert.deepEqual(wf.on.release.types, ["published"]);
  const runs = (job: string) =>
    wf.jobs[job]!.steps.map((s) => s.run ?? "")
      .join("\n")
      .split("\n")
      .map((l) => l.trim());
  assert.ok(runs("test").includes("npm ci") && runs("test").includes("npm test"));
  assert.ok(runs("executable").includes("npm run build:sea"));
  assert.equal(wf.jobs["executable"]?.needs, "test");
  assert.equal(wf.jobs["publish"]?.needs, "executable");
  const publish = runs("publish").join("\n");
  assert.match(publish, /npm pack --pack-destination release/);
  assert.match(publish, /sha256sum dingpipe-\*\.tgz dingpipe-linux-\* > SHA256SUMS/);
  assert.match(publish, /gh release upload "\$TAG" release\/\*/);
  const npm = wf.jobs["publish"]!.steps.find((s) => s.run?.includes("npm publish"));
  assert.match(npm?.run ?? "", /--provenance/);
  assert.equal(npm?.if, "env.NPM_TOKEN != ''");
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression
  assert.equal(wf.jobs["publish"]?.env?.["NPM_TOKEN"], "${{ secrets.NPM_TOKEN }}");
  // Third-party actions pinned to a commit, not a movable tag.
  for (const job of Object.values(wf.jobs)) {
    for (const s of job.steps) if (s.uses) assert.match(s.uses, /@[0-9a-f]{40}$/, s.uses);
  }
  // Expressions reach scripts only through env:, never pasted into them.
  for (const job of Object.values(wf.jobs)) {
    for (const s of job.steps) assert.doesNotMatch(s.run ?? "", /\$\{\{/, s.run);
  }
});
