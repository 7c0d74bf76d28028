/**
 * The app robots on the emulator's page: one group per app conversation, its messages as bubbles,
 * each card as one bubble that the page replaces in place when the card is updated (the entry
 * carries `card`, the cardBizId), and refused calls as discreet lines.
 */
import type { DingTalkMessage } from "../../dingtalk/message.ts";
import { escapeHtml, renderMarkdown, renderMessage, safeUrl } from "../../dingtalk/render.ts";
import type { AppState, StoredAppAnswer, StoredAppMessage, StoredCard } from "./state.ts";

export interface AppChatEntry {
  seq: number;
  group: string;
  html: string;
  /** The card's cardBizId: the page replaces the bubble it already shows for it. */
  card?: string;
}

/** The page's group key of an app conversation. */
export const groupKey = (conversationId: string) => `app:${conversationId}`;

export function appGroups(state: AppState): Array<{ key: string; title: string; info: string }> {
  return [...state.apps.values()].flatMap((app) =>
    app.conversations.map((conversationId) => ({
      key: groupKey(conversationId),
      title: `${app.name ?? app.robotCode} · ${conversationId.length > 14 ? `${conversationId.slice(0, 12)}…` : conversationId}`,
      info: escapeHtml(
        `app robot ${app.robotCode} (appKey ${app.appKey}) in ${conversationId}${app.stopped ? " · stopped" : ""}`,
      ),
    })),
  );
}

/** An app message as the webhook robot's message shape, so the one renderer draws both. */
function asMessage(m: StoredAppMessage): DingTalkMessage {
  const p = m.msgParam;
  switch (m.msgKey) {
    case "sampleText":
      return { msgtype: "text", text: { content: p["content"] ?? "" } };
    case "sampleMarkdown":
      return { msgtype: "markdown", markdown: { title: p["title"] ?? "", text: p["text"] ?? "" } };
    case "sampleLink":
      return {
        msgtype: "link",
        link: {
          title: p["title"] ?? "",
          text: p["text"] ?? "",
          messageUrl: p["messageUrl"] ?? "",
          picUrl: p["picUrl"] ?? "",
        },
      };
    case "sampleImageMsg":
      return { msgtype: "markdown", markdown: { title: "image", text: `![image](${p["photoURL"] ?? ""})` } };
    case "sampleActionCard":
      return {
        msgtype: "actionCard",
        actionCard: {
          title: p["title"] ?? "",
          text: p["text"] ?? "",
          singleTitle: p["singleTitle"] ?? "",
          singleURL: p["singleURL"] ?? "",
        },
      };
    default: {
      const btns = Object.keys(p)
        .filter((k) => /^(actionTitle|buttonTitle)\d$/.test(k))
        .map((k) => ({
          title: p[k] ?? "",
          actionURL: p[k.replace("actionTitle", "actionURL").replace("buttonTitle", "buttonUrl")] ?? "",
        }));
      return {
        msgtype: "actionCard",
        actionCard: { title: p["title"] ?? "", text: p["text"] ?? "", btns, btnOrientation: "1" },
      };
    }
  }
}

function text(value: unknown): string {
  return typeof value === "object" && value !== null ? String((value as { text?: unknown }).text ?? "") : "";
}

/** A StandardCard's data as a bubble: header, markdown blocks, dividers and link buttons. */
export function renderCard(data: Record<string, unknown>): string {
  const header = (data["header"] ?? {}) as Record<string, unknown>;
  const contents = Array.isArray(data["contents"])
    ? (data["contents"] as Array<Record<string, unknown>>)
    : [];
  const parts = contents.map((element) => {
    if (element["type"] === "markdown")
      return `<div class="dp-md">${renderMarkdown(String(element["text"] ?? ""))}</div>`;
    if (element["type"] === "divider") return `<hr class="dp-card-divider">`;
    if (element["type"] === "action" && Array.isArray(element["actions"])) {
      const buttons = (element["actions"] as Array<Record<string, unknown>>).map((action) => {
        const url = safeUrl(String((action["url"] as { all?: unknown } | undefined)?.all ?? ""));
        const label = escapeHtml(text(action["label"]));
        return url
          ? `<a class="dp-btn" href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>`
          : `<div class="dp-btn">${label}</div>`;
      });
      return `<div class="dp-btns dp-btns-h">${buttons.join("")}</div>`;
    }
    return `<div class="dp-unsupported">element ${escapeHtml(String(element["type"]))}</div>`;
  });
  return `<div class="dp-msg dp-card dp-standard-card"><div class="dp-card-title">${escapeHtml(text(header["title"]))}</div>${parts.join("")}</div>`;
}

