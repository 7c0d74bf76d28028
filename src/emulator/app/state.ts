/**
 * What the emulated app robot API remembers: the apps, the access tokens it issued (with their
 * expiry), accepted group messages, cards with every version, every answer, and the per-second and
 * quota counters. Sequence numbers come from the emulator's one counter, so the page orders app
 * messages, card updates and webhook messages together.
 */
import { randomBytes } from "node:crypto";
import { EmulatorConfigError } from "../state.ts";
import type {
  AppAnswer,
  AppApiOptions,
  AppGroupMessage,
  CardVersion,
  EmulatorApp,
  EmulatorCard,
} from "./types.ts";

export interface StoredAppMessage extends AppGroupMessage {
  seq: number;
}

export interface StoredCard extends EmulatorCard {
  /** When it was sent (the page keeps it there) and last changed. */
  firstSeq: number;
  seq: number;
  processQueryKey: string;
  appKey: string;
}

export interface StoredAppAnswer extends AppAnswer {
  seq: number;
}

interface IssuedToken {
  appKey: string;
  expiresAt: number;
}

const ID = /^[\w.~=+/-]{1,128}$/;

export function checkApp(app: EmulatorApp, existing: Map<string, EmulatorApp>): void {
  for (const [field, value] of [
    ["appKey", app.appKey],
    ["appSecret", app.appSecret],
    ["robotCode", app.robotCode],
  ] as const) {
    if (typeof value !== "string" || !ID.test(value)) {
      throw new EmulatorConfigError(
        `an emulator app has an empty or invalid ${field}`,
        `Give each app an ${field} of letters, digits or -_.~=+/.`,
      );
    }
  }
  if (existing.has(app.appKey)) {
    throw new EmulatorConfigError(
      `two emulator apps share the appKey ${app.appKey}`,
      "Give each app its own appKey.",
    );
  }
  for (const other of existing.values()) {
    if (other.robotCode === app.robotCode) {
      throw new EmulatorConfigError(
        `two emulator apps share the robotCode ${app.robotCode}`,
        "Give each app robot its own robotCode.",
      );
    }
  }
  if (!Array.isArray(app.conversations) || app.conversations.length === 0) {
    throw new EmulatorConfigError(
      `app ${app.name ?? app.appKey} is in no group`,
      "Give each app robot at least one conversation (openConversationId), e.g. cid-demo.",
    );
  }
  for (const id of app.conversations) {
    if (typeof id !== "string" || !ID.test(id)) {
      throw new EmulatorConfigError(
        `app ${app.name ?? app.appKey} has an invalid conversation id`,
        "Use openConversationIds of letters, digits or -_.~=+/ (DingTalk's look like cid6KeBB…==).",
      );
    }
  }
}

export class AppState {
  readonly apps = new Map<string, EmulatorApp>();
  readonly tokenTtlMs: number;
  readonly qps: number;
  readonly quota: number;
  messages: StoredAppMessage[] = [];
  cards = new Map<string, StoredCard>();
  answers: StoredAppAnswer[] = [];
  /** Token requests per appKey (successful or not). */
  tokenRequests = new Map<string, number>();
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #second = new Map<string, { second: number; calls: number }>();
  readonly #nextSeq: () => number;
  readonly #maxStored: number;
  #calls = 0;
  #nextId = 1;

  constructor(apps: EmulatorApp[], options: AppApiOptions, nextSeq: () => number, maxStored: number) {
    this.tokenTtlMs = options.tokenTtlMs ?? 7_200_000;
    this.qps = options.qps ?? 20;
    this.quota = options.quota ?? Number.POSITIVE_INFINITY;
    this.#nextSeq = nextSeq;
    this.#maxStored = maxStored;
    for (const app of apps) this.addApp(app);
  }

  addApp(app: EmulatorApp): void {
    checkApp(app, this.apps);
    this.apps.set(app.appKey, { ...app, conversations: [...app.conversations] });
  }

