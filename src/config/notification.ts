/**
 * One notification: normalization (event aliases → canonical, `at: all`, default content) and the
 * checks that need only the notification itself and the names of the defined credentials.
 */

import { isSeq, type Node } from "yaml";
import { listed } from "../contract/rules.ts";
import { isMentionEntry } from "../notify/mentions.ts";
import { CONTENT_ITEMS, type ContentItem, DEFAULT_CONTENT, type NotificationRule } from "../notify/rule.ts";
import { isSecretName } from "../notify/secret-names.ts";
import { BUILTIN_VARIABLES, referencedVariables } from "../notify/template.ts";
import { type EventName, isTransition, statusOf, toEventName } from "../pipeline/status.ts";
import type { Report } from "./diagnostic.ts";
import { ref } from "./interpolate.ts";
import { didYouMean, STYLES } from "./keys.ts";
import type { List, RawNotification, Text } from "./shape.ts";
import { checkWording } from "./wording.ts";

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

  // credential
  let credential = "";
  if (!raw.credential) {
    if (!raw.keys.has("credential"))
      report.error(
        raw.node,
        `${name} has no credential:`,
        `add \`credential: <name>\` naming the robot (defined: ${listed(defined.names)})`,
      );
  } else {
    credential = raw.credential.value;
    if (!defined.set.has(credential)) {
      const close = closest(credential, defined);
      report.error(
        raw.credential.node,
        `credential '${credential}' is not defined (defined: ${listed(defined.names)})${close ? ` — did you mean '${close}'?` : ""}`,
        close
          ? `write credential: ${close}`
          : `add '${credential}' under credentials:, or name one of the defined credentials`,
      );
    }
  }

  // events
  const events: EventName[] = [];
  if (!raw.events) {
    if (!raw.keys.has("events"))
      report.error(
        raw.node,
        `${name} has no events:`,
        "add the events that send a message, e.g. `events: [failure, success]`",
      );
  } else {
    const seen = new Map<EventName, string>();
    for (const item of raw.events.items) {
      // The declaration refused unknown words (src/contract/config.ts): what is here is known.
      const event = toEventName(item.value)!;
      const first = seen.get(event);
      if (first !== undefined) {
        report.warning(
          item.node,
          `event '${item.value}' repeats '${first}' in ${name} (both mean ${event})`,
          `remove '${item.value}'`,
        );
        continue;
      }
      seen.set(event, item.value);
      events.push(event);
      if (isTransition(event)) {
        report.warning(
          item.node,
          `event '${item.value}' of ${name} needs the history of the task's outcomes, which only dingpipe serve keeps: a pipeline step (notify, run) cannot tell ${event === "fixed" ? "a fix from a success" : "a new failure from a repeated one"}, so it never sends for '${item.value}'`,
          `select ${statusOf(event)} here, or set this notification up in dingpipe serve (console, or POST /api/notifications), which derives ${event}`,
        );
      }
    }
  }

  // tasks, pipelines
  const tasks = selector(raw.tasks);
  const pipelines = selector(raw.pipelines);

  // content
  let content: ContentItem[] = [...DEFAULT_CONTENT];
  if (raw.content) {
    content = [];
    for (const item of raw.content.items) {
      const known = CONTENT_ITEMS.find((c) => c === item.value.trim().toLowerCase())!;
      if (content.includes(known)) {
        report.warning(
          item.node,
          `content item '${known}' is listed twice in ${name}`,
          `remove one '${known}'`,
        );
      } else content.push(known);
    }
    if (raw.content.items.length === 0 && !raw.custom && isEmptyList(raw.content.node)) {
      report.warning(
        raw.content.node,
        `${name} has empty content and no custom: its messages say only the status`,
        "list content items, or write custom:",
      );
    }
  }

  // custom
  if (raw.custom) unknownVariables(raw.custom, `custom of ${name}`, env, report);

  // at
  const at = mentions(raw.at, name, env, report);

  // style
  const style = STYLES.find((x) => x === raw.style?.value.trim().toLowerCase());

  // locale, timezone
  const wording = checkWording(raw);

  // name (the enabled switch needs no check beyond its shape)
  const title = raw.name ? checkName(raw.name, name, report) : undefined;

  if (report.errorCount > before) return undefined;
  const rule: NotificationRule = { credential, events, content };
  if (title) rule.name = title;
  if (raw.enabled?.value === false) rule.enabled = false;
  if (pipelines) rule.pipelines = pipelines;
  if (tasks) rule.tasks = tasks;
  if (raw.custom) rule.custom = raw.custom.value;
  if (at) rule.at = at;
  if (style) rule.style = style;
  if (wording.locale) rule.locale = wording.locale;
  if (wording.timezone) rule.timezone = wording.timezone;
  return rule;
}

/** A notification's name, trimmed: blank is a warning (it says nothing); its length and lines are declared. */
function checkName(t: Text, name: string, report: Report): string | undefined {
  const v = t.value.trim();
  if (v === "") {
    report.warning(
      t.node,
      `name of ${name} is blank`,
      "write what the team calls it (e.g. name: deploy alerts), or remove the key",
    );
    return undefined;
  }
  return v;
}

/** Names or globs, trimmed, each once. */
function selector(list: List | undefined): string[] | undefined {
  if (!list) return undefined;
  return [...new Set(list.items.map((item) => item.value.trim()))];
}

/** `content: []` as written (not a list whose items were all refused). */
function isEmptyList(node: Node): boolean {
  return isSeq(node) && node.items.length === 0;
}

function mentions(list: List | undefined, name: string, env: Env, report: Report): string[] | undefined {
  if (!list) return undefined;
  const out: string[] = [];
  let all: Text | undefined;
  for (const item of list.items) {
    const v = item.value.trim();
    if (v.toLowerCase() === "all") {
      all = item;
      if (!out.includes("all")) out.push("all");
      continue;
    }
    if (v.includes("$" + "{")) unknownVariables(item, `at of ${name}`, env, report);
    else if (!isMentionEntry(v)) {
      // The same rule compose applies, so what passes here is what gets mentioned.
      report.warning(
        item.node,
        `'${v}' in at of ${name} is not a mobile number`,
        `write the member's mobile (13800000000, or +852-12345678), a Feishu open_id (ou_…), a ${ref("VAR")} holding one, or all`,
      );
    }
    if (!out.includes(v)) out.push(v);
  }
  if (all && out.length > 1) {
    report.warning(
      all.node,
      `at of ${name} has all and mobiles: all already mentions everyone`,
      "keep only all, or only the mobiles",
    );
  }
  return out;
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
