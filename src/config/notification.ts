/**
 * One notification: the checks that need only the notification itself and the names of the defined
 * credentials, and its warnings (repeated items, transitions, variables). It is read as a rule by its
 * declaration (src/contract/config.ts), as the API reads it.
 */

import { isSeq, type Node } from "yaml";
import { listed } from "../contract/rules.ts";
import { isMentionEntry } from "../notify/mentions.ts";
import type { NotificationRule } from "../notify/rule.ts";
import { isSecretName } from "../notify/secret-names.ts";
import { BUILTIN_VARIABLES, referencedVariables } from "../notify/template.ts";
import { type EventName, isTransition, statusOf, toEventName } from "../pipeline/status.ts";
import type { Report } from "./diagnostic.ts";
import { ref } from "./interpolate.ts";
import { didYouMean } from "./keys.ts";
import type { List, RawNotification, Text } from "./shape.ts";

type Env = Record<string, string | undefined>;

/** The names of the defined credentials, for lookups (a set) and messages (a short list). */
export interface Defined {
  names: readonly string[];
  set: ReadonlySet<string>;
}

export function definedCredentials(names: readonly string[]): Defined {
  return { names, set: new Set(names) };
}

/** The defined name closest to `name` — among at most 1,000 names, so checking stays linear. */
function closest(name: string, defined: Defined): string | undefined {
  return defined.names.length <= 1000 ? didYouMean(name, defined.names) : undefined;
}

export function checkNotification(
  raw: RawNotification,
  defined: Defined,
  env: Env,
  report: Report,
): NotificationRule | undefined {
  const before = report.errorCount;
  const name = `notification #${raw.number}`;

  // credential: asked for with the credentials defined
  const credential = raw.credential?.value;
  if (!raw.keys.has("credential"))
    report.error(
      raw.node,
      `${name} has no credential:`,
      `add \`credential: <name>\` naming the robot (defined: ${listed(defined.names)})`,
    );
  else if (credential !== undefined && !defined.set.has(credential)) {
    const close = closest(credential, defined);
    report.error(
      raw.credential!.node,
      `credential '${credential}' is not defined (defined: ${listed(defined.names)})${close ? ` — did you mean '${close}'?` : ""}`,
      close
        ? `write credential: ${close}`
        : `add '${credential}' under credentials:, or name one of the defined credentials`,
    );
  }

  // events: each once (the declaration refused unknown words: what is here is known)
  const seen = new Map<EventName, string>();
  for (const item of raw.events?.items ?? []) {
    const event = toEventName(item.value)!;
    const first = seen.get(event);
    if (first !== undefined)
      report.warning(
        item.node,
        `event '${item.value}' repeats '${first}' in ${name} (both mean ${event})`,
        `remove '${item.value}'`,
      );
    else if (isTransition(event))
      report.warning(
        item.node,
        `event '${item.value}' of ${name} needs the history of the task's outcomes, which only dingpipe serve keeps: a pipeline step (notify, run) cannot tell ${event === "fixed" ? "a fix from a success" : "a new failure from a repeated one"}, so it never sends for '${item.value}'`,
        `select ${statusOf(event)} here, or set this notification up in dingpipe serve (console, or POST /api/notifications), which derives ${event}`,
      );
    if (first === undefined) seen.set(event, item.value);
  }
  if (!raw.events && !raw.keys.has("events"))
    report.error(
      raw.node,
      `${name} has no events:`,
      "add the events that send a message, e.g. `events: [failure, success]`",
    );

  // content: each once
  const content = new Set<string>();
  for (const item of raw.content?.items ?? []) {
    const known = item.value.trim().toLowerCase();
    if (content.has(known))
      report.warning(
        item.node,
        `content item '${known}' is listed twice in ${name}`,
        `remove one '${known}'`,
      );
    content.add(known);
  }
  if (raw.content && raw.content.items.length === 0 && !raw.custom && isEmptyList(raw.content.node))
    report.warning(
      raw.content.node,
      `${name} has empty content and no custom: its messages say only the status`,
      "list content items, or write custom:",
    );

  if (raw.custom) unknownVariables(raw.custom, `custom of ${name}`, env, report);
  mentions(raw.at, name, env, report);
  if (raw.name?.value.trim() === "")
    report.warning(
      raw.name.node,
      `name of ${name} is blank`,
      "write what the team calls it (e.g. name: deploy alerts), or remove the key",
    );
  return report.errorCount > before ? undefined : raw.rule;
}

/** `content: []` as written (not a list whose items were all refused). */
function isEmptyList(node: Node): boolean {
  return isSeq(node) && node.items.length === 0;
}

/** Warns about `at:` entries that are no mobile (nor a variable), and all beside them. */
function mentions(list: List | undefined, name: string, env: Env, report: Report): void {
  let all: Text | undefined;
  let others = 0;
  for (const item of list?.items ?? []) {
    const v = item.value.trim();
    if (v.toLowerCase() === "all") {
      all = item;
      continue;
    }
    others++;
    if (!isMentionEntry(v)) {
      // The same rule compose applies, so what passes here is what gets mentioned.
      report.warning(
        item.node,
        `'${v}' in at of ${name} is not a mobile number`,
        `write the member's mobile (13800000000, or +852-12345678), a Feishu open_id (ou_…), a ${ref("VAR")} holding one, or all`,
      );
    } else unknownVariables(item, `at of ${name}`, env, report);
  }
  if (all && others > 0) {
    report.warning(
      all.node,
      `at of ${name} has all and mobiles: all already mentions everyone`,
      "keep only all, or only the mobiles",
    );
  }
}

/** Warns about `${VAR}`s (without a default) that are neither dingpipe's own variables nor set. */
function unknownVariables(t: Text, where: string, env: Env, report: Report): void {
  for (const v of referencedVariables(t.value)) {
    if (isSecretName(v) && !(v in BUILTIN_VARIABLES)) {
      report.warning(
        t.node,
        `\${${v}} in ${where} looks like a secret: dingpipe never puts secret-looking variables into a message`,
        "remove the reference, or rename the variable if it holds no secret",
        { needle: `\${${v}` },
      );
      continue;
    }
    if (v in BUILTIN_VARIABLES || env[v] !== undefined) continue;
    if (t.value.includes(`\${${v}:-`) && !t.value.includes(`\${${v}}`)) continue;
    report.warning(
      t.node,
      `\${${v}} in ${where} is not a dingpipe variable and is not set here`,
      `check the name (dingpipe's variables: DINGPIPE_*, see docs/configuration.md), or give a default: \${${v}:-…}`,
      { needle: `\${${v}` },
    );
  }
}