function time(at: string): string {
  return `<time datetime="${escapeHtml(at)}">${escapeHtml(at.slice(11, 19))}</time>`;
}

function row(state: AppState, robotCode: string, at: string, body: string, attributes = ""): string {
  const app = state.appOfRobot(robotCode);
  const label = escapeHtml(app?.name ?? robotCode);
  return (
    `<div class="row"${attributes}><div class="avatar" aria-hidden="true">${escapeHtml(label.slice(0, 1).toUpperCase())}</div>` +
    `<div class="col"><div class="who">${label} <span class="tag">app robot</span> ${time(at)}</div>${body}</div></div>`
  );
}

function messageEntry(state: AppState, m: StoredAppMessage): AppChatEntry {
  return {
    seq: m.seq,
    group: groupKey(m.conversationId),
    html: row(state, m.robotCode, m.receivedAt, renderMessage(asMessage(m)), ` data-app-id="${m.id}"`),
  };
}

function cardEntry(state: AppState, card: StoredCard, since: number): AppChatEntry {
  const last = card.versions.at(-1)!;
  const updates = card.versions.length - 1;
  const note =
    updates === 0
      ? ""
      : `<div class="card-note">updated ${updates} time${updates === 1 ? "" : "s"} · ${time(last.at)}</div>`;
  return {
    // A card new to the page goes where it was sent; a known one is replaced where it is.
    seq: card.firstSeq > since ? card.firstSeq : card.seq,
    group: groupKey(card.conversationId),
    card: card.cardBizId,
    html: row(
      state,
      card.robotCode,
      card.versions[0]!.at,
      renderCard(last.data) + note,
      ` data-card="${escapeHtml(card.cardBizId)}" data-version="${last.version}"`,
    ),
  };
}

function rejectionEntry(state: AppState, a: StoredAppAnswer): AppChatEntry {
  const known =
    a.conversationId !== undefined &&
    [...state.apps.values()].some((app) => app.conversations.includes(a.conversationId!));
  const html = `<div class="rejected" title="not delivered">${time(a.at)} ${escapeHtml(a.api)}: HTTP ${a.http} ${escapeHtml(a.code ?? "")} ${escapeHtml(a.message ?? "")}</div>`;
  return { seq: a.seq, group: known ? groupKey(a.conversationId!) : "", html };
}

/** What the page needs of the app robots since `since` (at most `limit` of each kind, newest). */
export function appEntries(state: AppState, since: number, limit: number): AppChatEntry[] {
  const messages = state.messages
    .slice(-limit)
    .filter((m) => m.seq > since)
    .map((m) => messageEntry(state, m));
  const cards = [...state.cards.values()]
    .filter((c) => c.seq > since)
    .slice(-limit)
    .map((c) => cardEntry(state, c, since));
  const rejections = state.answers
    .filter((a) => a.http !== 200 && a.code !== "lost" && a.seq > since)
    .slice(-limit)
    .map((a) => rejectionEntry(state, a));
  return [...messages, ...cards, ...rejections];
}

export const APP_PAGE_CSS = `
.dp-standard-card .dp-card-title{font-weight:600;font-size:16px;margin-bottom:6px}
.dp-card-divider{border:0;border-top:1px solid #eff0f1;margin:8px 0}
.card-note{font-size:11px;color:#8f959e;margin-top:4px}
.row.flash .dp-msg{animation:flash 1.2s ease-out}
@keyframes flash{from{box-shadow:0 0 0 3px #ffd666}to{box-shadow:0 1px 2px rgba(0,0,0,.06)}}
`;
