import assert from "node:assert/strict";
import { test } from "node:test";
import { fixture, readCi } from "../../../test/helpers/ci-fixtures.ts";
import { gitRepo } from "../../../test/helpers/git-repo.ts";
import { explainCi } from "../ci.ts";

const LIN = { name: "Lin Xiao", email: "lin@acme.example" };
const JENKINS = { name: "Jenkins", email: "nobody@nowhere" };

test("Jenkins build a user started: job, build, stage as task, branch without origin/, repo and commit page from GIT_URL", () => {
  const env = fixture("jenkins.env.json");
  assert.deepEqual(explainCi(env), { ci: "jenkins", reason: "JENKINS_URL, JOB_NAME and BUILD_NUMBER set" });
  const event = readCi(env);
  assert.deepEqual(event, {
    pipeline: {
      name: "frontend/web_release",
      url: "https://jenkins.acme.example/job/frontend/job/web_release/",
    },
    run: {
      id: "42",
      number: 42,
      url: "https://jenkins.acme.example/job/frontend/job/web_release/42/",
      trigger: { user: "Lin Xiao" },
    },
    stage: { name: "Unit tests" },
    task: { name: "Unit tests", status: "failure" },
    source: {
      provider: "jenkins",
      repo: "acme-tech/web_portal",
      branch: "master",
      commit: {
        sha: "9f3c2a1b7d4e5f60718293a4b5c6d7e8f9012345",
        url: "https://gitee.com/acme-tech/web_portal/commit/9f3c2a1b7d4e5f60718293a4b5c6d7e8f9012345",
      },
    },
    variables: event.variables,
  });
  assert.equal(
    event.source?.commit?.author,
    undefined,
    "GIT_AUTHOR_NAME is Jenkins' own identity, not the author",
  );
});

test("Jenkins pull request (multibranch, built by branch indexing): CHANGE_*, the PR branch, no person as trigger", () => {
  const event = readCi(fixture("jenkins-pull-request.env.json"), { status: "success", task: "lint" });
  assert.deepEqual(event.source, {
    provider: "jenkins",
    repo: "acme/web_release",
    branch: "feature/export",
    commit: {
      sha: "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
      url: "https://github.com/acme/web_release/commit/0a1b2c3d4e5f60718293a4b5c6d7e8f901234567",
    },
    pullRequest: {
      id: "7",
      title: "Export orders as CSV",
      url: "https://github.com/acme/web_release/pull/7",
    },
  });
  assert.deepEqual(event.run?.trigger, { event: "branch indexing" });
  assert.equal(event.task.name, "lint");
});

test("Jenkins: BUILD_USER of builds no person started is the trigger, never a user", () => {
  const base = fixture("jenkins.env.json");
  const cases: Array<[Record<string, string | undefined>, string]> = [
    [{ BUILD_USER: "Timer Trigger", BUILD_USER_ID: "timer" }, "timer"],
    [{ BUILD_USER: "SCM Change", BUILD_USER_ID: "scmChange" }, "scm change"],
    [{ BUILD_USER: "Branch Indexing", BUILD_USER_ID: "branchIndexing" }, "branch indexing"],
    [{ BUILD_USER: "10.0.0.5 nightly", BUILD_USER_ID: "remoteRequest" }, "remote request"],
    [{ BUILD_USER: "Generic Webhook Trigger", BUILD_USER_ID: "genericWebhook" }, "webhook"],
    [{ BUILD_USER: "SCM Change", BUILD_USER_ID: undefined }, "scm change"],
  ];
  for (const [vars, trigger] of cases) {
    assert.deepEqual(readCi({ ...base, ...vars }).run?.trigger, { event: trigger }, JSON.stringify(vars));
  }
  const noPlugin = { ...base, BUILD_USER: undefined, BUILD_USER_ID: undefined };
  assert.equal(readCi(noPlugin).run?.trigger, undefined);
});

test("Jenkins detection: JENKINS_HOME alone (the jenkins/jenkins image) is not Jenkins", () => {
  assert.equal(explainCi({ JENKINS_HOME: "/var/jenkins_home", BUILD_NUMBER: "3" }).ci, "generic");
  assert.equal(explainCi({ JENKINS_URL: "https://j.example/" }).ci, "generic", "no job, no build");
  assert.deepEqual(explainCi({ JOB_NAME: "web", BUILD_NUMBER: "3", BUILD_TAG: "jenkins-web-3" }), {
    ci: "jenkins",
    reason: "BUILD_TAG=jenkins-…, JOB_NAME and BUILD_NUMBER set",
  });
  assert.equal(explainCi({ JOB_NAME: "web", BUILD_NUMBER: "3", BUILD_TAG: "other-web-3" }).ci, "generic");
});

test("Jenkins without STAGE_NAME or --task: the job names the task", () => {
  const env = { ...fixture("jenkins.env.json"), STAGE_NAME: "" };
  assert.equal(readCi(env, { status: "started" }).task.name, "frontend/web_release");
});

test("Jenkins pull request merged with its target (a real checkout): the PR head, its message and author", () => {
  const repo = gitRepo();
  try {
    const base = repo.commit("Initial commit", LIN);
    repo.git("checkout", "-q", "-b", "feature/export");
    const head = repo.commit("Export orders as CSV\n\nAdds an export button.", LIN);
    repo.git("checkout", "-q", "main");
    const target = repo.commit("Bump version", { name: "王芳", email: "wang@acme.example" });
    // What the git plugin does: check the head out, merge the target's commit into it as Jenkins.
    repo.git("checkout", "-q", "--detach", head);
    const merged = repo.merge(target, JENKINS);
    assert.equal(repo.git("log", "-1", "--format=%s"), `Merge commit '${target}' into HEAD`);
    const env = { ...fixture("jenkins-pull-request.env.json"), GIT_COMMIT: merged };
    const event = readCi(env, { cwd: repo.dir });
    assert.deepEqual(event.source?.commit, {
      sha: head,
      message: "Export orders as CSV\n\nAdds an export button.",
      author: "Lin Xiao",
      url: `https://github.com/acme/web_release/commit/${head}`,
    });
    // A merge commit the author pushed is the commit built, as it is.
    repo.git("checkout", "-q", "feature/export");
    const own = repo.merge(target, LIN);
    const pushed = readCi({ ...env, GIT_COMMIT: own }, { cwd: repo.dir });
    assert.equal(pushed.source?.commit?.sha, own);
    assert.equal(pushed.source?.commit?.author, "Lin Xiao");
    assert.equal(base.length, 40);
  } finally {
    repo.remove();
  }
});
