/**
 * The card worker: brings one run card (style run_card) up to date. It claims a due card row (the
 * lease serializes the requests of one card, across processes), draws the card from the run state AS IT
 * IS NOW — so every change that arrived while a request was in flight is coalesced into the next one —
 * and asks src/runs/coalesce.ts what to do: nothing, send or update. Before a send the row is marked
 * `sendUncertain` (durably): a crash, a timeout or a lost answer then makes the next attempt send again
 * (DingTalk keeps the first card for a cardBizId) and update at once. Failures are retried through the
 * row itself (tries, run_at: the outbox's ladder), and a refusal that needs a person (wrong app secret,
 * robot not in the group…) makes the row dead with the fix, until the run changes again.
 */
import { appRobotFor } from "../channels/dingtalk_app/index.ts";
import { fixFor } from "../dingtalk/errors.ts";
import { isAppRobotError } from "../dingtalk-app/errors.ts";
import { isDingpipeError } from "../errors.ts";
import { runCard } from "../runs/card.ts";
import {
  afterCardRequest,
  type CardAction,
  type CardOutcome,
  type CardRow,
  planCardRequest,
} from "../runs/coalesce.ts";
import { renderStandardCard } from "../runs/standard-card.ts";
import type { CardStore, DueCard, FinishCard } from "./card-store.ts";
import type { DeliveryLogger, ResolvedCredential } from "./lane.ts";
import { type DeliveryObserver, notify } from "./observer.ts";
import { backoffMs, describe, type RetryLadder } from "./policy.ts";

export interface CardContext {
  store: CardStore;
  resolveCredential: (name: string) => Promise<ResolvedCredential | undefined>;
  owner: string;
  now: () => number;
  leaseMs: number;
  sendTimeoutMs: number;
  ladder: RetryLadder;
  random: () => number;
  fetch: typeof fetch | undefined;
  observer: DeliveryObserver | undefined;
  logger: DeliveryLogger;
}

const MISSING_FIX =
  "The run_card notification names a credential that does not exist: create it (a dingtalk_app robot) or point the notification at another; the card is brought up to date with the run's next event.";
const KIND_FIX =
  "Only a DingTalk app robot (type dingtalk_app) can keep a run card: point the notification at one, or change its style to markdown.";

/** Works one due card, if any; false when none was due. */
export async function workCard(ctx: CardContext): Promise<boolean> {
  const card = await ctx.store.claimCard({ owner: ctx.owner, now: ctx.now(), leaseMs: ctx.leaseMs });
  if (card === undefined) return false;
  const row: CardRow = {
    created: card.created,
    sendUncertain: card.sendUncertain,
    shown: card.shown,
    wanted: card.wanted,
  };
  const finish = (f: Omit<FinishCard, "cardBizId" | "owner" | "now">) =>
    ctx.store.finishCard({ ...f, cardBizId: card.cardBizId, owner: ctx.owner, now: ctx.now() });
  const dead = (lastError: string, fix: string, code: string) => {
    notify(ctx.observer, "dead", { credential: card.credential, deliveries: 1, code });
    ctx.logger.warn?.("run card failed for good", {
      credential: card.credential,
      card: card.cardBizId,
      error: lastError,
    });
    return finish({ row, state: "dead", tries: card.tries + 1, runAt: ctx.now(), lastError, fix });
  };
  if (card.run === undefined) {
    // The run state is gone (pruned): nothing to draw; the row waits for the run's next event.
    await finish({ row: { ...row, shown: card.wanted }, state: "pending", tries: 0, runAt: ctx.now() });
    return true;
  }
  const action = planCardRequest(row, card.run.version);
  if (action.kind === "none") {
    await finish({ row, state: "pending", tries: 0, runAt: ctx.now() });
    return true;
  }
  let resolved: ResolvedCredential | undefined;
  try {
    resolved = await ctx.resolveCredential(card.credential);
  } catch (error) {
    if (isDingpipeError(error) && !error.retryable) {
      await dead(describe(error), fixFor(error.fix ?? MISSING_FIX, "service"), error.code);
      return true;
    }
    throw error;
  }
  if (resolved === undefined) {
    await dead(`credential_missing: no credential "${card.credential}"`, MISSING_FIX, "credential_missing");
    return true;
  }
  if (resolved.kind !== "dingtalk_app") {
    await dead(
      `not_an_app_robot: credential "${card.credential}" is not a DingTalk app robot`,
      KIND_FIX,
      "not_an_app_robot",
    );
    return true;
  }
  let robot: ReturnType<typeof appRobotFor>;
  try {
    robot = appRobotFor(
      {
        kind: "dingtalk_app",
        webhook: resolved.webhook,
        ...(resolved.secret === undefined ? {} : { secret: resolved.secret }),
      },
      {
        retry: false,
        timeoutMs: ctx.sendTimeoutMs,
        ...(ctx.fetch === undefined ? {} : { fetch: ctx.fetch }),
      },
    );
  } catch (error) {
    if (!isDingpipeError(error)) throw error;
    await dead(describe(error), fixFor(error.fix ?? MISSING_FIX, "service"), error.code);
    return true;
  }
  if (
    action.kind === "send" &&
    !(await ctx.store.beginCardSend(card.cardBizId, ctx.owner, ctx.now(), ctx.leaseMs))
  ) {
    return true; // the lease was lost: whoever holds the row now sends
  }
  // Worded in the notification's language, as it is now (a changed locale shows from the next update).
  const drawn = renderStandardCard(runCard(card.runKey, card.run, card.credential, card.locale));
  const request = { cardBizId: card.cardBizId, card: drawn };
  const startedAt = ctx.now();
  try {
    if (action.kind === "send") await robot.sendCard(request);
    else await robot.updateCard(request);
    const answeredAt = ctx.now();
    notify(ctx.observer, "request", {
      credential: card.credential,
      durationMs: answeredAt - startedAt,
      ok: true,
    });
    notify(ctx.observer, "sent", {
      credential: card.credential,
      deliveries: 1,
      digest: false,
      latenciesMs: [Math.max(0, answeredAt - Date.parse(card.run.updatedAt))],
    });
    await finish({
      row: afterCardRequest(row, action, "ok"),
      state: "pending",
      tries: 0,
      runAt: answeredAt,
      sentAt: answeredAt,
    });
  } catch (error) {
    const answeredAt = ctx.now();
    notify(ctx.observer, "request", {
      credential: card.credential,
      durationMs: answeredAt - startedAt,
      ok: false,
    });
    await failed(ctx, card, row, action, error, finish, dead);
  }
  return true;
}

