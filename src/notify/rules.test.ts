import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PipelineEvent } from "../pipeline/event.ts";
import type { NotificationRule } from "./rule.ts";
import { explainMatch, globMatch, matches, selectRules } from "./rules.ts";

const event = (
  task: string,
  status: PipelineEvent["task"]["status"],
  pipeline = "web-release",
): PipelineEvent => ({
  pipeline: { name: pipeline },
  task: { name: task, status },
});

const rule = (over: Partial<NotificationRule> = {}): NotificationRule => ({
  credential: "ci",
  events: ["failure"],
  content: [],
  ...over,
});

describe("globMatch", () => {
  it("matches literally, with * and ?", () => {
    assert.equal(globMatch("build", "build"), true);
    assert.equal(globMatch("build", "build2"), false);
    assert.equal(globMatch("web-*", "web-release"), true);
    assert.equal(globMatch("web-*", "api-release"), false);
    assert.equal(globMatch("*", ""), true);
    assert.equal(globMatch("test-?", "test-1"), true);
    assert.equal(globMatch("test-?", "test-12"), false);
    assert.equal(globMatch("*deploy*", "prod-deploy-eu"), true);
  });
  it("treats regular-expression characters literally", () => {
    assert.equal(globMatch("a.b", "axb"), false);
    assert.equal(globMatch("a.b", "a.b"), true);
    assert.equal(globMatch("(x)+[y]", "(x)+[y]"), true);
    assert.equal(globMatch("^$", "^$"), true);
  });
  it("* crosses slashes and newlines; matching is case-sensitive", () => {
    assert.equal(globMatch("release/*", "release/2026/11"), true);
    assert.equal(globMatch("Build", "build"), false);
  });
});

describe("matches", () => {
  it("needs the event's status among the rule's events", () => {
    assert.equal(matches(rule(), event("t", "failure")), true);
    assert.equal(matches(rule(), event("t", "success")), false);
    assert.equal(matches(rule({ events: ["started", "success"] }), event("t", "success")), true);
    assert.equal(matches(rule({ events: [] }), event("t", "failure")), false);
  });
  it("absent tasks/pipelines select every one", () => {
    assert.equal(matches(rule(), event("anything", "failure", "any-pipeline")), true);
  });
  it("filters by task name or glob", () => {
    const r = rule({ tasks: ["build", "deploy-*"] });
    assert.equal(matches(r, event("build", "failure")), true);
    assert.equal(matches(r, event("deploy-prod", "failure")), true);
    assert.equal(matches(r, event("unit-tests", "failure")), false);
    assert.equal(matches(rule({ tasks: [] }), event("build", "failure")), false);
  });
  it("filters by pipeline name or glob", () => {
    const r = rule({ pipelines: ["web-*"] });
    assert.equal(matches(r, event("t", "failure", "web-release")), true);
    assert.equal(matches(r, event("t", "failure", "api-release")), false);
  });
  it("needs all three to hold", () => {
    const r = rule({ pipelines: ["web-*"], tasks: ["deploy"], events: ["success"] });
    assert.equal(matches(r, event("deploy", "success", "web-x")), true);
    assert.equal(matches(r, event("deploy", "failure", "web-x")), false);
    assert.equal(matches(r, event("build", "success", "web-x")), false);
    assert.equal(matches(r, event("deploy", "success", "api")), false);
  });
});

describe("selectRules", () => {
  it("keeps the configured order and only matching rules", () => {
    const a = rule({ credential: "a", events: ["failure", "success"] });
    const b = rule({ credential: "b", events: ["success"] });
    const c = rule({ credential: "c", events: ["failure"], tasks: ["build"] });
    const d = rule({ credential: "d", events: ["failure"] });
    assert.deepEqual(
      selectRules([a, b, c, d], event("build", "failure")).map((r) => r.credential),
      ["a", "c", "d"],
    );
    assert.deepEqual(
      selectRules([d, c, b, a], event("build", "success")).map((r) => r.credential),
      ["b", "a"],
    );
    assert.deepEqual(selectRules([], event("build", "success")), []);
  });
});

describe("globMatch on names that are not plain ASCII lines", () => {
  it("`?` is one character even outside the BMP, `*` runs across a line break", () => {
    assert.equal(globMatch("deploy-?", "deploy-🚀"), true);
    assert.equal(globMatch("?", "🚀"), true);
    assert.equal(globMatch("?", "ab"), false);
    assert.equal(globMatch("web*prod", "web\nprod"), true);
    assert.equal(globMatch("a?b", "a\nb"), true);
  });
});

