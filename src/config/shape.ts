/**
 * Step 1 of three: the shape. Walks the parsed YAML document and checks mappings, lists, scalar
 * types and keys (with did-you-mean), keeping every value's node so later steps can point at it.
 * Strings are accepted where a list is expected (`events: failure`).
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type YAMLMap } from "yaml";
import type { Report } from "./diagnostic.ts";
import { ref } from "./interpolate.ts";
import { CREDENTIAL_KEYS, didYouMean, NOTIFICATION_KEYS, RATE_LIMIT_KEYS, TOP_KEYS } from "./keys.ts";

export interface Text {
  value: string;
  node: Node;
}
export interface List {
  node: Node;
  items: Text[];
}
export interface Count {
  value: number;
  node: Node;
}
export interface Flag {
  value: boolean;
  node: Node;
}

export interface RawCredential {
  name: string;
  keyNode: Node;
  /** The known keys written (even when their value was rejected). */
  keys: Set<string>;
  /** Each known key's node, for "remove it" diagnostics. */
  keyNodes: Map<string, Node>;
  /** The robot kind: dingtalk (default), wecom, feishu. */
  type?: Text;
  webhook?: Text;
  token?: Text;
  secret?: Text;
  keywords?: List;
  baseUrl?: Text;
  /** The app robot's fields (type: dingtalk_app). */
  appKey?: Text;
  appSecret?: Text;
  robotCode?: Text;
  conversationId?: Text;
  rateLimit?: { node: Node; messages?: Count; perSeconds?: Count };
}

export interface RawNotification {
  /** 1-based position in the list, as users count. */
  number: number;
  node: Node;
  /** The known keys written (even when their value was rejected). */
  keys: Set<string>;
  /** What the team calls it (the console's name): shown in reports. */
  name?: Text;
  /** The on/off switch (absent = on). */
  enabled?: Flag;
  credential?: Text;
  pipelines?: List;
  tasks?: List;
  events?: List;
  content?: List;
  custom?: Text;
  at?: List;
  style?: Text;
  locale?: Text;
  timezone?: Text;
}

export interface RawConfig {
  root: Node;
  credentials: RawCredential[];
  notifications: RawNotification[];
  notificationsNode?: Node;
  /** The top-level locale and timezone: every notification's default. */
  locale?: Text;
  timezone?: Text;
}

type Opts = { credential?: string };

const ON_WORDS = ["true", "yes", "y", "on", "1"];
const OFF_WORDS = ["false", "no", "n", "off", "0"];

/** Reads the document's shape; undefined when it has none worth checking further (empty, not a mapping). */
export function readShape(doc: Document, source: string, report: Report): RawConfig | undefined {
  const r = new ShapeReader(doc, source, report);
  return r.config();
}

class ShapeReader {
  readonly #doc: Document;
  readonly #source: string;
  readonly #report: Report;

  constructor(doc: Document, source: string, report: Report) {
    this.#doc = doc;
    this.#source = source;
    this.#report = report;
  }

