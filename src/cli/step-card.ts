/**
 * A run card from a pipeline step (`notify`, `run`) for a `style: run_card` notification on a DingTalk
 * app robot. A step keeps no state: it knows its own task only, so the card it sends shows the run's
 * header, commit and trigger and THIS step's task. Its id is `cardBizIdFor(runKeyOf("step", event),
 * credential)`: every step of one run that notifies through one robot changes the same card, each one
 * replacing the task list with its own task (DingTalk replaces a card's data whole) — which is what
 * `dingpipe run` wrapping a job needs (the card says "started", then the outcome, in place). For every
 * task of a run on one card, coalesced, use the service (`dingpipe serve`), which keeps the run state.
 */
import type { ChannelClient, ClientOptions, Rendered, RobotCredential } from "../channels/channel.ts";
import { appRobotFor } from "../channels/dingtalk_app/index.ts";
import { eventRunCard } from "../channels/dingtalk_app/run-card.ts";
import { isAppRobotError } from "../dingtalk-app/errors.ts";
import type { MessageLocale } from "../notify/i18n/index.ts";
import type { PipelineEvent } from "../pipeline/event.ts";

/** The source a step's run keys are made with (the service uses the ingest's: api, github…). */
export const STEP_SOURCE = "step";

/**
 * The card this step would send for its event, worded in `locale` (the notification's), or undefined
 * when the event names no run.
 */
export function stepCard(
  event: PipelineEvent,
  credential: string,
  locale?: MessageLocale,
): { cardBizId: string; rendered: Rendered } | undefined {
  return eventRunCard(STEP_SOURCE, event, credential, locale);
}

/**
 * A client whose `send` keeps the card: it updates the card in place, and sends it when DingTalk does
 * not have it yet (the first step of the run).
 */
export function stepCardClient(
  credential: RobotCredential,
  cardBizId: string,
  options: ClientOptions = {},
): ChannelClient {
  const robot = appRobotFor(credential, options);
  return {
    endpoint: robot.endpoint,
    prepare(body) {
      const text = JSON.stringify(body);
      return { body, text, bytes: Buffer.byteLength(text, "utf8") };
    },
    async send(body, sendOptions) {
      const card = { cardBizId, card: body as Parameters<typeof robot.updateCard>[0]["card"] };
      let result: Awaited<ReturnType<typeof robot.updateCard>>;
      try {
        result = await robot.updateCard(card, sendOptions);
      } catch (error) {
        if (!isAppRobotError(error, "card_not_found")) throw error;
        result = await robot.sendCard(card, sendOptions);
      }
      return {
        errcode: 0,
        errmsg: result.processQueryKey ?? "ok",
        attempts: result.attempts,
        bytes: Buffer.byteLength(result.body, "utf8"),
        fitted: false,
        body: result.body,
      };
    },
  };
}
