/**
 * Composition at send time: one delivery → its rule's message for its event; several → one digest
 * (every event accounted for, latest state per task first, mentions united, within 20,000 bytes).
 * Both come from src/notify/, the same pure functions the CLI uses.
 */
import type { DingTalkMessage } from "../dingtalk/message.ts";
import { compose as composeOne } from "../notify/compose.ts";
import { composeDigest as composeMany } from "../notify/digest.ts";
import type { DueDelivery } from "./delivery-store.ts";

export interface ComposeFns {
  compose: typeof composeOne;
  composeDigest: typeof composeMany;
}

export const DEFAULT_COMPOSE: ComposeFns = { compose: composeOne, composeDigest: composeMany };

export function composeFor(
  fns: ComposeFns,
  batch: readonly DueDelivery[],
  keywords: string[],
): DingTalkMessage {
  const first = batch[0];
  if (first === undefined) throw new Error("nothing to compose");
  if (batch.length === 1) return fns.compose(first.rule, first.event, { keywords });
  return fns.composeDigest(
    batch.map((d) => ({ rule: d.rule, event: d.event, receivedAt: d.receivedAt })),
    { keywords },
  );
}
