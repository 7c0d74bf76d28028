/** What the emulator remembers: its robots, accepted messages, every answer, rate and fault state. */
import { DingpipeError } from "../errors.ts";
import { AppState } from "./app/state.ts";
import { FaultPicker } from "./faults.ts";
import { DEFAULT_RATE_LIMIT, RateLimiter } from "./rate.ts";
import { parseAllowEntry } from "./security.ts";
import type {
  EmulatorAnswer,
  EmulatorOptions,
  EmulatorRobot,
  FaultOptions,
  ReceivedMessage,
} from "./types.ts";
import { FEISHU_LIMIT, WECOM_LIMIT, WindowLimiter } from "./windows.ts";

export class EmulatorConfigError extends DingpipeError {
  constructor(message: string, fix: string) {
    super("EMULATOR_CONFIG", message, { fix });
    this.name = "EmulatorConfigError";
  }
}

/** An answer plus the sequence number the page uses to fetch only what is new. */
export interface StoredAnswer extends EmulatorAnswer {
  seq: number;
}

export interface StoredMessage extends ReceivedMessage {
  seq: number;
}

const KINDS = ["dingtalk", "wecom", "feishu"];

export function checkRobot(robot: EmulatorRobot, existing: Map<string, EmulatorRobot>): void {
  if (robot.kind !== undefined && !KINDS.includes(robot.kind)) {
    throw new EmulatorConfigError(
      `an emulator robot has the unknown kind "${String(robot.kind)}"`,
      "Give each robot a kind of dingtalk (the default), wecom or feishu.",
    );
  }
  if (robot.kind === "wecom" && (robot.secret || robot.keywords?.length || robot.ipAllowlist?.length)) {
    throw new EmulatorConfigError(
      `WeCom robot ${robot.name ?? robot.token.slice(0, 4) + "…"} has a secret, keywords or an IP allowlist`,
      "WeCom group robots have none of these: the key is their only credential.",
    );
  }
  if (typeof robot.token !== "string" || !/^[\w.~-]{1,128}$/.test(robot.token)) {
    throw new EmulatorConfigError(
      "an emulator robot has an empty or invalid token",
      "Give each robot a token of letters, digits, '-', '_', '.' or '~'.",
    );
  }
  if (existing.has(robot.token)) {
    throw new EmulatorConfigError(
      `two emulator robots share the token ${robot.token.slice(0, 4)}…`,
      "Give each robot its own token.",
    );
  }
  for (const entry of robot.ipAllowlist ?? []) {
    if (!parseAllowEntry(entry)) {
      throw new EmulatorConfigError(
        `robot ${robot.name ?? robot.token.slice(0, 4) + "…"} has an invalid IP allowlist entry "${entry}"`,
        "Use IPv4 addresses (203.0.113.7) or CIDR blocks (203.0.113.0/24).",
      );
    }
  }
}

export class EmulatorState {
  readonly robots = new Map<string, EmulatorRobot>();
  /** DingTalk robots' limit (with its throttle penalty). */
  readonly limiter: RateLimiter;
  readonly wecomLimiter: WindowLimiter;
  readonly feishuLimiter: WindowLimiter;
  readonly now: () => number;
  readonly timestampWindowMs: number;
  readonly maxStored: number;
  faults: FaultPicker | undefined;
  /** The app robot API's state (app/state.ts). */
  readonly app: AppState;
  messages: StoredMessage[] = [];
  answers: StoredAnswer[] = [];
  /** Bumped by clear(), so pages showing old entries start over. */
  epoch = 1;
  #seq = 0;
  #nextId = 1;

  constructor(options: EmulatorOptions) {
    this.limiter = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
    this.wecomLimiter = new WindowLimiter(options.wecomLimit ?? WECOM_LIMIT);
    this.feishuLimiter = new WindowLimiter(options.feishuLimit ?? FEISHU_LIMIT);
    this.now = options.now ?? Date.now;
    this.timestampWindowMs = options.timestampWindowMs ?? 3_600_000;
    this.maxStored = options.maxStored ?? 50_000;
    this.setFaults(options.faults);
    for (const robot of options.robots) this.addRobot(robot);
    this.app = new AppState(options.apps ?? [], options.appApi ?? {}, () => ++this.#seq, this.maxStored);
  }

  get seq(): number {
    return this.#seq;
  }

  addRobot(robot: EmulatorRobot): void {
    checkRobot(robot, this.robots);
    this.robots.set(robot.token, { ...robot, kind: robot.kind ?? "dingtalk" });
  }

  setFaults(faults: FaultOptions | undefined): void {
    if (faults && !(faults.rate >= 0 && faults.rate <= 1)) {
      throw new EmulatorConfigError(
        `fault rate ${faults.rate} is outside 0..1`,
        "Give the fault rate as a share of requests, e.g. 0.1.",
      );
    }
    this.faults = faults ? new FaultPicker(faults) : undefined;
  }

  recordAnswer(answer: EmulatorAnswer): void {
    this.answers.push({ ...answer, seq: ++this.#seq });
    if (this.answers.length > this.maxStored) this.answers.splice(0, this.answers.length - this.maxStored);
  }

  recordMessage(message: Omit<ReceivedMessage, "id">): void {
    this.messages.push({ id: this.#nextId++, ...message, seq: ++this.#seq });
    if (this.messages.length > this.maxStored) this.messages.splice(0, this.messages.length - this.maxStored);
  }

  clear(): void {
    this.messages = [];
    this.answers = [];
    this.app.clear();
    this.limiter.reset();
    this.wecomLimiter.reset();
    this.feishuLimiter.reset();
    this.epoch++;
  }
}

export function publicMessage({ seq: _, ...message }: StoredMessage): ReceivedMessage {
  return message;
}

export function publicAnswer({ seq: _, ...answer }: StoredAnswer): EmulatorAnswer {
  return answer;
}

/** A robot as the page and `/api/robots` show it: never its secret. */
export function publicRobot(robot: EmulatorRobot): {
  token: string;
  kind?: string;
  name?: string;
  signs: boolean;
  keywords: string[];
  ipAllowlist: string[];
} {
  return {
    token: robot.token,
    ...(robot.kind === undefined || robot.kind === "dingtalk" ? {} : { kind: robot.kind }),
    ...(robot.name === undefined ? {} : { name: robot.name }),
    signs: Boolean(robot.secret),
    keywords: robot.keywords ?? [],
    ipAllowlist: robot.ipAllowlist ?? [],
  };
}