  appOfRobot(robotCode: string): EmulatorApp | undefined {
    for (const app of this.apps.values()) if (app.robotCode === robotCode) return app;
    return undefined;
  }

  /** The app's token: the same one while it is valid (its expiry renewed), a new one after. */
  issueToken(appKey: string, now: number): { accessToken: string; expireIn: number } {
    for (const [token, issued] of this.#tokens) {
      if (issued.appKey === appKey && issued.expiresAt > now) {
        issued.expiresAt = now + this.tokenTtlMs;
        return { accessToken: token, expireIn: Math.round(this.tokenTtlMs / 1000) };
      }
    }
    const token = randomBytes(16).toString("hex");
    this.#tokens.set(token, { appKey, expiresAt: now + this.tokenTtlMs });
    return { accessToken: token, expireIn: Math.round(this.tokenTtlMs / 1000) };
  }

  /** The app a valid token belongs to, or undefined (unknown or expired). */
  appOfToken(token: string | undefined, now: number): EmulatorApp | undefined {
    const issued = token === undefined ? undefined : this.#tokens.get(token);
    if (!issued || issued.expiresAt <= now) return undefined;
    return this.apps.get(issued.appKey);
  }

  /** Makes every issued token invalid at once, as when DingTalk revokes them. */
  expireTokens(): void {
    this.#tokens.clear();
  }

  /** Counts a call against the app's per-second limit of this API and the quota: the failing limit, if any. */
  admit(appKey: string, api: string, now: number): "qps" | "quota" | undefined {
    if (this.#calls >= this.quota) return "quota";
    const key = `${appKey}\n${api}`;
    const second = Math.floor(now / 1000);
    const counter = this.#second.get(key);
    if (counter && counter.second === second) {
      if (counter.calls >= this.qps) return "qps";
      counter.calls++;
    } else {
      this.#second.set(key, { second, calls: 1 });
    }
    this.#calls++;
    return undefined;
  }

  recordMessage(message: Omit<AppGroupMessage, "id">): void {
    this.messages.push({ id: this.#nextId++, ...message, seq: this.#nextSeq() });
    if (this.messages.length > this.#maxStored)
      this.messages.splice(0, this.messages.length - this.#maxStored);
  }

  addCard(card: Omit<StoredCard, "seq" | "firstSeq">): void {
    const seq = this.#nextSeq();
    this.cards.set(card.cardBizId, { ...card, firstSeq: seq, seq });
  }

  updateCard(card: StoredCard, version: CardVersion): void {
    card.versions.push(version);
    card.seq = this.#nextSeq();
  }

  recordAnswer(answer: AppAnswer): void {
    this.answers.push({ ...answer, seq: this.#nextSeq() });
    if (this.answers.length > this.#maxStored) this.answers.splice(0, this.answers.length - this.#maxStored);
  }

  countTokenRequest(appKey: string): void {
    this.tokenRequests.set(appKey, (this.tokenRequests.get(appKey) ?? 0) + 1);
  }

  clear(): void {
    this.messages = [];
    this.cards = new Map();
    this.answers = [];
    this.tokenRequests = new Map();
    this.#second.clear();
    this.#calls = 0;
  }
}

export function publicAppMessage({ seq: _, ...message }: StoredAppMessage): AppGroupMessage {
  return message;
}

export function publicCard(card: StoredCard): EmulatorCard {
  return {
    cardBizId: card.cardBizId,
    robotCode: card.robotCode,
    conversationId: card.conversationId,
    versions: card.versions.map((v) => ({ ...v })),
  };
}

export function publicAppAnswer({ seq: _, ...answer }: StoredAppAnswer): AppAnswer {
  return answer;
}

/** An app as the page and `/api/apps` show it: never its secret. */
export function publicApp(app: EmulatorApp): Omit<EmulatorApp, "appSecret"> {
  const { appSecret: _, ...rest } = app;
  return { ...rest, conversations: [...app.conversations] };
}
