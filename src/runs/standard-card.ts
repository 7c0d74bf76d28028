/**
 * A run card drawn as DingTalk's basic StandardCard: the run's state in the header, one markdown line
 * per task (mark, name linked to the task, duration), the commit, branch and trigger, and a button to
 * the run, worded in the card's locale. Every value from CI is untrusted and escaped like a message's. When the channel seam lands
 * this moves to the dingtalk_app channel (docs/architecture.md "Run cards").
 */
import {
  cardDivider,
  cardLinks,
  cardMarkdown,
  type StandardCard,
  standardCard,
} from "../dingtalk-app/card.ts";
import { escapeInline, markdownLink } from "../notify/escape.ts";
import { t } from "../notify/i18n/index.ts";
import type { RunCard } from "./card.ts";

/** At most this many task lines; the rest are counted ("… 还有 12 个任务", "… and 12 more tasks"). */
export const MAX_CARD_TASKS = 60;

export function renderStandardCard(card: RunCard): StandardCard {
  const shown = card.tasks.slice(0, MAX_CARD_TASKS);
  const lines = shown.map((t) => {
    const name = markdownLink(t.name, t.url);
    return `- ${t.mark} ${name}${t.duration ? ` · ${t.duration}` : ""}`;
  });
  const { locale } = card;
  if (card.tasks.length > shown.length) {
    lines.push(`- ${t(locale, "card.moreTasks", { count: card.tasks.length - shown.length })}`);
  }
  if (lines.length === 0) lines.push(t(locale, "card.noTasks"));
  const facts: string[] = [];
  if (card.commit) {
    const message = card.commit.message
      ? ` ${escapeInline(card.commit.message.split("\n")[0] ?? "", { midLine: true })}`
      : "";
    const author = card.commit.author ? ` (${escapeInline(card.commit.author, { midLine: true })})` : "";
    facts.push(
      `**${t(locale, "label.commit")}** ${markdownLink(card.commit.sha, card.commit.url)}${message}${author}`,
    );
  }
  const where = [card.repo, card.branch].filter((v): v is string => Boolean(v));
  if (where.length > 0)
    facts.push(`**${t(locale, "label.branch")}** ${escapeInline(where.join(" · "), { midLine: true })}`);
  if (card.trigger)
    facts.push(`**${t(locale, "card.trigger")}** ${escapeInline(card.trigger, { midLine: true })}`);
  const contents = [cardMarkdown("tasks", lines.join("\n"))];
  if (facts.length > 0) contents.push(cardDivider("divider"), cardMarkdown("facts", facts.join("\n\n")));
  if (card.link) contents.push(cardLinks("actions", [card.link]));
  return standardCard({ title: card.title, contents });
}
