import assert from "node:assert/strict";
import { test } from "node:test";
import {
  branchName,
  commitPage,
  count,
  id,
  isCommitPage,
  isoTime,
  personName,
  repoFromUrl,
  secondsToMs,
  text,
  webOfClone,
} from "./values.ts";

test("text: trimmed, blank and non-strings absent, finite numbers as text", () => {
  assert.equal(text("  a "), "a");
  assert.equal(text(""), undefined);
  assert.equal(text(" \n"), undefined);
  assert.equal(text(null), undefined);
  assert.equal(text({}), undefined);
  assert.equal(text(12), "12");
  assert.equal(text(Number.NaN), undefined);
});

test("count and id: whole non-negative numbers only", () => {
  assert.equal(count("42"), 42);
  assert.equal(count(42), 42);
  assert.equal(count("4.2"), undefined);
  assert.equal(count("-1"), undefined);
  assert.equal(count("12abc"), undefined);
  assert.equal(count(1.5), undefined);
  assert.equal(count("99999999999999999999"), undefined);
  assert.equal(id(9876543210), "9876543210");
  assert.equal(id(2 ** 60), undefined);
  assert.equal(id(" x1 "), "x1");
});

test("isoTime: ISO, GitLab's UTC form, unix seconds; garbage absent", () => {
  assert.equal(isoTime("2016-08-12 15:23:28 UTC"), "2016-08-12T15:23:28Z");
  assert.equal(isoTime("2021-02-23T02:41:37.886Z"), "2021-02-23T02:41:37.886Z");
  assert.equal(isoTime("2026-11-23T16:00:00+08:00"), "2026-11-23T08:00:00Z");
  assert.equal(isoTime("1795420830", { unix: true }), "2026-11-23T08:00:30Z");
  assert.equal(isoTime("0", { unix: true }), undefined);
  assert.equal(isoTime("soon"), undefined);
  assert.equal(isoTime(17), undefined);
  assert.equal(isoTime(null), undefined);
});

test("secondsToMs", () => {
  assert.equal(secondsToMs(17.25), 17250);
  assert.equal(secondsToMs(63), 63000);
  assert.equal(secondsToMs(null), undefined);
  assert.equal(secondsToMs(-1), undefined);
  assert.equal(secondsToMs("63"), undefined);
});

test("repoFromUrl: clone URLs and paths", () => {
  assert.equal(repoFromUrl("https://gitee.com/acme-tech/web-portal.git"), "acme-tech/web-portal");
  assert.equal(repoFromUrl("git@gitlab.example.com:acme/web.git"), "acme/web");
  assert.equal(repoFromUrl("ssh://git@host:2222/acme/web.git"), "acme/web");
  assert.equal(repoFromUrl("git@gitlab:test.git"), "test");
  assert.equal(repoFromUrl("acme/web"), "acme/web");
  assert.equal(repoFromUrl("https://host/"), undefined);
  assert.equal(repoFromUrl(""), undefined);
});

test("branchName and personName", () => {
  assert.equal(branchName("origin/main"), "main");
  assert.equal(branchName("refs/heads/release/1.2"), "release/1.2");
  assert.equal(branchName("feature/x"), "feature/x");
  assert.equal(branchName("origin/"), undefined);
  assert.equal(personName("Lin Xiao <lin@acme.example>"), "Lin Xiao");
  assert.equal(personName("linxiao"), "linxiao");
  assert.equal(personName("<only@mail>"), "<only@mail>");
});

test("commitPage: the forge's page of a commit, by the forge the CI names or a public host", () => {
  const sha = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";
  assert.equal(commitPage("https://github.com/acme/web", sha), `https://github.com/acme/web/commit/${sha}`);
  assert.equal(
    commitPage("https://gitlab.com/acme/web/", sha),
    `https://gitlab.com/acme/web/-/commit/${sha}`,
  );
  assert.equal(
    commitPage("https://bitbucket.org/acme/web", sha),
    `https://bitbucket.org/acme/web/commits/${sha}`,
  );
  assert.equal(
    commitPage("https://git.acme.example/acme/web", sha, "gitlab"),
    `https://git.acme.example/acme/web/-/commit/${sha}`,
  );
  assert.equal(
    commitPage("https://gitea.acme.example/acme/web.git", sha),
    `https://gitea.acme.example/acme/web/commit/${sha}`,
  );
  assert.equal(commitPage("git@github.com:acme/web.git", sha), undefined);
  assert.equal(commitPage("https://github.com/acme/web", ""), undefined);
  assert.equal(commitPage(undefined, sha), undefined);
});

test("webOfClone: a repository's web address when the clone URL makes it certain", () => {
  assert.equal(
    webOfClone("https://gitee.com/acme-tech/web_portal.git"),
    "https://gitee.com/acme-tech/web_portal",
  );
  assert.equal(
    webOfClone("https://git.acme.example:8443/acme/web.git/"),
    "https://git.acme.example:8443/acme/web",
  );
  assert.equal(webOfClone("git@github.com:acme/web.git"), "https://github.com/acme/web");
  assert.equal(webOfClone("ssh://git@gitlab.com:22/acme/web.git"), "https://gitlab.com/acme/web");
  assert.equal(webOfClone("git@git.acme.example:acme/web.git"), undefined, "a self-hosted SSH host");
  assert.equal(
    webOfClone("https://user:token@github.com/acme/web.git"),
    undefined,
    "credentials are never echoed",
  );
  assert.equal(webOfClone(""), undefined);
});

test("isCommitPage: a link that ends with the commit's sha (or a 7+ prefix of it)", () => {
  const sha = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678";
  assert.equal(isCommitPage(`https://github.com/acme/web/commit/${sha}`, sha), true);
  assert.equal(isCommitPage("https://git.example/acme/web/commit/a1b2c3d", sha), true);
  assert.equal(isCommitPage("https://github.com/acme/web/compare/0f1e2d3c4b5a...a1b2c3d4e5f6", sha), false);
  assert.equal(isCommitPage("https://github.com/acme/web/pull/12", sha), false);
  assert.equal(isCommitPage(undefined, sha), false);
});
