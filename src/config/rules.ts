/**
 * Step 3 of three: checks across the whole file — notifications that repeat each other (the group
 * would get the same message twice), credentials no notification uses, an empty notification list,
 * and @ entries the notification's robot cannot mention (a mobile on Feishu, an open_id on DingTalk).
 */
import { kindInfo, kindOfWord } from "../channels/kinds.ts";
import { isMobile, isUserId } from "../notify/mentions.ts";
import type { NotificationRule } from "../notify/rule.ts";
import type { Report } from "./diagnostic.ts";
import type { RawConfig, RawNotification } from "./shape.ts";

export function crossCheck(
  raw: RawConfig,
  rules: ReadonlyArray<{ raw: RawNotification; rule: NotificationRule }>,
  report: Report,
): void {
  for (let j = 0; j < rules.length; j++) {
    const b = rules[j]!;
    for (let i = 0; i < j; i++) {
      const a = rules[i]!;
      if (a.rule.credential !== b.rule.credential) continue;
      if (!sameSet(a.rule.tasks, b.rule.tasks) || !sameSet(a.rule.pipelines, b.rule.pipelines)) continue;
      const shared = b.rule.events.filter((e) => a.rule.events.includes(e));
      if (shared.length === 0) continue;
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
      break;
    }
  }
  mentionChecks(raw, rules, report);
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

function sameSet(a: string[] | undefined, b: string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((x) => b.includes(x));
}

function normal(r: NotificationRule): unknown {
  return {
    ...r,
    events: [...r.events].sort(),
    tasks: r.tasks && [...r.tasks].sort(),
    pipelines: r.pipelines && [...r.pipelines].sort(),
  };
}

/** Warns about literal @ entries the notification's robot kind cannot mention. */
function mentionChecks(
  raw: RawConfig,
  rules: ReadonlyArray<{ raw: RawNotification; rule: NotificationRule }>,
  report: Report,
): void {
  const kinds = new Map(
    raw.credentials.map((c) => {
      return [c.name, (c.type ? kindOfWord(c.type.value) : undefined) ?? "dingtalk"] as const;
    }),
  );
  for (const { raw: n, rule } of rules) {
    const kind = kinds.get(rule.credential);
    if (kind === undefined) continue;
    const info = kindInfo(kind);
    if (rule.style === "run_card" && kind !== "dingtalk_app") {
      report.error(
        n.style?.node ?? n.node,
        `style run_card of notification #${n.number} needs a DingTalk app robot, and credential '${rule.credential}' is a ${info.label} robot`,
        "point the notification at a credential of type dingtalk_app (only app robots can change a card in place), or write style: markdown",
      );
    }
    for (const item of n.at?.items ?? []) {
      const v = item.value.trim().replace(/^[@＠]/u, "");
      const mobile = isMobile(v) && !info.mentions.mobiles;
      const userId = isUserId(v) && !info.mentions.userIds;
      if (!mobile && !userId) continue;
      report.warning(
        item.node,
        `'${v}' in at of notification #${n.number} cannot be mentioned: credential '${rule.credential}' is a ${info.label} robot, which cannot mention ${mobile ? "by mobile number" : "by open_id"}`,
        mobile
          ? `write the member's open_id (ou_…) or all — ${info.words.en.mentions}`
          : `write the member's mobile number or all — ${info.words.en.mentions}`,
      );
    }
  }
}