  config(): RawConfig | undefined {
    const root = this.#resolve(this.#doc.contents as Node | null);
    if (root === undefined || (isScalar(root) && root.value === null)) {
      this.#report.error(
        { offset: 0 },
        "the file is empty",
        "add `credentials:` (your DingTalk group robots) and `notifications:` (see docs/configuration.md)",
      );
      return undefined;
    }
    if (!isMap(root)) {
      this.#report.error(
        root,
        "the file must be a mapping with `credentials:` and `notifications:`",
        "start the file with `credentials:` at the beginning of a line (see docs/configuration.md)",
      );
      return undefined;
    }
    const config: RawConfig = { root, credentials: [], notifications: [] };
    const pairs = this.#pairs(root, TOP_KEYS, "", {});
    for (const key of ["locale", "timezone"] as const) {
      const pair = pairs.get(key);
      const text = pair ? this.#text(pair.value ?? pair.key, key, {}) : undefined;
      if (text) config[key] = text;
    }
    const credentials = pairs.get("credentials");
    if (credentials === undefined) {
      this.#report.error(
        root,
        "no `credentials:` section",
        `add \`credentials:\` with a DingTalk group robot, e.g. \`ci-group: {webhook: ${ref("DINGTALK_WEBHOOK")}}\``,
      );
    } else if (isMap(credentials.value)) {
      for (const pair of credentials.value.items) config.credentials.push(...this.#credential(pair));
    } else {
      this.#report.error(
        credentials.value ?? credentials.key,
        "`credentials` must be a mapping of robot names to their webhook/token and secret",
        `write e.g. \`ci-group: {webhook: ${ref("DINGTALK_WEBHOOK")}}\` under credentials:`,
      );
    }
    const notifications = pairs.get("notifications");
    if (notifications === undefined) {
      this.#report.error(
        root,
        "no `notifications:` section",
        "add `notifications:` with at least one `- credential: … events: [failure]`",
      );
    } else if (isSeq(notifications.value)) {
      config.notificationsNode = notifications.value;
      let number = 0;
      for (const item of notifications.value.items) {
        number++;
        const n = this.#notification(item as Node, number);
        if (n) config.notifications.push(n);
      }
    } else {
      this.#report.error(
        notifications.value ?? notifications.key,
        "`notifications` must be a list (each item starts with `- credential: …`)",
        "write each notification as a list item: `- credential: ci-group` with `events: [failure]` under it",
      );
    }
    return config;
  }

  #credential(pair: { key: unknown; value: unknown }): RawCredential[] {
    const keyNode = pair.key as Node;
    const name = this.#keyText(keyNode);
    const opts = { credential: name };
    const value = this.#resolve(pair.value as Node | null);
    if (value === undefined || !isMap(value)) {
      this.#report.error(
        value ?? keyNode,
        `credential '${name}' must be a mapping with webhook: (or token:) and, when the robot signs, secret:`,
        `write e.g. \`webhook: ${ref("DINGTALK_WEBHOOK")}\` and \`secret: ${ref("DINGTALK_SECRET")}\` under it`,
        opts,
      );
      return [];
    }
    const pairs = this.#pairs(value, CREDENTIAL_KEYS, `credential '${name}'`, opts);
    const c: RawCredential = {
      name,
      keyNode,
      keys: new Set(pairs.keys()),
      keyNodes: new Map([...pairs].map(([k, v]) => [k, v.key])),
    };
    const what = (k: string) => `${k} of credential '${name}'`;
    for (const [key, { value: v, key: k }] of pairs) {
      const at = v ?? k;
      if (key === "type") c.type = this.#text(at, what(key), opts);
      else if (key === "webhook") c.webhook = this.#text(at, what(key), opts);
      else if (key === "token") c.token = this.#text(at, what(key), opts);
      else if (key === "secret") c.secret = this.#text(at, what(key), opts);
      else if (key === "base_url") c.baseUrl = this.#text(at, what(key), opts);
      else if (key === "app_key") c.appKey = this.#text(at, what(key), opts);
      else if (key === "app_secret") c.appSecret = this.#text(at, what(key), opts);
      else if (key === "robot_code") c.robotCode = this.#text(at, what(key), opts);
      else if (key === "conversation_id") c.conversationId = this.#text(at, what(key), opts);
      else if (key === "keywords") c.keywords = this.#list(at, what(key), opts);
      else if (key === "rate_limit") c.rateLimit = this.#rateLimit(at, what(key), opts);
    }
    return [c];
  }

  #rateLimit(node: Node, what: string, opts: Opts): RawCredential["rateLimit"] {
    if (!isMap(node)) {
      this.#report.error(
        node,
        `${what} must be a mapping`,
        "write e.g. `rate_limit: {messages: 20, per_seconds: 60}`",
        opts,
      );
      return undefined;
    }
    const out: NonNullable<RawCredential["rateLimit"]> = { node };
    for (const [key, { value, key: k }] of this.#pairs(node, RATE_LIMIT_KEYS, what, opts)) {
      const v = value ?? k;
      if (!isScalar(v) || typeof v.value !== "number" || !Number.isInteger(v.value) || v.value < 1) {
        this.#report.error(v, `${key} of ${what} must be a whole number of at least 1`, undefined, opts);
        continue;
      }
      if (key === "messages") out.messages = { value: v.value, node: v };
      else out.perSeconds = { value: v.value, node: v };
    }
    return out;
  }

  #notification(item: Node | null, number: number): RawNotification | undefined {
    const node = this.#resolve(item);
    if (node === undefined || !isMap(node)) {
      this.#report.error(
        node ?? { offset: 0 },
        `notification #${number} must be a mapping`,
        "write e.g. `- credential: ci-group` and `events: [failure]` under it",
      );
      return undefined;
    }
    const pairs = this.#pairs(node, NOTIFICATION_KEYS, `notification #${number}`, {});
    const n: RawNotification = { number, node, keys: new Set(pairs.keys()) };
    const what = (k: string) => `${k} of notification #${number}`;
    for (const [key, { value: v, key: k }] of pairs) {
      const at = v ?? k;
      if (key === "credential") n.credential = this.#text(at, what(key), {});
      else if (key === "name") n.name = this.#text(at, what(key), {});
      else if (key === "enabled") n.enabled = this.#flag(at, what(key));
      else if (key === "custom") n.custom = this.#text(at, what(key), {});
      else if (key === "style") n.style = this.#text(at, what(key), {});
      else if (key === "locale") n.locale = this.#text(at, what(key), {});
      else if (key === "timezone") n.timezone = this.#text(at, what(key), {});
      else if (
        key === "pipelines" ||
        key === "tasks" ||
        key === "events" ||
        key === "content" ||
        key === "at"
      )
        n[key] = this.#list(at, what(key), {});
    }
    return n;
  }

  /** The pairs of a mapping by known key; unknown keys are reported with the closest known one. */
  #pairs(
    map: YAMLMap,
    known: readonly string[],
    where: string,
    opts: Opts,
  ): Map<string, { key: Node; value: Node | undefined }> {
    const out = new Map<string, { key: Node; value: Node | undefined }>();
    for (const pair of map.items) {
      const keyNode = pair.key as Node;
      const key = this.#keyText(keyNode);
      if (!known.includes(key)) {
        const close = didYouMean(key, known);
        this.#report.error(
          keyNode,
          `unknown key '${key}'${where ? ` in ${where}` : ""}${close ? ` — did you mean '${close}'?` : ""}`,
          close ? `rename it to '${close}'` : `remove it; known keys here: ${known.join(", ")}`,
          opts,
        );
        continue;
      }
      out.set(key, { key: keyNode, value: this.#resolve(pair.value as Node | null) });
    }
    return out;
  }

  #keyText(node: Node): string {
    const n = this.#resolve(node);
    return n !== undefined && isScalar(n)
      ? String(n.value)
      : this.#source.slice(n?.range?.[0], n?.range?.[1]);
  }

  /** A string value; numbers keep their source spelling (`at: [13800000000]`). */
  #text(node: Node, what: string, opts: Opts): Text | undefined {
    if (isScalar(node)) {
      if (typeof node.value === "string") return { value: node.value, node };
      if (typeof node.value === "number" || typeof node.value === "bigint")
        return { value: this.#source.slice(node.range?.[0], node.range?.[1]), node };
      if (node.value === null) {
        this.#report.error(node, `${what} is empty`, "give it a value or remove the key", opts);
        return undefined;
      }
    }
    this.#report.error(node, `${what} must be a string`, undefined, opts);
    return undefined;
  }

  /**
   * true or false. YAML 1.1's yes/no/on/off are strings in YAML 1.2 (what dingpipe reads), and a quoted
   * "false" is a string too: each is refused with the boolean it most likely means.
   */
  #flag(node: Node, what: string): Flag | undefined {
    if (isScalar(node) && typeof node.value === "boolean") return { value: node.value, node };
    if (isScalar(node) && node.value === null) {
      this.#report.error(node, `${what} is empty`, "write true or false, or remove the key (default true)");
      return undefined;
    }
    const word = isScalar(node) ? String(node.value).trim().toLowerCase() : "";
    const meant = ON_WORDS.includes(word) ? "true" : OFF_WORDS.includes(word) ? "false" : undefined;
    const shown = isScalar(node) ? this.#source.slice(node.range?.[0], node.range?.[1]) : "";
    this.#report.error(
      node,
      `${what} must be true or false${shown ? `, not ${shown}` : ""}${meant ? ` — did you mean ${meant}?` : ""}`,
      meant
        ? `write ${what.split(" ")[0]}: ${meant} (unquoted)`
        : "write true (sends) or false (switched off)",
    );
    return undefined;
  }

  /** A list of strings, or one string standing for a list of one. */
  #list(node: Node, what: string, opts: Opts): List | undefined {
    if (isSeq(node)) {
      const items: Text[] = [];
      for (const item of node.items) {
        const n = this.#resolve(item as Node | null) ?? node;
        const t = this.#text(n, `an item of ${what}`, opts);
        if (t) items.push(t);
      }
      return { node, items };
    }
    const t = this.#text(node, what, opts);
    return t ? { node, items: [t] } : undefined;
  }

  #resolve(node: Node | null | undefined): Node | undefined {
    if (node === null || node === undefined) return undefined;
    return isAlias(node) ? ((node.resolve(this.#doc) as Node | undefined) ?? node) : node;
  }
}
