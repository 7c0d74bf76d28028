/**
 * The run card: one card per pipeline run that changes in place as its tasks start, pass and fail,
 * instead of a message per task. `runCard` turns the run state the service keeps (state.ts) into the
 * card's content — channel-neutral, pure — and `cardBizIdFor` names the card, stable across restarts,
 * so every update of one run reaches the same card. A channel draws it (render-standard-card.ts for
 * DingTalk's StandardCard).
 */
import { crypto } from "../lazy-crypto.ts";
import { shortSha, statusMark } from "../notify/format.ts";
import { DEFAULT_MESSAGE_LOCALE, formatDuration, type MessageLocale, t } from "../notify/i18n/index.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import type { Status } from "../pipeline/status.ts";
import { type RunState, type RunStatus, runKeyOf, runStatus } from "./state.ts";

export interface RunCardTask {
  name: string;
  stage?: string;
  status: Status;
  /** ✅ ❌ ▶ ⏳ ⏹ ⏭ */
  mark: string;
  /** "3分05秒" ("3m 05s" in en), for finished tasks that report or imply one. */
  duration?: string;
  url?: string;
}

export interface RunCard {
  cardBizId: string;
  /** The run state's version: a card update never replaces a newer version with an older one. */
  version: number;
  status: RunStatus;
  /** Pipeline (display name) and run number, without the state: "Web release #42". */
  run: string;
  /** The header: "❌ Web release #42 运行失败" ("failed" in en). */
  title: string;
  /** The language of the card's words (the notification's); user content is never translated. */
  locale: MessageLocale;
  tasks: RunCardTask[];
  repo?: string;
  branch?: string;
  commit?: { sha: string; message?: string; author?: string; url?: string };
  /** "lin · push". */
  trigger?: string;
  /** The button to the run (or the pipeline, when the run has no link). */
  link?: { label: string; url: string };
  updatedAt: string;
}

const RUN_MARKS: Record<RunStatus, string> = {
  running: "▶",
  waiting: "⏳",
  success: "✅",
  failure: "❌",
  cancelled: "⏹",
};

/**
 * The card's id: a hash of the run's key (source, repository, pipeline, run id) and the robot it goes
 * to (`scope`: the robot key, so two groups following one run get a card each). 32 hex digits after a
 * `dp` prefix: within DingTalk's id characters, and the same every time the run is seen.
 */
export function cardBizIdFor(runKey: string, scope = ""): string {
  return `dp${crypto().createHash("sha256").update(`${runKey}\u001e${scope}`).digest("hex").slice(0, 32)}`;
}

/**
 * Why an event cannot have a run card (then a plain message goes out, saying so), or undefined when
 * it can: the card needs the run it belongs to.
 */
export function cardFallbackReason(source: string, event: PipelineEvent): string | undefined {
  if (runKeyOf(source, event) !== undefined) return undefined;
  return "no run id or number in the event, so there is no run card to update: sent as a message";
}

/** The card of `run`, worded in `locale` (the notification's; default zh-CN). */
export function runCard(
  key: string,
  run: RunState,
  scope = "",
  locale: MessageLocale = DEFAULT_MESSAGE_LOCALE,
): RunCard {
  const status = runStatus(run);
  const name = run.displayName ?? run.pipeline;
  const label = run.number === undefined ? name : `${name} #${run.number}`;
  const tasks = run.tasks.map((t): RunCardTask => {
    const duration = t.durationMs === undefined ? undefined : formatDuration(t.durationMs, locale);
    return {
      name: t.name,
      status: t.status,
      mark: statusMark(t.status),
      ...(t.stage === undefined ? {} : { stage: t.stage }),
      ...(duration === undefined ? {} : { duration }),
      ...(t.url === undefined ? {} : { url: t.url }),
    };
  });
  const trigger = [run.trigger?.user, run.trigger?.event].filter((v): v is string => Boolean(v)).join(" · ");
  const url = run.url ?? run.pipelineUrl;
  const card: RunCard = {
    cardBizId: cardBizIdFor(key, scope),
    version: run.version,
    status,
    run: label,
    title: `${RUN_MARKS[status]} ${label} ${t(locale, `card.${status}`)}`,
    tasks,
    locale,
    updatedAt: run.updatedAt,
  };
  if (run.repo !== undefined) card.repo = run.repo;
  if (run.branch !== undefined) card.branch = run.branch;
  if (run.commit !== undefined) card.commit = { ...run.commit, sha: shortSha(run.commit.sha) };
  if (trigger !== "") card.trigger = trigger;
  if (url !== undefined)
    card.link = { label: t(locale, run.url ? "card.openRun" : "card.openPipeline"), url };
  return card;
}
