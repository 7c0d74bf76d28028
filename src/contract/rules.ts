/**
 * The checks across fields of the contract, worded once: what `.dingpipe.yml` (src/config/rules.ts) and the
 * API (src/server/routes/notifications.ts) both say about a notification and the robot it names. Pure: each
 * returns findings with the field they are about; the caller says where (a file position, an API path).
 */
import { type ChannelKind, kindInfo } from "../channels/kinds.ts";
import { isMobile, isUserId } from "../notify/mentions.ts";
import type { Key } from "./issues.ts";

export interface Finding {
  /** The field, within the notification: ["style"], ["at", 2]. */
  keys: Key[];
  severity: "error" | "warning";
  message: string;
  fix: string;
}

/**
 * A notification against its robot's kind: `style: run_card` needs a DingTalk app robot (only it can change a
 * card in place); an @ entry the kind cannot mention (a mobile on Feishu, an open_id on DingTalk) is never
 * mentioned. `of`: how the caller names the notification (" of notification #2", or "" for an API body).
 */
export function robotFit(
  n: { credential: string; style?: string | undefined; at?: readonly string[] | undefined },
  kind: ChannelKind,
  of = "",
): Finding[] {
  const info = kindInfo(kind);
  const out: Finding[] = [];
  if (n.style === "run_card" && kind !== "dingtalk_app") {
    out.push({
      keys: ["style"],
      severity: "error",
      message: `style run_card${of} needs a DingTalk app robot, and credential '${n.credential}' is a ${info.label} robot`,
      fix: "point the notification at a credential of type dingtalk_app (only app robots can change a card in place), or write style: markdown",
    });
  }
  (n.at ?? []).forEach((entry, i) => {
    const v = entry.trim().replace(/^[@＠]/u, "");
    const mobile = isMobile(v) && !info.mentions.mobiles;
    const userId = isUserId(v) && !info.mentions.userIds;
    if (!mobile && !userId) return;
    out.push({
      keys: ["at", i],
      severity: "warning",
      message: `'${v}' in at${of} cannot be mentioned: credential '${n.credential}' is a ${info.label} robot, which cannot mention ${mobile ? "by mobile number" : "by open_id"}`,
      fix: mobile
        ? `write the member's open_id (ou_…) or all — ${info.words.en.mentions}`
        : `write the member's mobile number or all — ${info.words.en.mentions}`,
    });
  });
  return out;
}

/** "a, b, c" — at most 10 names, then how many more: a message never grows with the number of robots. */
export function listed(names: readonly string[]): string {
  if (names.length === 0) return "none";
  return names.length <= 10
    ? names.join(", ")
    : `${names.slice(0, 10).join(", ")} and ${names.length - 10} more`;
}
