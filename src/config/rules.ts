/**
 * Step 3 of three: checks across the whole file — notifications that repeat each other (the group
 * would get the same message twice), credentials no notification uses, an empty notification list,
 * credentials that send to the same robot (they share its rate limit), and @ entries the
 * notification's robot cannot mention (a mobile on Feishu, an open_id on DingTalk).
 */
import { channelFor } from "../channels/index.ts";
import { kindOfWord } from "../channels/kinds.ts";
import { plainKeyer } from "../channels/robot-key.ts";
import { robotFit } from "../contract/rules.ts";
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
  // A switched-off notification sends nothing, so it repeats none.
  for (let j = 0; j < rules.length; j++) {
    const b = rules[j]!;
    if (b.rule.enabled === false) continue;
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
  mentionChecks(raw, rules, report);
  names(rules, report);
  if (
    raw.notificationsNode &&
    rules.length > 0 &&
    rules.length === raw.notifications.length &&
    rules.every((r) => r.rule.enabled === false)
  ) {
    report.warning(
      raw.notificationsNode,
      `every notification is switched off (enabled: false): nothing will be sent`,
      "write enabled: true (or remove enabled:) on the notifications that should send",
    );
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

/** Warns about a name an earlier notification already has: reports could not tell the two apart. */
function names(rules: ReadonlyArray<{ raw: RawNotification; rule: NotificationRule }>, report: Report): void {
  const first = new Map<string, number>();
  for (const { raw: n, rule } of rules) {
    if (rule.name === undefined) continue;
    const key = rule.name.toLowerCase();
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, n.number);
    else
      report.warning(
        n.name?.node ?? n.node,
        `notification #${n.number} has the same name as notification #${earlier} ('${rule.name}'): reports cannot tell them apart`,
        "give each notification its own name",
      );
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
 * uses: each robot kind counts its limit per robot (DingTalk: 20 messages a minute), so the two share
 * one window. Robots are compared by their channel's robot key (a plain hash, in this process only), never
 * by their tokens.
 */
export function sharedRobots(
  raw: RawConfig,
  credentials: Readonly<Record<string, Credential>>,
  report: Report,
): void {
  // One credential shares with none: no robot key (a hash) to compute on a pipeline step's everyday file.
  if (raw.credentials.length < 2) return;
  const first = new Map<string, string>();
  for (const c of raw.credentials) {
    const credential = credentials[c.name];
    if (credential === undefined) continue;
    const channel = channelFor(credential.kind);
    const key = channel.robotKey({ ...credential, kind: channel.info.kind }, plainKeyer);
    if (key === undefined) continue;
    const other = first.get(key);
    if (other === undefined) {
      first.set(key, c.name);
      continue;
    }
    const { label, defaultRate } = channel.info;
    report.warning(
      c.keyNode,
      `credential '${c.name}' sends to the same robot as credential '${other}': they share the ${label} robot's limit of ${defaultRate.messages} messages ${defaultRate.perSeconds === 60 ? "a minute" : `per ${defaultRate.perSeconds} s`}`,
      `use credential '${other}' in the notifications of '${c.name}' and remove '${c.name}', or give it another robot's webhook`,
      { credential: c.name },
    );
  }
}

/** What a notification's robot kind cannot do (src/contract/rules.ts): run cards, some @ entries. */
function mentionChecks(
  raw: RawConfig,
  rules: ReadonlyArray<{ raw: RawNotification; rule: NotificationRule }>,
  report: Report,
): void {
  const kinds = new Map(
    raw.credentials.map(
      (c) => [c.name, (c.type ? kindOfWord(c.type.value) : undefined) ?? "dingtalk"] as const,
    ),
  );
  for (const { raw: n, rule } of rules) {
    const kind = kinds.get(rule.credential);
    if (kind === undefined) continue;
    // The entries as written (before `all` was lower-cased), so each finding points at its item.
    const at = n.at?.items.map((item) => item.value);
    for (const f of robotFit({ ...rule, at }, kind, ` of notification #${n.number}`)) {
      const node =
        f.keys[0] === "style"
          ? (n.style?.node ?? n.node)
          : (n.at?.items[f.keys[1] as number]?.node ?? n.node);
      report[f.severity](node, f.message, f.fix);
    }
  }
}