describe("explainMatch", () => {
  it("labels each check with its field, whatever the outcome", () => {
    for (const r of [rule({ events: [] }), rule({ events: ["success"] }), rule()]) {
      assert.deepEqual(
        explainMatch(r, event("build", "failure")).checks.map((c) => c.field),
        ["status", "pipeline", "task"],
      );
    }
  });

  it("says why a notification does not match, in the user's own patterns and names", () => {
    const e = event("auto_deploy:start", "success", "Build pipeline");
    const r = explainMatch(rule({ pipelines: ["web-*"], events: ["failure", "success"] }), e);
    assert.equal(r.matched, false);
    assert.deepEqual(r.why, ["pipeline pattern `web-*` does not match `Build pipeline`"]);
    assert.deepEqual(
      r.checks.map((c) => [c.field, c.ok]),
      [
        ["status", true],
        ["pipeline", false],
        ["task", true],
      ],
    );
    assert.equal(r.checks[0]?.reason, "status `success` is one of its events (`failure`, `success`)");
    assert.equal(r.checks[2]?.reason, "every task (no task patterns)");
  });

  it("names every failed condition: status, several patterns, empty lists, no events", () => {
    const e = event("lint", "started", "api");
    assert.deepEqual(explainMatch(rule({ pipelines: ["web-*", "docs"], tasks: ["build"] }), e).why, [
      "status `started` is not one of its events (`failure`)",
      "none of the pipeline patterns `web-*`, `docs` matches `api`",
      "task pattern `build` does not match `lint`",
    ]);
    assert.deepEqual(explainMatch(rule({ events: [], tasks: [] }), e).why, [
      "the notification has no events, so it sends for none",
      "the task list is empty, so no task matches",
    ]);
  });

  it("explains a match with the pattern that matched", () => {
    const r = explainMatch(
      rule({ pipelines: ["api-*", "web-*"], tasks: ["deploy-?"] }),
      event("deploy-1", "failure"),
    );
    assert.equal(r.matched, true);
    assert.deepEqual(r.why, []);
    assert.equal(r.checks[1]?.reason, "pipeline `web-release` matches `web-*`");
    assert.equal(r.checks[2]?.reason, "task `deploy-1` matches `deploy-?`");
  });

  it("decides exactly as matches() does", () => {
    const rules = [
      rule(),
      rule({ events: [] }),
      rule({ events: ["success", "started"] }),
      rule({ pipelines: ["web-*"] }),
      rule({ pipelines: [] }),
      rule({ tasks: ["b*", "x"] }),
      rule({ pipelines: ["api"], tasks: ["build"], events: ["failure"] }),
    ];
    const events = [
      event("build", "failure"),
      event("build", "success", "api"),
      event("x", "started", "web-1"),
      event("lint", "failure", "api"),
    ];
    for (const r of rules)
      for (const e of events) assert.equal(explainMatch(r, e).matched, matches(r, e), JSON.stringify([r, e]));
  });
});

describe("transitions", () => {
  it("a rule on [broken, fixed] matches by the event's transition, a failure rule by its status", () => {
    const onChange = rule({ events: ["broken", "fixed"] });
    const onFailure = rule({ events: ["failure"] });
    const failed = event("build", "failure");
    assert.equal(matches(onChange, failed), false, "no history, no transition");
    assert.equal(matches(onChange, failed, { transition: "broken" }), true);
    assert.equal(matches(onChange, failed, { transition: "still_failing" }), false);
    assert.equal(matches(onFailure, failed, { transition: "still_failing" }), true);
    assert.equal(matches(onChange, event("build", "success"), { transition: "fixed" }), true);
    assert.deepEqual(
      selectRules([onChange, onFailure, rule({ events: ["failure", "broken"] })], failed, {
        transition: "broken",
      }).length,
      3,
      "a rule naming both the status and the transition is selected once",
    );
  });

  it("explains a transition match and a miss in the trail's words", () => {
    const onChange = rule({ events: ["broken", "fixed"] });
    const hit = explainMatch(onChange, event("build", "success"), { transition: "fixed" });
    assert.equal(hit.matched, true);
    assert.equal(
      hit.checks[0]?.reason,
      "status `success` (`fixed`): `fixed` is one of its events (`broken`, `fixed`)",
    );
    const still = explainMatch(onChange, event("build", "failure"), { transition: "still_failing" });
    assert.deepEqual(still.why, [
      "status `failure` (`still_failing`) is not one of its events (`broken`, `fixed`)",
    ]);
    assert.deepEqual(
      explainMatch(rule({ events: ["success"] }), event("build", "failure"), { transition: "broken" }).why,
      ["status `failure` is not one of its events (`success`)"],
    );
    const none = explainMatch(onChange, event("build", "success"));
    assert.deepEqual(none.why, [
      "status `success` is not one of its events (`broken`, `fixed`); it is no transition of the task's history (broken, fixed, still_failing)",
    ]);
  });
});

describe("switched off", () => {
  it("a notification switched off matches nothing and says so; on or absent, it matches as before", () => {
    const e = event("build", "failure");
    assert.equal(matches(rule({ enabled: false }), e), false);
    assert.equal(matches(rule({ enabled: true }), e), true);
    assert.equal(matches(rule(), e), true);
    assert.deepEqual(selectRules([rule({ enabled: false }), rule({ credential: "on" })], e).length, 1);
    const off = explainMatch(rule({ enabled: false }), e);
    assert.equal(off.matched, false);
    assert.deepEqual(
      off.checks.map((c) => [c.field, c.ok]),
      [
        ["status", true],
        ["pipeline", true],
        ["task", true],
        ["enabled", false],
      ],
    );
    assert.deepEqual(off.why, ["the notification is switched off"]);
    assert.deepEqual(
      explainMatch(rule({ enabled: true }), e).checks.map((c) => c.field),
      ["status", "pipeline", "task"],
    );
  });
});
