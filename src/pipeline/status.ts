/**
 * The canonical task states and the one table of platform words accepted as their aliases.
 * docs/events.md shows this table to users; a test keeps the two in step.
 */
export const STATUSES = ["started", "success", "failure", "cancelled", "skipped", "waiting"] as const;
export type Status = (typeof STATUSES)[number];

/** Alias (compared case-insensitively) → canonical status, with the platform it comes from. */
export const STATUS_ALIASES: ReadonlyArray<readonly [alias: string, status: Status, from: string]> = [
  // Gitee pipeline task states
  ["SUCC", "success", "Gitee"],
  ["FAIL", "failure", "Gitee"],
  ["CANCEL", "cancelled", "Gitee"],
  ["SKIP", "skipped", "Gitee"],
  // Alibaba Cloud DevOps (Flow) plugin trigger states and webhook status codes
  ["fail", "failure", "Alibaba Cloud DevOps"],
  ["cancel", "cancelled", "Alibaba Cloud DevOps"],
  ["skip", "skipped", "Alibaba Cloud DevOps"],
  ["wait", "waiting", "Alibaba Cloud DevOps"],
  ["RUNNING", "started", "Alibaba Cloud DevOps"],
  ["WAITING", "waiting", "Alibaba Cloud DevOps"],
  ["CANCELLING", "cancelled", "Alibaba Cloud DevOps"],
  ["CANCELED", "cancelled", "Alibaba Cloud DevOps"],
  ["FINISH", "success", "Alibaba Cloud DevOps"],
  // Jenkins occasions / results
  ["START", "started", "Jenkins"],
  ["FAILURE", "failure", "Jenkins"],
  ["ABORTED", "cancelled", "Jenkins"],
  ["UNSTABLE", "failure", "Jenkins"],
  ["NOT_BUILT", "skipped", "Jenkins"],
  // GitHub Actions conclusions and statuses (success, failure, cancelled, skipped, waiting are canonical)
  ["timed_out", "failure", "GitHub Actions"],
  ["action_required", "waiting", "GitHub Actions"],
  ["queued", "waiting", "GitHub Actions"],
  ["requested", "waiting", "GitHub Actions"],
  ["in_progress", "started", "GitHub Actions"],
  ["startup_failure", "failure", "GitHub Actions"],
  ["neutral", "success", "GitHub Actions"],
  // GitLab CI pipeline and job statuses
  ["failed", "failure", "GitLab CI"],
  ["canceled", "cancelled", "GitLab CI"],
  ["running", "started", "GitLab CI / Drone"],
  ["pending", "waiting", "GitLab CI / Drone"],
  ["created", "waiting", "GitLab CI"],
  ["manual", "waiting", "GitLab CI"],
  ["scheduled", "waiting", "GitLab CI"],
  ["preparing", "waiting", "GitLab CI"],
  ["waiting_for_resource", "waiting", "GitLab CI"],
  // Drone / Woodpecker
  ["killed", "cancelled", "Drone / Woodpecker"],
  ["error", "failure", "Drone / Woodpecker"],
  ["blocked", "waiting", "Drone / Woodpecker"],
  ["declined", "cancelled", "Drone / Woodpecker"],
  // common spellings
  ["start", "started", "common"],
  ["succeeded", "success", "common"],
  ["successful", "success", "common"],
  ["passed", "success", "common"],
  ["ok", "success", "common"],
];

/**
 * The events the service DERIVES from a task's history (the outcome of the same pipeline + task before
 * it): `broken` — a failure after a success, or the first failure seen; `fixed` — a success after a
 * failure; `still_failing` — a failure after a failure. Notifications select them like the canonical
 * events; an event's own status is never one of them.
 */
export const TRANSITIONS = ["broken", "fixed", "still_failing"] as const;
export type Transition = (typeof TRANSITIONS)[number];

/** What a notification's `events:` may name: the canonical task states and the derived transitions. */
export type EventName = Status | Transition;
export const EVENT_NAMES: readonly EventName[] = [...STATUSES, ...TRANSITIONS];

/** Other spellings of the transitions (compared case-insensitively, spaces and dashes as underscores). */
export const TRANSITION_ALIASES: ReadonlyArray<
  readonly [alias: string, transition: Transition, from: string]
> = [
  ["back_to_normal", "fixed", "Jenkins (Back to normal)"],
  ["recovered", "fixed", "common"],
];

const TRANSITION_INDEX = new Map<string, Transition>();
for (const t of TRANSITIONS) TRANSITION_INDEX.set(t, t);
for (const [alias, t] of TRANSITION_ALIASES) TRANSITION_INDEX.set(alias, t);

export function isTransition(name: string): name is Transition {
  return (TRANSITIONS as readonly string[]).includes(name);
}

/** The task status behind an event name: a transition's own (fixed → success, broken/still_failing → failure). */
export function statusOf(name: EventName): Status {
  if (name === "fixed") return "success";
  if (name === "broken" || name === "still_failing") return "failure";
  return name;
}

/** The transition a word names (`fixed`, `Still Failing`, `still-failing` …), or undefined. */
export function toTransition(word: string): Transition | undefined {
  return TRANSITION_INDEX.get(
    word
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_"),
  );
}

/** What a word in a notification's `events:` selects: a transition or a canonical status (aliases included). */
export function toEventName(word: string): EventName | undefined {
  return toTransition(word) ?? toStatus(word);
}

/** The closest event word a notification may select, for a misspelling ("fixd" → "fixed"). */
export function suggestEventName(word: string): EventName | undefined {
  const w = word.trim().toLowerCase();
  let best: EventName | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [alias, name] of [...ALIAS_INDEX, ...TRANSITION_INDEX] as Array<[string, EventName]>) {
    const d = editDistance(w, alias);
    if (d < bestDistance) {
      bestDistance = d;
      best = name;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(w.length / 3)) ? best : undefined;
}

const ALIAS_INDEX = new Map<string, Status>();
for (const s of STATUSES) ALIAS_INDEX.set(s, s);
for (const [alias, status] of STATUS_ALIASES) ALIAS_INDEX.set(alias.toLowerCase(), status);

/** The canonical status for a word (canonical name or alias, any case), or undefined. */
export function toStatus(word: string): Status | undefined {
  return ALIAS_INDEX.get(word.trim().toLowerCase());
}

/** The closest known event word for a misspelling ("fial" → "failure"), or undefined. */
export function suggestStatus(word: string): Status | undefined {
  const w = word.trim().toLowerCase();
  let best: Status | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [alias, status] of ALIAS_INDEX) {
    const d = editDistance(w, alias);
    if (d < bestDistance) {
      bestDistance = d;
      best = status;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(w.length / 3)) ? best : undefined;
}

/** Levenshtein distance; small inputs only (names, keys). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
