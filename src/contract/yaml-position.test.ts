import assert from "node:assert/strict";
import { test } from "node:test";
import * as v from "valibot";
import { LineCounter, parseDocument } from "yaml";
import { check } from "./issues.ts";
import { nodeOf } from "./yaml-position.ts";

// A declaration shaped like .dingpipe.yml's, to show the mapping the config will use.
const Config = v.strictObject({
  credentials: v.record(v.string(), v.strictObject({ webhook: v.string(), secret: v.optional(v.string()) })),
  notifications: v.array(
    v.strictObject({
      credential: v.string(),
      events: v.array(v.picklist(["success", "failure"])),
      rate: v.optional(v.strictObject({ messages: v.pipe(v.number(), v.minValue(1, "must be at least 1")) })),
    }),
  ),
});

const TEXT = `credentials:
  ci: &robot
    webhook: https://x
    sekret: abc
  copy: *robot
notifications:
  - credential: ci
    evnets: [failure]
  - credential: ci
    events: [success, fial]
    rate: {messages: 0}
  - events: [failure]
`;

test("each problem of a YAML document's value points at its node: key, mapping or value", () => {
  const lines = new LineCounter();
  const doc = parseDocument(TEXT, { lineCounter: lines });
  const r = check(Config, doc.toJS());
  assert.equal(r.ok, false);
  const at = (path: string) => {
    const p = !r.ok ? r.problems.find((x) => x.path === path) : undefined;
    assert.ok(p, `no problem at ${path}`);
    const node = nodeOf(doc, p)!;
    const { line, col } = lines.linePos(node.range![0]);
    return `${line}:${col} ${p.message}`;
  };
  assert.equal(at("credentials.ci.sekret"), "4:5 unknown field 'sekret' — did you mean 'secret'?");
  // Through the alias: the same mapping, so the same place.
  assert.equal(at("credentials.copy.sekret"), "4:5 unknown field 'sekret' — did you mean 'secret'?");
  assert.equal(at("notifications[0].events"), "7:5 is required");
  assert.equal(at("notifications[0].evnets"), "8:5 unknown field 'evnets' — did you mean 'events'?");
  assert.equal(at("notifications[1].events[1]"), "10:23 must be one of 'success', 'failure'");
  assert.equal(at("notifications[1].rate.messages"), "11:22 must be at least 1");
  assert.equal(at("notifications[2].credential"), "12:5 is required");
});
