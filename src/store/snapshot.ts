import type { NotificationRule } from "../notify/rule.ts";
import type { NotificationRecord } from "./store.ts";

/** The rule as a delivery keeps it: what composition needs, without the record's bookkeeping. */
export function ruleSnapshot(record: NotificationRecord): NotificationRule {
  const { id: _id, createdAt: _created, updatedAt: _updated, ...rule } = record;
  return rule;
}
