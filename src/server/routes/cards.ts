/**
 * /api/cards: the run cards the service keeps (style run_card) — which run each shows in which group, how
 * far it is (the run version it must show, the one it shows), and a dead card's error and fix — and
 * POST /api/cards/{cardBizId}/retry for a dead card (it is also tried again by the run's next event).
 */
import type { CardRecord, CardState } from "../../delivery/card-store.ts";
import type { Services } from "../context.ts";
import { badRequest, HttpError, notFound } from "../errors.ts";
import type { Router } from "../router.ts";

const STATES: readonly CardState[] = ["pending", "dead"];

export function cardView(c: CardRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    cardBizId: c.cardBizId,
    notificationId: c.notificationId,
    credential: c.credential,
    state: c.state,
    // Up to date when it shows what it must; otherwise an update is due (or retried).
    upToDate: c.shown >= c.wanted,
    wantedVersion: c.wanted,
    shownVersion: c.shown,
    created: c.created,
    tries: c.tries,
    runAt: new Date(c.runAt).toISOString(),
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
  if (c.sentAt !== undefined) view["sentAt"] = new Date(c.sentAt).toISOString();
  if (c.lastError !== undefined) view["lastError"] = c.lastError;
  if (c.fix !== undefined) view["fix"] = c.fix;
  return view;
}

export function cardRoutes(router: Router, s: Services): void {
  router.get("/api/cards", async ({ url }) => {
    const state = url.searchParams.get("state");
    if (state !== null && state !== "" && !STATES.includes(state as CardState)) {
      throw badRequest(`state must be one of ${STATES.join(", ")}`, [
        { path: "state", message: `unknown state '${state}'` },
      ]);
    }
    const raw = url.searchParams.get("limit");
    const limit = raw === null || raw === "" ? undefined : Number(raw);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 500)) {
      throw badRequest("limit must be a whole number from 1 to 500", [
        { path: "limit", message: "out of range" },
      ]);
    }
    const credential = url.searchParams.get("credential");
    const cards = await s.store.listCards({
      ...(state ? { state: state as CardState } : {}),
      ...(credential ? { credential } : {}),
      ...(limit === undefined ? {} : { limit }),
    });
    return { status: 200, body: { items: cards.map(cardView) } };
  });

  router.get("/api/cards/:id", async ({ params }) => {
    const card = await s.store.getCard(params["id"]!);
    if (!card) throw notFound(`no run card '${params["id"]}'`);
    return { status: 200, body: cardView(card) };
  });

  router.post("/api/cards/:id/retry", async ({ params }) => {
    const id = params["id"]!;
    const card = await s.store.getCard(id);
    if (!card) throw notFound(`no run card '${id}'`);
    if (!(await s.store.retryCard(id, Date.now()))) {
      throw new HttpError(409, "conflict", `run card ${id} is not dead: it is ${card.state}`, {
        fix: "only a dead card is retried; a pending card is brought up to date by itself",
      });
    }
    s.logger.info("run card retried", { card: id, credential: card.credential });
    s.engine?.wake();
    return { status: 200, body: cardView((await s.store.getCard(id))!) };
  });
}
