/**
 * Step 3 of three: checks across the whole file — notifications that repeat each other (the group
 * would get the same message twice), credentials no notification uses, an empty notification list,
 * credentials that send to the same robot (they share its rate limit).
 */
import { randomBytes } from "node:crypto";
import { createRobotKeyer, robotIdentity } from "../dingtalk/robot-key.ts";
import type { Credential, NotificationRule } from "../notify/rule.ts";
import type { Report } from "./diagnostic.ts";
import type { RawConfig, RawNotification } from "./shape.ts";

export function crossCheck(
  raw: RawConfig,
  rules: ReadonlyArray<{ raw: RawNotification; rule: NotificationRule }>,
  report: Report,
): void {
  // Notifications that can repeat each other share credential, tasks and pipelines: grouped by those,
  // each event remembers the first notification of its group that has it — so each notification
  // finds the first earlier one it repeats in time proportional to its own events (linear in all).
  const groups = new Map<string, Map<string, number>>();
  for (let j = 0; j < rules.length; j++) {
    const b = rules[j]!;
    const key = JSON.stringify([b.rule.credential, setKey(b.rule.tasks), setKey(b.rule.pipelines)]);
    const firstWith = groups.get(key) ?? new Map<string, number>();
    groups.set(key, firstWith);
    let i = Number.POSITIVE_INFINITY;
    for (const e of b.rule.events) i = Math.min(i, firstWith.get(e) ?? Number.POSITIVE_INFINITY);
    for (const e of b.rule.events) if (!firstWith.has(e)) firstWith.set(e, j);
    if (i !== Number.POSITIVE_INFINITY) {
      const a = rules[i]!;
      const shared = b.rule.events.filter((e) => a.rule.events.includes(e));
      const identical = JSON.stringify(normal(a.rule)) === JSON.stringify(normal(b.rule));
      report.warning(
        b.raw.node,
        identical
          ? `notification #${b.raw.number} duplicates notification #${a.raw.number}`
          : `notification #${b.raw.number} repeats notification #${a.raw.number} for ${shared.join(", ")} (same credential '${b.rule.credential}' and tasks): the group gets two messages`,
        identical
          ? `remove notification #${b.raw.number}`
          : `merge them, or give them different events or tasks`,
      );
    }
  }
  if (raw.notificationsNode && raw.notifications.length === 0) {
    report.warning(
      raw.notificationsNode,
      "no notifications: nothing will be sent",
      "add `- credential: <name>` with `events: [failure]` under notifications:",
    );
  }
  const used = new Set(rules.map((r) => r.rule.credential));
  for (const n of raw.notifications) if (n.credential) used.add(n.credential.value);
  for (const c of raw.credentials) {
    if (!used.has(c.name)) {
      report.warning(
        c.keyNode,
        `credential '${c.name}' is not used by any notification`,
        `remove it, or add a notification with credential: ${c.name}`,
        { credential: c.name },
      );
    }
  }
}

/** A list as a set (its items are unique after normalization), or "every" when absent. */
function setKey(list: string[] | undefined): string[] | null {
  return list === undefined ? null : [...list].sort();
}

function normal(r: NotificationRule): unknown {
  return {
    ...r,
    events: [...r.events].sort(),
    tasks: r.tasks && [...r.tasks].sort(),
    pipelines: r.pipelines && [...r.pipelines].sort(),
  };
}

/**
 * Warns about a credential whose robot (webhook or token, resolved) another credential already
 * uses: DingTalk counts its 20 messages a minute per robot, so the two share one window. Robots
 * are compared by keyed hash (a key of this run only), never by their tokens.
 */
export function sharedRobots(
  raw: RawConfig,
  credentials: Readonly<Record<string, Credential>>,
  report: Report,
): void {
  const keyer = createRobotKeyer(randomBytes(32));
  const first = new Map<string, string>();
  for (const c of raw.credentials) {
    const credential = credentials[c.name];
    if (credential === undefined) continue;
    const identity = robotIdentity(credential);
    if (identity === undefined) continue;
    const key = keyer(identity);
    const other = first.get(key);
    if (other === undefined) {
      first.set(key, c.name);
      continue;
    }
    report.warning(
      c.keyNode,
      `credential '${c.name}' sends to the same robot as credential '${other}': they share the robot's limit of 20 messages a minute`,
      `use credential '${other}' in the notifications of '${c.name}' and remove '${c.name}', or give it another robot's webhook`,
      { credential: c.name },
    );
  }
}
