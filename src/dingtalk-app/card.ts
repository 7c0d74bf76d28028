/**
 * DingTalk's basic interactive card (`cardTemplateId: "StandardCard"`, no template to build in
 * DingTalk's card platform): a header and a list of content elements. The card travels as a JSON
 * *string* in `cardData`, both when sent (`interactiveCards/send`) and when updated in place (`PUT
 * interactiveCards`, which replaces the card's data). The element kinds here are the ones the
 * official Stream SDK's `interactive_card.py` shows.
 */
import { AppRobotError } from "./errors.ts";

export const STANDARD_CARD = "StandardCard";

export interface CardText {
  type: "text";
  text: string;
}

export type CardElement =
  | { type: "markdown"; text: string; id: string }
  | { type: "divider"; id: string }
  | {
      type: "action";
      id: string;
      actions: Array<{
        type: "button";
        id: string;
        label: CardText;
        actionType: "openLink";
        url: { all: string };
        status?: "primary" | "normal" | "warning";
      }>;
    };

export interface StandardCard {
  config: { autoLayout: boolean; enableForward: boolean };
  header: { title: CardText; logo?: string };
  contents: CardElement[];
}

export function standardCard(options: {
  title: string;
  logo?: string;
  contents: CardElement[];
}): StandardCard {
  return {
    config: { autoLayout: true, enableForward: true },
    header: {
      title: { type: "text", text: options.title },
      ...(options.logo === undefined ? {} : { logo: options.logo }),
    },
    contents: options.contents,
  };
}

export function cardMarkdown(id: string, text: string): CardElement {
  return { type: "markdown", id, text };
}

export function cardDivider(id: string): CardElement {
  return { type: "divider", id };
}

/** A row of buttons that open links; the first is the primary one. */
export function cardLinks(id: string, links: Array<{ label: string; url: string }>): CardElement {
  return {
    type: "action",
    id,
    actions: links.map((link, i) => ({
      type: "button",
      id: `${id}-${i + 1}`,
      label: { type: "text", text: link.label },
      actionType: "openLink",
      url: { all: link.url },
      status: i === 0 ? "primary" : "normal",
    })),
  };
}

/** DingTalk takes a cardBizId of letters, digits and `-_.:` (dingpipe derives them; at most 64 here). */
const CARD_BIZ_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export function checkCardBizId(cardBizId: string): void {
  if (!CARD_BIZ_ID.test(cardBizId)) {
    throw new AppRobotError(
      "invalid_card",
      `the cardBizId '${cardBizId.slice(0, 80)}' is not 1–64 letters, digits or -_.:`,
      {
        fix: "derive the cardBizId from stable ids (dingpipe's run cards use a hash of source, pipeline and run)",
      },
    );
  }
}

/** The card as the JSON string DingTalk takes in `cardData`. */
export function encodeCardData(card: StandardCard): string {
  if (!card.header?.title?.text) {
    throw new AppRobotError("invalid_card", "the card has no header title", {
      fix: "give the card a header title",
    });
  }
  return JSON.stringify(card);
}
