/**
 * Composition at send time: one delivery → its rule's notice for its event; several → one digest
 * notice (every event accounted for, latest state per task first, mentions united). Both come from
 * src/notify/, the same pure functions the CLI uses; the robot's channel renders them in its own
 * dialect within its own limits.
 */
import type { Channel, Rendered, RenderOptions } from "../channels/channel.ts";
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
  channel: Channel,
  batch: readonly DueDelivery[],
  options: RenderOptions,
): Rendered {
  const first = batch[0];
  if (first === undefined) throw new Error("nothing to compose");
  if (batch.length === 1) return channel.render(fns.compose(first.rule, first.event), options);
  return channel.renderDigest(
    fns.composeDigest(batch.map((d) => ({ rule: d.rule, event: d.event, receivedAt: d.receivedAt }))),
    options,
  );
}
