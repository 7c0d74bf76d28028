/**
 * The emulator's page: each robot's group as a chat (DingTalk, WeCom and Feishu groups side by
 * side), newest at the bottom, kept up to date by polling `/api/chat`. Rows are rendered here (the
 * page's script only inserts them), bubbles the way each app draws them (../channels/draw.ts, the
 * drawing shared with the console and preview). Shows robot names or token prefixes, never secrets.
 */
import { CHANNEL_CSS, drawMessage } from "../channels/draw.ts";
import { escapeHtml } from "../dingtalk/render.ts";
import { APP_PAGE_CSS, appEntries, appGroups } from "./app/page.ts";
import { PAGE_CSS, PAGE_SCRIPT } from "./page-assets.ts";
import { describeSecurity } from "./security.ts";
import type { EmulatorState, StoredAnswer, StoredMessage } from "./state.ts";
import type { EmulatorRobot } from "./types.ts";

/** At most this many entries are sent to the page at once. */
const PAGE_LIMIT = 500;

export interface ChatEntry {
  seq: number;
  /** The robot's token, `app:<openConversationId>` for an app robot's group, "" for unknown requests. */
  group: string;
  html: string;
  /** For a card: its cardBizId (the page replaces the card's bubble in place). */
  card?: string;
}

export interface ChatUpdate {
  epoch: number;
  seq: number;
  robots: number;
  entries: ChatEntry[];
}

function tokenPrefix(token: string): string {
  return token.length > 6 ? `${token.slice(0, 4)}…` : token;
}

function robotLabel(robot: EmulatorRobot): string {
  return robot.name ?? tokenPrefix(robot.token);
}

const APPS: Record<string, { app: string; credential: string }> = {
  dingtalk: { app: "DingTalk", credential: "access_token" },
  wecom: { app: "WeCom", credential: "key" },
  feishu: { app: "Feishu", credential: "hook" },
};

function time(at: string): string {
  return `<time datetime="${escapeHtml(at)}">${escapeHtml(at.slice(11, 19))}</time>`;
}

function messageRow(state: EmulatorState, m: StoredMessage): ChatEntry {
  const robot = state.robots.get(m.token);
  const label = escapeHtml(robot ? robotLabel(robot) : tokenPrefix(m.token));
  const html =
    `<div class="row" data-id="${m.id}"><div class="avatar" aria-hidden="true">${escapeHtml(label.slice(0, 1).toUpperCase())}</div>` +
    `<div class="col"><div class="who">${label} <span class="tag">robot</span> ${time(m.receivedAt)}</div>` +
    `${drawMessage(m.kind ?? "dingtalk", m.body)}</div></div>`;
  return { seq: m.seq, group: m.token, html };
}

function rejectionRow(state: EmulatorState, a: StoredAnswer): ChatEntry {
  const known = a.token !== undefined && state.robots.has(a.token);
  const who = known ? "" : `${escapeHtml(a.token === undefined ? "no token" : tokenPrefix(a.token))}: `;
  const http = a.http === 200 ? "" : a.http === 0 ? " (dropped)" : ` (HTTP ${a.http})`;
  const html = `<div class="rejected" title="not delivered">${time(a.at)} ${who}errcode ${a.errcode} ${escapeHtml(a.errmsg)}${http}</div>`;
  return { seq: a.seq, group: known && a.token ? a.token : "", html };
}

export function chatUpdate(state: EmulatorState, since: number): ChatUpdate {
  // Both lists are in seq order: only their tails can be among the newest PAGE_LIMIT entries.
  const messages = state.messages.slice(-PAGE_LIMIT).filter((m) => m.seq > since);
  const rejections = state.answers.filter((a) => a.errcode !== 0).slice(-PAGE_LIMIT);
  const entries = [
    ...messages.map((m) => ({ seq: m.seq, row: () => messageRow(state, m) })),
    ...rejections
      .filter((a) => a.seq > since)
      .map((a) => ({ seq: a.seq, row: () => rejectionRow(state, a) })),
    ...appEntries(state.app, since, PAGE_LIMIT).map((entry) => ({ seq: entry.seq, row: () => entry })),
  ]
    .sort((a, b) => a.seq - b.seq)
    .slice(-PAGE_LIMIT)
    .map((entry) => entry.row());
  return { epoch: state.epoch, seq: state.seq, robots: groupCount(state), entries };
}

/** Robots and app groups: the page reloads when their number changes. */
function groupCount(state: EmulatorState): number {
  return state.robots.size + appGroups(state.app).length;
}

export function renderPage(state: EmulatorState): string {
  const update = chatUpdate(state, 0);
  const groups: Array<{ key: string; title: string; info: string }> = [...state.robots.values()].map((r) => {
    const kind = APPS[r.kind ?? "dingtalk"] ?? APPS["dingtalk"]!;
    return {
      key: r.token,
      title: robotLabel(r),
      info: `${kind.app} · ${kind.credential}=${tokenPrefix(r.token)} · ${escapeHtml(describeSecurity(r, " · "))}`,
    };
  });
  groups.push(...appGroups(state.app));
  groups.push({ key: "", title: "Other requests", info: "requests with a missing or unknown token or key" });
  const tabs = groups
    .map(
      (g, i) =>
        `<button class="tab${i === 0 ? " active" : ""}${g.key === "" ? " other" : ""}" role="tab" data-group="${escapeHtml(g.key)}">${escapeHtml(g.title)}<span class="badge"></span></button>`,
    )
    .join("");
  const panes = groups
    .map((g, i) => {
      const rows = update.entries.filter((e) => e.group === g.key).map((e) => e.html);
      const how = g.key.startsWith("app:")
        ? "Send through the app robot API (/v1.0/robot/groupMessages/send, interactiveCards) to see them here."
        : "POST to the robot's webhook to see them here.";
      const empty = `<div class="empty">No messages yet. ${how}</div>`;
      return (
        `<section class="pane${i === 0 ? " active" : ""}" role="tabpanel" data-group="${escapeHtml(g.key)}">` +
        `<div class="info"><strong>${escapeHtml(g.title)}</strong> <span>${g.info}</span></div>` +
        `<div class="chat">${empty}${rows.join("")}</div></section>`
      );
    })
    .join("");
  const boot = JSON.stringify({ epoch: update.epoch, seq: update.seq, robots: update.robots }).replace(
    /</g,
    "\\u003c",
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>Robot emulator · dingpipe</title><style>${CHANNEL_CSS}${PAGE_CSS}${APP_PAGE_CSS}</style></head>
<body><header><h1>Robot emulator</h1><span class="live" title="live">●</span><button id="clear" type="button">Clear</button></header>
<nav class="tabs" role="tablist">${tabs}</nav><main>${panes}</main>
<script id="boot" type="application/json">${boot}</script><script>${PAGE_SCRIPT}</script></body></html>`;
}
