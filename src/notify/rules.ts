/**
 * Which notifications an event selects: its status — or the transition the service derived for it
 * (broken, fixed, still_failing) — is one of the rule's events, and its task and pipeline names match
 * the rule's patterns (absent = every one). Patterns are globs where `*`
 * matches any run of characters and `?` exactly one; everything else is literal and the whole
 * name must match (case-sensitive, like the names CI systems report).
 */
import type { PipelineEvent } from "../pipeline/event.ts";
import { isTransition, type Transition } from "../pipeline/status.ts";
import type { NotificationRule } from "./rule.ts";

/** What the service knows of an event besides the event itself: its transition, from the task's history. */
export interface EventFacts {
  transition?: Transition | undefined;
}

const compiled = new Map<string, RegExp>();

/** Does `name` match the glob `pattern` (`*` any run, `?` one character)? */
export function globMatch(pattern: string, name: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    const source = Array.from(pattern, (c) =>
      c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"),
    ).join("");
    re = new RegExp(`^${source}$`, "su");
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re.test(name);
}

function anyMatch(patterns: readonly string[] | undefined, name: string): boolean {
  return patterns === undefined || patterns.some((p) => globMatch(p, name));
}

/** Whether the rule's events select the event: its status, or its transition when there is one. */
function eventSelected(rule: NotificationRule, event: PipelineEvent, facts: EventFacts): boolean {
  return (
    rule.events.includes(event.task.status) ||
    (facts.transition !== undefined && rule.events.includes(facts.transition))
  );
}

/** Whether a notification rule sends a message for this event. */
export function matches(rule: NotificationRule, event: PipelineEvent, facts: EventFacts = {}): boolean {
  return (
    rule.enabled !== false &&
    eventSelected(rule, event, facts) &&
    anyMatch(rule.tasks, event.task.name) &&
    anyMatch(rule.pipelines, event.pipeline.name)
  );
}

/** The rules that send a message for this event, in their configured order. */
export function selectRules<R extends NotificationRule>(
  rules: readonly R[],
  event: PipelineEvent,
  facts: EventFacts = {},
): R[] {
  return rules.filter((rule) => matches(rule, event, facts));
}

/** One condition of a notification, checked against an event, in words. */
export interface RuleCheck {
  /** `enabled` appears only for a notification that is switched off. */
  field: "status" | "pipeline" | "task" | "enabled";
  ok: boolean;
  /** "pipeline pattern `web-*` does not match `Build pipeline`". */
  reason: string;
}

export interface MatchExplanation {
  matched: boolean;
  /** Status, pipeline and task, in that order; then `enabled` when the notification is switched off. */
  checks: RuleCheck[];
  /** The reasons of the failed checks: why nothing was sent. */
  why: string[];
}

const quote = (s: string) => `\`${s}\``;
const list = (items: readonly string[]) => items.map(quote).join(", ");

function patternCheck(
  field: "pipeline" | "task",
  patterns: readonly string[] | undefined,
  name: string,
): RuleCheck {
  if (patterns === undefined) return { field, ok: true, reason: `every ${field} (no ${field} patterns)` };
  if (patterns.length === 0) {
    return { field, ok: false, reason: `the ${field} list is empty, so no ${field} matches` };
  }
  const hit = patterns.find((p) => globMatch(p, name));
  if (hit !== undefined) return { field, ok: true, reason: `${field} ${quote(name)} matches ${quote(hit)}` };
  return {
    field,
    ok: false,
    reason:
      patterns.length === 1
        ? `${field} pattern ${quote(patterns[0]!)} does not match ${quote(name)}`
        : `none of the ${field} patterns ${list(patterns)} matches ${quote(name)}`,
  };
}

/** For a notification on transitions, why an event without one did not count. */
function transitionNote(rule: NotificationRule, transition: Transition | undefined): string {
  if (transition !== undefined || !rule.events.some(isTransition)) return "";
  return "; it is no transition of the task's history (broken, fixed, still_failing)";
}

/**
 * Why a notification does or does not send a message for an event — the same decision as `matches`, in
 * words, for the event trail (GET /api/events/{id}).
 */
export function explainMatch(
  rule: NotificationRule,
  event: PipelineEvent,
  facts: EventFacts = {},
): MatchExplanation {
  const status = event.task.status;
  const transition = facts.transition;
  const events = list(rule.events);
  // The transition is named only to a notification that selects transitions: to the others it is noise.
  const what =
    transition === undefined || !rule.events.some(isTransition)
      ? `status ${quote(status)}`
      : `status ${quote(status)} (${quote(transition)})`;
  const statusCheck: RuleCheck =
    rule.events.length === 0
      ? { field: "status", ok: false, reason: "the notification has no events, so it sends for none" }
      : rule.events.includes(status)
        ? { field: "status", ok: true, reason: `status ${quote(status)} is one of its events (${events})` }
        : transition !== undefined && rule.events.includes(transition)
          ? {
              field: "status",
              ok: true,
              reason: `${what}: ${quote(transition)} is one of its events (${events})`,
            }
          : {
              field: "status",
              ok: false,
              reason: `${what} is not one of its events (${events})${transitionNote(rule, transition)}`,
            };
  const checks = [
    statusCheck,
    patternCheck("pipeline", rule.pipelines, event.pipeline.name),
    patternCheck("task", rule.tasks, event.task.name),
    ...(rule.enabled === false
      ? [{ field: "enabled" as const, ok: false, reason: "the notification is switched off" }]
      : []),
  ];
  return {
    matched: checks.every((c) => c.ok),
    checks,
    why: checks.filter((c) => !c.ok).map((c) => c.reason),
  };
}
