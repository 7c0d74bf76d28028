/**
 * DingTalk custom-robot message bodies, exactly as the robot API takes them (field names are
 * case-sensitive: `messageUrl` in link, `messageURL`/`picURL` in feedCard, `actionURL` in buttons).
 */
export interface At {
  atMobiles?: string[];
  atUserIds?: string[];
  isAtAll?: boolean;
}

export interface TextMessage {
  msgtype: "text";
  text: { content: string };
  at?: At;
}

export interface MarkdownMessage {
  msgtype: "markdown";
  markdown: { title: string; text: string };
  at?: At;
}

export interface LinkMessage {
  msgtype: "link";
  link: { title: string; text: string; messageUrl: string; picUrl?: string };
}

export interface ActionCardButton {
  title: string;
  actionURL: string;
}

export interface ActionCardMessage {
  msgtype: "actionCard";
  actionCard: {
    title: string;
    text: string;
    /** One whole-card button; when set, `btns` is ignored by DingTalk. */
    singleTitle?: string;
    singleURL?: string;
    /** "0" vertical, "1" horizontal. */
    btnOrientation?: "0" | "1";
    btns?: ActionCardButton[];
  };
  at?: At;
}

export interface FeedCardLink {
  title: string;
  messageURL: string;
  picURL: string;
}

export interface FeedCardMessage {
  msgtype: "feedCard";
  feedCard: { links: FeedCardLink[] };
}

export type DingTalkMessage =
  | TextMessage
  | MarkdownMessage
  | LinkMessage
  | ActionCardMessage
  | FeedCardMessage;

export type MessageType = DingTalkMessage["msgtype"];

export const MESSAGE_TYPES: readonly MessageType[] = ["text", "markdown", "link", "actionCard", "feedCard"];

/** DingTalk's documented body limit, in UTF-8 bytes of the JSON body. */
export const MAX_BODY_BYTES = 20_000;