/** What a failed card request leaves: a retry (coalesced with what comes meanwhile), a fresh send, or a dead row. */
async function failed(
  ctx: CardContext,
  card: DueCard,
  row: CardRow,
  action: CardAction,
  error: unknown,
  finish: (f: Omit<FinishCard, "cardBizId" | "owner" | "now">) => Promise<void>,
  dead: (lastError: string, fix: string, code: string) => Promise<void>,
): Promise<void> {
  const text = describe(error);
  if (isAppRobotError(error, "card_not_found") && action.kind === "update") {
    // DingTalk does not know the card (it expired or was never made): send it afresh, now.
    await finish({
      row: afterCardRequest(row, action, "card_not_found"),
      state: "pending",
      tries: card.tries,
      runAt: ctx.now(),
      lastError: text,
    });
    return;
  }
  const retryable = isDingpipeError(error) ? error.retryable : true;
  if (!retryable) {
    const fix =
      isDingpipeError(error) && error.fix
        ? error.fix
        : "Check the app robot's settings; the card is retried with the run's next event.";
    await dead(text, fixFor(fix, "service"), isDingpipeError(error) ? error.code : "error");
    return;
  }
  const tries = card.tries + 1;
  // No answer at all: the request may have arrived (a send then counts as uncertain).
  const unanswered = !isAppRobotError(error) || error.code === "network_error" || error.code === "timeout";
  const outcome: CardOutcome = unanswered ? "unknown" : "refused_retryable";
  const next = afterCardRequest(row, action, outcome);
  if (tries >= ctx.ladder.maxAttempts) {
    await dead(
      `gave up after ${tries} attempts: ${text}`,
      "DingTalk kept failing for this app robot; check the app and the network. The card is retried with the run's next event.",
      isDingpipeError(error) ? error.code : "error",
    );
    return;
  }
  const wait =
    isAppRobotError(error) && error.retryAfterMs !== undefined
      ? error.retryAfterMs
      : backoffMs(tries, ctx.ladder, ctx.random);
  notify(ctx.observer, "retried", {
    credential: card.credential,
    deliveries: 1,
    code: isDingpipeError(error) ? error.code : "error",
  });
  await finish({ row: next, state: "pending", tries, runAt: ctx.now() + wait, lastError: text });
}
