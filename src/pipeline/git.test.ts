import assert from "node:assert/strict";
import { existsSync, renameSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gitRepo, noCheckout, type Repo } from "../../test/helpers/git-repo.ts";
import { gitCommitReader, parseCommit } from "./git.ts";

const LIN = { name: "Lin Xiao", email: "lin@acme.example" };
const WANG = { name: "王芳", email: "wang@acme.example" };

describe("gitCommitReader (a real repository)", () => {
  let repo: Repo;
  let first: string;
  let second: string;
  let merge: string;

  before(() => {
    repo = gitRepo();
    first = repo.commit("Initial commit", LIN);
    repo.git("checkout", "-q", "-b", "feature/export");
    second = repo.commit("Export orders as CSV\n\nAdds an export button.\n\n  indented line kept\n", WANG);
    repo.git("checkout", "-q", "main");
    repo.commit("Bump version", LIN);
    merge = repo.merge(second, LIN);
  });
  after(() => repo.remove());

  it("reads a commit's full message, author and parents", () => {
    const read = gitCommitReader(repo.dir);
    assert.deepEqual(read(second), {
      sha: second,
      parents: [first],
      author: "王芳",
      message: "Export orders as CSV\n\nAdds an export button.\n\n  indented line kept",
    });
    assert.equal(read(second.slice(0, 10))?.sha, second, "an abbreviated sha is enough");
    assert.equal(read(second.toUpperCase())?.sha, second);
    const m = read(merge);
    assert.equal(m?.parents.length, 2);
    assert.equal(m?.parents[1], second);
    assert.equal(m?.message, `Merge commit '${second}'`);
  });

  it("answers undefined for a commit the checkout lacks, and never asks git for anything but a sha", () => {
    const read = gitCommitReader(repo.dir);
    assert.equal(read("0123456789abcdef0123456789abcdef01234567"), undefined);
    const marker = join(repo.dir, "written");
    for (const bad of ["HEAD", "main", `--output=${marker}`, "-p", "", "abc", "g123456", `${second} --all`]) {
      assert.equal(read(bad), undefined, bad);
    }
    assert.equal(existsSync(marker), false, "an option is never passed to git");
  });

  it("answers undefined outside a repository, or without git", () => {
    const empty = noCheckout();
    try {
      assert.equal(gitCommitReader(empty.dir)(second), undefined);
      assert.equal(gitCommitReader(repo.dir, { PATH: empty.dir })(second), undefined, "no git on PATH");
    } finally {
      empty.remove();
    }
  });

  it("caches: a commit read once is not read again", () => {
    const read = gitCommitReader(repo.dir);
    const a = read(first);
    renameSync(join(repo.dir, ".git"), join(repo.dir, "moved"));
    try {
      assert.equal(read(first), a, "answered without git");
      assert.equal(read(merge), undefined, "a commit not read before needs the repository");
    } finally {
      renameSync(join(repo.dir, "moved"), join(repo.dir, ".git"));
    }
  });
});

describe("parseCommit", () => {
  it("takes one record, rejects anything else", () => {
    assert.equal(parseCommit(""), undefined);
    assert.equal(parseCommit("fatal: bad revision"), undefined);
    assert.deepEqual(parseCommit(`${"a".repeat(40)}\u0000\u0000Lin\u0000msg\n`), {
      sha: "a".repeat(40),
      parents: [],
      author: "Lin",
      message: "msg",
    });
  });
});
