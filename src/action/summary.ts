/**
 * What the GitHub Action writes for the runner: workflow-command values (`::error::…`) and the job
 * summary in GitHub-flavoured markdown. Pure functions; text from the run (robot names, DingTalk's
 * messages, branch names) is escaped so it reads as text, never as markup or a second command.
 */
import type { NotifyResult } from "../cli/notify.ts";

/**
 * A value for a workflow command: the runner reads one command per line, so line breaks and `%` are
 * percent-encoded; in a property (`title=…`) `:` and `,` are too (as @actions/core does).
 */
export function commandValue(text: string, property = false): string {
  const data = text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return property ? data.replace(/:/g, "%3A").replace(/,/g, "%2C") : data;
}

/** Text shown as itself in markdown: one line, every ASCII punctuation mark backslash-escaped. */
export function markdownText(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/** The job summary of one run of the action. */
export function summary(eventWord: string, result: NotifyResult): string {
  const lines = ["### dingpipe notify", ""];
  const event = result.event;
  if (event === undefined) {
    lines.push(
      `Not run (exit ${result.code}): the \`${markdownText(eventWord)}\` event, the inputs or the config need a fix; the step's log says which.`,
    );
    return `${lines.join("\n")}\n`;
  }
  lines.push(
    `**${markdownText(event.task.status)}** of task **${markdownText(event.task.name)}** in pipeline **${markdownText(event.pipeline.name)}**`,
    "",
  );
  if (result.outcomes.length === 0) {
    lines.push("No notification selects this event: nothing sent.");
    return `${lines.join("\n")}\n`;
  }
  const delivered = result.outcomes.filter((o) => o.ok).length;
  const failed = result.outcomes.length - delivered;
  for (const o of result.outcomes) lines.push(`- ${markdownText(o.line)}`);
  lines.push("", `${delivered} delivered, ${failed} not delivered.`);
  return `${lines.join("\n")}\n`;
}
