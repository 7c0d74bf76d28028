/**
 * Which notifications an event selects: its status is one of the rule's events, and its task and
 * pipeline names match the rule's patterns (absent = every one). Patterns are globs where `*`
 * matches any run of characters and `?` exactly one; everything else is literal and the whole
 * name must match (case-sensitive, like the names CI systems report).
 */
import type { PipelineEvent } from "../pipeline/event.ts";
import type { NotificationRule } from "./rule.ts";

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

/** Whether a notification rule sends a message for this event. */
export function matches(rule: NotificationRule, event: PipelineEvent): boolean {
  return (
    rule.events.includes(event.task.status) &&
    anyMatch(rule.tasks, event.task.name) &&
    anyMatch(rule.pipelines, event.pipeline.name)
  );
}

/** The rules that send a message for this event, in their configured order. */
export function selectRules<R extends NotificationRule>(rules: readonly R[], event: PipelineEvent): R[] {
  return rules.filter((rule) => matches(rule, event));
}
