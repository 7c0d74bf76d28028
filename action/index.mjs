// dingpipe's GitHub Action, bundled from src/action/main.ts by `npm run build` (scripts/build-action.ts).
// Do not edit: change the sources and rebuild. Licences of bundled packages are at the end of the file.
import { createRequire as __dingpipeCreateRequire } from "node:module";
const require = __dingpipeCreateRequire(import.meta.url);
var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// src/errors.ts
function isDingpipeError(value, code) {
  return value instanceof DingpipeError && (code === void 0 || value.code === code);
}
function isRobotError(value, code) {
  return value instanceof RobotError && (code === void 0 || value.code === code);
}
var DingpipeError, RobotError;
var init_errors = __esm({
  "src/errors.ts"() {
    "use strict";
    DingpipeError = class extends Error {
      code;
      retryable;
      fix;
      constructor(code, message, options = {}) {
        super(message, options.cause === void 0 ? void 0 : { cause: options.cause });
        this.name = "DingpipeError";
        this.code = code;
        this.retryable = options.retryable ?? false;
        this.fix = options.fix;
      }
    };
    RobotError = class extends DingpipeError {
      /** The robot's error code (DingTalk/WeCom `errcode`, Feishu `code`), when it answered. */
      errcode;
      /** The robot's error message (redacted), when it answered. */
      errmsg;
      /** The HTTP status, for `http_error`. */
      status;
      /** When it may be tried again at the earliest (throttling: the robot's window). */
      retryAfterMs;
      /** How many HTTP requests were made for this send; set by the client. */
      attempts;
      constructor(code, message, options = {}) {
        super(code, message, options);
        this.name = "RobotError";
        this.errcode = options.errcode;
        this.errmsg = options.errmsg;
        this.status = options.status;
        this.retryAfterMs = options.retryAfterMs;
        this.attempts = 0;
      }
    };
  }
});

// src/pipeline/status.ts
function isTransition(name) {
  return TRANSITIONS.includes(name);
}
function statusOf(name) {
  if (name === "fixed") return "success";
  if (name === "broken" || name === "still_failing") return "failure";
  return name;
}
function toTransition(word) {
  return TRANSITION_INDEX.get(
    word.trim().toLowerCase().replace(/[\s-]+/g, "_")
  );
}
function toEventName(word) {
  return toTransition(word) ?? toStatus(word);
}
function suggestEventName(word) {
  const w = word.trim().toLowerCase();
  let best;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [alias, name] of [...ALIAS_INDEX, ...TRANSITION_INDEX]) {
    const d = editDistance(w, alias);
    if (d < bestDistance) {
      bestDistance = d;
      best = name;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(w.length / 3)) ? best : void 0;
}
function toStatus(word) {
  return ALIAS_INDEX.get(word.trim().toLowerCase());
}
function suggestStatus(word) {
  const w = word.trim().toLowerCase();
  let best;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [alias, status] of ALIAS_INDEX) {
    const d = editDistance(w, alias);
    if (d < bestDistance) {
      bestDistance = d;
      best = status;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(w.length / 3)) ? best : void 0;
}
function editDistance(a, b) {
  const row2 = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row2[0];
    row2[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row2[j];
      row2[j] = Math.min(row2[j] + 1, row2[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row2[b.length];
}
var STATUSES, STATUS_ALIASES, TRANSITIONS, EVENT_NAMES, TRANSITION_ALIASES, TRANSITION_INDEX, ALIAS_INDEX;
var init_status = __esm({
  "src/pipeline/status.ts"() {
    "use strict";
    STATUSES = ["started", "success", "failure", "cancelled", "skipped", "waiting"];
    STATUS_ALIASES = [
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
      ["ok", "success", "common"]
    ];
    TRANSITIONS = ["broken", "fixed", "still_failing"];
    EVENT_NAMES = [...STATUSES, ...TRANSITIONS];
    TRANSITION_ALIASES = [
      ["back_to_normal", "fixed", "Jenkins (Back to normal)"],
      ["recovered", "fixed", "common"]
    ];
    TRANSITION_INDEX = /* @__PURE__ */ new Map();
    for (const t2 of TRANSITIONS) TRANSITION_INDEX.set(t2, t2);
    for (const [alias, t2] of TRANSITION_ALIASES) TRANSITION_INDEX.set(alias, t2);
    ALIAS_INDEX = /* @__PURE__ */ new Map();
    for (const s2 of STATUSES) ALIAS_INDEX.set(s2, s2);
    for (const [alias, status] of STATUS_ALIASES) ALIAS_INDEX.set(alias.toLowerCase(), status);
  }
});

// src/dingtalk/redact.ts
function keepFour(value) {
  return value.length <= 4 ? "…" : `${value.slice(0, 4)}…`;
}
function redact(text4, known = []) {
  let out = text4;
  for (const value of known) {
    if (value && value.length >= 6) out = out.split(value).join(keepFour(value));
  }
  return out.replace(
    TOKEN_PARAM,
    (_m, key, value) => key + (value.endsWith("…") ? value : keepFour(value))
  ).replace(
    KEY_PARAM,
    (_m, key, value) => key + (value.endsWith("…") ? value : keepFour(value))
  ).replace(
    HOOK_PATH,
    (_m, key, value) => key + (value.endsWith("…") ? value : keepFour(value))
  ).replace(HEADER_TOKEN, (_m, key, value) => key + keepFour(value)).replace(SIGN_PARAM, "$1…").replace(TIMESTAMP_PARAM, "$1…").replace(SECRET, "SEC…");
}
var TOKEN_PARAM, HEADER_TOKEN, SIGN_PARAM, TIMESTAMP_PARAM, SECRET, KEY_PARAM, HOOK_PATH;
var init_redact = __esm({
  "src/dingtalk/redact.ts"() {
    "use strict";
    TOKEN_PARAM = /(access_token=|access_token["']?\s*[:=]\s*["']?)([^&\s"'#)\]}>]+)/gi;
    HEADER_TOKEN = /(x-acs-dingtalk-access-token["']?\s*[:=]\s*["']?)([^\s"',}]+)/gi;
    SIGN_PARAM = /\b(sign=)([^&\s"'#]+)/gi;
    TIMESTAMP_PARAM = /\b(timestamp=)([^&\s"'#]+)/gi;
    SECRET = /\bSEC[A-Za-z0-9+/=_-]{6,}/g;
    KEY_PARAM = /([?&]key=)([^&\s"'#]+)/gi;
    HOOK_PATH = /(\/bot\/v2\/hook\/)([^/?&\s"'#]+)/gi;
  }
});

// src/dingtalk/errors.ts
function fixFor(fix, context, credential = "?") {
  if (context === "cli") return fix;
  const of = `of credential '${credential}' in the config`;
  let out = fix;
  for (const where of Object.values(FIX_WHERE)) {
    out = out.replaceAll(where.cli, where[context].replaceAll(OF_CREDENTIAL, of));
  }
  return out;
}
function row(codes, entry) {
  for (const c of codes) SIMPLE[c] = entry;
}
function description(errmsg) {
  const cut = errmsg.search(/;?\s*(solution|解决方案)\s*[:：]/i);
  return cut > 0 ? errmsg.slice(0, cut) : errmsg;
}
function findIp(text4) {
  const v4 = IPV4.exec(text4)?.[1];
  if (v4) return v4;
  return [...text4.matchAll(IPV6)].map((m) => m[1] ?? "").find((ip) => ip.includes("::") || ip.split(":").length > 3);
}
function securityCase(text4) {
  if (/keyword|关键词|关键字/i.test(text4)) {
    return {
      code: "keywords_missing",
      retryable: false,
      summary: "the message contains none of the robot's keywords",
      fix: `the message lacks one of the robot's keywords: ${FIX_WHERE.keyword.cli}`
    };
  }
  if (/timestamp|时间戳/i.test(text4)) {
    return {
      code: "timestamp_invalid",
      retryable: false,
      summary: "DingTalk rejected the signing timestamp",
      fix: "the clock is more than an hour off DingTalk's: fix this machine's time (NTP) and send again"
    };
  }
  if (/\bsign|签名|加签/i.test(text4)) {
    return {
      code: "signature_mismatch",
      retryable: false,
      summary: "DingTalk rejected the signature",
      fix: `the robot has signing enabled: set its SEC… secret (${FIX_WHERE.secret.cli}); if one is set, it is not this robot's`
    };
  }
  if (/whitelist|allowlist|白名单|\bip\b/i.test(text4)) {
    const ip = findIp(text4);
    const seen = ip ? `DingTalk saw this machine's IP ${ip}` : "DingTalk did not accept this machine's IP";
    return {
      code: "ip_not_allowed",
      retryable: false,
      summary: "this machine's IP is not in the robot's allowlist",
      fix: `${seen}: add it to the robot's IP allowlist (IPv6 egress is a known trap)`
    };
  }
  return void 0;
}
function classifyAnswer(errcode, errmsg) {
  if (errcode === 130101 || errcode === 410100) return THROTTLED;
  if (errcode === 31e4) {
    const found = securityCase(description(errmsg)) ?? securityCase(errmsg);
    return found ?? {
      code: "security_check_failed",
      retryable: false,
      summary: "DingTalk's security check failed",
      fix: "compare the robot's security settings (keywords, signing secret, IP allowlist) with what dingpipe sends"
    };
  }
  return SIMPLE[errcode] ?? {
    code: "unknown_errcode",
    retryable: false,
    summary: "DingTalk answered an errcode dingpipe does not know",
    fix: "look the errcode up in DingTalk's robot errcode reference"
  };
}
function answerError(errcode, errmsg) {
  const c = classifyAnswer(errcode, errmsg);
  return new DingTalkError(c.code, `${c.summary} (errcode ${errcode}: ${errmsg})`, {
    retryable: c.retryable,
    fix: c.fix,
    errcode,
    errmsg,
    retryAfterMs: c.retryAfterMs
  });
}
function httpError(status, retryAfterMs) {
  const retryable = status >= 500 || status === 429;
  return new DingTalkError("http_error", `HTTP ${status} where DingTalk answers 200`, {
    retryable,
    status,
    retryAfterMs,
    fix: retryable ? "the endpoint or a relay in between is failing: try again later" : `${FIX_WHERE.baseUrl.cli} this is not a DingTalk robot endpoint (or a relay rejected the request)`
  });
}
var THROTTLE_WINDOW_MS, DingTalkError, OF_CREDENTIAL, FIX_WHERE, SIMPLE, THROTTLED, IPV4, IPV6;
var init_errors2 = __esm({
  "src/dingtalk/errors.ts"() {
    "use strict";
    init_errors();
    init_redact();
    THROTTLE_WINDOW_MS = 10 * 60 * 1e3;
    DingTalkError = class extends RobotError {
      code;
      constructor(code, message, options = {}) {
        super(code, redact(message), {
          ...options,
          ...options.errmsg === void 0 ? {} : { errmsg: redact(options.errmsg) }
        });
        this.name = "DingTalkError";
        this.code = code;
      }
    };
    OF_CREDENTIAL = "{of credential}";
    FIX_WHERE = {
      webhook: {
        cli: "--webhook or DINGTALK_WEBHOOK",
        service: "and paste it into the robot: console Robots → Edit, or PUT /api/credentials/{name}",
        config: `into webhook: ${OF_CREDENTIAL}, or the variable it names`
      },
      secret: {
        cli: "--secret or DINGTALK_SECRET",
        service: "in the robot: console Robots → Edit, or PUT /api/credentials/{name}",
        config: `secret: ${OF_CREDENTIAL}, or the variable it names`
      },
      keyword: {
        cli: "add one with --keyword / keywords:",
        service: "add one to the robot (console Robots → Edit, or PUT /api/credentials/{name}) or to the custom content",
        config: `add one to keywords: ${OF_CREDENTIAL}, or to the custom content`
      },
      baseUrl: {
        cli: "check the webhook URL / --base-url:",
        service: "check the robot's webhook URL:",
        config: `check webhook: / base_url: ${OF_CREDENTIAL}:`
      },
      timeout: { cli: ", or allow more time with --timeout", service: "", config: "" }
    };
    SIMPLE = {};
    row([-1], {
      code: "system_busy",
      retryable: true,
      summary: "DingTalk is busy",
      fix: "try again in a moment (dingpipe retries this by itself with backoff)"
    });
    row([40035], {
      code: "missing_parameter",
      retryable: false,
      summary: "DingTalk says a parameter is missing",
      fix: "check the webhook URL carries access_token=… and that the body is a JSON message"
    });
    row([43004], {
      code: "bad_content_type",
      retryable: false,
      summary: "DingTalk rejected the Content-Type",
      fix: "send the body as application/json (a relay in between may have changed the Content-Type)"
    });
    row([300001, 300005, 400101, 400106], {
      code: "robot_not_found",
      retryable: false,
      summary: "no robot has this access_token",
      fix: `copy the webhook URL again from the group's robot settings (${FIX_WHERE.webhook.cli})`
    });
    row([400013], {
      code: "group_dissolved",
      retryable: false,
      summary: "the robot's group was dissolved",
      fix: "add a robot to a live group and use its webhook"
    });
    row([400102], {
      code: "robot_disabled",
      retryable: false,
      summary: "the robot is disabled",
      fix: "enable the robot again in the group's robot settings"
    });
    row([400105], {
      code: "unsupported_message_type",
      retryable: false,
      summary: "DingTalk does not support this msgtype",
      fix: "use one of text, markdown, link, actionCard, feedCard (msgtype is case-sensitive)"
    });
    row([430101, 430102, 430103, 430104], {
      code: "unsafe_content",
      retryable: false,
      summary: "DingTalk flagged the message as unsafe",
      fix: "remove or change the flagged link, text or image"
    });
    row([460101, 101002], {
      code: "message_too_long",
      retryable: false,
      summary: "the message is over DingTalk's 20,000-byte limit",
      fix: "shorten the message (merge fewer events, drop long output)"
    });
    row([500100], {
      code: "server_error",
      retryable: true,
      summary: "DingTalk had a server error",
      fix: "try again later (dingpipe retries this by itself with backoff)"
    });
    THROTTLED = {
      code: "throttled",
      retryable: true,
      retryAfterMs: THROTTLE_WINDOW_MS,
      summary: "DingTalk throttled the robot (more than 20 messages in a minute)",
      fix: "wait 10 minutes before sending through this robot again, and send fewer messages (merge events into one summary)"
    };
    IPV4 = /\b(\d{1,3}(?:\.\d{1,3}){3})\b/;
    IPV6 = /(?<![\w:.])([0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})(?![\w:.])/gi;
  }
});

// src/dingtalk/message.ts
var MESSAGE_TYPES, MAX_BODY_BYTES;
var init_message = __esm({
  "src/dingtalk/message.ts"() {
    "use strict";
    MESSAGE_TYPES = ["text", "markdown", "link", "actionCard", "feedCard"];
    MAX_BODY_BYTES = 2e4;
  }
});

// src/dingtalk/builders.ts
function invalid(message, fix) {
  return new DingpipeError("invalid_message", message, { fix });
}
function requireText(value, what) {
  if (typeof value !== "string" || value.trim() === "") {
    throw invalid(`${what} is empty`, `give the message a non-empty ${what}`);
  }
  return value;
}
function requireUrl(value, what) {
  if (typeof value !== "string" || value.trim() === "") {
    throw invalid(`${what} is missing`, `set ${what} to an http(s) or dingtalk:// URL`);
  }
  if (!/^(https?|dingtalk):\/\/\S+$/i.test(value.trim())) {
    throw invalid(
      `${what} is not a URL: ${value.slice(0, 80)}`,
      `set ${what} to an http(s) or dingtalk:// URL`
    );
  }
  return value;
}
function at(mentions2 = {}) {
  const result = {};
  const mobiles = (mentions2.atMobiles ?? []).map((m) => m.trim()).filter((m) => m !== "");
  for (const m of mobiles) {
    if (!/^\+?[\d-]{5,20}$/.test(m)) {
      throw invalid(`'${m}' is not a mobile number`, "@ mentions take the mobile numbers of group members");
    }
  }
  const userIds = (mentions2.atUserIds ?? []).map((u) => u.trim()).filter((u) => u !== "");
  if (mobiles.length > 0) result.atMobiles = [...new Set(mobiles)];
  if (userIds.length > 0) result.atUserIds = [...new Set(userIds)];
  if (mentions2.isAtAll) result.isAtAll = true;
  return Object.keys(result).length > 0 ? result : void 0;
}
function withAt(message, mentions2) {
  const a = at(mentions2);
  return a ? { ...message, at: a } : message;
}
function text2(content, mentions2) {
  return withAt({ msgtype: "text", text: { content: requireText(content, "text") } }, mentions2);
}
function markdown(title2, body, mentions2) {
  return withAt(
    {
      msgtype: "markdown",
      markdown: { title: requireText(title2, "title"), text: requireText(body, "markdown text") }
    },
    mentions2
  );
}
function link(options) {
  const l = {
    title: requireText(options.title, "title"),
    text: requireText(options.text, "link text"),
    messageUrl: requireUrl(options.messageUrl, "messageUrl")
  };
  if (options.picUrl !== void 0 && options.picUrl !== "") l.picUrl = requireUrl(options.picUrl, "picUrl");
  return { msgtype: "link", link: l };
}
function actionCard(options, mentions2) {
  const card2 = {
    title: requireText(options.title, "title"),
    text: requireText(options.text, "actionCard text"),
    singleTitle: requireText(options.singleTitle, "singleTitle"),
    singleURL: requireUrl(options.singleURL, "singleURL")
  };
  if (options.btnOrientation) card2.btnOrientation = orientation(options.btnOrientation);
  return withAt({ msgtype: "actionCard", actionCard: card2 }, mentions2);
}
function actionCardButtons(options, mentions2) {
  if (!Array.isArray(options.buttons) || options.buttons.length === 0) {
    throw invalid("actionCard has no buttons", "give it at least one { title, actionURL } button");
  }
  const btns = options.buttons.map((b, i) => ({
    title: requireText(b.title, `button ${i + 1} title`),
    actionURL: requireUrl(b.actionURL, `button ${i + 1} actionURL`)
  }));
  const card2 = {
    title: requireText(options.title, "title"),
    text: requireText(options.text, "actionCard text"),
    btnOrientation: orientation(options.btnOrientation ?? "0"),
    btns
  };
  return withAt({ msgtype: "actionCard", actionCard: card2 }, mentions2);
}
function orientation(value) {
  if (value !== "0" && value !== "1") {
    throw invalid(
      `btnOrientation '${value}' is neither "0" nor "1"`,
      'use "0" (vertical) or "1" (horizontal)'
    );
  }
  return value;
}
function feedCard(links) {
  if (!Array.isArray(links) || links.length === 0) {
    throw invalid("feedCard has no links", "give it at least one { title, messageURL, picURL } link");
  }
  return {
    msgtype: "feedCard",
    feedCard: {
      links: links.map((l, i) => ({
        title: requireText(l.title, `feedCard link ${i + 1} title`),
        messageURL: requireUrl(l.messageURL, `feedCard link ${i + 1} messageURL`),
        picURL: requireUrl(l.picURL, `feedCard link ${i + 1} picURL`)
      }))
    }
  };
}
function validateMessage(value) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalid(
      "the message is not a JSON object",
      'give an object like {"msgtype":"text","text":{"content":"…"}}'
    );
  }
  const m = value;
  const type = m.msgtype;
  if (typeof type !== "string" || !MESSAGE_TYPES.includes(type)) {
    throw invalid(
      `unknown msgtype ${JSON.stringify(type)}`,
      `msgtype must be one of ${MESSAGE_TYPES.join(", ")} (case-sensitive)`
    );
  }
  const body = m[type];
  if (typeof body !== "object" || body === null) {
    throw invalid(`a ${type} message needs a "${type}" object`, `add "${type}": {…} beside "msgtype"`);
  }
  const b = body;
  const str = (k) => b[k];
  switch (type) {
    case "text":
      return text2(str("content"), m.at);
    case "markdown":
      return markdown(str("title"), str("text"), m.at);
    case "link":
      return link({
        title: str("title"),
        text: str("text"),
        messageUrl: str("messageUrl"),
        picUrl: str("picUrl")
      });
    case "actionCard": {
      const base = {
        title: str("title"),
        text: str("text"),
        btnOrientation: b["btnOrientation"]
      };
      if (b["singleTitle"] !== void 0 || b["singleURL"] !== void 0) {
        return actionCard({ ...base, singleTitle: str("singleTitle"), singleURL: str("singleURL") }, m.at);
      }
      return actionCardButtons({ ...base, buttons: b["btns"] }, m.at);
    }
    default:
      return feedCard(b["links"]);
  }
}
function canMention(message) {
  return message.msgtype === "text" || message.msgtype === "markdown" || message.msgtype === "actionCard";
}
function withMentions(message) {
  if (!canMention(message)) return message;
  const mobiles = message.at?.atMobiles ?? [];
  const current = message.msgtype === "text" ? message.text.content : bodyText(message);
  const missing = mobiles.filter((m) => !current.includes(`@${m}`));
  if (missing.length === 0) return message;
  const line = missing.map((m) => `@${m}`).join(" ");
  if (message.msgtype === "text") return { ...message, text: { content: `${current}
${line}` } };
  const next = `${current}

${line}`;
  if (message.msgtype === "markdown") return { ...message, markdown: { ...message.markdown, text: next } };
  return { ...message, actionCard: { ...message.actionCard, text: next } };
}
function bodyText(message) {
  return message.msgtype === "markdown" ? message.markdown.text : message.actionCard.text;
}
var init_builders = __esm({
  "src/dingtalk/builders.ts"() {
    "use strict";
    init_errors();
    init_message();
  }
});

// src/dingtalk/fit.ts
function bodyBytes(message) {
  return Buffer.byteLength(JSON.stringify(message), "utf8");
}
function tooLong(bytes, maxBytes) {
  return new DingpipeError(
    "message_too_long",
    `the message is ${bytes} bytes and cannot be shortened to ${maxBytes}`,
    { fix: "shorten the title, URLs or mention lists: they are kept whole when the text is cut" }
  );
}
function textSlot(message) {
  switch (message.msgtype) {
    case "text":
      return { get: message.text.content, set: (t2) => ({ ...message, text: { content: t2 } }) };
    case "markdown":
      return {
        get: message.markdown.text,
        set: (t2) => ({ ...message, markdown: { ...message.markdown, text: t2 } })
      };
    case "actionCard":
      return {
        get: message.actionCard.text,
        set: (t2) => ({ ...message, actionCard: { ...message.actionCard, text: t2 } })
      };
    case "link":
      return { get: message.link.text, set: (t2) => ({ ...message, link: { ...message.link, text: t2 } }) };
    default:
      return void 0;
  }
}
function isKept(line, mentions2) {
  if (LINK_LINE.test(line)) return true;
  return mentions2.some((m) => line.includes(m));
}
function largest(max, ok) {
  let lo = 0;
  let hi = max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
function fitMessage(message, maxBytes = MAX_BODY_BYTES, marker = TRUNCATED) {
  const bytes = bodyBytes(message);
  if (bytes <= maxBytes) return { message, fitted: false, bytes };
  if (message.msgtype === "feedCard") {
    const links = message.feedCard.links;
    const fits = (n2) => bodyBytes({ msgtype: "feedCard", feedCard: { links: links.slice(0, n2) } }) <= maxBytes;
    if (!fits(1)) throw tooLong(bytes, maxBytes);
    const n = largest(links.length, (k2) => k2 >= 1 && fits(k2));
    const fitted = { msgtype: "feedCard", feedCard: { links: links.slice(0, n) } };
    return { message: fitted, fitted: true, bytes: bodyBytes(fitted) };
  }
  const slot = textSlot(message);
  if (!slot) throw tooLong(bytes, maxBytes);
  const markdownish = message.msgtype === "markdown" || message.msgtype === "actionCard";
  const sep = markdownish ? "\n\n" : "\n";
  const mentions2 = [
    ..."at" in message && message.at?.atMobiles ? message.at.atMobiles.map((m) => `@${m}`) : [],
    ..."at" in message && message.at?.atUserIds ? message.at.atUserIds.map((u) => `@${u}`) : []
  ];
  const lines = slot.get.split("\n");
  const build2 = (head, cut, kept) => [...head, ...cut === "" ? [] : [cut]].join("\n").replace(/\n+$/, "") + sep + marker + (kept.length > 0 ? sep + kept.join(sep) : "");
  const keptAfter = (n) => lines.slice(n).filter((l) => isKept(l, mentions2));
  const size = (t2) => bodyBytes(slot.set(t2));
  const fitsLines = (n) => size(build2(lines.slice(0, n), "", keptAfter(n))) <= maxBytes;
  if (fitsLines(0)) {
    const n = largest(lines.length, fitsLines);
    let text4 = build2(lines.slice(0, n), "", keptAfter(n));
    if (n === 0) {
      const chars = Array.from(lines[0] ?? "");
      const kept = keptAfter(1);
      const c = largest(chars.length, (k2) => size(build2([], chars.slice(0, k2).join(""), kept)) <= maxBytes);
      if (c > 0) text4 = build2([], chars.slice(0, c).join(""), kept);
    }
    const result2 = slot.set(text4);
    return { message: result2, fitted: true, bytes: bodyBytes(result2) };
  }
  const all = keptAfter(0);
  const mentionLines = all.filter((l) => mentions2.some((m) => l.includes(m)));
  const linkLines = all.filter((l) => !mentionLines.includes(l));
  const withLinks = (k2) => [...linkLines.slice(0, k2), ...mentionLines];
  if (size(build2([], "", mentionLines)) > maxBytes) throw tooLong(bytes, maxBytes);
  const k = largest(linkLines.length, (n) => size(build2([], "", withLinks(n))) <= maxBytes);
  const result = slot.set(build2([], "", withLinks(k)));
  return { message: result, fitted: true, bytes: bodyBytes(result) };
}
function ensureKeyword(message, keywords) {
  const usable = (keywords ?? []).map((k) => k.trim()).filter((k) => k !== "");
  const first = usable[0];
  if (first === void 0) return message;
  const body = bodyOf(message);
  if (usable.some((k) => body.includes(k))) return message;
  const tag = `[${first}] `;
  switch (message.msgtype) {
    case "text":
      return { ...message, text: { content: tag + message.text.content } };
    case "markdown":
      return {
        ...message,
        markdown: { title: prefix(tag, message.markdown.title, first), text: tag + message.markdown.text }
      };
    case "actionCard":
      return {
        ...message,
        actionCard: {
          ...message.actionCard,
          title: prefix(tag, message.actionCard.title, first),
          text: tag + message.actionCard.text
        }
      };
    case "link":
      return { ...message, link: { ...message.link, title: tag + message.link.title } };
    default: {
      const [head, ...rest] = message.feedCard.links;
      if (!head) return message;
      return { ...message, feedCard: { links: [{ ...head, title: tag + head.title }, ...rest] } };
    }
  }
}
function prefix(tag, title2, keyword) {
  return title2.includes(keyword) ? title2 : tag + title2;
}
function bodyOf(message) {
  switch (message.msgtype) {
    case "text":
      return message.text.content;
    case "markdown":
      return message.markdown.text;
    case "actionCard":
      return message.actionCard.text;
    case "link":
      return `${message.link.title}
${message.link.text}`;
    default:
      return message.feedCard.links.map((l) => l.title).join("\n");
  }
}
var TRUNCATED, LINK_LINE;
var init_fit = __esm({
  "src/dingtalk/fit.ts"() {
    "use strict";
    init_errors();
    init_message();
    TRUNCATED = "…truncated";
    LINK_LINE = /\[[^\]]*\]\([^)\s]+\)/;
  }
});

// src/dingtalk/prepare.ts
function prepareMessage(message, options = {}) {
  const valid = validateMessage(message);
  const fit = fitMessage(
    withMentions(ensureKeyword(valid, options.keywords)),
    options.maxBytes ?? MAX_BODY_BYTES,
    options.truncated
  );
  return { message: fit.message, body: JSON.stringify(fit.message), bytes: fit.bytes, fitted: fit.fitted };
}
var init_prepare = __esm({
  "src/dingtalk/prepare.ts"() {
    "use strict";
    init_builders();
    init_fit();
    init_message();
  }
});

// src/dingtalk/rate-limit.ts
function sharedLimiter(rate) {
  const key = `${rate.messages}/${rate.perSeconds}`;
  let limiter = shared.get(key);
  if (!limiter) {
    limiter = new SlidingWindowLimiter(rate);
    shared.set(key, limiter);
  }
  return limiter;
}
var DEFAULT_RATE_LIMIT, realSleep, SlidingWindowLimiter, shared;
var init_rate_limit = __esm({
  "src/dingtalk/rate-limit.ts"() {
    "use strict";
    DEFAULT_RATE_LIMIT = { messages: 20, perSeconds: 60 };
    realSleep = (ms, signal) => new Promise((resolve2, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve2();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    SlidingWindowLimiter = class {
      messages;
      windowMs;
      #now;
      #sleep;
      #lanes = /* @__PURE__ */ new Map();
      constructor(options) {
        if (!(options.messages >= 1) || !(options.perSeconds > 0)) {
          throw new RangeError("rate limit needs messages >= 1 and perSeconds > 0");
        }
        this.messages = Math.floor(options.messages);
        this.windowMs = options.perSeconds * 1e3;
        this.#now = options.now ?? Date.now;
        this.#sleep = options.sleep ?? realSleep;
      }
      /** Waits for a free slot for `key` (queued behind earlier callers); returns its release. */
      acquire(key, signal) {
        let lane = this.#lanes.get(key);
        if (!lane) {
          lane = { slots: [], tail: Promise.resolve() };
          this.#lanes.set(key, lane);
        }
        const current = lane;
        const granted = current.tail.then(() => this.#take(current.slots, signal));
        current.tail = granted.then(
          () => void 0,
          () => void 0
        );
        return granted;
      }
      /** How many slots of `key` count right now (taken within the window or still in flight). */
      inWindow(key) {
        const lane = this.#lanes.get(key);
        if (!lane) return 0;
        this.#prune(lane.slots);
        return lane.slots.length;
      }
      #prune(slots) {
        const now = this.#now();
        for (let i = slots.length - 1; i >= 0; i--) {
          const at2 = slots[i]?.at;
          if (at2 !== void 0 && now - at2 > this.windowMs) slots.splice(i, 1);
        }
      }
      async #take(slots, signal) {
        for (; ; ) {
          signal?.throwIfAborted();
          this.#prune(slots);
          if (slots.length < this.messages) {
            const slot = { at: void 0 };
            slots.push(slot);
            return () => {
              if (slot.at === void 0) slot.at = this.#now();
            };
          }
          const done = slots.map((s2) => s2.at).filter((at2) => at2 !== void 0);
          const wait = done.length === 0 ? 50 : Math.min(...done) + this.windowMs - this.#now() + 1;
          await this.#sleep(Math.max(1, wait), signal);
        }
      }
    };
    shared = /* @__PURE__ */ new Map();
  }
});

// src/dingtalk/retry.ts
function retryPolicy(retry) {
  if (retry === false) return void 0;
  const policy = { ...DEFAULT_RETRY };
  if (retry?.limit !== void 0) policy.limit = retry.limit;
  if (retry?.baseDelayMs !== void 0) policy.baseDelayMs = retry.baseDelayMs;
  if (retry?.maxDelayMs !== void 0) policy.maxDelayMs = retry.maxDelayMs;
  return policy;
}
function decideRetry(error, attempt, policy = DEFAULT_RETRY, random = Math.random) {
  if (attempt >= policy.limit) return { retry: false, reason: "attempt_limit" };
  if (!isRobotError(error)) return { retry: false, reason: "unknown_error" };
  if (error.code === "throttled") return { retry: false, reason: "throttled" };
  if (!error.retryable) return { retry: false, reason: "not_retryable" };
  if (error.retryAfterMs !== void 0) {
    if (error.retryAfterMs > policy.maxDelayMs) return { retry: false, reason: "hint_too_long" };
    return { retry: true, delayMs: Math.max(0, error.retryAfterMs) };
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, delayMs: Math.round(cap / 2 + cap / 2 * random()) };
}
async function withRetries(attempt, options) {
  for (let attempts = 1; ; attempts++) {
    try {
      return { value: await attempt(), attempts };
    } catch (error) {
      const decision = options.policy ? decideRetry(error, attempts, options.policy, options.random) : void 0;
      if (!decision?.retry) {
        if (isRobotError(error)) error.attempts = attempts;
        throw error;
      }
      await options.sleep(decision.delayMs);
    }
  }
}
var DEFAULT_RETRY;
var init_retry = __esm({
  "src/dingtalk/retry.ts"() {
    "use strict";
    init_errors();
    DEFAULT_RETRY = { limit: 3, baseDelayMs: 500, maxDelayMs: 5e3 };
  }
});

// src/dingtalk/sign.ts
function sign(secret, timestampMs) {
  return crypto().createHmac("sha256", secret).update(`${timestampMs}
${secret}`, "utf8").digest("base64");
}
function signedQuery(secret, timestampMs) {
  return `timestamp=${timestampMs}&sign=${encodeURIComponent(sign(secret, timestampMs))}`;
}
var crypto;
var init_sign = __esm({
  "src/dingtalk/sign.ts"() {
    "use strict";
    crypto = () => process.getBuiltinModule("node:crypto");
  }
});

// src/dingtalk/transport.ts
function useEnvProxy(env = process.env) {
  if (proxyReady) return proxyReady;
  if (!PROXY_VARS.some((name) => env[name])) return Promise.resolve();
  if (env["NODE_USE_ENV_PROXY"] === "1" || process.execArgv.includes("--use-env-proxy")) {
    proxyReady = Promise.resolve();
    return proxyReady;
  }
  proxyReady = import("node:http").then((http) => {
    const proxyEnv = {};
    for (const name of [...PROXY_VARS, "NO_PROXY", "no_proxy"]) {
      const value = env[name];
      if (value) proxyEnv[name] = value;
    }
    http.setGlobalProxyFromEnv(proxyEnv);
  });
  return proxyReady;
}
function retryAfter(header, now) {
  if (!header) return void 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1e3);
  const date = Date.parse(header);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - now);
}
function describe(error) {
  const cause = error?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
async function postJson(url, body, options) {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const where = redact(new URL(url).origin + new URL(url).pathname, options.secrets);
  const fail = options.error ?? ((code, message, o) => new DingTalkError(code, message, o));
  try {
    const response = await options.fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body,
      signal
    });
    const text4 = await response.text();
    return {
      status: response.status,
      text: text4,
      retryAfterMs: retryAfter(response.headers.get("retry-after"), Date.now())
    };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw fail("timeout", `no answer from ${where} within ${options.timeoutMs} ms`, {
        retryable: true,
        cause: error,
        fix: `check the network to ${options.service ?? "DingTalk"} (or HTTPS_PROXY)${FIX_WHERE.timeout.cli}`
      });
    }
    throw fail("network_error", `could not reach ${where}: ${redact(describe(error), options.secrets)}`, {
      retryable: true,
      cause: error,
      fix: "check the webhook host, DNS, the network and HTTPS_PROXY / NO_PROXY"
    });
  }
}
var PROXY_VARS, proxyReady;
var init_transport = __esm({
  "src/dingtalk/transport.ts"() {
    "use strict";
    init_errors2();
    init_redact();
    PROXY_VARS = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];
  }
});

// src/dingtalk/client.ts
function configError(message, fix) {
  return new DingpipeError("invalid_robot", message, { fix });
}
function masked(value) {
  return redact(value.slice(0, 120)).replace(/[A-Za-z0-9_-]{16,}/g, (run) => `${run.slice(0, 4)}…`);
}
function parseWebhook(raw) {
  let parsed2;
  try {
    parsed2 = new URL(raw);
  } catch {
    parsed2 = void 0;
  }
  if (parsed2 && /^https?:$/.test(parsed2.protocol)) return parsed2;
  if (/^[A-Za-z0-9_-]{16,}$/.test(raw)) {
    throw configError(
      "the webhook is an access_token alone, not a URL",
      `pass it as the token (--token, DINGTALK_TOKEN or token:), or give the full webhook URL ${FULL_WEBHOOK}`
    );
  }
  if (!raw.includes("://") && /^[\w.-]+(?::\d+)?\//.test(raw)) {
    throw configError(
      `the webhook '${masked(raw)}' lacks its https://`,
      `write the full webhook URL, ${FULL_WEBHOOK}`
    );
  }
  if (parsed2) {
    throw configError(
      `the webhook is a ${masked(parsed2.protocol)} URL, not http(s)`,
      `copy the robot's full webhook URL (${FULL_WEBHOOK})`
    );
  }
  throw configError(
    `the webhook is not a URL: '${masked(raw)}'`,
    `copy the robot's full webhook URL (${FULL_WEBHOOK})`
  );
}
function isPlausibleAccessToken(token) {
  return /^[A-Za-z0-9_-]+$/.test(token);
}
function assertPlausibleToken(token) {
  if (!isPlausibleAccessToken(token)) {
    throw configError(
      "the access_token holds characters no DingTalk token has (a placeholder such as … or <token>?)",
      "copy the real webhook URL from the group's robot settings"
    );
  }
}
function resolveEndpoint(options) {
  let token = options.token?.trim();
  if (options.webhook) {
    const parsed2 = parseWebhook(options.webhook.trim());
    const fromUrl = parsed2.searchParams.get("access_token");
    if (!fromUrl) {
      throw configError(
        `the webhook ${redact(parsed2.origin + parsed2.pathname)} carries no access_token`,
        "copy the robot's full webhook URL, including ?access_token=…"
      );
    }
    token = fromUrl;
    assertPlausibleToken(token);
    if (!options.baseUrl) {
      parsed2.searchParams.delete("timestamp");
      parsed2.searchParams.delete("sign");
      return { url: parsed2.toString(), token };
    }
  }
  if (!token) {
    throw configError(
      "no robot given",
      "pass the robot's webhook URL (--webhook or DINGTALK_WEBHOOK) or its access_token (--token or DINGTALK_TOKEN)"
    );
  }
  assertPlausibleToken(token);
  const base = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]/i.test(base)) {
    throw configError(
      `the base URL '${base}' is not an http(s) URL`,
      "use e.g. --base-url http://127.0.0.1:8080"
    );
  }
  return { url: `${base}/robot/send?access_token=${encodeURIComponent(token)}`, token };
}
function parseAnswer(res) {
  if (res.status !== 200) throw httpError(res.status, res.retryAfterMs);
  let answer2;
  try {
    answer2 = JSON.parse(res.text);
  } catch {
    answer2 = void 0;
  }
  const errcode = answer2?.errcode;
  const errmsg = String(answer2?.errmsg ?? "");
  if (typeof errcode !== "number") {
    throw new DingTalkError("http_error", `the endpoint answered 200 without DingTalk's {errcode, errmsg}`, {
      status: res.status,
      fix: `${FIX_WHERE.baseUrl.cli} this is not a DingTalk robot endpoint`
    });
  }
  if (errcode !== 0) throw answerError(errcode, errmsg);
  return { errmsg };
}
function createRobot(options) {
  const { url, token } = resolveEndpoint(options);
  const secret = options.secret?.trim() || void 0;
  if (secret !== void 0 && !secret.startsWith("SEC")) {
    throw configError(
      "the signing secret does not start with SEC",
      "copy the robot's signing secret (加签) from its security settings: it starts with SEC"
    );
  }
  const secrets = [token, secret];
  const now = options.now ?? Date.now;
  const injectedSleep = options.sleep;
  const sleep = (ms, signal) => injectedSleep ? injectedSleep(ms) : realSleep(ms, signal);
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const keywords = options.keywords ?? [];
  const policy = retryPolicy(options.retry);
  const rate = options.rateLimit === false ? void 0 : options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const limiter = rate === void 0 ? void 0 : options.now || options.sleep ? new SlidingWindowLimiter({ ...rate, now, sleep }) : sharedLimiter(rate);
  const prepare = (message) => prepareMessage(message, {
    keywords,
    ...options.truncated === void 0 ? {} : { truncated: options.truncated }
  });
  async function attempt(body, signal) {
    const release = limiter ? await limiter.acquire(token, signal) : void 0;
    try {
      await useEnvProxy(options.env);
      const target = secret ? `${url}&${signedQuery(secret, now())}` : url;
      return parseAnswer(await postJson(target, body, { fetch: doFetch, timeoutMs, signal, secrets }));
    } finally {
      release?.();
    }
  }
  return {
    endpoint: redact(url),
    prepare,
    async send(message, sendOptions = {}) {
      const prepared = prepare(message);
      const signal = sendOptions.signal;
      const { value, attempts } = await withRetries(() => attempt(prepared.body, signal), {
        policy,
        random: options.random,
        sleep: (ms) => sleep(ms, signal)
      });
      return {
        errcode: 0,
        errmsg: value.errmsg,
        attempts,
        bytes: prepared.bytes,
        fitted: prepared.fitted,
        body: prepared.body
      };
    }
  };
}
var DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, FULL_WEBHOOK;
var init_client = __esm({
  "src/dingtalk/client.ts"() {
    "use strict";
    init_errors();
    init_errors2();
    init_prepare();
    init_rate_limit();
    init_redact();
    init_retry();
    init_sign();
    init_transport();
    DEFAULT_BASE_URL = "https://oapi.dingtalk.com";
    DEFAULT_TIMEOUT_MS = 1e4;
    FULL_WEBHOOK = "https://oapi.dingtalk.com/robot/send?access_token=…";
  }
});

// src/notify/i18n/en.ts
var s, en;
var init_en = __esm({
  "src/notify/i18n/en.ts"() {
    "use strict";
    s = (n, one, other) => `${n} ${n === 1 ? one : other}`;
    en = {
      // "❌ web-release · unit-tests failed": the chat-list title and the message's heading.
      title: (p) => `${p.mark} ${p.pipeline} · ${p.task} ${p.status}`,
      // A whole pipeline run (its task is the pipeline): named once, "❌ CI failed".
      titleRun: (p) => `${p.mark} ${p.pipeline} ${p.status}`,
      // The status word of a title.
      "status.started": "started",
      "status.success": "succeeded",
      "status.failure": "failed",
      "status.cancelled": "cancelled",
      "status.skipped": "skipped",
      "status.waiting": "waiting",
      // The status as the `status` item and digest lines show it, after its mark.
      "state.started": "started",
      "state.success": "success",
      "state.failure": "failure",
      "state.cancelled": "cancelled",
      "state.skipped": "skipped",
      "state.waiting": "waiting",
      // What the event means in the task's history (dingpipe serve derives it), after the title's status:
      // "❌ web-release · deploy failed (still failing)".
      "transition.broken": "newly failing",
      "transition.fixed": "fixed",
      "transition.still_failing": "still failing",
      withTransition: (p) => `${p.status} (${p.transition})`,
      // Content item labels ("- **Branch** main"): one per content item, named like it.
      "label.pipeline": "Pipeline",
      "label.build_number": "Run",
      "label.stage": "Stage",
      "label.task": "Task",
      "label.status": "Status",
      "label.trigger_user": "Triggered by",
      "label.trigger_event": "Trigger",
      "label.repo": "Repository",
      "label.branch": "Branch",
      "label.commit": "Commit",
      "label.commit_message": "Message",
      "label.author": "Author",
      "label.pull_request": "Pull request",
      "label.duration": "Duration",
      "label.started_at": "Started",
      "label.finished_at": "Finished",
      "label.link": "Link",
      // A fact in a plain-text message (WeCom text): "Branch: main".
      plainFact: (p) => `${p.label}: ${p.value}`,
      // The link to the run (the `link` item, the action card's button, digest lines without a number).
      viewRun: "View run",
      // A failed command wrapped by `dingpipe run`: its exit code and the tail of its output.
      exitCode: "Exit code",
      "output.heading": "Last lines of output",
      // The first line of a log tail that leaves lines out: "…truncated (12 earlier lines)".
      "output.omitted": (p) => `…truncated (${s(p.lines, "earlier line", "earlier lines")})`,
      // Fitting a message under DingTalk's limit marks each cut.
      truncated: "…truncated",
      // A run_card notification's event without a run id or number: it goes out as a message saying why.
      noRunCard: "No run id or number in this event, so there is no run card to update: sent as a message.",
      // Mentions: the line that makes them visible.
      "mentions.all": "@all",
      // Digests: one message for a robot's backlog.
      "digest.title": (p) => `dingpipe digest: ${s(p.updates, "update", "updates")}${p.failing ? ` (${p.failing} ❌)` : ""}`,
      "digest.on": (p) => ` on ${p.branch}`,
      // One task's line: "**web-burst · deploy**: 38 success, 4 failure — …"; items of a list joined.
      "digest.line": (p) => `${p.name}: ${p.text}`,
      "digest.sep": ", ",
      // "web-burst · deploy: 38 success, 4 failure — last #50 success 16:03 (UTC+8) · earlier: #48 ▶ started 16:00"
      "digest.statusCount": (p) => `${p.count} ${p.status}`,
      "digest.last": "last ",
      "digest.earlier": (p) => ` · earlier: ${p.states}`,
      "digest.count": (p) => `${p.count}× ${p.state}`,
      "digest.collapsed": (p) => `${p.pipeline}: ${p.updates} more update${p.updates === 1 ? "" : "s"} of ${s(p.tasks, "task", "tasks")}${p.failing ? ` (${p.failing} ❌)` : ""}`,
      "digest.total": (p) => `${p.updates} updates of ${p.tasks} tasks in ${p.pipelines} pipelines${p.failing ? ` (${p.failing} ❌)` : ""}`,
      "digest.rest": (p) => `${p.updates} more update${p.updates === 1 ? "" : "s"} of ${s(p.tasks, "task", "tasks")} in ${s(p.pipelines, "pipeline", "pipelines")}${p.failing ? ` (${p.failing} ❌)` : ""}`,
      "digest.zone": (p) => `Times in ${p.zone}`,
      // Durations: "1h 02m 03s", "3m 05s", "42s", "< 1s".
      "duration.hms": (p) => `${p.h}h ${p.m}m ${p.s}s`,
      "duration.ms": (p) => `${p.m}m ${p.s}s`,
      "duration.s": (p) => `${p.s}s`,
      "duration.subSecond": "< 1s",
      // Run cards (style run_card): the run's state after its name, "❌ Web release #42 failed".
      "card.running": "running",
      "card.waiting": "waiting",
      "card.success": "passed",
      "card.failure": "failed",
      "card.cancelled": "cancelled",
      // The card's button: to the run, else to the pipeline when the run has no link.
      "card.openRun": "Open run",
      "card.openPipeline": "Open pipeline",
      // The line after the tasks a card shows: "… and 12 more tasks".
      "card.moreTasks": (p) => `… and ${s(p.count, "more task", "more tasks")}`,
      // The card's fact of who and what started the run: "lin · push".
      "card.trigger": "Trigger",
      "card.noTasks": "No task has reported yet.",
      // The robot test message of the console and `dingpipe send --test`.
      testMessage: (p) => `dingpipe test message for robot '${p.robot}' ✅`,
      // A notification's test message: its title says so, so nobody mistakes it for a real run.
      testTitle: (p) => `[test] ${p.pipeline}`
    };
  }
});

// src/notify/i18n/zh-CN.ts
var zhCN;
var init_zh_CN = __esm({
  "src/notify/i18n/zh-CN.ts"() {
    "use strict";
    zhCN = {
      title: (p) => `${p.mark} ${p.pipeline} · ${p.task} ${p.status}`,
      titleRun: (p) => `${p.mark} ${p.pipeline} ${p.status}`,
      "status.started": "运行中",
      "status.success": "运行成功",
      "status.failure": "运行失败",
      "status.cancelled": "已取消",
      "status.skipped": "已跳过",
      "status.waiting": "等待中",
      "state.started": "运行中",
      "state.success": "运行成功",
      "state.failure": "运行失败",
      "state.cancelled": "已取消",
      "state.skipped": "已跳过",
      "state.waiting": "等待中",
      "transition.broken": "首次失败",
      "transition.fixed": "已修复",
      "transition.still_failing": "仍未修复",
      withTransition: (p) => `${p.status}（${p.transition}）`,
      "label.pipeline": "流水线",
      "label.build_number": "构建号",
      "label.stage": "阶段",
      "label.task": "任务",
      "label.status": "运行状态",
      "label.trigger_user": "触发人",
      "label.trigger_event": "触发方式",
      "label.repo": "代码仓库",
      "label.branch": "分支",
      "label.commit": "提交",
      "label.commit_message": "提交信息",
      "label.author": "提交人",
      "label.pull_request": "合并请求",
      "label.duration": "耗时",
      "label.started_at": "开始时间",
      "label.finished_at": "结束时间",
      "label.link": "链接",
      plainFact: (p) => `${p.label}：${p.value}`,
      viewRun: "查看详情",
      exitCode: "退出码",
      "output.heading": "输出的最后几行",
      "output.omitted": (p) => `…已截断（前面还有 ${p.lines} 行）`,
      truncated: "…已截断",
      noRunCard: "此事件没有运行 ID 或编号，无法更新运行卡片，故以消息发送。",
      "mentions.all": "@所有人",
      "digest.title": (p) => `dingpipe 汇总：${p.updates} 条更新${p.failing ? `（${p.failing} ❌）` : ""}`,
      "digest.on": (p) => `（分支 ${p.branch}）`,
      "digest.line": (p) => `${p.name}：${p.text}`,
      "digest.sep": "，",
      "digest.statusCount": (p) => `${p.status} ${p.count} 次`,
      "digest.last": "最近 ",
      "digest.earlier": (p) => ` · 之前：${p.states}`,
      "digest.count": (p) => `${p.count}× ${p.state}`,
      "digest.collapsed": (p) => `${p.pipeline}：另有 ${p.tasks} 个任务的 ${p.updates} 条更新${p.failing ? `（${p.failing} ❌）` : ""}`,
      "digest.total": (p) => `${p.pipelines} 条流水线、${p.tasks} 个任务共 ${p.updates} 条更新${p.failing ? `（${p.failing} ❌）` : ""}`,
      "digest.rest": (p) => `另有 ${p.pipelines} 条流水线、${p.tasks} 个任务的 ${p.updates} 条更新${p.failing ? `（${p.failing} ❌）` : ""}`,
      "digest.zone": (p) => `时间均为 ${p.zone}`,
      "duration.hms": (p) => `${p.h}小时${p.m}分${p.s}秒`,
      "duration.ms": (p) => `${p.m}分${p.s}秒`,
      "duration.s": (p) => `${p.s}秒`,
      "duration.subSecond": "不到 1 秒",
      "card.running": "运行中",
      "card.waiting": "等待中",
      "card.success": "运行成功",
      "card.failure": "运行失败",
      "card.cancelled": "已取消",
      "card.openRun": "查看运行",
      "card.openPipeline": "查看流水线",
      "card.moreTasks": (p) => `… 还有 ${p.count} 个任务`,
      "card.trigger": "触发",
      "card.noTasks": "还没有任务上报。",
      testMessage: (p) => `dingpipe 测试消息：机器人“${p.robot}” ✅`,
      testTitle: (p) => `【测试】${p.pipeline}`
    };
  }
});

// src/notify/i18n/time.ts
function parts(timeZone, at2) {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "longOffset"
    });
    formats.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(at2).map((p) => [p.type, p.value]));
}
function isTimeZone(name) {
  if (knownZones.has(name)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
  } catch {
    return false;
  }
  if (knownZones.size < 1e3) knownZones.add(name);
  return true;
}
function systemZone() {
  const tz = process.env["TZ"];
  if (system === void 0 || system.tz !== tz)
    system = { tz, zone: Intl.DateTimeFormat().resolvedOptions().timeZone };
  return system.zone;
}
function defaultTimeZone(env = process.env, system2 = systemZone) {
  const tz = env["TZ"]?.trim().replace(/^:/, "").replace(/^.*\/zoneinfo\//, "");
  if (tz && isTimeZone(tz)) return tz;
  const sys = system2();
  return sys && isTimeZone(sys) ? sys : "UTC";
}
function offsetMinutes(timeZone, at2) {
  const m = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?$/.exec(parts(timeZone, at2)["timeZoneName"] ?? "GMT");
  if (!m || m[1] === void 0) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === "-" ? -minutes : minutes;
}
function zoneLabel(timeZone, at2) {
  const offset = offsetMinutes(timeZone, at2);
  if (offset === 0) return "UTC";
  const abs = Math.abs(offset);
  const minutes = abs % 60;
  return `UTC${offset > 0 ? "+" : "-"}${Math.floor(abs / 60)}${minutes ? `:${String(minutes).padStart(2, "0")}` : ""}`;
}
function instant(iso) {
  const t2 = Date.parse(iso);
  return Number.isNaN(t2) ? void 0 : new Date(t2);
}
function dateTime(iso, timeZone) {
  const at2 = instant(iso);
  if (!at2) return void 0;
  const p = parts(timeZone, at2);
  return `${p["year"]}-${p["month"]}-${p["day"]} ${p["hour"]}:${p["minute"]}:${p["second"]}`;
}
function clockTime(iso, timeZone) {
  const at2 = instant(iso);
  if (!at2) return void 0;
  const p = parts(timeZone, at2);
  return `${p["hour"]}:${p["minute"]}`;
}
function withZone(text4, iso, timeZone) {
  const at2 = instant(iso);
  return at2 ? `${text4} (${zoneLabel(timeZone, at2)})` : text4;
}
function formatDuration(ms, locale2) {
  if (!Number.isFinite(ms) || ms < 0) return void 0;
  const c = MESSAGE_CATALOGS[locale2];
  if (ms < 1e3) return c["duration.subSecond"];
  const total = Math.round(ms / 1e3);
  const h = Math.floor(total / 3600);
  const m = Math.floor(total % 3600 / 60);
  const s2 = total % 60;
  const pad = (n) => String(n).padStart(2, "0");
  if (h > 0) return c["duration.hms"]({ h, m: pad(m), s: pad(s2) });
  if (m > 0) return c["duration.ms"]({ m, s: pad(s2) });
  return c["duration.s"]({ s: s2 });
}
var formats, knownZones, system;
var init_time = __esm({
  "src/notify/i18n/time.ts"() {
    "use strict";
    init_i18n();
    formats = /* @__PURE__ */ new Map();
    knownZones = /* @__PURE__ */ new Set();
  }
});

// src/notify/i18n/index.ts
function t(locale2, key, ...params) {
  const entry = MESSAGE_CATALOGS[locale2][key];
  return typeof entry === "function" ? entry(params[0]) : entry;
}
function itemLabel(locale2, item) {
  return t(locale2, `label.${item}`);
}
function statusWord(locale2, status) {
  return t(locale2, `status.${status}`);
}
function stateWord(locale2, status) {
  return t(locale2, `state.${status}`);
}
function transitionWord(locale2, transition) {
  return t(locale2, `transition.${transition}`);
}
var MESSAGE_LOCALES, DEFAULT_MESSAGE_LOCALE, MESSAGE_CATALOGS;
var init_i18n = __esm({
  "src/notify/i18n/index.ts"() {
    "use strict";
    init_en();
    init_zh_CN();
    init_time();
    MESSAGE_LOCALES = ["zh-CN", "en"];
    DEFAULT_MESSAGE_LOCALE = "zh-CN";
    MESSAGE_CATALOGS = { "zh-CN": zhCN, en };
  }
});

// src/channels/channel.ts
var MAX_DIGEST;
var init_channel = __esm({
  "src/channels/channel.ts"() {
    "use strict";
    MAX_DIGEST = 200;
  }
});

// src/lazy-crypto.ts
var cryptoModule, crypto2;
var init_lazy_crypto = __esm({
  "src/lazy-crypto.ts"() {
    "use strict";
    crypto2 = () => cryptoModule ??= process.getBuiltinModule("node:crypto");
  }
});

// src/channels/robot-key.ts
function robotIdentity(kind2, origin, secret) {
  return `${kind2}
${origin.toLowerCase()}
${secret}`;
}
function keyRobot(identity, keyer = plainKeyer) {
  return identity === void 0 ? void 0 : keyer(identity);
}
var plainKeyer;
var init_robot_key = __esm({
  "src/channels/robot-key.ts"() {
    "use strict";
    init_lazy_crypto();
    plainKeyer = (identity) => {
      const kind2 = identity.slice(0, identity.indexOf("\n"));
      return `${kind2}:${crypto2().createHash("sha256").update(identity, "utf8").digest("base64url")}`;
    };
  }
});

// src/config/interpolate.ts
function interpolate(raw, env) {
  const out = { value: "", references: [], unset: [], empty: [] };
  out.value = raw.replace(REFERENCE, (_match, name, fallback) => {
    out.references.push(name);
    const v = env[name];
    if (v !== void 0 && v !== "") return v;
    if (fallback !== void 0) return fallback;
    (v === void 0 ? out.unset : out.empty).push(name);
    return "";
  });
  const rest = raw.replace(REFERENCE, "");
  const bad4 = rest.indexOf("${");
  if (bad4 >= 0) out.malformed = rest.slice(bad4, rest.indexOf("}", bad4) + 1 || void 0);
  return out;
}
function isLiteral(raw) {
  return !raw.includes("${");
}
function bareVariable(raw) {
  return /^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(raw.trim())?.[1];
}
function ref(name) {
  return "${" + name + "}";
}
var REFERENCE;
var init_interpolate = __esm({
  "src/config/interpolate.ts"() {
    "use strict";
    REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
  }
});

// src/channels/dingtalk/config.ts
function checkDingTalkConfig(check3) {
  const { name, raw, out: c, values, resolve: resolve2, error, warning } = check3;
  const { webhook: w, token: t2, secret: s2, baseUrl: b } = raw;
  if (w && t2) {
    error(
      t2.node,
      `credential '${name}' has both webhook: and token:`,
      "keep one: webhook: (the full URL) or token: (the access_token alone)"
    );
  }
  if (w) {
    if (/access_token=(?!\$\{)[^&\s]/.test(w.value)) {
      warning(
        w.node,
        `the access token is written literally in webhook of credential '${name}': use \${ENV}`,
        `keep the webhook in a CI secret, e.g. DINGTALK_WEBHOOK, and write \`webhook: ${ref("DINGTALK_WEBHOOK")}\``,
        { needle: "access_token=" }
      );
    }
    const value = resolve2(
      w,
      "webhook",
      "set $V in the environment (a CI secret holding the robot's webhook URL)"
    );
    const url = value === void 0 ? void 0 : URL.parse(value.trim());
    const where = `webhook of credential '${name}'${check3.from(w)}`;
    if (value !== void 0 && !url) {
      error(
        w.node,
        `${where} is not a URL`,
        `use the robot's webhook: ${ROBOT_URL}, or token: for the access_token alone`
      );
    } else if (url && url.protocol !== "https:" && url.protocol !== "http:") {
      error(w.node, `${where} is not an http(s) URL`, `use ${ROBOT_URL}`);
    } else if (url) {
      if (url.searchParams.get("access_token") && (url.hostname !== DINGTALK_HOST || url.pathname !== "/robot/send" || url.protocol !== "https:")) {
        warning(
          w.node,
          `${where} is not a DingTalk robot URL (${url.protocol}//${url.host}${url.pathname})`,
          `use ${ROBOT_URL}; for a relay or the emulator write token: with base_url:`
        );
      }
      if (url.searchParams.has("sign") || url.searchParams.has("timestamp")) {
        warning(
          w.node,
          `${where} already carries timestamp/sign`,
          "remove them: dingpipe signs every request with the secret"
        );
      }
      values.webhook = value;
    }
  }
  if (t2) {
    if (isLiteral(t2.value)) {
      warning(
        t2.node,
        `the access token is written literally in token of credential '${name}': use \${ENV}`,
        `keep it in a CI secret, e.g. DINGTALK_TOKEN, and write \`token: ${ref("DINGTALK_TOKEN")}\``
      );
    }
    const value = resolve2(
      t2,
      "token",
      "set $V in the environment (a CI secret holding the robot's access_token)"
    );
    if (value !== void 0) {
      if (/:\/\/|access_token=/.test(value)) {
        error(
          t2.node,
          `token of credential '${name}' holds a URL`,
          "write the full URL as webhook:, or only the access_token value as token:"
        );
      } else if (/\s/.test(value)) {
        error(t2.node, `token of credential '${name}' contains spaces`, "copy the access_token value alone");
      } else c.token = value;
    }
  }
  if (b) {
    if (w) {
      error(
        b.node,
        `base_url of credential '${name}' goes with token:, not webhook:`,
        "remove base_url (the webhook is the whole URL), or write token: instead of webhook:"
      );
    }
    const value = resolve2(b, "base_url", "set $V in the environment, or remove base_url:");
    if (value !== void 0) {
      const u = URL.parse(value);
      if (u?.protocol === "http:" || u?.protocol === "https:") c.baseUrl = value;
      else
        error(
          b.node,
          `base_url of credential '${name}' is not an http(s) URL`,
          "write e.g. http://127.0.0.1:8080"
        );
    }
  }
  if (s2) {
    if (isLiteral(s2.value)) {
      warning(
        s2.node,
        `secret of credential '${name}' is written literally: use \${ENV}`,
        `keep it in a CI secret, e.g. DINGTALK_SECRET, and write \`secret: ${ref("DINGTALK_SECRET")}\``
      );
    }
    values.secret = resolve2(
      s2,
      "secret",
      "set $V in the environment (a CI secret holding the robot's SEC… secret), or remove secret: when the robot does not sign"
    );
  }
}
var DINGTALK_HOST, ROBOT_URL, DINGTALK_CONFIG_KEYS;
var init_config = __esm({
  "src/channels/dingtalk/config.ts"() {
    "use strict";
    init_interpolate();
    DINGTALK_HOST = "oapi.dingtalk.com";
    ROBOT_URL = "https://oapi.dingtalk.com/robot/send?access_token=…";
    DINGTALK_CONFIG_KEYS = [
      "webhook",
      "token",
      "secret",
      "keywords",
      "base_url",
      "rate_limit"
    ];
  }
});

// src/channels/dingtalk/info.ts
var DINGTALK_INFO;
var init_info = __esm({
  "src/channels/dingtalk/info.ts"() {
    "use strict";
    DINGTALK_INFO = {
      kind: "dingtalk",
      label: "DingTalk",
      hosts: ["oapi.dingtalk.com"],
      webhookExample: "https://oapi.dingtalk.com/robot/send?access_token=…",
      bare: { pattern: "^[A-Za-z0-9_-]{16,}$", prefix: "https://oapi.dingtalk.com/robot/send?access_token=" },
      signs: true,
      keywords: { max: 10 },
      defaultRate: { messages: 20, perSeconds: 60 },
      maxRate: { messages: 20, perSeconds: 60 },
      throttleNote: "DingTalk silences a robot for 10 minutes",
      maxBytes: 2e4,
      mentions: { mobiles: true, userIds: false, all: true },
      words: {
        en: {
          name: "DingTalk",
          webhookHelp: "The robot's full webhook (https://oapi.dingtalk.com/robot/send?access_token=…) or the access_token alone.",
          howTo: "Group settings → Group assistant → Add robot → Custom (自定义机器人).",
          secretHelp: "The SEC… secret, when the robot's security setting is “Signature” (加签).",
          keywordsHelp: "The robot's custom keywords (自定义关键词), when it uses them: every message must contain one.",
          mentions: "DingTalk mentions members by mobile number, or everyone."
        },
        "zh-CN": {
          name: "钉钉",
          webhookHelp: "机器人的完整 Webhook 地址（https://oapi.dingtalk.com/robot/send?access_token=…），或只填 access_token。",
          howTo: "群设置 → 智能群助手 → 添加机器人 → 自定义机器人。",
          secretHelp: "机器人安全设置选了“加签”时，填写以 SEC 开头的密钥。",
          keywordsHelp: "机器人安全设置的自定义关键词（如有）：每条消息都必须包含其中一个。",
          mentions: "钉钉按手机号提醒群成员，或提醒所有人。"
        }
      }
    };
  }
});

// src/notify/escape.ts
function lazyRegExp(source) {
  let re;
  return {
    test(s2) {
      re ??= new RegExp(source, "u");
      return re.test(s2);
    }
  };
}
function escapeMarkdown(value, options = {}) {
  const text4 = visible(value.replace(LINE_BREAK, "\n"));
  return text4.split("\n").map((line, i) => escapeLine(line, !(i === 0 && options.midLine))).join("\n");
}
function escapeLine(line, lineStart) {
  let out = line.replace(/[*[\]@`]/g, (c) => ANYWHERE[c] ?? c);
  out = out.replace(/_/g, (c, i, s2) => {
    const before = s2[i - 1] ?? " ";
    const after = s2[i + 1] ?? " ";
    return WORD_CHARACTER.test(before) && WORD_CHARACTER.test(after) ? c : "＿";
  });
  out = out.replace(/<(?=[A-Za-z/!?])/g, "＜");
  out = out.replace(/&(?=#\d{1,7};|#[xX][\da-fA-F]{1,6};|[A-Za-z][A-Za-z\d]{1,31};)/g, "＆");
  out = out.replace(/\\(?=[!-/:-@[-`{-~]|$)/g, "＼");
  out = out.replace(/^[ ]+/, (s2) => " ".repeat(s2.length));
  const lead = lineStart ? /^(\u00a0*)(.)/u.exec(out) : null;
  if (lead) {
    const [, pad = "", first = ""] = lead;
    const rest = out.slice(pad.length + first.length);
    const replaced = LINE_START[first];
    if (replaced) out = pad + replaced + rest;
    else if (/^\d/.test(first))
      out = pad + first + rest.replace(/^(\d*)([.)])/, (_m, d, p) => d + (p === "." ? "．" : "）"));
  }
  return out;
}
function plainText(value) {
  return oneLine(visible(value));
}
function visible(value) {
  return value.replace(/\t/g, " ").replace(INVISIBLE, "").replace(
    JOINER,
    (c, i, s2) => JOINABLE.test(charBefore(s2, i)) && JOINABLE.test(charAfter(s2, i + 1)) ? c : ""
  );
}
function oneLine(value) {
  return value.replace(/\s+/gu, " ").trim();
}
function escapeInline(value, options = {}) {
  return escapeMarkdown(oneLine(value), options);
}
function percent(c) {
  return `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
}
function safeUrl(url) {
  if (typeof url !== "string") return void 0;
  const trimmed = url.trim();
  if (!/^https?:\/\//i.test(trimmed)) return void 0;
  let parsed2;
  try {
    parsed2 = new URL(trimmed);
  } catch {
    return void 0;
  }
  if (parsed2.protocol !== "http:" && parsed2.protocol !== "https:") return void 0;
  if (parsed2.username || parsed2.password) return void 0;
  const rest = `${parsed2.pathname}${parsed2.search}${parsed2.hash}`.replace(LINK_UNSAFE, percent);
  return `${parsed2.protocol}//${parsed2.host}${rest}`;
}
function markdownLink(text4, url) {
  const label = escapeInline(text4, { midLine: true });
  const href = safeUrl(url);
  return href ? `[${label}](${href})` : label;
}
var ANYWHERE, LINE_START, INVISIBLE, JOINER, JOINABLE, WORD_CHARACTER, charBefore, charAfter, LINE_BREAK, LINK_UNSAFE;
var init_escape = __esm({
  "src/notify/escape.ts"() {
    "use strict";
    ANYWHERE = {
      "*": "＊",
      "[": "［",
      "]": "］",
      "@": "＠",
      "`": "｀"
    };
    LINE_START = {
      "#": "＃",
      ">": "＞",
      "-": "－",
      "+": "＋",
      "=": "＝",
      "|": "｜",
      "~": "～"
    };
    INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\u{e0001}]|(?<!\u{1f3f4}[\u{e0020}-\u{e007e}]*)[\u{e0020}-\u{e007f}]/gu;
    JOINER = /[\u200c\u200d]/g;
    JOINABLE = lazyRegExp(
      "\\p{Extended_Pictographic}|\\p{Emoji_Modifier}|\\ufe0f|(?!\\p{ASCII})[\\p{L}\\p{M}]"
    );
    WORD_CHARACTER = lazyRegExp("[\\p{L}\\p{N}]");
    charBefore = (s2, i) => Array.from(s2.slice(Math.max(0, i - 2), i)).at(-1) ?? "";
    charAfter = (s2, i) => String.fromCodePoint(s2.codePointAt(i) ?? 32);
    LINE_BREAK = /\r\n?|[\u2028\u2029]/g;
    LINK_UNSAFE = /[()[\]<>"'`\\ |{}^\u0000-\u001f\u007f]/g;
  }
});

// src/notify/fit.ts
function graphemes(text4) {
  graphemeSegmenter ??= new Intl.Segmenter(void 0, { granularity: "grapheme" });
  return Array.from(graphemeSegmenter.segment(text4), (g) => g.segment);
}
function jsonBytes(s2) {
  return Buffer.byteLength(JSON.stringify(s2), "utf8") - 2;
}
function joinSegments(segments) {
  let text4 = "";
  for (const s2 of segments) {
    const part = s2.head + s2.body;
    if (part === "") continue;
    text4 += (text4 === "" ? "" : s2.sep) + part;
  }
  return text4;
}
function cutChars(chars, budget, fromEnd, extra) {
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const kept = fromEnd ? chars.slice(chars.length - mid).join("") : chars.slice(0, mid).join("");
    if (jsonBytes(extra(kept)) <= budget) lo = mid;
    else hi = mid - 1;
  }
  return fromEnd ? chars.slice(chars.length - lo).join("") : chars.slice(0, lo).join("");
}
function shrinkBody(segment, target, marker = TRUNCATED) {
  const sep = segment.lineSep ?? "\n";
  const prefix2 = segment.linePrefix ?? "";
  const markerLine = prefix2 + marker;
  const keepEnd = segment.shrink === "start";
  const lines = segment.body.split(sep);
  const withMarker = (kept2) => keepEnd ? [markerLine, ...kept2].join(sep) : [...kept2, markerLine].join(sep);
  let kept = lines;
  let size = jsonBytes(withMarker(kept));
  while (kept.length > 1 && size > target) {
    const dropped = keepEnd ? kept[0] : kept[kept.length - 1];
    kept = keepEnd ? kept.slice(1) : kept.slice(0, -1);
    size -= jsonBytes(dropped + sep);
  }
  if (kept.length > 1 || jsonBytes(withMarker(kept)) <= target) {
    return kept.length === lines.length ? segment.body : withMarker(kept);
  }
  const line = kept[0] ?? "";
  const content = line.startsWith(prefix2) ? line.slice(prefix2.length) : line;
  const chars = graphemes(content);
  const mark = (s2) => keepEnd ? `${prefix2}${marker} ${s2}` : `${prefix2}${s2} ${marker}`;
  const cut = cutChars(chars, target, keepEnd, mark);
  return cut === "" ? markerLine : mark(cut.trim());
}
function fitSegments(segments, measure, maxBytes, marker = TRUNCATED) {
  let truncated = false;
  const exhausted = /* @__PURE__ */ new Set();
  for (let guard = 0; guard < 500; guard++) {
    const text4 = joinSegments(segments);
    const total = measure(text4);
    if (total <= maxBytes) return { text: text4, truncated };
    const candidates = segments.filter((s2) => s2.shrink && !exhausted.has(s2) && s2.body !== "").map((s2) => ({ s: s2, size: jsonBytes(s2.body) })).sort((a, b) => b.size - a.size);
    const first = candidates[0];
    if (!first) return { text: text4, truncated };
    const next = candidates[1]?.size ?? 0;
    const over = total - maxBytes;
    const target = Math.max(first.size - over, Math.min(next, Math.floor(first.size * 0.9)), 0);
    const body = shrinkBody(first.s, target, marker);
    if (jsonBytes(body) >= first.size) exhausted.add(first.s);
    else {
      first.s.body = body;
      truncated = true;
      if (body.endsWith(marker) && jsonBytes(body) <= jsonBytes((first.s.linePrefix ?? "") + marker)) {
        exhausted.add(first.s);
      }
    }
  }
  return { text: joinSegments(segments), truncated };
}
var graphemeSegmenter;
var init_fit2 = __esm({
  "src/notify/fit.ts"() {
    "use strict";
    init_fit();
  }
});

// src/notify/format.ts
function statusMark(status) {
  return MARKS[status] ?? "•";
}
function isPipelineLevel(event) {
  const task = event.task.name.trim();
  return task === event.pipeline.name.trim() || task === (event.pipeline.displayName ?? "").trim();
}
function eventDurationMs(event) {
  const { durationMs, startedAt, finishedAt } = event.task;
  if (typeof durationMs === "number" && Number.isFinite(durationMs) && durationMs >= 0) return durationMs;
  if (!startedAt || !finishedAt) return void 0;
  const a = Date.parse(startedAt);
  const b = Date.parse(finishedAt);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a) return void 0;
  return b - a;
}
function shortSha(sha) {
  return sha.slice(0, 7);
}
var MARKS;
var init_format = __esm({
  "src/notify/format.ts"() {
    "use strict";
    MARKS = {
      success: "✅",
      failure: "❌",
      cancelled: "⏹",
      skipped: "⏭",
      waiting: "⏳",
      started: "▶"
    };
  }
});

// src/notify/notice.ts
var DEFAULT_LOCALE;
var init_notice = __esm({
  "src/notify/notice.ts"() {
    "use strict";
    init_i18n();
    DEFAULT_LOCALE = DEFAULT_MESSAGE_LOCALE;
  }
});

// src/notify/content.ts
function clip(value, max) {
  if (value.length <= max) return value;
  const chars = graphemes(value);
  return chars.length <= max ? value : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}
function plain(value, max = MAX_ITEM_CHARS) {
  return escapeInline(clip(value.replace(/\s+/gu, " ").trim(), max), { midLine: true });
}
function link2(text4, url, max = MAX_ITEM_CHARS) {
  return markdownLink(clip(text4.replace(/\s+/gu, " ").trim(), max), url);
}
function runUrl(event) {
  return safeUrl(event.run?.url) ?? safeUrl(event.task.url) ?? safeUrl(event.pipeline.url);
}
function factLabel(key, locale2 = DEFAULT_LOCALE) {
  return itemLabel(locale2, key);
}
function viewRunLabel(locale2 = DEFAULT_LOCALE) {
  return t(locale2, "viewRun");
}
function zonedTime(iso, timeZone) {
  const text4 = dateTime(iso, timeZone);
  return text4 === void 0 ? void 0 : withZone(text4, iso, timeZone);
}
function itemFact(item, event, timeZone, locale2 = DEFAULT_LOCALE) {
  const zone = () => typeof timeZone === "string" ? timeZone : timeZone();
  const { pipeline, run, stage, task, source } = event;
  switch (item) {
    case "pipeline":
      return untrusted(item, pipeline.displayName || pipeline.name, pipeline.url);
    case "build_number":
      return Number.isSafeInteger(run?.number) ? untrusted(item, `#${run?.number}`, run?.url) : void 0;
    case "stage":
      return nonEmpty(stage?.name) ? untrusted(item, stage.name) : void 0;
    case "task":
      return untrusted(item, task.name, task.url);
    case "status":
      return trusted(item, `${statusMark(task.status)} ${stateWord(locale2, task.status)}`);
    case "trigger_user":
      return nonEmpty(run?.trigger?.user) ? untrusted(item, run.trigger.user) : void 0;
    case "trigger_event":
      return nonEmpty(run?.trigger?.event) ? untrusted(item, run.trigger.event) : void 0;
    case "repo":
      return nonEmpty(source?.repo) ? untrusted(item, source.repo) : void 0;
    case "branch":
      return nonEmpty(source?.branch) ? untrusted(item, source.branch) : void 0;
    case "commit":
      return nonEmpty(source?.commit?.sha) ? untrusted(item, shortSha(source.commit.sha), source.commit.url) : void 0;
    case "commit_message":
      return nonEmpty(source?.commit?.message) ? { key: item, text: source.commit.message, untrusted: true, long: true } : void 0;
    case "author":
      return nonEmpty(source?.commit?.author) ? untrusted(item, source.commit.author) : void 0;
    case "pull_request": {
      const pr = source?.pullRequest;
      if (!nonEmpty(pr?.id)) return void 0;
      return untrusted(item, nonEmpty(pr.title) ? `#${pr.id} ${pr.title}` : `#${pr.id}`, pr.url);
    }
    case "duration": {
      const ms = eventDurationMs(event);
      const text4 = ms === void 0 ? void 0 : formatDuration(ms, locale2);
      return text4 === void 0 ? void 0 : trusted(item, text4);
    }
    case "started_at": {
      const text4 = nonEmpty(task.startedAt) ? zonedTime(task.startedAt, zone()) : void 0;
      return text4 === void 0 ? void 0 : trusted(item, text4);
    }
    case "finished_at": {
      const text4 = nonEmpty(task.finishedAt) ? zonedTime(task.finishedAt, zone()) : void 0;
      return text4 === void 0 ? void 0 : trusted(item, text4);
    }
    case "link": {
      const url = runUrl(event);
      return url ? { key: item, text: viewRunLabel(locale2), url, untrusted: false } : void 0;
    }
    default:
      return void 0;
  }
}
function factMarkdown(fact) {
  if (fact.url !== void 0) return link2(fact.text, fact.url);
  if (fact.long) return escapeInline(fact.text, { midLine: true });
  return fact.untrusted ? plain(fact.text) : fact.text;
}
var MAX_ITEM_CHARS, nonEmpty, untrusted, trusted;
var init_content = __esm({
  "src/notify/content.ts"() {
    "use strict";
    init_escape();
    init_fit2();
    init_format();
    init_i18n();
    init_notice();
    MAX_ITEM_CHARS = 300;
    nonEmpty = (s2) => typeof s2 === "string" && s2.trim() !== "";
    untrusted = (key, text4, url) => {
      const safe = safeUrl(url);
      return safe === void 0 ? { key, text: text4, untrusted: true } : { key, text: text4, url: safe, untrusted: true };
    };
    trusted = (key, text4) => ({ key, text: text4, untrusted: false });
  }
});

// src/notify/template.ts
function parse(template) {
  const pieces = [];
  let text4 = "";
  let i = 0;
  while (i < template.length) {
    const at2 = template.indexOf("$", i);
    if (at2 < 0) {
      text4 += template.slice(i);
      break;
    }
    text4 += template.slice(i, at2);
    if (template.startsWith("$${", at2)) {
      text4 += "${";
      i = at2 + 3;
      continue;
    }
    if (template[at2 + 1] === "{") {
      const close = template.indexOf("}", at2 + 2);
      const inner = close < 0 ? "" : template.slice(at2 + 2, close);
      const sep = inner.indexOf(":-");
      const name = sep < 0 ? inner : inner.slice(0, sep);
      if (close >= 0 && NAME.test(name)) {
        if (text4) pieces.push({ literal: text4 });
        text4 = "";
        pieces.push({ name, fallback: sep < 0 ? void 0 : inner.slice(sep + 2) });
        i = close + 1;
        continue;
      }
    }
    text4 += "$";
    i = at2 + 1;
  }
  if (text4) pieces.push({ literal: text4 });
  return pieces;
}
function referencedVariables(template) {
  const names2 = [];
  for (const p of parse(template)) if ("name" in p && !names2.includes(p.name)) names2.push(p.name);
  return names2;
}
function renderTemplate(template, lookup) {
  let text4 = "";
  const unknown = [];
  for (const p of parse(template)) {
    if ("literal" in p) {
      text4 += p.literal;
      continue;
    }
    const value = lookup(p.name);
    if (value !== void 0 && value !== "") text4 += value;
    else if (p.fallback !== void 0) text4 += p.fallback;
    else if (value === void 0 && !unknown.includes(p.name)) unknown.push(p.name);
  }
  return { text: text4, unknown };
}
function builtinVariables(event, options = {}) {
  const locale2 = options.locale ?? DEFAULT_MESSAGE_LOCALE;
  let timeZone;
  const vars = {};
  const putTime = (name, iso) => {
    if (!iso || Number.isNaN(Date.parse(iso))) return;
    Object.defineProperty(vars, name, {
      enumerable: true,
      configurable: true,
      get: () => {
        timeZone ??= options.timeZone ?? defaultTimeZone();
        const value = zonedTime(iso, timeZone);
        Object.defineProperty(vars, name, { value, enumerable: true, configurable: true, writable: true });
        return value;
      }
    });
  };
  const put2 = (name, value) => {
    if (value === void 0) return;
    const s2 = String(value);
    if (s2 !== "") vars[name] = s2;
  };
  const { pipeline, run, stage, task, source } = event;
  put2("DINGPIPE_STATUS", task.status);
  put2("DINGPIPE_STATUS_MARK", statusMark(task.status));
  put2("DINGPIPE_STATUS_TEXT", statusWord(locale2, task.status));
  put2("DINGPIPE_PIPELINE", pipeline.displayName || pipeline.name);
  put2("DINGPIPE_PIPELINE_URL", safeUrl(pipeline.url));
  put2("DINGPIPE_TASK", task.name);
  put2("DINGPIPE_TASK_URL", safeUrl(task.url));
  put2("DINGPIPE_STAGE", stage?.name);
  put2("DINGPIPE_BUILD_NUMBER", Number.isFinite(run?.number) ? run?.number : void 0);
  put2("DINGPIPE_RUN_ID", run?.id);
  put2("DINGPIPE_RUN_URL", safeUrl(run?.url));
  put2("DINGPIPE_TRIGGER_USER", run?.trigger?.user);
  put2("DINGPIPE_TRIGGER_EVENT", run?.trigger?.event);
  put2("DINGPIPE_PROVIDER", source?.provider);
  put2("DINGPIPE_REPO", source?.repo);
  put2("DINGPIPE_BRANCH", source?.branch);
  const commit = source?.commit;
  if (commit?.sha) {
    put2("DINGPIPE_COMMIT", commit.sha);
    put2("DINGPIPE_SHORT_COMMIT", shortSha(commit.sha));
  }
  put2("DINGPIPE_COMMIT_MESSAGE", commit?.message?.replace(/\s+/gu, " ").trim());
  put2("DINGPIPE_COMMIT_URL", safeUrl(commit?.url));
  put2("DINGPIPE_AUTHOR", commit?.author);
  const pr = source?.pullRequest;
  put2("DINGPIPE_PR_ID", pr?.id);
  put2("DINGPIPE_PR_TITLE", pr?.title);
  put2("DINGPIPE_PR_URL", safeUrl(pr?.url));
  putTime("DINGPIPE_STARTED_AT", task.startedAt);
  putTime("DINGPIPE_FINISHED_AT", task.finishedAt);
  const ms = eventDurationMs(event);
  put2("DINGPIPE_DURATION", ms === void 0 ? void 0 : formatDuration(ms, locale2));
  put2("DINGPIPE_EXIT_CODE", Number.isInteger(task.exitCode) ? task.exitCode : void 0);
  put2("DINGPIPE_LOG_TAIL", task.logTail);
  return vars;
}
var BUILTIN_VARIABLES, UNTRUSTED_BUILTINS, NAME;
var init_template = __esm({
  "src/notify/template.ts"() {
    "use strict";
    init_content();
    init_escape();
    init_format();
    init_i18n();
    BUILTIN_VARIABLES = {
      DINGPIPE_STATUS: "canonical task status: started, success, failure, cancelled, skipped or waiting",
      DINGPIPE_STATUS_MARK: "the status mark: ✅ success, ❌ failure, ⏹ cancelled, ⏭ skipped, ⏳ waiting, ▶ started",
      DINGPIPE_STATUS_TEXT: `the status as the title says it, in the message's locale: "运行成功", "运行失败" … ("succeeded", "failed" … in en)`,
      DINGPIPE_PIPELINE: "pipeline name (its display name when the platform has one)",
      DINGPIPE_PIPELINE_URL: "link to the pipeline",
      DINGPIPE_TASK: "task (job) name",
      DINGPIPE_TASK_URL: "link to the task",
      DINGPIPE_STAGE: "stage name",
      DINGPIPE_BUILD_NUMBER: "run (build) number",
      DINGPIPE_RUN_ID: "the platform's run id",
      DINGPIPE_RUN_URL: "link to the run",
      DINGPIPE_TRIGGER_USER: "who triggered the run",
      DINGPIPE_TRIGGER_EVENT: "what triggered the run (push, merge_request, schedule …)",
      DINGPIPE_PROVIDER: "the code host or CI platform (gitee, github, gitlab …)",
      DINGPIPE_REPO: "repository (owner/name)",
      DINGPIPE_BRANCH: "branch",
      DINGPIPE_COMMIT: "full commit sha",
      DINGPIPE_SHORT_COMMIT: "first 7 characters of the commit sha",
      DINGPIPE_COMMIT_MESSAGE: "commit message, on one line",
      DINGPIPE_COMMIT_URL: "link to the commit",
      DINGPIPE_AUTHOR: "commit author",
      DINGPIPE_PR_ID: "pull (merge) request id",
      DINGPIPE_PR_TITLE: "pull (merge) request title",
      DINGPIPE_PR_URL: "link to the pull (merge) request",
      DINGPIPE_STARTED_AT: `when the task started, in the message's time zone ("2026-11-23 16:00:00 (UTC+8)")`,
      DINGPIPE_FINISHED_AT: "when the task finished, in the message's time zone",
      DINGPIPE_DURATION: `how long the task ran, in the message's locale ("3分05秒"; "3m 05s" in en)`,
      DINGPIPE_EXIT_CODE: "exit code of a command wrapped by `dingpipe run`",
      DINGPIPE_LOG_TAIL: "last lines of output of a command wrapped by `dingpipe run`"
    };
    UNTRUSTED_BUILTINS = /* @__PURE__ */ new Set([
      "DINGPIPE_PIPELINE",
      "DINGPIPE_TASK",
      "DINGPIPE_STAGE",
      "DINGPIPE_RUN_ID",
      "DINGPIPE_TRIGGER_USER",
      "DINGPIPE_TRIGGER_EVENT",
      "DINGPIPE_PROVIDER",
      "DINGPIPE_REPO",
      "DINGPIPE_BRANCH",
      "DINGPIPE_COMMIT",
      "DINGPIPE_SHORT_COMMIT",
      "DINGPIPE_COMMIT_MESSAGE",
      "DINGPIPE_AUTHOR",
      "DINGPIPE_PR_ID",
      "DINGPIPE_PR_TITLE",
      "DINGPIPE_LOG_TAIL"
    ]);
    NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
  }
});

// src/notify/mentions.ts
function isMobile(value) {
  return MOBILE.test(value);
}
function isUserId(value) {
  return USER_ID.test(value);
}
function resolveMentions(entries, lookup) {
  const result = { mobiles: [], userIds: [], all: false, dropped: [] };
  for (const entry of entries ?? []) {
    const text4 = renderTemplate(String(entry), lookup).text;
    for (const raw of text4.split(/[,;，；\s]+/u)) {
      const value = raw.trim().replace(/^[@＠]/u, "");
      if (value === "") continue;
      if (value.toLowerCase() === "all" || value === "所有人") result.all = true;
      else if (isMobile(value)) {
        if (!result.mobiles.includes(value)) result.mobiles.push(value);
      } else if (isUserId(value)) {
        if (!result.userIds.includes(value)) result.userIds.push(value);
      } else if (!result.dropped.includes(value)) result.dropped.push(value);
    }
  }
  return result;
}
function isMentionEntry(entry) {
  if (referencedVariables(entry).length > 0) return true;
  const m = resolveMentions([entry], () => void 0);
  return m.dropped.length === 0 && (m.all || m.mobiles.length > 0 || m.userIds.length > 0);
}
function atField(m) {
  if (m.mobiles.length === 0 && !m.all) return void 0;
  const at2 = {};
  if (m.mobiles.length) at2.atMobiles = [...m.mobiles];
  if (m.all) at2.isAtAll = true;
  return at2;
}
function mentionLine(m) {
  return m.mobiles.map((mobile) => `@${mobile}`).join(" ");
}
var MOBILE, USER_ID;
var init_mentions = __esm({
  "src/notify/mentions.ts"() {
    "use strict";
    init_template();
    MOBILE = /^(?:1[3-9]\d{9}|\+\d{1,4}-\d{4,14})$/;
    USER_ID = /^ou_[0-9A-Za-z]{6,64}$/;
  }
});

// src/notify/compose.ts
function wording(rule, ctx) {
  const locale2 = rule?.locale ?? ctx.locale ?? DEFAULT_LOCALE;
  if (rule?.timezone !== void 0) return { locale: locale2, timeZone: rule.timezone };
  let zone;
  return {
    locale: locale2,
    get timeZone() {
      zone ??= ctx.timeZone ?? defaultTimeZone();
      return zone;
    }
  };
}
function titleParts(title2) {
  const pipeline = clip(plainText(title2.pipeline), MAX_NAME_CHARS);
  return title2.task === void 0 ? { pipeline } : { pipeline, task: clip(plainText(title2.task), MAX_NAME_CHARS) };
}
function titleStatus(notice) {
  const locale2 = notice.locale ?? DEFAULT_LOCALE;
  const status = statusWord(locale2, notice.status);
  return notice.transition === void 0 ? status : t(locale2, "withTransition", { status, transition: transitionWord(locale2, notice.transition) });
}
function titleWith(notice, pipeline, task) {
  const locale2 = notice.locale ?? DEFAULT_LOCALE;
  const mark = statusMark(notice.status);
  const status = titleStatus(notice);
  return task === void 0 ? t(locale2, "titleRun", { mark, pipeline, status }) : t(locale2, "title", { mark, pipeline, task, status });
}
function noticeTitle(notice) {
  const { pipeline, task } = titleParts(notice.title);
  return titleWith(notice, pipeline, task);
}
function eventTitle(event) {
  const pipeline = event.pipeline.displayName || event.pipeline.name;
  return isPipelineLevel(event) ? { pipeline } : { pipeline, task: event.task.name };
}
function customLookup(event, ctx) {
  const builtins = builtinVariables(event, ctx);
  const variables = event.variables ?? {};
  const env = ctx.env ?? {};
  return (name) => {
    if (Object.hasOwn(builtins, name)) {
      const value = builtins[name];
      if (!UNTRUSTED_BUILTINS.has(name)) return value;
      return name === "DINGPIPE_LOG_TAIL" ? escapeMarkdown(value).split("\n").join("  \n") : escapeInline(value);
    }
    if (Object.hasOwn(variables, name) && typeof variables[name] === "string")
      return escapeInline(variables[name]);
    if (Object.hasOwn(env, name)) return env[name];
    return void 0;
  };
}
function mentionLookup(event, env = {}) {
  const variables = event.variables ?? {};
  return (name) => Object.hasOwn(variables, name) ? variables[name] : Object.hasOwn(env, name) ? env[name] : void 0;
}
function ruleMentions(rule, lookup) {
  const entries = rule.at ?? [];
  const resolved = resolveMentions(
    entries.filter((e) => !EVERYONE.test(e)),
    lookup
  );
  const all = entries.some((e) => EVERYONE.test(e));
  const dropped = resolved.dropped.filter((d) => d.toLowerCase() !== "all" && d !== "所有人");
  return { mobiles: resolved.mobiles, userIds: resolved.userIds, all, dropped };
}
function logTail(text4) {
  const lines = text4.replace(/\r\n?/g, "\n").split("\n");
  while (lines.length && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length === 0) return void 0;
  return {
    lines: lines.slice(-MAX_LOG_LINES).map((line) => line.trimEnd()),
    omitted: Math.max(0, lines.length - MAX_LOG_LINES)
  };
}
function compose(rule, event, ctx = {}) {
  const words = wording(rule, ctx);
  const { locale: locale2 } = words;
  const zone = () => words.timeZone;
  const facts = [];
  for (const item of rule.content) {
    const fact = itemFact(item, event, zone, locale2);
    if (fact !== void 0) facts.push(fact);
  }
  const mentions2 = ruleMentions(rule, mentionLookup(event, ctx.env));
  const notice = {
    status: event.task.status,
    title: eventTitle(event),
    facts,
    mentions: { mobiles: mentions2.mobiles, userIds: mentions2.userIds, all: mentions2.all },
    style: rule.style ?? "markdown",
    locale: locale2,
    get timeZone() {
      return words.timeZone;
    },
    unknownVariables: [],
    droppedMentions: mentions2.dropped
  };
  if (ctx.transition !== void 0 && rule.events.some(isTransition)) notice.transition = ctx.transition;
  const url = runUrl(event);
  if (url !== void 0) notice.runUrl = url;
  if (rule.custom && rule.custom.trim() !== "") {
    const lookup = customLookup(event, {
      ...ctx.env ? { env: ctx.env } : {},
      locale: locale2,
      get timeZone() {
        return words.timeZone;
      }
    });
    const rendered4 = renderTemplate(rule.custom, lookup);
    notice.unknownVariables = rendered4.unknown;
    const text4 = rendered4.text.replace(/\r\n?/g, "\n").trim();
    if (text4 !== "") notice.custom = text4;
  }
  if (event.task.status === "failure") {
    const { exitCode } = event.task;
    if (typeof exitCode === "number" && Number.isInteger(exitCode)) notice.exitCode = exitCode;
    const tail = event.task.logTail ? logTail(event.task.logTail) : void 0;
    if (tail !== void 0) notice.logTail = tail;
  }
  return notice;
}
var MAX_NAME_CHARS, MAX_LOG_LINES, EVERYONE;
var init_compose = __esm({
  "src/notify/compose.ts"() {
    "use strict";
    init_status();
    init_content();
    init_escape();
    init_format();
    init_i18n();
    init_mentions();
    init_notice();
    init_template();
    MAX_NAME_CHARS = 60;
    MAX_LOG_LINES = 30;
    EVERYONE = /^\s*(all|所有人)\s*$/iu;
  }
});

// src/notify/digest-markdown.ts
function digestTitle(digest) {
  return t(digest.locale ?? DEFAULT_LOCALE, "digest.title", {
    updates: digest.total,
    failing: digest.failing
  });
}
function statusCounts(g, digest) {
  const byStatus = /* @__PURE__ */ new Map();
  for (const status of [...g.earlier.map((e) => e.status), g.status])
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  return [...byStatus].sort((a, b) => b[1] - a[1]).map(
    ([status, count3]) => t(digest.locale, "digest.statusCount", { count: count3, status: stateWord(digest.locale, status) })
  ).join(t(digest.locale, "digest.sep"));
}
function earlierSummary(g, digest) {
  if (g.earlier.length === 0) return "";
  const states = g.earlier.map((e) => {
    const run = e.runNumber === void 0 ? "" : `#${e.runNumber} `;
    const at2 = e.receivedAt === void 0 ? void 0 : clockTime(e.receivedAt, digest.timeZone);
    return `${run}${statusMark(e.status)} ${stateWord(digest.locale, e.status)}${at2 ? ` ${at2}` : ""}`;
  });
  return t(digest.locale, "digest.earlier", { states: states.join(t(digest.locale, "digest.sep")) });
}
function groupLine(g, detail, digest) {
  const { locale: locale2, timeZone } = digest;
  const pipeline = plain(g.title.pipeline, MAX_NAME_CHARS2);
  const name = g.title.task === void 0 ? pipeline : `${pipeline} · ${plain(g.title.task, MAX_NAME_CHARS2)}`;
  const url = g.runUrl;
  const at2 = g.receivedAt === void 0 ? void 0 : clockTime(g.receivedAt, timeZone);
  const when = at2 && g.receivedAt ? ` ${withZone(at2, g.receivedAt, timeZone)}` : "";
  const run = g.runNumber !== void 0 ? link2(`#${g.runNumber}`, url) : url ? `[${viewRunLabel(locale2)}](${url})` : "";
  const branch = g.branch ? t(locale2, "digest.on", { branch: plain(clip(g.branch, 40)) }) : "";
  const several = g.count > 1;
  const latest = `${several ? t(locale2, "digest.last") : ""}${run ? `${run} ` : ""}${stateWord(locale2, g.status)}${when}${branch}`;
  const head = `- ${statusMark(g.status)} `;
  if (!several) return head + t(locale2, "digest.line", { name: `**${name}**`, text: latest });
  const text4 = `${statusCounts(g, digest)} — ${latest}${detail === "full" ? earlierSummary(g, digest) : ""}`;
  return head + t(locale2, "digest.line", { name: `**${name}**`, text: text4 });
}
function restLine(groups, digest, all) {
  return `- ${t(digest.locale, all ? "digest.total" : "digest.rest", {
    updates: groups.reduce((n, g) => n + g.count, 0),
    tasks: groups.length,
    pipelines: new Set(groups.map((g) => g.pipeline)).size,
    failing: groups.filter((g) => g.status === "failure").length
  })}`;
}
function collapsedLine(pipeline, groups, digest) {
  const updates = groups.reduce((n, g) => n + g.count, 0);
  const failing = groups.filter((g) => g.status === "failure").length;
  return `- ${t(digest.locale, "digest.collapsed", {
    pipeline: plain(pipeline, MAX_NAME_CHARS2),
    updates,
    tasks: groups.length,
    failing
  })}`;
}
function fitDigestText(digest, options) {
  const { groups } = digest;
  const mentionText = options.mentionText ?? "";
  const headingOf = options.heading ?? ((t2) => `### ${t2}`);
  let title2 = digestTitle(digest);
  const render = (detailed, full) => {
    const lines2 = groups.slice(0, detailed).map((g, i) => groupLine(g, i < full ? "full" : "counts", digest));
    const byPipeline = /* @__PURE__ */ new Map();
    for (const g of groups.slice(detailed))
      byPipeline.set(g.pipeline, [...byPipeline.get(g.pipeline) ?? [], g]);
    for (const [pipeline, gs] of byPipeline) lines2.push(collapsedLine(pipeline, gs, digest));
    return [headingOf(title2), lines2.join("\n"), mentionText].filter((s2) => s2 !== "").join("\n\n");
  };
  const fits = (d, f) => options.fits(title2, render(d, f));
  const choose = () => {
    const n = groups.length;
    if (fits(n, n)) return render(n, n);
    let lo = 0;
    let hi = n;
    if (fits(n, 0)) {
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (fits(n, mid)) lo = mid;
        else hi = mid - 1;
      }
      return render(n, lo);
    }
    lo = 0;
    hi = n;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fits(mid, 0)) lo = mid;
      else hi = mid - 1;
    }
    if (lo > 0 || fits(0, 0)) return render(lo, 0);
    const withRest = (detailed) => {
      const lines2 = groups.slice(0, detailed).map((g) => groupLine(g, "counts", digest));
      lines2.push(restLine(groups.slice(detailed), digest, detailed === 0));
      return [headingOf(title2), lines2.join("\n"), mentionText].filter((x) => x !== "").join("\n\n");
    };
    lo = 0;
    hi = n - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (options.fits(title2, withRest(mid))) lo = mid;
      else hi = mid - 1;
    }
    return withRest(lo);
  };
  let text4 = choose();
  const keywords = (options.keywords ?? []).filter((k) => k.trim() !== "");
  const searchable = options.searchable ?? ((t2) => t2);
  if (keywords.length && !keywords.some((k) => title2.includes(k) || searchable(text4).includes(k))) {
    title2 = `${title2} 【${plainText(keywords[0])}】`;
    text4 = choose();
  }
  const lines = mentionText !== "" && text4.endsWith(`

${mentionText}`) ? text4.slice(0, -mentionText.length - 2) : text4;
  return { title: title2, lines, text: text4 };
}
var MAX_NAME_CHARS2;
var init_digest_markdown = __esm({
  "src/notify/digest-markdown.ts"() {
    "use strict";
    init_content();
    init_escape();
    init_format();
    init_i18n();
    init_notice();
    MAX_NAME_CHARS2 = 60;
  }
});

// src/channels/dingtalk/render.ts
function headingLine(notice, keyword) {
  const pipeline = plain(notice.title.pipeline, 60);
  const task = notice.title.task === void 0 ? void 0 : plain(notice.title.task, 60);
  const suffix = keyword ? ` 【${plainText(keyword)}】` : "";
  return `### ${titleWith(notice, pipeline, task)}${suffix}`;
}
function actionCardUrl(notice) {
  return notice.style === "action_card" ? notice.runUrl : void 0;
}
function segmentsOf(notice, keyword) {
  const card2 = actionCardUrl(notice) !== void 0;
  const segments = [{ sep: "", head: headingLine(notice, keyword), body: "" }];
  let first = true;
  for (const fact of notice.facts) {
    if (card2 && fact.key === "link") continue;
    const sep = first ? "\n\n" : "\n";
    first = false;
    const value = factMarkdown(fact);
    if (fact.key === "link") segments.push({ sep, head: `- ${value}`, body: "" });
    else if (fact.long) {
      segments.push({
        sep,
        head: `- **${factLabel(fact.key, notice.locale)}** `,
        body: value,
        shrink: "end"
      });
    } else segments.push({ sep, head: `- **${factLabel(fact.key, notice.locale)}** ${value}`, body: "" });
  }
  if (notice.custom !== void 0)
    segments.push({ sep: "\n\n", head: "", body: notice.custom, shrink: "end" });
  if (notice.exitCode !== void 0) {
    segments.push({ sep: "\n\n", head: `**${t(notice.locale, "exitCode")}** ${notice.exitCode}`, body: "" });
  }
  if (notice.logTail !== void 0) {
    const shown = notice.logTail.lines.map((line) => `> ${escapeMarkdown(line)}`);
    const { omitted } = notice.logTail;
    const lines = omitted > 0 ? [`> ${t(notice.locale, "output.omitted", { lines: omitted })}`, ...shown] : shown;
    segments.push({
      sep: "\n\n",
      head: `**${t(notice.locale, "output.heading")}**

`,
      body: lines.join("  \n"),
      shrink: "start",
      lineSep: "  \n",
      linePrefix: "> "
    });
  }
  return segments;
}
function build(notice, title2, text4, at2) {
  const url = actionCardUrl(notice);
  if (url) {
    return {
      msgtype: "actionCard",
      actionCard: {
        title: title2,
        text: text4,
        singleTitle: viewRunLabel(notice.locale),
        singleURL: url,
        btnOrientation: "0"
      },
      ...at2 ? { at: at2 } : {}
    };
  }
  return { msgtype: "markdown", markdown: { title: title2, text: text4 }, ...at2 ? { at: at2 } : {} };
}
function hasKeyword(title2, text4, keywords) {
  return keywords.some((k) => k !== "" && (title2.includes(k) || text4.includes(k)));
}
function renderNotice(notice, options = {}) {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  const { mobiles } = notice.mentions;
  const at2 = atField({ mobiles, all: notice.mentions.all });
  const keywords = (options.keywords ?? []).filter((k) => k.trim() !== "");
  const attempt = (keyword, mentionEveryone) => {
    const title2 = noticeTitle(notice) + (keyword ? ` 【${plainText(keyword)}】` : "");
    const segments = segmentsOf(notice, keyword);
    const written = segments.map((s2) => s2.head + s2.body).join("\n");
    const shown = mentionEveryone ? [] : mobiles.filter((m) => written.includes(`@${m}`));
    const tail = mentionLine({ mobiles: mobiles.filter((m) => !shown.includes(m)) });
    if (tail) segments.push({ sep: "\n\n", head: tail, body: "" });
    const fitted = fitSegments(
      segments,
      (text4) => bodyBytes(build(notice, title2, text4, at2)),
      maxBytes,
      t(notice.locale, "truncated")
    );
    const complete = shown.every((m) => fitted.text.includes(`@${m}`));
    return { title: title2, text: fitted.text, truncated: fitted.truncated, complete };
  };
  const run = (keyword) => {
    const r = attempt(keyword, false);
    return r.complete ? r : attempt(keyword, true);
  };
  let result = run();
  if (keywords.length && !hasKeyword(result.title, result.text, keywords)) result = run(keywords[0]);
  const message = build(notice, result.title, result.text, at2);
  return {
    message,
    truncated: result.truncated,
    bytes: bodyBytes(message),
    unmentionable: [...notice.mentions.userIds]
  };
}
function renderDigest(digest, options = {}) {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  const at2 = atField({ mobiles: digest.mentions.mobiles, all: digest.mentions.all });
  const build2 = (title3, text5) => ({
    msgtype: "markdown",
    markdown: { title: title3, text: text5 },
    ...at2 ? { at: at2 } : {}
  });
  const { title: title2, text: text4 } = fitDigestText(digest, {
    fits: (t2, x) => bodyBytes(build2(t2, x)) <= maxBytes,
    mentionText: mentionLine({ mobiles: digest.mentions.mobiles }),
    keywords: options.keywords ?? []
  });
  const message = build2(title2, text4);
  return {
    message,
    truncated: false,
    bytes: bodyBytes(message),
    unmentionable: [...digest.mentions.userIds]
  };
}
var init_render = __esm({
  "src/channels/dingtalk/render.ts"() {
    "use strict";
    init_fit();
    init_message();
    init_compose();
    init_content();
    init_digest_markdown();
    init_escape();
    init_fit2();
    init_i18n();
    init_mentions();
  }
});

// src/channels/dingtalk/index.ts
function rendered(r) {
  return {
    body: r.message,
    type: r.message.msgtype,
    bytes: r.bytes,
    maxBytes: DINGTALK_INFO.maxBytes,
    truncated: r.truncated,
    unmentionable: r.unmentionable
  };
}
function dingtalkHint(webhook) {
  try {
    const url = new URL(webhook);
    const token = url.searchParams.get("access_token");
    return token ? `${url.host} access_token=${token.length > 8 ? token.slice(0, 4) : ""}…` : url.host;
  } catch {
    return "(invalid webhook)";
  }
}
function endpointOf(c) {
  return {
    ...c.webhook === void 0 ? {} : { webhook: c.webhook },
    ...c.token === void 0 ? {} : { token: c.token },
    ...c.baseUrl === void 0 ? {} : { baseUrl: c.baseUrl }
  };
}
var BARE_TOKEN, dingtalkChannel;
var init_dingtalk = __esm({
  "src/channels/dingtalk/index.ts"() {
    "use strict";
    init_client();
    init_errors2();
    init_errors();
    init_i18n();
    init_channel();
    init_robot_key();
    init_config();
    init_info();
    init_render();
    BARE_TOKEN = /^[A-Za-z0-9_-]{16,}$/;
    dingtalkChannel = {
      info: DINGTALK_INFO,
      configKeys: DINGTALK_CONFIG_KEYS,
      checkConfig: checkDingTalkConfig,
      throttleMs: THROTTLE_WINDOW_MS,
      burstWindows: [],
      maxDigest: MAX_DIGEST,
      render: (notice, options = {}) => rendered(renderNotice(notice, options.keywords === void 0 ? {} : { keywords: options.keywords })),
      renderDigest: (digest, options = {}) => rendered(renderDigest(digest, options.keywords === void 0 ? {} : { keywords: options.keywords })),
      normalizeWebhook(input2) {
        const value = input2.trim();
        if (BARE_TOKEN.test(value)) return `https://oapi.dingtalk.com/robot/send?access_token=${value}`;
        let url;
        try {
          url = new URL(value);
        } catch {
          throw new DingpipeError("bad_webhook", "the webhook is not a URL", {
            fix: `paste the robot's full webhook URL: ${DINGTALK_INFO.webhookExample}, or its access_token alone`
          });
        }
        const token = url.searchParams.get("access_token");
        if (!token) {
          throw new DingpipeError("bad_webhook", "the webhook has no access_token parameter", {
            fix: `copy the whole webhook URL from the robot's settings: ${DINGTALK_INFO.webhookExample}`
          });
        }
        if (!isPlausibleAccessToken(token)) {
          throw new DingpipeError(
            "bad_webhook",
            "the webhook's access_token holds characters no DingTalk token has (a placeholder such as … or <token>?)",
            { fix: "copy the real webhook URL from the group's robot settings" }
          );
        }
        return value;
      },
      robotIdentity(credential) {
        try {
          const { url, token } = resolveEndpoint(endpointOf(credential));
          return robotIdentity("dingtalk", new URL(url).origin, token);
        } catch {
          return void 0;
        }
      },
      robotKey(credential, keyer) {
        return keyRobot(dingtalkChannel.robotIdentity(credential), keyer);
      },
      hint: dingtalkHint,
      client(credential, options = {}) {
        const robot = createRobot({
          ...endpointOf(credential),
          secret: credential.secret,
          keywords: [...credential.keywords ?? []],
          ...options.rateLimit === void 0 ? {} : { rateLimit: options.rateLimit },
          ...options.retry === void 0 ? {} : { retry: options.retry },
          ...options.timeoutMs === void 0 ? {} : { timeoutMs: options.timeoutMs },
          ...options.fetch === void 0 ? {} : { fetch: options.fetch },
          ...options.now === void 0 ? {} : { now: options.now },
          ...options.sleep === void 0 ? {} : { sleep: options.sleep },
          ...options.random === void 0 ? {} : { random: options.random },
          ...options.env === void 0 ? {} : { env: options.env },
          // A cut marked like the rendered message's, in the client's language ("…已截断" by default).
          truncated: t(options.locale ?? DEFAULT_MESSAGE_LOCALE, "truncated")
        });
        return {
          endpoint: robot.endpoint,
          prepare(body) {
            const prepared = robot.prepare(body);
            return { body: prepared.message, text: prepared.body, bytes: prepared.bytes };
          },
          send: (body, sendOptions) => robot.send(body, sendOptions)
        };
      },
      testMessage(name, keywords, locale2 = DEFAULT_MESSAGE_LOCALE) {
        const keyword = keywords[0];
        return {
          msgtype: "text",
          text: { content: `${t(locale2, "testMessage", { robot: name })}${keyword ? ` ${keyword}` : ""}` }
        };
      }
    };
  }
});

// src/dingtalk-app/errors.ts
function isAppRobotError(value, code) {
  return value instanceof AppRobotError && (code === void 0 || value.code === code);
}
function endsWithCode(code, suffix) {
  return code === suffix || code.endsWith(`.${suffix}`) || code.toLowerCase() === suffix.toLowerCase();
}
function classifyAppAnswer(status, code) {
  if (code) {
    for (const [suffixes, entry] of ROWS) {
      if (suffixes.some((s2) => endsWithCode(code, s2))) return entry;
    }
  }
  if (status === 429) {
    return { ...ROWS.find(([s2]) => s2.includes("Throttling"))?.[1] };
  }
  if (status >= 500) {
    return {
      code: "server_error",
      retryable: true,
      summary: `DingTalk answered HTTP ${status}`,
      fix: "try again later (dingpipe retries this by itself with backoff)"
    };
  }
  return {
    code: "unknown_error",
    retryable: false,
    summary: "DingTalk answered a code dingpipe does not know",
    fix: "look the code up in DingTalk's server API error codes (open.dingtalk.com → 服务端错误码)"
  };
}
function appAnswerError(status, answer2, secrets = [], retryAfterMs) {
  const c = classifyAppAnswer(status, answer2.code);
  const said2 = [answer2.code, answer2.message].filter(Boolean).join(": ");
  return new AppRobotError(c.code, `${c.summary} (HTTP ${status}${said2 ? `, ${said2}` : ""})`, {
    retryable: c.retryable,
    fix: c.fix,
    dingtalkCode: answer2.code,
    dingtalkMessage: answer2.message,
    requestId: answer2.requestid,
    status,
    retryAfterMs: retryAfterMs ?? c.retryAfterMs,
    secrets
  });
}
var QPS_RETRY_MS, AppRobotError, CREDENTIALS_FIX, ROWS;
var init_errors3 = __esm({
  "src/dingtalk-app/errors.ts"() {
    "use strict";
    init_redact();
    init_errors();
    QPS_RETRY_MS = 1e3;
    AppRobotError = class extends DingpipeError {
      code;
      /** DingTalk's `code` (`InvalidAuthentication`, `invalidParameter.robotCode.notExsit`…), when it answered. */
      dingtalkCode;
      /** DingTalk's `message` (redacted), as it came. */
      dingtalkMessage;
      /** DingTalk's `requestid`, to quote to DingTalk's support. */
      requestId;
      /** The HTTP status, when there was an answer. */
      status;
      /** When it may be tried again at the earliest. */
      retryAfterMs;
      /** How many HTTP requests the call made (token requests not counted); set by the client. */
      attempts;
      constructor(code, message, options = {}) {
        super(code, redact(message, options.secrets), {
          ...options,
          fix: options.fix === void 0 ? void 0 : redact(options.fix, options.secrets)
        });
        this.name = "AppRobotError";
        this.code = code;
        this.dingtalkCode = options.dingtalkCode;
        this.dingtalkMessage = options.dingtalkMessage === void 0 ? void 0 : redact(options.dingtalkMessage, options.secrets);
        this.requestId = options.requestId;
        this.status = options.status;
        this.retryAfterMs = options.retryAfterMs;
        this.attempts = 0;
      }
    };
    CREDENTIALS_FIX = "copy the app's AppKey (Client ID) and AppSecret (Client Secret) again from the DingTalk developer console → your app → Credentials & basic info (the secret is case-sensitive)";
    ROWS = [
      [
        ["invalidClientIdOrSecret", "invalidAppKeyOrSecret"],
        {
          code: "invalid_app_credentials",
          retryable: false,
          summary: "DingTalk refused the app's AppKey/AppSecret",
          fix: CREDENTIALS_FIX
        }
      ],
      [
        ["InvalidAuthentication", "MissingAuthentication"],
        {
          code: "token_rejected",
          retryable: false,
          summary: "DingTalk refused a freshly issued access token",
          fix: "check that the AppKey and AppSecret belong to the app that owns the robot, and that base_url points at DingTalk (or one emulator for both calls)"
        }
      ],
      [
        ["robotCode.auth"],
        {
          code: "robot_not_owned",
          retryable: false,
          summary: "the app does not own this robotCode",
          fix: "use the robotCode of this app's own robot (developer console → your app → Robot: RobotCode, usually the app's Client ID), or the AppKey/AppSecret of the app that owns it"
        }
      ],
      [
        ["robotCode.notExsit", "robotCode.notExist", "robotCode.invalid", "robotCode.empty"],
        {
          code: "robot_not_found",
          retryable: false,
          summary: "DingTalk knows no such robot in this group",
          fix: "check robot_code (the app robot's RobotCode, not the AgentId), that the robot capability is published with a new app version, and that the robot was added to the group of conversation_id"
        }
      ],
      [
        ["bot.stopped", "robot.stopped"],
        {
          code: "robot_stopped",
          retryable: false,
          summary: "the app robot is stopped",
          fix: "start the robot again in the developer console (your app → Robot) and publish the app version"
        }
      ],
      [
        ["Forbidden.AccessDenied.AccessTokenPermissionDenied", "send.forbidden", "AccessTokenPermissionDenied"],
        {
          code: "no_send_permission",
          retryable: false,
          summary: "the app may not send robot messages",
          fix: "grant the app the permission qyapi_robot_sendmsg (developer console → your app → Permissions) and publish a new version"
        }
      ],
      [
        ["msgParam.tooLong"],
        {
          code: "message_too_long",
          retryable: false,
          summary: "the message is over DingTalk's 15,000-byte msgParam limit",
          fix: "shorten the message (fewer facts, shorter custom content or log tail)"
        }
      ],
      [
        ["msgKey.invalid", "msgKey.empty", "msgParam.invalid", "msgParam.empty", "msg.unsupport", "Invalidbody"],
        {
          code: "invalid_message",
          retryable: false,
          summary: "DingTalk refused the message's msgKey or msgParam",
          fix: "use one of DingTalk's msgKeys (sampleMarkdown, sampleActionCard…) with its msgParam as a JSON string of the fields it needs; report this to dingpipe if dingpipe built it"
        }
      ],
      [
        ["cardData.invalid", "cardTemplateId.invalid", "cardBizId.empty"],
        {
          code: "invalid_card",
          retryable: false,
          summary: "DingTalk refused the card",
          fix: "send cardTemplateId StandardCard with cardData as a JSON string of the card (header, contents) and a cardBizId; report this to dingpipe if dingpipe built it"
        }
      ],
      [
        ["cardBizId.notExist", "card.notExist", "cardBizId.notExsit"],
        {
          code: "card_not_found",
          retryable: false,
          summary: "DingTalk knows no card with this cardBizId",
          fix: "send the card first (interactiveCards/send with this cardBizId), then update it"
        }
      ],
      [
        ["QpsLimitForAppkeyAndApi", "QpsLimitForApi", "QpsLimitForAppkey", "Throttling"],
        {
          code: "throttled",
          retryable: true,
          retryAfterMs: QPS_RETRY_MS,
          summary: "DingTalk limited the app's calls per second",
          fix: "send more slowly: DingTalk allows about 20 calls a second per app and API (dingpipe waits a second and tries again)"
        }
      ],
      [
        ["ApiCountLimitForOrg", "90020"],
        {
          code: "quota_exhausted",
          retryable: false,
          summary: "the organization's monthly DingTalk API quota is used up",
          fix: "wait for next month's quota or raise it with a larger DingTalk plan; send fewer calls (a run card sends one call per update, coalesced)"
        }
      ],
      [
        ["ServiceUnavailable", "SystemError", "InternalError", "systemError", "system.busy"],
        {
          code: "server_error",
          retryable: true,
          summary: "DingTalk had a server error",
          fix: "try again later (dingpipe retries this by itself with backoff)"
        }
      ]
    ];
  }
});

// src/dingtalk-app/card.ts
function standardCard(options) {
  return {
    config: { autoLayout: true, enableForward: true },
    header: {
      title: { type: "text", text: options.title },
      ...options.logo === void 0 ? {} : { logo: options.logo }
    },
    contents: options.contents
  };
}
function cardMarkdown(id, text4) {
  return { type: "markdown", id, text: text4 };
}
function cardDivider(id) {
  return { type: "divider", id };
}
function cardLinks(id, links) {
  return {
    type: "action",
    id,
    actions: links.map((link3, i) => ({
      type: "button",
      id: `${id}-${i + 1}`,
      label: { type: "text", text: link3.label },
      actionType: "openLink",
      url: { all: link3.url },
      status: i === 0 ? "primary" : "normal"
    }))
  };
}
function checkCardBizId(cardBizId) {
  if (!CARD_BIZ_ID.test(cardBizId)) {
    throw new AppRobotError(
      "invalid_card",
      `the cardBizId '${cardBizId.slice(0, 80)}' is not 1–64 letters, digits or -_.:`,
      {
        fix: "derive the cardBizId from stable ids (dingpipe's run cards use a hash of source, pipeline and run)"
      }
    );
  }
}
function encodeCardData(card2) {
  if (!card2.header?.title?.text) {
    throw new AppRobotError("invalid_card", "the card has no header title", {
      fix: "give the card a header title"
    });
  }
  return JSON.stringify(card2);
}
var STANDARD_CARD, CARD_BIZ_ID;
var init_card = __esm({
  "src/dingtalk-app/card.ts"() {
    "use strict";
    init_errors3();
    STANDARD_CARD = "StandardCard";
    CARD_BIZ_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
  }
});

// src/dingtalk-app/http.ts
function retryAfter2(header) {
  if (!header) return void 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1e3);
  const date = Date.parse(header);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - Date.now());
}
function describe2(error) {
  const cause = error?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
async function callJson(method, url, body, token, options) {
  await useEnvProxy(options.env);
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const where = `${method} ${new URL(url).origin}${new URL(url).pathname}`;
  const headers = { "content-type": "application/json; charset=utf-8" };
  if (token !== void 0) headers["x-acs-dingtalk-access-token"] = token;
  let response;
  let text4;
  try {
    response = await options.fetch(url, { method, headers, body: JSON.stringify(body), signal });
    text4 = await response.text();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw new AppRobotError("timeout", `no answer from ${where} within ${options.timeoutMs} ms`, {
        retryable: true,
        cause: error,
        fix: "check the network to api.dingtalk.com (or HTTPS_PROXY)",
        secrets: options.secrets
      });
    }
    throw new AppRobotError("network_error", `could not reach ${where}: ${describe2(error)}`, {
      retryable: true,
      cause: error,
      fix: "check base_url, DNS, the network and HTTPS_PROXY / NO_PROXY",
      secrets: options.secrets
    });
  }
  let answer2;
  try {
    answer2 = text4 === "" ? {} : JSON.parse(text4);
  } catch {
    answer2 = void 0;
  }
  const object = typeof answer2 === "object" && answer2 !== null && !Array.isArray(answer2) ? answer2 : void 0;
  if (response.ok && object) return object;
  const code = typeof object?.["code"] === "string" ? object["code"] : void 0;
  if (!response.ok && code !== void 0) {
    throw appAnswerError(
      response.status,
      {
        code,
        ...typeof object?.["message"] === "string" ? { message: object["message"] } : {},
        ...typeof object?.["requestid"] === "string" ? { requestid: object["requestid"] } : {}
      },
      options.secrets,
      retryAfter2(response.headers.get("retry-after"))
    );
  }
  const retryable = response.status >= 500 || response.status === 429;
  if (retryable) {
    throw appAnswerError(
      response.status,
      {},
      options.secrets,
      retryAfter2(response.headers.get("retry-after"))
    );
  }
  throw new AppRobotError(
    "http_error",
    response.ok ? `${where} answered HTTP ${response.status} without DingTalk's JSON` : `${where} answered HTTP ${response.status} without DingTalk's {code, message}`,
    {
      status: response.status,
      fix: "check base_url: it must be https://api.dingtalk.com (or the emulator), not the webhook robots' oapi.dingtalk.com",
      secrets: options.secrets
    }
  );
}
var init_http = __esm({
  "src/dingtalk-app/http.ts"() {
    "use strict";
    init_transport();
    init_errors3();
  }
});

// src/dingtalk-app/messages.ts
function appMarkdown(title2, text4) {
  return { msgKey: "sampleMarkdown", msgParam: { title: title2, text: text4 } };
}
function appActionCard(options) {
  return {
    msgKey: "sampleActionCard",
    msgParam: {
      title: options.title,
      text: options.text,
      singleTitle: options.buttonTitle,
      singleURL: options.url
    }
  };
}
function invalid2(message, fix) {
  return new AppRobotError("invalid_message", message, { fix });
}
function prepareAppMessage(message, maxBytes = MAX_MSG_PARAM_BYTES, marker = TRUNCATED2) {
  const fields = MSG_KEY_FIELDS[message.msgKey];
  if (!fields) {
    throw invalid2(
      `'${String(message.msgKey)}' is not a msgKey of DingTalk's app robots`,
      `use one of ${Object.keys(MSG_KEY_FIELDS).join(", ")}`
    );
  }
  const param = message.msgParam;
  const missing = fields.filter((f) => typeof param[f] !== "string" || param[f] === "");
  if (missing.length > 0) {
    throw invalid2(
      `${message.msgKey} needs ${missing.map((f) => `'${f}'`).join(", ")} (non-empty text)`,
      `give ${message.msgKey} every field it needs: ${fields.join(", ")}`
    );
  }
  const whole = JSON.stringify(param);
  if (bytesOf(whole) <= maxBytes) {
    return { msgKey: message.msgKey, msgParam: whole, bytes: bytesOf(whole), fitted: false };
  }
  const long = "text" in param ? "text" : "content" in param ? "content" : void 0;
  const fitted = long === void 0 ? void 0 : fitField(param, long, maxBytes, marker);
  if (fitted === void 0) {
    throw new AppRobotError(
      "message_too_long",
      `the message's msgParam is ${bytesOf(whole)} bytes, over DingTalk's ${maxBytes}, and its text cannot be shortened enough`,
      { fix: "shorten the title and button texts" }
    );
  }
  return { msgKey: message.msgKey, msgParam: fitted, bytes: bytesOf(fitted), fitted: true };
}
function fitField(param, field2, maxBytes, marker) {
  const chars = Array.from(String(param[field2]));
  const render = (n) => JSON.stringify({ ...param, [field2]: chars.slice(0, n).join("") + marker });
  if (bytesOf(render(0)) > maxBytes) return void 0;
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (bytesOf(render(mid)) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return render(lo);
}
var MAX_MSG_PARAM_BYTES, TRUNCATED2, MSG_KEY_FIELDS, bytesOf;
var init_messages = __esm({
  "src/dingtalk-app/messages.ts"() {
    "use strict";
    init_errors3();
    MAX_MSG_PARAM_BYTES = 15e3;
    TRUNCATED2 = "\n\n…(truncated)";
    MSG_KEY_FIELDS = {
      sampleText: ["content"],
      sampleMarkdown: ["title", "text"],
      sampleLink: ["text", "title", "picUrl", "messageUrl"],
      sampleActionCard: ["title", "text", "singleTitle", "singleURL"],
      sampleActionCard2: ["title", "text", "actionTitle1", "actionURL1", "actionTitle2", "actionURL2"],
      sampleActionCard3: ["title", "text", ...[1, 2, 3].flatMap((n) => [`actionTitle${n}`, `actionURL${n}`])],
      sampleActionCard4: ["title", "text", ...[1, 2, 3, 4].flatMap((n) => [`actionTitle${n}`, `actionURL${n}`])],
      sampleActionCard5: [
        "title",
        "text",
        ...[1, 2, 3, 4, 5].flatMap((n) => [`actionTitle${n}`, `actionURL${n}`])
      ],
      sampleActionCard6: ["title", "text", "buttonTitle1", "buttonUrl1", "buttonTitle2", "buttonUrl2"]
    };
    bytesOf = (value) => Buffer.byteLength(value, "utf8");
  }
});

// src/dingtalk-app/tokens.ts
function credentialsRefused(error, secrets) {
  if (!isAppRobotError(error) || error.status === void 0) return void 0;
  const refused = error.code === "invalid_app_credentials" || error.code === "token_rejected" || error.code === "unknown_error" && (error.status === 400 || error.status === 401 || error.status === 403);
  if (!refused) return void 0;
  const said2 = [error.dingtalkCode, error.dingtalkMessage].filter(Boolean).join(": ");
  return new AppRobotError(
    "invalid_app_credentials",
    `DingTalk refused the app's AppKey/AppSecret when asked for an access token (HTTP ${error.status}${said2 ? `, ${said2}` : ""})`,
    {
      fix: "copy the app's AppKey (Client ID) and AppSecret (Client Secret) again from the DingTalk developer console → your app → Credentials & basic info (the secret is case-sensitive)",
      dingtalkCode: error.dingtalkCode,
      dingtalkMessage: error.dingtalkMessage,
      requestId: error.requestId,
      status: error.status,
      cause: error,
      secrets
    }
  );
}
function cacheKey(app) {
  const secret = crypto2().createHash("sha256").update(app.appSecret).digest("hex").slice(0, 16);
  return `${app.baseUrl}
${app.appKey}
${secret}`;
}
function raceAbort(promise, signal) {
  signal.throwIfAborted();
  return new Promise((resolve2, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve2(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      }
    );
  });
}
function sharedAccessTokens() {
  shared2 ??= new AccessTokens();
  return shared2;
}
var TOKEN_PATH, AccessTokens, shared2;
var init_tokens = __esm({
  "src/dingtalk-app/tokens.ts"() {
    "use strict";
    init_lazy_crypto();
    init_errors3();
    init_http();
    TOKEN_PATH = "/v1.0/oauth2/accessToken";
    AccessTokens = class {
      #now;
      #marginMs;
      #refusedForMs;
      #entries = /* @__PURE__ */ new Map();
      #inflight = /* @__PURE__ */ new Map();
      #refused = /* @__PURE__ */ new Map();
      /** Token requests made to DingTalk (for tests and metrics). */
      requests = 0;
      constructor(options = {}) {
        this.#now = options.now ?? Date.now;
        this.#marginMs = options.marginMs ?? 5 * 6e4;
        this.#refusedForMs = options.refusedForMs ?? 6e4;
      }
      /** A valid access token for the app, fetched only when none is cached or it is about to expire. */
      async token(app, options) {
        const key = cacheKey(app);
        const cached = this.#entries.get(key);
        if (cached && cached.refreshAt > this.#now() && cached.token !== options.stale) return cached.token;
        const refused = this.#refused.get(key);
        if (refused && refused.until > this.#now()) throw refused.error;
        let flight = this.#inflight.get(key);
        if (!flight) {
          flight = this.#fetch(app, key, options).finally(() => this.#inflight.delete(key));
          this.#inflight.set(key, flight);
        }
        const entry = options.signal ? await raceAbort(flight, options.signal) : await flight;
        return entry.token;
      }
      /** Forgets the app's token (e.g. its secret changed). */
      forget(app) {
        this.#entries.delete(cacheKey(app));
        this.#refused.delete(cacheKey(app));
      }
      async #fetch(app, key, options) {
        this.requests++;
        const secrets = [app.appSecret];
        let answer2;
        try {
          answer2 = await callJson(
            "POST",
            `${app.baseUrl}${TOKEN_PATH}`,
            { appKey: app.appKey, appSecret: app.appSecret },
            void 0,
            { fetch: options.fetch, timeoutMs: options.timeoutMs, secrets, env: options.env }
          );
        } catch (error) {
          const refused = credentialsRefused(error, secrets);
          if (refused) {
            this.#entries.delete(key);
            this.#refused.set(key, { error: refused, until: this.#now() + this.#refusedForMs });
            throw refused;
          }
          throw error;
        }
        const token = answer2["accessToken"];
        const expireIn = answer2["expireIn"];
        if (typeof token !== "string" || token === "" || typeof expireIn !== "number" || !(expireIn > 0)) {
          throw new AppRobotError("http_error", `the token endpoint answered without {accessToken, expireIn}`, {
            fix: "check base_url: it must be https://api.dingtalk.com (or the emulator)",
            secrets
          });
        }
        const lifetimeMs = expireIn * 1e3;
        const margin = Math.min(this.#marginMs, lifetimeMs / 10);
        const entry = { token, refreshAt: this.#now() + lifetimeMs - margin };
        this.#entries.set(key, entry);
        this.#refused.delete(key);
        return entry;
      }
    };
  }
});

// src/dingtalk-app/client.ts
function configError2(message, fix) {
  return new AppRobotError("invalid_app_robot", message, { fix });
}
function checked(options) {
  const values = {};
  for (const [key, yamlKey, what] of FIELDS) {
    const value = options[key]?.trim() ?? "";
    if (value === "") {
      throw configError2(`${key} is missing`, `give ${what} as ${key} (${yamlKey}: in .dingpipe.yml)`);
    }
    if (/\s/.test(value) && key !== "appSecret") {
      throw configError2(`${key} contains whitespace`, `copy ${what} again, without spaces`);
    }
    values[key] = value;
  }
  const baseUrl = (options.baseUrl?.trim() || DEFAULT_APP_BASE_URL).replace(/\/+$/, "");
  if (!/^https?:\/\/[^/\s]+(\/[^\s]*)?$/i.test(baseUrl)) {
    throw configError2(
      `the base URL '${baseUrl.slice(0, 80)}' is not an http(s) URL`,
      `leave base_url out for ${DEFAULT_APP_BASE_URL}, or give the emulator's URL (http://127.0.0.1:8090)`
    );
  }
  return {
    appKey: values["appKey"],
    appSecret: values["appSecret"],
    robotCode: values["robotCode"],
    conversationId: values["conversationId"],
    baseUrl
  };
}
function decideAppRetry(error, attempt, policy, random) {
  if (attempt >= policy.limit || !isAppRobotError(error) || !error.retryable) return { retry: false };
  if (error.retryAfterMs !== void 0) {
    return error.retryAfterMs > policy.maxDelayMs ? { retry: false } : { retry: true, delayMs: Math.max(0, error.retryAfterMs) };
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return { retry: true, delayMs: Math.round(cap / 2 + cap / 2 * random()) };
}
function createAppRobot(options) {
  const app = checked(options);
  const tokens = options.tokens ?? sharedAccessTokens();
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_APP_TIMEOUT_MS;
  const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const random = options.random ?? Math.random;
  const marker = options.truncated ?? TRUNCATED2;
  const policy = retryPolicy(options.retry);
  const host = new URL(app.baseUrl).host;
  async function call(method, path, body, signal) {
    const text4 = JSON.stringify(body);
    let stale;
    let refreshed = false;
    for (let attempts = 1; ; attempts++) {
      let token;
      try {
        token = await tokens.token(app, { fetch: doFetch, timeoutMs, stale, signal, env: options.env });
        const answer2 = await callJson(method, `${app.baseUrl}${path}`, body, token, {
          fetch: doFetch,
          timeoutMs,
          signal,
          secrets: [token, app.appSecret],
          env: options.env
        });
        const key = answer2["processQueryKey"];
        return { processQueryKey: typeof key === "string" ? key : void 0, attempts, body: text4 };
      } catch (error) {
        if (isAppRobotError(error, "token_rejected") && token !== void 0 && !refreshed) {
          refreshed = true;
          stale = token;
          continue;
        }
        const decision = policy ? decideAppRetry(error, attempts, policy, random) : { retry: false };
        if (!decision.retry) {
          if (isAppRobotError(error)) error.attempts = attempts;
          throw error;
        }
        signal?.throwIfAborted();
        await sleep(decision.delayMs);
      }
    }
  }
  const cardBody = (cardBizId, card2) => {
    checkCardBizId(cardBizId);
    return encodeCardData(card2);
  };
  return {
    robotKey: `dingtalk_app:${app.robotCode}:${app.conversationId}`,
    endpoint: `${host} robot ${app.robotCode} → ${app.conversationId}`,
    prepare: (message) => prepareAppMessage(message, MAX_MSG_PARAM_BYTES, marker),
    async send(message, sendOptions = {}) {
      const prepared = prepareAppMessage(message, MAX_MSG_PARAM_BYTES, marker);
      const result = await call(
        "POST",
        "/v1.0/robot/groupMessages/send",
        {
          robotCode: app.robotCode,
          openConversationId: app.conversationId,
          msgKey: prepared.msgKey,
          msgParam: prepared.msgParam
        },
        sendOptions.signal
      );
      return { ...result, bytes: prepared.bytes, fitted: prepared.fitted };
    },
    async sendCard({ cardBizId, card: card2 }, callOptions = {}) {
      const cardData = cardBody(cardBizId, card2);
      return call(
        "POST",
        "/v1.0/im/v1.0/robot/interactiveCards/send",
        {
          cardTemplateId: STANDARD_CARD,
          robotCode: app.robotCode,
          cardBizId,
          openConversationId: app.conversationId,
          cardData
        },
        callOptions.signal
      );
    },
    async updateCard({ cardBizId, card: card2 }, callOptions = {}) {
      const cardData = cardBody(cardBizId, card2);
      return call("PUT", "/v1.0/im/robots/interactiveCards", { cardBizId, cardData }, callOptions.signal);
    }
  };
}
var DEFAULT_APP_BASE_URL, DEFAULT_APP_TIMEOUT_MS, FIELDS;
var init_client2 = __esm({
  "src/dingtalk-app/client.ts"() {
    "use strict";
    init_retry();
    init_card();
    init_errors3();
    init_http();
    init_messages();
    init_tokens();
    DEFAULT_APP_BASE_URL = "https://api.dingtalk.com";
    DEFAULT_APP_TIMEOUT_MS = 1e4;
    FIELDS = [
      ["appKey", "app_key", "the app's AppKey (Client ID)"],
      ["appSecret", "app_secret", "the app's AppSecret (Client Secret)"],
      ["robotCode", "robot_code", "the app robot's RobotCode"],
      ["conversationId", "conversation_id", "the group's openConversationId (cid…)"]
    ];
  }
});

// src/channels/dingtalk_app/config.ts
function checkDingTalkAppConfig(check3) {
  const { name, raw, values, resolve: resolve2, warning } = check3;
  for (const [key, field2, env, what] of FIELDS2) {
    const t2 = raw[field2];
    if (!t2) continue;
    if (key === "app_secret" && isLiteral(t2.value)) {
      warning(
        t2.node,
        `app_secret of credential '${name}' is written literally: use \${ENV}`,
        `keep it in a CI secret, e.g. ${env}, and write \`app_secret: ${ref(env)}\``
      );
    }
    const unset = what ? `set $V in the environment (${what})` : "set $V in the environment, or remove base_url:";
    values[key] = resolve2(t2, key, unset);
  }
}
var DINGTALK_APP_CONFIG_KEYS, FIELDS2;
var init_config2 = __esm({
  "src/channels/dingtalk_app/config.ts"() {
    "use strict";
    init_interpolate();
    DINGTALK_APP_CONFIG_KEYS = [
      "app_key",
      "app_secret",
      "robot_code",
      "conversation_id",
      "base_url",
      "rate_limit"
    ];
    FIELDS2 = [
      ["app_key", "appKey", "DINGTALK_APP_KEY", "the app's AppKey (Client ID)"],
      ["app_secret", "appSecret", "DINGTALK_APP_SECRET", "the app's AppSecret, kept in a CI secret"],
      ["robot_code", "robotCode", "DINGTALK_ROBOT_CODE", "the app robot's RobotCode"],
      ["conversation_id", "conversationId", "DINGTALK_CONVERSATION_ID", "the group's openConversationId (cid…)"],
      ["base_url", "baseUrl", "", ""]
    ];
  }
});

// src/channels/dingtalk_app/endpoint.ts
function bad(message, fix) {
  return new DingpipeError("bad_app_robot", message, { fix });
}
function appEndpointUrl(fields) {
  const values = [
    ["appKey", fields.appKey, "the app's AppKey (Client ID)"],
    ["robotCode", fields.robotCode, "the app robot's RobotCode"],
    ["conversationId", fields.conversationId, "the group's openConversationId (cid…)"]
  ];
  for (const [name, value, what] of values) {
    if (value.trim() === "") throw bad(`${name} is empty`, `give ${what}`);
    if (/\s/.test(value.trim()))
      throw bad(`${name} contains whitespace`, `copy ${what} again, without spaces`);
    if (value.trim().length > 200) throw bad(`${name} is longer than 200 characters`, `give ${what}`);
  }
  const base = (fields.baseUrl?.trim() || DEFAULT_APP_ORIGIN).replace(/\/+$/, "");
  let url;
  try {
    url = new URL(base);
  } catch {
    throw bad(
      "baseUrl is not a URL",
      `leave baseUrl out for ${DEFAULT_APP_ORIGIN}, or give the emulator's URL (http://127.0.0.1:8090)`
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw bad("baseUrl is not an http(s) URL", `leave baseUrl out for ${DEFAULT_APP_ORIGIN}`);
  }
  if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw bad("baseUrl has a query, fragment or user", `give only the origin, e.g. ${DEFAULT_APP_ORIGIN}`);
  }
  const out = new URL(`${base}${APP_SEND_PATH}`);
  out.searchParams.set("appKey", fields.appKey.trim());
  out.searchParams.set("robotCode", fields.robotCode.trim());
  out.searchParams.set("openConversationId", fields.conversationId.trim());
  return out.toString();
}
function parseAppEndpoint(webhook) {
  let url;
  try {
    url = new URL(webhook);
  } catch {
    throw bad("the app robot's endpoint is not a URL", "give appKey, robotCode and conversationId again");
  }
  const appKey = url.searchParams.get("appKey") ?? "";
  const robotCode = url.searchParams.get("robotCode") ?? "";
  const conversationId = url.searchParams.get("openConversationId") ?? "";
  if (!url.pathname.endsWith(APP_SEND_PATH) || !appKey || !robotCode || !conversationId) {
    throw bad(
      "the app robot's endpoint lacks appKey, robotCode or openConversationId",
      "give appKey, robotCode and conversationId again"
    );
  }
  const prefix2 = url.pathname.slice(0, -APP_SEND_PATH.length);
  return { appKey, robotCode, conversationId, baseUrl: `${url.origin}${prefix2}` };
}
function appHint(webhook) {
  try {
    const e = parseAppEndpoint(webhook);
    const cid = e.conversationId.length > 12 ? `${e.conversationId.slice(0, 8)}…` : e.conversationId;
    return `${new URL(e.baseUrl).host} robot ${e.robotCode} → ${cid}`;
  } catch {
    return "(invalid app robot)";
  }
}
var APP_SEND_PATH, DEFAULT_APP_ORIGIN;
var init_endpoint = __esm({
  "src/channels/dingtalk_app/endpoint.ts"() {
    "use strict";
    init_errors();
    APP_SEND_PATH = "/v1.0/robot/groupMessages/send";
    DEFAULT_APP_ORIGIN = "https://api.dingtalk.com";
  }
});

// src/channels/dingtalk_app/info.ts
var DINGTALK_APP_INFO;
var init_info2 = __esm({
  "src/channels/dingtalk_app/info.ts"() {
    "use strict";
    DINGTALK_APP_INFO = {
      kind: "dingtalk_app",
      label: "DingTalk app robot",
      hosts: ["api.dingtalk.com"],
      webhookExample: "app key, app secret, robot code and the group's openConversationId",
      signs: false,
      // DingTalk limits an app's calls per second (20) and per month; a group message costs one call.
      defaultRate: { messages: 20, perSeconds: 60 },
      maxRate: { messages: 1200, perSeconds: 60 },
      throttleNote: "DingTalk refuses an app's calls over its QPS for about a second",
      maxBytes: 15e3,
      mentions: { mobiles: false, userIds: false, all: false },
      words: {
        en: {
          name: "DingTalk app robot",
          webhookHelp: "The app's AppKey and AppSecret, the robot's RobotCode (developer console → the app → Robot) and the group's openConversationId (cid…).",
          howTo: "DingTalk developer console → create an internal app → add the Robot capability and publish it → add the app robot to the group.",
          secretHelp: "The app's AppSecret (Client Secret): sealed at rest, never shown again.",
          rateNote: "and 20 calls a second per app",
          mentions: "App robot messages cannot @-mention members."
        },
        "zh-CN": {
          name: "钉钉应用机器人",
          webhookHelp: "应用的 AppKey 与 AppSecret、机器人的 RobotCode（开发者后台 → 应用 → 机器人）以及群的 openConversationId（cid…）。",
          howTo: "钉钉开发者后台 → 创建企业内部应用 → 添加机器人能力并发布 → 把应用机器人加入群。",
          secretHelp: "应用的 AppSecret（Client Secret）：加密保存，之后不再显示。",
          rateNote: "且每个应用每秒最多 20 次调用",
          mentions: "应用机器人的消息无法提醒群成员。"
        }
      }
    };
  }
});

// src/channels/dingtalk_app/render.ts
function noRunNote(locale2) {
  return `_${t(locale2, "noRunCard")}_`;
}
function toApp(message, locale2) {
  if (message.msgtype === "actionCard" && message.actionCard.singleURL) {
    return appActionCard({
      title: message.actionCard.title,
      text: message.actionCard.text,
      buttonTitle: message.actionCard.singleTitle ?? t(locale2, "viewRun"),
      url: message.actionCard.singleURL
    });
  }
  if (message.msgtype === "markdown") return appMarkdown(message.markdown.title, message.markdown.text);
  throw new Error(`unexpected message type ${message.msgtype}`);
}
function mentionsOf(notice) {
  return [...notice.mentions.mobiles, ...notice.mentions.userIds, ...notice.mentions.all ? ["all"] : []];
}
function rendered2(message, truncated, unmentionable) {
  return {
    body: message,
    type: message.msgKey,
    bytes: bytesOf2(message),
    maxBytes: MAX_MSG_PARAM_BYTES,
    truncated,
    unmentionable
  };
}
function renderAppNotice(notice) {
  const note = noRunNote(notice.locale);
  const plain2 = {
    ...notice,
    mentions: { mobiles: [], userIds: [], all: false },
    ...notice.style === "run_card" ? { custom: notice.custom === void 0 ? note : `${notice.custom}

${note}` } : {}
  };
  const r = renderNotice(plain2, { maxBytes: MAX_MSG_PARAM_BYTES });
  return rendered2(toApp(r.message, notice.locale), r.truncated, mentionsOf(notice));
}
function renderAppDigest(digest) {
  const plain2 = { ...digest, mentions: { mobiles: [], userIds: [], all: false } };
  const r = renderDigest(plain2, { maxBytes: MAX_MSG_PARAM_BYTES });
  return rendered2(toApp(r.message, digest.locale), r.truncated, mentionsOf(digest));
}
var bytesOf2;
var init_render2 = __esm({
  "src/channels/dingtalk_app/render.ts"() {
    "use strict";
    init_messages();
    init_i18n();
    init_render();
    bytesOf2 = (m) => Buffer.byteLength(JSON.stringify(m.msgParam), "utf8");
  }
});

// src/channels/dingtalk_app/index.ts
function appRobotFor(credential, options = {}) {
  if (credential.webhook === void 0) {
    throw new DingpipeError("bad_app_robot", "the app robot has no appKey, robotCode or conversationId", {
      fix: "give the credential appKey, appSecret, robotCode and conversationId"
    });
  }
  const endpoint = parseAppEndpoint(credential.webhook);
  return createAppRobot({
    appKey: endpoint.appKey,
    appSecret: credential.secret,
    robotCode: endpoint.robotCode,
    conversationId: endpoint.conversationId,
    baseUrl: endpoint.baseUrl,
    retry: options.retry === void 0 ? void 0 : options.retry,
    ...options.timeoutMs === void 0 ? {} : { timeoutMs: options.timeoutMs },
    ...options.fetch === void 0 ? {} : { fetch: options.fetch },
    ...options.sleep === void 0 ? {} : { sleep: options.sleep },
    ...options.random === void 0 ? {} : { random: options.random },
    ...options.env === void 0 ? {} : { env: options.env },
    // A cut marked like the channels' own, in the client's language ("…已截断" by default).
    truncated: `

${t(options.locale ?? DEFAULT_MESSAGE_LOCALE, "truncated")}`
  });
}
var dingtalkAppChannel;
var init_dingtalk_app = __esm({
  "src/channels/dingtalk_app/index.ts"() {
    "use strict";
    init_client2();
    init_errors3();
    init_errors();
    init_i18n();
    init_robot_key();
    init_config2();
    init_endpoint();
    init_info2();
    init_render2();
    dingtalkAppChannel = {
      info: DINGTALK_APP_INFO,
      configKeys: DINGTALK_APP_CONFIG_KEYS,
      checkConfig: checkDingTalkAppConfig,
      // DingTalk's QPS limit for an app lasts about a second, not the webhook robot's ten minutes.
      throttleMs: QPS_RETRY_MS,
      burstWindows: [],
      // msgParam holds 15,000 bytes, three quarters of a webhook robot's 20,000 (MAX_DIGEST there)
      maxDigest: 150,
      render: (notice) => renderAppNotice(notice),
      renderDigest: (digest) => renderAppDigest(digest),
      normalizeWebhook(input2) {
        parseAppEndpoint(input2);
        return input2.trim();
      },
      robotIdentity(credential) {
        try {
          const e = parseAppEndpoint(credential.webhook ?? "");
          return robotIdentity(
            "dingtalk_app",
            new URL(e.baseUrl).origin,
            `${e.appKey}
${e.robotCode}
${e.conversationId}`
          );
        } catch {
          return void 0;
        }
      },
      robotKey(credential, keyer) {
        return keyRobot(dingtalkAppChannel.robotIdentity(credential), keyer);
      },
      hint: appHint,
      client(credential, options = {}) {
        const robot = appRobotFor(credential, options);
        return {
          endpoint: robot.endpoint,
          prepare(body) {
            const prepared = robot.prepare(body);
            const text4 = JSON.stringify({ msgKey: prepared.msgKey, msgParam: prepared.msgParam });
            return {
              body: { msgKey: prepared.msgKey, msgParam: prepared.msgParam },
              text: text4,
              bytes: prepared.bytes
            };
          },
          async send(body, sendOptions) {
            const result = await robot.send(body, sendOptions);
            return {
              errcode: 0,
              errmsg: result.processQueryKey ?? "ok",
              attempts: result.attempts,
              bytes: result.bytes,
              fitted: result.fitted,
              body: result.body
            };
          }
        };
      },
      // In the language asked for, like every channel's (Chinese by default).
      testMessage(name, _keywords, locale2 = DEFAULT_MESSAGE_LOCALE) {
        return { msgKey: "sampleText", msgParam: { content: t(locale2, "testMessage", { robot: name }) } };
      }
    };
  }
});

// src/channels/markdown.ts
function utf8Bytes(text4) {
  return Buffer.byteLength(text4, "utf8");
}
function markdownToText(md2) {
  return md2.split("\n").map(
    (line) => line.replace(/^#{1,6}[ \t]+/, "").replace(/!\[[^\]]*\]\(\s*([^()\s]+)[^)]*\)/g, "$1").replace(
      /\[([^\]]+)\]\(\s*([^()\s]+)[^)]*\)/g,
      (_m, text4, url) => text4 === url ? url : `${text4} ${url}`
    ).replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, "$1").replace(/<font[^>]*>([\s\S]*?)<\/font\s*>/gi, "$1").replace(/[ ]{2,}$/, "")
  ).join("\n");
}
function markdownToLarkMd(md2) {
  return md2.split("\n").map((line) => {
    const heading = /^#{1,6}[ \t]+(.*)$/.exec(line);
    if (heading) return `**${(heading[1] ?? "").replace(/[ \t]+#+[ \t]*$/, "").trim()}**`;
    return line.replace(/^>[ \t]?/, "┃ ").replace(/[ ]{2,}$/, "");
  }).join("\n");
}
var init_markdown = __esm({
  "src/channels/markdown.ts"() {
    "use strict";
  }
});

// src/channels/webhook-client.ts
function webhookSend(sender, options) {
  const now = options.now ?? Date.now;
  const injectedSleep = options.sleep;
  const sleep = (ms, signal) => injectedSleep ? injectedSleep(ms) : realSleep(ms, signal);
  const policy = retryPolicy(options.retry);
  const limiters = options.rateLimit === false ? [] : sender.windows.map(
    (w) => options.now || options.sleep ? new SlidingWindowLimiter({ ...w, now, sleep }) : sharedLimiter(w)
  );
  async function once(text4, signal) {
    const releases = [];
    try {
      for (const limiter of limiters) releases.push(await limiter.acquire(sender.key, signal));
      return await sender.attempt(text4, signal);
    } finally {
      for (const release of releases) release();
    }
  }
  return async (prepared, signal) => {
    const { value, attempts } = await withRetries(() => once(prepared.text, signal), {
      policy,
      random: options.random,
      sleep: (ms) => sleep(ms, signal)
    });
    return {
      errcode: 0,
      errmsg: value.errmsg,
      attempts,
      bytes: prepared.bytes,
      fitted: prepared.fitted,
      body: prepared.text
    };
  };
}
function answerObject(text4) {
  try {
    const value = JSON.parse(text4);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : void 0;
  } catch {
    return void 0;
  }
}
var DEFAULT_TIMEOUT_MS2;
var init_webhook_client = __esm({
  "src/channels/webhook-client.ts"() {
    "use strict";
    init_rate_limit();
    init_retry();
    DEFAULT_TIMEOUT_MS2 = 1e4;
  }
});

// src/channels/feishu/info.ts
var FEISHU_INFO;
var init_info3 = __esm({
  "src/channels/feishu/info.ts"() {
    "use strict";
    FEISHU_INFO = {
      kind: "feishu",
      label: "Feishu / Lark",
      hosts: ["open.feishu.cn", "open.larksuite.com"],
      webhookExample: "https://open.feishu.cn/open-apis/bot/v2/hook/…",
      signs: true,
      keywords: { max: 10 },
      defaultRate: { messages: 100, perSeconds: 60 },
      maxRate: { messages: 100, perSeconds: 60 },
      throttleNote: "Feishu refuses a bot's messages (11232)",
      maxBytes: 2e4,
      mentions: { mobiles: false, userIds: true, all: true },
      words: {
        en: {
          name: "Feishu / Lark",
          webhookHelp: "The bot's full webhook (https://open.feishu.cn/open-apis/bot/v2/hook/… or open.larksuite.com for Lark). Keep it secret.",
          howTo: "Group settings → Group bots (群机器人) → Add bot → Custom bot (自定义机器人).",
          secretHelp: "The signing secret, when the bot's security setting “Signature verification” (签名校验) is on.",
          keywordsHelp: "The bot's custom keywords (自定义关键词), when it uses them: every message must contain one (in its text, not in links).",
          rateNote: "and 5 a second",
          mentions: "Feishu mentions users by open_id (ou_…) or everyone; a custom bot cannot mention by mobile number."
        },
        "zh-CN": {
          name: "飞书",
          webhookHelp: "机器人的完整 Webhook 地址（https://open.feishu.cn/open-apis/bot/v2/hook/…，Lark 为 open.larksuite.com）。请保密。",
          howTo: "群设置 → 群机器人 → 添加机器人 → 自定义机器人。",
          secretHelp: "机器人安全设置开启“签名校验”时，填写签名密钥。",
          keywordsHelp: "机器人安全设置的自定义关键词（如有）：每条消息的文本（不含链接）都必须包含其中一个。",
          rateNote: "且每秒最多 5 条",
          mentions: "飞书可按 open_id（ou_…）提醒用户或提醒所有人；自定义机器人无法按手机号提醒。"
        }
      }
    };
  }
});

// src/channels/feishu/config.ts
function checkFeishuConfig(check3) {
  const { name, raw, values, resolve: resolve2, warning } = check3;
  const { webhook: w, secret: s2 } = raw;
  if (w) {
    if (isLiteral(w.value) && w.value.includes("/hook/")) {
      warning(
        w.node,
        `the hook token is written literally in webhook of credential '${name}': use \${ENV}`,
        `keep the webhook in a CI secret, e.g. FEISHU_WEBHOOK, and write \`webhook: ${ref("FEISHU_WEBHOOK")}\``,
        { needle: "/hook/" }
      );
    }
    values.webhook = resolve2(
      w,
      "webhook",
      "set $V in the environment (a CI secret holding the bot's webhook URL)"
    );
    const url = URL.parse(values.webhook?.trim() ?? "");
    if (url && (!FEISHU_INFO.hosts.includes(url.hostname) || url.protocol !== "https:")) {
      warning(
        w.node,
        `webhook of credential '${name}'${check3.from(w)} is not a Feishu or Lark bot URL (${url.protocol}//${url.host})`,
        `use ${FEISHU_INFO.webhookExample} or its open.larksuite.com twin (an emulator's URL is fine for tests)`
      );
    }
  }
  if (s2) {
    if (isLiteral(s2.value)) {
      warning(
        s2.node,
        `secret of credential '${name}' is written literally: use \${ENV}`,
        `keep it in a CI secret, e.g. FEISHU_SECRET, and write \`secret: ${ref("FEISHU_SECRET")}\``
      );
    }
    values.secret = resolve2(
      s2,
      "secret",
      "set $V in the environment (a CI secret holding the bot's signing secret), or remove secret: when the bot does not verify signatures"
    );
  }
}
var FEISHU_CONFIG_KEYS;
var init_config3 = __esm({
  "src/channels/feishu/config.ts"() {
    "use strict";
    init_interpolate();
    init_info3();
    FEISHU_CONFIG_KEYS = ["webhook", "secret", "keywords", "rate_limit"];
  }
});

// src/channels/feishu/errors.ts
function classifyFeishu(code) {
  return TABLE[code] ?? {
    code: "unknown_errcode",
    retryable: false,
    summary: "Feishu answered a code dingpipe does not know",
    fix: "look the code up in Feishu's custom bot documentation (自定义机器人使用指南)"
  };
}
function feishuAnswerError(code, msg) {
  const c = classifyFeishu(code);
  return new FeishuError(c.code, `${c.summary} (code ${code}: ${msg})`, {
    retryable: c.retryable,
    fix: c.fix,
    errcode: code,
    errmsg: msg,
    ...c.retryAfterMs === void 0 ? {} : { retryAfterMs: c.retryAfterMs }
  });
}
function feishuHttpError(status, retryAfterMs) {
  const retryable = status >= 500 || status === 429;
  return new FeishuError("http_error", `HTTP ${status} without Feishu's {code, msg}`, {
    retryable,
    status,
    ...retryAfterMs === void 0 ? {} : { retryAfterMs },
    fix: retryable ? "the endpoint or a relay in between is failing: try again later" : `${FIX_WHERE.baseUrl.cli} this is not a Feishu bot endpoint (or a relay rejected the request)`
  });
}
var FEISHU_THROTTLE_MS, FeishuError, TABLE;
var init_errors4 = __esm({
  "src/channels/feishu/errors.ts"() {
    "use strict";
    init_errors2();
    init_redact();
    init_errors();
    FEISHU_THROTTLE_MS = 6e4;
    FeishuError = class extends RobotError {
      code;
      constructor(code, message, options = {}) {
        super(code, redact(message), {
          ...options,
          ...options.errmsg === void 0 ? {} : { errmsg: redact(options.errmsg) }
        });
        this.name = "FeishuError";
        this.code = code;
      }
    };
    TABLE = {
      19021: {
        code: "signature_mismatch",
        retryable: false,
        summary: "Feishu rejected the signature or its timestamp",
        fix: `the bot has signature verification (签名校验) on: set its secret (${FIX_WHERE.secret.cli}); if one is set, it is not this bot's — or this machine's clock is more than an hour off (fix it with NTP)`
      },
      19022: {
        code: "ip_not_allowed",
        retryable: false,
        summary: "this machine's IP is not in the bot's IP allowlist",
        fix: "add this machine's public IP to the bot's IP allowlist (IP 白名单) in its security settings, or remove the allowlist"
      },
      19024: {
        code: "keywords_missing",
        retryable: false,
        summary: "the message contains none of the bot's keywords",
        fix: `the message lacks one of the bot's keywords (text, not links, counts): ${FIX_WHERE.keyword.cli}`
      },
      11232: {
        code: "throttled",
        retryable: true,
        retryAfterMs: FEISHU_THROTTLE_MS,
        summary: "Feishu throttled the bot (more than 100 messages a minute or 5 a second)",
        fix: "wait a minute before sending through this bot again, and send fewer messages (merge events into one summary)"
      },
      9499: {
        code: "bad_request",
        retryable: false,
        summary: "Feishu could not read the message (Bad Request: malformed, or over 20 KB)",
        fix: "shorten the custom content; if it keeps happening, report the message body (dingpipe preview shows it)"
      },
      19001: {
        code: "robot_not_found",
        // (?) "param invalid: incoming webhook access token invalid"
        retryable: false,
        summary: "no Feishu bot has this webhook",
        fix: `copy the bot's webhook again from the group's bot settings (${FIX_WHERE.webhook.cli})`
      }
    };
  }
});

// src/channels/fitting.ts
function clipFacts(notice, max) {
  if (max === void 0) return notice;
  return {
    ...notice,
    title: notice.title.task === void 0 ? { pipeline: clip(notice.title.pipeline, max) } : { pipeline: clip(notice.title.pipeline, max), task: clip(notice.title.task, max) },
    facts: notice.facts.map(
      (f) => f.untrusted ? { ...f, text: clip(f.text.replace(/\s+/gu, " ").trim(), max), long: false } : f
    )
  };
}
function cutToBytes(text4, maxBytes, truncated = TRUNCATED) {
  if (utf8Bytes(text4) <= maxBytes) return text4;
  const marker = `
${truncated}`;
  const budget = maxBytes - utf8Bytes(marker);
  let out = "";
  let used = 0;
  for (const ch of graphemes(text4)) {
    const size = utf8Bytes(ch);
    if (used + size > budget) break;
    out += ch;
    used += size;
  }
  return out + marker;
}
var FACT_CLIPS;
var init_fitting = __esm({
  "src/channels/fitting.ts"() {
    "use strict";
    init_fit();
    init_content();
    init_fit2();
    init_markdown();
    FACT_CLIPS = [void 0, 80, 24];
  }
});

// src/channels/feishu/render.ts
function headerTemplate(status) {
  switch (status) {
    case "failure":
      return "red";
    case "success":
      return "green";
    case "waiting":
      return "orange";
    case "started":
      return "blue";
    default:
      return "grey";
  }
}
function mentionMarkup(m) {
  return [...m.all ? ["<at id=all></at>"] : [], ...m.userIds.map((id) => `<at id=${id}></at>`)].join(" ");
}
function cardText(card2) {
  const parts3 = [card2.card.header.title.content];
  for (const e of card2.card.elements) {
    if ("text" in e) parts3.push(e.text.content);
    if ("fields" in e) for (const f of e.fields) parts3.push(f.text.content);
    if ("actions" in e) for (const a of e.actions) parts3.push(a.text.content);
  }
  return parts3.join("\n").replace(/\]\([^)\s]*\)/g, "]");
}
function cardBytes(card2, signed) {
  return utf8Bytes(JSON.stringify(card2)) + (signed ? SIGNATURE_BYTES : 0);
}
function parts2(notice) {
  const out = [];
  const fields = [];
  for (const fact of notice.facts) {
    if (fact.key === "link" && notice.runUrl !== void 0) continue;
    const label = factLabel(fact.key, notice.locale);
    const value = fact.untrusted ? larkSafe(factMarkdown(fact)) : factMarkdown(fact);
    if (fact.long) {
      out.push({ role: "block", segment: { sep: "\n", head: `**${label}**
`, body: value, shrink: "end" } });
    } else fields.push(`**${label}**
${value}`);
  }
  if (fields.length > 0) {
    out.unshift({ role: "fields", segment: { sep: "", head: fields.join("\0"), body: "" } });
  }
  if (notice.custom !== void 0) {
    out.push({
      role: "block",
      segment: { sep: "\n", head: "", body: markdownToLarkMd(notice.custom), shrink: "end" }
    });
  }
  if (notice.exitCode !== void 0) {
    const head = `**${t(notice.locale, "exitCode")}** ${notice.exitCode}`;
    out.push({ role: "block", segment: { sep: "\n", head, body: "" } });
  }
  if (notice.logTail !== void 0) {
    const shown = notice.logTail.lines.map((line) => larkSafe(escapeMarkdown(line)));
    const { omitted } = notice.logTail;
    const lines = omitted > 0 ? [t(notice.locale, "output.omitted", { lines: omitted }), ...shown] : shown;
    const head = `**${t(notice.locale, "output.heading")}**
`;
    out.push({ role: "block", segment: { sep: "\n", head, body: lines.join("\n"), shrink: "start" } });
  }
  const mentions2 = mentionMarkup(notice.mentions);
  if (mentions2 !== "") out.push({ role: "block", segment: { sep: "\n", head: mentions2, body: "" } });
  return out;
}
function card(notice, title2, ps) {
  const elements = [];
  for (const p of ps) {
    const text4 = p.segment.head + p.segment.body;
    if (text4 === "") continue;
    if (p.role === "fields") {
      elements.push({
        tag: "div",
        fields: p.segment.head.split("\0").map((f) => ({ is_short: true, text: md(f) }))
      });
    } else elements.push({ tag: "div", text: md(text4) });
  }
  if (notice.runUrl !== void 0) {
    elements.push({
      tag: "action",
      actions: [
        {
          tag: "button",
          text: { tag: "plain_text", content: viewRunLabel(notice.locale) },
          type: notice.status === "failure" ? "danger" : "primary",
          url: notice.runUrl
        }
      ]
    });
  }
  return {
    msg_type: "interactive",
    card: {
      config: { wide_screen_mode: true },
      header: { template: headerTemplate(notice.status), title: { tag: "plain_text", content: title2 } },
      elements
    }
  };
}
function hasKeyword2(text4, keywords) {
  return keywords.some((k) => k !== "" && text4.includes(k));
}
function renderNotice2(notice, options = {}) {
  const keywords = (options.keywords ?? []).map((k) => k.trim()).filter((k) => k !== "");
  const signed = options.signed ?? false;
  const attempt = (n, keyword) => {
    const title2 = noticeTitle(n) + (keyword ? ` 【${plainText(keyword)}】` : "");
    const ps = parts2(n);
    const fitted = fitSegments(
      ps.map((p) => p.segment),
      () => cardBytes(card(n, title2, ps), signed),
      MAX_BODY_BYTES2,
      t(n.locale, "truncated")
    );
    return { body: card(n, title2, ps), truncated: fitted.truncated };
  };
  const fit = (keyword) => {
    let r = attempt(notice, keyword);
    for (const level of FACT_CLIPS.slice(1)) {
      if (cardBytes(r.body, signed) <= MAX_BODY_BYTES2) break;
      r = { ...attempt(clipFacts(notice, level), keyword), truncated: true };
    }
    return r;
  };
  let result = fit(void 0);
  if (keywords.length > 0 && !hasKeyword2(cardText(result.body), keywords)) result = fit(keywords[0]);
  const unmentionable = [...notice.mentions.mobiles];
  return {
    body: result.body,
    type: "interactive",
    bytes: cardBytes(result.body, signed),
    maxBytes: MAX_BODY_BYTES2,
    truncated: result.truncated,
    unmentionable
  };
}
function renderDigest2(digest, options = {}) {
  const keywords = (options.keywords ?? []).map((k) => k.trim()).filter((k) => k !== "");
  const signed = options.signed ?? false;
  const build2 = (title3, text5) => ({
    msg_type: "interactive",
    card: {
      config: { wide_screen_mode: true },
      header: { template: digest.failing > 0 ? "red" : "blue", title: { tag: "plain_text", content: title3 } },
      elements: text5 === "" ? [] : [{ tag: "div", text: md(markdownToLarkMd(text5)) }]
    }
  });
  const { title: title2, text: text4 } = fitDigestText(digest, {
    fits: (t2, x) => cardBytes(build2(t2, x), signed) <= MAX_BODY_BYTES2,
    heading: () => "",
    mentionText: mentionMarkup(digest.mentions),
    keywords,
    searchable: (text5) => text5.replace(/\]\([^)\s]*\)/g, "]")
  });
  const body = build2(title2, text4);
  return {
    body,
    type: "interactive",
    bytes: cardBytes(body, signed),
    maxBytes: MAX_BODY_BYTES2,
    truncated: false,
    unmentionable: [...digest.mentions.mobiles]
  };
}
var MAX_BODY_BYTES2, SIGNATURE_BYTES, md, larkSafe;
var init_render3 = __esm({
  "src/channels/feishu/render.ts"() {
    "use strict";
    init_compose();
    init_content();
    init_digest_markdown();
    init_escape();
    init_fit2();
    init_i18n();
    init_fitting();
    init_markdown();
    MAX_BODY_BYTES2 = 2e4;
    SIGNATURE_BYTES = 96;
    md = (content) => ({ tag: "lark_md", content });
    larkSafe = (s2) => s2.replace(/~/g, "～");
  }
});

// src/channels/feishu/sign.ts
function feishuSign(secret, timestampSeconds) {
  return crypto2().createHmac("sha256", `${timestampSeconds}
${secret}`).update("").digest("base64");
}
function signedBody(body, secret, nowMs) {
  const timestamp2 = Math.floor(nowMs / 1e3);
  return { timestamp: String(timestamp2), sign: feishuSign(secret, timestamp2), ...body };
}
var init_sign2 = __esm({
  "src/channels/feishu/sign.ts"() {
    "use strict";
    init_lazy_crypto();
  }
});

// src/channels/feishu/webhook.ts
function bad2(message, fix) {
  return new DingpipeError("bad_webhook", message, { fix });
}
function parseFeishuWebhook(input2) {
  const value = input2.trim();
  let url;
  try {
    url = new URL(value);
  } catch {
    if (/^[A-Za-z0-9_-]{8,128}$/.test(value)) {
      throw bad2(
        "the Feishu webhook is a hook token alone, not a URL",
        `paste the bot's whole webhook URL: ${EXAMPLES}`
      );
    }
    throw bad2("the Feishu webhook is not a URL", `paste the bot's whole webhook URL: ${EXAMPLES}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw bad2(
      `the Feishu webhook uses ${url.protocol}, not https:`,
      `paste the bot's whole webhook URL: ${EXAMPLES}`
    );
  }
  const token = HOOK_PATH2.exec(url.pathname)?.[1];
  if (token === void 0) {
    throw bad2(
      "the Feishu webhook's path is not /open-apis/bot/v2/hook/<token>",
      `copy the whole webhook from the bot's settings: ${EXAMPLES}`
    );
  }
  return { url, token };
}
var HOOK_PATH2, EXAMPLES;
var init_webhook = __esm({
  "src/channels/feishu/webhook.ts"() {
    "use strict";
    init_errors();
    HOOK_PATH2 = /^\/open-apis\/bot\/v2\/hook\/([A-Za-z0-9_-]{8,128})\/?$/;
    EXAMPLES = "https://open.feishu.cn/open-apis/bot/v2/hook/… (Lark: https://open.larksuite.com/open-apis/bot/v2/hook/…)";
  }
});

// src/channels/feishu/index.ts
function endpointOf2(credential) {
  if (!credential.webhook) {
    throw new DingpipeError("invalid_robot", "the Feishu bot has no webhook", {
      fix: `give the bot's webhook URL (${EXAMPLES})`
    });
  }
  return parseFeishuWebhook(credential.webhook);
}
var PER_SECOND, feishuChannel;
var init_feishu = __esm({
  "src/channels/feishu/index.ts"() {
    "use strict";
    init_redact();
    init_transport();
    init_errors();
    init_i18n();
    init_channel();
    init_markdown();
    init_robot_key();
    init_webhook_client();
    init_config3();
    init_errors4();
    init_info3();
    init_render3();
    init_sign2();
    init_webhook();
    PER_SECOND = { messages: 5, perSeconds: 1 };
    feishuChannel = {
      info: FEISHU_INFO,
      configKeys: FEISHU_CONFIG_KEYS,
      checkConfig: checkFeishuConfig,
      throttleMs: FEISHU_THROTTLE_MS,
      burstWindows: [PER_SECOND],
      maxDigest: MAX_DIGEST,
      render: (notice, options) => renderNotice2(notice, options),
      renderDigest: (digest, options) => renderDigest2(digest, options),
      normalizeWebhook(input2) {
        parseFeishuWebhook(input2);
        return input2.trim();
      },
      robotIdentity(credential) {
        try {
          const { url, token } = endpointOf2(credential);
          return robotIdentity("feishu", url.origin, token);
        } catch {
          return void 0;
        }
      },
      robotKey(credential, keyer) {
        return keyRobot(feishuChannel.robotIdentity(credential), keyer);
      },
      hint(webhook) {
        try {
          const url = new URL(webhook);
          const token = HOOK_PATH2.exec(url.pathname)?.[1];
          return token ? `${url.host} hook/${token.length > 8 ? token.slice(0, 4) : ""}…` : url.host;
        } catch {
          return "(invalid webhook)";
        }
      },
      client(credential, options = {}) {
        const { url, token } = endpointOf2(credential);
        const secret = credential.secret?.trim() || void 0;
        const doFetch = options.fetch ?? globalThis.fetch;
        const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS2;
        const now = options.now ?? Date.now;
        const target = url.toString();
        const windows = options.rateLimit === false ? [] : [options.rateLimit ?? FEISHU_INFO.defaultRate, PER_SECOND];
        const send = webhookSend(
          {
            key: plainKeyer(robotIdentity("feishu", url.origin, token)),
            windows,
            async attempt(text4, signal) {
              await useEnvProxy(options.env);
              const wire = secret === void 0 ? text4 : JSON.stringify(signedBody(JSON.parse(text4), secret, now()));
              const res = await postJson(target, wire, {
                fetch: doFetch,
                timeoutMs,
                ...signal === void 0 ? {} : { signal },
                secrets: [token, secret],
                service: "Feishu",
                error: (code2, message, o) => new FeishuError(code2, message, o)
              });
              const answer2 = answerObject(res.text);
              const code = typeof answer2?.["code"] === "number" ? answer2["code"] : answer2?.["StatusCode"];
              if (typeof code !== "number") throw feishuHttpError(res.status, res.retryAfterMs);
              const msg = String(answer2?.["msg"] ?? answer2?.["StatusMessage"] ?? "");
              if (code !== 0) throw feishuAnswerError(code, msg);
              if (res.status !== 200) throw feishuHttpError(res.status, res.retryAfterMs);
              return { errmsg: msg };
            }
          },
          options
        );
        const prepare = (body) => {
          const b = body;
          if (typeof b.msg_type !== "string") {
            throw new DingpipeError("invalid_message", "a Feishu message is {msg_type, …}", {
              fix: "send an interactive, post or text message"
            });
          }
          const text4 = JSON.stringify(body);
          const bytes = utf8Bytes(text4);
          if (bytes > MAX_BODY_BYTES2) {
            throw new DingpipeError("message_too_long", `the message is ${bytes} bytes, over Feishu's 20 KB`, {
              fix: "shorten the message"
            });
          }
          return { body, text: text4, bytes };
        };
        return {
          endpoint: redact(target),
          prepare,
          send: (body, sendOptions) => {
            const prepared = prepare(body);
            return send({ text: prepared.text, bytes: prepared.bytes, fitted: false }, sendOptions?.signal);
          }
        };
      },
      testMessage(name, keywords, locale2 = DEFAULT_MESSAGE_LOCALE) {
        const keyword = keywords[0];
        return {
          msg_type: "text",
          content: { text: `${t(locale2, "testMessage", { robot: name })}${keyword ? ` ${keyword}` : ""}` }
        };
      }
    };
  }
});

// src/channels/wecom/info.ts
var WECOM_INFO;
var init_info4 = __esm({
  "src/channels/wecom/info.ts"() {
    "use strict";
    WECOM_INFO = {
      kind: "wecom",
      label: "WeCom",
      hosts: ["qyapi.weixin.qq.com"],
      webhookExample: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
      bare: {
        pattern: "^[A-Za-z0-9_-]{8,128}$",
        prefix: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key="
      },
      signs: false,
      defaultRate: { messages: 20, perSeconds: 60 },
      maxRate: { messages: 20, perSeconds: 60 },
      throttleNote: "WeCom refuses a robot's messages (45009) until its minute has passed",
      maxBytes: 4096,
      mentions: { mobiles: true, userIds: false, all: true },
      words: {
        en: {
          name: "WeCom",
          webhookHelp: "The robot's full webhook (https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…) or only its key. The key is the robot's only credential: keep it secret.",
          howTo: "Group chat → ⋯ → Group robots (群机器人) → Add.",
          mentions: "WeCom markdown cannot mention anyone: a notice that mentions mobiles or everyone goes as a text message, which can."
        },
        "zh-CN": {
          name: "企业微信",
          webhookHelp: "机器人的完整 Webhook 地址（https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…），或只填其中的 key。key 是机器人唯一的凭据，请保密。",
          howTo: "群聊 → ⋯ → 群机器人 → 添加。",
          mentions: "企业微信的 Markdown 消息无法提醒成员：需要按手机号或提醒所有人时，改发一条文本消息。"
        }
      }
    };
  }
});

// src/channels/kinds.ts
function isChannelKind(value) {
  return typeof value === "string" && CHANNEL_KINDS.includes(value);
}
function kindOfWord(word) {
  const w = word.trim().toLowerCase();
  if (isChannelKind(w)) return w;
  return w === "lark" ? "feishu" : void 0;
}
function kindMeant(word) {
  return KIND_WORDS[word.trim().toLowerCase()];
}
function kindInfo(kind2) {
  return KINDS[kind2];
}
var CHANNEL_KINDS, DEFAULT_KIND, KIND_WORDS, KINDS;
var init_kinds = __esm({
  "src/channels/kinds.ts"() {
    "use strict";
    init_info();
    init_info2();
    init_info3();
    init_info4();
    CHANNEL_KINDS = ["dingtalk", "wecom", "feishu", "dingtalk_app"];
    DEFAULT_KIND = "dingtalk";
    KIND_WORDS = {
      lark: "feishu",
      larksuite: "feishu",
      飞书: "feishu",
      wechat: "wecom",
      weixin: "wecom",
      wework: "wecom",
      workwechat: "wecom",
      qywx: "wecom",
      企业微信: "wecom",
      ding: "dingtalk",
      钉钉: "dingtalk",
      dingtalkapp: "dingtalk_app",
      "dingtalk-app": "dingtalk_app",
      app: "dingtalk_app",
      应用机器人: "dingtalk_app"
    };
    KINDS = {
      dingtalk: DINGTALK_INFO,
      wecom: WECOM_INFO,
      feishu: FEISHU_INFO,
      dingtalk_app: DINGTALK_APP_INFO
    };
  }
});

// src/channels/wecom/config.ts
function checkWeComConfig(check3) {
  const { name, raw, values, resolve: resolve2, warning } = check3;
  const w = raw.webhook;
  if (!w) return;
  if (isLiteral(w.value)) {
    warning(
      w.node,
      `the key is written literally in webhook of credential '${name}': use \${ENV}`,
      `keep the webhook in a CI secret, e.g. WECOM_WEBHOOK, and write \`webhook: ${ref("WECOM_WEBHOOK")}\``,
      w.value.includes("key=") ? { needle: "key=" } : {}
    );
  }
  values.webhook = resolve2(
    w,
    "webhook",
    "set $V in the environment (a CI secret holding the robot's webhook URL or key)"
  );
  const url = URL.parse(values.webhook?.trim() ?? "");
  if (url && (!WECOM_INFO.hosts.includes(url.hostname) || url.protocol !== "https:" || url.pathname !== "/cgi-bin/webhook/send")) {
    warning(
      w.node,
      `webhook of credential '${name}'${check3.from(w)} is not a WeCom robot URL (${url.protocol}//${url.host}${url.pathname})`,
      `use ${WECOM_INFO.webhookExample} (an emulator's URL is fine for tests)`
    );
  }
}
var WECOM_CONFIG_KEYS;
var init_config4 = __esm({
  "src/channels/wecom/config.ts"() {
    "use strict";
    init_interpolate();
    init_info4();
    WECOM_CONFIG_KEYS = ["webhook", "rate_limit"];
  }
});

// src/channels/wecom/errors.ts
function classifyWeCom(errcode) {
  return TABLE2[errcode] ?? {
    code: "unknown_errcode",
    retryable: false,
    summary: "WeCom answered an errcode dingpipe does not know",
    fix: "look the errcode up in WeCom's global errcode reference (全局错误码)"
  };
}
function weComAnswerError(errcode, errmsg) {
  const c = classifyWeCom(errcode);
  return new WeComError(c.code, `${c.summary} (errcode ${errcode}: ${errmsg})`, {
    retryable: c.retryable,
    fix: c.fix,
    errcode,
    errmsg,
    ...c.retryAfterMs === void 0 ? {} : { retryAfterMs: c.retryAfterMs }
  });
}
function weComHttpError(status, retryAfterMs) {
  const retryable = status >= 500 || status === 429;
  return new WeComError("http_error", `HTTP ${status} where WeCom answers 200`, {
    retryable,
    status,
    ...retryAfterMs === void 0 ? {} : { retryAfterMs },
    fix: retryable ? "the endpoint or a relay in between is failing: try again later" : `${FIX_WHERE.baseUrl.cli} this is not a WeCom robot endpoint (or a relay rejected the request)`
  });
}
var WECOM_THROTTLE_MS, WeComError, TABLE2;
var init_errors5 = __esm({
  "src/channels/wecom/errors.ts"() {
    "use strict";
    init_errors2();
    init_redact();
    init_errors();
    WECOM_THROTTLE_MS = 6e4;
    WeComError = class extends RobotError {
      code;
      constructor(code, message, options = {}) {
        super(code, redact(message), {
          ...options,
          ...options.errmsg === void 0 ? {} : { errmsg: redact(options.errmsg) }
        });
        this.name = "WeComError";
        this.code = code;
      }
    };
    TABLE2 = {
      93e3: {
        code: "webhook_invalid",
        retryable: false,
        summary: "WeCom does not know this webhook (invalid webhook URL)",
        fix: `paste the whole webhook URL, or only its key (${FIX_WHERE.webhook.cli}): copy it again from the group's robot (群机器人) settings`
      },
      45009: {
        code: "throttled",
        retryable: true,
        retryAfterMs: WECOM_THROTTLE_MS,
        summary: "WeCom throttled the robot (more than 20 messages in a minute)",
        fix: "wait a minute before sending through this robot again, and send fewer messages (merge events into one summary)"
      },
      40008: {
        code: "unsupported_message_type",
        retryable: false,
        summary: "WeCom does not support this msgtype",
        // (?) 40008 "invalid message type"
        fix: "use msgtype text or markdown (msgtype is case-sensitive)"
      },
      40058: {
        code: "message_too_long",
        retryable: false,
        summary: "the message is over WeCom's limit (4,096 bytes of markdown, 2,048 of text)",
        // (?)
        fix: "shorten the custom content or drop long output"
      },
      [-1]: {
        code: "system_busy",
        retryable: true,
        summary: "WeCom is busy",
        fix: "try again in a moment (dingpipe retries this by itself with backoff)"
      }
    };
  }
});

// src/channels/wecom/render.ts
function statusColour(status) {
  if (status === "failure") return "warning";
  if (status === "success") return "info";
  return "comment";
}
function mentionFields(m) {
  const list = [...m.mobiles, ...m.all ? ["@all"] : []];
  return list.length > 0 ? { mentioned_mobile_list: list } : {};
}
function plainText2(value, max = 300) {
  const line = value.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, " ").replace(/\s+/gu, " ").trim();
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join("")}…`;
}
function markdownSegments(notice) {
  const { pipeline, task } = titleParts(notice.title);
  const title2 = titleWith(notice, plain(pipeline, 60), task === void 0 ? void 0 : plain(task, 60));
  const segments = [
    { sep: "", head: `### <font color="${statusColour(notice.status)}">${title2}</font>`, body: "" }
  ];
  for (const fact of notice.facts) {
    const sep = "\n";
    const value = factMarkdown(fact);
    if (fact.key === "link") segments.push({ sep, head: value, body: "" });
    else if (fact.long)
      segments.push({ sep, head: `**${factLabel(fact.key, notice.locale)}** `, body: value, shrink: "end" });
    else segments.push({ sep, head: `**${factLabel(fact.key, notice.locale)}** ${value}`, body: "" });
  }
  if (notice.custom !== void 0)
    segments.push({ sep: "\n\n", head: "", body: notice.custom, shrink: "end" });
  if (notice.exitCode !== void 0)
    segments.push({ sep: "\n\n", head: `**${t(notice.locale, "exitCode")}** ${notice.exitCode}`, body: "" });
  if (notice.logTail !== void 0) {
    const shown = notice.logTail.lines.map((line) => `> ${escapeMarkdown(line)}`);
    const { omitted } = notice.logTail;
    const lines = omitted > 0 ? [`> ${t(notice.locale, "output.omitted", { lines: omitted })}`, ...shown] : shown;
    const head = `**${t(notice.locale, "output.heading")}**
`;
    segments.push({ sep: "\n\n", head, body: lines.join("\n"), shrink: "start", linePrefix: "> " });
  }
  return segments;
}
function textSegments(notice) {
  const segments = [{ sep: "", head: noticeTitle(notice), body: "" }];
  const line = (label, value) => t(notice.locale, "plainFact", { label, value });
  for (const fact of notice.facts) {
    const label = factLabel(fact.key, notice.locale);
    if (fact.key === "link") segments.push({ sep: "\n", head: line(fact.text, fact.url ?? ""), body: "" });
    else if (fact.long)
      segments.push({ sep: "\n", head: line(label, ""), body: plainText2(fact.text, 1e5), shrink: "end" });
    else
      segments.push({
        sep: "\n",
        head: line(label, fact.untrusted ? plainText2(fact.text) : fact.text),
        body: ""
      });
  }
  if (notice.custom !== void 0)
    segments.push({ sep: "\n\n", head: "", body: markdownToText(notice.custom), shrink: "end" });
  if (notice.exitCode !== void 0)
    segments.push({
      sep: "\n\n",
      head: line(t(notice.locale, "exitCode"), String(notice.exitCode)),
      body: ""
    });
  if (notice.logTail !== void 0) {
    const shown = notice.logTail.lines.map((line2) => line2.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ""));
    const { omitted } = notice.logTail;
    const lines = omitted > 0 ? [t(notice.locale, "output.omitted", { lines: omitted }), ...shown] : shown;
    const head = `${line(t(notice.locale, "output.heading"), "").trimEnd()}
`;
    segments.push({ sep: "\n", head, body: lines.join("\n"), shrink: "start" });
  }
  return segments;
}
function rendered3(message, truncated, unmentionable) {
  const content = message.msgtype === "markdown" ? message.markdown.content : message.text.content;
  return {
    body: message,
    type: message.msgtype,
    bytes: utf8Bytes(content),
    maxBytes: message.msgtype === "markdown" ? MAX_MARKDOWN_BYTES : MAX_TEXT_BYTES,
    truncated,
    unmentionable
  };
}
function fitContent(notice, segments, max) {
  let last = "";
  const marker = t(notice.locale, "truncated");
  for (const [i, level] of FACT_CLIPS.entries()) {
    const fitted = fitSegments(segments(clipFacts(notice, level)), utf8Bytes, max, marker);
    if (utf8Bytes(fitted.text) <= max) return { text: fitted.text, truncated: fitted.truncated || i > 0 };
    last = fitted.text;
  }
  return { text: cutToBytes(last, max, marker), truncated: true };
}
function renderNotice3(notice) {
  const unmentionable = [...notice.mentions.userIds];
  if (mentionsSomeone(notice.mentions)) {
    const fitted2 = fitContent(notice, textSegments, MAX_TEXT_BYTES);
    const message = {
      msgtype: "text",
      text: { content: fitted2.text, ...mentionFields(notice.mentions) }
    };
    return rendered3(message, fitted2.truncated, unmentionable);
  }
  const fitted = fitContent(notice, markdownSegments, MAX_MARKDOWN_BYTES);
  return rendered3(
    { msgtype: "markdown", markdown: { content: fitted.text } },
    fitted.truncated,
    unmentionable
  );
}
function renderDigest3(digest) {
  const unmentionable = [...digest.mentions.userIds];
  if (mentionsSomeone(digest.mentions)) {
    const { text: text5 } = fitDigestText(digest, {
      fits: (_t, x) => utf8Bytes(markdownToText(x)) <= MAX_TEXT_BYTES,
      heading: (t2) => t2
    });
    const message = {
      msgtype: "text",
      text: { content: markdownToText(text5), ...mentionFields(digest.mentions) }
    };
    return rendered3(message, false, unmentionable);
  }
  const colour = digest.failing > 0 ? "warning" : "info";
  const { text: text4 } = fitDigestText(digest, {
    fits: (_t, x) => utf8Bytes(x) <= MAX_MARKDOWN_BYTES,
    heading: (t2) => `### <font color="${colour}">${t2}</font>`
  });
  return rendered3({ msgtype: "markdown", markdown: { content: text4 } }, false, unmentionable);
}
var MAX_MARKDOWN_BYTES, MAX_TEXT_BYTES, mentionsSomeone;
var init_render4 = __esm({
  "src/channels/wecom/render.ts"() {
    "use strict";
    init_compose();
    init_content();
    init_digest_markdown();
    init_escape();
    init_fit2();
    init_i18n();
    init_fitting();
    init_markdown();
    MAX_MARKDOWN_BYTES = 4096;
    MAX_TEXT_BYTES = 2048;
    mentionsSomeone = (m) => m.mobiles.length > 0 || m.all;
  }
});

// src/channels/wecom/webhook.ts
function bad3(message, fix) {
  return new DingpipeError("bad_webhook", message, { fix });
}
function normalizeWeComWebhook(input2) {
  const value = input2.trim().replace(/^key=/, "");
  if (KEY.test(value)) return `${SEND_URL}?key=${value}`;
  let url;
  try {
    url = new URL(value);
  } catch {
    throw bad3(
      "the WeCom webhook is neither a URL nor a key",
      `paste the whole webhook URL (${WECOM_INFO.webhookExample}), or only its key`
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw bad3(
      `the WeCom webhook uses ${url.protocol}, not https:`,
      `paste the whole webhook URL: ${WECOM_INFO.webhookExample}`
    );
  }
  const key = url.searchParams.get("key");
  if (!key) {
    throw bad3(
      "the WeCom webhook has no key parameter",
      "paste the whole webhook URL, including ?key=…, or only its key"
    );
  }
  if (!KEY.test(key)) {
    throw bad3(
      "the WeCom webhook's key holds characters no WeCom key has (a placeholder such as … or <key>?)",
      "copy the real webhook from the group's robot settings"
    );
  }
  return value;
}
var SEND_URL, KEY;
var init_webhook2 = __esm({
  "src/channels/wecom/webhook.ts"() {
    "use strict";
    init_errors();
    init_info4();
    SEND_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send";
    KEY = /^[A-Za-z0-9_-]{8,128}$/;
  }
});

// src/channels/wecom/index.ts
function keyOf(credential) {
  if (!credential.webhook) {
    throw new DingpipeError("invalid_robot", "the WeCom robot has no webhook", {
      fix: `give the robot's webhook URL or key (${WECOM_INFO.webhookExample})`
    });
  }
  const url = new URL(normalizeWeComWebhook(credential.webhook));
  return { url, key: url.searchParams.get("key") ?? "" };
}
function contentOf(body) {
  const b = body;
  const content = b.msgtype === "markdown" ? b.markdown?.content : b.msgtype === "text" ? b.text?.content : void 0;
  if (typeof content !== "string") {
    throw new DingpipeError("invalid_message", "a WeCom message is {msgtype: text|markdown, …: {content}}", {
      fix: "send a text or markdown message"
    });
  }
  return { type: String(b.msgtype), content };
}
var wecomChannel;
var init_wecom = __esm({
  "src/channels/wecom/index.ts"() {
    "use strict";
    init_redact();
    init_transport();
    init_errors();
    init_i18n();
    init_markdown();
    init_robot_key();
    init_webhook_client();
    init_config4();
    init_errors5();
    init_info4();
    init_render4();
    init_webhook2();
    wecomChannel = {
      info: WECOM_INFO,
      configKeys: WECOM_CONFIG_KEYS,
      checkConfig: checkWeComConfig,
      throttleMs: WECOM_THROTTLE_MS,
      burstWindows: [],
      // ~100 bytes a line in 4,096 bytes of markdown (MAX_DIGEST would leave most tasks only counted)
      maxDigest: 30,
      render: (notice) => renderNotice3(notice),
      renderDigest: (digest) => renderDigest3(digest),
      normalizeWebhook: normalizeWeComWebhook,
      robotIdentity(credential) {
        try {
          const { url, key } = keyOf(credential);
          return robotIdentity("wecom", url.origin, key);
        } catch {
          return void 0;
        }
      },
      robotKey(credential, keyer) {
        return keyRobot(wecomChannel.robotIdentity(credential), keyer);
      },
      hint(webhook) {
        try {
          const url = new URL(webhook);
          const key = url.searchParams.get("key");
          return key ? `${url.host} key=${key.length > 8 ? key.slice(0, 4) : ""}…` : url.host;
        } catch {
          return "(invalid webhook)";
        }
      },
      client(credential, options = {}) {
        const { url, key } = keyOf(credential);
        const doFetch = options.fetch ?? globalThis.fetch;
        const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS2;
        const target = url.toString();
        const windows = options.rateLimit === false ? [] : [options.rateLimit ?? WECOM_INFO.defaultRate];
        const send = webhookSend(
          {
            key: plainKeyer(robotIdentity("wecom", url.origin, key)),
            windows,
            async attempt(text4, signal) {
              await useEnvProxy(options.env);
              const res = await postJson(target, text4, {
                fetch: doFetch,
                timeoutMs,
                ...signal === void 0 ? {} : { signal },
                secrets: [key],
                service: "WeCom",
                error: (code, message, o) => new WeComError(code, message, o)
              });
              if (res.status !== 200) throw weComHttpError(res.status, res.retryAfterMs);
              const answer2 = answerObject(res.text);
              const errcode = answer2?.["errcode"];
              if (typeof errcode !== "number") {
                throw new WeComError(
                  "http_error",
                  "the endpoint answered 200 without WeCom's {errcode, errmsg}",
                  {
                    status: res.status,
                    fix: "check the webhook URL: this is not a WeCom robot endpoint"
                  }
                );
              }
              const errmsg = String(answer2?.["errmsg"] ?? "");
              if (errcode !== 0) throw weComAnswerError(errcode, errmsg);
              return { errmsg };
            }
          },
          options
        );
        const prepare = (body) => {
          const { type, content } = contentOf(body);
          const max = type === "markdown" ? MAX_MARKDOWN_BYTES : MAX_TEXT_BYTES;
          const bytes = utf8Bytes(content);
          if (bytes > max) {
            throw new DingpipeError(
              "message_too_long",
              `the ${type} content is ${bytes} bytes, over WeCom's ${max}`,
              {
                fix: "shorten the message"
              }
            );
          }
          return { body, text: JSON.stringify(body), bytes };
        };
        return {
          endpoint: redact(target),
          prepare,
          send: (body, sendOptions) => {
            const prepared = prepare(body);
            return send({ text: prepared.text, bytes: prepared.bytes, fitted: false }, sendOptions?.signal);
          }
        };
      },
      testMessage(name, _keywords, locale2 = DEFAULT_MESSAGE_LOCALE) {
        return { msgtype: "text", text: { content: t(locale2, "testMessage", { robot: name }) } };
      }
    };
  }
});

// src/channels/index.ts
function channelFor(kind2) {
  return CHANNELS[kind2 ?? DEFAULT_KIND];
}
var CHANNELS;
var init_channels = __esm({
  "src/channels/index.ts"() {
    "use strict";
    init_dingtalk();
    init_dingtalk_app();
    init_feishu();
    init_kinds();
    init_wecom();
    init_kinds();
    CHANNELS = {
      dingtalk: dingtalkChannel,
      wecom: wecomChannel,
      feishu: feishuChannel,
      dingtalk_app: dingtalkAppChannel
    };
  }
});

// src/config/diagnostic.ts
function formatDiagnostic(d) {
  const head = `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
  return d.fix ? `${head}
  fix: ${d.fix}` : head;
}
var Diagnostics;
var init_diagnostic = __esm({
  "src/config/diagnostic.ts"() {
    "use strict";
    Diagnostics = class {
      list = [];
      #file;
      #text;
      #lines;
      #errors = 0;
      constructor(file, text4, lines) {
        this.#file = file;
        this.#text = text4;
        this.#lines = lines;
      }
      error(place, message, fix, options) {
        this.#add("error", place, message, fix, options);
      }
      warning(place, message, fix, options) {
        this.#add("warning", place, message, fix, options);
      }
      /** Counted as they come (read after every credential and notification: never a scan of the list). */
      get errorCount() {
        return this.#errors;
      }
      #add(severity, place, message, fix, options) {
        const { line, column } = this.position(place, options?.needle);
        const d = { severity, message, file: this.#file, line, column };
        if (fix) d.fix = fix;
        if (options?.credential !== void 0) d.credential = options.credential;
        if (severity === "error") this.#errors++;
        this.list.push(d);
      }
      /** Line and column of a place; with `needle`, of its first occurrence inside the node's source. */
      position(place, needle) {
        let offset = 0;
        if (place && "offset" in place) offset = place.offset;
        else if (place?.range) {
          offset = place.range[0];
          if (needle) {
            const at2 = this.#text.slice(place.range[0], place.range[1]).indexOf(needle);
            if (at2 >= 0) offset += at2;
          }
        }
        if (!this.#lines) return { line: 1, column: 1 };
        const { line, col } = this.#lines.linePos(offset);
        return { line, column: col };
      }
    };
  }
});

// node_modules/valibot/dist/index.mjs
// @__NO_SIDE_EFFECTS__
function getGlobalConfig(config$1) {
  if (!config$1 && !store$4) return DEFAULT_CONFIG;
  return {
    lang: config$1?.lang ?? store$4?.lang,
    message: config$1?.message,
    abortEarly: config$1?.abortEarly ?? store$4?.abortEarly,
    abortPipeEarly: config$1?.abortPipeEarly ?? store$4?.abortPipeEarly
  };
}
// @__NO_SIDE_EFFECTS__
function getGlobalMessage(lang) {
  return store$3?.get(lang);
}
// @__NO_SIDE_EFFECTS__
function getSchemaMessage(lang) {
  return store$2?.get(lang);
}
// @__NO_SIDE_EFFECTS__
function getSpecificMessage(reference, lang) {
  return store$1?.get(reference)?.get(lang);
}
// @__NO_SIDE_EFFECTS__
function _stringify(input2) {
  const type = typeof input2;
  if (type === "string") return `"${input2}"`;
  if (type === "number" || type === "bigint" || type === "boolean") return `${input2}`;
  if (type === "object" || type === "function") return (input2 && Object.getPrototypeOf(input2)?.constructor?.name) ?? "null";
  return type;
}
function _addIssue(context, label, dataset, config$1, other) {
  const input2 = other && "input" in other ? other.input : dataset.value;
  const expected = other?.expected ?? context.expects ?? null;
  const received = other?.received ?? /* @__PURE__ */ _stringify(input2);
  const issue = {
    kind: context.kind,
    type: context.type,
    input: input2,
    expected,
    received,
    message: `Invalid ${label}: ${expected ? `Expected ${expected} but r` : "R"}eceived ${received}`,
    requirement: context.requirement,
    path: other?.path,
    issues: other?.issues,
    lang: config$1.lang,
    abortEarly: config$1.abortEarly,
    abortPipeEarly: config$1.abortPipeEarly
  };
  const isSchema = context.kind === "schema";
  const message$1 = other?.message ?? context.message ?? /* @__PURE__ */ getSpecificMessage(context.reference, issue.lang) ?? (isSchema ? /* @__PURE__ */ getSchemaMessage(issue.lang) : null) ?? config$1.message ?? /* @__PURE__ */ getGlobalMessage(issue.lang);
  if (message$1 !== void 0) issue.message = typeof message$1 === "function" ? message$1(issue) : message$1;
  if (isSchema) dataset.typed = false;
  if (dataset.issues) dataset.issues.push(issue);
  else dataset.issues = [issue];
}
// @__NO_SIDE_EFFECTS__
function _isValidObjectKey(object$1, key) {
  return Object.prototype.hasOwnProperty.call(object$1, key) && key !== "__proto__" && key !== "prototype" && key !== "constructor";
}
// @__NO_SIDE_EFFECTS__
function _joinExpects(values$1, separator) {
  const list = [...new Set(values$1)];
  if (list.length > 1) return `(${list.join(` ${separator} `)})`;
  return list[0] ?? "never";
}
function _standardSchema(schema4) {
  schema4["~standard"] = {
    version: 1,
    vendor: "valibot",
    validate: (value$1) => schema4["~run"]({ value: value$1 }, /* @__PURE__ */ getGlobalConfig())
  };
  return schema4;
}
// @__NO_SIDE_EFFECTS__
function check(requirement, message$1) {
  return {
    kind: "validation",
    type: "check",
    reference: check,
    async: false,
    expects: null,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !this.requirement(dataset.value)) _addIssue(this, "input", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function description2(description_) {
  return {
    kind: "metadata",
    type: "description",
    reference: description2,
    description: description_
  };
}
// @__NO_SIDE_EFFECTS__
function integer(message$1) {
  return {
    kind: "validation",
    type: "integer",
    reference: integer,
    async: false,
    expects: null,
    requirement: Number.isInteger,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !this.requirement(dataset.value)) _addIssue(this, "integer", dataset, config$1);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function maxLength(requirement, message$1) {
  return {
    kind: "validation",
    type: "max_length",
    reference: maxLength,
    async: false,
    expects: `<=${requirement}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && dataset.value.length > this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function metadata(metadata_) {
  return {
    kind: "metadata",
    type: "metadata",
    reference: metadata,
    metadata: metadata_
  };
}
// @__NO_SIDE_EFFECTS__
function minLength(requirement, message$1) {
  return {
    kind: "validation",
    type: "min_length",
    reference: minLength,
    async: false,
    expects: `>=${requirement}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && dataset.value.length < this.requirement) _addIssue(this, "length", dataset, config$1, { received: `${dataset.value.length}` });
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function minValue(requirement, message$1) {
  return {
    kind: "validation",
    type: "min_value",
    reference: minValue,
    async: false,
    expects: `>=${requirement instanceof Date ? requirement.toJSON() : /* @__PURE__ */ _stringify(requirement)}`,
    requirement,
    message: message$1,
    "~run"(dataset, config$1) {
      if (dataset.typed && !(dataset.value >= this.requirement)) _addIssue(this, "value", dataset, config$1, { received: dataset.value instanceof Date ? dataset.value.toJSON() : /* @__PURE__ */ _stringify(dataset.value) });
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function title(title_) {
  return {
    kind: "metadata",
    type: "title",
    reference: title,
    title: title_
  };
}
// @__NO_SIDE_EFFECTS__
function transform(operation) {
  return {
    kind: "transformation",
    type: "transform",
    reference: transform,
    async: false,
    operation,
    "~run"(dataset) {
      dataset.value = this.operation(dataset.value);
      return dataset;
    }
  };
}
// @__NO_SIDE_EFFECTS__
function getFallback(schema4, dataset, config$1) {
  return typeof schema4.fallback === "function" ? schema4.fallback(dataset, config$1) : schema4.fallback;
}
// @__NO_SIDE_EFFECTS__
function getDefault(schema4, dataset, config$1) {
  return typeof schema4.default === "function" ? schema4.default(dataset, config$1) : schema4.default;
}
// @__NO_SIDE_EFFECTS__
function array(item, message$1) {
  return _standardSchema({
    kind: "schema",
    type: "array",
    reference: array,
    expects: "Array",
    async: false,
    item,
    message: message$1,
    "~run"(dataset, config$1) {
      const input2 = dataset.value;
      if (Array.isArray(input2)) {
        dataset.typed = true;
        dataset.value = [];
        for (let key = 0; key < input2.length; key++) {
          const value$1 = input2[key];
          const itemDataset = this.item["~run"]({ value: value$1 }, config$1);
          if (itemDataset.issues) {
            const pathItem = {
              type: "array",
              origin: "value",
              input: input2,
              key,
              value: value$1
            };
            for (const issue of itemDataset.issues) {
              if (issue.path) issue.path.unshift(pathItem);
              else issue.path = [pathItem];
              dataset.issues?.push(issue);
            }
            if (!dataset.issues) dataset.issues = itemDataset.issues;
            if (config$1.abortEarly) {
              dataset.typed = false;
              break;
            }
          }
          if (!itemDataset.typed) dataset.typed = false;
          dataset.value.push(itemDataset.value);
        }
      } else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function boolean(message$1) {
  return _standardSchema({
    kind: "schema",
    type: "boolean",
    reference: boolean,
    expects: "boolean",
    async: false,
    message: message$1,
    "~run"(dataset, config$1) {
      if (typeof dataset.value === "boolean") dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function number(message$1) {
  return _standardSchema({
    kind: "schema",
    type: "number",
    reference: number,
    expects: "number",
    async: false,
    message: message$1,
    "~run"(dataset, config$1) {
      if (typeof dataset.value === "number" && !isNaN(dataset.value)) dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function optional2(wrapped, default_) {
  return _standardSchema({
    kind: "schema",
    type: "optional",
    reference: optional2,
    expects: `(${wrapped.expects} | undefined)`,
    async: false,
    wrapped,
    default: default_,
    "~run"(dataset, config$1) {
      if (dataset.value === void 0) {
        if (this.default !== void 0) dataset.value = /* @__PURE__ */ getDefault(this, dataset, config$1);
        if (dataset.value === void 0) {
          dataset.typed = true;
          return dataset;
        }
      }
      return this.wrapped["~run"](dataset, config$1);
    }
  });
}
// @__NO_SIDE_EFFECTS__
function record(key, value$1, message$1) {
  return _standardSchema({
    kind: "schema",
    type: "record",
    reference: record,
    expects: "Object",
    async: false,
    key,
    value: value$1,
    message: message$1,
    "~run"(dataset, config$1) {
      const input2 = dataset.value;
      if (input2 && typeof input2 === "object") {
        dataset.typed = true;
        dataset.value = {};
        for (const entryKey in input2) if (/* @__PURE__ */ _isValidObjectKey(input2, entryKey)) {
          const entryValue = input2[entryKey];
          const keyDataset = this.key["~run"]({ value: entryKey }, config$1);
          if (keyDataset.issues) {
            const pathItem = {
              type: "object",
              origin: "key",
              input: input2,
              key: entryKey,
              value: entryValue
            };
            for (const issue of keyDataset.issues) {
              issue.path = [pathItem];
              dataset.issues?.push(issue);
            }
            if (!dataset.issues) dataset.issues = keyDataset.issues;
            if (config$1.abortEarly) {
              dataset.typed = false;
              break;
            }
          }
          const valueDataset = this.value["~run"]({ value: entryValue }, config$1);
          if (valueDataset.issues) {
            const pathItem = {
              type: "object",
              origin: "value",
              input: input2,
              key: entryKey,
              value: entryValue
            };
            for (const issue of valueDataset.issues) {
              if (issue.path) issue.path.unshift(pathItem);
              else issue.path = [pathItem];
              dataset.issues?.push(issue);
            }
            if (!dataset.issues) dataset.issues = valueDataset.issues;
            if (config$1.abortEarly) {
              dataset.typed = false;
              break;
            }
          }
          if (!keyDataset.typed || !valueDataset.typed) dataset.typed = false;
          if (keyDataset.typed) dataset.value[keyDataset.value] = valueDataset.value;
        }
      } else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function strictObject(entries$1, message$1) {
  return _standardSchema({
    kind: "schema",
    type: "strict_object",
    reference: strictObject,
    expects: "Object",
    async: false,
    entries: entries$1,
    message: message$1,
    "~run"(dataset, config$1) {
      const input2 = dataset.value;
      if (input2 && typeof input2 === "object") {
        dataset.typed = true;
        dataset.value = {};
        for (const key in this.entries) {
          const valueSchema = this.entries[key];
          if (key in input2 || (valueSchema.type === "exact_optional" || valueSchema.type === "optional" || valueSchema.type === "nullish") && valueSchema.default !== void 0) {
            const value$1 = key in input2 ? input2[key] : /* @__PURE__ */ getDefault(valueSchema);
            const valueDataset = valueSchema["~run"]({ value: value$1 }, config$1);
            if (valueDataset.issues) {
              const pathItem = {
                type: "object",
                origin: "value",
                input: input2,
                key,
                value: value$1
              };
              for (const issue of valueDataset.issues) {
                if (issue.path) issue.path.unshift(pathItem);
                else issue.path = [pathItem];
                dataset.issues?.push(issue);
              }
              if (!dataset.issues) dataset.issues = valueDataset.issues;
              if (config$1.abortEarly) {
                dataset.typed = false;
                break;
              }
            }
            if (!valueDataset.typed) dataset.typed = false;
            dataset.value[key] = valueDataset.value;
          } else if (valueSchema.fallback !== void 0) dataset.value[key] = /* @__PURE__ */ getFallback(valueSchema);
          else if (valueSchema.type !== "exact_optional" && valueSchema.type !== "optional" && valueSchema.type !== "nullish") {
            _addIssue(this, "key", dataset, config$1, {
              input: void 0,
              expected: `"${key}"`,
              path: [{
                type: "object",
                origin: "key",
                input: input2,
                key,
                value: input2[key]
              }]
            });
            if (config$1.abortEarly) break;
          }
        }
        if (!dataset.issues || !config$1.abortEarly) {
          for (const key in input2) if (!Object.prototype.hasOwnProperty.call(this.entries, key)) {
            _addIssue(this, "key", dataset, config$1, {
              input: key,
              expected: "never",
              path: [{
                type: "object",
                origin: "key",
                input: input2,
                key,
                value: input2[key]
              }]
            });
            break;
          }
        }
      } else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function string(message$1) {
  return _standardSchema({
    kind: "schema",
    type: "string",
    reference: string,
    expects: "string",
    async: false,
    message: message$1,
    "~run"(dataset, config$1) {
      if (typeof dataset.value === "string") dataset.typed = true;
      else _addIssue(this, "type", dataset, config$1);
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function _subIssues(datasets) {
  let issues;
  if (datasets) for (const dataset of datasets) if (issues) for (const issue of dataset.issues) issues.push(issue);
  else issues = dataset.issues;
  return issues;
}
// @__NO_SIDE_EFFECTS__
function union(options, message$1) {
  return _standardSchema({
    kind: "schema",
    type: "union",
    reference: union,
    expects: /* @__PURE__ */ _joinExpects(options.map((option) => option.expects), "|"),
    async: false,
    options,
    message: message$1,
    "~run"(dataset, config$1) {
      let validDataset;
      let typedDatasets;
      let untypedDatasets;
      for (const schema4 of this.options) {
        const optionDataset = schema4["~run"]({ value: dataset.value }, config$1);
        if (optionDataset.typed) if (optionDataset.issues) if (typedDatasets) typedDatasets.push(optionDataset);
        else typedDatasets = [optionDataset];
        else {
          validDataset = optionDataset;
          break;
        }
        else if (untypedDatasets) untypedDatasets.push(optionDataset);
        else untypedDatasets = [optionDataset];
      }
      if (validDataset) return validDataset;
      if (typedDatasets) {
        if (typedDatasets.length === 1) return typedDatasets[0];
        _addIssue(this, "type", dataset, config$1, { issues: /* @__PURE__ */ _subIssues(typedDatasets) });
        dataset.typed = true;
      } else if (untypedDatasets?.length === 1) return untypedDatasets[0];
      else _addIssue(this, "type", dataset, config$1, { issues: /* @__PURE__ */ _subIssues(untypedDatasets) });
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function pipe(...pipe$1) {
  return _standardSchema({
    ...pipe$1[0],
    pipe: pipe$1,
    "~run"(dataset, config$1) {
      for (const item of pipe$1) if (item.kind !== "metadata") {
        if (dataset.issues && (item.kind === "schema" || item.kind === "transformation")) {
          dataset.typed = false;
          break;
        }
        if (!dataset.issues || !config$1.abortEarly && !config$1.abortPipeEarly) dataset = item["~run"](dataset, config$1);
      }
      return dataset;
    }
  });
}
// @__NO_SIDE_EFFECTS__
function safeParse(schema4, input2, config$1) {
  const dataset = schema4["~run"]({ value: input2 }, /* @__PURE__ */ getGlobalConfig(config$1));
  return {
    typed: dataset.typed,
    success: !dataset.issues,
    output: dataset.value,
    issues: dataset.issues
  };
}
var store$4, DEFAULT_CONFIG, store$3, store$2, store$1, EMOJI_REGEX;
var init_dist = __esm({
  "node_modules/valibot/dist/index.mjs"() {
    DEFAULT_CONFIG = {
      lang: void 0,
      message: void 0,
      abortEarly: void 0,
      abortPipeEarly: void 0
    };
    EMOJI_REGEX = new RegExp("^(?:[\\u{1F1E6}-\\u{1F1FF}]{2}|\\u{1F3F4}[\\u{E0061}-\\u{E007A}]{2}[\\u{E0030}-\\u{E0039}\\u{E0061}-\\u{E007A}]{1,3}\\u{E007F}|(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation})(?:\\u200D(?:\\p{Emoji}\\uFE0F\\u20E3?|\\p{Emoji_Modifier_Base}\\p{Emoji_Modifier}?|(?![\\p{Emoji_Modifier_Base}\\u{1F1E6}-\\u{1F1FF}])\\p{Emoji_Presentation}))*)+$", "u");
  }
});

// src/notify/i18n/names.ts
function parseLocale(word) {
  const w = word.trim().replace(/_/g, "-").toLowerCase();
  const exact = MESSAGE_LOCALES.find((l) => l.toLowerCase() === w);
  if (exact) return { ok: true, value: exact };
  const close = LOCALE_WORDS.find(([alias]) => alias === w)?.[1] ?? MESSAGE_LOCALES.find((l) => editDistance(l.toLowerCase(), w) <= 1);
  return {
    ok: false,
    message: `unknown locale '${word}'${close ? ` — did you mean '${close}'?` : ""}`,
    ...close ? { suggestion: close } : {}
  };
}
function knownZones2() {
  zones ??= [...Intl.supportedValuesOf("timeZone"), "UTC"];
  return zones;
}
function closestZone(word) {
  const w = word.trim();
  const lower = w.toLowerCase();
  if (CHINA.has(lower)) return "Asia/Shanghai";
  const offset = /^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$/i.exec(w);
  if (offset) {
    const hours = Number(offset[2]);
    if (offset[1] === "+" && hours === 8 && !offset[3]) return "Asia/Shanghai";
    if (!offset[3] || offset[3] === "00") return `Etc/GMT${offset[1] === "+" ? "-" : "+"}${hours}`;
    return void 0;
  }
  const city = lower.replace(/\s+/g, "_");
  let best;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const zone of knownZones2()) {
    const z = zone.toLowerCase();
    const last = z.slice(z.lastIndexOf("/") + 1);
    const d = Math.min(editDistance(lower, z), editDistance(city, last));
    if (d < bestDistance) {
      bestDistance = d;
      best = zone;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(lower.length / 4)) ? best : void 0;
}
function parseTimeZone(word) {
  const w = word.trim();
  if (w !== "" && !w.includes("/") && !/^(utc|gmt|etc\/.*)$/i.test(w)) {
    let meant = CHINA.has(w.toLowerCase()) ? "Asia/Shanghai" : void 0;
    try {
      meant ??= new Intl.DateTimeFormat("en-US", { timeZone: w }).resolvedOptions().timeZone;
    } catch {
      meant ??= closestZone(w);
    }
    if (meant !== void 0 && /^[+-]/.test(meant)) meant = closestZone(w);
    return {
      ok: false,
      message: `'${word}' is not an IANA time zone name${meant ? ` — did you mean '${meant}'?` : ""}`,
      ...meant ? { suggestion: meant } : {}
    };
  }
  if (w !== "") {
    try {
      const canonical = new Intl.DateTimeFormat("en-US", { timeZone: w }).resolvedOptions().timeZone;
      if (!/^[+-]/.test(canonical)) return { ok: true, value: canonical };
    } catch {
    }
  }
  const close = closestZone(w);
  return {
    ok: false,
    message: `unknown time zone '${word}'${close ? ` — did you mean '${close}'?` : ""}`,
    ...close ? { suggestion: close } : {}
  };
}
var LOCALE_WORDS, zones, CHINA, LOCALE_FIX, TIMEZONE_FIX;
var init_names = __esm({
  "src/notify/i18n/names.ts"() {
    "use strict";
    init_status();
    init_i18n();
    LOCALE_WORDS = [
      ["zh", "zh-CN"],
      ["cn", "zh-CN"],
      ["zh-hans", "zh-CN"],
      ["zh-hans-cn", "zh-CN"],
      ["zh-sg", "zh-CN"],
      ["zh-tw", "zh-CN"],
      ["zh-hk", "zh-CN"],
      ["zh-hant", "zh-CN"],
      ["chinese", "zh-CN"],
      ["中文", "zh-CN"],
      ["简体中文", "zh-CN"],
      ["en-us", "en"],
      ["en-gb", "en"],
      ["english", "en"],
      ["英文", "en"]
    ];
    CHINA = /* @__PURE__ */ new Set(["beijing", "北京", "北京时间", "china", "中国", "cst", "prc", "shanghai", "上海"]);
    LOCALE_FIX = `write one of ${MESSAGE_LOCALES.join(", ")} (zh-CN is the default)`;
    TIMEZONE_FIX = "write an IANA time zone name such as Asia/Shanghai, Asia/Hong_Kong, Asia/Tokyo, Europe/Berlin or UTC";
  }
});

// src/notify/rule.ts
var CONTENT_ITEMS, DEFAULT_CONTENT;
var init_rule = __esm({
  "src/notify/rule.ts"() {
    "use strict";
    CONTENT_ITEMS = [
      "pipeline",
      "build_number",
      "stage",
      "task",
      "status",
      "trigger_user",
      "trigger_event",
      "repo",
      "branch",
      "commit",
      "commit_message",
      "author",
      "pull_request",
      "duration",
      "started_at",
      "finished_at",
      "link"
    ];
    DEFAULT_CONTENT = [
      "pipeline",
      "build_number",
      "task",
      "status",
      "trigger_user",
      "branch",
      "commit",
      "duration",
      "link"
    ];
  }
});

// src/contract/did-you-mean.ts
function didYouMean(word, candidates) {
  const w = word.trim().toLowerCase();
  let best;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(w.length / 3)) ? best : void 0;
}
var init_did_you_mean = __esm({
  "src/contract/did-you-mean.ts"() {
    "use strict";
    init_status();
  }
});

// src/contract/issues.ts
function withFix(message, fix) {
  return `${message}${FIX}${fix}`;
}
function quoted(word) {
  const clean = word.replace(/[\u0000-\u001f\u007f]/g, " ");
  return `'${clean.length > 100 ? `${clean.slice(0, 100)}…` : clean}'`;
}
function check2(schema4, input2, prefix2 = "") {
  const r = safeParse(schema4, input2, { message: wording2 });
  if (r.success) return { ok: true, value: r.output };
  return { ok: false, problems: r.issues.flatMap((i) => problems(schema4, i, prefix2)) };
}
function asWritten(schema4, input2) {
  return readerOf(schema4, false, WRITTEN)(input2);
}
function readerOf(node, inRecord, caches = MEANT) {
  const cache = inRecord ? caches.record : caches.plain;
  const known = cache.get(node);
  if (known !== void 0) return known;
  const base = baseOf(node);
  let reader = same;
  const options = unwrap(node);
  const list = options.find((o) => o.type === "array");
  const one = options.find((o) => o.type !== "array");
  if (list !== void 0 && one !== void 0) {
    const readList = readerOf(list, inRecord, caches);
    const readOne = readerOf(one, inRecord, caches);
    reader = (x) => Array.isArray(x) ? readList(x) : readOne(x);
  } else if (base.type === "string") reader = inRecord ? scalarAsString : numberAsString;
  else if (base.type === "number") reader = digitsAsNumber;
  else if (base.type === "array") {
    const item = readerOf(base.item, false, caches);
    reader = (x) => Array.isArray(x) ? x.map(item) : x;
  } else if (base.type === "record") {
    const value = readerOf(base.value, true, caches);
    reader = (x) => {
      if (!isPlainObject(x)) return x;
      const out = {};
      for (const key in x) put(out, key, value(x[key]));
      return out;
    };
  } else if (base.entries !== void 0) {
    const plan = new Map(
      Object.entries(base.entries).map(([key, entry]) => [
        key,
        { read: readerOf(entry, false, caches), optional: entry.type === "optional" }
      ])
    );
    const { dropEmpty } = caches;
    reader = (x) => {
      if (!isPlainObject(x)) return x;
      const out = {};
      for (const key in x) {
        let y = x[key];
        if (y === void 0 || dropEmpty && (y === null || y === "")) continue;
        const field2 = plan.get(key);
        if (field2 !== void 0) {
          y = field2.read(y);
          if (dropEmpty && field2.optional && isPlainObject(y) && isEmpty(y)) continue;
        }
        put(out, key, y);
      }
      return out;
    };
  }
  cache.set(node, reader);
  return reader;
}
function put(out, key, value) {
  if (key === "__proto__")
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
function baseOf(node) {
  let base = BASES.get(node);
  if (base === void 0) {
    const options = unwrap(node);
    base = options.find((s2) => s2.entries !== void 0 || s2.type === "record") ?? options[0] ?? node;
    BASES.set(node, base);
  }
  return base;
}
function isEmpty(o) {
  for (const _ in o) return false;
  return true;
}
function isPlainObject(x) {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}
function formatPath(keys, prefix2 = "") {
  let out = prefix2;
  for (const k of keys) {
    if (typeof k === "number") out += `[${k}]`;
    else out += out === "" || out.endsWith(".") ? k : `.${k}`;
  }
  return out.endsWith(".") ? out.slice(0, -1) : out;
}
function problems(schema4, issue, prefix2) {
  const keys = (issue.path ?? []).map((p) => p.key);
  if (issue.type === "union" && Array.isArray(issue.input) && issue.issues) {
    const deeper = issue.issues.filter((i) => (i.path?.length ?? 0) > keys.length);
    if (deeper.length > 0) return deeper.flatMap((i) => problems(schema4, i, prefix2));
  }
  if (!isUnknownKey(issue)) {
    const [message, fix] = issue.message.split(FIX);
    const p = { path: formatPath(keys, prefix2), message, keys };
    if (fix !== void 0) p.fix = fix;
    if (issue.kind === "schema" && issue.received === "undefined") p.field = "missing";
    return [p];
  }
  const parent = keys.slice(0, -1);
  const input2 = issue.path.at(-1).input;
  const known = new Set(objectsAt(schema4, parent).flatMap((s2) => Object.keys(s2.entries)));
  return Object.keys(input2).filter((key) => !known.has(key)).map((key) => {
    const hint = whereItBelongs(schema4, parent, key, prefix2);
    return {
      path: formatPath([...parent, key], prefix2),
      message: `unknown field '${key}'${hint ? ` — did you mean ${hint}?` : ""}`,
      keys: [...parent, key],
      field: "unknown"
    };
  });
}
function isUnknownKey(issue) {
  return /object$/.test(issue.type) && issue.kind === "schema" && issue.expected === "never";
}
function wording2(issue) {
  if (issue.kind === "schema") {
    if (/object$/.test(issue.type)) {
      if (issue.expected === "never") return `unknown field ${issue.received.replaceAll('"', "'")}`;
      if (issue.received === "undefined") return "is required";
      return "must be an object";
    }
    if (issue.received === "undefined") return "is required";
    if (issue.received === "null") return withFix("is empty", "give it a value or remove the key");
    if (issue.type === "union") return "must be a string or a list of strings";
    const expected = {
      string: "must be a string",
      number: "must be a number",
      boolean: "must be true or false",
      array: "must be a list",
      record: "must be an object",
      picklist: `must be one of ${issue.expected?.replace(/^\((.*)\)$/, "$1").replaceAll('"', "'").replaceAll(" | ", ", ")}`,
      literal: `must be ${issue.expected}`
    };
    return expected[issue.type] ?? `must be ${issue.expected}`;
  }
  const requirement = issue.requirement;
  const rules = {
    min_length: `must have at least ${requirement} characters`,
    max_length: `must be at most ${requirement} characters`,
    min_value: `must be at least ${requirement}`,
    max_value: `must be at most ${requirement}`,
    integer: "must be a whole number",
    finite: "must be a finite number",
    regex: `must match ${issue.expected}`
  };
  return rules[issue.type] ?? `is not valid (${issue.type})`;
}
function objectsAt(schema4, keys) {
  const here = unwrap(schema4);
  if (keys.length === 0) return here.filter((s2) => s2.entries !== void 0);
  const [k, ...rest] = keys;
  return here.flatMap((s2) => {
    const next = s2.type === "array" ? s2.item : s2.type === "record" ? s2.value : s2.entries !== void 0 ? Object.hasOwn(s2.entries, k) ? s2.entries[k] : void 0 : void 0;
    return next === void 0 ? [] : objectsAt(next, rest);
  });
}
function unwrap(schema4) {
  if (schema4.wrapped !== void 0) return unwrap(schema4.wrapped);
  if (schema4.type === "union" || schema4.type === "variant") return schema4.options.flatMap(unwrap);
  return [schema4];
}
function allPaths(schema4, at2 = [], depth = 0) {
  if (depth > 8) return [];
  return unwrap(schema4).flatMap((s2) => {
    if (s2.entries !== void 0) {
      return Object.entries(s2.entries).flatMap(([k, child]) => [
        [...at2, k],
        ...allPaths(child, [...at2, k], depth + 1)
      ]);
    }
    if (s2.type === "array" && s2.item !== void 0) return allPaths(s2.item, [...at2, 0], depth + 1);
    return [];
  });
}
function whereItBelongs(schema4, parent, key, prefix2) {
  const siblings = objectsAt(schema4, parent).flatMap((s2) => Object.keys(s2.entries));
  const close = didYouMean(key, siblings);
  if (close !== void 0) return `'${close}'`;
  const lower = key.toLowerCase();
  const parentPath = formatPath(parent);
  const elsewhere = allPaths(schema4).filter((p) => String(p[p.length - 1]).toLowerCase() === lower).filter((p) => formatPath(p.slice(0, -1)) !== parentPath).map((p) => `'${formatPath(p, prefix2)}'`);
  if (elsewhere.length === 0) return void 0;
  return elsewhere.length === 1 ? elsewhere[0] : `${elsewhere.slice(0, -1).join(", ")} or ${elsewhere.at(-1)}`;
}
var FIX, MEANT, WRITTEN, same, numberAsString, scalarAsString, digitsAsNumber, BASES;
var init_issues = __esm({
  "src/contract/issues.ts"() {
    "use strict";
    init_dist();
    init_did_you_mean();
    FIX = "";
    MEANT = { plain: /* @__PURE__ */ new WeakMap(), record: /* @__PURE__ */ new WeakMap(), dropEmpty: true };
    WRITTEN = { plain: /* @__PURE__ */ new WeakMap(), record: /* @__PURE__ */ new WeakMap(), dropEmpty: false };
    same = (x) => x;
    numberAsString = (x) => typeof x === "number" && Number.isFinite(x) ? String(x) : x;
    scalarAsString = (x) => typeof x === "boolean" ? String(x) : numberAsString(x);
    digitsAsNumber = (x) => typeof x === "string" && /^-?\d+(\.\d+)?$/.test(x) ? Number(x) : x;
    BASES = /* @__PURE__ */ new WeakMap();
  }
});

// src/contract/config.ts
function eventWords() {
  return [
    .../* @__PURE__ */ new Set([
      ...STATUSES,
      ...STATUS_ALIASES.map(([alias]) => alias),
      ...TRANSITIONS,
      ...TRANSITION_ALIASES.map(([alias]) => alias)
    ])
  ];
}
function wordOf(what, words, fix) {
  return pipe(
    string(),
    check(
      (w) => words.includes(w.trim().toLowerCase()),
      (issue) => {
        const w = String(issue.input);
        const close = didYouMean(w, words);
        return withFix(`unknown ${what} ${quoted(w)}${close ? ` — did you mean '${close}'?` : ""}`, fix);
      }
    )
  );
}
function parsed(parse3, fix) {
  let last;
  const read = (w) => {
    if (last?.[0] !== w) last = [w, parse3(w)];
    return last[1];
  };
  return [
    check(
      (w) => read(w).ok,
      (issue) => {
        const p = read(String(issue.input));
        return p.ok ? "" : withFix(p.message, fix(p.suggestion));
      }
    ),
    transform((w) => read(w).value)
  ];
}
function toRule(n) {
  const rule = {
    credential: n.credential.trim(),
    events: each(n.events, (e) => toEventName(e)),
    content: each(n.content, (c) => c.trim().toLowerCase()) ?? [...DEFAULT_CONTENT]
  };
  const name = n.name?.trim();
  const at2 = each(n.at, (a) => a.trim().toLowerCase() === "all" ? "all" : a.trim());
  if (name) rule.name = name;
  if (n.enabled === false) rule.enabled = false;
  if (n.pipelines) rule.pipelines = each(n.pipelines);
  if (n.tasks) rule.tasks = each(n.tasks);
  if (n.custom?.trim()) rule.custom = n.custom;
  if (at2?.length) rule.at = at2;
  if (n.style) rule.style = n.style.trim().toLowerCase();
  if (n.locale) rule.locale = n.locale;
  if (n.timezone) rule.timezone = n.timezone;
  return rule;
}
function each(list, as = (x) => x.trim()) {
  return list && [...new Set(list.map(as))];
}
function perKind(all) {
  return {
    anyOf: CHANNEL_KINDS.map((k) => {
      const { keys, needs, label } = KIND_KEYS[k];
      const words = kindWords.filter((w) => kindOfWord(w) === k);
      const refused = all.filter((key) => key !== "type" && !keys.includes(key)).map((key) => [key]);
      if (needs.length > 1) refused.unshift(needs.flat());
      return {
        description: label,
        ...k === "dingtalk" ? {} : { required: ["type", ...needs.length === 1 ? needs[0] : []] },
        properties: { type: { enum: words } },
        ...needs.length > 1 ? { anyOf: needs.map((r) => ({ required: r })) } : {},
        not: { anyOf: refused.map((r) => ({ required: r })) }
      };
    })
  };
}
var STYLES, NAME_MAX, VAR, said, text3, filled, listOf, selects, EventWordSchema, ContentItemSchema, locale, timezone, ON, OFF, flag, NotificationFields, NotificationSchema, kindWords, kind, count2, credentialFields, RATE_LIMIT, KIND_KEYS, credentialEntries, CredentialFileSchema, ConfigFileSchema;
var init_config5 = __esm({
  "src/contract/config.ts"() {
    "use strict";
    init_dist();
    init_config();
    init_config2();
    init_config3();
    init_kinds();
    init_config4();
    init_i18n();
    init_names();
    init_rule();
    init_status();
    init_did_you_mean();
    init_issues();
    STYLES = ["markdown", "action_card", "run_card"];
    NAME_MAX = 100;
    VAR = "${VAR}";
    said = (schema4, description3) => pipe(schema4, description2(description3));
    text3 = pipe(
      string(),
      check((s2) => s2.trim() !== "", withFix("is empty", "give it a value or remove the key")),
      metadata({ minLength: 1 })
    );
    filled = (description3) => said(text3, description3);
    listOf = (item, description3, empty) => pipe(
      union([empty === void 0 ? array(item) : pipe(array(item), minLength(1, empty)), item]),
      description2(description3),
      transform((x) => Array.isArray(x) ? x : [x])
    );
    selects = (key, one) => withFix(
      `is empty: it selects no ${one}`,
      `remove ${key}: to select every ${one}, or list ${one} names (globs such as deploy-* allowed)`
    );
    EventWordSchema = pipe(
      string(),
      check(
        (w) => toEventName(w) !== void 0,
        (issue) => {
          const w = String(issue.input);
          const close = suggestEventName(w);
          return withFix(
            `unknown event ${quoted(w)}${close ? ` — did you mean '${close}'?` : ""}`,
            `use one of ${EVENT_NAMES.join(", ")} or a platform word from docs/events.md`
          );
        }
      ),
      metadata({ enum: eventWords() }),
      description2(
        "A canonical event, a platform word, or a transition the service derives from the task's history: broken, fixed, still_failing (any case; see docs/events.md)."
      )
    );
    ContentItemSchema = pipe(
      wordOf("content item", CONTENT_ITEMS, `use items from: ${CONTENT_ITEMS.join(", ")}`),
      metadata({ enum: [...CONTENT_ITEMS] })
    );
    locale = (where) => pipe(
      string(),
      metadata({ enum: [...MESSAGE_LOCALES] }),
      description2(
        `The language of the messages dingpipe writes: zh-CN (default: 运行失败, 流水线, 触发人 …) or en. Custom content is never translated. ${where}`
      ),
      ...parsed(parseLocale, (s2) => s2 ? `write locale: ${s2}` : LOCALE_FIX)
    );
    timezone = (where) => pipe(
      text3,
      description2(
        `The IANA time zone of the times in messages, e.g. Asia/Shanghai (written with their offset: 08:03 (UTC+8)). Default: the TZ environment variable, else the system's zone. Abbreviations such as CST are refused. ${where}`
      ),
      ...parsed(parseTimeZone, (s2) => s2 ? `write timezone: ${s2} (${TIMEZONE_FIX})` : TIMEZONE_FIX)
    );
    ON = ["true", "yes", "y", "on", "1"];
    OFF = ["false", "no", "n", "off", "0"];
    flag = boolean((issue) => {
      if (issue.input === null)
        return withFix("is empty", "write true or false, or remove the key (default true)");
      const word = String(issue.input).trim().toLowerCase();
      const meant = ON.includes(word) ? "true" : OFF.includes(word) ? "false" : void 0;
      return withFix(
        `must be true or false${meant ? ` — did you mean ${meant}?` : ""}`,
        meant ? `write enabled: ${meant} (unquoted)` : "write true (sends) or false (switched off)"
      );
    });
    NotificationFields = strictObject({
      credential: filled("Name of a credential under credentials:."),
      pipelines: optional2(
        listOf(
          text3,
          "Pipeline names or globs (web-*); default every pipeline.",
          selects("pipelines", "pipeline")
        )
      ),
      tasks: optional2(
        listOf(text3, "Task names or globs (deploy-*); default every task.", selects("tasks", "task"))
      ),
      events: listOf(
        EventWordSchema,
        "The task states that send a message.",
        withFix(
          "is empty: it would never send",
          `list events, e.g. [failure, success] (one of ${EVENT_NAMES.join(", ")})`
        )
      ),
      content: optional2(listOf(ContentItemSchema, "Run facts added to the message, in this order.")),
      custom: optional2(
        said(
          pipe(string(), maxLength(2e4, "must be at most 20000 characters")),
          `DingTalk markdown; may reference ${VAR}s (${"$"}{NAME:-default}); converted for WeCom and Feishu.`
        )
      ),
      at: optional2(
        listOf(
          // A mobile written as a YAML number is read as its digits.
          pipe(string(), metadata({ type: ["string", "integer"] })),
          `Who to @-mention: mobile numbers (DingTalk, WeCom), Feishu open_ids (ou_…), ${VAR}s holding them, or all.`
        )
      ),
      style: optional2(
        said(
          pipe(wordOf("style", STYLES, `use one of: ${STYLES.join(", ")}`), metadata({ enum: [...STYLES] })),
          "Message style (default markdown): markdown, action_card (a button to the run), or run_card (DingTalk app robots, in the service: one card per pipeline run, updated in place as its tasks progress)."
        )
      ),
      locale: optional2(locale("Overrides the top-level locale.")),
      timezone: optional2(timezone("Overrides the top-level timezone.")),
      name: optional2(
        said(
          pipe(
            string(),
            check(
              (s2) => [...s2.trim()].length <= NAME_MAX,
              (issue) => withFix(
                `is ${[...String(issue.input).trim()].length} characters long (at most ${NAME_MAX})`,
                "shorten it: the name labels the notification in reports and the console"
              )
            ),
            check((s2) => !/[\r\n]/.test(s2.trim()), withFix("spans several lines", "write it on one line"))
          ),
          `What the team calls this notification (at most ${NAME_MAX} characters), as in the service's console: shown in reports.`
        )
      ),
      enabled: optional2(
        said(
          flag,
          "The notification's on/off switch (default true): false keeps it in the file but sends nothing, like switching it off in the service's console."
        )
      )
    });
    NotificationSchema = pipe(NotificationFields, transform(toRule));
    kindWords = [...CHANNEL_KINDS, "lark"];
    kind = said(
      pipe(
        string(),
        check(
          (w) => kindOfWord(w) !== void 0,
          (issue) => {
            const w = String(issue.input);
            const meant = kindMeant(w) ?? didYouMean(w, CHANNEL_KINDS);
            return withFix(
              `is ${quoted(w)}${meant ? ` — did you mean '${meant}'?` : ""}`,
              `write one of ${CHANNEL_KINDS.join(", ")} (without type: a credential is a DingTalk robot)`
            );
          }
        ),
        metadata({ enum: kindWords })
      ),
      "The robot's kind: dingtalk (default: a DingTalk custom robot), wecom (a WeCom group robot), feishu (a Feishu custom bot; lark is the same) or dingtalk_app (the robot of a DingTalk enterprise internal app: the only kind that can keep a run card)."
    );
    count2 = pipe(
      number(),
      integer("must be a whole number of at least 1"),
      minValue(1, "must be a whole number of at least 1")
    );
    credentialFields = {
      webhook: filled(
        "The robot's full webhook URL, e.g. ${DINGTALK_WEBHOOK}: DingTalk https://oapi.dingtalk.com/robot/send?access_token=…, WeCom https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… (or only its key), Feishu https://open.feishu.cn/open-apis/bot/v2/hook/… (Lark: open.larksuite.com)."
      ),
      secret: filled(
        "The robot's signing secret, when it signs: DingTalk's SEC…, Feishu's signature verification secret, e.g. ${DINGTALK_SECRET}. WeCom robots do not sign."
      ),
      keywords: listOf(text3, "The robot's custom keywords, when it uses them (up to 10; DingTalk and Feishu)."),
      base_url: filled(
        "DingTalk, with token: where to send instead of https://oapi.dingtalk.com (a relay, the emulator); a DingTalk app robot: its API instead of https://api.dingtalk.com."
      ),
      app_key: filled("DingTalk app robot: the app's AppKey (Client ID)."),
      app_secret: filled(
        "DingTalk app robot: the app's AppSecret, e.g. ${DINGTALK_APP_SECRET} (keep it in a CI secret)."
      ),
      robot_code: filled("DingTalk app robot: the robot's RobotCode (developer console → the app → Robot)."),
      conversation_id: filled("DingTalk app robot: the group's openConversationId (cid…).")
    };
    RATE_LIMIT = "Messages per window for this robot (default its kind's limit: 20 per 60 seconds for DingTalk and WeCom, 100 per 60 for Feishu, which also allows 5 a second).";
    KIND_KEYS = {
      dingtalk: {
        keys: DINGTALK_CONFIG_KEYS,
        needs: [["webhook"], ["token"]],
        label: "DingTalk: webhook or token, not both"
      },
      wecom: {
        keys: WECOM_CONFIG_KEYS,
        needs: [["webhook"]],
        label: "WeCom: webhook only (no signing, no keywords)"
      },
      feishu: {
        keys: FEISHU_CONFIG_KEYS,
        needs: [["webhook"]],
        label: "Feishu / Lark: webhook, optional secret and keywords"
      },
      dingtalk_app: {
        keys: DINGTALK_APP_CONFIG_KEYS,
        needs: [["app_key", "app_secret", "robot_code", "conversation_id"]],
        label: "DingTalk app robot: app_key, app_secret, robot_code, conversation_id, optional base_url (no webhook, secret or keywords)"
      }
    };
    credentialEntries = {
      type: optional2(kind),
      webhook: optional2(credentialFields.webhook),
      token: optional2(filled("DingTalk: the access_token alone (instead of webhook), e.g. ${DINGTALK_TOKEN}.")),
      secret: optional2(credentialFields.secret),
      keywords: optional2(credentialFields.keywords),
      base_url: optional2(credentialFields.base_url),
      rate_limit: optional2(
        said(strictObject({ messages: optional2(count2), per_seconds: optional2(count2) }), RATE_LIMIT)
      ),
      app_key: optional2(credentialFields.app_key),
      app_secret: optional2(credentialFields.app_secret),
      robot_code: optional2(credentialFields.robot_code),
      conversation_id: optional2(credentialFields.conversation_id)
    };
    CredentialFileSchema = pipe(
      strictObject(credentialEntries),
      description2("A group robot: DingTalk (default), WeCom, Feishu / Lark, or a DingTalk app robot."),
      metadata(perKind(Object.keys(credentialEntries)))
    );
    ConfigFileSchema = pipe(
      strictObject({
        credentials: said(
          record(string(), CredentialFileSchema),
          "Group robots by name (DingTalk, WeCom, Feishu). Keep secrets in ${ENV} references."
        ),
        notifications: said(
          array(NotificationSchema),
          "When a task enters one of the events, send a message through the credential's robot."
        ),
        locale: optional2(locale("Here: the default of every notification.")),
        timezone: optional2(timezone("Here: the default of every notification."))
      }),
      title(".dingpipe.yml"),
      description2(
        "dingpipe: CI/CD pipeline notifications for DingTalk, WeCom and Feishu group robots. See docs/configuration.md."
      )
    );
  }
});

// src/contract/credential-rules.ts
function robotRules(kind2, values, options) {
  const info = kindInfo(kind2);
  const api = options.where === "api";
  const name = (key) => api ? apiName(key) : `${key}:`;
  const takes = channelFor(kind2).configKeys.filter(
    (k) => k !== "rate_limit" && !(api && FILE_ONLY[kind2]?.includes(k))
  );
  const out = { findings: [] };
  const say2 = (f) => out.findings.push(f);
  for (const key of options.written) {
    if (key === "type" || key === "rate_limit" || takes.includes(key)) continue;
    say2({
      keys: [key],
      severity: "error",
      atKey: true,
      message: `is not taken by a ${robotOf(kind2)}`,
      fix: `remove ${name(key)} (a ${robotOf(kind2)} takes ${takes.map((k) => api ? apiName(k) : k).join(", ")}${api ? "" : ", rate_limit"})`
    });
  }
  const needs = NEEDS(kind2).filter((set2) => set2.every((k) => takes.includes(k)));
  if (options.needs && !needs.some((set2) => set2.every((k) => options.written.has(k)))) {
    const or = needs[1]?.[0];
    for (const key of needs[0].filter((k) => !options.written.has(k)))
      say2({
        keys: [key],
        severity: "error",
        atKey: true,
        message: `is required${or ? ` (or ${name(or)})` : ""}`,
        fix: `${api ? "give" : "add"} ${name(key)} (${WHAT[key]})${or ? `, or ${name(or)} (${WHAT[or]})` : ""}`
      });
  }
  const secret = values.secret?.trim();
  if (secret && kind2 === "dingtalk" && !secret.startsWith("SEC"))
    say2({
      keys: ["secret"],
      severity: "warning",
      message: "is not a DingTalk signing secret: those start with SEC",
      fix: "copy the secret (SEC…) from the robot's security settings (加签 / Signature), or leave it out when the robot does not sign"
    });
  const max = info.keywords?.max;
  if (values.keywords && max !== void 0 && values.keywords.length > max)
    say2({
      keys: ["keywords"],
      severity: "warning",
      message: `are ${values.keywords.length}: a ${robotOf(kind2)} takes at most ${max}`,
      fix: "list only the keywords set in the robot's security settings"
    });
  if (kind2 === "dingtalk_app") {
    appRules(values, out, name);
    if (values.app_secret?.trim()) out.secret = values.app_secret.trim();
    return out;
  }
  if (values.webhook !== void 0 && takes.includes("webhook")) {
    try {
      out.webhook = channelFor(kind2).normalizeWebhook(values.webhook).trim();
    } catch (e) {
      if (!isDingpipeError(e)) throw e;
      say2({ keys: ["webhook"], severity: "error", message: e.message, fix: e.fix ?? "" });
    }
  }
  if (secret && info.signs) out.secret = secret;
  return out;
}
function appRules(values, out, name) {
  const fields = ["app_key", "robot_code", "conversation_id"];
  let whole = true;
  for (const key of fields) {
    const value = values[key]?.trim();
    if (!value) whole = false;
    else if (/\s/.test(value)) {
      whole = false;
      out.findings.push({
        keys: [key],
        severity: "error",
        message: "must not contain spaces",
        fix: `copy ${WHAT[key]} again, without spaces`
      });
    }
  }
  if (!whole) return;
  try {
    out.webhook = appEndpointUrl({
      appKey: values.app_key,
      robotCode: values.robot_code,
      conversationId: values.conversation_id,
      baseUrl: values.base_url
    });
  } catch (e) {
    if (!isDingpipeError(e)) throw e;
    const [, field2 = "baseUrl", rest = e.message] = /^(\w+) (.*)$/.exec(e.message) ?? [];
    const key = field2.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    out.findings.push({
      keys: [key],
      severity: "error",
      message: rest,
      fix: (e.fix ?? "").replaceAll(field2, name(key).replace(/:$/, ""))
    });
  }
}
function fileWords(f, credential, from = "") {
  const sentence = /^the /.test(f.message);
  return `${String(f.keys[0])} of credential '${credential}'${from}${sentence ? ": " : " "}${f.message}`;
}
var NEEDS, FILE_ONLY, WHAT, apiName, robotOf;
var init_credential_rules = __esm({
  "src/contract/credential-rules.ts"() {
    "use strict";
    init_endpoint();
    init_channels();
    init_kinds();
    init_errors();
    init_config5();
    NEEDS = (kind2) => KIND_KEYS[kind2].needs;
    FILE_ONLY = { dingtalk: ["token", "base_url"] };
    WHAT = {
      webhook: "the robot's webhook URL",
      token: "the access_token alone",
      app_key: "the app's AppKey (Client ID)",
      app_secret: "the app's AppSecret",
      robot_code: "the app robot's RobotCode",
      conversation_id: "the group's openConversationId (cid…)"
    };
    apiName = (key) => key.replace(/_(.)/g, (_, c) => c.toUpperCase());
    robotOf = (kind2) => {
      const label = kindInfo(kind2).label;
      return label.endsWith("robot") ? label : `${label} robot`;
    };
  }
});

// src/config/credential.ts
function checkCredential(raw, env, report) {
  const name = raw.name;
  const opts = { credential: name };
  const before = report.errorCount;
  const error = (place, message, fix, options) => report.error(place, message, fix, { ...options, ...opts });
  const warning = (place, message, fix, options) => report.warning(place, message, fix, { ...options, ...opts });
  const resolve2 = (t2, field2, unsetFix) => {
    if (!t2) return void 0;
    const bare = bareVariable(t2.value);
    if (bare) {
      error(
        t2.node,
        `${field2} of credential '${name}' is '$${bare}': only \${${bare}} is expanded`,
        `write \${${bare}}`
      );
      return void 0;
    }
    const r = interpolate(t2.value, env);
    if (r.malformed !== void 0) {
      error(
        t2.node,
        `${field2} of credential '${name}' has a malformed reference '${r.malformed}'`,
        `write ${ref("NAME")} with a name of letters, digits and _ (not starting with a digit)`,
        { needle: "${" }
      );
    }
    const missing = [...r.unset.map((v) => [v, "not set"]), ...r.empty.map((v) => [v, "empty"])];
    for (const [v, how] of missing)
      error(
        t2.node,
        `${v} is referenced but ${how} (${field2} of credential '${name}')`,
        unsetFix.replace("$V", v),
        { needle: `\${${v}` }
      );
    if (r.malformed !== void 0 || missing.length > 0) return void 0;
    if (r.value.trim() !== "") return r.value;
    error(t2.node, `${field2} of credential '${name}' is empty`, "give it a value or remove the key");
    return void 0;
  };
  if (raw.keys.has("type") && !raw.type) return void 0;
  const type = raw.type;
  const kind2 = type ? kindOfWord(type.value) : DEFAULT_KIND;
  const channel = channelFor(kind2);
  const info = channel.info;
  const c = type ? { name, kind: kind2 } : { name };
  const from = (t2) => t2 === void 0 || isLiteral(t2.value) ? "" : ` (from ${interpolate(t2.value, {}).references.join(", ")})`;
  const check3 = {
    name,
    raw,
    out: c,
    values: {},
    resolve: resolve2,
    from,
    error,
    warning,
    keyNode: raw.keyNode
  };
  channel.checkConfig(check3);
  if (raw.keywords && info.keywords !== void 0) {
    const words = raw.keywords.items.map(
      (item) => resolve2(item, "a keyword", "set $V in the environment, or write the keyword itself")
    );
    if (words.some((w) => w !== void 0)) c.keywords = words.filter((w) => w !== void 0);
  }
  const values = { ...check3.values, keywords: raw.keywords?.items.map((i) => i.value) };
  const checked2 = robotRules(kind2, values, { written: raw.keys, needs: true, where: "file" });
  for (const f of checked2.findings) {
    const key = String(f.keys[0]);
    const value = key === "keywords" ? raw.keywords : raw[apiName(key)];
    const node = f.atKey ? raw.keyNodes.get(key) ?? raw.keyNode : value?.node ?? raw.keyNode;
    const text4 = value && "value" in value ? value : void 0;
    report[f.severity](node, fileWords(f, name, f.atKey ? "" : from(text4)), f.fix, opts);
  }
  if (checked2.webhook !== void 0) c.webhook = checked2.webhook;
  if (checked2.secret !== void 0) c.secret = checked2.secret;
  if (raw.rateLimit) {
    const messages = raw.rateLimit.messages?.value ?? info.defaultRate.messages;
    const perSeconds = raw.rateLimit.perSeconds?.value ?? info.defaultRate.perSeconds;
    const max = info.maxRate;
    if (messages / perSeconds > max.messages / max.perSeconds) {
      const minute = max.perSeconds === 60 ? "a minute" : `per ${max.perSeconds} s`;
      warning(
        raw.rateLimit.node,
        `rate_limit of credential '${name}' allows more than ${info.label}'s ${max.messages} messages ${minute}`,
        `${info.throttleNote} above that: keep messages/per_seconds at most ${max.messages}/${max.perSeconds}`
      );
    }
    c.rateLimit = { messages, perSeconds };
  }
  return report.errorCount === before ? c : void 0;
}
var init_credential = __esm({
  "src/config/credential.ts"() {
    "use strict";
    init_channels();
    init_kinds();
    init_credential_rules();
    init_interpolate();
  }
});

// node_modules/yaml/browser/dist/nodes/identity.js
function isCollection(node) {
  if (node && typeof node === "object")
    switch (node[NODE_TYPE]) {
      case MAP:
      case SEQ:
        return true;
    }
  return false;
}
function isNode(node) {
  if (node && typeof node === "object")
    switch (node[NODE_TYPE]) {
      case ALIAS:
      case MAP:
      case SCALAR:
      case SEQ:
        return true;
    }
  return false;
}
var ALIAS, DOC, MAP, PAIR, SCALAR, SEQ, NODE_TYPE, isAlias, isDocument, isMap, isPair, isScalar, isSeq, hasAnchor;
var init_identity = __esm({
  "node_modules/yaml/browser/dist/nodes/identity.js"() {
    ALIAS = /* @__PURE__ */ Symbol.for("yaml.alias");
    DOC = /* @__PURE__ */ Symbol.for("yaml.document");
    MAP = /* @__PURE__ */ Symbol.for("yaml.map");
    PAIR = /* @__PURE__ */ Symbol.for("yaml.pair");
    SCALAR = /* @__PURE__ */ Symbol.for("yaml.scalar");
    SEQ = /* @__PURE__ */ Symbol.for("yaml.seq");
    NODE_TYPE = /* @__PURE__ */ Symbol.for("yaml.node.type");
    isAlias = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === ALIAS;
    isDocument = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === DOC;
    isMap = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === MAP;
    isPair = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === PAIR;
    isScalar = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SCALAR;
    isSeq = (node) => !!node && typeof node === "object" && node[NODE_TYPE] === SEQ;
    hasAnchor = (node) => (isScalar(node) || isCollection(node)) && !!node.anchor;
  }
});

// node_modules/yaml/browser/dist/visit.js
function visit(node, visitor) {
  const visitor_ = initVisitor(visitor);
  if (isDocument(node)) {
    const cd = visit_(null, node.contents, visitor_, Object.freeze([node]));
    if (cd === REMOVE)
      node.contents = null;
  } else
    visit_(null, node, visitor_, Object.freeze([]));
}
function visit_(key, node, visitor, path) {
  const ctrl = callVisitor(key, node, visitor, path);
  if (isNode(ctrl) || isPair(ctrl)) {
    replaceNode(key, path, ctrl);
    return visit_(key, ctrl, visitor, path);
  }
  if (typeof ctrl !== "symbol") {
    if (isCollection(node)) {
      path = Object.freeze(path.concat(node));
      for (let i = 0; i < node.items.length; ++i) {
        const ci = visit_(i, node.items[i], visitor, path);
        if (typeof ci === "number")
          i = ci - 1;
        else if (ci === BREAK)
          return BREAK;
        else if (ci === REMOVE) {
          node.items.splice(i, 1);
          i -= 1;
        }
      }
    } else if (isPair(node)) {
      path = Object.freeze(path.concat(node));
      const ck = visit_("key", node.key, visitor, path);
      if (ck === BREAK)
        return BREAK;
      else if (ck === REMOVE)
        node.key = null;
      const cv = visit_("value", node.value, visitor, path);
      if (cv === BREAK)
        return BREAK;
      else if (cv === REMOVE)
        node.value = null;
    }
  }
  return ctrl;
}
async function visitAsync(node, visitor) {
  const visitor_ = initVisitor(visitor);
  if (isDocument(node)) {
    const cd = await visitAsync_(null, node.contents, visitor_, Object.freeze([node]));
    if (cd === REMOVE)
      node.contents = null;
  } else
    await visitAsync_(null, node, visitor_, Object.freeze([]));
}
async function visitAsync_(key, node, visitor, path) {
  const ctrl = await callVisitor(key, node, visitor, path);
  if (isNode(ctrl) || isPair(ctrl)) {
    replaceNode(key, path, ctrl);
    return visitAsync_(key, ctrl, visitor, path);
  }
  if (typeof ctrl !== "symbol") {
    if (isCollection(node)) {
      path = Object.freeze(path.concat(node));
      for (let i = 0; i < node.items.length; ++i) {
        const ci = await visitAsync_(i, node.items[i], visitor, path);
        if (typeof ci === "number")
          i = ci - 1;
        else if (ci === BREAK)
          return BREAK;
        else if (ci === REMOVE) {
          node.items.splice(i, 1);
          i -= 1;
        }
      }
    } else if (isPair(node)) {
      path = Object.freeze(path.concat(node));
      const ck = await visitAsync_("key", node.key, visitor, path);
      if (ck === BREAK)
        return BREAK;
      else if (ck === REMOVE)
        node.key = null;
      const cv = await visitAsync_("value", node.value, visitor, path);
      if (cv === BREAK)
        return BREAK;
      else if (cv === REMOVE)
        node.value = null;
    }
  }
  return ctrl;
}
function initVisitor(visitor) {
  if (typeof visitor === "object" && (visitor.Collection || visitor.Node || visitor.Value)) {
    return Object.assign({
      Alias: visitor.Node,
      Map: visitor.Node,
      Scalar: visitor.Node,
      Seq: visitor.Node
    }, visitor.Value && {
      Map: visitor.Value,
      Scalar: visitor.Value,
      Seq: visitor.Value
    }, visitor.Collection && {
      Map: visitor.Collection,
      Seq: visitor.Collection
    }, visitor);
  }
  return visitor;
}
function callVisitor(key, node, visitor, path) {
  if (typeof visitor === "function")
    return visitor(key, node, path);
  if (isMap(node))
    return visitor.Map?.(key, node, path);
  if (isSeq(node))
    return visitor.Seq?.(key, node, path);
  if (isPair(node))
    return visitor.Pair?.(key, node, path);
  if (isScalar(node))
    return visitor.Scalar?.(key, node, path);
  if (isAlias(node))
    return visitor.Alias?.(key, node, path);
  return void 0;
}
function replaceNode(key, path, node) {
  const parent = path[path.length - 1];
  if (isCollection(parent)) {
    parent.items[key] = node;
  } else if (isPair(parent)) {
    if (key === "key")
      parent.key = node;
    else
      parent.value = node;
  } else if (isDocument(parent)) {
    parent.contents = node;
  } else {
    const pt = isAlias(parent) ? "alias" : "scalar";
    throw new Error(`Cannot replace node with ${pt} parent`);
  }
}
var BREAK, SKIP, REMOVE;
var init_visit = __esm({
  "node_modules/yaml/browser/dist/visit.js"() {
    init_identity();
    BREAK = /* @__PURE__ */ Symbol("break visit");
    SKIP = /* @__PURE__ */ Symbol("skip children");
    REMOVE = /* @__PURE__ */ Symbol("remove node");
    visit.BREAK = BREAK;
    visit.SKIP = SKIP;
    visit.REMOVE = REMOVE;
    visitAsync.BREAK = BREAK;
    visitAsync.SKIP = SKIP;
    visitAsync.REMOVE = REMOVE;
  }
});

// node_modules/yaml/browser/dist/doc/directives.js
var escapeChars, escapeTagName, Directives;
var init_directives = __esm({
  "node_modules/yaml/browser/dist/doc/directives.js"() {
    init_identity();
    init_visit();
    escapeChars = {
      "!": "%21",
      ",": "%2C",
      "[": "%5B",
      "]": "%5D",
      "{": "%7B",
      "}": "%7D"
    };
    escapeTagName = (tn) => tn.replace(/[!,[\]{}]/g, (ch) => escapeChars[ch]);
    Directives = class _Directives {
      constructor(yaml, tags) {
        this.docStart = null;
        this.docEnd = false;
        this.yaml = Object.assign({}, _Directives.defaultYaml, yaml);
        this.tags = Object.assign({}, _Directives.defaultTags, tags);
      }
      clone() {
        const copy = new _Directives(this.yaml, this.tags);
        copy.docStart = this.docStart;
        return copy;
      }
      /**
       * During parsing, get a Directives instance for the current document and
       * update the stream state according to the current version's spec.
       */
      atDocument() {
        const res = new _Directives(this.yaml, this.tags);
        switch (this.yaml.version) {
          case "1.1":
            this.atNextDocument = true;
            break;
          case "1.2":
            this.atNextDocument = false;
            this.yaml = {
              explicit: _Directives.defaultYaml.explicit,
              version: "1.2"
            };
            this.tags = Object.assign({}, _Directives.defaultTags);
            break;
        }
        return res;
      }
      /**
       * @param onError - May be called even if the action was successful
       * @returns `true` on success
       */
      add(line, onError) {
        if (this.atNextDocument) {
          this.yaml = { explicit: _Directives.defaultYaml.explicit, version: "1.1" };
          this.tags = Object.assign({}, _Directives.defaultTags);
          this.atNextDocument = false;
        }
        const parts3 = line.trim().split(/[ \t]+/);
        const name = parts3.shift();
        switch (name) {
          case "%TAG": {
            if (parts3.length !== 2) {
              onError(0, "%TAG directive should contain exactly two parts");
              if (parts3.length < 2)
                return false;
            }
            const [handle, prefix2] = parts3;
            this.tags[handle] = prefix2;
            return true;
          }
          case "%YAML": {
            this.yaml.explicit = true;
            if (parts3.length !== 1) {
              onError(0, "%YAML directive should contain exactly one part");
              return false;
            }
            const [version] = parts3;
            if (version === "1.1" || version === "1.2") {
              this.yaml.version = version;
              return true;
            } else {
              const isValid = /^\d+\.\d+$/.test(version);
              onError(6, `Unsupported YAML version ${version}`, isValid);
              return false;
            }
          }
          default:
            onError(0, `Unknown directive ${name}`, true);
            return false;
        }
      }
      /**
       * Resolves a tag, matching handles to those defined in %TAG directives.
       *
       * @returns Resolved tag, which may also be the non-specific tag `'!'` or a
       *   `'!local'` tag, or `null` if unresolvable.
       */
      tagName(source, onError) {
        if (source === "!")
          return "!";
        if (source[0] !== "!") {
          onError(`Not a valid tag: ${source}`);
          return null;
        }
        if (source[1] === "<") {
          const verbatim = source.slice(2, -1);
          if (verbatim === "!" || verbatim === "!!") {
            onError(`Verbatim tags aren't resolved, so ${source} is invalid.`);
            return null;
          }
          if (source[source.length - 1] !== ">")
            onError("Verbatim tags must end with a >");
          return verbatim;
        }
        const [, handle, suffix] = source.match(/^(.*!)([^!]*)$/s);
        if (!suffix)
          onError(`The ${source} tag has no suffix`);
        const prefix2 = this.tags[handle];
        if (prefix2) {
          try {
            return prefix2 + decodeURIComponent(suffix);
          } catch (error) {
            onError(String(error));
            return null;
          }
        }
        if (handle === "!")
          return source;
        onError(`Could not resolve tag: ${source}`);
        return null;
      }
      /**
       * Given a fully resolved tag, returns its printable string form,
       * taking into account current tag prefixes and defaults.
       */
      tagString(tag) {
        for (const [handle, prefix2] of Object.entries(this.tags)) {
          if (tag.startsWith(prefix2))
            return handle + escapeTagName(tag.substring(prefix2.length));
        }
        return tag[0] === "!" ? tag : `!<${tag}>`;
      }
      toString(doc) {
        const lines = this.yaml.explicit ? [`%YAML ${this.yaml.version || "1.2"}`] : [];
        const tagEntries = Object.entries(this.tags);
        let tagNames;
        if (doc && tagEntries.length > 0 && isNode(doc.contents)) {
          const tags = {};
          visit(doc.contents, (_key, node) => {
            if (isNode(node) && node.tag)
              tags[node.tag] = true;
          });
          tagNames = Object.keys(tags);
        } else
          tagNames = [];
        for (const [handle, prefix2] of tagEntries) {
          if (handle === "!!" && prefix2 === "tag:yaml.org,2002:")
            continue;
          if (!doc || tagNames.some((tn) => tn.startsWith(prefix2)))
            lines.push(`%TAG ${handle} ${prefix2}`);
        }
        return lines.join("\n");
      }
    };
    Directives.defaultYaml = { explicit: false, version: "1.2" };
    Directives.defaultTags = { "!!": "tag:yaml.org,2002:" };
  }
});

// node_modules/yaml/browser/dist/doc/anchors.js
function anchorIsValid(anchor) {
  if (/[\x00-\x19\s,[\]{}]/.test(anchor)) {
    const sa = JSON.stringify(anchor);
    const msg = `Anchor must not contain whitespace or control characters: ${sa}`;
    throw new Error(msg);
  }
  return true;
}
function anchorNames(root) {
  const anchors = /* @__PURE__ */ new Set();
  visit(root, {
    Value(_key, node) {
      if (node.anchor)
        anchors.add(node.anchor);
    }
  });
  return anchors;
}
function findNewAnchor(prefix2, exclude) {
  for (let i = 1; true; ++i) {
    const name = `${prefix2}${i}`;
    if (!exclude.has(name))
      return name;
  }
}
function createNodeAnchors(doc, prefix2) {
  const aliasObjects = [];
  const sourceObjects = /* @__PURE__ */ new Map();
  let prevAnchors = null;
  return {
    onAnchor: (source) => {
      aliasObjects.push(source);
      prevAnchors ?? (prevAnchors = anchorNames(doc));
      const anchor = findNewAnchor(prefix2, prevAnchors);
      prevAnchors.add(anchor);
      return anchor;
    },
    /**
     * With circular references, the source node is only resolved after all
     * of its child nodes are. This is why anchors are set only after all of
     * the nodes have been created.
     */
    setAnchors: () => {
      for (const source of aliasObjects) {
        const ref2 = sourceObjects.get(source);
        if (typeof ref2 === "object" && ref2.anchor && (isScalar(ref2.node) || isCollection(ref2.node))) {
          ref2.node.anchor = ref2.anchor;
        } else {
          const error = new Error("Failed to resolve repeated object (this should not happen)");
          error.source = source;
          throw error;
        }
      }
    },
    sourceObjects
  };
}
var init_anchors = __esm({
  "node_modules/yaml/browser/dist/doc/anchors.js"() {
    init_identity();
    init_visit();
  }
});

// node_modules/yaml/browser/dist/doc/applyReviver.js
function applyReviver(reviver, obj, key, val) {
  if (val && typeof val === "object") {
    if (Array.isArray(val)) {
      for (let i = 0, len = val.length; i < len; ++i) {
        const v0 = val[i];
        const v1 = applyReviver(reviver, val, String(i), v0);
        if (v1 === void 0)
          delete val[i];
        else if (v1 !== v0)
          val[i] = v1;
      }
    } else if (val instanceof Map) {
      for (const k of Array.from(val.keys())) {
        const v0 = val.get(k);
        const v1 = applyReviver(reviver, val, k, v0);
        if (v1 === void 0)
          val.delete(k);
        else if (v1 !== v0)
          val.set(k, v1);
      }
    } else if (val instanceof Set) {
      for (const v0 of Array.from(val)) {
        const v1 = applyReviver(reviver, val, v0, v0);
        if (v1 === void 0)
          val.delete(v0);
        else if (v1 !== v0) {
          val.delete(v0);
          val.add(v1);
        }
      }
    } else {
      for (const [k, v0] of Object.entries(val)) {
        const v1 = applyReviver(reviver, val, k, v0);
        if (v1 === void 0)
          delete val[k];
        else if (v1 !== v0)
          val[k] = v1;
      }
    }
  }
  return reviver.call(obj, key, val);
}
var init_applyReviver = __esm({
  "node_modules/yaml/browser/dist/doc/applyReviver.js"() {
  }
});

// node_modules/yaml/browser/dist/nodes/toJS.js
function toJS(value, arg, ctx) {
  if (Array.isArray(value))
    return value.map((v, i) => toJS(v, String(i), ctx));
  if (value && typeof value.toJSON === "function") {
    if (!ctx || !hasAnchor(value))
      return value.toJSON(arg, ctx);
    const data = { aliasCount: 0, count: 1, res: void 0 };
    ctx.anchors.set(value, data);
    ctx.onCreate = (res2) => {
      data.res = res2;
      delete ctx.onCreate;
    };
    const res = value.toJSON(arg, ctx);
    if (ctx.onCreate)
      ctx.onCreate(res);
    return res;
  }
  if (typeof value === "bigint" && !ctx?.keep)
    return Number(value);
  return value;
}
var init_toJS = __esm({
  "node_modules/yaml/browser/dist/nodes/toJS.js"() {
    init_identity();
  }
});

// node_modules/yaml/browser/dist/nodes/Node.js
var NodeBase;
var init_Node = __esm({
  "node_modules/yaml/browser/dist/nodes/Node.js"() {
    init_applyReviver();
    init_identity();
    init_toJS();
    NodeBase = class {
      constructor(type) {
        Object.defineProperty(this, NODE_TYPE, { value: type });
      }
      /** Create a copy of this node.  */
      clone() {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** A plain JavaScript representation of this node. */
      toJS(doc, { mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        if (!isDocument(doc))
          throw new TypeError("A document argument is required");
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc,
          keep: true,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS(this, "", ctx);
        if (typeof onAnchor === "function")
          for (const { count: count3, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count3);
        return typeof reviver === "function" ? applyReviver(reviver, { "": res }, "", res) : res;
      }
    };
  }
});

// node_modules/yaml/browser/dist/nodes/Alias.js
function getAliasCount(doc, node, anchors) {
  if (isAlias(node)) {
    const source = node.resolve(doc);
    const anchor = anchors && source && anchors.get(source);
    return anchor ? anchor.count * anchor.aliasCount : 0;
  } else if (isCollection(node)) {
    let count3 = 0;
    for (const item of node.items) {
      const c = getAliasCount(doc, item, anchors);
      if (c > count3)
        count3 = c;
    }
    return count3;
  } else if (isPair(node)) {
    const kc = getAliasCount(doc, node.key, anchors);
    const vc = getAliasCount(doc, node.value, anchors);
    return Math.max(kc, vc);
  }
  return 1;
}
var Alias;
var init_Alias = __esm({
  "node_modules/yaml/browser/dist/nodes/Alias.js"() {
    init_anchors();
    init_visit();
    init_identity();
    init_Node();
    init_toJS();
    Alias = class extends NodeBase {
      constructor(source) {
        super(ALIAS);
        this.source = source;
        Object.defineProperty(this, "tag", {
          set() {
            throw new Error("Alias nodes cannot have tags");
          }
        });
      }
      /**
       * Resolve the value of this alias within `doc`, finding the last
       * instance of the `source` anchor before this node.
       */
      resolve(doc, ctx) {
        if (ctx?.maxAliasCount === 0)
          throw new ReferenceError("Alias resolution is disabled");
        let nodes;
        if (ctx?.aliasResolveCache) {
          nodes = ctx.aliasResolveCache;
        } else {
          nodes = [];
          visit(doc, {
            Node: (_key, node) => {
              if (isAlias(node) || hasAnchor(node))
                nodes.push(node);
            }
          });
          if (ctx)
            ctx.aliasResolveCache = nodes;
        }
        let found = void 0;
        for (const node of nodes) {
          if (node === this)
            break;
          if (node.anchor === this.source)
            found = node;
        }
        if (found && ctx) {
          const { anchors, doc: doc2, maxAliasCount } = ctx;
          let data = anchors.get(found);
          if (!data) {
            toJS(found, null, ctx);
            data = anchors.get(found);
          }
          if (data?.res === void 0) {
            const msg = "This should not happen: Alias anchor was not resolved?";
            throw new ReferenceError(msg);
          }
          if (maxAliasCount >= 0) {
            data.count += 1;
            if (data.aliasCount === 0)
              data.aliasCount = getAliasCount(doc2, found, anchors);
            if (data.count * data.aliasCount > maxAliasCount) {
              const msg = "Excessive alias count indicates a resource exhaustion attack";
              throw new ReferenceError(msg);
            }
          }
        }
        return found;
      }
      toJSON(_arg, ctx) {
        if (!ctx)
          return { source: this.source };
        const source = this.resolve(ctx.doc, ctx);
        if (!source) {
          const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
          throw new ReferenceError(msg);
        }
        return ctx.anchors.get(source).res;
      }
      toString(ctx, _onComment, _onChompKeep) {
        const src = `*${this.source}`;
        if (ctx) {
          anchorIsValid(this.source);
          if (ctx.options.verifyAliasOrder && !ctx.anchors.has(this.source)) {
            const msg = `Unresolved alias (the anchor must be set before the alias): ${this.source}`;
            throw new Error(msg);
          }
          if (ctx.implicitKey)
            return `${src} `;
        }
        return src;
      }
    };
  }
});

// node_modules/yaml/browser/dist/nodes/Scalar.js
var isScalarValue, Scalar;
var init_Scalar = __esm({
  "node_modules/yaml/browser/dist/nodes/Scalar.js"() {
    init_identity();
    init_Node();
    init_toJS();
    isScalarValue = (value) => !value || typeof value !== "function" && typeof value !== "object";
    Scalar = class extends NodeBase {
      constructor(value) {
        super(SCALAR);
        this.value = value;
      }
      toJSON(arg, ctx) {
        return ctx?.keep ? this.value : toJS(this.value, arg, ctx);
      }
      toString() {
        return String(this.value);
      }
    };
    Scalar.BLOCK_FOLDED = "BLOCK_FOLDED";
    Scalar.BLOCK_LITERAL = "BLOCK_LITERAL";
    Scalar.PLAIN = "PLAIN";
    Scalar.QUOTE_DOUBLE = "QUOTE_DOUBLE";
    Scalar.QUOTE_SINGLE = "QUOTE_SINGLE";
  }
});

// node_modules/yaml/browser/dist/doc/createNode.js
function findTagObject(value, tagName, tags) {
  if (tagName) {
    const match = tags.filter((t2) => t2.tag === tagName);
    const tagObj = match.find((t2) => !t2.format) ?? match[0];
    if (!tagObj)
      throw new Error(`Tag ${tagName} not found`);
    return tagObj;
  }
  return tags.find((t2) => t2.identify?.(value) && !t2.format);
}
function createNode(value, tagName, ctx) {
  if (isDocument(value))
    value = value.contents;
  if (isNode(value))
    return value;
  if (isPair(value)) {
    const map2 = ctx.schema[MAP].createNode?.(ctx.schema, null, ctx);
    map2.items.push(value);
    return map2;
  }
  if (value instanceof String || value instanceof Number || value instanceof Boolean || typeof BigInt !== "undefined" && value instanceof BigInt) {
    value = value.valueOf();
  }
  const { aliasDuplicateObjects, onAnchor, onTagObj, schema: schema4, sourceObjects } = ctx;
  let ref2 = void 0;
  if (aliasDuplicateObjects && value && typeof value === "object") {
    ref2 = sourceObjects.get(value);
    if (ref2) {
      ref2.anchor ?? (ref2.anchor = onAnchor(value));
      return new Alias(ref2.anchor);
    } else {
      ref2 = { anchor: null, node: null };
      sourceObjects.set(value, ref2);
    }
  }
  if (tagName?.startsWith("!!"))
    tagName = defaultTagPrefix + tagName.slice(2);
  let tagObj = findTagObject(value, tagName, schema4.tags);
  if (!tagObj) {
    if (value && typeof value.toJSON === "function") {
      value = value.toJSON();
    }
    if (!value || typeof value !== "object") {
      const node2 = new Scalar(value);
      if (ref2)
        ref2.node = node2;
      return node2;
    }
    tagObj = value instanceof Map ? schema4[MAP] : Symbol.iterator in Object(value) ? schema4[SEQ] : schema4[MAP];
  }
  if (onTagObj) {
    onTagObj(tagObj);
    delete ctx.onTagObj;
  }
  const node = tagObj?.createNode ? tagObj.createNode(ctx.schema, value, ctx) : typeof tagObj?.nodeClass?.from === "function" ? tagObj.nodeClass.from(ctx.schema, value, ctx) : new Scalar(value);
  if (tagName)
    node.tag = tagName;
  else if (!tagObj.default)
    node.tag = tagObj.tag;
  if (ref2)
    ref2.node = node;
  return node;
}
var defaultTagPrefix;
var init_createNode = __esm({
  "node_modules/yaml/browser/dist/doc/createNode.js"() {
    init_Alias();
    init_identity();
    init_Scalar();
    defaultTagPrefix = "tag:yaml.org,2002:";
  }
});

// node_modules/yaml/browser/dist/nodes/Collection.js
function collectionFromPath(schema4, path, value) {
  let v = value;
  for (let i = path.length - 1; i >= 0; --i) {
    const k = path[i];
    if (typeof k === "number" && Number.isInteger(k) && k >= 0) {
      const a = [];
      a[k] = v;
      v = a;
    } else {
      v = /* @__PURE__ */ new Map([[k, v]]);
    }
  }
  return createNode(v, void 0, {
    aliasDuplicateObjects: false,
    keepUndefined: false,
    onAnchor: () => {
      throw new Error("This should not happen, please report a bug.");
    },
    schema: schema4,
    sourceObjects: /* @__PURE__ */ new Map()
  });
}
var isEmptyPath, Collection;
var init_Collection = __esm({
  "node_modules/yaml/browser/dist/nodes/Collection.js"() {
    init_createNode();
    init_identity();
    init_Node();
    isEmptyPath = (path) => path == null || typeof path === "object" && !!path[Symbol.iterator]().next().done;
    Collection = class extends NodeBase {
      constructor(type, schema4) {
        super(type);
        Object.defineProperty(this, "schema", {
          value: schema4,
          configurable: true,
          enumerable: false,
          writable: true
        });
      }
      /**
       * Create a copy of this collection.
       *
       * @param schema - If defined, overwrites the original's schema
       */
      clone(schema4) {
        const copy = Object.create(Object.getPrototypeOf(this), Object.getOwnPropertyDescriptors(this));
        if (schema4)
          copy.schema = schema4;
        copy.items = copy.items.map((it) => isNode(it) || isPair(it) ? it.clone(schema4) : it);
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /**
       * Adds a value to the collection. For `!!map` and `!!omap` the value must
       * be a Pair instance or a `{ key, value }` object, which may not have a key
       * that already exists in the map.
       */
      addIn(path, value) {
        if (isEmptyPath(path))
          this.add(value);
        else {
          const [key, ...rest] = path;
          const node = this.get(key, true);
          if (isCollection(node))
            node.addIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
      /**
       * Removes a value from the collection.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.delete(key);
        const node = this.get(key, true);
        if (isCollection(node))
          return node.deleteIn(rest);
        else
          throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        const [key, ...rest] = path;
        const node = this.get(key, true);
        if (rest.length === 0)
          return !keepScalar && isScalar(node) ? node.value : node;
        else
          return isCollection(node) ? node.getIn(rest, keepScalar) : void 0;
      }
      hasAllNullValues(allowScalar) {
        return this.items.every((node) => {
          if (!isPair(node))
            return false;
          const n = node.value;
          return n == null || allowScalar && isScalar(n) && n.value == null && !n.commentBefore && !n.comment && !n.tag;
        });
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       */
      hasIn(path) {
        const [key, ...rest] = path;
        if (rest.length === 0)
          return this.has(key);
        const node = this.get(key, true);
        return isCollection(node) ? node.hasIn(rest) : false;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        const [key, ...rest] = path;
        if (rest.length === 0) {
          this.set(key, value);
        } else {
          const node = this.get(key, true);
          if (isCollection(node))
            node.setIn(rest, value);
          else if (node === void 0 && this.schema)
            this.set(key, collectionFromPath(this.schema, rest, value));
          else
            throw new Error(`Expected YAML collection at ${key}. Remaining path: ${rest}`);
        }
      }
    };
  }
});

// node_modules/yaml/browser/dist/stringify/stringifyComment.js
function indentComment(comment, indent) {
  if (/^\n+$/.test(comment))
    return comment.substring(1);
  return indent ? comment.replace(/^(?! *$)/gm, indent) : comment;
}
var stringifyComment, lineComment;
var init_stringifyComment = __esm({
  "node_modules/yaml/browser/dist/stringify/stringifyComment.js"() {
    stringifyComment = (str) => str.replace(/^(?!$)(?: $)?/gm, "#");
    lineComment = (str, indent, comment) => str.endsWith("\n") ? indentComment(comment, indent) : comment.includes("\n") ? "\n" + indentComment(comment, indent) : (str.endsWith(" ") ? "" : " ") + comment;
  }
});

// node_modules/yaml/browser/dist/stringify/foldFlowLines.js
function foldFlowLines(text4, indent, mode = "flow", { indentAtStart, lineWidth = 80, minContentWidth = 20, onFold, onOverflow } = {}) {
  if (!lineWidth || lineWidth < 0)
    return text4;
  if (lineWidth < minContentWidth)
    minContentWidth = 0;
  const endStep = Math.max(1 + minContentWidth, 1 + lineWidth - indent.length);
  if (text4.length <= endStep)
    return text4;
  const folds = [];
  const escapedFolds = {};
  let end = lineWidth - indent.length;
  if (typeof indentAtStart === "number") {
    if (indentAtStart > lineWidth - Math.max(2, minContentWidth))
      folds.push(0);
    else
      end = lineWidth - indentAtStart;
  }
  let split = void 0;
  let prev = void 0;
  let overflow = false;
  let i = -1;
  let escStart = -1;
  let escEnd = -1;
  if (mode === FOLD_BLOCK) {
    i = consumeMoreIndentedLines(text4, i, indent.length);
    if (i !== -1)
      end = i + endStep;
  }
  for (let ch; ch = text4[i += 1]; ) {
    if (mode === FOLD_QUOTED && ch === "\\") {
      escStart = i;
      switch (text4[i + 1]) {
        case "x":
          i += 3;
          break;
        case "u":
          i += 5;
          break;
        case "U":
          i += 9;
          break;
        default:
          i += 1;
      }
      escEnd = i;
    }
    if (ch === "\n") {
      if (mode === FOLD_BLOCK)
        i = consumeMoreIndentedLines(text4, i, indent.length);
      end = i + indent.length + endStep;
      split = void 0;
    } else {
      if (ch === " " && prev && prev !== " " && prev !== "\n" && prev !== "	") {
        const next = text4[i + 1];
        if (next && next !== " " && next !== "\n" && next !== "	")
          split = i;
      }
      if (i >= end) {
        if (split) {
          folds.push(split);
          end = split + endStep;
          split = void 0;
        } else if (mode === FOLD_QUOTED) {
          while (prev === " " || prev === "	") {
            prev = ch;
            ch = text4[i += 1];
            overflow = true;
          }
          const j = i > escEnd + 1 ? i - 2 : escStart - 1;
          if (escapedFolds[j])
            return text4;
          folds.push(j);
          escapedFolds[j] = true;
          end = j + endStep;
          split = void 0;
        } else {
          overflow = true;
        }
      }
    }
    prev = ch;
  }
  if (overflow && onOverflow)
    onOverflow();
  if (folds.length === 0)
    return text4;
  if (onFold)
    onFold();
  let res = text4.slice(0, folds[0]);
  for (let i2 = 0; i2 < folds.length; ++i2) {
    const fold = folds[i2];
    const end2 = folds[i2 + 1] || text4.length;
    if (fold === 0)
      res = `
${indent}${text4.slice(0, end2)}`;
    else {
      if (mode === FOLD_QUOTED && escapedFolds[fold])
        res += `${text4[fold]}\\`;
      res += `
${indent}${text4.slice(fold + 1, end2)}`;
    }
  }
  return res;
}
function consumeMoreIndentedLines(text4, i, indent) {
  let end = i;
  let start = i + 1;
  let ch = text4[start];
  while (ch === " " || ch === "	") {
    if (i < start + indent) {
      ch = text4[++i];
    } else {
      do {
        ch = text4[++i];
      } while (ch && ch !== "\n");
      end = i;
      start = i + 1;
      ch = text4[start];
    }
  }
  return end;
}
var FOLD_FLOW, FOLD_BLOCK, FOLD_QUOTED;
var init_foldFlowLines = __esm({
  "node_modules/yaml/browser/dist/stringify/foldFlowLines.js"() {
    FOLD_FLOW = "flow";
    FOLD_BLOCK = "block";
    FOLD_QUOTED = "quoted";
  }
});

// node_modules/yaml/browser/dist/stringify/stringifyString.js
function lineLengthOverLimit(str, lineWidth, indentLength) {
  if (!lineWidth || lineWidth < 0)
    return false;
  const limit = lineWidth - indentLength;
  const strLen = str.length;
  if (strLen <= limit)
    return false;
  for (let i = 0, start = 0; i < strLen; ++i) {
    if (str[i] === "\n") {
      if (i - start > limit)
        return true;
      start = i + 1;
      if (strLen - start <= limit)
        return false;
    }
  }
  return true;
}
function doubleQuotedString(value, ctx) {
  const json = JSON.stringify(value);
  if (ctx.options.doubleQuotedAsJSON)
    return json;
  const { implicitKey } = ctx;
  const minMultiLineLength = ctx.options.doubleQuotedMinMultiLineLength;
  const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
  let str = "";
  let start = 0;
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === " " && json[i + 1] === "\\" && json[i + 2] === "n") {
      str += json.slice(start, i) + "\\ ";
      i += 1;
      start = i;
      ch = "\\";
    }
    if (ch === "\\")
      switch (json[i + 1]) {
        case "u":
          {
            str += json.slice(start, i);
            const code = json.substr(i + 2, 4);
            switch (code) {
              case "0000":
                str += "\\0";
                break;
              case "0007":
                str += "\\a";
                break;
              case "000b":
                str += "\\v";
                break;
              case "001b":
                str += "\\e";
                break;
              case "0085":
                str += "\\N";
                break;
              case "00a0":
                str += "\\_";
                break;
              case "2028":
                str += "\\L";
                break;
              case "2029":
                str += "\\P";
                break;
              default:
                if (code.substr(0, 2) === "00")
                  str += "\\x" + code.substr(2);
                else
                  str += json.substr(i, 6);
            }
            i += 5;
            start = i + 1;
          }
          break;
        case "n":
          if (implicitKey || json[i + 2] === '"' || json.length < minMultiLineLength) {
            i += 1;
          } else {
            str += json.slice(start, i) + "\n\n";
            while (json[i + 2] === "\\" && json[i + 3] === "n" && json[i + 4] !== '"') {
              str += "\n";
              i += 2;
            }
            str += indent;
            if (json[i + 2] === " ")
              str += "\\";
            i += 1;
            start = i + 1;
          }
          break;
        default:
          i += 1;
      }
  }
  str = start ? str + json.slice(start) : json;
  return implicitKey ? str : foldFlowLines(str, indent, FOLD_QUOTED, getFoldOptions(ctx, false));
}
function singleQuotedString(value, ctx) {
  if (ctx.options.singleQuote === false || ctx.implicitKey && value.includes("\n") || /[ \t]\n|\n[ \t]/.test(value))
    return doubleQuotedString(value, ctx);
  const indent = ctx.indent || (containsDocumentMarker(value) ? "  " : "");
  const res = "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&
${indent}`) + "'";
  return ctx.implicitKey ? res : foldFlowLines(res, indent, FOLD_FLOW, getFoldOptions(ctx, false));
}
function quotedString(value, ctx) {
  const { singleQuote } = ctx.options;
  let qs;
  if (singleQuote === false)
    qs = doubleQuotedString;
  else {
    const hasDouble = value.includes('"');
    const hasSingle = value.includes("'");
    if (hasDouble && !hasSingle)
      qs = singleQuotedString;
    else if (hasSingle && !hasDouble)
      qs = doubleQuotedString;
    else
      qs = singleQuote ? singleQuotedString : doubleQuotedString;
  }
  return qs(value, ctx);
}
function blockString({ comment, type, value }, ctx, onComment, onChompKeep) {
  const { blockQuote, commentString, lineWidth } = ctx.options;
  if (!blockQuote || /\n[\t ]+$/.test(value)) {
    return quotedString(value, ctx);
  }
  const indent = ctx.indent || (ctx.forceBlockIndent || containsDocumentMarker(value) ? "  " : "");
  const literal = blockQuote === "literal" ? true : blockQuote === "folded" || type === Scalar.BLOCK_FOLDED ? false : type === Scalar.BLOCK_LITERAL ? true : !lineLengthOverLimit(value, lineWidth, indent.length);
  if (!value)
    return literal ? "|\n" : ">\n";
  let chomp;
  let endStart;
  for (endStart = value.length; endStart > 0; --endStart) {
    const ch = value[endStart - 1];
    if (ch !== "\n" && ch !== "	" && ch !== " ")
      break;
  }
  let end = value.substring(endStart);
  const endNlPos = end.indexOf("\n");
  if (endNlPos === -1) {
    chomp = "-";
  } else if (value === end || endNlPos !== end.length - 1) {
    chomp = "+";
    if (onChompKeep)
      onChompKeep();
  } else {
    chomp = "";
  }
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === "\n")
      end = end.slice(0, -1);
    end = end.replace(blockEndNewlines, `$&${indent}`);
  }
  let startWithSpace = false;
  let startEnd;
  let startNlPos = -1;
  for (startEnd = 0; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === " ")
      startWithSpace = true;
    else if (ch === "\n")
      startNlPos = startEnd;
    else
      break;
  }
  let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const indentSize = indent ? "2" : "1";
  let header = (startWithSpace ? indentSize : "") + chomp;
  if (comment) {
    header += " " + commentString(comment.replace(/ ?[\r\n]+/g, " "));
    if (onComment)
      onComment();
  }
  if (!literal) {
    const foldedValue = value.replace(/\n+/g, "\n$&").replace(/(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?/g, "$1$2").replace(/\n+/g, `$&${indent}`);
    let literalFallback = false;
    const foldOptions = getFoldOptions(ctx, true);
    if (blockQuote !== "folded" && type !== Scalar.BLOCK_FOLDED) {
      foldOptions.onOverflow = () => {
        literalFallback = true;
      };
    }
    const body = foldFlowLines(`${start}${foldedValue}${end}`, indent, FOLD_BLOCK, foldOptions);
    if (!literalFallback)
      return `>${header}
${indent}${body}`;
  }
  value = value.replace(/\n+/g, `$&${indent}`);
  return `|${header}
${indent}${start}${value}${end}`;
}
function plainString(item, ctx, onComment, onChompKeep) {
  const { type, value } = item;
  const { actualString, implicitKey, indent, indentStep, inFlow } = ctx;
  if (implicitKey && value.includes("\n") || inFlow && /[[\]{},]/.test(value)) {
    return quotedString(value, ctx);
  }
  if (/^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/.test(value)) {
    return implicitKey || inFlow || !value.includes("\n") ? quotedString(value, ctx) : blockString(item, ctx, onComment, onChompKeep);
  }
  if (!implicitKey && !inFlow && type !== Scalar.PLAIN && value.includes("\n")) {
    return blockString(item, ctx, onComment, onChompKeep);
  }
  if (containsDocumentMarker(value)) {
    if (indent === "") {
      ctx.forceBlockIndent = true;
      return blockString(item, ctx, onComment, onChompKeep);
    } else if (implicitKey && indent === indentStep) {
      return quotedString(value, ctx);
    }
  }
  const str = value.replace(/\n+/g, `$&
${indent}`);
  if (actualString) {
    const test = (tag) => tag.default && tag.tag !== "tag:yaml.org,2002:str" && tag.test?.test(str);
    const { compat, tags } = ctx.doc.schema;
    if (tags.some(test) || compat?.some(test))
      return quotedString(value, ctx);
  }
  return implicitKey ? str : foldFlowLines(str, indent, FOLD_FLOW, getFoldOptions(ctx, false));
}
function stringifyString(item, ctx, onComment, onChompKeep) {
  const { implicitKey, inFlow } = ctx;
  const ss = typeof item.value === "string" ? item : Object.assign({}, item, { value: String(item.value) });
  let { type } = item;
  if (type !== Scalar.QUOTE_DOUBLE) {
    if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u.test(ss.value))
      type = Scalar.QUOTE_DOUBLE;
  }
  const _stringify2 = (_type) => {
    switch (_type) {
      case Scalar.BLOCK_FOLDED:
      case Scalar.BLOCK_LITERAL:
        return implicitKey || inFlow ? quotedString(ss.value, ctx) : blockString(ss, ctx, onComment, onChompKeep);
      case Scalar.QUOTE_DOUBLE:
        return doubleQuotedString(ss.value, ctx);
      case Scalar.QUOTE_SINGLE:
        return singleQuotedString(ss.value, ctx);
      case Scalar.PLAIN:
        return plainString(ss, ctx, onComment, onChompKeep);
      default:
        return null;
    }
  };
  let res = _stringify2(type);
  if (res === null) {
    const { defaultKeyType, defaultStringType } = ctx.options;
    const t2 = implicitKey && defaultKeyType || defaultStringType;
    res = _stringify2(t2);
    if (res === null)
      throw new Error(`Unsupported default string type ${t2}`);
  }
  return res;
}
var getFoldOptions, containsDocumentMarker, blockEndNewlines;
var init_stringifyString = __esm({
  "node_modules/yaml/browser/dist/stringify/stringifyString.js"() {
    init_Scalar();
    init_foldFlowLines();
    getFoldOptions = (ctx, isBlock2) => ({
      indentAtStart: isBlock2 ? ctx.indent.length : ctx.indentAtStart,
      lineWidth: ctx.options.lineWidth,
      minContentWidth: ctx.options.minContentWidth
    });
    containsDocumentMarker = (str) => /^(%|---|\.\.\.)/m.test(str);
    try {
      blockEndNewlines = new RegExp("(^|(?<!\n))\n+(?!\n|$)", "g");
    } catch {
      blockEndNewlines = /\n+(?!\n|$)/g;
    }
  }
});

// node_modules/yaml/browser/dist/stringify/stringify.js
function createStringifyContext(doc, options) {
  const opt = Object.assign({
    blockQuote: true,
    commentString: stringifyComment,
    defaultKeyType: null,
    defaultStringType: "PLAIN",
    directives: null,
    doubleQuotedAsJSON: false,
    doubleQuotedMinMultiLineLength: 40,
    falseStr: "false",
    flowCollectionPadding: true,
    indentSeq: true,
    lineWidth: 80,
    minContentWidth: 20,
    nullStr: "null",
    simpleKeys: false,
    singleQuote: null,
    trailingComma: false,
    trueStr: "true",
    verifyAliasOrder: true
  }, doc.schema.toStringOptions, options);
  let inFlow;
  switch (opt.collectionStyle) {
    case "block":
      inFlow = false;
      break;
    case "flow":
      inFlow = true;
      break;
    default:
      inFlow = null;
  }
  return {
    anchors: /* @__PURE__ */ new Set(),
    doc,
    flowCollectionPadding: opt.flowCollectionPadding ? " " : "",
    indent: "",
    indentStep: typeof opt.indent === "number" ? " ".repeat(opt.indent) : "  ",
    inFlow,
    options: opt
  };
}
function getTagObject(tags, item) {
  if (item.tag) {
    const match = tags.filter((t2) => t2.tag === item.tag);
    if (match.length > 0)
      return match.find((t2) => t2.format === item.format) ?? match[0];
  }
  let tagObj = void 0;
  let obj;
  if (isScalar(item)) {
    obj = item.value;
    let match = tags.filter((t2) => t2.identify?.(obj));
    if (match.length > 1) {
      const testMatch = match.filter((t2) => t2.test);
      if (testMatch.length > 0)
        match = testMatch;
    }
    tagObj = match.find((t2) => t2.format === item.format) ?? match.find((t2) => !t2.format);
  } else {
    obj = item;
    tagObj = tags.find((t2) => t2.nodeClass && obj instanceof t2.nodeClass);
  }
  if (!tagObj) {
    const name = obj?.constructor?.name ?? (obj === null ? "null" : typeof obj);
    throw new Error(`Tag not resolved for ${name} value`);
  }
  return tagObj;
}
function stringifyProps(node, tagObj, { anchors, doc }) {
  if (!doc.directives)
    return "";
  const props = [];
  const anchor = (isScalar(node) || isCollection(node)) && node.anchor;
  if (anchor && anchorIsValid(anchor)) {
    anchors.add(anchor);
    props.push(`&${anchor}`);
  }
  const tag = node.tag ?? (tagObj.default ? null : tagObj.tag);
  if (tag)
    props.push(doc.directives.tagString(tag));
  return props.join(" ");
}
function stringify(item, ctx, onComment, onChompKeep) {
  if (isPair(item))
    return item.toString(ctx, onComment, onChompKeep);
  if (isAlias(item)) {
    if (ctx.doc.directives)
      return item.toString(ctx);
    if (ctx.resolvedAliases?.has(item)) {
      throw new TypeError(`Cannot stringify circular structure without alias nodes`);
    } else {
      if (ctx.resolvedAliases)
        ctx.resolvedAliases.add(item);
      else
        ctx.resolvedAliases = /* @__PURE__ */ new Set([item]);
      item = item.resolve(ctx.doc);
    }
  }
  let tagObj = void 0;
  const node = isNode(item) ? item : ctx.doc.createNode(item, { onTagObj: (o) => tagObj = o });
  tagObj ?? (tagObj = getTagObject(ctx.doc.schema.tags, node));
  const props = stringifyProps(node, tagObj, ctx);
  if (props.length > 0)
    ctx.indentAtStart = (ctx.indentAtStart ?? 0) + props.length + 1;
  const str = typeof tagObj.stringify === "function" ? tagObj.stringify(node, ctx, onComment, onChompKeep) : isScalar(node) ? stringifyString(node, ctx, onComment, onChompKeep) : node.toString(ctx, onComment, onChompKeep);
  if (!props)
    return str;
  return isScalar(node) || str[0] === "{" || str[0] === "[" ? `${props} ${str}` : `${props}
${ctx.indent}${str}`;
}
var init_stringify = __esm({
  "node_modules/yaml/browser/dist/stringify/stringify.js"() {
    init_anchors();
    init_identity();
    init_stringifyComment();
    init_stringifyString();
  }
});

// node_modules/yaml/browser/dist/stringify/stringifyPair.js
function stringifyPair({ key, value }, ctx, onComment, onChompKeep) {
  const { allNullValues, doc, indent, indentStep, options: { commentString, indentSeq, simpleKeys } } = ctx;
  let keyComment = isNode(key) && key.comment || null;
  if (simpleKeys) {
    if (keyComment) {
      throw new Error("With simple keys, key nodes cannot have comments");
    }
    if (isCollection(key) || !isNode(key) && typeof key === "object") {
      const msg = "With simple keys, collection cannot be used as a key value";
      throw new Error(msg);
    }
  }
  let explicitKey = !simpleKeys && (!key || keyComment && value == null && !ctx.inFlow || isCollection(key) || (isScalar(key) ? key.type === Scalar.BLOCK_FOLDED || key.type === Scalar.BLOCK_LITERAL : typeof key === "object"));
  ctx = Object.assign({}, ctx, {
    allNullValues: false,
    implicitKey: !explicitKey && (simpleKeys || !allNullValues),
    indent: indent + indentStep
  });
  let keyCommentDone = false;
  let chompKeep = false;
  let str = stringify(key, ctx, () => keyCommentDone = true, () => chompKeep = true);
  if (!explicitKey && !ctx.inFlow && str.length > 1024) {
    if (simpleKeys)
      throw new Error("With simple keys, single line scalar must not span more than 1024 characters");
    explicitKey = true;
  }
  if (ctx.inFlow) {
    if (allNullValues || value == null) {
      if (keyCommentDone && onComment)
        onComment();
      return str === "" ? "?" : explicitKey ? `? ${str}` : str;
    }
  } else if (allNullValues && !simpleKeys || value == null && explicitKey) {
    str = `? ${str}`;
    if (keyComment && !keyCommentDone) {
      str += lineComment(str, ctx.indent, commentString(keyComment));
    } else if (chompKeep && onChompKeep)
      onChompKeep();
    return str;
  }
  if (keyCommentDone)
    keyComment = null;
  if (explicitKey) {
    if (keyComment)
      str += lineComment(str, ctx.indent, commentString(keyComment));
    str = `? ${str}
${indent}:`;
  } else {
    str = `${str}:`;
    if (keyComment)
      str += lineComment(str, ctx.indent, commentString(keyComment));
  }
  let vsb, vcb, valueComment;
  if (isNode(value)) {
    vsb = !!value.spaceBefore;
    vcb = value.commentBefore;
    valueComment = value.comment;
  } else {
    vsb = false;
    vcb = null;
    valueComment = null;
    if (value && typeof value === "object")
      value = doc.createNode(value);
  }
  ctx.implicitKey = false;
  if (!explicitKey && !keyComment && isScalar(value))
    ctx.indentAtStart = str.length + 1;
  chompKeep = false;
  if (!indentSeq && indentStep.length >= 2 && !ctx.inFlow && !explicitKey && isSeq(value) && !value.flow && !value.tag && !value.anchor) {
    ctx.indent = ctx.indent.substring(2);
  }
  let valueCommentDone = false;
  const valueStr = stringify(value, ctx, () => valueCommentDone = true, () => chompKeep = true);
  let ws = " ";
  if (keyComment || vsb || vcb) {
    ws = vsb ? "\n" : "";
    if (vcb) {
      const cs = commentString(vcb);
      ws += `
${indentComment(cs, ctx.indent)}`;
    }
    if (valueStr === "" && !ctx.inFlow) {
      if (ws === "\n" && valueComment)
        ws = "\n\n";
    } else {
      ws += `
${ctx.indent}`;
    }
  } else if (!explicitKey && isCollection(value)) {
    const vs0 = valueStr[0];
    const nl0 = valueStr.indexOf("\n");
    const hasNewline = nl0 !== -1;
    const flow2 = ctx.inFlow ?? value.flow ?? value.items.length === 0;
    if (hasNewline || !flow2) {
      let hasPropsLine = false;
      if (hasNewline && (vs0 === "&" || vs0 === "!")) {
        let sp0 = valueStr.indexOf(" ");
        if (vs0 === "&" && sp0 !== -1 && sp0 < nl0 && valueStr[sp0 + 1] === "!") {
          sp0 = valueStr.indexOf(" ", sp0 + 1);
        }
        if (sp0 === -1 || nl0 < sp0)
          hasPropsLine = true;
      }
      if (!hasPropsLine)
        ws = `
${ctx.indent}`;
    }
  } else if (valueStr === "" || valueStr[0] === "\n") {
    ws = "";
  }
  str += ws + valueStr;
  if (ctx.inFlow) {
    if (valueCommentDone && onComment)
      onComment();
  } else if (valueComment && !valueCommentDone) {
    str += lineComment(str, ctx.indent, commentString(valueComment));
  } else if (chompKeep && onChompKeep) {
    onChompKeep();
  }
  return str;
}
var init_stringifyPair = __esm({
  "node_modules/yaml/browser/dist/stringify/stringifyPair.js"() {
    init_identity();
    init_Scalar();
    init_stringify();
    init_stringifyComment();
  }
});

// node_modules/yaml/browser/dist/log.js
function warn(logLevel, warning) {
  if (logLevel === "debug" || logLevel === "warn") {
    console.warn(warning);
  }
}
var init_log = __esm({
  "node_modules/yaml/browser/dist/log.js"() {
  }
});

// node_modules/yaml/browser/dist/schema/yaml-1.1/merge.js
function addMergeToJSMap(ctx, map2, value) {
  const source = resolveAliasValue(ctx, value);
  if (isSeq(source))
    for (const it of source.items)
      mergeValue(ctx, map2, it);
  else if (Array.isArray(source))
    for (const it of source)
      mergeValue(ctx, map2, it);
  else
    mergeValue(ctx, map2, source);
}
function mergeValue(ctx, map2, value) {
  const source = resolveAliasValue(ctx, value);
  if (!isMap(source))
    throw new Error("Merge sources must be maps or map aliases");
  const srcMap = source.toJSON(null, ctx, Map);
  for (const [key, value2] of srcMap) {
    if (map2 instanceof Map) {
      if (!map2.has(key))
        map2.set(key, value2);
    } else if (map2 instanceof Set) {
      map2.add(key);
    } else if (!Object.prototype.hasOwnProperty.call(map2, key)) {
      Object.defineProperty(map2, key, {
        value: value2,
        writable: true,
        enumerable: true,
        configurable: true
      });
    }
  }
  return map2;
}
function resolveAliasValue(ctx, value) {
  return ctx && isAlias(value) ? value.resolve(ctx.doc, ctx) : value;
}
var MERGE_KEY, merge, isMergeKey;
var init_merge = __esm({
  "node_modules/yaml/browser/dist/schema/yaml-1.1/merge.js"() {
    init_identity();
    init_Scalar();
    MERGE_KEY = "<<";
    merge = {
      identify: (value) => value === MERGE_KEY || typeof value === "symbol" && value.description === MERGE_KEY,
      default: "key",
      tag: "tag:yaml.org,2002:merge",
      test: /^<<$/,
      resolve: () => Object.assign(new Scalar(Symbol(MERGE_KEY)), {
        addToJSMap: addMergeToJSMap
      }),
      stringify: () => MERGE_KEY
    };
    isMergeKey = (ctx, key) => (merge.identify(key) || isScalar(key) && (!key.type || key.type === Scalar.PLAIN) && merge.identify(key.value)) && ctx?.doc.schema.tags.some((tag) => tag.tag === merge.tag && tag.default);
  }
});

// node_modules/yaml/browser/dist/nodes/addPairToJSMap.js
function addPairToJSMap(ctx, map2, { key, value }) {
  if (isNode(key) && key.addToJSMap)
    key.addToJSMap(ctx, map2, value);
  else if (isMergeKey(ctx, key))
    addMergeToJSMap(ctx, map2, value);
  else {
    const jsKey = toJS(key, "", ctx);
    if (map2 instanceof Map) {
      map2.set(jsKey, toJS(value, jsKey, ctx));
    } else if (map2 instanceof Set) {
      map2.add(jsKey);
    } else {
      const stringKey = stringifyKey(key, jsKey, ctx);
      const jsValue = toJS(value, stringKey, ctx);
      if (stringKey in map2)
        Object.defineProperty(map2, stringKey, {
          value: jsValue,
          writable: true,
          enumerable: true,
          configurable: true
        });
      else
        map2[stringKey] = jsValue;
    }
  }
  return map2;
}
function stringifyKey(key, jsKey, ctx) {
  if (jsKey === null)
    return "";
  if (typeof jsKey !== "object")
    return String(jsKey);
  if (isNode(key) && ctx?.doc) {
    const strCtx = createStringifyContext(ctx.doc, {});
    strCtx.anchors = /* @__PURE__ */ new Set();
    for (const node of ctx.anchors.keys())
      strCtx.anchors.add(node.anchor);
    strCtx.inFlow = true;
    strCtx.inStringifyKey = true;
    const strKey = key.toString(strCtx);
    if (!ctx.mapKeyWarned) {
      let jsonStr = JSON.stringify(strKey);
      if (jsonStr.length > 40)
        jsonStr = jsonStr.substring(0, 36) + '..."';
      warn(ctx.doc.options.logLevel, `Keys with collection values will be stringified due to JS Object restrictions: ${jsonStr}. Set mapAsMap: true to use object keys.`);
      ctx.mapKeyWarned = true;
    }
    return strKey;
  }
  return JSON.stringify(jsKey);
}
var init_addPairToJSMap = __esm({
  "node_modules/yaml/browser/dist/nodes/addPairToJSMap.js"() {
    init_log();
    init_merge();
    init_stringify();
    init_identity();
    init_toJS();
  }
});

// node_modules/yaml/browser/dist/nodes/Pair.js
function createPair(key, value, ctx) {
  const k = createNode(key, void 0, ctx);
  const v = createNode(value, void 0, ctx);
  return new Pair(k, v);
}
var Pair;
var init_Pair = __esm({
  "node_modules/yaml/browser/dist/nodes/Pair.js"() {
    init_createNode();
    init_stringifyPair();
    init_addPairToJSMap();
    init_identity();
    Pair = class _Pair {
      constructor(key, value = null) {
        Object.defineProperty(this, NODE_TYPE, { value: PAIR });
        this.key = key;
        this.value = value;
      }
      clone(schema4) {
        let { key, value } = this;
        if (isNode(key))
          key = key.clone(schema4);
        if (isNode(value))
          value = value.clone(schema4);
        return new _Pair(key, value);
      }
      toJSON(_, ctx) {
        const pair = ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        return addPairToJSMap(ctx, pair, this);
      }
      toString(ctx, onComment, onChompKeep) {
        return ctx?.doc ? stringifyPair(this, ctx, onComment, onChompKeep) : JSON.stringify(this);
      }
    };
  }
});

// node_modules/yaml/browser/dist/stringify/stringifyCollection.js
function stringifyCollection(collection, ctx, options) {
  const flow2 = ctx.inFlow ?? collection.flow;
  const stringify4 = flow2 ? stringifyFlowCollection : stringifyBlockCollection;
  return stringify4(collection, ctx, options);
}
function stringifyBlockCollection({ comment, items }, ctx, { blockItemPrefix, flowChars, itemIndent, onChompKeep, onComment }) {
  const { indent, options: { commentString } } = ctx;
  const itemCtx = Object.assign({}, ctx, { indent: itemIndent, type: null });
  let chompKeep = false;
  const lines = [];
  for (let i = 0; i < items.length; ++i) {
    const item = items[i];
    let comment2 = null;
    if (isNode(item)) {
      if (!chompKeep && item.spaceBefore)
        lines.push("");
      addCommentBefore(ctx, lines, item.commentBefore, chompKeep);
      if (item.comment)
        comment2 = item.comment;
    } else if (isPair(item)) {
      const ik = isNode(item.key) ? item.key : null;
      if (ik) {
        if (!chompKeep && ik.spaceBefore)
          lines.push("");
        addCommentBefore(ctx, lines, ik.commentBefore, chompKeep);
      }
    }
    chompKeep = false;
    let str2 = stringify(item, itemCtx, () => comment2 = null, () => chompKeep = true);
    if (comment2)
      str2 += lineComment(str2, itemIndent, commentString(comment2));
    if (chompKeep && comment2)
      chompKeep = false;
    lines.push(blockItemPrefix + str2);
  }
  let str;
  if (lines.length === 0) {
    str = flowChars.start + flowChars.end;
  } else {
    str = lines[0];
    for (let i = 1; i < lines.length; ++i) {
      const line = lines[i];
      str += line ? `
${indent}${line}` : "\n";
    }
  }
  if (comment) {
    str += "\n" + indentComment(commentString(comment), indent);
    if (onComment)
      onComment();
  } else if (chompKeep && onChompKeep)
    onChompKeep();
  return str;
}
function stringifyFlowCollection({ items }, ctx, { flowChars, itemIndent }) {
  const { indent, indentStep, flowCollectionPadding: fcPadding, options: { commentString } } = ctx;
  itemIndent += indentStep;
  const itemCtx = Object.assign({}, ctx, {
    indent: itemIndent,
    inFlow: true,
    type: null
  });
  let reqNewline = false;
  let linesAtValue = 0;
  const lines = [];
  for (let i = 0; i < items.length; ++i) {
    const item = items[i];
    let comment = null;
    if (isNode(item)) {
      if (item.spaceBefore)
        lines.push("");
      addCommentBefore(ctx, lines, item.commentBefore, false);
      if (item.comment)
        comment = item.comment;
    } else if (isPair(item)) {
      const ik = isNode(item.key) ? item.key : null;
      if (ik) {
        if (ik.spaceBefore)
          lines.push("");
        addCommentBefore(ctx, lines, ik.commentBefore, false);
        if (ik.comment)
          reqNewline = true;
      }
      const iv = isNode(item.value) ? item.value : null;
      if (iv) {
        if (iv.comment)
          comment = iv.comment;
        if (iv.commentBefore)
          reqNewline = true;
      } else if (item.value == null && ik?.comment) {
        comment = ik.comment;
      }
    }
    if (comment)
      reqNewline = true;
    let str = stringify(item, itemCtx, () => comment = null);
    reqNewline || (reqNewline = lines.length > linesAtValue || str.includes("\n"));
    if (i < items.length - 1) {
      str += ",";
    } else if (ctx.options.trailingComma) {
      if (ctx.options.lineWidth > 0) {
        reqNewline || (reqNewline = lines.reduce((sum, line) => sum + line.length + 2, 2) + (str.length + 2) > ctx.options.lineWidth);
      }
      if (reqNewline) {
        str += ",";
      }
    }
    if (comment)
      str += lineComment(str, itemIndent, commentString(comment));
    lines.push(str);
    linesAtValue = lines.length;
  }
  const { start, end } = flowChars;
  if (lines.length === 0) {
    return start + end;
  } else {
    if (!reqNewline) {
      const len = lines.reduce((sum, line) => sum + line.length + 2, 2);
      reqNewline = ctx.options.lineWidth > 0 && len > ctx.options.lineWidth;
    }
    if (reqNewline) {
      let str = start;
      for (const line of lines)
        str += line ? `
${indentStep}${indent}${line}` : "\n";
      return `${str}
${indent}${end}`;
    } else {
      return `${start}${fcPadding}${lines.join(" ")}${fcPadding}${end}`;
    }
  }
}
function addCommentBefore({ indent, options: { commentString } }, lines, comment, chompKeep) {
  if (comment && chompKeep)
    comment = comment.replace(/^\n+/, "");
  if (comment) {
    const ic = indentComment(commentString(comment), indent);
    lines.push(ic.trimStart());
  }
}
var init_stringifyCollection = __esm({
  "node_modules/yaml/browser/dist/stringify/stringifyCollection.js"() {
    init_identity();
    init_stringify();
    init_stringifyComment();
  }
});

// node_modules/yaml/browser/dist/nodes/YAMLMap.js
function findPair(items, key) {
  const k = isScalar(key) ? key.value : key;
  for (const it of items) {
    if (isPair(it)) {
      if (it.key === key || it.key === k)
        return it;
      if (isScalar(it.key) && it.key.value === k)
        return it;
    }
  }
  return void 0;
}
var YAMLMap;
var init_YAMLMap = __esm({
  "node_modules/yaml/browser/dist/nodes/YAMLMap.js"() {
    init_stringifyCollection();
    init_addPairToJSMap();
    init_Collection();
    init_identity();
    init_Pair();
    init_Scalar();
    YAMLMap = class extends Collection {
      static get tagName() {
        return "tag:yaml.org,2002:map";
      }
      constructor(schema4) {
        super(MAP, schema4);
        this.items = [];
      }
      /**
       * A generic collection parsing method that can be extended
       * to other node classes that inherit from YAMLMap
       */
      static from(schema4, obj, ctx) {
        const { keepUndefined, replacer } = ctx;
        const map2 = new this(schema4);
        const add = (key, value) => {
          if (typeof replacer === "function")
            value = replacer.call(obj, key, value);
          else if (Array.isArray(replacer) && !replacer.includes(key))
            return;
          if (value !== void 0 || keepUndefined)
            map2.items.push(createPair(key, value, ctx));
        };
        if (obj instanceof Map) {
          for (const [key, value] of obj)
            add(key, value);
        } else if (obj && typeof obj === "object") {
          for (const key of Object.keys(obj))
            add(key, obj[key]);
        }
        if (typeof schema4.sortMapEntries === "function") {
          map2.items.sort(schema4.sortMapEntries);
        }
        return map2;
      }
      /**
       * Adds a value to the collection.
       *
       * @param overwrite - If not set `true`, using a key that is already in the
       *   collection will throw. Otherwise, overwrites the previous value.
       */
      add(pair, overwrite) {
        let _pair;
        if (isPair(pair))
          _pair = pair;
        else if (!pair || typeof pair !== "object" || !("key" in pair)) {
          _pair = new Pair(pair, pair?.value);
        } else
          _pair = new Pair(pair.key, pair.value);
        const prev = findPair(this.items, _pair.key);
        const sortEntries = this.schema?.sortMapEntries;
        if (prev) {
          if (!overwrite)
            throw new Error(`Key ${_pair.key} already set`);
          if (isScalar(prev.value) && isScalarValue(_pair.value))
            prev.value.value = _pair.value;
          else
            prev.value = _pair.value;
        } else if (sortEntries) {
          const i = this.items.findIndex((item) => sortEntries(_pair, item) < 0);
          if (i === -1)
            this.items.push(_pair);
          else
            this.items.splice(i, 0, _pair);
        } else {
          this.items.push(_pair);
        }
      }
      delete(key) {
        const it = findPair(this.items, key);
        if (!it)
          return false;
        const del = this.items.splice(this.items.indexOf(it), 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const it = findPair(this.items, key);
        const node = it?.value;
        return (!keepScalar && isScalar(node) ? node.value : node) ?? void 0;
      }
      has(key) {
        return !!findPair(this.items, key);
      }
      set(key, value) {
        this.add(new Pair(key, value), true);
      }
      /**
       * @param ctx - Conversion context, originally set in Document#toJS()
       * @param {Class} Type - If set, forces the returned collection type
       * @returns Instance of Type, Map, or Object
       */
      toJSON(_, ctx, Type) {
        const map2 = Type ? new Type() : ctx?.mapAsMap ? /* @__PURE__ */ new Map() : {};
        if (ctx?.onCreate)
          ctx.onCreate(map2);
        for (const item of this.items)
          addPairToJSMap(ctx, map2, item);
        return map2;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        for (const item of this.items) {
          if (!isPair(item))
            throw new Error(`Map items must all be pairs; found ${JSON.stringify(item)} instead`);
        }
        if (!ctx.allNullValues && this.hasAllNullValues(false))
          ctx = Object.assign({}, ctx, { allNullValues: true });
        return stringifyCollection(this, ctx, {
          blockItemPrefix: "",
          flowChars: { start: "{", end: "}" },
          itemIndent: ctx.indent || "",
          onChompKeep,
          onComment
        });
      }
    };
  }
});

// node_modules/yaml/browser/dist/schema/common/map.js
var map;
var init_map = __esm({
  "node_modules/yaml/browser/dist/schema/common/map.js"() {
    init_identity();
    init_YAMLMap();
    map = {
      collection: "map",
      default: true,
      nodeClass: YAMLMap,
      tag: "tag:yaml.org,2002:map",
      resolve(map2, onError) {
        if (!isMap(map2))
          onError("Expected a mapping for this tag");
        return map2;
      },
      createNode: (schema4, obj, ctx) => YAMLMap.from(schema4, obj, ctx)
    };
  }
});

// node_modules/yaml/browser/dist/nodes/YAMLSeq.js
function asItemIndex(key) {
  let idx = isScalar(key) ? key.value : key;
  if (idx && typeof idx === "string")
    idx = Number(idx);
  return typeof idx === "number" && Number.isInteger(idx) && idx >= 0 ? idx : null;
}
var YAMLSeq;
var init_YAMLSeq = __esm({
  "node_modules/yaml/browser/dist/nodes/YAMLSeq.js"() {
    init_createNode();
    init_stringifyCollection();
    init_Collection();
    init_identity();
    init_Scalar();
    init_toJS();
    YAMLSeq = class extends Collection {
      static get tagName() {
        return "tag:yaml.org,2002:seq";
      }
      constructor(schema4) {
        super(SEQ, schema4);
        this.items = [];
      }
      add(value) {
        this.items.push(value);
      }
      /**
       * Removes a value from the collection.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       *
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return false;
        const del = this.items.splice(idx, 1);
        return del.length > 0;
      }
      get(key, keepScalar) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          return void 0;
        const it = this.items[idx];
        return !keepScalar && isScalar(it) ? it.value : it;
      }
      /**
       * Checks if the collection includes a value with the key `key`.
       *
       * `key` must contain a representation of an integer for this to succeed.
       * It may be wrapped in a `Scalar`.
       */
      has(key) {
        const idx = asItemIndex(key);
        return typeof idx === "number" && idx < this.items.length;
      }
      /**
       * Sets a value in this collection. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       *
       * If `key` does not contain a representation of an integer, this will throw.
       * It may be wrapped in a `Scalar`.
       */
      set(key, value) {
        const idx = asItemIndex(key);
        if (typeof idx !== "number")
          throw new Error(`Expected a valid index, not ${key}.`);
        const prev = this.items[idx];
        if (isScalar(prev) && isScalarValue(value))
          prev.value = value;
        else
          this.items[idx] = value;
      }
      toJSON(_, ctx) {
        const seq2 = [];
        if (ctx?.onCreate)
          ctx.onCreate(seq2);
        let i = 0;
        for (const item of this.items)
          seq2.push(toJS(item, String(i++), ctx));
        return seq2;
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        return stringifyCollection(this, ctx, {
          blockItemPrefix: "- ",
          flowChars: { start: "[", end: "]" },
          itemIndent: (ctx.indent || "") + "  ",
          onChompKeep,
          onComment
        });
      }
      static from(schema4, obj, ctx) {
        const { replacer } = ctx;
        const seq2 = new this(schema4);
        if (obj && Symbol.iterator in Object(obj)) {
          let i = 0;
          for (let it of obj) {
            if (typeof replacer === "function") {
              const key = obj instanceof Set ? it : String(i++);
              it = replacer.call(obj, key, it);
            }
            seq2.items.push(createNode(it, void 0, ctx));
          }
        }
        return seq2;
      }
    };
  }
});

// node_modules/yaml/browser/dist/schema/common/seq.js
var seq;
var init_seq = __esm({
  "node_modules/yaml/browser/dist/schema/common/seq.js"() {
    init_identity();
    init_YAMLSeq();
    seq = {
      collection: "seq",
      default: true,
      nodeClass: YAMLSeq,
      tag: "tag:yaml.org,2002:seq",
      resolve(seq2, onError) {
        if (!isSeq(seq2))
          onError("Expected a sequence for this tag");
        return seq2;
      },
      createNode: (schema4, obj, ctx) => YAMLSeq.from(schema4, obj, ctx)
    };
  }
});

// node_modules/yaml/browser/dist/schema/common/string.js
var string2;
var init_string = __esm({
  "node_modules/yaml/browser/dist/schema/common/string.js"() {
    init_stringifyString();
    string2 = {
      identify: (value) => typeof value === "string",
      default: true,
      tag: "tag:yaml.org,2002:str",
      resolve: (str) => str,
      stringify(item, ctx, onComment, onChompKeep) {
        ctx = Object.assign({ actualString: true }, ctx);
        return stringifyString(item, ctx, onComment, onChompKeep);
      }
    };
  }
});

// node_modules/yaml/browser/dist/schema/common/null.js
var nullTag;
var init_null = __esm({
  "node_modules/yaml/browser/dist/schema/common/null.js"() {
    init_Scalar();
    nullTag = {
      identify: (value) => value == null,
      createNode: () => new Scalar(null),
      default: true,
      tag: "tag:yaml.org,2002:null",
      test: /^(?:~|[Nn]ull|NULL)?$/,
      resolve: () => new Scalar(null),
      stringify: ({ source }, ctx) => typeof source === "string" && nullTag.test.test(source) ? source : ctx.options.nullStr
    };
  }
});

// node_modules/yaml/browser/dist/schema/core/bool.js
var boolTag;
var init_bool = __esm({
  "node_modules/yaml/browser/dist/schema/core/bool.js"() {
    init_Scalar();
    boolTag = {
      identify: (value) => typeof value === "boolean",
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/,
      resolve: (str) => new Scalar(str[0] === "t" || str[0] === "T"),
      stringify({ source, value }, ctx) {
        if (source && boolTag.test.test(source)) {
          const sv = source[0] === "t" || source[0] === "T";
          if (value === sv)
            return source;
        }
        return value ? ctx.options.trueStr : ctx.options.falseStr;
      }
    };
  }
});

// node_modules/yaml/browser/dist/stringify/stringifyNumber.js
function stringifyNumber({ format, minFractionDigits, tag, value }) {
  if (typeof value === "bigint")
    return String(value);
  const num = typeof value === "number" ? value : Number(value);
  if (!isFinite(num))
    return isNaN(num) ? ".nan" : num < 0 ? "-.inf" : ".inf";
  let n = Object.is(value, -0) ? "-0" : JSON.stringify(value);
  if (!format && minFractionDigits && (!tag || tag === "tag:yaml.org,2002:float") && /^-?\d/.test(n) && !n.includes("e")) {
    let i = n.indexOf(".");
    if (i < 0) {
      i = n.length;
      n += ".";
    }
    let d = minFractionDigits - (n.length - i - 1);
    while (d-- > 0)
      n += "0";
  }
  return n;
}
var init_stringifyNumber = __esm({
  "node_modules/yaml/browser/dist/stringify/stringifyNumber.js"() {
  }
});

// node_modules/yaml/browser/dist/schema/core/float.js
var floatNaN, floatExp, float;
var init_float = __esm({
  "node_modules/yaml/browser/dist/schema/core/float.js"() {
    init_Scalar();
    init_stringifyNumber();
    floatNaN = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber
    };
    floatExp = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber(node);
      }
    };
    float = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
      resolve(str) {
        const node = new Scalar(parseFloat(str));
        const dot = str.indexOf(".");
        if (dot !== -1 && str[str.length - 1] === "0")
          node.minFractionDigits = str.length - dot - 1;
        return node;
      },
      stringify: stringifyNumber
    };
  }
});

// node_modules/yaml/browser/dist/schema/core/int.js
function intStringify(node, radix, prefix2) {
  const { value } = node;
  if (intIdentify(value) && value >= 0)
    return prefix2 + value.toString(radix);
  return stringifyNumber(node);
}
var intIdentify, intResolve, intOct, int, intHex;
var init_int = __esm({
  "node_modules/yaml/browser/dist/schema/core/int.js"() {
    init_stringifyNumber();
    intIdentify = (value) => typeof value === "bigint" || Number.isInteger(value);
    intResolve = (str, offset, radix, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str.substring(offset), radix);
    intOct = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^0o[0-7]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 8, opt),
      stringify: (node) => intStringify(node, 8, "0o")
    };
    int = {
      identify: intIdentify,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 0, 10, opt),
      stringify: stringifyNumber
    };
    intHex = {
      identify: (value) => intIdentify(value) && value >= 0,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^0x[0-9a-fA-F]+$/,
      resolve: (str, _onError, opt) => intResolve(str, 2, 16, opt),
      stringify: (node) => intStringify(node, 16, "0x")
    };
  }
});

// node_modules/yaml/browser/dist/schema/core/schema.js
var schema;
var init_schema = __esm({
  "node_modules/yaml/browser/dist/schema/core/schema.js"() {
    init_map();
    init_null();
    init_seq();
    init_string();
    init_bool();
    init_float();
    init_int();
    schema = [
      map,
      seq,
      string2,
      nullTag,
      boolTag,
      intOct,
      int,
      intHex,
      floatNaN,
      floatExp,
      float
    ];
  }
});

// node_modules/yaml/browser/dist/schema/json/schema.js
function intIdentify2(value) {
  return typeof value === "bigint" || Number.isInteger(value);
}
var stringifyJSON, jsonScalars, jsonError, schema2;
var init_schema2 = __esm({
  "node_modules/yaml/browser/dist/schema/json/schema.js"() {
    init_Scalar();
    init_map();
    init_seq();
    stringifyJSON = ({ value }) => JSON.stringify(value);
    jsonScalars = [
      {
        identify: (value) => typeof value === "string",
        default: true,
        tag: "tag:yaml.org,2002:str",
        resolve: (str) => str,
        stringify: stringifyJSON
      },
      {
        identify: (value) => value == null,
        createNode: () => new Scalar(null),
        default: true,
        tag: "tag:yaml.org,2002:null",
        test: /^null$/,
        resolve: () => null,
        stringify: stringifyJSON
      },
      {
        identify: (value) => typeof value === "boolean",
        default: true,
        tag: "tag:yaml.org,2002:bool",
        test: /^true$|^false$/,
        resolve: (str) => str === "true",
        stringify: stringifyJSON
      },
      {
        identify: intIdentify2,
        default: true,
        tag: "tag:yaml.org,2002:int",
        test: /^-?(?:0|[1-9][0-9]*)$/,
        resolve: (str, _onError, { intAsBigInt }) => intAsBigInt ? BigInt(str) : parseInt(str, 10),
        stringify: ({ value }) => intIdentify2(value) ? value.toString() : JSON.stringify(value)
      },
      {
        identify: (value) => typeof value === "number",
        default: true,
        tag: "tag:yaml.org,2002:float",
        test: /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$/,
        resolve: (str) => parseFloat(str),
        stringify: stringifyJSON
      }
    ];
    jsonError = {
      default: true,
      tag: "",
      test: /^/,
      resolve(str, onError) {
        onError(`Unresolved plain scalar ${JSON.stringify(str)}`);
        return str;
      }
    };
    schema2 = [map, seq].concat(jsonScalars, jsonError);
  }
});

// node_modules/yaml/browser/dist/schema/yaml-1.1/binary.js
var binary;
var init_binary = __esm({
  "node_modules/yaml/browser/dist/schema/yaml-1.1/binary.js"() {
    init_Scalar();
    init_stringifyString();
    binary = {
      identify: (value) => value instanceof Uint8Array,
      // Buffer inherits from Uint8Array
      default: false,
      tag: "tag:yaml.org,2002:binary",
      /**
       * Returns a Buffer in node and an Uint8Array in browsers
       *
       * To use the resulting buffer as an image, you'll want to do something like:
       *
       *   const blob = new Blob([buffer], { type: 'image/jpeg' })
       *   document.querySelector('#photo').src = URL.createObjectURL(blob)
       */
      resolve(src, onError) {
        if (typeof atob === "function") {
          const str = atob(src.replace(/[\n\r]/g, ""));
          const buffer = new Uint8Array(str.length);
          for (let i = 0; i < str.length; ++i)
            buffer[i] = str.charCodeAt(i);
          return buffer;
        } else {
          onError("This environment does not support reading binary tags; either Buffer or atob is required");
          return src;
        }
      },
      stringify({ comment, type, value }, ctx, onComment, onChompKeep) {
        if (!value)
          return "";
        const buf = value;
        let str;
        if (typeof btoa === "function") {
          let s2 = "";
          for (let i = 0; i < buf.length; ++i)
            s2 += String.fromCharCode(buf[i]);
          str = btoa(s2);
        } else {
          throw new Error("This environment does not support writing binary tags; either Buffer or btoa is required");
        }
        type ?? (type = Scalar.BLOCK_LITERAL);
        if (type !== Scalar.QUOTE_DOUBLE) {
          const lineWidth = Math.max(ctx.options.lineWidth - ctx.indent.length, ctx.options.minContentWidth);
          const n = Math.ceil(str.length / lineWidth);
          const lines = new Array(n);
          for (let i = 0, o = 0; i < n; ++i, o += lineWidth) {
            lines[i] = str.substr(o, lineWidth);
          }
          str = lines.join(type === Scalar.BLOCK_LITERAL ? "\n" : " ");
        }
        return stringifyString({ comment, type, value: str }, ctx, onComment, onChompKeep);
      }
    };
  }
});

// node_modules/yaml/browser/dist/schema/yaml-1.1/pairs.js
function resolvePairs(seq2, onError) {
  if (isSeq(seq2)) {
    for (let i = 0; i < seq2.items.length; ++i) {
      let item = seq2.items[i];
      if (isPair(item))
        continue;
      else if (isMap(item)) {
        if (item.items.length > 1)
          onError("Each pair must have its own sequence indicator");
        const pair = item.items[0] || new Pair(new Scalar(null));
        if (item.commentBefore)
          pair.key.commentBefore = pair.key.commentBefore ? `${item.commentBefore}
${pair.key.commentBefore}` : item.commentBefore;
        if (item.comment) {
          const cn = pair.value ?? pair.key;
          cn.comment = cn.comment ? `${item.comment}
${cn.comment}` : item.comment;
        }
        item = pair;
      }
      seq2.items[i] = isPair(item) ? item : new Pair(item);
    }
  } else
    onError("Expected a sequence for this tag");
  return seq2;
}
function createPairs(schema4, iterable, ctx) {
  const { replacer } = ctx;
  const pairs2 = new YAMLSeq(schema4);
  pairs2.tag = "tag:yaml.org,2002:pairs";
  let i = 0;
  if (iterable && Symbol.iterator in Object(iterable))
    for (let it of iterable) {
      if (typeof replacer === "function")
        it = replacer.call(iterable, String(i++), it);
      let key, value;
      if (Array.isArray(it)) {
        if (it.length === 2) {
          key = it[0];
          value = it[1];
        } else
          throw new TypeError(`Expected [key, value] tuple: ${it}`);
      } else if (it && it instanceof Object) {
        const keys = Object.keys(it);
        if (keys.length === 1) {
          key = keys[0];
          value = it[key];
        } else {
          throw new TypeError(`Expected tuple with one key, not ${keys.length} keys`);
        }
      } else {
        key = it;
      }
      pairs2.items.push(createPair(key, value, ctx));
    }
  return pairs2;
}
var pairs;
var init_pairs = __esm({
  "node_modules/yaml/browser/dist/schema/yaml-1.1/pairs.js"() {
    init_identity();
    init_Pair();
    init_Scalar();
    init_YAMLSeq();
    pairs = {
      collection: "seq",
      default: false,
      tag: "tag:yaml.org,2002:pairs",
      resolve: resolvePairs,
      createNode: createPairs
    };
  }
});

// node_modules/yaml/browser/dist/schema/yaml-1.1/omap.js
var YAMLOMap, omap;
var init_omap = __esm({
  "node_modules/yaml/browser/dist/schema/yaml-1.1/omap.js"() {
    init_identity();
    init_toJS();
    init_YAMLMap();
    init_YAMLSeq();
    init_pairs();
    YAMLOMap = class _YAMLOMap extends YAMLSeq {
      constructor() {
        super();
        this.add = YAMLMap.prototype.add.bind(this);
        this.delete = YAMLMap.prototype.delete.bind(this);
        this.get = YAMLMap.prototype.get.bind(this);
        this.has = YAMLMap.prototype.has.bind(this);
        this.set = YAMLMap.prototype.set.bind(this);
        this.tag = _YAMLOMap.tag;
      }
      /**
       * If `ctx` is given, the return type is actually `Map<unknown, unknown>`,
       * but TypeScript won't allow widening the signature of a child method.
       */
      toJSON(_, ctx) {
        if (!ctx)
          return super.toJSON(_);
        const map2 = /* @__PURE__ */ new Map();
        if (ctx?.onCreate)
          ctx.onCreate(map2);
        for (const pair of this.items) {
          let key, value;
          if (isPair(pair)) {
            key = toJS(pair.key, "", ctx);
            value = toJS(pair.value, key, ctx);
          } else {
            key = toJS(pair, "", ctx);
          }
          if (map2.has(key))
            throw new Error("Ordered maps must not include duplicate keys");
          map2.set(key, value);
        }
        return map2;
      }
      static from(schema4, iterable, ctx) {
        const pairs2 = createPairs(schema4, iterable, ctx);
        const omap2 = new this();
        omap2.items = pairs2.items;
        return omap2;
      }
    };
    YAMLOMap.tag = "tag:yaml.org,2002:omap";
    omap = {
      collection: "seq",
      identify: (value) => value instanceof Map,
      nodeClass: YAMLOMap,
      default: false,
      tag: "tag:yaml.org,2002:omap",
      resolve(seq2, onError) {
        const pairs2 = resolvePairs(seq2, onError);
        const seenKeys = [];
        for (const { key } of pairs2.items) {
          if (isScalar(key)) {
            if (seenKeys.includes(key.value)) {
              onError(`Ordered maps must not include duplicate keys: ${key.value}`);
            } else {
              seenKeys.push(key.value);
            }
          }
        }
        return Object.assign(new YAMLOMap(), pairs2);
      },
      createNode: (schema4, iterable, ctx) => YAMLOMap.from(schema4, iterable, ctx)
    };
  }
});

// node_modules/yaml/browser/dist/schema/yaml-1.1/bool.js
function boolStringify({ value, source }, ctx) {
  const boolObj = value ? trueTag : falseTag;
  if (source && boolObj.test.test(source))
    return source;
  return value ? ctx.options.trueStr : ctx.options.falseStr;
}
var trueTag, falseTag;
var init_bool2 = __esm({
  "node_modules/yaml/browser/dist/schema/yaml-1.1/bool.js"() {
    init_Scalar();
    trueTag = {
      identify: (value) => value === true,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
      resolve: () => new Scalar(true),
      stringify: boolStringify
    };
    falseTag = {
      identify: (value) => value === false,
      default: true,
      tag: "tag:yaml.org,2002:bool",
      test: /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
      resolve: () => new Scalar(false),
      stringify: boolStringify
    };
  }
});

// node_modules/yaml/browser/dist/schema/yaml-1.1/float.js
var floatNaN2, floatExp2, float2;
var init_float2 = __esm({
  "node_modules/yaml/browser/dist/schema/yaml-1.1/float.js"() {
    init_Scalar();
    init_stringifyNumber();
    floatNaN2 = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
      resolve: (str) => str.slice(-3).toLowerCase() === "nan" ? NaN : str[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY,
      stringify: stringifyNumber
    };
    floatExp2 = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "EXP",
      test: /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
      resolve: (str) => parseFloat(str.replace(/_/g, "")),
      stringify(node) {
        const num = Number(node.value);
        return isFinite(num) ? num.toExponential() : stringifyNumber(node);
      }
    };
    float2 = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      test: /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
      resolve(str) {
        const node = new Scalar(parseFloat(str.replace(/_/g, "")));
        const dot = str.indexOf(".");
        if (dot !== -1) {
          const f = str.substring(dot + 1).replace(/_/g, "");
          if (f[f.length - 1] === "0")
            node.minFractionDigits = f.length;
        }
        return node;
      },
      stringify: stringifyNumber
    };
  }
});

// node_modules/yaml/browser/dist/schema/yaml-1.1/int.js
function intResolve2(str, offset, radix, { intAsBigInt }) {
  const sign2 = str[0];
  if (sign2 === "-" || sign2 === "+")
    offset += 1;
  str = str.substring(offset).replace(/_/g, "");
  if (intAsBigInt) {
    switch (radix) {
      case 2:
        str = `0b${str}`;
        break;
      case 8:
        str = `0o${str}`;
        break;
      case 16:
        str = `0x${str}`;
        break;
    }
    const n2 = BigInt(str);
    return sign2 === "-" ? BigInt(-1) * n2 : n2;
  }
  const n = parseInt(str, radix);
  return sign2 === "-" ? -1 * n : n;
}
function intStringify2(node, radix, prefix2) {
  const { value } = node;
  if (intIdentify3(value)) {
    const str = value.toString(radix);
    return value < 0 ? "-" + prefix2 + str.substr(1) : prefix2 + str;
  }
  return stringifyNumber(node);
}
var intIdentify3, intBin, intOct2, int2, intHex2;
var init_int2 = __esm({
  "node_modules/yaml/browser/dist/schema/yaml-1.1/int.js"() {
    init_stringifyNumber();
    intIdentify3 = (value) => typeof value === "bigint" || Number.isInteger(value);
    intBin = {
      identify: intIdentify3,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "BIN",
      test: /^[-+]?0b[0-1_]+$/,
      resolve: (str, _onError, opt) => intResolve2(str, 2, 2, opt),
      stringify: (node) => intStringify2(node, 2, "0b")
    };
    intOct2 = {
      identify: intIdentify3,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "OCT",
      test: /^[-+]?0[0-7_]+$/,
      resolve: (str, _onError, opt) => intResolve2(str, 1, 8, opt),
      stringify: (node) => intStringify2(node, 8, "0")
    };
    int2 = {
      identify: intIdentify3,
      default: true,
      tag: "tag:yaml.org,2002:int",
      test: /^[-+]?[0-9][0-9_]*$/,
      resolve: (str, _onError, opt) => intResolve2(str, 0, 10, opt),
      stringify: stringifyNumber
    };
    intHex2 = {
      identify: intIdentify3,
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "HEX",
      test: /^[-+]?0x[0-9a-fA-F_]+$/,
      resolve: (str, _onError, opt) => intResolve2(str, 2, 16, opt),
      stringify: (node) => intStringify2(node, 16, "0x")
    };
  }
});

// node_modules/yaml/browser/dist/schema/yaml-1.1/set.js
var YAMLSet, set;
var init_set = __esm({
  "node_modules/yaml/browser/dist/schema/yaml-1.1/set.js"() {
    init_identity();
    init_Pair();
    init_YAMLMap();
    YAMLSet = class _YAMLSet extends YAMLMap {
      constructor(schema4) {
        super(schema4);
        this.tag = _YAMLSet.tag;
      }
      add(key) {
        let pair;
        if (isPair(key))
          pair = key;
        else if (key && typeof key === "object" && "key" in key && "value" in key && key.value === null)
          pair = new Pair(key.key, null);
        else
          pair = new Pair(key, null);
        const prev = findPair(this.items, pair.key);
        if (!prev)
          this.items.push(pair);
      }
      /**
       * If `keepPair` is `true`, returns the Pair matching `key`.
       * Otherwise, returns the value of that Pair's key.
       */
      get(key, keepPair) {
        const pair = findPair(this.items, key);
        return !keepPair && isPair(pair) ? isScalar(pair.key) ? pair.key.value : pair.key : pair;
      }
      set(key, value) {
        if (typeof value !== "boolean")
          throw new Error(`Expected boolean value for set(key, value) in a YAML set, not ${typeof value}`);
        const prev = findPair(this.items, key);
        if (prev && !value) {
          this.items.splice(this.items.indexOf(prev), 1);
        } else if (!prev && value) {
          this.items.push(new Pair(key));
        }
      }
      toJSON(_, ctx) {
        return super.toJSON(_, ctx, Set);
      }
      toString(ctx, onComment, onChompKeep) {
        if (!ctx)
          return JSON.stringify(this);
        if (this.hasAllNullValues(true))
          return super.toString(Object.assign({}, ctx, { allNullValues: true }), onComment, onChompKeep);
        else
          throw new Error("Set items must all have null values");
      }
      static from(schema4, iterable, ctx) {
        const { replacer } = ctx;
        const set2 = new this(schema4);
        if (iterable && Symbol.iterator in Object(iterable))
          for (let value of iterable) {
            if (typeof replacer === "function")
              value = replacer.call(iterable, value, value);
            set2.items.push(createPair(value, null, ctx));
          }
        return set2;
      }
    };
    YAMLSet.tag = "tag:yaml.org,2002:set";
    set = {
      collection: "map",
      identify: (value) => value instanceof Set,
      nodeClass: YAMLSet,
      default: false,
      tag: "tag:yaml.org,2002:set",
      createNode: (schema4, iterable, ctx) => YAMLSet.from(schema4, iterable, ctx),
      resolve(map2, onError) {
        if (isMap(map2)) {
          if (map2.hasAllNullValues(true))
            return Object.assign(new YAMLSet(), map2);
          else
            onError("Set items must all have null values");
        } else
          onError("Expected a mapping for this tag");
        return map2;
      }
    };
  }
});

// node_modules/yaml/browser/dist/schema/yaml-1.1/timestamp.js
function parseSexagesimal(str, asBigInt) {
  const sign2 = str[0];
  const parts3 = sign2 === "-" || sign2 === "+" ? str.substring(1) : str;
  const num = (n) => asBigInt ? BigInt(n) : Number(n);
  const res = parts3.replace(/_/g, "").split(":").reduce((res2, p) => res2 * num(60) + num(p), num(0));
  return sign2 === "-" ? num(-1) * res : res;
}
function stringifySexagesimal(node) {
  let { value } = node;
  let num = (n) => n;
  if (typeof value === "bigint")
    num = (n) => BigInt(n);
  else if (isNaN(value) || !isFinite(value))
    return stringifyNumber(node);
  let sign2 = "";
  if (value < 0) {
    sign2 = "-";
    value *= num(-1);
  }
  const _60 = num(60);
  const parts3 = [value % _60];
  if (value < 60) {
    parts3.unshift(0);
  } else {
    value = (value - parts3[0]) / _60;
    parts3.unshift(value % _60);
    if (value >= 60) {
      value = (value - parts3[0]) / _60;
      parts3.unshift(value);
    }
  }
  return sign2 + parts3.map((n) => String(n).padStart(2, "0")).join(":").replace(/000000\d*$/, "");
}
var intTime, floatTime, timestamp;
var init_timestamp = __esm({
  "node_modules/yaml/browser/dist/schema/yaml-1.1/timestamp.js"() {
    init_stringifyNumber();
    intTime = {
      identify: (value) => typeof value === "bigint" || Number.isInteger(value),
      default: true,
      tag: "tag:yaml.org,2002:int",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
      resolve: (str, _onError, { intAsBigInt }) => parseSexagesimal(str, intAsBigInt),
      stringify: stringifySexagesimal
    };
    floatTime = {
      identify: (value) => typeof value === "number",
      default: true,
      tag: "tag:yaml.org,2002:float",
      format: "TIME",
      test: /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
      resolve: (str) => parseSexagesimal(str, false),
      stringify: stringifySexagesimal
    };
    timestamp = {
      identify: (value) => value instanceof Date,
      default: true,
      tag: "tag:yaml.org,2002:timestamp",
      // If the time zone is omitted, the timestamp is assumed to be specified in UTC. The time part
      // may be omitted altogether, resulting in a date format. In such a case, the time part is
      // assumed to be 00:00:00Z (start of day, UTC).
      test: RegExp("^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$"),
      resolve(str) {
        const match = str.match(timestamp.test);
        if (!match)
          throw new Error("!!timestamp expects a date, starting with yyyy-mm-dd");
        const [, year, month, day, hour, minute, second] = match.map(Number);
        const millisec = match[7] ? Number((match[7] + "00").substr(1, 3)) : 0;
        let date = Date.UTC(year, month - 1, day, hour || 0, minute || 0, second || 0, millisec);
        const tz = match[8];
        if (tz && tz !== "Z") {
          let d = parseSexagesimal(tz, false);
          if (Math.abs(d) < 30)
            d *= 60;
          date -= 6e4 * d;
        }
        return new Date(date);
      },
      stringify: ({ value }) => value?.toISOString().replace(/(T00:00:00)?\.000Z$/, "") ?? ""
    };
  }
});

// node_modules/yaml/browser/dist/schema/yaml-1.1/schema.js
var schema3;
var init_schema3 = __esm({
  "node_modules/yaml/browser/dist/schema/yaml-1.1/schema.js"() {
    init_map();
    init_null();
    init_seq();
    init_string();
    init_binary();
    init_bool2();
    init_float2();
    init_int2();
    init_merge();
    init_omap();
    init_pairs();
    init_set();
    init_timestamp();
    schema3 = [
      map,
      seq,
      string2,
      nullTag,
      trueTag,
      falseTag,
      intBin,
      intOct2,
      int2,
      intHex2,
      floatNaN2,
      floatExp2,
      float2,
      binary,
      merge,
      omap,
      pairs,
      set,
      intTime,
      floatTime,
      timestamp
    ];
  }
});

// node_modules/yaml/browser/dist/schema/tags.js
function getTags(customTags, schemaName, addMergeTag) {
  const schemaTags = schemas.get(schemaName);
  if (schemaTags && !customTags) {
    return addMergeTag && !schemaTags.includes(merge) ? schemaTags.concat(merge) : schemaTags.slice();
  }
  let tags = schemaTags;
  if (!tags) {
    if (Array.isArray(customTags))
      tags = [];
    else {
      const keys = Array.from(schemas.keys()).filter((key) => key !== "yaml11").map((key) => JSON.stringify(key)).join(", ");
      throw new Error(`Unknown schema "${schemaName}"; use one of ${keys} or define customTags array`);
    }
  }
  if (Array.isArray(customTags)) {
    for (const tag of customTags)
      tags = tags.concat(tag);
  } else if (typeof customTags === "function") {
    tags = customTags(tags.slice());
  }
  if (addMergeTag)
    tags = tags.concat(merge);
  return tags.reduce((tags2, tag) => {
    const tagObj = typeof tag === "string" ? tagsByName[tag] : tag;
    if (!tagObj) {
      const tagName = JSON.stringify(tag);
      const keys = Object.keys(tagsByName).map((key) => JSON.stringify(key)).join(", ");
      throw new Error(`Unknown custom tag ${tagName}; use one of ${keys}`);
    }
    if (!tags2.includes(tagObj))
      tags2.push(tagObj);
    return tags2;
  }, []);
}
var schemas, tagsByName, coreKnownTags;
var init_tags = __esm({
  "node_modules/yaml/browser/dist/schema/tags.js"() {
    init_map();
    init_null();
    init_seq();
    init_string();
    init_bool();
    init_float();
    init_int();
    init_schema();
    init_schema2();
    init_binary();
    init_merge();
    init_omap();
    init_pairs();
    init_schema3();
    init_set();
    init_timestamp();
    schemas = /* @__PURE__ */ new Map([
      ["core", schema],
      ["failsafe", [map, seq, string2]],
      ["json", schema2],
      ["yaml11", schema3],
      ["yaml-1.1", schema3]
    ]);
    tagsByName = {
      binary,
      bool: boolTag,
      float,
      floatExp,
      floatNaN,
      floatTime,
      int,
      intHex,
      intOct,
      intTime,
      map,
      merge,
      null: nullTag,
      omap,
      pairs,
      seq,
      set,
      timestamp
    };
    coreKnownTags = {
      "tag:yaml.org,2002:binary": binary,
      "tag:yaml.org,2002:merge": merge,
      "tag:yaml.org,2002:omap": omap,
      "tag:yaml.org,2002:pairs": pairs,
      "tag:yaml.org,2002:set": set,
      "tag:yaml.org,2002:timestamp": timestamp
    };
  }
});

// node_modules/yaml/browser/dist/schema/Schema.js
var sortMapEntriesByKey, Schema;
var init_Schema = __esm({
  "node_modules/yaml/browser/dist/schema/Schema.js"() {
    init_identity();
    init_map();
    init_seq();
    init_string();
    init_tags();
    sortMapEntriesByKey = (a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    Schema = class _Schema {
      constructor({ compat, customTags, merge: merge2, resolveKnownTags, schema: schema4, sortMapEntries, toStringDefaults }) {
        this.compat = Array.isArray(compat) ? getTags(compat, "compat") : compat ? getTags(null, compat) : null;
        this.name = typeof schema4 === "string" && schema4 || "core";
        this.knownTags = resolveKnownTags ? coreKnownTags : {};
        this.tags = getTags(customTags, this.name, merge2);
        this.toStringOptions = toStringDefaults ?? null;
        Object.defineProperty(this, MAP, { value: map });
        Object.defineProperty(this, SCALAR, { value: string2 });
        Object.defineProperty(this, SEQ, { value: seq });
        this.sortMapEntries = typeof sortMapEntries === "function" ? sortMapEntries : sortMapEntries === true ? sortMapEntriesByKey : null;
      }
      clone() {
        const copy = Object.create(_Schema.prototype, Object.getOwnPropertyDescriptors(this));
        copy.tags = this.tags.slice();
        return copy;
      }
    };
  }
});

// node_modules/yaml/browser/dist/stringify/stringifyDocument.js
function stringifyDocument(doc, options) {
  const lines = [];
  let hasDirectives = options.directives === true;
  if (options.directives !== false && doc.directives) {
    const dir = doc.directives.toString(doc);
    if (dir) {
      lines.push(dir);
      hasDirectives = true;
    } else if (doc.directives.docStart)
      hasDirectives = true;
  }
  if (hasDirectives)
    lines.push("---");
  const ctx = createStringifyContext(doc, options);
  const { commentString } = ctx.options;
  if (doc.commentBefore) {
    if (lines.length !== 1)
      lines.unshift("");
    const cs = commentString(doc.commentBefore);
    lines.unshift(indentComment(cs, ""));
  }
  let chompKeep = false;
  let contentComment = null;
  if (doc.contents) {
    if (isNode(doc.contents)) {
      if (doc.contents.spaceBefore && hasDirectives)
        lines.push("");
      if (doc.contents.commentBefore) {
        const cs = commentString(doc.contents.commentBefore);
        lines.push(indentComment(cs, ""));
      }
      ctx.forceBlockIndent = !!doc.comment;
      contentComment = doc.contents.comment;
    }
    const onChompKeep = contentComment ? void 0 : () => chompKeep = true;
    let body = stringify(doc.contents, ctx, () => contentComment = null, onChompKeep);
    if (contentComment)
      body += lineComment(body, "", commentString(contentComment));
    if ((body[0] === "|" || body[0] === ">") && lines[lines.length - 1] === "---") {
      lines[lines.length - 1] = `--- ${body}`;
    } else
      lines.push(body);
  } else {
    lines.push(stringify(doc.contents, ctx));
  }
  if (doc.directives?.docEnd) {
    if (doc.comment) {
      const cs = commentString(doc.comment);
      if (cs.includes("\n")) {
        lines.push("...");
        lines.push(indentComment(cs, ""));
      } else {
        lines.push(`... ${cs}`);
      }
    } else {
      lines.push("...");
    }
  } else {
    let dc = doc.comment;
    if (dc && chompKeep)
      dc = dc.replace(/^\n+/, "");
    if (dc) {
      if ((!chompKeep || contentComment) && lines[lines.length - 1] !== "")
        lines.push("");
      lines.push(indentComment(commentString(dc), ""));
    }
  }
  return lines.join("\n") + "\n";
}
var init_stringifyDocument = __esm({
  "node_modules/yaml/browser/dist/stringify/stringifyDocument.js"() {
    init_identity();
    init_stringify();
    init_stringifyComment();
  }
});

// node_modules/yaml/browser/dist/doc/Document.js
function assertCollection(contents) {
  if (isCollection(contents))
    return true;
  throw new Error("Expected a YAML collection as document contents");
}
var Document;
var init_Document = __esm({
  "node_modules/yaml/browser/dist/doc/Document.js"() {
    init_Alias();
    init_Collection();
    init_identity();
    init_Pair();
    init_toJS();
    init_Schema();
    init_stringifyDocument();
    init_anchors();
    init_applyReviver();
    init_createNode();
    init_directives();
    Document = class _Document {
      constructor(value, replacer, options) {
        this.commentBefore = null;
        this.comment = null;
        this.errors = [];
        this.warnings = [];
        Object.defineProperty(this, NODE_TYPE, { value: DOC });
        let _replacer = null;
        if (typeof replacer === "function" || Array.isArray(replacer)) {
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const opt = Object.assign({
          intAsBigInt: false,
          keepSourceTokens: false,
          logLevel: "warn",
          prettyErrors: true,
          strict: true,
          stringKeys: false,
          uniqueKeys: true,
          version: "1.2"
        }, options);
        this.options = opt;
        let { version } = opt;
        if (options?._directives) {
          this.directives = options._directives.atDocument();
          if (this.directives.yaml.explicit)
            version = this.directives.yaml.version;
        } else
          this.directives = new Directives({ version });
        this.setSchema(version, options);
        this.contents = value === void 0 ? null : this.createNode(value, _replacer, options);
      }
      /**
       * Create a deep copy of this Document and its contents.
       *
       * Custom Node values that inherit from `Object` still refer to their original instances.
       */
      clone() {
        const copy = Object.create(_Document.prototype, {
          [NODE_TYPE]: { value: DOC }
        });
        copy.commentBefore = this.commentBefore;
        copy.comment = this.comment;
        copy.errors = this.errors.slice();
        copy.warnings = this.warnings.slice();
        copy.options = Object.assign({}, this.options);
        if (this.directives)
          copy.directives = this.directives.clone();
        copy.schema = this.schema.clone();
        copy.contents = isNode(this.contents) ? this.contents.clone(copy.schema) : this.contents;
        if (this.range)
          copy.range = this.range.slice();
        return copy;
      }
      /** Adds a value to the document. */
      add(value) {
        if (assertCollection(this.contents))
          this.contents.add(value);
      }
      /** Adds a value to the document. */
      addIn(path, value) {
        if (assertCollection(this.contents))
          this.contents.addIn(path, value);
      }
      /**
       * Create a new `Alias` node, ensuring that the target `node` has the required anchor.
       *
       * If `node` already has an anchor, `name` is ignored.
       * Otherwise, the `node.anchor` value will be set to `name`,
       * or if an anchor with that name is already present in the document,
       * `name` will be used as a prefix for a new unique anchor.
       * If `name` is undefined, the generated anchor will use 'a' as a prefix.
       */
      createAlias(node, name) {
        if (!node.anchor) {
          const prev = anchorNames(this);
          node.anchor = // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          !name || prev.has(name) ? findNewAnchor(name || "a", prev) : name;
        }
        return new Alias(node.anchor);
      }
      createNode(value, replacer, options) {
        let _replacer = void 0;
        if (typeof replacer === "function") {
          value = replacer.call({ "": value }, "", value);
          _replacer = replacer;
        } else if (Array.isArray(replacer)) {
          const keyToStr = (v) => typeof v === "number" || v instanceof String || v instanceof Number;
          const asStr = replacer.filter(keyToStr).map(String);
          if (asStr.length > 0)
            replacer = replacer.concat(asStr);
          _replacer = replacer;
        } else if (options === void 0 && replacer) {
          options = replacer;
          replacer = void 0;
        }
        const { aliasDuplicateObjects, anchorPrefix, flow: flow2, keepUndefined, onTagObj, tag } = options ?? {};
        const { onAnchor, setAnchors, sourceObjects } = createNodeAnchors(
          this,
          // eslint-disable-next-line @typescript-eslint/prefer-nullish-coalescing
          anchorPrefix || "a"
        );
        const ctx = {
          aliasDuplicateObjects: aliasDuplicateObjects ?? true,
          keepUndefined: keepUndefined ?? false,
          onAnchor,
          onTagObj,
          replacer: _replacer,
          schema: this.schema,
          sourceObjects
        };
        const node = createNode(value, tag, ctx);
        if (flow2 && isCollection(node))
          node.flow = true;
        setAnchors();
        return node;
      }
      /**
       * Convert a key and a value into a `Pair` using the current schema,
       * recursively wrapping all values as `Scalar` or `Collection` nodes.
       */
      createPair(key, value, options = {}) {
        const k = this.createNode(key, null, options);
        const v = this.createNode(value, null, options);
        return new Pair(k, v);
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      delete(key) {
        return assertCollection(this.contents) ? this.contents.delete(key) : false;
      }
      /**
       * Removes a value from the document.
       * @returns `true` if the item was found and removed.
       */
      deleteIn(path) {
        if (isEmptyPath(path)) {
          if (this.contents == null)
            return false;
          this.contents = null;
          return true;
        }
        return assertCollection(this.contents) ? this.contents.deleteIn(path) : false;
      }
      /**
       * Returns item at `key`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      get(key, keepScalar) {
        return isCollection(this.contents) ? this.contents.get(key, keepScalar) : void 0;
      }
      /**
       * Returns item at `path`, or `undefined` if not found. By default unwraps
       * scalar values from their surrounding node; to disable set `keepScalar` to
       * `true` (collections are always returned intact).
       */
      getIn(path, keepScalar) {
        if (isEmptyPath(path))
          return !keepScalar && isScalar(this.contents) ? this.contents.value : this.contents;
        return isCollection(this.contents) ? this.contents.getIn(path, keepScalar) : void 0;
      }
      /**
       * Checks if the document includes a value with the key `key`.
       */
      has(key) {
        return isCollection(this.contents) ? this.contents.has(key) : false;
      }
      /**
       * Checks if the document includes a value at `path`.
       */
      hasIn(path) {
        if (isEmptyPath(path))
          return this.contents !== void 0;
        return isCollection(this.contents) ? this.contents.hasIn(path) : false;
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      set(key, value) {
        if (this.contents == null) {
          this.contents = collectionFromPath(this.schema, [key], value);
        } else if (assertCollection(this.contents)) {
          this.contents.set(key, value);
        }
      }
      /**
       * Sets a value in this document. For `!!set`, `value` needs to be a
       * boolean to add/remove the item from the set.
       */
      setIn(path, value) {
        if (isEmptyPath(path)) {
          this.contents = value;
        } else if (this.contents == null) {
          this.contents = collectionFromPath(this.schema, Array.from(path), value);
        } else if (assertCollection(this.contents)) {
          this.contents.setIn(path, value);
        }
      }
      /**
       * Change the YAML version and schema used by the document.
       * A `null` version disables support for directives, explicit tags, anchors, and aliases.
       * It also requires the `schema` option to be given as a `Schema` instance value.
       *
       * Overrides all previously set schema options.
       */
      setSchema(version, options = {}) {
        if (typeof version === "number")
          version = String(version);
        let opt;
        switch (version) {
          case "1.1":
            if (this.directives)
              this.directives.yaml.version = "1.1";
            else
              this.directives = new Directives({ version: "1.1" });
            opt = { resolveKnownTags: false, schema: "yaml-1.1" };
            break;
          case "1.2":
          case "next":
            if (this.directives)
              this.directives.yaml.version = version;
            else
              this.directives = new Directives({ version });
            opt = { resolveKnownTags: true, schema: "core" };
            break;
          case null:
            if (this.directives)
              delete this.directives;
            opt = null;
            break;
          default: {
            const sv = JSON.stringify(version);
            throw new Error(`Expected '1.1', '1.2' or null as first argument, but found: ${sv}`);
          }
        }
        if (options.schema instanceof Object)
          this.schema = options.schema;
        else if (opt)
          this.schema = new Schema(Object.assign(opt, options));
        else
          throw new Error(`With a null YAML version, the { schema: Schema } option is required`);
      }
      // json & jsonArg are only used from toJSON()
      toJS({ json, jsonArg, mapAsMap, maxAliasCount, onAnchor, reviver } = {}) {
        const ctx = {
          anchors: /* @__PURE__ */ new Map(),
          doc: this,
          keep: !json,
          mapAsMap: mapAsMap === true,
          mapKeyWarned: false,
          maxAliasCount: typeof maxAliasCount === "number" ? maxAliasCount : 100
        };
        const res = toJS(this.contents, jsonArg ?? "", ctx);
        if (typeof onAnchor === "function")
          for (const { count: count3, res: res2 } of ctx.anchors.values())
            onAnchor(res2, count3);
        return typeof reviver === "function" ? applyReviver(reviver, { "": res }, "", res) : res;
      }
      /**
       * A JSON representation of the document `contents`.
       *
       * @param jsonArg Used by `JSON.stringify` to indicate the array index or
       *   property name.
       */
      toJSON(jsonArg, onAnchor) {
        return this.toJS({ json: true, jsonArg, mapAsMap: false, onAnchor });
      }
      /** A YAML representation of the document. */
      toString(options = {}) {
        if (this.errors.length > 0)
          throw new Error("Document with errors cannot be stringified");
        if ("indent" in options && (!Number.isInteger(options.indent) || Number(options.indent) <= 0)) {
          const s2 = JSON.stringify(options.indent);
          throw new Error(`"indent" option must be a positive integer, not ${s2}`);
        }
        return stringifyDocument(this, options);
      }
    };
  }
});

// node_modules/yaml/browser/dist/errors.js
var YAMLError, YAMLParseError, YAMLWarning, prettifyError;
var init_errors6 = __esm({
  "node_modules/yaml/browser/dist/errors.js"() {
    YAMLError = class extends Error {
      constructor(name, pos, code, message) {
        super();
        this.name = name;
        this.code = code;
        this.message = message;
        this.pos = pos;
      }
    };
    YAMLParseError = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLParseError", pos, code, message);
      }
    };
    YAMLWarning = class extends YAMLError {
      constructor(pos, code, message) {
        super("YAMLWarning", pos, code, message);
      }
    };
    prettifyError = (src, lc) => (error) => {
      if (error.pos[0] === -1)
        return;
      error.linePos = error.pos.map((pos) => lc.linePos(pos));
      const { line, col } = error.linePos[0];
      error.message += ` at line ${line}, column ${col}`;
      let ci = col - 1;
      let lineStr = src.substring(lc.lineStarts[line - 1], lc.lineStarts[line]).replace(/[\n\r]+$/, "");
      if (ci >= 60 && lineStr.length > 80) {
        const trimStart = Math.min(ci - 39, lineStr.length - 79);
        lineStr = "…" + lineStr.substring(trimStart);
        ci -= trimStart - 1;
      }
      if (lineStr.length > 80)
        lineStr = lineStr.substring(0, 79) + "…";
      if (line > 1 && /^ *$/.test(lineStr.substring(0, ci))) {
        let prev = src.substring(lc.lineStarts[line - 2], lc.lineStarts[line - 1]);
        if (prev.length > 80)
          prev = prev.substring(0, 79) + "…\n";
        lineStr = prev + lineStr;
      }
      if (/[^ ]/.test(lineStr)) {
        let count3 = 1;
        const end = error.linePos[1];
        if (end?.line === line && end.col > col) {
          count3 = Math.max(1, Math.min(end.col - col, 80 - ci));
        }
        const pointer = " ".repeat(ci) + "^".repeat(count3);
        error.message += `:

${lineStr}
${pointer}
`;
      }
    };
  }
});

// node_modules/yaml/browser/dist/compose/resolve-props.js
function resolveProps(tokens, { flow: flow2, indicator, next, offset, onError, parentIndent, startOnNewline }) {
  let spaceBefore = false;
  let atNewline = startOnNewline;
  let hasSpace = startOnNewline;
  let comment = "";
  let commentSep = "";
  let hasNewline = false;
  let reqSpace = false;
  let tab = null;
  let anchor = null;
  let tag = null;
  let newlineAfterProp = null;
  let comma = null;
  let found = null;
  let start = null;
  for (const token of tokens) {
    if (reqSpace) {
      if (token.type !== "space" && token.type !== "newline" && token.type !== "comma")
        onError(token.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
      reqSpace = false;
    }
    if (tab) {
      if (atNewline && token.type !== "comment" && token.type !== "newline") {
        onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
      }
      tab = null;
    }
    switch (token.type) {
      case "space":
        if (!flow2 && (indicator !== "doc-start" || next?.type !== "flow-collection") && token.source.includes("	")) {
          tab = token;
        }
        hasSpace = true;
        break;
      case "comment": {
        if (!hasSpace)
          onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
        const cb = token.source.substring(1) || " ";
        if (!comment)
          comment = cb;
        else
          comment += commentSep + cb;
        commentSep = "";
        atNewline = false;
        break;
      }
      case "newline":
        if (atNewline) {
          if (comment)
            comment += token.source;
          else if (!found || indicator !== "seq-item-ind")
            spaceBefore = true;
        } else
          commentSep += token.source;
        atNewline = true;
        hasNewline = true;
        if (anchor || tag)
          newlineAfterProp = token;
        hasSpace = true;
        break;
      case "anchor":
        if (anchor)
          onError(token, "MULTIPLE_ANCHORS", "A node can have at most one anchor");
        if (token.source.endsWith(":"))
          onError(token.offset + token.source.length - 1, "BAD_ALIAS", "Anchor ending in : is ambiguous", true);
        anchor = token;
        start ?? (start = token.offset);
        atNewline = false;
        hasSpace = false;
        reqSpace = true;
        break;
      case "tag": {
        if (tag)
          onError(token, "MULTIPLE_TAGS", "A node can have at most one tag");
        tag = token;
        start ?? (start = token.offset);
        atNewline = false;
        hasSpace = false;
        reqSpace = true;
        break;
      }
      case indicator:
        if (anchor || tag)
          onError(token, "BAD_PROP_ORDER", `Anchors and tags must be after the ${token.source} indicator`);
        if (found)
          onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.source} in ${flow2 ?? "collection"}`);
        found = token;
        atNewline = indicator === "seq-item-ind" || indicator === "explicit-key-ind";
        hasSpace = false;
        break;
      case "comma":
        if (flow2) {
          if (comma)
            onError(token, "UNEXPECTED_TOKEN", `Unexpected , in ${flow2}`);
          comma = token;
          atNewline = false;
          hasSpace = false;
          break;
        }
      // else fallthrough
      default:
        onError(token, "UNEXPECTED_TOKEN", `Unexpected ${token.type} token`);
        atNewline = false;
        hasSpace = false;
    }
  }
  const last = tokens[tokens.length - 1];
  const end = last ? last.offset + last.source.length : offset;
  if (reqSpace && next && next.type !== "space" && next.type !== "newline" && next.type !== "comma" && (next.type !== "scalar" || next.source !== "")) {
    onError(next.offset, "MISSING_CHAR", "Tags and anchors must be separated from the next token by white space");
  }
  if (tab && (atNewline && tab.indent <= parentIndent || next?.type === "block-map" || next?.type === "block-seq"))
    onError(tab, "TAB_AS_INDENT", "Tabs are not allowed as indentation");
  return {
    comma,
    found,
    spaceBefore,
    comment,
    hasNewline,
    anchor,
    tag,
    newlineAfterProp,
    end,
    start: start ?? end
  };
}
var init_resolve_props = __esm({
  "node_modules/yaml/browser/dist/compose/resolve-props.js"() {
  }
});

// node_modules/yaml/browser/dist/compose/util-contains-newline.js
function containsNewline(key) {
  if (!key)
    return null;
  switch (key.type) {
    case "alias":
    case "scalar":
    case "double-quoted-scalar":
    case "single-quoted-scalar":
      if (key.source.includes("\n"))
        return true;
      if (key.end) {
        for (const st of key.end)
          if (st.type === "newline")
            return true;
      }
      return false;
    case "flow-collection":
      for (const it of key.items) {
        for (const st of it.start)
          if (st.type === "newline")
            return true;
        if (it.sep) {
          for (const st of it.sep)
            if (st.type === "newline")
              return true;
        }
        if (containsNewline(it.key) || containsNewline(it.value))
          return true;
      }
      return false;
    default:
      return true;
  }
}
var init_util_contains_newline = __esm({
  "node_modules/yaml/browser/dist/compose/util-contains-newline.js"() {
  }
});

// node_modules/yaml/browser/dist/compose/util-flow-indent-check.js
function flowIndentCheck(indent, fc, onError) {
  if (fc?.type === "flow-collection") {
    const end = fc.end[0];
    if (end.indent === indent && (end.source === "]" || end.source === "}") && containsNewline(fc)) {
      const msg = "Flow end indicator should be more indented than parent";
      onError(end, "BAD_INDENT", msg, true);
    }
  }
}
var init_util_flow_indent_check = __esm({
  "node_modules/yaml/browser/dist/compose/util-flow-indent-check.js"() {
    init_util_contains_newline();
  }
});

// node_modules/yaml/browser/dist/compose/util-map-includes.js
function mapIncludes(ctx, items, search) {
  const { uniqueKeys } = ctx.options;
  if (uniqueKeys === false)
    return false;
  const isEqual = typeof uniqueKeys === "function" ? uniqueKeys : (a, b) => a === b || isScalar(a) && isScalar(b) && a.value === b.value;
  return items.some((pair) => isEqual(pair.key, search));
}
var init_util_map_includes = __esm({
  "node_modules/yaml/browser/dist/compose/util-map-includes.js"() {
    init_identity();
  }
});

// node_modules/yaml/browser/dist/compose/resolve-block-map.js
function resolveBlockMap({ composeNode: composeNode2, composeEmptyNode: composeEmptyNode2 }, ctx, bm, onError, tag) {
  const NodeClass = tag?.nodeClass ?? YAMLMap;
  const map2 = new NodeClass(ctx.schema);
  if (ctx.atRoot)
    ctx.atRoot = false;
  let offset = bm.offset;
  let commentEnd = null;
  for (const collItem of bm.items) {
    const { start, key, sep, value } = collItem;
    const keyProps = resolveProps(start, {
      indicator: "explicit-key-ind",
      next: key ?? sep?.[0],
      offset,
      onError,
      parentIndent: bm.indent,
      startOnNewline: true
    });
    const implicitKey = !keyProps.found;
    if (implicitKey) {
      if (key) {
        if (key.type === "block-seq")
          onError(offset, "BLOCK_AS_IMPLICIT_KEY", "A block sequence may not be used as an implicit map key");
        else if ("indent" in key && key.indent !== bm.indent)
          onError(offset, "BAD_INDENT", startColMsg);
      }
      if (!keyProps.anchor && !keyProps.tag && !sep) {
        commentEnd = keyProps.end;
        if (keyProps.comment) {
          if (map2.comment)
            map2.comment += "\n" + keyProps.comment;
          else
            map2.comment = keyProps.comment;
        }
        continue;
      }
      if (keyProps.newlineAfterProp || containsNewline(key)) {
        onError(key ?? start[start.length - 1], "MULTILINE_IMPLICIT_KEY", "Implicit keys need to be on a single line");
      }
    } else if (keyProps.found?.indent !== bm.indent) {
      onError(offset, "BAD_INDENT", startColMsg);
    }
    ctx.atKey = true;
    const keyStart = keyProps.end;
    const keyNode = key ? composeNode2(ctx, key, keyProps, onError) : composeEmptyNode2(ctx, keyStart, start, null, keyProps, onError);
    if (ctx.schema.compat)
      flowIndentCheck(bm.indent, key, onError);
    ctx.atKey = false;
    if (mapIncludes(ctx, map2.items, keyNode))
      onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
    const valueProps = resolveProps(sep ?? [], {
      indicator: "map-value-ind",
      next: value,
      offset: keyNode.range[2],
      onError,
      parentIndent: bm.indent,
      startOnNewline: !key || key.type === "block-scalar"
    });
    offset = valueProps.end;
    if (valueProps.found) {
      if (implicitKey) {
        if (value?.type === "block-map" && !valueProps.hasNewline)
          onError(offset, "BLOCK_AS_IMPLICIT_KEY", "Nested mappings are not allowed in compact mappings");
        if (ctx.options.strict && keyProps.start < valueProps.found.offset - 1024)
          onError(keyNode.range, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit block mapping key");
      }
      const valueNode = value ? composeNode2(ctx, value, valueProps, onError) : composeEmptyNode2(ctx, offset, sep, null, valueProps, onError);
      if (ctx.schema.compat)
        flowIndentCheck(bm.indent, value, onError);
      offset = valueNode.range[2];
      const pair = new Pair(keyNode, valueNode);
      if (ctx.options.keepSourceTokens)
        pair.srcToken = collItem;
      map2.items.push(pair);
    } else {
      if (implicitKey)
        onError(keyNode.range, "MISSING_CHAR", "Implicit map keys need to be followed by map values");
      if (valueProps.comment) {
        if (keyNode.comment)
          keyNode.comment += "\n" + valueProps.comment;
        else
          keyNode.comment = valueProps.comment;
      }
      const pair = new Pair(keyNode);
      if (ctx.options.keepSourceTokens)
        pair.srcToken = collItem;
      map2.items.push(pair);
    }
  }
  if (commentEnd && commentEnd < offset)
    onError(commentEnd, "IMPOSSIBLE", "Map comment with trailing content");
  map2.range = [bm.offset, offset, commentEnd ?? offset];
  return map2;
}
var startColMsg;
var init_resolve_block_map = __esm({
  "node_modules/yaml/browser/dist/compose/resolve-block-map.js"() {
    init_Pair();
    init_YAMLMap();
    init_resolve_props();
    init_util_contains_newline();
    init_util_flow_indent_check();
    init_util_map_includes();
    startColMsg = "All mapping items must start at the same column";
  }
});

// node_modules/yaml/browser/dist/compose/resolve-block-seq.js
function resolveBlockSeq({ composeNode: composeNode2, composeEmptyNode: composeEmptyNode2 }, ctx, bs, onError, tag) {
  const NodeClass = tag?.nodeClass ?? YAMLSeq;
  const seq2 = new NodeClass(ctx.schema);
  if (ctx.atRoot)
    ctx.atRoot = false;
  if (ctx.atKey)
    ctx.atKey = false;
  let offset = bs.offset;
  let commentEnd = null;
  for (const { start, value } of bs.items) {
    const props = resolveProps(start, {
      indicator: "seq-item-ind",
      next: value,
      offset,
      onError,
      parentIndent: bs.indent,
      startOnNewline: true
    });
    if (!props.found) {
      if (props.anchor || props.tag || value) {
        if (value?.type === "block-seq")
          onError(props.end, "BAD_INDENT", "All sequence items must start at the same column");
        else
          onError(offset, "MISSING_CHAR", "Sequence item without - indicator");
      } else {
        commentEnd = props.end;
        if (props.comment)
          seq2.comment = props.comment;
        continue;
      }
    }
    const node = value ? composeNode2(ctx, value, props, onError) : composeEmptyNode2(ctx, props.end, start, null, props, onError);
    if (ctx.schema.compat)
      flowIndentCheck(bs.indent, value, onError);
    offset = node.range[2];
    seq2.items.push(node);
  }
  seq2.range = [bs.offset, offset, commentEnd ?? offset];
  return seq2;
}
var init_resolve_block_seq = __esm({
  "node_modules/yaml/browser/dist/compose/resolve-block-seq.js"() {
    init_YAMLSeq();
    init_resolve_props();
    init_util_flow_indent_check();
  }
});

// node_modules/yaml/browser/dist/compose/resolve-end.js
function resolveEnd(end, offset, reqSpace, onError) {
  let comment = "";
  if (end) {
    let hasSpace = false;
    let sep = "";
    for (const token of end) {
      const { source, type } = token;
      switch (type) {
        case "space":
          hasSpace = true;
          break;
        case "comment": {
          if (reqSpace && !hasSpace)
            onError(token, "MISSING_CHAR", "Comments must be separated from other tokens by white space characters");
          const cb = source.substring(1) || " ";
          if (!comment)
            comment = cb;
          else
            comment += sep + cb;
          sep = "";
          break;
        }
        case "newline":
          if (comment)
            sep += source;
          hasSpace = true;
          break;
        default:
          onError(token, "UNEXPECTED_TOKEN", `Unexpected ${type} at node end`);
      }
      offset += source.length;
    }
  }
  return { comment, offset };
}
var init_resolve_end = __esm({
  "node_modules/yaml/browser/dist/compose/resolve-end.js"() {
  }
});

// node_modules/yaml/browser/dist/compose/resolve-flow-collection.js
function resolveFlowCollection({ composeNode: composeNode2, composeEmptyNode: composeEmptyNode2 }, ctx, fc, onError, tag) {
  const isMap2 = fc.start.source === "{";
  const fcName = isMap2 ? "flow map" : "flow sequence";
  const NodeClass = tag?.nodeClass ?? (isMap2 ? YAMLMap : YAMLSeq);
  const coll = new NodeClass(ctx.schema);
  coll.flow = true;
  const atRoot = ctx.atRoot;
  if (atRoot)
    ctx.atRoot = false;
  if (ctx.atKey)
    ctx.atKey = false;
  let offset = fc.offset + fc.start.source.length;
  for (let i = 0; i < fc.items.length; ++i) {
    const collItem = fc.items[i];
    const { start, key, sep, value } = collItem;
    const props = resolveProps(start, {
      flow: fcName,
      indicator: "explicit-key-ind",
      next: key ?? sep?.[0],
      offset,
      onError,
      parentIndent: fc.indent,
      startOnNewline: false
    });
    if (!props.found) {
      if (!props.anchor && !props.tag && !sep && !value) {
        if (i === 0 && props.comma)
          onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
        else if (i < fc.items.length - 1)
          onError(props.start, "UNEXPECTED_TOKEN", `Unexpected empty item in ${fcName}`);
        if (props.comment) {
          if (coll.comment)
            coll.comment += "\n" + props.comment;
          else
            coll.comment = props.comment;
        }
        offset = props.end;
        continue;
      }
      if (!isMap2 && ctx.options.strict && containsNewline(key))
        onError(
          key,
          // checked by containsNewline()
          "MULTILINE_IMPLICIT_KEY",
          "Implicit keys of flow sequence pairs need to be on a single line"
        );
    }
    if (i === 0) {
      if (props.comma)
        onError(props.comma, "UNEXPECTED_TOKEN", `Unexpected , in ${fcName}`);
    } else {
      if (!props.comma)
        onError(props.start, "MISSING_CHAR", `Missing , between ${fcName} items`);
      if (props.comment) {
        let prevItemComment = "";
        loop: for (const st of start) {
          switch (st.type) {
            case "comma":
            case "space":
              break;
            case "comment":
              prevItemComment = st.source.substring(1);
              break loop;
            default:
              break loop;
          }
        }
        if (prevItemComment) {
          let prev = coll.items[coll.items.length - 1];
          if (isPair(prev))
            prev = prev.value ?? prev.key;
          if (prev.comment)
            prev.comment += "\n" + prevItemComment;
          else
            prev.comment = prevItemComment;
          props.comment = props.comment.substring(prevItemComment.length + 1);
        }
      }
    }
    if (!isMap2 && !sep && !props.found) {
      const valueNode = value ? composeNode2(ctx, value, props, onError) : composeEmptyNode2(ctx, props.end, sep, null, props, onError);
      coll.items.push(valueNode);
      offset = valueNode.range[2];
      if (isBlock(value))
        onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
    } else {
      ctx.atKey = true;
      const keyStart = props.end;
      const keyNode = key ? composeNode2(ctx, key, props, onError) : composeEmptyNode2(ctx, keyStart, start, null, props, onError);
      if (isBlock(key))
        onError(keyNode.range, "BLOCK_IN_FLOW", blockMsg);
      ctx.atKey = false;
      const valueProps = resolveProps(sep ?? [], {
        flow: fcName,
        indicator: "map-value-ind",
        next: value,
        offset: keyNode.range[2],
        onError,
        parentIndent: fc.indent,
        startOnNewline: false
      });
      if (valueProps.found) {
        if (!isMap2 && !props.found && ctx.options.strict) {
          if (sep)
            for (const st of sep) {
              if (st === valueProps.found)
                break;
              if (st.type === "newline") {
                onError(st, "MULTILINE_IMPLICIT_KEY", "Implicit keys of flow sequence pairs need to be on a single line");
                break;
              }
            }
          if (props.start < valueProps.found.offset - 1024)
            onError(valueProps.found, "KEY_OVER_1024_CHARS", "The : indicator must be at most 1024 chars after the start of an implicit flow sequence key");
        }
      } else if (value) {
        if ("source" in value && value.source?.[0] === ":")
          onError(value, "MISSING_CHAR", `Missing space after : in ${fcName}`);
        else
          onError(valueProps.start, "MISSING_CHAR", `Missing , or : between ${fcName} items`);
      }
      const valueNode = value ? composeNode2(ctx, value, valueProps, onError) : valueProps.found ? composeEmptyNode2(ctx, valueProps.end, sep, null, valueProps, onError) : null;
      if (valueNode) {
        if (isBlock(value))
          onError(valueNode.range, "BLOCK_IN_FLOW", blockMsg);
      } else if (valueProps.comment) {
        if (keyNode.comment)
          keyNode.comment += "\n" + valueProps.comment;
        else
          keyNode.comment = valueProps.comment;
      }
      const pair = new Pair(keyNode, valueNode);
      if (ctx.options.keepSourceTokens)
        pair.srcToken = collItem;
      if (isMap2) {
        const map2 = coll;
        if (mapIncludes(ctx, map2.items, keyNode))
          onError(keyStart, "DUPLICATE_KEY", "Map keys must be unique");
        map2.items.push(pair);
      } else {
        const map2 = new YAMLMap(ctx.schema);
        map2.flow = true;
        map2.items.push(pair);
        const endRange = (valueNode ?? keyNode).range;
        map2.range = [keyNode.range[0], endRange[1], endRange[2]];
        coll.items.push(map2);
      }
      offset = valueNode ? valueNode.range[2] : valueProps.end;
    }
  }
  const expectedEnd = isMap2 ? "}" : "]";
  const [ce, ...ee] = fc.end;
  let cePos = offset;
  if (ce?.source === expectedEnd)
    cePos = ce.offset + ce.source.length;
  else {
    const name = fcName[0].toUpperCase() + fcName.substring(1);
    const msg = atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`;
    onError(offset, atRoot ? "MISSING_CHAR" : "BAD_INDENT", msg);
    if (ce && ce.source.length !== 1)
      ee.unshift(ce);
  }
  if (ee.length > 0) {
    const end = resolveEnd(ee, cePos, ctx.options.strict, onError);
    if (end.comment) {
      if (coll.comment)
        coll.comment += "\n" + end.comment;
      else
        coll.comment = end.comment;
    }
    coll.range = [fc.offset, cePos, end.offset];
  } else {
    coll.range = [fc.offset, cePos, cePos];
  }
  return coll;
}
var blockMsg, isBlock;
var init_resolve_flow_collection = __esm({
  "node_modules/yaml/browser/dist/compose/resolve-flow-collection.js"() {
    init_identity();
    init_Pair();
    init_YAMLMap();
    init_YAMLSeq();
    init_resolve_end();
    init_resolve_props();
    init_util_contains_newline();
    init_util_map_includes();
    blockMsg = "Block collections are not allowed within flow collections";
    isBlock = (token) => token && (token.type === "block-map" || token.type === "block-seq");
  }
});

// node_modules/yaml/browser/dist/compose/compose-collection.js
function resolveCollection(CN2, ctx, token, onError, tagName, tag) {
  const coll = token.type === "block-map" ? resolveBlockMap(CN2, ctx, token, onError, tag) : token.type === "block-seq" ? resolveBlockSeq(CN2, ctx, token, onError, tag) : resolveFlowCollection(CN2, ctx, token, onError, tag);
  const Coll = coll.constructor;
  if (tagName === "!" || tagName === Coll.tagName) {
    coll.tag = Coll.tagName;
    return coll;
  }
  if (tagName)
    coll.tag = tagName;
  return coll;
}
function composeCollection(CN2, ctx, token, props, onError) {
  const tagToken = props.tag;
  const tagName = !tagToken ? null : ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg));
  if (token.type === "block-seq") {
    const { anchor, newlineAfterProp: nl } = props;
    const lastProp = anchor && tagToken ? anchor.offset > tagToken.offset ? anchor : tagToken : anchor ?? tagToken;
    if (lastProp && (!nl || nl.offset < lastProp.offset)) {
      const message = "Missing newline after block sequence props";
      onError(lastProp, "MISSING_CHAR", message);
    }
  }
  const expType = token.type === "block-map" ? "map" : token.type === "block-seq" ? "seq" : token.start.source === "{" ? "map" : "seq";
  if (!tagToken || !tagName || tagName === "!" || tagName === YAMLMap.tagName && expType === "map" || tagName === YAMLSeq.tagName && expType === "seq") {
    return resolveCollection(CN2, ctx, token, onError, tagName);
  }
  let tag = ctx.schema.tags.find((t2) => t2.tag === tagName && t2.collection === expType);
  if (!tag) {
    const kt = ctx.schema.knownTags[tagName];
    if (kt?.collection === expType) {
      ctx.schema.tags.push(Object.assign({}, kt, { default: false }));
      tag = kt;
    } else {
      if (kt) {
        onError(tagToken, "BAD_COLLECTION_TYPE", `${kt.tag} used for ${expType} collection, but expects ${kt.collection ?? "scalar"}`, true);
      } else {
        onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, true);
      }
      return resolveCollection(CN2, ctx, token, onError, tagName);
    }
  }
  const coll = resolveCollection(CN2, ctx, token, onError, tagName, tag);
  const res = tag.resolve?.(coll, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg), ctx.options) ?? coll;
  const node = isNode(res) ? res : new Scalar(res);
  node.range = coll.range;
  node.tag = tagName;
  if (tag?.format)
    node.format = tag.format;
  return node;
}
var init_compose_collection = __esm({
  "node_modules/yaml/browser/dist/compose/compose-collection.js"() {
    init_identity();
    init_Scalar();
    init_YAMLMap();
    init_YAMLSeq();
    init_resolve_block_map();
    init_resolve_block_seq();
    init_resolve_flow_collection();
  }
});

// node_modules/yaml/browser/dist/compose/resolve-block-scalar.js
function resolveBlockScalar(ctx, scalar2, onError) {
  const start = scalar2.offset;
  const header = parseBlockScalarHeader(scalar2, ctx.options.strict, onError);
  if (!header)
    return { value: "", type: null, comment: "", range: [start, start, start] };
  const type = header.mode === ">" ? Scalar.BLOCK_FOLDED : Scalar.BLOCK_LITERAL;
  const lines = scalar2.source ? splitLines(scalar2.source) : [];
  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    const content = lines[i][1];
    if (content === "" || content === "\r")
      chompStart = i;
    else
      break;
  }
  if (chompStart === 0) {
    const value2 = header.chomp === "+" && lines.length > 0 ? "\n".repeat(Math.max(1, lines.length - 1)) : "";
    let end2 = start + header.length;
    if (scalar2.source)
      end2 += scalar2.source.length;
    return { value: value2, type, comment: header.comment, range: [start, end2, end2] };
  }
  let trimIndent = scalar2.indent + header.indent;
  let offset = scalar2.offset + header.length;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i];
    if (content === "" || content === "\r") {
      if (header.indent === 0 && indent.length > trimIndent)
        trimIndent = indent.length;
    } else {
      if (indent.length < trimIndent) {
        const message = "Block scalars with more-indented leading empty lines must use an explicit indentation indicator";
        onError(offset + indent.length, "MISSING_CHAR", message);
      }
      if (header.indent === 0)
        trimIndent = indent.length;
      contentStart = i;
      if (trimIndent === 0 && !ctx.atRoot) {
        const message = "Block scalar values in collections must be indented";
        onError(offset, "BAD_INDENT", message);
      }
      break;
    }
    offset += indent.length + content.length + 1;
  }
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i][0].length > trimIndent)
      chompStart = i + 1;
  }
  let value = "";
  let sep = "";
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i)
    value += lines[i][0].slice(trimIndent) + "\n";
  for (let i = contentStart; i < chompStart; ++i) {
    let [indent, content] = lines[i];
    offset += indent.length + content.length + 1;
    const crlf = content[content.length - 1] === "\r";
    if (crlf)
      content = content.slice(0, -1);
    if (content && indent.length < trimIndent) {
      const src = header.indent ? "explicit indentation indicator" : "first line";
      const message = `Block scalar lines must not be less indented than their ${src}`;
      onError(offset - content.length - (crlf ? 2 : 1), "BAD_INDENT", message);
      indent = "";
    }
    if (type === Scalar.BLOCK_LITERAL) {
      value += sep + indent.slice(trimIndent) + content;
      sep = "\n";
    } else if (indent.length > trimIndent || content[0] === "	") {
      if (sep === " ")
        sep = "\n";
      else if (!prevMoreIndented && sep === "\n")
        sep = "\n\n";
      value += sep + indent.slice(trimIndent) + content;
      sep = "\n";
      prevMoreIndented = true;
    } else if (content === "") {
      if (sep === "\n")
        value += "\n";
      else
        sep = "\n";
    } else {
      value += sep + content;
      sep = " ";
      prevMoreIndented = false;
    }
  }
  switch (header.chomp) {
    case "-":
      break;
    case "+":
      for (let i = chompStart; i < lines.length; ++i)
        value += "\n" + lines[i][0].slice(trimIndent);
      if (value[value.length - 1] !== "\n")
        value += "\n";
      break;
    default:
      value += "\n";
  }
  const end = start + header.length + scalar2.source.length;
  return { value, type, comment: header.comment, range: [start, end, end] };
}
function parseBlockScalarHeader({ offset, props }, strict, onError) {
  if (props[0].type !== "block-scalar-header") {
    onError(props[0], "IMPOSSIBLE", "Block scalar header not found");
    return null;
  }
  const { source } = props[0];
  const mode = source[0];
  let indent = 0;
  let chomp = "";
  let error = -1;
  for (let i = 1; i < source.length; ++i) {
    const ch = source[i];
    if (!chomp && (ch === "-" || ch === "+"))
      chomp = ch;
    else {
      const n = Number(ch);
      if (!indent && n)
        indent = n;
      else if (error === -1)
        error = offset + i;
    }
  }
  if (error !== -1)
    onError(error, "UNEXPECTED_TOKEN", `Block scalar header includes extra characters: ${source}`);
  let hasSpace = false;
  let comment = "";
  let length = source.length;
  for (let i = 1; i < props.length; ++i) {
    const token = props[i];
    switch (token.type) {
      case "space":
        hasSpace = true;
      // fallthrough
      case "newline":
        length += token.source.length;
        break;
      case "comment":
        if (strict && !hasSpace) {
          const message = "Comments must be separated from other tokens by white space characters";
          onError(token, "MISSING_CHAR", message);
        }
        length += token.source.length;
        comment = token.source.substring(1);
        break;
      case "error":
        onError(token, "UNEXPECTED_TOKEN", token.message);
        length += token.source.length;
        break;
      /* istanbul ignore next should not happen */
      default: {
        const message = `Unexpected token in block scalar header: ${token.type}`;
        onError(token, "UNEXPECTED_TOKEN", message);
        const ts = token.source;
        if (ts && typeof ts === "string")
          length += ts.length;
      }
    }
  }
  return { mode, indent, chomp, comment, length };
}
function splitLines(source) {
  const split = source.split(/\n( *)/);
  const first = split[0];
  const m = first.match(/^( *)/);
  const line0 = m?.[1] ? [m[1], first.slice(m[1].length)] : ["", first];
  const lines = [line0];
  for (let i = 1; i < split.length; i += 2)
    lines.push([split[i], split[i + 1]]);
  return lines;
}
var init_resolve_block_scalar = __esm({
  "node_modules/yaml/browser/dist/compose/resolve-block-scalar.js"() {
    init_Scalar();
  }
});

// node_modules/yaml/browser/dist/compose/resolve-flow-scalar.js
function resolveFlowScalar(scalar2, strict, onError) {
  const { offset, type, source, end } = scalar2;
  let _type;
  let value;
  const _onError = (rel, code, msg) => onError(offset + rel, code, msg);
  switch (type) {
    case "scalar":
      _type = Scalar.PLAIN;
      value = plainValue(source, _onError);
      break;
    case "single-quoted-scalar":
      _type = Scalar.QUOTE_SINGLE;
      value = singleQuotedValue(source, _onError);
      break;
    case "double-quoted-scalar":
      _type = Scalar.QUOTE_DOUBLE;
      value = doubleQuotedValue(source, _onError);
      break;
    /* istanbul ignore next should not happen */
    default:
      onError(scalar2, "UNEXPECTED_TOKEN", `Expected a flow scalar value, but found: ${type}`);
      return {
        value: "",
        type: null,
        comment: "",
        range: [offset, offset + source.length, offset + source.length]
      };
  }
  const valueEnd = offset + source.length;
  const re = resolveEnd(end, valueEnd, strict, onError);
  return {
    value,
    type: _type,
    comment: re.comment,
    range: [offset, valueEnd, re.offset]
  };
}
function plainValue(source, onError) {
  let badChar = "";
  switch (source[0]) {
    /* istanbul ignore next should not happen */
    case "	":
      badChar = "a tab character";
      break;
    case ",":
      badChar = "flow indicator character ,";
      break;
    case "%":
      badChar = "directive indicator character %";
      break;
    case "|":
    case ">": {
      badChar = `block scalar indicator ${source[0]}`;
      break;
    }
    case "@":
    case "`": {
      badChar = `reserved character ${source[0]}`;
      break;
    }
  }
  if (badChar)
    onError(0, "BAD_SCALAR_START", `Plain value cannot start with ${badChar}`);
  return unfoldLines(source);
}
function singleQuotedValue(source, onError) {
  if (source[source.length - 1] !== "'" || source.length === 1)
    onError(source.length, "MISSING_CHAR", "Missing closing 'quote");
  return unfoldLines(source.slice(1, -1)).replace(/''/g, "'");
}
function unfoldLines(source) {
  const line = /(.*?)\r?\n/sy;
  let match = line.exec(source);
  if (!match)
    return source;
  let trimEnd, trimBoth;
  try {
    trimEnd = new RegExp("(?<![ 	])[ 	]+$");
    trimBoth = new RegExp("^[ 	]+|(?<![ 	])[ 	]+$", "g");
  } catch {
    trimEnd = /[ \t]+$/;
    trimBoth = /^[ \t]+|[ \t]+$/g;
  }
  let res = match[1].replace(trimEnd, "");
  let sep = " ";
  let pos = line.lastIndex;
  while (match = line.exec(source)) {
    const lm = match[1].replace(trimBoth, "");
    if (lm === "") {
      if (sep === "\n")
        res += sep;
      else
        sep = "\n";
    } else {
      res += sep + lm;
      sep = " ";
    }
    pos = line.lastIndex;
  }
  const last = /[ \t]*(.*)/sy;
  last.lastIndex = pos;
  match = last.exec(source);
  return res + sep + (match?.[1] ?? "");
}
function doubleQuotedValue(source, onError) {
  let res = "";
  for (let i = 1; i < source.length - 1; ++i) {
    const ch = source[i];
    if (ch === "\r" && source[i + 1] === "\n")
      continue;
    if (ch === "\n") {
      const { fold, offset } = foldNewline(source, i);
      res += fold;
      i = offset;
    } else if (ch === "\\") {
      let next = source[++i];
      const cc = escapeCodes[next];
      if (cc)
        res += cc;
      else if (next === "\n") {
        next = source[i + 1];
        while (next === " " || next === "	")
          next = source[++i + 1];
      } else if (next === "\r" && source[i + 1] === "\n") {
        next = source[++i + 1];
        while (next === " " || next === "	")
          next = source[++i + 1];
      } else if (next === "x" || next === "u" || next === "U") {
        const length = next === "x" ? 2 : next === "u" ? 4 : 8;
        res += parseCharCode(source, i + 1, length, onError);
        i += length;
      } else {
        const raw = source.substr(i - 1, 2);
        onError(i - 1, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
        res += raw;
      }
    } else if (ch === " " || ch === "	") {
      const wsStart = i;
      let next = source[i + 1];
      while (next === " " || next === "	")
        next = source[++i + 1];
      if (next !== "\n" && !(next === "\r" && source[i + 2] === "\n"))
        res += i > wsStart ? source.slice(wsStart, i + 1) : ch;
    } else {
      res += ch;
    }
  }
  if (source[source.length - 1] !== '"' || source.length === 1)
    onError(source.length, "MISSING_CHAR", 'Missing closing "quote');
  return res;
}
function foldNewline(source, offset) {
  let fold = "";
  let ch = source[offset + 1];
  while (ch === " " || ch === "	" || ch === "\n" || ch === "\r") {
    if (ch === "\r" && source[offset + 2] !== "\n")
      break;
    if (ch === "\n")
      fold += "\n";
    offset += 1;
    ch = source[offset + 1];
  }
  if (!fold)
    fold = " ";
  return { fold, offset };
}
function parseCharCode(source, offset, length, onError) {
  const cc = source.substr(offset, length);
  const ok = cc.length === length && /^[0-9a-fA-F]+$/.test(cc);
  const code = ok ? parseInt(cc, 16) : NaN;
  try {
    return String.fromCodePoint(code);
  } catch {
    const raw = source.substr(offset - 2, length + 2);
    onError(offset - 2, "BAD_DQ_ESCAPE", `Invalid escape sequence ${raw}`);
    return raw;
  }
}
var escapeCodes;
var init_resolve_flow_scalar = __esm({
  "node_modules/yaml/browser/dist/compose/resolve-flow-scalar.js"() {
    init_Scalar();
    init_resolve_end();
    escapeCodes = {
      "0": "\0",
      // null character
      a: "\x07",
      // bell character
      b: "\b",
      // backspace
      e: "\x1B",
      // escape character
      f: "\f",
      // form feed
      n: "\n",
      // line feed
      r: "\r",
      // carriage return
      t: "	",
      // horizontal tab
      v: "\v",
      // vertical tab
      N: "",
      // Unicode next line
      _: " ",
      // Unicode non-breaking space
      L: "\u2028",
      // Unicode line separator
      P: "\u2029",
      // Unicode paragraph separator
      " ": " ",
      '"': '"',
      "/": "/",
      "\\": "\\",
      "	": "	"
    };
  }
});

// node_modules/yaml/browser/dist/compose/compose-scalar.js
function composeScalar(ctx, token, tagToken, onError) {
  const { value, type, comment, range } = token.type === "block-scalar" ? resolveBlockScalar(ctx, token, onError) : resolveFlowScalar(token, ctx.options.strict, onError);
  const tagName = tagToken ? ctx.directives.tagName(tagToken.source, (msg) => onError(tagToken, "TAG_RESOLVE_FAILED", msg)) : null;
  let tag;
  if (ctx.options.stringKeys && ctx.atKey) {
    tag = ctx.schema[SCALAR];
  } else if (tagName)
    tag = findScalarTagByName(ctx.schema, value, tagName, tagToken, onError);
  else if (token.type === "scalar")
    tag = findScalarTagByTest(ctx, value, token, onError);
  else
    tag = ctx.schema[SCALAR];
  let scalar2;
  try {
    const res = tag.resolve(value, (msg) => onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg), ctx.options);
    scalar2 = isScalar(res) ? res : new Scalar(res);
  } catch (error) {
    const msg = error instanceof Error ? error.message : String(error);
    onError(tagToken ?? token, "TAG_RESOLVE_FAILED", msg);
    scalar2 = new Scalar(value);
  }
  scalar2.range = range;
  scalar2.source = value;
  if (type)
    scalar2.type = type;
  if (tagName)
    scalar2.tag = tagName;
  if (tag.format)
    scalar2.format = tag.format;
  if (comment)
    scalar2.comment = comment;
  return scalar2;
}
function findScalarTagByName(schema4, value, tagName, tagToken, onError) {
  if (tagName === "!")
    return schema4[SCALAR];
  const matchWithTest = [];
  for (const tag of schema4.tags) {
    if (!tag.collection && tag.tag === tagName) {
      if (tag.default && tag.test)
        matchWithTest.push(tag);
      else
        return tag;
    }
  }
  for (const tag of matchWithTest)
    if (tag.test?.test(value))
      return tag;
  const kt = schema4.knownTags[tagName];
  if (kt && !kt.collection) {
    schema4.tags.push(Object.assign({}, kt, { default: false, test: void 0 }));
    return kt;
  }
  onError(tagToken, "TAG_RESOLVE_FAILED", `Unresolved tag: ${tagName}`, tagName !== "tag:yaml.org,2002:str");
  return schema4[SCALAR];
}
function findScalarTagByTest({ atKey, directives, schema: schema4 }, value, token, onError) {
  const tag = schema4.tags.find((tag2) => (tag2.default === true || atKey && tag2.default === "key") && tag2.test?.test(value)) || schema4[SCALAR];
  if (schema4.compat) {
    const compat = schema4.compat.find((tag2) => tag2.default && tag2.test?.test(value)) ?? schema4[SCALAR];
    if (tag.tag !== compat.tag) {
      const ts = directives.tagString(tag.tag);
      const cs = directives.tagString(compat.tag);
      const msg = `Value may be parsed as either ${ts} or ${cs}`;
      onError(token, "TAG_RESOLVE_FAILED", msg, true);
    }
  }
  return tag;
}
var init_compose_scalar = __esm({
  "node_modules/yaml/browser/dist/compose/compose-scalar.js"() {
    init_identity();
    init_Scalar();
    init_resolve_block_scalar();
    init_resolve_flow_scalar();
  }
});

// node_modules/yaml/browser/dist/compose/util-empty-scalar-position.js
function emptyScalarPosition(offset, before, pos) {
  if (before) {
    pos ?? (pos = before.length);
    for (let i = pos - 1; i >= 0; --i) {
      let st = before[i];
      switch (st.type) {
        case "space":
        case "comment":
        case "newline":
          offset -= st.source.length;
          continue;
      }
      st = before[++i];
      while (st?.type === "space") {
        offset += st.source.length;
        st = before[++i];
      }
      break;
    }
  }
  return offset;
}
var init_util_empty_scalar_position = __esm({
  "node_modules/yaml/browser/dist/compose/util-empty-scalar-position.js"() {
  }
});

// node_modules/yaml/browser/dist/compose/compose-node.js
function composeNode(ctx, token, props, onError) {
  const atKey = ctx.atKey;
  const { spaceBefore, comment, anchor, tag } = props;
  let node;
  let isSrcToken = true;
  switch (token.type) {
    case "alias":
      node = composeAlias(ctx, token, onError);
      if (anchor || tag)
        onError(token, "ALIAS_PROPS", "An alias node must not specify any properties");
      break;
    case "scalar":
    case "single-quoted-scalar":
    case "double-quoted-scalar":
    case "block-scalar":
      node = composeScalar(ctx, token, tag, onError);
      if (anchor)
        node.anchor = anchor.source.substring(1);
      break;
    case "block-map":
    case "block-seq":
    case "flow-collection":
      try {
        node = composeCollection(CN, ctx, token, props, onError);
        if (anchor)
          node.anchor = anchor.source.substring(1);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        onError(token, "RESOURCE_EXHAUSTION", message);
      }
      break;
    default: {
      const message = token.type === "error" ? token.message : `Unsupported token (type: ${token.type})`;
      onError(token, "UNEXPECTED_TOKEN", message);
      isSrcToken = false;
    }
  }
  node ?? (node = composeEmptyNode(ctx, token.offset, void 0, null, props, onError));
  if (anchor && node.anchor === "")
    onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
  if (atKey && ctx.options.stringKeys && (!isScalar(node) || typeof node.value !== "string" || node.tag && node.tag !== "tag:yaml.org,2002:str")) {
    const msg = "With stringKeys, all keys must be strings";
    onError(tag ?? token, "NON_STRING_KEY", msg);
  }
  if (spaceBefore)
    node.spaceBefore = true;
  if (comment) {
    if (token.type === "scalar" && token.source === "")
      node.comment = comment;
    else
      node.commentBefore = comment;
  }
  if (ctx.options.keepSourceTokens && isSrcToken)
    node.srcToken = token;
  return node;
}
function composeEmptyNode(ctx, offset, before, pos, { spaceBefore, comment, anchor, tag, end }, onError) {
  const token = {
    type: "scalar",
    offset: emptyScalarPosition(offset, before, pos),
    indent: -1,
    source: ""
  };
  const node = composeScalar(ctx, token, tag, onError);
  if (anchor) {
    node.anchor = anchor.source.substring(1);
    if (node.anchor === "")
      onError(anchor, "BAD_ALIAS", "Anchor cannot be an empty string");
  }
  if (spaceBefore)
    node.spaceBefore = true;
  if (comment) {
    node.comment = comment;
    node.range[2] = end;
  }
  return node;
}
function composeAlias({ options }, { offset, source, end }, onError) {
  const alias = new Alias(source.substring(1));
  if (alias.source === "")
    onError(offset, "BAD_ALIAS", "Alias cannot be an empty string");
  if (alias.source.endsWith(":"))
    onError(offset + source.length - 1, "BAD_ALIAS", "Alias ending in : is ambiguous", true);
  const valueEnd = offset + source.length;
  const re = resolveEnd(end, valueEnd, options.strict, onError);
  alias.range = [offset, valueEnd, re.offset];
  if (re.comment)
    alias.comment = re.comment;
  return alias;
}
var CN;
var init_compose_node = __esm({
  "node_modules/yaml/browser/dist/compose/compose-node.js"() {
    init_Alias();
    init_identity();
    init_compose_collection();
    init_compose_scalar();
    init_resolve_end();
    init_util_empty_scalar_position();
    CN = { composeNode, composeEmptyNode };
  }
});

// node_modules/yaml/browser/dist/compose/compose-doc.js
function composeDoc(options, directives, { offset, start, value, end }, onError) {
  const opts = Object.assign({ _directives: directives }, options);
  const doc = new Document(void 0, opts);
  const ctx = {
    atKey: false,
    atRoot: true,
    directives: doc.directives,
    options: doc.options,
    schema: doc.schema
  };
  const props = resolveProps(start, {
    indicator: "doc-start",
    next: value ?? end?.[0],
    offset,
    onError,
    parentIndent: 0,
    startOnNewline: true
  });
  if (props.found) {
    doc.directives.docStart = true;
    if (value && (value.type === "block-map" || value.type === "block-seq") && !props.hasNewline)
      onError(props.end, "MISSING_CHAR", "Block collection cannot start on same line with directives-end marker");
  }
  doc.contents = value ? composeNode(ctx, value, props, onError) : composeEmptyNode(ctx, props.end, start, null, props, onError);
  const contentEnd = doc.contents.range[2];
  const re = resolveEnd(end, contentEnd, false, onError);
  if (re.comment)
    doc.comment = re.comment;
  doc.range = [offset, contentEnd, re.offset];
  return doc;
}
var init_compose_doc = __esm({
  "node_modules/yaml/browser/dist/compose/compose-doc.js"() {
    init_Document();
    init_compose_node();
    init_resolve_end();
    init_resolve_props();
  }
});

// node_modules/yaml/browser/dist/compose/composer.js
function getErrorPos(src) {
  if (typeof src === "number")
    return [src, src + 1];
  if (Array.isArray(src))
    return src.length === 2 ? src : [src[0], src[1]];
  const { offset, source } = src;
  return [offset, offset + (typeof source === "string" ? source.length : 1)];
}
function parsePrelude(prelude) {
  let comment = "";
  let atComment = false;
  let afterEmptyLine = false;
  for (let i = 0; i < prelude.length; ++i) {
    const source = prelude[i];
    switch (source[0]) {
      case "#":
        comment += (comment === "" ? "" : afterEmptyLine ? "\n\n" : "\n") + (source.substring(1) || " ");
        atComment = true;
        afterEmptyLine = false;
        break;
      case "%":
        if (prelude[i + 1]?.[0] !== "#")
          i += 1;
        atComment = false;
        break;
      default:
        if (!atComment)
          afterEmptyLine = true;
        atComment = false;
    }
  }
  return { comment, afterEmptyLine };
}
var Composer;
var init_composer = __esm({
  "node_modules/yaml/browser/dist/compose/composer.js"() {
    init_directives();
    init_Document();
    init_errors6();
    init_identity();
    init_compose_doc();
    init_resolve_end();
    Composer = class {
      constructor(options = {}) {
        this.doc = null;
        this.atDirectives = false;
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
        this.onError = (source, code, message, warning) => {
          const pos = getErrorPos(source);
          if (warning)
            this.warnings.push(new YAMLWarning(pos, code, message));
          else
            this.errors.push(new YAMLParseError(pos, code, message));
        };
        this.directives = new Directives({ version: options.version || "1.2" });
        this.options = options;
      }
      decorate(doc, afterDoc) {
        const { comment, afterEmptyLine } = parsePrelude(this.prelude);
        if (comment) {
          const dc = doc.contents;
          if (afterDoc) {
            doc.comment = doc.comment ? `${doc.comment}
${comment}` : comment;
          } else if (afterEmptyLine || doc.directives.docStart || !dc) {
            doc.commentBefore = comment;
          } else if (isCollection(dc) && !dc.flow && dc.items.length > 0) {
            let it = dc.items[0];
            if (isPair(it))
              it = it.key;
            const cb = it.commentBefore;
            it.commentBefore = cb ? `${comment}
${cb}` : comment;
          } else {
            const cb = dc.commentBefore;
            dc.commentBefore = cb ? `${comment}
${cb}` : comment;
          }
        }
        if (afterDoc) {
          for (let i = 0; i < this.errors.length; ++i)
            doc.errors.push(this.errors[i]);
          for (let i = 0; i < this.warnings.length; ++i)
            doc.warnings.push(this.warnings[i]);
        } else {
          doc.errors = this.errors;
          doc.warnings = this.warnings;
        }
        this.prelude = [];
        this.errors = [];
        this.warnings = [];
      }
      /**
       * Current stream status information.
       *
       * Mostly useful at the end of input for an empty stream.
       */
      streamInfo() {
        return {
          comment: parsePrelude(this.prelude).comment,
          directives: this.directives,
          errors: this.errors,
          warnings: this.warnings
        };
      }
      /**
       * Compose tokens into documents.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *compose(tokens, forceDoc = false, endOffset = -1) {
        for (const token of tokens)
          yield* this.next(token);
        yield* this.end(forceDoc, endOffset);
      }
      /** Advance the composer by one CST token. */
      *next(token) {
        switch (token.type) {
          case "directive":
            this.directives.add(token.source, (offset, message, warning) => {
              const pos = getErrorPos(token);
              pos[0] += offset;
              this.onError(pos, "BAD_DIRECTIVE", message, warning);
            });
            this.prelude.push(token.source);
            this.atDirectives = true;
            break;
          case "document": {
            const doc = composeDoc(this.options, this.directives, token, this.onError);
            if (this.atDirectives && !doc.directives.docStart)
              this.onError(token, "MISSING_CHAR", "Missing directives-end/doc-start indicator line");
            this.decorate(doc, false);
            if (this.doc)
              yield this.doc;
            this.doc = doc;
            this.atDirectives = false;
            break;
          }
          case "byte-order-mark":
          case "space":
            break;
          case "comment":
          case "newline":
            this.prelude.push(token.source);
            break;
          case "error": {
            const msg = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
            const error = new YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg);
            if (this.atDirectives || !this.doc)
              this.errors.push(error);
            else
              this.doc.errors.push(error);
            break;
          }
          case "doc-end": {
            if (!this.doc) {
              const msg = "Unexpected doc-end without preceding document";
              this.errors.push(new YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", msg));
              break;
            }
            this.doc.directives.docEnd = true;
            const end = resolveEnd(token.end, token.offset + token.source.length, this.doc.options.strict, this.onError);
            this.decorate(this.doc, true);
            if (end.comment) {
              const dc = this.doc.comment;
              this.doc.comment = dc ? `${dc}
${end.comment}` : end.comment;
            }
            this.doc.range[2] = end.offset;
            break;
          }
          default:
            this.errors.push(new YAMLParseError(getErrorPos(token), "UNEXPECTED_TOKEN", `Unsupported token ${token.type}`));
        }
      }
      /**
       * Call at end of input to yield any remaining document.
       *
       * @param forceDoc - If the stream contains no document, still emit a final document including any comments and directives that would be applied to a subsequent document.
       * @param endOffset - Should be set if `forceDoc` is also set, to set the document range end and to indicate errors correctly.
       */
      *end(forceDoc = false, endOffset = -1) {
        if (this.doc) {
          this.decorate(this.doc, true);
          yield this.doc;
          this.doc = null;
        } else if (forceDoc) {
          const opts = Object.assign({ _directives: this.directives }, this.options);
          const doc = new Document(void 0, opts);
          if (this.atDirectives)
            this.onError(endOffset, "MISSING_CHAR", "Missing directives-end indicator line");
          doc.range = [0, endOffset, endOffset];
          this.decorate(doc, false);
          yield doc;
        }
      }
    };
  }
});

// node_modules/yaml/browser/dist/parse/cst-scalar.js
var init_cst_scalar = __esm({
  "node_modules/yaml/browser/dist/parse/cst-scalar.js"() {
    init_resolve_block_scalar();
    init_resolve_flow_scalar();
    init_errors6();
    init_stringifyString();
  }
});

// node_modules/yaml/browser/dist/parse/cst-stringify.js
var init_cst_stringify = __esm({
  "node_modules/yaml/browser/dist/parse/cst-stringify.js"() {
  }
});

// node_modules/yaml/browser/dist/parse/cst-visit.js
function visit2(cst, visitor) {
  if ("type" in cst && cst.type === "document")
    cst = { start: cst.start, value: cst.value };
  _visit(Object.freeze([]), cst, visitor);
}
function _visit(path, item, visitor) {
  let ctrl = visitor(item, path);
  if (typeof ctrl === "symbol")
    return ctrl;
  for (const field2 of ["key", "value"]) {
    const token = item[field2];
    if (token && "items" in token) {
      for (let i = 0; i < token.items.length; ++i) {
        const ci = _visit(Object.freeze(path.concat([[field2, i]])), token.items[i], visitor);
        if (typeof ci === "number")
          i = ci - 1;
        else if (ci === BREAK2)
          return BREAK2;
        else if (ci === REMOVE2) {
          token.items.splice(i, 1);
          i -= 1;
        }
      }
      if (typeof ctrl === "function" && field2 === "key")
        ctrl = ctrl(item, path);
    }
  }
  return typeof ctrl === "function" ? ctrl(item, path) : ctrl;
}
var BREAK2, SKIP2, REMOVE2;
var init_cst_visit = __esm({
  "node_modules/yaml/browser/dist/parse/cst-visit.js"() {
    BREAK2 = /* @__PURE__ */ Symbol("break visit");
    SKIP2 = /* @__PURE__ */ Symbol("skip children");
    REMOVE2 = /* @__PURE__ */ Symbol("remove item");
    visit2.BREAK = BREAK2;
    visit2.SKIP = SKIP2;
    visit2.REMOVE = REMOVE2;
    visit2.itemAtPath = (cst, path) => {
      let item = cst;
      for (const [field2, index] of path) {
        const tok = item?.[field2];
        if (tok && "items" in tok) {
          item = tok.items[index];
        } else
          return void 0;
      }
      return item;
    };
    visit2.parentCollection = (cst, path) => {
      const parent = visit2.itemAtPath(cst, path.slice(0, -1));
      const field2 = path[path.length - 1][0];
      const coll = parent?.[field2];
      if (coll && "items" in coll)
        return coll;
      throw new Error("Parent collection not found");
    };
  }
});

// node_modules/yaml/browser/dist/parse/cst.js
function tokenType(source) {
  switch (source) {
    case BOM:
      return "byte-order-mark";
    case DOCUMENT:
      return "doc-mode";
    case FLOW_END:
      return "flow-error-end";
    case SCALAR2:
      return "scalar";
    case "---":
      return "doc-start";
    case "...":
      return "doc-end";
    case "":
    case "\n":
    case "\r\n":
      return "newline";
    case "-":
      return "seq-item-ind";
    case "?":
      return "explicit-key-ind";
    case ":":
      return "map-value-ind";
    case "{":
      return "flow-map-start";
    case "}":
      return "flow-map-end";
    case "[":
      return "flow-seq-start";
    case "]":
      return "flow-seq-end";
    case ",":
      return "comma";
  }
  switch (source[0]) {
    case " ":
    case "	":
      return "space";
    case "#":
      return "comment";
    case "%":
      return "directive-line";
    case "*":
      return "alias";
    case "&":
      return "anchor";
    case "!":
      return "tag";
    case "'":
      return "single-quoted-scalar";
    case '"':
      return "double-quoted-scalar";
    case "|":
    case ">":
      return "block-scalar-header";
  }
  return null;
}
var BOM, DOCUMENT, FLOW_END, SCALAR2;
var init_cst = __esm({
  "node_modules/yaml/browser/dist/parse/cst.js"() {
    init_cst_scalar();
    init_cst_stringify();
    init_cst_visit();
    BOM = "\uFEFF";
    DOCUMENT = "";
    FLOW_END = "";
    SCALAR2 = "";
  }
});

// node_modules/yaml/browser/dist/parse/lexer.js
function isEmpty2(ch) {
  switch (ch) {
    case void 0:
    case " ":
    case "\n":
    case "\r":
    case "	":
      return true;
    default:
      return false;
  }
}
var hexDigits, tagChars, flowIndicatorChars, invalidAnchorChars, isNotAnchorChar, Lexer;
var init_lexer = __esm({
  "node_modules/yaml/browser/dist/parse/lexer.js"() {
    init_cst();
    hexDigits = new Set("0123456789ABCDEFabcdef");
    tagChars = new Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()");
    flowIndicatorChars = new Set(",[]{}");
    invalidAnchorChars = new Set(" ,[]{}\n\r	");
    isNotAnchorChar = (ch) => !ch || invalidAnchorChars.has(ch);
    Lexer = class {
      constructor() {
        this.atEnd = false;
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        this.buffer = "";
        this.flowKey = false;
        this.flowLevel = 0;
        this.indentNext = 0;
        this.indentValue = 0;
        this.lineEndPos = null;
        this.next = null;
        this.pos = 0;
      }
      /**
       * Generate YAML tokens from the `source` string. If `incomplete`,
       * a part of the last line may be left as a buffer for the next call.
       *
       * @returns A generator of lexical tokens
       */
      *lex(source, incomplete = false) {
        if (source) {
          if (typeof source !== "string")
            throw TypeError("source is not a string");
          this.buffer = this.buffer ? this.buffer + source : source;
          this.lineEndPos = null;
        }
        this.atEnd = !incomplete;
        let next = this.next ?? "stream";
        while (next && (incomplete || this.hasChars(1)))
          next = yield* this.parseNext(next);
      }
      atLineEnd() {
        let i = this.pos;
        let ch = this.buffer[i];
        while (ch === " " || ch === "	")
          ch = this.buffer[++i];
        if (!ch || ch === "#" || ch === "\n")
          return true;
        if (ch === "\r")
          return this.buffer[i + 1] === "\n";
        return false;
      }
      charAt(n) {
        return this.buffer[this.pos + n];
      }
      continueScalar(offset) {
        let ch = this.buffer[offset];
        if (this.indentNext > 0) {
          let indent = 0;
          while (ch === " ")
            ch = this.buffer[++indent + offset];
          if (ch === "\r") {
            const next = this.buffer[indent + offset + 1];
            if (next === "\n" || !next && !this.atEnd)
              return offset + indent + 1;
          }
          return ch === "\n" || indent >= this.indentNext || !ch && !this.atEnd ? offset + indent : -1;
        }
        if (ch === "-" || ch === ".") {
          const dt = this.buffer.substr(offset, 3);
          if ((dt === "---" || dt === "...") && isEmpty2(this.buffer[offset + 3]))
            return -1;
        }
        return offset;
      }
      getLine() {
        let end = this.lineEndPos;
        if (typeof end !== "number" || end !== -1 && end < this.pos) {
          end = this.buffer.indexOf("\n", this.pos);
          this.lineEndPos = end;
        }
        if (end === -1)
          return this.atEnd ? this.buffer.substring(this.pos) : null;
        if (this.buffer[end - 1] === "\r")
          end -= 1;
        return this.buffer.substring(this.pos, end);
      }
      hasChars(n) {
        return this.pos + n <= this.buffer.length;
      }
      setNext(state) {
        this.buffer = this.buffer.substring(this.pos);
        this.pos = 0;
        this.lineEndPos = null;
        this.next = state;
        return null;
      }
      peek(n) {
        return this.buffer.substr(this.pos, n);
      }
      *parseNext(next) {
        switch (next) {
          case "stream":
            return yield* this.parseStream();
          case "line-start":
            return yield* this.parseLineStart();
          case "block-start":
            return yield* this.parseBlockStart();
          case "doc":
            return yield* this.parseDocument();
          case "flow":
            return yield* this.parseFlowCollection();
          case "quoted-scalar":
            return yield* this.parseQuotedScalar();
          case "block-scalar":
            return yield* this.parseBlockScalar();
          case "plain-scalar":
            return yield* this.parsePlainScalar();
        }
      }
      *parseStream() {
        let line = this.getLine();
        if (line === null)
          return this.setNext("stream");
        if (line[0] === BOM) {
          yield* this.pushCount(1);
          line = line.substring(1);
        }
        if (line[0] === "%") {
          let dirEnd = line.length;
          let cs = line.indexOf("#");
          while (cs !== -1) {
            const ch = line[cs - 1];
            if (ch === " " || ch === "	") {
              dirEnd = cs - 1;
              break;
            } else {
              cs = line.indexOf("#", cs + 1);
            }
          }
          while (true) {
            const ch = line[dirEnd - 1];
            if (ch === " " || ch === "	")
              dirEnd -= 1;
            else
              break;
          }
          const n = (yield* this.pushCount(dirEnd)) + (yield* this.pushSpaces(true));
          yield* this.pushCount(line.length - n);
          this.pushNewline();
          return "stream";
        }
        if (this.atLineEnd()) {
          const sp = yield* this.pushSpaces(true);
          yield* this.pushCount(line.length - sp);
          yield* this.pushNewline();
          return "stream";
        }
        yield DOCUMENT;
        return yield* this.parseLineStart();
      }
      *parseLineStart() {
        const ch = this.charAt(0);
        if (!ch && !this.atEnd)
          return this.setNext("line-start");
        if (ch === "-" || ch === ".") {
          if (!this.atEnd && !this.hasChars(4))
            return this.setNext("line-start");
          const s2 = this.peek(3);
          if ((s2 === "---" || s2 === "...") && isEmpty2(this.charAt(3))) {
            yield* this.pushCount(3);
            this.indentValue = 0;
            this.indentNext = 0;
            return s2 === "---" ? "doc" : "stream";
          }
        }
        this.indentValue = yield* this.pushSpaces(false);
        if (this.indentNext > this.indentValue && !isEmpty2(this.charAt(1)))
          this.indentNext = this.indentValue;
        return yield* this.parseBlockStart();
      }
      *parseBlockStart() {
        const [ch0, ch1] = this.peek(2);
        if (!ch1 && !this.atEnd)
          return this.setNext("block-start");
        if ((ch0 === "-" || ch0 === "?" || ch0 === ":") && isEmpty2(ch1)) {
          const n = (yield* this.pushCount(1)) + (yield* this.pushSpaces(true));
          this.indentNext = this.indentValue + 1;
          this.indentValue += n;
          return "block-start";
        }
        return "doc";
      }
      *parseDocument() {
        yield* this.pushSpaces(true);
        const line = this.getLine();
        if (line === null)
          return this.setNext("doc");
        let n = yield* this.pushIndicators();
        switch (line[n]) {
          case "#":
            yield* this.pushCount(line.length - n);
          // fallthrough
          case void 0:
            yield* this.pushNewline();
            return yield* this.parseLineStart();
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel = 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            return "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "doc";
          case '"':
          case "'":
            return yield* this.parseQuotedScalar();
          case "|":
          case ">":
            n += yield* this.parseBlockScalarHeader();
            n += yield* this.pushSpaces(true);
            yield* this.pushCount(line.length - n);
            yield* this.pushNewline();
            return yield* this.parseBlockScalar();
          default:
            return yield* this.parsePlainScalar();
        }
      }
      *parseFlowCollection() {
        let nl, sp;
        let indent = -1;
        do {
          nl = yield* this.pushNewline();
          if (nl > 0) {
            sp = yield* this.pushSpaces(false);
            this.indentValue = indent = sp;
          } else {
            sp = 0;
          }
          sp += yield* this.pushSpaces(true);
        } while (nl + sp > 0);
        const line = this.getLine();
        if (line === null)
          return this.setNext("flow");
        if (indent !== -1 && indent < this.indentNext && line[0] !== "#" || indent === 0 && (line.startsWith("---") || line.startsWith("...")) && isEmpty2(line[3])) {
          const atFlowEndMarker = indent === this.indentNext - 1 && this.flowLevel === 1 && (line[0] === "]" || line[0] === "}");
          if (!atFlowEndMarker) {
            this.flowLevel = 0;
            yield FLOW_END;
            return yield* this.parseLineStart();
          }
        }
        let n = 0;
        while (line[n] === ",") {
          n += yield* this.pushCount(1);
          n += yield* this.pushSpaces(true);
          this.flowKey = false;
        }
        n += yield* this.pushIndicators();
        switch (line[n]) {
          case void 0:
            return "flow";
          case "#":
            yield* this.pushCount(line.length - n);
            return "flow";
          case "{":
          case "[":
            yield* this.pushCount(1);
            this.flowKey = false;
            this.flowLevel += 1;
            return "flow";
          case "}":
          case "]":
            yield* this.pushCount(1);
            this.flowKey = true;
            this.flowLevel -= 1;
            return this.flowLevel ? "flow" : "doc";
          case "*":
            yield* this.pushUntil(isNotAnchorChar);
            return "flow";
          case '"':
          case "'":
            this.flowKey = true;
            return yield* this.parseQuotedScalar();
          case ":": {
            const next = this.charAt(1);
            if (this.flowKey || isEmpty2(next) || next === ",") {
              this.flowKey = false;
              yield* this.pushCount(1);
              yield* this.pushSpaces(true);
              return "flow";
            }
          }
          // fallthrough
          default:
            this.flowKey = false;
            return yield* this.parsePlainScalar();
        }
      }
      *parseQuotedScalar() {
        const quote = this.charAt(0);
        let end = this.buffer.indexOf(quote, this.pos + 1);
        if (quote === "'") {
          while (end !== -1 && this.buffer[end + 1] === "'")
            end = this.buffer.indexOf("'", end + 2);
        } else {
          while (end !== -1) {
            let n = 0;
            while (this.buffer[end - 1 - n] === "\\")
              n += 1;
            if (n % 2 === 0)
              break;
            end = this.buffer.indexOf('"', end + 1);
          }
        }
        const qb = this.buffer.substring(0, end);
        let nl = qb.indexOf("\n", this.pos);
        if (nl !== -1) {
          while (nl !== -1) {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = qb.indexOf("\n", cs);
          }
          if (nl !== -1) {
            end = nl - (qb[nl - 1] === "\r" ? 2 : 1);
          }
        }
        if (end === -1) {
          if (!this.atEnd)
            return this.setNext("quoted-scalar");
          end = this.buffer.length;
        }
        yield* this.pushToIndex(end + 1, false);
        return this.flowLevel ? "flow" : "doc";
      }
      *parseBlockScalarHeader() {
        this.blockScalarIndent = -1;
        this.blockScalarKeep = false;
        let i = this.pos;
        while (true) {
          const ch = this.buffer[++i];
          if (ch === "+")
            this.blockScalarKeep = true;
          else if (ch > "0" && ch <= "9")
            this.blockScalarIndent = Number(ch) - 1;
          else if (ch !== "-")
            break;
        }
        return yield* this.pushUntil((ch) => isEmpty2(ch) || ch === "#");
      }
      *parseBlockScalar() {
        let nl = this.pos - 1;
        let indent = 0;
        let ch;
        loop: for (let i2 = this.pos; ch = this.buffer[i2]; ++i2) {
          switch (ch) {
            case " ":
              indent += 1;
              break;
            case "\n":
              nl = i2;
              indent = 0;
              break;
            case "\r": {
              const next = this.buffer[i2 + 1];
              if (!next && !this.atEnd)
                return this.setNext("block-scalar");
              if (next === "\n")
                break;
            }
            // fallthrough
            default:
              break loop;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("block-scalar");
        if (indent >= this.indentNext) {
          if (this.blockScalarIndent === -1)
            this.indentNext = indent;
          else {
            this.indentNext = this.blockScalarIndent + (this.indentNext === 0 ? 1 : this.indentNext);
          }
          do {
            const cs = this.continueScalar(nl + 1);
            if (cs === -1)
              break;
            nl = this.buffer.indexOf("\n", cs);
          } while (nl !== -1);
          if (nl === -1) {
            if (!this.atEnd)
              return this.setNext("block-scalar");
            nl = this.buffer.length;
          }
        }
        let i = nl + 1;
        ch = this.buffer[i];
        while (ch === " ")
          ch = this.buffer[++i];
        if (ch === "	") {
          while (ch === "	" || ch === " " || ch === "\r" || ch === "\n")
            ch = this.buffer[++i];
          nl = i - 1;
        } else if (!this.blockScalarKeep) {
          do {
            let i2 = nl - 1;
            let ch2 = this.buffer[i2];
            if (ch2 === "\r")
              ch2 = this.buffer[--i2];
            const lastChar = i2;
            while (ch2 === " ")
              ch2 = this.buffer[--i2];
            if (ch2 === "\n" && i2 >= this.pos && i2 + 1 + indent > lastChar)
              nl = i2;
            else
              break;
          } while (true);
        }
        yield SCALAR2;
        yield* this.pushToIndex(nl + 1, true);
        return yield* this.parseLineStart();
      }
      *parsePlainScalar() {
        const inFlow = this.flowLevel > 0;
        let end = this.pos - 1;
        let i = this.pos - 1;
        let ch;
        while (ch = this.buffer[++i]) {
          if (ch === ":") {
            const next = this.buffer[i + 1];
            if (isEmpty2(next) || inFlow && flowIndicatorChars.has(next))
              break;
            end = i;
          } else if (isEmpty2(ch)) {
            let next = this.buffer[i + 1];
            if (ch === "\r") {
              if (next === "\n") {
                i += 1;
                ch = "\n";
                next = this.buffer[i + 1];
              } else
                end = i;
            }
            if (next === "#" || inFlow && flowIndicatorChars.has(next))
              break;
            if (ch === "\n") {
              const cs = this.continueScalar(i + 1);
              if (cs === -1)
                break;
              i = Math.max(i, cs - 2);
            }
          } else {
            if (inFlow && flowIndicatorChars.has(ch))
              break;
            end = i;
          }
        }
        if (!ch && !this.atEnd)
          return this.setNext("plain-scalar");
        yield SCALAR2;
        yield* this.pushToIndex(end + 1, true);
        return inFlow ? "flow" : "doc";
      }
      *pushCount(n) {
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos += n;
          return n;
        }
        return 0;
      }
      *pushToIndex(i, allowEmpty) {
        const s2 = this.buffer.slice(this.pos, i);
        if (s2) {
          yield s2;
          this.pos += s2.length;
          return s2.length;
        } else if (allowEmpty)
          yield "";
        return 0;
      }
      *pushIndicators() {
        let n = 0;
        loop: while (true) {
          switch (this.charAt(0)) {
            case "!":
              n += yield* this.pushTag();
              n += yield* this.pushSpaces(true);
              continue loop;
            case "&":
              n += yield* this.pushUntil(isNotAnchorChar);
              n += yield* this.pushSpaces(true);
              continue loop;
            case "-":
            // this is an error
            case "?":
            // this is an error outside flow collections
            case ":": {
              const inFlow = this.flowLevel > 0;
              const ch1 = this.charAt(1);
              if (isEmpty2(ch1) || inFlow && flowIndicatorChars.has(ch1)) {
                if (!inFlow)
                  this.indentNext = this.indentValue + 1;
                else if (this.flowKey)
                  this.flowKey = false;
                n += yield* this.pushCount(1);
                n += yield* this.pushSpaces(true);
                continue loop;
              }
            }
          }
          break loop;
        }
        return n;
      }
      *pushTag() {
        if (this.charAt(1) === "<") {
          let i = this.pos + 2;
          let ch = this.buffer[i];
          while (!isEmpty2(ch) && ch !== ">")
            ch = this.buffer[++i];
          return yield* this.pushToIndex(ch === ">" ? i + 1 : i, false);
        } else {
          let i = this.pos + 1;
          let ch = this.buffer[i];
          while (ch) {
            if (tagChars.has(ch))
              ch = this.buffer[++i];
            else if (ch === "%" && hexDigits.has(this.buffer[i + 1]) && hexDigits.has(this.buffer[i + 2])) {
              ch = this.buffer[i += 3];
            } else
              break;
          }
          return yield* this.pushToIndex(i, false);
        }
      }
      *pushNewline() {
        const ch = this.buffer[this.pos];
        if (ch === "\n")
          return yield* this.pushCount(1);
        else if (ch === "\r" && this.charAt(1) === "\n")
          return yield* this.pushCount(2);
        else
          return 0;
      }
      *pushSpaces(allowTabs) {
        let i = this.pos - 1;
        let ch;
        do {
          ch = this.buffer[++i];
        } while (ch === " " || allowTabs && ch === "	");
        const n = i - this.pos;
        if (n > 0) {
          yield this.buffer.substr(this.pos, n);
          this.pos = i;
        }
        return n;
      }
      *pushUntil(test) {
        let i = this.pos;
        let ch = this.buffer[i];
        while (!test(ch))
          ch = this.buffer[++i];
        return yield* this.pushToIndex(i, false);
      }
    };
  }
});

// node_modules/yaml/browser/dist/parse/line-counter.js
var LineCounter;
var init_line_counter = __esm({
  "node_modules/yaml/browser/dist/parse/line-counter.js"() {
    LineCounter = class {
      constructor() {
        this.lineStarts = [];
        this.addNewLine = (offset) => this.lineStarts.push(offset);
        this.linePos = (offset) => {
          let low = 0;
          let high = this.lineStarts.length;
          while (low < high) {
            const mid = low + high >> 1;
            if (this.lineStarts[mid] < offset)
              low = mid + 1;
            else
              high = mid;
          }
          if (this.lineStarts[low] === offset)
            return { line: low + 1, col: 1 };
          if (low === 0)
            return { line: 0, col: offset };
          const start = this.lineStarts[low - 1];
          return { line: low, col: offset - start + 1 };
        };
      }
    };
  }
});

// node_modules/yaml/browser/dist/parse/parser.js
function includesToken(list, type) {
  for (let i = 0; i < list.length; ++i)
    if (list[i].type === type)
      return true;
  return false;
}
function findNonEmptyIndex(list) {
  for (let i = 0; i < list.length; ++i) {
    switch (list[i].type) {
      case "space":
      case "comment":
      case "newline":
        break;
      default:
        return i;
    }
  }
  return -1;
}
function isFlowToken(token) {
  switch (token?.type) {
    case "alias":
    case "scalar":
    case "single-quoted-scalar":
    case "double-quoted-scalar":
    case "flow-collection":
      return true;
    default:
      return false;
  }
}
function getPrevProps(parent) {
  switch (parent.type) {
    case "document":
      return parent.start;
    case "block-map": {
      const it = parent.items[parent.items.length - 1];
      return it.sep ?? it.start;
    }
    case "block-seq":
      return parent.items[parent.items.length - 1].start;
    /* istanbul ignore next should not happen */
    default:
      return [];
  }
}
function getFirstKeyStartProps(prev) {
  if (prev.length === 0)
    return [];
  let i = prev.length;
  loop: while (--i >= 0) {
    switch (prev[i].type) {
      case "doc-start":
      case "explicit-key-ind":
      case "map-value-ind":
      case "seq-item-ind":
      case "newline":
        break loop;
    }
  }
  while (prev[++i]?.type === "space") {
  }
  return prev.splice(i, prev.length);
}
function arrayPushArray(target, source) {
  if (source.length < 1e5)
    Array.prototype.push.apply(target, source);
  else
    for (let i = 0; i < source.length; ++i)
      target.push(source[i]);
}
function fixFlowSeqItems(fc) {
  if (fc.start.type === "flow-seq-start") {
    for (const it of fc.items) {
      if (it.sep && !it.value && !includesToken(it.start, "explicit-key-ind") && !includesToken(it.sep, "map-value-ind")) {
        if (it.key)
          it.value = it.key;
        delete it.key;
        if (isFlowToken(it.value)) {
          if (it.value.end)
            arrayPushArray(it.value.end, it.sep);
          else
            it.value.end = it.sep;
        } else
          arrayPushArray(it.start, it.sep);
        delete it.sep;
      }
    }
  }
}
var Parser;
var init_parser = __esm({
  "node_modules/yaml/browser/dist/parse/parser.js"() {
    init_cst();
    init_lexer();
    Parser = class {
      /**
       * @param onNewLine - If defined, called separately with the start position of
       *   each new line (in `parse()`, including the start of input).
       */
      constructor(onNewLine) {
        this.atNewLine = true;
        this.atScalar = false;
        this.indent = 0;
        this.offset = 0;
        this.onKeyLine = false;
        this.stack = [];
        this.source = "";
        this.type = "";
        this.lexer = new Lexer();
        this.onNewLine = onNewLine;
      }
      /**
       * Parse `source` as a YAML stream.
       * If `incomplete`, a part of the last line may be left as a buffer for the next call.
       *
       * Errors are not thrown, but yielded as `{ type: 'error', message }` tokens.
       *
       * @returns A generator of tokens representing each directive, document, and other structure.
       */
      *parse(source, incomplete = false) {
        if (this.onNewLine && this.offset === 0)
          this.onNewLine(0);
        for (const lexeme of this.lexer.lex(source, incomplete))
          yield* this.next(lexeme);
        if (!incomplete)
          yield* this.end();
      }
      /**
       * Advance the parser by the `source` of one lexical token.
       */
      *next(source) {
        this.source = source;
        if (this.atScalar) {
          this.atScalar = false;
          yield* this.step();
          this.offset += source.length;
          return;
        }
        const type = tokenType(source);
        if (!type) {
          const message = `Not a YAML token: ${source}`;
          yield* this.pop({ type: "error", offset: this.offset, message, source });
          this.offset += source.length;
        } else if (type === "scalar") {
          this.atNewLine = false;
          this.atScalar = true;
          this.type = "scalar";
        } else {
          this.type = type;
          yield* this.step();
          switch (type) {
            case "newline":
              this.atNewLine = true;
              this.indent = 0;
              if (this.onNewLine)
                this.onNewLine(this.offset + source.length);
              break;
            case "space":
              if (this.atNewLine && source[0] === " ")
                this.indent += source.length;
              break;
            case "explicit-key-ind":
            case "map-value-ind":
            case "seq-item-ind":
              if (this.atNewLine)
                this.indent += source.length;
              break;
            case "doc-mode":
            case "flow-error-end":
              return;
            default:
              this.atNewLine = false;
          }
          this.offset += source.length;
        }
      }
      /** Call at end of input to push out any remaining constructions */
      *end() {
        while (this.stack.length > 0)
          yield* this.pop();
      }
      get sourceToken() {
        const st = {
          type: this.type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
        return st;
      }
      *step() {
        const top = this.peek(1);
        if (this.type === "doc-end" && top?.type !== "doc-end") {
          while (this.stack.length > 0)
            yield* this.pop();
          this.stack.push({
            type: "doc-end",
            offset: this.offset,
            source: this.source
          });
          return;
        }
        if (!top)
          return yield* this.stream();
        switch (top.type) {
          case "document":
            return yield* this.document(top);
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return yield* this.scalar(top);
          case "block-scalar":
            return yield* this.blockScalar(top);
          case "block-map":
            return yield* this.blockMap(top);
          case "block-seq":
            return yield* this.blockSequence(top);
          case "flow-collection":
            return yield* this.flowCollection(top);
          case "doc-end":
            return yield* this.documentEnd(top);
        }
        yield* this.pop();
      }
      peek(n) {
        return this.stack[this.stack.length - n];
      }
      *pop(error) {
        const token = error ?? this.stack.pop();
        if (!token) {
          const message = "Tried to pop an empty stack";
          yield { type: "error", offset: this.offset, source: "", message };
        } else if (this.stack.length === 0) {
          yield token;
        } else {
          const top = this.peek(1);
          if (token.type === "block-scalar") {
            token.indent = "indent" in top ? top.indent : 0;
          } else if (token.type === "flow-collection" && top.type === "document") {
            token.indent = 0;
          }
          if (token.type === "flow-collection")
            fixFlowSeqItems(token);
          switch (top.type) {
            case "document":
              top.value = token;
              break;
            case "block-scalar":
              top.props.push(token);
              break;
            case "block-map": {
              const it = top.items[top.items.length - 1];
              if (it.value) {
                top.items.push({ start: [], key: token, sep: [] });
                this.onKeyLine = true;
                return;
              } else if (it.sep) {
                it.value = token;
              } else {
                Object.assign(it, { key: token, sep: [] });
                this.onKeyLine = !it.explicitKey;
                return;
              }
              break;
            }
            case "block-seq": {
              const it = top.items[top.items.length - 1];
              if (it.value)
                top.items.push({ start: [], value: token });
              else
                it.value = token;
              break;
            }
            case "flow-collection": {
              const it = top.items[top.items.length - 1];
              if (!it || it.value)
                top.items.push({ start: [], key: token, sep: [] });
              else if (it.sep)
                it.value = token;
              else
                Object.assign(it, { key: token, sep: [] });
              return;
            }
            /* istanbul ignore next should not happen */
            default:
              yield* this.pop();
              yield* this.pop(token);
          }
          if ((top.type === "document" || top.type === "block-map" || top.type === "block-seq") && (token.type === "block-map" || token.type === "block-seq")) {
            const last = token.items[token.items.length - 1];
            if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 && (token.indent === 0 || last.start.every((st) => st.type !== "comment" || st.indent < token.indent))) {
              if (top.type === "document")
                top.end = last.start;
              else
                top.items.push({ start: last.start });
              token.items.splice(-1, 1);
            }
          }
        }
      }
      *stream() {
        switch (this.type) {
          case "directive-line":
            yield { type: "directive", offset: this.offset, source: this.source };
            return;
          case "byte-order-mark":
          case "space":
          case "comment":
          case "newline":
            yield this.sourceToken;
            return;
          case "doc-mode":
          case "doc-start": {
            const doc = {
              type: "document",
              offset: this.offset,
              start: []
            };
            if (this.type === "doc-start")
              doc.start.push(this.sourceToken);
            this.stack.push(doc);
            return;
          }
        }
        yield {
          type: "error",
          offset: this.offset,
          message: `Unexpected ${this.type} token in YAML stream`,
          source: this.source
        };
      }
      *document(doc) {
        if (doc.value)
          return yield* this.lineEnd(doc);
        switch (this.type) {
          case "doc-start": {
            if (findNonEmptyIndex(doc.start) !== -1) {
              yield* this.pop();
              yield* this.step();
            } else
              doc.start.push(this.sourceToken);
            return;
          }
          case "anchor":
          case "tag":
          case "space":
          case "comment":
          case "newline":
            doc.start.push(this.sourceToken);
            return;
        }
        const bv = this.startBlockValue(doc);
        if (bv)
          this.stack.push(bv);
        else {
          yield {
            type: "error",
            offset: this.offset,
            message: `Unexpected ${this.type} token in YAML document`,
            source: this.source
          };
        }
      }
      *scalar(scalar2) {
        if (this.type === "map-value-ind") {
          const prev = getPrevProps(this.peek(2));
          const start = getFirstKeyStartProps(prev);
          let sep;
          if (scalar2.end) {
            sep = scalar2.end;
            sep.push(this.sourceToken);
            delete scalar2.end;
          } else
            sep = [this.sourceToken];
          const map2 = {
            type: "block-map",
            offset: scalar2.offset,
            indent: scalar2.indent,
            items: [{ start, key: scalar2, sep }]
          };
          this.onKeyLine = true;
          this.stack[this.stack.length - 1] = map2;
        } else
          yield* this.lineEnd(scalar2);
      }
      *blockScalar(scalar2) {
        switch (this.type) {
          case "space":
          case "comment":
          case "newline":
            scalar2.props.push(this.sourceToken);
            return;
          case "scalar":
            scalar2.source = this.source;
            this.atNewLine = true;
            this.indent = 0;
            if (this.onNewLine) {
              let nl = this.source.indexOf("\n") + 1;
              while (nl !== 0) {
                this.onNewLine(this.offset + nl);
                nl = this.source.indexOf("\n", nl) + 1;
              }
            }
            yield* this.pop();
            break;
          /* istanbul ignore next should not happen */
          default:
            yield* this.pop();
            yield* this.step();
        }
      }
      *blockMap(map2) {
        const it = map2.items[map2.items.length - 1];
        switch (this.type) {
          case "newline":
            this.onKeyLine = false;
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                map2.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              it.start.push(this.sourceToken);
            }
            return;
          case "space":
          case "comment":
            if (it.value) {
              map2.items.push({ start: [this.sourceToken] });
            } else if (it.sep) {
              it.sep.push(this.sourceToken);
            } else {
              if (this.atIndentedComment(it.start, map2.indent)) {
                const prev = map2.items[map2.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  map2.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
        }
        if (this.indent >= map2.indent) {
          const atMapIndent = !this.onKeyLine && this.indent === map2.indent;
          const atNextItem = atMapIndent && (it.sep || it.explicitKey) && this.type !== "seq-item-ind";
          let start = [];
          if (atNextItem && it.sep && !it.value) {
            const nl = [];
            for (let i = 0; i < it.sep.length; ++i) {
              const st = it.sep[i];
              switch (st.type) {
                case "newline":
                  nl.push(i);
                  break;
                case "space":
                  break;
                case "comment":
                  if (st.indent > map2.indent)
                    nl.length = 0;
                  break;
                default:
                  nl.length = 0;
              }
            }
            if (nl.length >= 2)
              start = it.sep.splice(nl[1]);
          }
          switch (this.type) {
            case "anchor":
            case "tag":
              if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map2.items.push({ start });
                this.onKeyLine = true;
              } else if (it.sep) {
                it.sep.push(this.sourceToken);
              } else {
                it.start.push(this.sourceToken);
              }
              return;
            case "explicit-key-ind":
              if (!it.sep && !it.explicitKey) {
                it.start.push(this.sourceToken);
                it.explicitKey = true;
              } else if (atNextItem || it.value) {
                start.push(this.sourceToken);
                map2.items.push({ start, explicitKey: true });
              } else {
                this.stack.push({
                  type: "block-map",
                  offset: this.offset,
                  indent: this.indent,
                  items: [{ start: [this.sourceToken], explicitKey: true }]
                });
              }
              this.onKeyLine = true;
              return;
            case "map-value-ind":
              if (it.explicitKey) {
                if (!it.sep) {
                  if (includesToken(it.start, "newline")) {
                    Object.assign(it, { key: null, sep: [this.sourceToken] });
                  } else {
                    const start2 = getFirstKeyStartProps(it.start);
                    this.stack.push({
                      type: "block-map",
                      offset: this.offset,
                      indent: this.indent,
                      items: [{ start: start2, key: null, sep: [this.sourceToken] }]
                    });
                  }
                } else if (it.value) {
                  map2.items.push({ start: [], key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start, key: null, sep: [this.sourceToken] }]
                  });
                } else if (isFlowToken(it.key) && !includesToken(it.sep, "newline")) {
                  const start2 = getFirstKeyStartProps(it.start);
                  const key = it.key;
                  const sep = it.sep;
                  sep.push(this.sourceToken);
                  delete it.key;
                  delete it.sep;
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: start2, key, sep }]
                  });
                } else if (start.length > 0) {
                  it.sep = it.sep.concat(start, this.sourceToken);
                } else {
                  it.sep.push(this.sourceToken);
                }
              } else {
                if (!it.sep) {
                  Object.assign(it, { key: null, sep: [this.sourceToken] });
                } else if (it.value || atNextItem) {
                  map2.items.push({ start, key: null, sep: [this.sourceToken] });
                } else if (includesToken(it.sep, "map-value-ind")) {
                  this.stack.push({
                    type: "block-map",
                    offset: this.offset,
                    indent: this.indent,
                    items: [{ start: [], key: null, sep: [this.sourceToken] }]
                  });
                } else {
                  it.sep.push(this.sourceToken);
                }
              }
              this.onKeyLine = true;
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (atNextItem || it.value) {
                map2.items.push({ start, key: fs, sep: [] });
                this.onKeyLine = true;
              } else if (it.sep) {
                this.stack.push(fs);
              } else {
                Object.assign(it, { key: fs, sep: [] });
                this.onKeyLine = true;
              }
              return;
            }
            default: {
              const bv = this.startBlockValue(map2);
              if (bv) {
                if (bv.type === "block-seq") {
                  if (!it.explicitKey && it.sep && !includesToken(it.sep, "newline")) {
                    yield* this.pop({
                      type: "error",
                      offset: this.offset,
                      message: "Unexpected block-seq-ind on same line with key",
                      source: this.source
                    });
                    return;
                  }
                } else if (atMapIndent) {
                  map2.items.push({ start });
                }
                this.stack.push(bv);
                return;
              }
            }
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *blockSequence(seq2) {
        const it = seq2.items[seq2.items.length - 1];
        switch (this.type) {
          case "newline":
            if (it.value) {
              const end = "end" in it.value ? it.value.end : void 0;
              const last = Array.isArray(end) ? end[end.length - 1] : void 0;
              if (last?.type === "comment")
                end?.push(this.sourceToken);
              else
                seq2.items.push({ start: [this.sourceToken] });
            } else
              it.start.push(this.sourceToken);
            return;
          case "space":
          case "comment":
            if (it.value)
              seq2.items.push({ start: [this.sourceToken] });
            else {
              if (this.atIndentedComment(it.start, seq2.indent)) {
                const prev = seq2.items[seq2.items.length - 2];
                const end = prev?.value?.end;
                if (Array.isArray(end)) {
                  arrayPushArray(end, it.start);
                  end.push(this.sourceToken);
                  seq2.items.pop();
                  return;
                }
              }
              it.start.push(this.sourceToken);
            }
            return;
          case "anchor":
          case "tag":
            if (it.value || this.indent <= seq2.indent)
              break;
            it.start.push(this.sourceToken);
            return;
          case "seq-item-ind":
            if (this.indent !== seq2.indent)
              break;
            if (it.value || includesToken(it.start, "seq-item-ind"))
              seq2.items.push({ start: [this.sourceToken] });
            else
              it.start.push(this.sourceToken);
            return;
        }
        if (this.indent > seq2.indent) {
          const bv = this.startBlockValue(seq2);
          if (bv) {
            this.stack.push(bv);
            return;
          }
        }
        yield* this.pop();
        yield* this.step();
      }
      *flowCollection(fc) {
        const it = fc.items[fc.items.length - 1];
        if (this.type === "flow-error-end") {
          let top;
          do {
            yield* this.pop();
            top = this.peek(1);
          } while (top?.type === "flow-collection");
        } else if (fc.end.length === 0) {
          switch (this.type) {
            case "comma":
            case "explicit-key-ind":
              if (!it || it.sep)
                fc.items.push({ start: [this.sourceToken] });
              else
                it.start.push(this.sourceToken);
              return;
            case "map-value-ind":
              if (!it || it.value)
                fc.items.push({ start: [], key: null, sep: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                Object.assign(it, { key: null, sep: [this.sourceToken] });
              return;
            case "space":
            case "comment":
            case "newline":
            case "anchor":
            case "tag":
              if (!it || it.value)
                fc.items.push({ start: [this.sourceToken] });
              else if (it.sep)
                it.sep.push(this.sourceToken);
              else
                it.start.push(this.sourceToken);
              return;
            case "alias":
            case "scalar":
            case "single-quoted-scalar":
            case "double-quoted-scalar": {
              const fs = this.flowScalar(this.type);
              if (!it || it.value)
                fc.items.push({ start: [], key: fs, sep: [] });
              else if (it.sep)
                this.stack.push(fs);
              else
                Object.assign(it, { key: fs, sep: [] });
              return;
            }
            case "flow-map-end":
            case "flow-seq-end":
              fc.end.push(this.sourceToken);
              return;
          }
          const bv = this.startBlockValue(fc);
          if (bv)
            this.stack.push(bv);
          else {
            yield* this.pop();
            yield* this.step();
          }
        } else {
          const parent = this.peek(2);
          if (parent.type === "block-map" && (this.type === "map-value-ind" && parent.indent === fc.indent || this.type === "newline" && !parent.items[parent.items.length - 1].sep)) {
            yield* this.pop();
            yield* this.step();
          } else if (this.type === "map-value-ind" && parent.type !== "flow-collection") {
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            fixFlowSeqItems(fc);
            const sep = fc.end.splice(1, fc.end.length);
            sep.push(this.sourceToken);
            const map2 = {
              type: "block-map",
              offset: fc.offset,
              indent: fc.indent,
              items: [{ start, key: fc, sep }]
            };
            this.onKeyLine = true;
            this.stack[this.stack.length - 1] = map2;
          } else {
            yield* this.lineEnd(fc);
          }
        }
      }
      flowScalar(type) {
        if (this.onNewLine) {
          let nl = this.source.indexOf("\n") + 1;
          while (nl !== 0) {
            this.onNewLine(this.offset + nl);
            nl = this.source.indexOf("\n", nl) + 1;
          }
        }
        return {
          type,
          offset: this.offset,
          indent: this.indent,
          source: this.source
        };
      }
      startBlockValue(parent) {
        switch (this.type) {
          case "alias":
          case "scalar":
          case "single-quoted-scalar":
          case "double-quoted-scalar":
            return this.flowScalar(this.type);
          case "block-scalar-header":
            return {
              type: "block-scalar",
              offset: this.offset,
              indent: this.indent,
              props: [this.sourceToken],
              source: ""
            };
          case "flow-map-start":
          case "flow-seq-start":
            return {
              type: "flow-collection",
              offset: this.offset,
              indent: this.indent,
              start: this.sourceToken,
              items: [],
              end: []
            };
          case "seq-item-ind":
            return {
              type: "block-seq",
              offset: this.offset,
              indent: this.indent,
              items: [{ start: [this.sourceToken] }]
            };
          case "explicit-key-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            start.push(this.sourceToken);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, explicitKey: true }]
            };
          }
          case "map-value-ind": {
            this.onKeyLine = true;
            const prev = getPrevProps(parent);
            const start = getFirstKeyStartProps(prev);
            return {
              type: "block-map",
              offset: this.offset,
              indent: this.indent,
              items: [{ start, key: null, sep: [this.sourceToken] }]
            };
          }
        }
        return null;
      }
      atIndentedComment(start, indent) {
        if (this.type !== "comment")
          return false;
        if (this.indent <= indent)
          return false;
        return start.every((st) => st.type === "newline" || st.type === "space");
      }
      *documentEnd(docEnd) {
        if (this.type !== "doc-mode") {
          if (docEnd.end)
            docEnd.end.push(this.sourceToken);
          else
            docEnd.end = [this.sourceToken];
          if (this.type === "newline")
            yield* this.pop();
        }
      }
      *lineEnd(token) {
        switch (this.type) {
          case "comma":
          case "doc-start":
          case "doc-end":
          case "flow-seq-end":
          case "flow-map-end":
          case "map-value-ind":
            yield* this.pop();
            yield* this.step();
            break;
          case "newline":
            this.onKeyLine = false;
          // fallthrough
          case "space":
          case "comment":
          default:
            if (token.end)
              token.end.push(this.sourceToken);
            else
              token.end = [this.sourceToken];
            if (this.type === "newline")
              yield* this.pop();
        }
      }
    };
  }
});

// node_modules/yaml/browser/dist/public-api.js
function parseOptions(options) {
  const prettyErrors = options.prettyErrors !== false;
  const lineCounter = options.lineCounter || prettyErrors && new LineCounter() || null;
  return { lineCounter, prettyErrors };
}
function parseDocument(source, options = {}) {
  const { lineCounter, prettyErrors } = parseOptions(options);
  const parser = new Parser(lineCounter?.addNewLine);
  const composer = new Composer(options);
  let doc = null;
  for (const _doc of composer.compose(parser.parse(source), true, source.length)) {
    if (!doc)
      doc = _doc;
    else if (doc.options.logLevel !== "silent") {
      doc.errors.push(new YAMLParseError(_doc.range.slice(0, 2), "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"));
      break;
    }
  }
  if (prettyErrors && lineCounter) {
    doc.errors.forEach(prettifyError(source, lineCounter));
    doc.warnings.forEach(prettifyError(source, lineCounter));
  }
  return doc;
}
var init_public_api = __esm({
  "node_modules/yaml/browser/dist/public-api.js"() {
    init_composer();
    init_Document();
    init_errors6();
    init_log();
    init_identity();
    init_line_counter();
    init_parser();
  }
});

// node_modules/yaml/browser/dist/index.js
var init_dist2 = __esm({
  "node_modules/yaml/browser/dist/index.js"() {
    init_composer();
    init_Document();
    init_Schema();
    init_errors6();
    init_Alias();
    init_identity();
    init_Pair();
    init_Scalar();
    init_YAMLMap();
    init_YAMLSeq();
    init_cst();
    init_lexer();
    init_line_counter();
    init_parser();
    init_public_api();
    init_visit();
  }
});

// node_modules/yaml/browser/index.js
var init_browser = __esm({
  "node_modules/yaml/browser/index.js"() {
    init_dist2();
    init_dist2();
  }
});

// src/contract/rules.ts
function robotFit(n, kind2, of = "") {
  const info = kindInfo(kind2);
  const out = [];
  if (n.style === "run_card" && kind2 !== "dingtalk_app") {
    out.push({
      keys: ["style"],
      severity: "error",
      message: `style run_card${of} needs a DingTalk app robot, and credential '${n.credential}' is a ${info.label} robot`,
      fix: "point the notification at a credential of type dingtalk_app (only app robots can change a card in place), or write style: markdown"
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
      fix: mobile ? `write the member's open_id (ou_…) or all — ${info.words.en.mentions}` : `write the member's mobile number or all — ${info.words.en.mentions}`
    });
  });
  return out;
}
function listed(names2) {
  if (names2.length === 0) return "none";
  return names2.length <= 10 ? names2.join(", ") : `${names2.slice(0, 10).join(", ")} and ${names2.length - 10} more`;
}
var init_rules = __esm({
  "src/contract/rules.ts"() {
    "use strict";
    init_kinds();
    init_mentions();
  }
});

// src/notify/secret-names.ts
function isSecretName(name) {
  const upper = name.toUpperCase();
  if (NOT_SECRET.has(upper)) return false;
  if (ANYWHERE2.test(upper)) return true;
  return upper.split(/[^A-Z0-9]+/).some((word) => WHOLE_WORDS.has(word));
}
var ANYWHERE2, WHOLE_WORDS, NOT_SECRET;
var init_secret_names = __esm({
  "src/notify/secret-names.ts"() {
    "use strict";
    ANYWHERE2 = /SECRET|TOKEN|PASSWORD|PASSWD|PASSPHRASE|CREDENTIAL|WEBHOOK|SIGNATURE|COOKIE|APIKEY|PRIVATEKEY|ACCESSKEY/i;
    WHOLE_WORDS = /* @__PURE__ */ new Set([
      "AUTH",
      "AUTHORIZATION",
      "BEARER",
      "CREDS",
      "DSN",
      "KEY",
      "KEYS",
      "PASS",
      "PAT",
      "PRIVATE",
      "PWD"
    ]);
    NOT_SECRET = /* @__PURE__ */ new Set(["PWD", "OLDPWD"]);
  }
});

// src/config/keys.ts
var keysOf, TOP_KEYS, CREDENTIAL_KEYS, RATE_LIMIT_KEYS, NOTIFICATION_KEYS;
var init_keys = __esm({
  "src/config/keys.ts"() {
    "use strict";
    init_config5();
    init_did_you_mean();
    keysOf = (entries) => Object.keys(entries);
    TOP_KEYS = keysOf(ConfigFileSchema.entries);
    CREDENTIAL_KEYS = keysOf(CredentialFileSchema.entries);
    RATE_LIMIT_KEYS = keysOf(CredentialFileSchema.entries.rate_limit.wrapped.entries);
    NOTIFICATION_KEYS = keysOf(NotificationSchema.entries);
  }
});

// src/config/notification.ts
function definedCredentials(names2) {
  return { names: names2, set: new Set(names2) };
}
function closest(name, defined) {
  return defined.names.length <= 1e3 ? didYouMean(name, defined.names) : void 0;
}
function checkNotification(raw, defined, env, report) {
  const before = report.errorCount;
  const name = `notification #${raw.number}`;
  const credential = raw.credential?.value;
  if (!raw.keys.has("credential"))
    report.error(
      raw.node,
      `${name} has no credential:`,
      `add \`credential: <name>\` naming the robot (defined: ${listed(defined.names)})`
    );
  else if (credential !== void 0 && !defined.set.has(credential)) {
    const close = closest(credential, defined);
    report.error(
      raw.credential.node,
      `credential '${credential}' is not defined (defined: ${listed(defined.names)})${close ? ` — did you mean '${close}'?` : ""}`,
      close ? `write credential: ${close}` : `add '${credential}' under credentials:, or name one of the defined credentials`
    );
  }
  const seen = /* @__PURE__ */ new Map();
  for (const item of raw.events?.items ?? []) {
    const event = toEventName(item.value);
    const first = seen.get(event);
    if (first !== void 0)
      report.warning(
        item.node,
        `event '${item.value}' repeats '${first}' in ${name} (both mean ${event})`,
        `remove '${item.value}'`
      );
    else if (isTransition(event))
      report.warning(
        item.node,
        `event '${item.value}' of ${name} needs the history of the task's outcomes, which only dingpipe serve keeps: a pipeline step (notify, run) cannot tell ${event === "fixed" ? "a fix from a success" : "a new failure from a repeated one"}, so it never sends for '${item.value}'`,
        `select ${statusOf(event)} here, or set this notification up in dingpipe serve (console, or POST /api/notifications), which derives ${event}`
      );
    if (first === void 0) seen.set(event, item.value);
  }
  if (!raw.events && !raw.keys.has("events"))
    report.error(
      raw.node,
      `${name} has no events:`,
      "add the events that send a message, e.g. `events: [failure, success]`"
    );
  const content = /* @__PURE__ */ new Set();
  for (const item of raw.content?.items ?? []) {
    const known = item.value.trim().toLowerCase();
    if (content.has(known))
      report.warning(
        item.node,
        `content item '${known}' is listed twice in ${name}`,
        `remove one '${known}'`
      );
    content.add(known);
  }
  if (raw.content && raw.content.items.length === 0 && !raw.custom && isEmptyList(raw.content.node))
    report.warning(
      raw.content.node,
      `${name} has empty content and no custom: its messages say only the status`,
      "list content items, or write custom:"
    );
  if (raw.custom) unknownVariables(raw.custom, `custom of ${name}`, env, report);
  mentions(raw.at, name, env, report);
  if (raw.name?.value.trim() === "")
    report.warning(
      raw.name.node,
      `name of ${name} is blank`,
      "write what the team calls it (e.g. name: deploy alerts), or remove the key"
    );
  return report.errorCount > before ? void 0 : raw.rule;
}
function isEmptyList(node) {
  return isSeq(node) && node.items.length === 0;
}
function mentions(list, name, env, report) {
  let all;
  let others = 0;
  for (const item of list?.items ?? []) {
    const v = item.value.trim();
    if (v.toLowerCase() === "all") {
      all = item;
      continue;
    }
    others++;
    if (!isMentionEntry(v)) {
      report.warning(
        item.node,
        `'${v}' in at of ${name} is not a mobile number`,
        `write the member's mobile (13800000000, or +852-12345678), a Feishu open_id (ou_…), a ${ref("VAR")} holding one, or all`
      );
    } else unknownVariables(item, `at of ${name}`, env, report);
  }
  if (all && others > 0) {
    report.warning(
      all.node,
      `at of ${name} has all and mobiles: all already mentions everyone`,
      "keep only all, or only the mobiles"
    );
  }
}
function unknownVariables(t2, where, env, report) {
  for (const v of referencedVariables(t2.value)) {
    if (isSecretName(v) && !(v in BUILTIN_VARIABLES)) {
      report.warning(
        t2.node,
        `\${${v}} in ${where} looks like a secret: dingpipe never puts secret-looking variables into a message`,
        "remove the reference, or rename the variable if it holds no secret",
        { needle: `\${${v}` }
      );
      continue;
    }
    if (v in BUILTIN_VARIABLES || env[v] !== void 0) continue;
    if (t2.value.includes(`\${${v}:-`) && !t2.value.includes(`\${${v}}`)) continue;
    report.warning(
      t2.node,
      `\${${v}} in ${where} is not a dingpipe variable and is not set here`,
      `check the name (dingpipe's variables: DINGPIPE_*, see docs/configuration.md), or give a default: \${${v}:-…}`,
      { needle: `\${${v}` }
    );
  }
}
var init_notification = __esm({
  "src/config/notification.ts"() {
    "use strict";
    init_browser();
    init_rules();
    init_mentions();
    init_secret_names();
    init_template();
    init_status();
    init_interpolate();
    init_keys();
  }
});

// src/config/rules.ts
function crossCheck(raw, rules, report) {
  const groups = /* @__PURE__ */ new Map();
  for (let j = 0; j < rules.length; j++) {
    const b = rules[j];
    if (b.rule.enabled === false) continue;
    const key = JSON.stringify([b.rule.credential, setKey(b.rule.tasks), setKey(b.rule.pipelines)]);
    const firstWith = groups.get(key) ?? /* @__PURE__ */ new Map();
    groups.set(key, firstWith);
    let i = Number.POSITIVE_INFINITY;
    for (const e of b.rule.events) i = Math.min(i, firstWith.get(e) ?? Number.POSITIVE_INFINITY);
    for (const e of b.rule.events) if (!firstWith.has(e)) firstWith.set(e, j);
    if (i !== Number.POSITIVE_INFINITY) {
      const a = rules[i];
      const shared3 = b.rule.events.filter((e) => a.rule.events.includes(e));
      const identical = JSON.stringify(normal(a.rule)) === JSON.stringify(normal(b.rule));
      report.warning(
        b.raw.node,
        identical ? `notification #${b.raw.number} duplicates notification #${a.raw.number}` : `notification #${b.raw.number} repeats notification #${a.raw.number} for ${shared3.join(", ")} (same credential '${b.rule.credential}' and tasks): the group gets two messages`,
        identical ? `remove notification #${b.raw.number}` : `merge them, or give them different events or tasks`
      );
    }
  }
  mentionChecks(raw, rules, report);
  names(rules, report);
  if (raw.notificationsNode && rules.length > 0 && rules.length === raw.notifications.length && rules.every((r) => r.rule.enabled === false)) {
    report.warning(
      raw.notificationsNode,
      `every notification is switched off (enabled: false): nothing will be sent`,
      "write enabled: true (or remove enabled:) on the notifications that should send"
    );
  }
  if (raw.notificationsNode && raw.notifications.length === 0) {
    report.warning(
      raw.notificationsNode,
      "no notifications: nothing will be sent",
      "add `- credential: <name>` with `events: [failure]` under notifications:"
    );
  }
  const used = new Set(rules.map((r) => r.rule.credential));
  for (const n of raw.notifications) if (n.credential) used.add(n.credential.value);
  for (const c of raw.credentials) {
    if (!used.has(c.name)) {
      report.warning(
        c.keyNode,
        `credential '${c.name}' is not used by any notification`,
        `remove it, or add a notification with credential: ${c.name}`,
        { credential: c.name }
      );
    }
  }
}
function names(rules, report) {
  const first = /* @__PURE__ */ new Map();
  for (const { raw: n, rule } of rules) {
    if (rule.name === void 0) continue;
    const key = rule.name.toLowerCase();
    const earlier = first.get(key);
    if (earlier === void 0) first.set(key, n.number);
    else
      report.warning(
        n.name?.node ?? n.node,
        `notification #${n.number} has the same name as notification #${earlier} ('${rule.name}'): reports cannot tell them apart`,
        "give each notification its own name"
      );
  }
}
function setKey(list) {
  return list === void 0 ? null : [...list].sort();
}
function normal(r) {
  return {
    ...r,
    events: [...r.events].sort(),
    tasks: r.tasks && [...r.tasks].sort(),
    pipelines: r.pipelines && [...r.pipelines].sort()
  };
}
function sharedRobots(raw, credentials, report) {
  if (raw.credentials.length < 2) return;
  const first = /* @__PURE__ */ new Map();
  for (const c of raw.credentials) {
    const credential = credentials[c.name];
    if (credential === void 0) continue;
    const channel = channelFor(credential.kind);
    const key = channel.robotKey({ ...credential, kind: channel.info.kind }, plainKeyer);
    if (key === void 0) continue;
    const other = first.get(key);
    if (other === void 0) {
      first.set(key, c.name);
      continue;
    }
    const { label, defaultRate } = channel.info;
    report.warning(
      c.keyNode,
      `credential '${c.name}' sends to the same robot as credential '${other}': they share the ${label} robot's limit of ${defaultRate.messages} messages ${defaultRate.perSeconds === 60 ? "a minute" : `per ${defaultRate.perSeconds} s`}`,
      `use credential '${other}' in the notifications of '${c.name}' and remove '${c.name}', or give it another robot's webhook`,
      { credential: c.name }
    );
  }
}
function mentionChecks(raw, rules, report) {
  const kinds = new Map(
    raw.credentials.map(
      (c) => [c.name, (c.type ? kindOfWord(c.type.value) : void 0) ?? "dingtalk"]
    )
  );
  for (const { raw: n, rule } of rules) {
    const kind2 = kinds.get(rule.credential);
    if (kind2 === void 0) continue;
    const at2 = n.at?.items.map((item) => item.value);
    for (const f of robotFit({ ...rule, at: at2 }, kind2, ` of notification #${n.number}`)) {
      const node = f.keys[0] === "style" ? n.style?.node ?? n.node : n.at?.items[f.keys[1]]?.node ?? n.node;
      report[f.severity](node, f.message, f.fix);
    }
  }
}
var init_rules2 = __esm({
  "src/config/rules.ts"() {
    "use strict";
    init_channels();
    init_kinds();
    init_robot_key();
    init_rules();
  }
});

// src/contract/yaml-position.ts
function nodeOf(doc, problem) {
  const keys = problem.field === "missing" ? problem.keys.slice(0, -1) : problem.keys;
  let node = resolve(doc, doc.contents);
  for (let i = 0; i < keys.length && node !== void 0; i++) {
    const key = keys[i];
    const last = i === keys.length - 1;
    if (isSeq(node) && typeof key === "number") {
      const item = resolve(doc, node.items[key]);
      if (item === void 0) return node;
      node = item;
    } else if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(doc, p.key) === String(key));
      if (pair === void 0) return node;
      if (last && problem.field === "unknown") return pair.key;
      node = resolve(doc, pair.value) ?? pair.key;
    } else return node;
  }
  return node;
}
function keyText(doc, key) {
  const k = resolve(doc, key);
  return k !== void 0 && isScalar(k) ? String(k.value) : void 0;
}
function resolve(doc, node) {
  if (node === null || node === void 0) return void 0;
  return isAlias(node) ? node.resolve(doc) ?? node : node;
}
var init_yaml_position = __esm({
  "src/contract/yaml-position.ts"() {
    "use strict";
    init_browser();
  }
});

// src/config/shape.ts
function readShape(doc, source, report) {
  const root = nodeOf(doc, { keys: [] });
  if (root === void 0 || isScalar(root) && root.value === null) {
    report.error(
      { offset: 0 },
      "the file is empty",
      "add `credentials:` (your DingTalk group robots) and `notifications:` (see docs/configuration.md)"
    );
    return void 0;
  }
  if (!isMap(root)) {
    report.error(
      root,
      "the file must be a mapping with `credentials:` and `notifications:`",
      "start the file with `credentials:` at the beginning of a line (see docs/configuration.md)"
    );
    return void 0;
  }
  visit(doc, {
    Scalar(_, node) {
      if (typeof node.value === "number" && node.range)
        node.value = source.slice(node.range[0], node.range[1]);
    }
  });
  let value;
  try {
    value = asWritten(ConfigFileSchema, doc.toJS({ maxAliasCount: 1e3 }));
  } catch (e) {
    report.error(root, `YAML: ${e.message}`, "write the values out instead of repeating aliases");
    return void 0;
  }
  const checked2 = check2(ConfigFileSchema, value);
  const problems2 = checked2.ok ? [] : checked2.problems;
  const refused = new Set(problems2.map((p) => JSON.stringify(p.keys)));
  for (const p of problems2) say(doc, source, p, report);
  const top = value;
  const at2 = (keys) => nodeOf(doc, { keys }) ?? root;
  const keyAt = (keys) => nodeOf(doc, { keys, field: "unknown" }) ?? root;
  const written = (keys) => {
    const x = get(top, keys);
    if (x === void 0 || refused.has(JSON.stringify(keys))) return void 0;
    const node = at2(keys);
    if (LISTS.has(String(keys.at(-1)))) {
      const items = Array.isArray(x) ? x.map((_, i) => written([...keys, i])) : [{ value: x, node }];
      return { node, items: items.filter((t2) => typeof t2?.value === "string") };
    }
    return isObj(x) ? { node, ...fields(keys, Object.keys(x)) } : { value: x, node };
  };
  const fields = (keys, names2) => Object.fromEntries(
    names2.map((k) => [camel(k), written([...keys, k])]).filter(([, x]) => x !== void 0)
  );
  const config = {
    root,
    credentials: [],
    notifications: [],
    ...fields([], ["locale", "timezone"])
  };
  const credentials = top["credentials"];
  for (const [name, c] of Object.entries(isObj(credentials) ? credentials : {})) {
    if (!isObj(c)) continue;
    const keyNode = keyAt(["credentials", name]);
    const keys = Object.keys(c).filter((k) => CREDENTIAL_KEYS.includes(k));
    config.credentials.push({
      ...fields(["credentials", name], keys),
      name,
      keyNode,
      keys: new Set(keys),
      keyNodes: new Map(keys.map((k) => [k, keyAt(["credentials", name, k])]))
    });
  }
  const notifications = top["notifications"];
  if (Array.isArray(notifications)) config.notificationsNode = at2(["notifications"]);
  (Array.isArray(notifications) ? notifications : []).forEach((n, i) => {
    if (!isObj(n)) return;
    const keys = Object.keys(n).filter((k) => NOTIFICATION_KEYS.includes(k));
    const rule = checked2.ok ? checked2.value.notifications[i] : ruleAlone(n);
    config.notifications.push({
      ...fields(["notifications", i], keys),
      number: i + 1,
      node: at2(["notifications", i]),
      keys: new Set(keys),
      ...rule !== void 0 && { rule }
    });
  });
  return config;
}
function ruleAlone(notification) {
  const alone = check2(NotificationSchema, notification);
  return alone.ok ? alone.value : void 0;
}
function say(doc, source, p, report) {
  const node = nodeOf(doc, p) ?? doc.contents;
  const [first, second] = p.keys;
  const opts = first === "credentials" && typeof second === "string" ? { credential: second } : {};
  const kind2 = second === void 0 ? "" : first === "credentials" ? "credential" : "notification";
  const owner = kind2 && `${kind2} ${kind2 === "credential" ? `'${second}'` : `#${Number(second) + 1}`}`;
  const inner = p.keys.slice(owner ? 2 : 0);
  if (p.field === "missing" && owner !== "" && inner.length === 1) return;
  const whole = p.keys.length === 1 && p.field !== "unknown" ? WHOLE[`${p.field === "missing" ? "missing " : ""}${first}`] : void 0;
  if (whole || kind2 && inner.length === 0) {
    const [message, fix] = whole ?? WHOLE[kind2];
    report.error(node, whole ? message : `${owner} ${message}`, fix, opts);
  } else if (p.field === "unknown") {
    const hint = /did you mean '([^']+)'/.exec(p.message)?.[1];
    const where = inner.length > 1 ? `${inner.slice(0, -1).join(".")} of ${owner}` : owner;
    report.error(
      node,
      `unknown key '${p.keys.at(-1)}'${where ? ` in ${where}` : ""}${hint ? ` — did you mean '${hint}'?` : ""}`,
      hint ? `rename it to '${hint}'` : `remove it; known keys here: ${knownAt(p.keys.slice(0, -1)).join(", ")}`,
      opts
    );
  } else {
    const field2 = String(inner[0]);
    const of = owner ? ` of ${owner}` : "";
    let message = `${field2}${of} ${p.message}`;
    if (/^unknown (event|content item|style) /.test(p.message)) message = p.message;
    else if (field2 === "locale" || field2 === "timezone") message = `${field2}${of}: ${p.message}`;
    else if (typeof inner[1] === "number") message = `an item of ${field2}${of} ${p.message}`;
    else if (inner.length > 1) message = `${inner.slice(1).join(" of ")} of ${message}`;
    if (field2 === "enabled" && isScalar(node) && node.range)
      message = message.replace(
        "true or false",
        `true or false, not ${source.slice(node.range[0], node.range[1])}`
      );
    report.error(node, message, p.fix, opts);
  }
}
function knownAt(parent) {
  if (parent.length === 0) return TOP_KEYS;
  if (parent[0] === "credentials") return parent.length === 2 ? CREDENTIAL_KEYS : RATE_LIMIT_KEYS;
  return NOTIFICATION_KEYS;
}
function get(value, keys) {
  let x = value;
  for (const k of keys) {
    if (x === null || typeof x !== "object") return void 0;
    x = x[k];
  }
  return x;
}
var isObj, camel, LISTS, WHOLE;
var init_shape = __esm({
  "src/config/shape.ts"() {
    "use strict";
    init_browser();
    init_config5();
    init_issues();
    init_yaml_position();
    init_interpolate();
    init_keys();
    isObj = (x) => typeof x === "object" && x !== null && !Array.isArray(x);
    camel = (key) => key.replace(/_(.)/g, (_, c) => c.toUpperCase());
    LISTS = /* @__PURE__ */ new Set(["pipelines", "tasks", "events", "content", "at", "keywords"]);
    WHOLE = {
      "missing credentials": [
        "no `credentials:` section",
        `add \`credentials:\` with a DingTalk group robot, e.g. \`ci-group: {webhook: ${ref("DINGTALK_WEBHOOK")}}\``
      ],
      "missing notifications": [
        "no `notifications:` section",
        "add `notifications:` with at least one `- credential: … events: [failure]`"
      ],
      credentials: [
        "`credentials` must be a mapping of robot names to their webhook/token and secret",
        `write e.g. \`ci-group: {webhook: ${ref("DINGTALK_WEBHOOK")}}\` under credentials:`
      ],
      notifications: [
        "`notifications` must be a list (each item starts with `- credential: …`)",
        "write each notification as a list item: `- credential: ci-group` with `events: [failure]` under it"
      ],
      credential: [
        "must be a mapping with webhook: (or token:) and, when the robot signs, secret:",
        `write e.g. \`webhook: ${ref("DINGTALK_WEBHOOK")}\` and \`secret: ${ref("DINGTALK_SECRET")}\` under it`
      ],
      notification: ["must be a mapping", "write e.g. `- credential: ci-group` and `events: [failure]` under it"]
    };
  }
});

// src/config/wording.ts
function checkWording(raw) {
  const out = {};
  const locale2 = raw.locale ? parseLocale(raw.locale.value) : void 0;
  if (locale2?.ok) out.locale = locale2.value;
  const timezone2 = raw.timezone ? parseTimeZone(raw.timezone.value) : void 0;
  if (timezone2?.ok) out.timezone = timezone2.value;
  return out;
}
var init_wording = __esm({
  "src/config/wording.ts"() {
    "use strict";
    init_names();
  }
});

// src/config/yaml-plain-line.ts
function plainValue2(s2) {
  if (NULL.test(s2)) return null;
  if (BOOL.test(s2)) return s2[0] === "t" || s2[0] === "T";
  if (INT_OCT.test(s2)) return parseInt(s2.substring(2), 8);
  if (INT.test(s2)) return parseInt(s2, 10);
  if (INT_HEX.test(s2)) return parseInt(s2.substring(2), 16);
  if (FLOAT_NAN.test(s2))
    return s2.slice(-3).toLowerCase() === "nan" ? Number.NaN : s2[0] === "-" ? -Infinity : Infinity;
  if (FLOAT_EXP.test(s2) || FLOAT.test(s2)) return parseFloat(s2);
  return s2;
}
function quoted2(t2, at2, eol) {
  if (t2[at2] === '"') {
    const close = t2.indexOf('"', at2 + 1);
    if (close < 0 || close > eol || t2.slice(at2 + 1, close).includes("\\")) throw OUTSIDE;
    return { node: scalar(t2.slice(at2 + 1, close), "QUOTE_DOUBLE", [at2, close + 1, 0]), end: close + 1 };
  }
  let value = "";
  let i = at2 + 1;
  for (; ; ) {
    const close = t2.indexOf("'", i);
    if (close < 0 || close > eol) throw OUTSIDE;
    value += t2.slice(i, close);
    if (t2[close + 1] !== "'")
      return { node: scalar(value, "QUOTE_SINGLE", [at2, close + 1, 0]), end: close + 1 };
    value += "'";
    i = close + 2;
  }
}
function flowScalar(t2, i, eol, stops) {
  let item;
  let end;
  if (t2[i] === "'" || t2[i] === '"') {
    const q = quoted2(t2, i, eol);
    item = q.node;
    end = q.end;
  } else {
    if (FLOW_START.test(t2.slice(i, i + 2))) throw OUTSIDE;
    let stop = i;
    while (stop < eol && !stops.includes(t2[stop])) {
      if (`[]{}#:'"`.includes(t2[stop])) throw OUTSIDE;
      stop++;
    }
    end = stop;
    while (t2[end - 1] === " ") end--;
    item = scalar(plainValue2(t2.slice(i, end)), "PLAIN", [i, end, 0]);
  }
  while (t2[end] === " ") end++;
  item.range[2] = end;
  return item;
}
function flowMap(t2, at2, eol) {
  const items = [];
  const seen = /* @__PURE__ */ new Set();
  let i = at2 + 1;
  while (t2[i] === " ") i++;
  if (t2[i] !== "}") {
    for (; ; ) {
      if (FLOW_START.test(t2.slice(i, i + 2))) throw OUTSIDE;
      let colon = i;
      for (; !(t2[colon] === ":" && t2[colon + 1] === " "); colon++) {
        if (colon >= eol || `[]{},#:'"`.includes(t2[colon])) throw OUTSIDE;
      }
      if (colon === i || t2[colon - 1] === " " || colon - i > 1e3) throw OUTSIDE;
      const name = t2.slice(i, colon);
      if (typeof plainValue2(name) !== "string" || name === "__proto__" || name === "<<" || seen.has(name))
        throw OUTSIDE;
      seen.add(name);
      i = colon + 1;
      while (t2[i] === " ") i++;
      if (t2[i] === "," || t2[i] === "}") throw OUTSIDE;
      const value = flowScalar(t2, i, eol, ",}");
      items.push({
        [NODE_TYPE2]: PAIR2,
        key: scalar(name, "PLAIN", [colon - name.length, colon, colon]),
        value
      });
      i = value.range[2];
      if (t2[i] === "}") break;
      if (t2[i] !== ",") throw OUTSIDE;
      i++;
      while (t2[i] === " ") i++;
      if (t2[i] === "}" || t2[i] === ",") throw OUTSIDE;
    }
  }
  return { node: { [NODE_TYPE2]: MAP2, items, range: [at2, i + 1, 0], flow: true }, end: i + 1 };
}
function flow(t2, at2, eol) {
  const items = [];
  let i = at2 + 1;
  while (t2[i] === " ") i++;
  if (t2[i] !== "]") {
    for (; ; ) {
      while (t2[i] === " ") i++;
      const item = flowScalar(t2, i, eol, ",]");
      i = item.range[2];
      items.push(item);
      if (t2[i] === "]") break;
      if (t2[i] !== ",") throw OUTSIDE;
      i++;
      while (t2[i] === " ") i++;
      if (t2[i] === "]" || t2[i] === ",") throw OUTSIDE;
    }
  }
  return { node: { [NODE_TYPE2]: SEQ2, items, range: [at2, i + 1, 0], flow: true }, end: i + 1 };
}
var NODE_TYPE2, MAP2, PAIR2, SCALAR3, SEQ2, OUTSIDE, NULL, BOOL, INT_OCT, INT, INT_HEX, FLOAT_NAN, FLOAT_EXP, FLOAT, PLAIN_START, FLOW_START, scalar;
var init_yaml_plain_line = __esm({
  "src/config/yaml-plain-line.ts"() {
    "use strict";
    NODE_TYPE2 = /* @__PURE__ */ Symbol.for("yaml.node.type");
    MAP2 = /* @__PURE__ */ Symbol.for("yaml.map");
    PAIR2 = /* @__PURE__ */ Symbol.for("yaml.pair");
    SCALAR3 = /* @__PURE__ */ Symbol.for("yaml.scalar");
    SEQ2 = /* @__PURE__ */ Symbol.for("yaml.seq");
    OUTSIDE = new Error("outside the plain subset");
    NULL = /^(?:~|[Nn]ull|NULL)?$/;
    BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
    INT_OCT = /^0o[0-7]+$/;
    INT = /^[-+]?[0-9]+$/;
    INT_HEX = /^0x[0-9a-fA-F]+$/;
    FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
    FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
    FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
    PLAIN_START = /^[[\]{},#&*!|>'"%@`]|^[-?:](?:[ \n]|$)/;
    FLOW_START = /^[[\]{},#&*!|>'"%@`]|^[-?:](?:[ \n,\]}]|$)/;
    scalar = (value, type, range) => ({
      [NODE_TYPE2]: SCALAR3,
      value,
      type,
      range
    });
  }
});

// src/config/yaml-plain.ts
function readPlainYaml(text4) {
  if (!text4.endsWith("\n") || REFUSED_CHARACTERS.test(text4)) return void 0;
  try {
    const contents = new Reader(text4).document();
    const doc = {
      [NODE_TYPE2]: DOC2,
      contents,
      errors: [],
      warnings: [],
      toJS: () => toJS2(doc.contents)
    };
    return doc;
  } catch (e) {
    if (e === OUTSIDE) return void 0;
    throw e;
  }
}
function toJS2(node) {
  if (node[NODE_TYPE2] === SCALAR3) return node.value;
  const c = node;
  if (c[NODE_TYPE2] === SEQ2) return c.items.map((item) => toJS2(item));
  const out = {};
  for (const pair of c.items) out[pair.key.value] = toJS2(pair.value);
  return out;
}
var DOC2, MAX_DEPTH, REFUSED_CHARACTERS, Reader;
var init_yaml_plain = __esm({
  "src/config/yaml-plain.ts"() {
    "use strict";
    init_yaml_plain_line();
    DOC2 = /* @__PURE__ */ Symbol.for("yaml.document");
    MAX_DEPTH = 16;
    REFUSED_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
    Reader = class {
      #text;
      /** Where each line starts; the last entry is the text's length. */
      #starts = [0];
      /** The current line. */
      #line = 0;
      /** Collections open: a file deeper than a `.dingpipe.yml` ever is goes to the full parser. */
      #depth = 0;
      /** The block collections open, outermost first: their column, and where trailing comments end them. */
      #open = [];
      constructor(text4) {
        this.#text = text4;
        for (let i = text4.indexOf("\n"); i >= 0; i = text4.indexOf("\n", i + 1)) this.#starts.push(i + 1);
      }
      get #lines() {
        return this.#starts.length - 1;
      }
      /** The first column of `line` that is not a space. */
      #indent(line) {
        let i = this.#starts[line];
        while (this.#text.charCodeAt(i) === 32) i++;
        return i - this.#starts[line];
      }
      /** Offset of the end of `line` (its \n). */
      #eol(line) {
        return this.#starts[line + 1] - 1;
      }
      /**
       * Skips empty lines and comment lines; answers the comment lines' indents, by line. `strict`: a comment
       * indented more than the line after it is left to the full parser (it counts it into a node's range);
       * the lists and mappings place such comments themselves (#trailing).
       */
      #skipBlank(strict = true) {
        const comments = [];
        while (this.#line < this.#lines) {
          const indent = this.#indent(this.#line);
          const c = this.#text[this.#starts[this.#line] + indent];
          if (c !== "\n" && c !== "#") break;
          if (c === "#") comments.push({ line: this.#line, indent });
          this.#line++;
        }
        if (strict && comments.some((c) => c.indent > this.#nextIndent())) throw OUTSIDE;
        return comments;
      }
      /** The indent of the current line; 0 at the end of the text. */
      #nextIndent() {
        return this.#line < this.#lines ? this.#indent(this.#line) : 0;
      }
      /**
       * The comment lines after an item of the innermost open collection (`value`, the item's value), placed
       * in the ranges where the `yaml` package puts them (a commented-out key, `# secret: …`, is typical):
       * - those indented past the collection's column are the value's: its range ends after the last of them;
       * - from the first one indented past the next line (or, at the end, past column 0), all are trailing
       *   comments of the open collection at that comment's column: its range ends where the next line's
       *   content starts.
       * Comments not past the next line are before its item: no range takes them. Anything else (a comment
       * between two columns, trailing comments that indent again, after an empty value or a `|` block) is left
       * to the full parser.
       */
      #trailing(comments, value) {
        if (comments.length === 0) return;
        const next = this.#nextIndent();
        const col = this.#open.at(-1).col;
        const inline = value[NODE_TYPE2] !== SCALAR3 || value.type !== "BLOCK_LITERAL" && value.range[0] !== value.range[1];
        if (!inline) {
          if (comments.some((c) => c.indent > next) || this.#open.at(-1).seq) throw OUTSIDE;
          return;
        }
        let k = 0;
        while (k < comments.length && comments[k].indent > col) k++;
        if (k > 0) value.range[2] = this.#starts[comments[k - 1].line + 1];
        if (k === comments.length) return;
        const first = comments[k].indent;
        const listEnds = next === col && col > 0 && this.#line < this.#lines && !this.#isItem(this.#line, col) && this.#open.at(-1).seq;
        if (listEnds) {
          if (comments.slice(k).some((c) => c.indent !== col)) throw OUTSIDE;
          this.#open.at(-1).trailing = this.#starts[this.#line] + next;
          return;
        }
        if (first <= next) {
          if (comments.slice(k).some((c) => c.indent > next)) throw OUTSIDE;
          const ended = next > 0 && this.#line < this.#lines && !this.#isItem(this.#line, next);
          if (ended && this.#open.some((o) => o.seq && o.col === next)) throw OUTSIDE;
          return;
        }
        const owner = this.#open.findLast((o) => o.col === first);
        const rest = comments.slice(k);
        if (owner === void 0 || rest.some((c, i) => c.indent < next || i > 0 && c.indent > rest[i - 1].indent))
          throw OUTSIDE;
        owner.trailing = this.#line < this.#lines ? this.#starts[this.#line] + next : this.#text.length;
      }
      document() {
        this.#skipBlank();
        if (this.#line >= this.#lines || this.#indent(this.#line) !== 0) throw OUTSIDE;
        const root = this.#map(0);
        this.#skipBlank();
        if (this.#line < this.#lines) throw OUTSIDE;
        return root;
      }
      /** Whether the line has a list item's `-` at `col`. */
      #isItem(line, col) {
        const at2 = this.#starts[line] + col;
        return this.#text[at2] === "-" && (this.#text[at2 + 1] === " " || this.#text[at2 + 1] === "\n");
      }
      /** A mapping key at offset `at`: its scalar and the offset after its `:`; undefined if the line has none. */
      #key(at2) {
        const t2 = this.#text;
        if (PLAIN_START.test(t2.slice(at2, at2 + 2))) return void 0;
        let end = at2;
        for (; t2[end] !== "\n"; end++) {
          const c = t2[end];
          if (c === ":" && (t2[end + 1] === " " || t2[end + 1] === "\n")) break;
          if (c === "#" || c === "[" || c === "]" || c === "{" || c === "}" || c === ",") return void 0;
        }
        if (t2[end] !== ":" || t2[end - 1] === " " || end - at2 > 1e3) return void 0;
        const name = t2.slice(at2, end);
        if (typeof plainValue2(name) !== "string" || name === "__proto__" || name === "<<") throw OUTSIDE;
        return { key: scalar(name, "PLAIN", [at2, end, end]), after: end + 1 };
      }
      /** A block mapping whose keys are at column `col`, starting at the current line. */
      #map(col) {
        if (++this.#depth > MAX_DEPTH) throw OUTSIDE;
        this.#open.push({ col, seq: false });
        const items = [];
        const seen = /* @__PURE__ */ new Set();
        const start = this.#starts[this.#line] + col;
        for (; ; ) {
          const line = this.#line;
          const found = this.#key(this.#starts[line] + col);
          if (!found) throw OUTSIDE;
          const name = found.key.value;
          if (seen.has(name)) throw OUTSIDE;
          seen.add(name);
          const value = this.#value(found.after, col, true);
          items.push({ [NODE_TYPE2]: PAIR2, key: found.key, value });
          this.#trailing(this.#skipBlank(false), value);
          if (this.#line >= this.#lines) break;
          const indent = this.#indent(this.#line);
          if (indent < col || indent === col && this.#isItem(this.#line, col)) break;
          if (indent > col) throw OUTSIDE;
        }
        this.#depth--;
        return this.#collection(MAP2, items, start, this.#open.pop().trailing);
      }
      /** A block list whose `-` are at column `col`, starting at the current line. */
      #seq(col) {
        if (++this.#depth > MAX_DEPTH) throw OUTSIDE;
        this.#open.push({ col, seq: true });
        const items = [];
        const start = this.#starts[this.#line] + col;
        for (; ; ) {
          const lineStart = this.#starts[this.#line];
          let at2 = lineStart + col + 1;
          while (this.#text[at2] === " ") at2++;
          let item;
          if (this.#text[at2] !== "\n" && this.#text[at2] !== "#" && this.#key(at2)) {
            item = this.#map(at2 - lineStart);
          } else {
            if (this.#text[at2] === "-" && this.#isItem(this.#line, at2 - lineStart)) throw OUTSIDE;
            item = this.#value(lineStart + col + 1, col, false);
          }
          items.push(item);
          this.#trailing(this.#skipBlank(false), item);
          if (this.#line >= this.#lines) break;
          const indent = this.#indent(this.#line);
          if (indent < col || indent === col && !this.#isItem(this.#line, col)) break;
          if (indent > col) throw OUTSIDE;
        }
        this.#depth--;
        return this.#collection(SEQ2, items, start, this.#open.pop().trailing);
      }
      #collection(type, items, start, trailing) {
        const last = items.at(-1);
        const end = ("range" in last ? last : last.value).range[2];
        return { [NODE_TYPE2]: type, items, range: [start, end, trailing ?? end] };
      }
      /**
       * The value after a key's `:` or an item's `-` (from offset `from` on the current line): inline, or
       * on the lines below, indented more than `col` (a list may also sit at `col` under a key: `sameCol`).
       */
      #value(from, col, sameCol) {
        const t2 = this.#text;
        const line = this.#line;
        let at2 = from;
        while (t2[at2] === " ") at2++;
        if (t2[at2] !== "\n" && t2[at2] !== "#") return this.#inline(at2, col);
        this.#line++;
        this.#skipBlank();
        if (this.#line < this.#lines) {
          const indent = this.#indent(this.#line);
          if (indent > col || sameCol && indent === col && this.#isItem(this.#line, col)) {
            if (this.#isItem(this.#line, indent)) return this.#seq(indent);
            return this.#map(indent);
          }
        }
        for (let l = line + 1; l < this.#line; l++) {
          if (this.#text[this.#starts[l] + this.#indent(l)] === "#") throw OUTSIDE;
        }
        this.#line = line + 1;
        return scalar(null, "PLAIN", [at2, at2, t2[at2] === "#" ? this.#eol(line) + 1 : at2]);
      }
      /** A value written on the current line from offset `at`; leaves the reader on the next line. */
      #inline(at2, col) {
        const t2 = this.#text;
        const line = this.#line;
        const eol = this.#eol(line);
        const c = t2[at2];
        let node;
        let end;
        if (c === "[") {
          ({ node, end } = flow(this.#text, at2, eol));
        } else if (c === "{") {
          ({ node, end } = flowMap(this.#text, at2, eol));
        } else if (c === "'" || c === '"') {
          ({ node, end } = quoted2(this.#text, at2, eol));
        } else if (c === "|") {
          return this.#literal(at2, col);
        } else {
          if (PLAIN_START.test(t2.slice(at2, at2 + 2))) throw OUTSIDE;
          const comment = t2.indexOf(" #", at2);
          let stop = comment >= 0 && comment < eol ? comment : eol;
          while (t2[stop - 1] === " ") stop--;
          const text4 = t2.slice(at2, stop);
          if (text4.includes(": ") || text4.endsWith(":")) throw OUTSIDE;
          node = scalar(plainValue2(text4), "PLAIN", [at2, stop, 0]);
          end = stop;
        }
        let rest = end;
        while (t2[rest] === " ") rest++;
        if (t2[rest] === "#" && rest === end) throw OUTSIDE;
        if (t2[rest] !== "#" && t2[rest] !== "\n") throw OUTSIDE;
        node.range[2] = eol + 1;
        this.#line = line + 1;
        return node;
      }
      /** A `|` or `|-` block at `at` whose content is indented more than `col`. */
      #literal(at2, col) {
        const t2 = this.#text;
        let h = at2 + 1;
        const strip = t2[h] === "-";
        if (strip) h++;
        while (t2[h] === " ") h++;
        if (t2[h] !== "\n" && !(t2[h] === "#" && t2[h - 1] === " ")) throw OUTSIDE;
        const first = this.#line + 1;
        if (first >= this.#lines) throw OUTSIDE;
        const indent = this.#indent(first);
        if (t2[this.#starts[first] + indent] === "\n" || indent <= col) throw OUTSIDE;
        const lines = [];
        let last = first;
        let line = first;
        for (; line < this.#lines; line++) {
          const lineIndent = this.#indent(line);
          const start = this.#starts[line];
          if (t2[start + lineIndent] === "\n") {
            if (lineIndent > indent) throw OUTSIDE;
            lines.push("");
            continue;
          }
          if (lineIndent < indent) break;
          lines.push(t2.slice(start + indent, this.#eol(line)));
          last = line;
        }
        const content = lines.slice(0, last - first + 1).join("\n");
        const end = this.#starts[last + 1];
        this.#line = last + 1;
        return scalar(strip ? content : `${content}
`, "BLOCK_LITERAL", [at2, end, end]);
      }
    };
  }
});

// src/config/parse.ts
var parse_exports = {};
__export(parse_exports, {
  MAX_CONFIG_BYTES: () => MAX_CONFIG_BYTES,
  MAX_FLOW_DEPTH: () => MAX_FLOW_DEPTH,
  loadConfig: () => loadConfig,
  parseConfig: () => parseConfig
});
function parseConfig(text4, file, env, options = {}) {
  const lines = new LineCounter();
  const out = new Diagnostics(file, text4, lines);
  if (refusedUnread(text4, out, lines, options.maxBytes ?? MAX_CONFIG_BYTES)) return { diagnostics: out.list };
  if (options.reader !== "yaml") {
    const plain2 = checkPlain(text4, file, env);
    if (plain2 !== void 0) return plain2;
  }
  const doc = parseDocument(text4, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const syntax = doc.errors[0] ?? duplicateKey(doc);
  if (syntax && /Maximum call stack size exceeded/.test(syntax.message)) {
    out.error({ offset: syntax.pos[0] }, "YAML: the file nests too deeply to be read", NESTING_FIX);
    return { diagnostics: out.list };
  }
  if (syntax) {
    const line = text4.slice(text4.lastIndexOf("\n", syntax.pos[0] - 1) + 1).split("\n")[0] ?? "";
    const flowReference = /[[{][^#]*\$\{/.test(line);
    out.error(
      { offset: syntax.pos[0] },
      `YAML: ${firstLine(syntax.message)}`,
      flowReference ? `quote ${ref("…")} values inside [ ] or { } (e.g. ['${ref("ONCALL")}']): there YAML reads { and } as structure` : yamlFix(syntax.code)
    );
  }
  for (const w of doc.warnings) out.warning({ offset: w.pos[0] }, `YAML: ${firstLine(w.message)}`);
  if (syntax) return { diagnostics: out.list };
  return checkDocument(doc, text4, env, { file, out });
}
function duplicateKey(doc) {
  let first;
  const stack = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = /* @__PURE__ */ new Set();
      for (const pair of node.items) {
        const key = pair.key;
        const id = isScalar(key) ? `${typeof key.value}:${String(key.value)}` : JSON.stringify(key?.range ?? null);
        if (seen.has(id) && key?.range && (first === void 0 || key.range[0] < first[0])) first = key.range;
        seen.add(id);
        stack.push(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  if (first === void 0) return void 0;
  return { message: "Map keys must be unique", code: "DUPLICATE_KEY", pos: [first[0], first[1]] };
}
function firstLine(message) {
  return message.split("\n")[0].trim();
}
function yamlFix(code) {
  switch (code) {
    case "DUPLICATE_KEY":
      return "remove or rename one of the two keys";
    case "BAD_INDENT":
    case "MISSING_CHAR":
      return "check the indentation: nested keys need more spaces than their parent, and items of one list the same";
    case "TAB_AS_INDENT":
      return "indent with spaces, not tabs";
    case "MULTIPLE_DOCS":
      return "keep one YAML document (remove the extra ---)";
    default:
      return "fix the YAML syntax at this place (quote values that contain ': ' or start with a special character)";
  }
}
var init_parse = __esm({
  "src/config/parse.ts"() {
    "use strict";
    init_browser();
    init_diagnostic();
    init_interpolate();
    init_load();
    init_load();
  }
});

// src/config/load.ts
import { readFileSync as readFileSync2, statSync } from "node:fs";
function addLines(lines, text4) {
  lines.addNewLine(0);
  for (let i = text4.indexOf("\n"); i >= 0; i = text4.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
}
function refusedUnread(text4, out, lines, maxBytes) {
  const bytes = Buffer.byteLength(text4, "utf8");
  if (bytes > maxBytes) {
    out.error({ offset: 0 }, tooLarge(bytes, maxBytes), TOO_LARGE_FIX);
    return true;
  }
  const deep = tooDeep(text4);
  if (deep !== void 0) {
    addLines(lines, text4);
    out.error(
      { offset: deep },
      `YAML: more than ${MAX_FLOW_DEPTH} levels of [ ] or { } nested here`,
      NESTING_FIX
    );
    return true;
  }
  const indented = tooIndented(text4);
  if (indented !== void 0) {
    addLines(lines, text4);
    out.error({ offset: indented }, "YAML: the file nests too deeply to be read", NESTING_FIX);
    return true;
  }
  return false;
}
function checkPlain(text4, file, env) {
  const doc = readPlainYaml(text4);
  if (doc === void 0) return void 0;
  const lines = new LineStarts();
  addLines(lines, text4);
  return checkDocument(doc, text4, env, { file, out: new Diagnostics(file, text4, lines) });
}
function checkDocument(parsed2, text4, env, { file, out }) {
  const doc = parsed2;
  const raw = readShape(doc, text4, out);
  if (!raw) return { diagnostics: out.list };
  const wording3 = checkWording(raw);
  const credentials = {};
  for (const c of raw.credentials) {
    const checked2 = checkCredential(c, env, out);
    if (checked2) credentials[c.name] = checked2;
  }
  const defined = definedCredentials(raw.credentials.map((c) => c.name));
  const rules = [];
  for (const n of raw.notifications) {
    const rule = checkNotification(n, defined, env, out);
    if (rule) rules.push({ raw: n, rule });
  }
  crossCheck(raw, rules, out);
  sharedRobots(raw, credentials, out);
  const diagnostics = out.list.sort((a, b) => a.line - b.line || a.column - b.column);
  for (const d of diagnostics)
    if (d.severity === "error" && d.credential !== void 0) delete credentials[d.credential];
  const fatal = diagnostics.some((d) => d.severity === "error" && d.credential === void 0);
  if (fatal) return { diagnostics };
  return {
    config: { file, credentials, notifications: rules.map((r) => r.rule), ...wording3 },
    diagnostics
  };
}
async function loadConfig(file, env) {
  let text4;
  try {
    const { size } = statSync(file);
    if (size > MAX_CONFIG_BYTES) {
      return {
        diagnostics: [
          {
            severity: "error",
            message: tooLarge(size, MAX_CONFIG_BYTES),
            fix: TOO_LARGE_FIX,
            file,
            line: 1,
            column: 1
          }
        ]
      };
    }
    text4 = readFileSync2(file, "utf8");
  } catch (e) {
    const code = e.code;
    const missing = code === "ENOENT";
    const diagnostic = {
      severity: "error",
      message: missing ? "no such file" : code === "EISDIR" ? "is a directory, not a file" : `cannot be read (${code ?? String(e)})`,
      fix: missing ? "create it (see docs/configuration.md), or pass --config FILE" : "pass the path of the .dingpipe.yml file with --config FILE",
      file,
      line: 1,
      column: 1
    };
    return { diagnostics: [diagnostic] };
  }
  const plain2 = checkPlain(text4, file, env);
  if (plain2 !== void 0) return plain2;
  const { parseConfig: parseConfig2 } = await Promise.resolve().then(() => (init_parse(), parse_exports));
  return parseConfig2(text4, file, env, { reader: "yaml" });
}
function tooLarge(bytes, max) {
  const n = (x) => x.toLocaleString("en-US");
  return `the file is ${n(bytes)} bytes: a .dingpipe.yml may be at most ${n(max)} (${max / 1024 / 1024} MiB)`;
}
function tooIndented(text4) {
  for (let start = 0; start < text4.length; ) {
    let i = start;
    for (; ; ) {
      const c = text4.charCodeAt(i);
      if (c === 32 || c === 45 && (text4.charCodeAt(i + 1) === 32 || i + 1 === text4.length)) i++;
      else break;
    }
    if (i - start > MAX_INDENT) return start + MAX_INDENT;
    const next = text4.indexOf("\n", i);
    if (next < 0) break;
    start = next + 1;
  }
  return void 0;
}
function tooDeep(text4) {
  let depth = 0;
  for (let i = 0; i < text4.length; i++) {
    const c = text4.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 10 && i + 1 < text4.length && text4.charCodeAt(i + 1) > 32 && text4.charCodeAt(i + 1) !== 35) {
      depth = 0;
    }
  }
  return void 0;
}
var MAX_CONFIG_BYTES, MAX_FLOW_DEPTH, LineStarts, TOO_LARGE_FIX, NESTING_FIX, MAX_INDENT;
var init_load = __esm({
  "src/config/load.ts"() {
    "use strict";
    init_credential();
    init_diagnostic();
    init_notification();
    init_rules2();
    init_shape();
    init_wording();
    init_yaml_plain();
    MAX_CONFIG_BYTES = 1024 * 1024;
    MAX_FLOW_DEPTH = 64;
    LineStarts = class {
      #starts = [];
      addNewLine(offset) {
        this.#starts.push(offset);
      }
      linePos(offset) {
        let low = 0;
        let high = this.#starts.length;
        while (low < high) {
          const mid = low + high >> 1;
          if (this.#starts[mid] < offset) low = mid + 1;
          else high = mid;
        }
        if (this.#starts[low] === offset) return { line: low + 1, col: 1 };
        if (low === 0) return { line: 0, col: offset };
        return { line: low, col: offset - this.#starts[low - 1] + 1 };
      }
    };
    TOO_LARGE_FIX = `keep only this repository's robots and notifications in .dingpipe.yml (see docs/configuration.md, "Limits")`;
    NESTING_FIX = "a .dingpipe.yml needs a few levels: check for unclosed [ or { and for runaway indentation";
    MAX_INDENT = 1e3;
  }
});

// src/action/run.ts
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { appendFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute as isAbsolute2, join as join2 } from "node:path";

// src/cli/notify.ts
init_errors();

// src/pipeline/ci.ts
import { readFileSync } from "node:fs";

// src/pipeline/values.ts
function text(value) {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return void 0;
  const trimmed = value.trim();
  return trimmed === "" ? void 0 : trimmed;
}
function count(value) {
  if (typeof value === "number") return Number.isSafeInteger(value) && value >= 0 ? value : void 0;
  const s2 = text(value);
  if (s2 === void 0 || !/^\d{1,15}$/.test(s2)) return void 0;
  return Number(s2);
}
function isoTime(value, options = {}) {
  let ms;
  if (options.unix) {
    const seconds = count(value);
    if (seconds === void 0 || seconds === 0) return void 0;
    ms = seconds * 1e3;
  } else {
    const s2 = text(value);
    if (s2 === void 0) return void 0;
    const gitlab2 = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) UTC$/.exec(s2);
    ms = Date.parse(gitlab2 ? `${gitlab2[1]}T${gitlab2[2]}Z` : s2);
  }
  if (!Number.isFinite(ms)) return void 0;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return void 0;
  return date.toISOString().replace(".000Z", "Z");
}
function repoFromUrl(value) {
  const s2 = text(value);
  if (s2 === void 0) return void 0;
  let path = s2;
  const scp = /^[\w.-]+@[\w.-]+:(?!\/\/)(.+)$/.exec(s2);
  if (scp) path = scp[1];
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s2)) {
    try {
      path = new URL(s2).pathname;
    } catch {
      return void 0;
    }
  }
  path = path.replace(/^\/+|\/+$/g, "").replace(/\.git$/, "");
  return path === "" ? void 0 : path;
}
function branchName(value) {
  const s2 = text(value);
  if (s2 === void 0) return void 0;
  return text(s2.replace(/^refs\/heads\//, "").replace(/^origin\//, ""));
}
function personName(value) {
  const s2 = text(value);
  if (s2 === void 0) return void 0;
  return text(s2.replace(/\s*<[^>]*>\s*$/, "")) ?? s2;
}
var COMMIT_PATHS = {
  gitlab: "/-/commit/",
  bitbucket: "/commits/",
  bitbucket_dc: "/commits/"
};
var KNOWN_HOSTS = {
  "github.com": "github",
  "gitlab.com": "gitlab",
  "bitbucket.org": "bitbucket",
  "gitee.com": "gitee",
  "codeberg.org": "forgejo"
};
function forgeOfHost(url) {
  try {
    return KNOWN_HOSTS[new URL(url).hostname.toLowerCase()];
  } catch {
    return void 0;
  }
}
function commitPage(repoUrl, sha, forge) {
  const base = text(repoUrl)?.replace(/\/+$/, "").replace(/\/browse$/, "").replace(/\.git$/, "");
  const commit = text(sha);
  if (base === void 0 || commit === void 0 || !/^https?:\/\/[^/]/i.test(base)) return void 0;
  const kind2 = forge ?? forgeOfHost(base) ?? "";
  return `${base}${COMMIT_PATHS[kind2] ?? "/commit/"}${commit}`;
}
function webOfClone(value) {
  const s2 = text(value);
  if (s2 === void 0) return void 0;
  if (/^https?:\/\//i.test(s2)) {
    try {
      const url = new URL(s2);
      if (url.username || url.password) return void 0;
      return `${url.origin}${url.pathname.replace(/\/+$/, "").replace(/\.git$/, "")}`;
    } catch {
      return void 0;
    }
  }
  const scp = /^[\w.-]+@([\w.-]+):(?!\/\/)(.+?)(?:\.git)?\/?$/.exec(s2);
  const ssh = /^ssh:\/\/[\w.-]+@([\w.-]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/i.exec(s2);
  const m = scp ?? ssh;
  if (!m) return void 0;
  const host = m[1].toLowerCase();
  return KNOWN_HOSTS[host] ? `https://${host}/${m[2]}` : void 0;
}
function isCommitPage(url, sha) {
  if (url === void 0 || sha === void 0) return false;
  const last = /\/([0-9a-f]{7,64})\/?$/i.exec(url)?.[1]?.toLowerCase();
  return last !== void 0 && sha.toLowerCase().startsWith(last);
}

// src/pipeline/env/drone.ts
var drone = {
  detect: (env) => env["DRONE"] === "true" ? "DRONE=true" : void 0,
  read: (env) => {
    const trigger = text(env["DRONE_BUILD_TRIGGER"]);
    const prId = text(env["DRONE_PULL_REQUEST"]);
    const pr = env["DRONE_BUILD_EVENT"] === "pull_request" || prId !== void 0;
    const sha = text(env["DRONE_COMMIT_SHA"]) ?? text(env["DRONE_COMMIT"]);
    const link3 = text(env["DRONE_COMMIT_LINK"]);
    return {
      provider: "drone",
      pipeline: text(env["DRONE_REPO"]),
      runNumber: count(env["DRONE_BUILD_NUMBER"]),
      runUrl: text(env["DRONE_BUILD_LINK"]),
      triggerUser: trigger?.startsWith("@") ? void 0 : trigger,
      triggerEvent: text(env["DRONE_BUILD_EVENT"]),
      stage: text(env["DRONE_STAGE_NAME"]),
      task: text(env["DRONE_STEP_NAME"]),
      startedAt: isoTime(env["DRONE_STAGE_STARTED"], { unix: true }) ?? isoTime(env["DRONE_BUILD_STARTED"], { unix: true }),
      repo: text(env["DRONE_REPO"]),
      branch: text(env["DRONE_SOURCE_BRANCH"]) ?? text(env["DRONE_BRANCH"]),
      commitSha: sha,
      commitMessage: pr ? void 0 : text(env["DRONE_COMMIT_MESSAGE"]),
      commitAuthor: pr ? void 0 : text(env["DRONE_COMMIT_AUTHOR_NAME"]) ?? text(env["DRONE_COMMIT_AUTHOR"]),
      commitUrl: !pr && isCommitPage(link3, sha) ? link3 : commitPage(env["DRONE_REPO_LINK"], sha),
      pullRequestId: prId,
      pullRequestTitle: text(env["DRONE_PULL_REQUEST_TITLE"]),
      pullRequestUrl: pr && prId !== void 0 ? link3 : void 0
    };
  },
  variables: [
    "DRONE_REPO",
    "DRONE_REPO_LINK",
    "DRONE_BUILD_NUMBER",
    "DRONE_BUILD_STATUS",
    "DRONE_BUILD_LINK",
    "DRONE_BUILD_EVENT",
    "DRONE_BUILD_TRIGGER",
    "DRONE_BUILD_STARTED",
    "DRONE_STAGE_STARTED",
    "DRONE_BRANCH",
    "DRONE_SOURCE_BRANCH",
    "DRONE_TARGET_BRANCH",
    "DRONE_TAG",
    "DRONE_COMMIT_SHA",
    "DRONE_COMMIT_MESSAGE",
    "DRONE_COMMIT_AUTHOR",
    "DRONE_COMMIT_AUTHOR_NAME",
    "DRONE_COMMIT_LINK",
    "DRONE_PULL_REQUEST",
    "DRONE_PULL_REQUEST_TITLE",
    "DRONE_STAGE_NAME",
    "DRONE_STEP_NAME"
  ],
  untrusted: [
    "DRONE_BUILD_TRIGGER",
    "DRONE_BRANCH",
    "DRONE_SOURCE_BRANCH",
    "DRONE_TARGET_BRANCH",
    "DRONE_COMMIT_BRANCH",
    "DRONE_COMMIT_REF",
    "DRONE_TAG",
    "DRONE_COMMIT_MESSAGE",
    "DRONE_COMMIT_AUTHOR",
    "DRONE_COMMIT_AUTHOR_NAME",
    "DRONE_COMMIT_AUTHOR_EMAIL",
    "DRONE_PULL_REQUEST_TITLE"
  ]
};

// src/pipeline/env/generic.ts
var DINGPIPE_VARIABLES = [
  ["DINGPIPE_PIPELINE", "pipeline"],
  ["DINGPIPE_PIPELINE_DISPLAY_NAME", "pipelineDisplayName"],
  ["DINGPIPE_PIPELINE_URL", "pipelineUrl"],
  ["DINGPIPE_RUN_ID", "runId"],
  ["DINGPIPE_BUILD_NUMBER", "runNumber"],
  ["DINGPIPE_RUN_URL", "runUrl"],
  ["DINGPIPE_TRIGGER_USER", "triggerUser"],
  ["DINGPIPE_TRIGGER_EVENT", "triggerEvent"],
  ["DINGPIPE_STAGE", "stage"],
  ["DINGPIPE_TASK", "task"],
  ["DINGPIPE_TASK_URL", "taskUrl"],
  ["DINGPIPE_STARTED_AT", "startedAt"],
  ["DINGPIPE_PROVIDER", "provider"],
  ["DINGPIPE_REPO", "repo"],
  ["DINGPIPE_BRANCH", "branch"],
  ["DINGPIPE_COMMIT", "commitSha"],
  ["DINGPIPE_COMMIT_MESSAGE", "commitMessage"],
  ["DINGPIPE_AUTHOR", "commitAuthor"],
  ["DINGPIPE_COMMIT_URL", "commitUrl"],
  ["DINGPIPE_PULL_REQUEST", "pullRequestId"],
  ["DINGPIPE_PULL_REQUEST_TITLE", "pullRequestTitle"],
  ["DINGPIPE_PULL_REQUEST_URL", "pullRequestUrl"]
];
var generic = {
  detect: () => "no CI platform's variables set",
  read: (env) => {
    const facts = {};
    for (const [variable, fact] of DINGPIPE_VARIABLES) {
      const raw = env[variable];
      facts[fact] = fact === "runNumber" ? count(raw) : fact === "startedAt" ? isoTime(raw) : text(raw);
    }
    return facts;
  },
  variables: DINGPIPE_VARIABLES.map(([variable]) => variable),
  untrusted: [
    "DINGPIPE_TRIGGER_USER",
    "DINGPIPE_BRANCH",
    "DINGPIPE_COMMIT_MESSAGE",
    "DINGPIPE_AUTHOR",
    "DINGPIPE_PULL_REQUEST_TITLE"
  ]
};

// src/pipeline/env/gitee.ts
var gitee = {
  detect: (env) => {
    if (text(env["GITEE_PIPELINE_NAME"]) !== void 0) return "GITEE_PIPELINE_NAME set";
    if (text(env["GITEE_PIPELINE_BUILD_NUMBER"]) !== void 0) return "GITEE_PIPELINE_BUILD_NUMBER set";
    return void 0;
  },
  read: (env) => {
    const pullId = text(env["GITEE_PULL_ID"]) ?? text(env["GITEE_PULL_REQUEST_ID"]);
    const pr = pullId !== void 0;
    const repo = text(env["GITEE_REPO"]);
    const web = repo && /^[^/\s]+\/[^/\s]+$/.test(repo) ? `https://gitee.com/${repo}` : void 0;
    const sha = pr ? text(env["GITEE_SOURCE_COMMIT"]) : text(env["GITEE_COMMIT"]);
    return {
      provider: "gitee",
      pipeline: text(env["GITEE_PIPELINE_NAME"]),
      pipelineDisplayName: text(env["GITEE_PIPELINE_DISPLAY_NAME"]),
      runNumber: count(env["GITEE_PIPELINE_BUILD_NUMBER"]),
      triggerUser: text(env["GITEE_PIPELINE_TRIGGER_USER"]),
      stage: text(env["GITEE_STAGE_DISPLAY_NAME"]) ?? text(env["GITEE_STAGE_NAME"]),
      repo,
      branch: pr ? text(env["GITEE_SOURCE_BRANCH"]) ?? text(env["GITEE_BRANCH"]) : text(env["GITEE_BRANCH"]),
      commitSha: sha,
      commitMessage: pr ? void 0 : text(env["GITEE_COMMIT_MESSAGE"]),
      commitUrl: web && sha ? `${web}/commit/${sha}` : void 0,
      pullRequestId: pullId,
      pullRequestTitle: pr ? text(env["GITEE_PULL_REQUEST_TITLE"]) ?? text(env["GITEE_COMMIT_MESSAGE"]) : void 0,
      pullRequestUrl: pr && web ? `${web}/pulls/${pullId}` : void 0
    };
  },
  variables: [
    "GITEE_PIPELINE_NAME",
    "GITEE_PIPELINE_DISPLAY_NAME",
    "GITEE_PIPELINE_BUILD_NUMBER",
    "GITEE_PIPELINE_TRIGGER_USER",
    "GITEE_COMMIT_MESSAGE",
    "GITEE_BRANCH",
    "GITEE_COMMIT",
    "GITEE_SOURCE_BRANCH",
    "GITEE_SOURCE_COMMIT",
    "GITEE_PULL_ID",
    "GITEE_REPO",
    "GITEE_STAGE_NAME",
    "GITEE_STAGE_DISPLAY_NAME",
    "GITEE_STAGE_STRATEGY",
    "GITEE_COMPANY",
    "GITEE_SHORT_COMMIT",
    "GITEE_PULL_REQUEST_ID",
    "GITEE_PULL_REQUEST_TITLE",
    "GITEE_COMMENT"
  ],
  untrusted: [
    "GITEE_PIPELINE_TRIGGER_USER",
    "GITEE_BRANCH",
    "GITEE_SOURCE_BRANCH",
    "GITEE_COMMIT_MESSAGE",
    "GITEE_PULL_REQUEST_TITLE",
    "GITEE_COMMENT"
  ]
};

// src/pipeline/env/github.ts
var github = {
  detect: (env) => env["GITHUB_ACTIONS"] === "true" ? "GITHUB_ACTIONS=true" : void 0,
  read: (env, context) => {
    const server = text(env["GITHUB_SERVER_URL"])?.replace(/\/+$/, "");
    const repo = text(env["GITHUB_REPOSITORY"]);
    const runId = text(env["GITHUB_RUN_ID"]);
    const base = server && repo ? `${server}/${repo}` : void 0;
    const facts = {
      provider: "github",
      pipeline: text(env["GITHUB_WORKFLOW"]),
      runId,
      runNumber: count(env["GITHUB_RUN_NUMBER"]),
      runUrl: base && runId ? `${base}/actions/runs/${runId}` : void 0,
      triggerUser: text(env["GITHUB_TRIGGERING_ACTOR"]) ?? text(env["GITHUB_ACTOR"]),
      triggerEvent: text(env["GITHUB_EVENT_NAME"]),
      task: text(env["GITHUB_JOB"]),
      repo,
      ...commitFacts(env, readEvent(text(env["GITHUB_EVENT_PATH"]), context), base)
    };
    return facts;
  },
  variables: [
    "GITHUB_WORKFLOW",
    "GITHUB_JOB",
    "GITHUB_RUN_ID",
    "GITHUB_RUN_NUMBER",
    "GITHUB_RUN_ATTEMPT",
    "GITHUB_REPOSITORY",
    "GITHUB_REF",
    "GITHUB_REF_NAME",
    "GITHUB_HEAD_REF",
    "GITHUB_BASE_REF",
    "GITHUB_SHA",
    "GITHUB_ACTOR",
    "GITHUB_TRIGGERING_ACTOR",
    "GITHUB_EVENT_NAME",
    "GITHUB_SERVER_URL"
  ],
  untrusted: [
    "GITHUB_REF",
    "GITHUB_REF_NAME",
    "GITHUB_HEAD_REF",
    "GITHUB_BASE_REF",
    "GITHUB_ACTOR",
    "GITHUB_TRIGGERING_ACTOR"
  ]
};
function commitFacts(env, event, base) {
  const commitUrl = (sha2) => base && sha2 ? `${base}/commit/${sha2}` : void 0;
  const pr = field(event, "pull_request");
  if (pr !== void 0) {
    const head = field(pr, "head");
    const sha2 = text(field(head, "sha"));
    const number2 = count(field(pr, "number"));
    return {
      branch: text(field(head, "ref")) ?? text(env["GITHUB_HEAD_REF"]),
      commitSha: sha2,
      commitUrl: commitUrl(sha2),
      pullRequestId: number2 === void 0 ? void 0 : String(number2),
      pullRequestTitle: text(field(pr, "title")),
      pullRequestUrl: text(field(pr, "html_url"))
    };
  }
  const name = env["GITHUB_EVENT_NAME"] ?? "";
  if (name.startsWith("pull_request")) return { branch: text(env["GITHUB_HEAD_REF"]) };
  if (name === "workflow_run") {
    const run = field(event, "workflow_run");
    if (run === void 0) return {};
    const sha2 = text(field(run, "head_sha"));
    const first = field(run, "pull_requests");
    const number2 = count(field(Array.isArray(first) ? first[0] : void 0, "number"));
    return {
      branch: text(field(run, "head_branch")),
      commitSha: sha2,
      commitUrl: commitUrl(sha2),
      ...headCommit(field(run, "head_commit"), sha2),
      pullRequestId: number2 === void 0 ? void 0 : String(number2),
      pullRequestUrl: number2 !== void 0 && base ? `${base}/pull/${number2}` : void 0
    };
  }
  const sha = text(env["GITHUB_SHA"]);
  return {
    branch: text(env["GITHUB_HEAD_REF"]) ?? text(env["GITHUB_REF_NAME"]),
    commitSha: sha,
    commitUrl: commitUrl(sha),
    ...headCommit(field(event, "head_commit"), sha)
  };
}
function headCommit(commit, sha) {
  const id = text(field(commit, "id"));
  if (commit === void 0 || id !== void 0 && sha !== void 0 && id !== sha) return {};
  const author = field(commit, "author");
  return {
    commitMessage: text(field(commit, "message")),
    commitAuthor: text(field(author, "name")) ?? text(field(author, "username"))
  };
}
function readEvent(path, context) {
  if (path === void 0) return void 0;
  try {
    const raw = context.readFile(path);
    return raw === void 0 ? void 0 : JSON.parse(raw);
  } catch {
    return void 0;
  }
}
function field(value, key) {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value[key] : void 0;
}

// src/pipeline/env/gitlab.ts
var gitlab = {
  detect: (env) => env["GITLAB_CI"] === "true" ? "GITLAB_CI=true" : void 0,
  read: (env) => {
    const project = text(env["CI_PROJECT_URL"])?.replace(/\/+$/, "");
    const built = text(env["CI_COMMIT_SHA"]);
    const sourceSha = text(env["CI_MERGE_REQUEST_SOURCE_BRANCH_SHA"]) ?? text(env["CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA"]);
    const sha = sourceSha ?? built;
    const same2 = sha === built;
    const commitProject = same2 ? project : text(env["CI_MERGE_REQUEST_SOURCE_PROJECT_URL"])?.replace(/\/+$/, "") ?? project;
    const mrIid = text(env["CI_MERGE_REQUEST_IID"]);
    const mrProject = text(env["CI_MERGE_REQUEST_PROJECT_URL"])?.replace(/\/+$/, "") ?? project;
    const external = mrIid === void 0 ? text(env["CI_EXTERNAL_PULL_REQUEST_IID"]) : void 0;
    const target = text(env["CI_EXTERNAL_PULL_REQUEST_TARGET_REPOSITORY"]);
    const pipelineId = text(env["CI_PIPELINE_ID"]);
    return {
      provider: "gitlab",
      pipeline: text(env["CI_PIPELINE_NAME"]) ?? text(env["CI_PROJECT_PATH"]),
      runId: pipelineId,
      // The pipeline ID: the #… GitLab shows and links (/-/pipelines/<id>), as the webhooks report it too.
      runNumber: count(pipelineId),
      runUrl: text(env["CI_PIPELINE_URL"]),
      triggerUser: text(env["GITLAB_USER_NAME"]) ?? text(env["GITLAB_USER_LOGIN"]),
      triggerEvent: text(env["CI_PIPELINE_SOURCE"]),
      stage: text(env["CI_JOB_STAGE"]),
      task: text(env["CI_JOB_NAME"]),
      taskUrl: text(env["CI_JOB_URL"]),
      startedAt: text(env["CI_JOB_STARTED_AT"]),
      repo: text(env["CI_PROJECT_PATH"]),
      branch: text(env["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME"]) ?? text(env["CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME"]) ?? text(env["CI_COMMIT_REF_NAME"]),
      commitSha: sha,
      commitMessage: same2 ? text(env["CI_COMMIT_MESSAGE"]) ?? text(env["CI_COMMIT_TITLE"]) : void 0,
      commitAuthor: same2 ? personName(env["CI_COMMIT_AUTHOR"]) : void 0,
      commitUrl: sha && commitProject ? `${commitProject}/-/commit/${sha}` : void 0,
      pullRequestId: mrIid ?? external,
      pullRequestTitle: mrIid ? text(env["CI_MERGE_REQUEST_TITLE"]) : void 0,
      pullRequestUrl: mrIid && mrProject ? `${mrProject}/-/merge_requests/${mrIid}` : external && target?.includes("/") ? `https://github.com/${target}/pull/${external}` : void 0
    };
  },
  variables: [
    "CI_PIPELINE_ID",
    "CI_PIPELINE_IID",
    "CI_PIPELINE_NAME",
    "CI_PIPELINE_URL",
    "CI_PIPELINE_SOURCE",
    "CI_JOB_ID",
    "CI_JOB_NAME",
    "CI_JOB_STAGE",
    "CI_JOB_URL",
    "CI_JOB_STATUS",
    "CI_JOB_STARTED_AT",
    "CI_PROJECT_PATH",
    "CI_PROJECT_NAME",
    "CI_PROJECT_URL",
    "CI_COMMIT_REF_NAME",
    "CI_COMMIT_BRANCH",
    "CI_COMMIT_TAG",
    "CI_COMMIT_SHA",
    "CI_COMMIT_SHORT_SHA",
    "CI_COMMIT_TITLE",
    "CI_COMMIT_MESSAGE",
    "CI_COMMIT_AUTHOR",
    "CI_MERGE_REQUEST_IID",
    "CI_MERGE_REQUEST_TITLE",
    "CI_MERGE_REQUEST_EVENT_TYPE",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_SHA",
    "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
    "CI_MERGE_REQUEST_TARGET_BRANCH_SHA",
    "CI_MERGE_REQUEST_PROJECT_URL",
    "CI_MERGE_REQUEST_SOURCE_PROJECT_URL",
    "CI_EXTERNAL_PULL_REQUEST_IID",
    "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
    "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_SHA",
    "CI_EXTERNAL_PULL_REQUEST_TARGET_REPOSITORY",
    "GITLAB_USER_NAME",
    "GITLAB_USER_LOGIN"
  ],
  untrusted: [
    "CI_COMMIT_REF_NAME",
    "CI_COMMIT_REF_SLUG",
    "CI_COMMIT_BRANCH",
    "CI_COMMIT_TAG",
    "CI_COMMIT_TAG_MESSAGE",
    "CI_COMMIT_TITLE",
    "CI_COMMIT_MESSAGE",
    "CI_COMMIT_DESCRIPTION",
    "CI_COMMIT_AUTHOR",
    "CI_MERGE_REQUEST_TITLE",
    "CI_MERGE_REQUEST_DESCRIPTION",
    "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
    "CI_EXTERNAL_PULL_REQUEST_SOURCE_BRANCH_NAME",
    "GITLAB_USER_NAME",
    "GITLAB_USER_LOGIN",
    "GITLAB_USER_EMAIL"
  ]
};

// src/pipeline/env/jenkins.ts
var AUTOMATIC = {
  timer: "timer",
  scmChange: "scm change",
  branchIndexing: "branch indexing",
  remoteRequest: "remote request",
  genericWebhook: "webhook"
};
var AUTOMATIC_NAMES = {
  "Timer Trigger": "timer",
  "SCM Change": "scm change",
  "Branch Indexing": "branch indexing",
  "Generic Webhook Trigger": "webhook"
};
var jenkins = {
  detect: (env) => {
    if (text(env["JOB_NAME"]) === void 0 || count(env["BUILD_NUMBER"]) === void 0) return void 0;
    if (text(env["JENKINS_URL"]) !== void 0) return "JENKINS_URL, JOB_NAME and BUILD_NUMBER set";
    if (text(env["BUILD_TAG"])?.startsWith("jenkins-"))
      return "BUILD_TAG=jenkins-…, JOB_NAME and BUILD_NUMBER set";
    return void 0;
  },
  read: (env, context) => {
    const id = text(env["BUILD_USER_ID"]);
    const user = text(env["BUILD_USER"]);
    const automatic = (id !== void 0 ? AUTOMATIC[id] : void 0) ?? (user ? AUTOMATIC_NAMES[user] : void 0);
    const prId = text(env["CHANGE_ID"]);
    const sha = builtCommit(text(env["GIT_COMMIT"]), prId !== void 0, context);
    const facts = {
      provider: "jenkins",
      pipeline: text(env["JOB_NAME"]),
      pipelineUrl: text(env["JOB_URL"]),
      runId: text(env["BUILD_ID"]),
      runNumber: count(env["BUILD_NUMBER"]),
      runUrl: text(env["BUILD_URL"]),
      triggerUser: automatic ? void 0 : user ?? id,
      triggerEvent: automatic,
      stage: text(env["STAGE_NAME"]),
      task: text(env["STAGE_NAME"]),
      repo: repoFromUrl(env["GIT_URL"]),
      branch: text(env["CHANGE_BRANCH"]) ?? text(env["BRANCH_NAME"]) ?? branchName(env["GIT_BRANCH"]),
      commitSha: sha,
      commitUrl: commitPage(webOfClone(env["GIT_URL"]), sha),
      pullRequestId: prId,
      pullRequestTitle: text(env["CHANGE_TITLE"]),
      pullRequestUrl: text(env["CHANGE_URL"])
    };
    return facts;
  },
  variables: [
    "JOB_NAME",
    "JOB_BASE_NAME",
    "JOB_URL",
    "BUILD_ID",
    "BUILD_NUMBER",
    "BUILD_DISPLAY_NAME",
    "BUILD_TAG",
    "BUILD_URL",
    "BUILD_USER",
    "BUILD_USER_ID",
    "STAGE_NAME",
    "NODE_NAME",
    "GIT_URL",
    "GIT_BRANCH",
    "GIT_COMMIT",
    "GIT_PREVIOUS_COMMIT",
    "BRANCH_NAME",
    "CHANGE_ID",
    "CHANGE_TITLE",
    "CHANGE_URL",
    "CHANGE_AUTHOR",
    "CHANGE_AUTHOR_DISPLAY_NAME",
    "CHANGE_BRANCH",
    "CHANGE_TARGET"
  ],
  untrusted: [
    "BUILD_USER",
    "GIT_BRANCH",
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
    "BRANCH_NAME",
    "TAG_NAME",
    "CHANGE_TITLE",
    "CHANGE_AUTHOR",
    "CHANGE_AUTHOR_DISPLAY_NAME",
    "CHANGE_AUTHOR_EMAIL",
    "CHANGE_BRANCH"
  ]
};
function builtCommit(sha, pullRequest, context) {
  if (sha === void 0 || !pullRequest) return sha;
  const commit = context.readCommit(sha);
  if (commit === void 0 || commit.author !== "Jenkins" || commit.parents.length !== 2) return sha;
  const merged = /^Merge commit '([0-9a-f]{40,64})'(?: into HEAD)?$/.exec(commit.message)?.[1];
  return merged !== void 0 && merged === commit.parents[1] ? commit.parents[0] : sha;
}

// src/pipeline/env/woodpecker.ts
var PULL_EVENTS = /* @__PURE__ */ new Set(["pull_request", "pull_request_closed", "pull_request_metadata"]);
var woodpecker = {
  detect: (env) => {
    if (env["CI"] === "woodpecker") return "CI=woodpecker";
    if (env["CI_SYSTEM_NAME"] === "woodpecker") return "CI_SYSTEM_NAME=woodpecker";
    return void 0;
  },
  read: (env) => {
    const prId = text(env["CI_COMMIT_PULL_REQUEST"]);
    const pr = PULL_EVENTS.has(env["CI_PIPELINE_EVENT"] ?? "") || prId !== void 0;
    const forge = text(env["CI_FORGE_TYPE"]);
    const titleInMessage = pr && forge !== "gitlab";
    const sha = text(env["CI_COMMIT_SHA"]);
    const forgeUrl = text(env["CI_PIPELINE_FORGE_URL"]);
    const message = text(env["CI_COMMIT_MESSAGE"]);
    return {
      provider: "woodpecker",
      pipeline: text(env["CI_REPO"]),
      runNumber: count(env["CI_PIPELINE_NUMBER"]),
      runUrl: text(env["CI_PIPELINE_URL"]),
      triggerUser: text(env["CI_PIPELINE_AUTHOR"]),
      triggerEvent: text(env["CI_PIPELINE_EVENT"]),
      stage: text(env["CI_WORKFLOW_NAME"]),
      task: text(env["CI_STEP_NAME"]),
      taskUrl: text(env["CI_STEP_URL"]),
      startedAt: isoTime(env["CI_STEP_STARTED"], { unix: true }) ?? isoTime(env["CI_PIPELINE_STARTED"], { unix: true }),
      repo: text(env["CI_REPO"]),
      branch: text(env["CI_COMMIT_SOURCE_BRANCH"]) ?? text(env["CI_COMMIT_BRANCH"]),
      commitSha: sha,
      commitMessage: titleInMessage ? void 0 : message,
      commitAuthor: pr ? void 0 : text(env["CI_COMMIT_AUTHOR"]),
      commitUrl: !pr && isCommitPage(forgeUrl, sha) ? forgeUrl : commitPage(env["CI_REPO_URL"], sha, forge),
      pullRequestId: prId,
      pullRequestTitle: titleInMessage ? message : void 0,
      pullRequestUrl: pr ? forgeUrl : void 0
    };
  },
  variables: [
    "CI_REPO",
    "CI_REPO_URL",
    "CI_FORGE_TYPE",
    "CI_PIPELINE_NUMBER",
    "CI_PIPELINE_URL",
    "CI_PIPELINE_EVENT",
    "CI_PIPELINE_STATUS",
    "CI_PIPELINE_AUTHOR",
    "CI_PIPELINE_FORGE_URL",
    "CI_PIPELINE_STARTED",
    "CI_WORKFLOW_NAME",
    "CI_STEP_NAME",
    "CI_STEP_URL",
    "CI_COMMIT_BRANCH",
    "CI_COMMIT_SOURCE_BRANCH",
    "CI_COMMIT_TARGET_BRANCH",
    "CI_COMMIT_TAG",
    "CI_COMMIT_SHA",
    "CI_COMMIT_MESSAGE",
    "CI_COMMIT_AUTHOR",
    "CI_COMMIT_PULL_REQUEST"
  ],
  untrusted: [
    "CI_PIPELINE_AUTHOR",
    "CI_COMMIT_BRANCH",
    "CI_COMMIT_SOURCE_BRANCH",
    "CI_COMMIT_TARGET_BRANCH",
    "CI_COMMIT_REF",
    "CI_COMMIT_TAG",
    "CI_COMMIT_MESSAGE",
    "CI_COMMIT_AUTHOR",
    "CI_COMMIT_AUTHOR_EMAIL",
    "CI_PREV_COMMIT_MESSAGE",
    "CI_PREV_COMMIT_AUTHOR"
  ]
};

// src/pipeline/env/yunxiao.ts
var yunxiao = {
  detect: (env) => {
    if (count(env["PIPELINE_ID"]) === void 0 || count(env["BUILD_NUMBER"]) === void 0) return void 0;
    if (text(env["PIPELINE_NAME"]) === void 0 || text(env["BUILD_EXECUTOR"]) === void 0)
      return void 0;
    const own = (text(env["PROJECT_DIR"]) !== void 0 ? "PROJECT_DIR" : void 0) ?? (/^\d{4}(-\d{2}){5}$/.test(env["DATETIME"] ?? "") ? "DATETIME" : void 0) ?? (/^\d{13}$/.test(env["TIMESTAMP"] ?? "") ? "TIMESTAMP" : void 0);
    return own ? `PIPELINE_ID, PIPELINE_NAME, BUILD_NUMBER, BUILD_EXECUTOR and ${own} set` : void 0;
  },
  read: (env) => ({
    provider: "yunxiao",
    pipeline: text(env["PIPELINE_NAME"]),
    runNumber: count(env["BUILD_NUMBER"]),
    triggerUser: text(env["BUILD_EXECUTOR"]),
    triggerEvent: text(env["BUILD_MESSAGE"]),
    repo: text(env["CI_SOURCE_NAME"]),
    branch: text(env["CI_COMMIT_REF_NAME"]),
    commitSha: text(env["CI_COMMIT_SHA"]),
    commitMessage: text(env["CI_COMMIT_TITLE"])
  }),
  variables: [
    "PIPELINE_ID",
    "PIPELINE_NAME",
    "BUILD_NUMBER",
    "BUILD_EXECUTOR",
    "BUILD_REMARK",
    "BUILD_MESSAGE",
    "CI_SOURCE_NAME",
    "CI_COMMIT_REF_NAME",
    "CI_COMMIT_TITLE",
    "CI_COMMIT_SHA",
    "CI_COMMIT_ID",
    "DATETIME",
    "TIMESTAMP"
  ],
  untrusted: ["BUILD_EXECUTOR", "BUILD_REMARK", "BUILD_MESSAGE", "CI_COMMIT_REF_NAME", "CI_COMMIT_TITLE"]
};

// src/pipeline/errors.ts
init_errors();
var CiEnvironmentError = class extends DingpipeError {
  constructor(message, fix) {
    super("ci_environment", message, { fix });
    this.name = "CiEnvironmentError";
  }
};

// src/pipeline/facts.ts
function present(facts) {
  const out = {};
  for (const [key, value] of Object.entries(facts)) if (value !== void 0) out[key] = value;
  return out;
}
function toEvent(facts, status, variables) {
  const f = facts;
  const event = {
    pipeline: compact({ name: f.pipeline, displayName: f.pipelineDisplayName, url: f.pipelineUrl }),
    task: compact({
      name: f.task,
      status,
      url: f.taskUrl,
      startedAt: f.startedAt,
      finishedAt: f.finishedAt,
      durationMs: f.durationMs
    })
  };
  const trigger = optional({ user: f.triggerUser, event: f.triggerEvent });
  const run = optional({ id: f.runId, number: f.runNumber, url: f.runUrl, trigger });
  if (run) event.run = run;
  if (f.stage !== void 0) event.stage = { name: f.stage };
  const commit = f.commitSha === void 0 ? void 0 : compact({ sha: f.commitSha, message: f.commitMessage, author: f.commitAuthor, url: f.commitUrl });
  const pullRequest = f.pullRequestId === void 0 ? void 0 : compact({ id: f.pullRequestId, title: f.pullRequestTitle, url: f.pullRequestUrl });
  const source = optional({ provider: f.provider, repo: f.repo, branch: f.branch, commit, pullRequest });
  if (source) event.source = source;
  if (variables && Object.keys(variables).length > 0) event.variables = variables;
  return event;
}
function compact(value) {
  const out = {};
  for (const [key, v] of Object.entries(value)) if (v !== void 0) out[key] = v;
  return out;
}
function optional(value) {
  const out = compact(value);
  return Object.keys(out).length > 0 ? out : void 0;
}

// src/pipeline/git.ts
var GIT_TIMEOUT_MS = 5e3;
var SHA = /^[0-9a-f]{7,64}$/i;
var FORMAT = "%H%x00%P%x00%an%x00%B";
function gitCommitReader(cwd, env = process.env) {
  const cache = /* @__PURE__ */ new Map();
  return (sha) => {
    if (!SHA.test(sha)) return void 0;
    const key = sha.toLowerCase();
    if (cache.has(key)) return cache.get(key);
    const info = readCommit(cwd, key, env);
    cache.set(key, info);
    return info;
  };
}
function readCommit(cwd, sha, env) {
  let out;
  try {
    out = process.getBuiltinModule("node:child_process").execFileSync(
      "git",
      ["log", "-1", "--no-show-signature", "--no-decorate", "--no-color", `--format=${FORMAT}`, sha, "--"],
      {
        cwd,
        encoding: "utf8",
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: 4 * 1024 * 1024,
        stdio: ["ignore", "pipe", "ignore"],
        env: { ...env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", GIT_PAGER: "cat" },
        windowsHide: true
      }
    );
  } catch {
    return void 0;
  }
  return parseCommit(out);
}
function parseCommit(out) {
  const [sha, parents, author, ...rest] = out.split("\0");
  if (sha === void 0 || !/^[0-9a-f]{40,64}$/.test(sha) || parents === void 0 || author === void 0) {
    return void 0;
  }
  return {
    sha,
    parents: parents.split(" ").filter((p) => p !== ""),
    author: author.trim(),
    message: rest.join("\0").replace(/\s+$/, "")
  };
}

// src/pipeline/ci.ts
var READERS = {
  github,
  gitlab,
  woodpecker,
  drone,
  jenkins,
  gitee,
  yunxiao,
  generic
};
var CI_NAMES = Object.keys(READERS);
var UNTRUSTED_VARIABLES = new Set(
  Object.values(READERS).flatMap((reader) => reader.untrusted)
);
var CI_VARIABLES = new Set(
  Object.values(READERS).flatMap((reader) => [...reader.variables, ...reader.untrusted])
);
function explainCi(env) {
  for (const ci of CI_NAMES) {
    const reason = READERS[ci].detect(env);
    if (reason !== void 0) return { ci, reason };
  }
  return { ci: "generic", reason: "no CI platform's variables set" };
}
function detectCi(env) {
  return explainCi(env).ci;
}
function readEnvironment(env, options) {
  const ci = options.ci ?? detectCi(env);
  const reader = READERS[ci];
  const context = {
    readFile: options.readFile ?? readFileOrUndefined,
    readCommit: options.readCommit ?? gitCommitReader(options.cwd ?? process.cwd())
  };
  const own = present(reader.read(env, context));
  const overrides = reader === generic ? {} : present(generic.read(env, context));
  const facts = withCheckout(overlay(own, overrides), context.readCommit);
  const pipeline = text(options.pipeline) ?? facts.pipeline ?? facts.repo;
  if (pipeline === void 0) {
    throw new CiEnvironmentError(
      `no pipeline name in the ${ci} environment`,
      "Pass --pipeline NAME or set DINGPIPE_PIPELINE in the step's environment."
    );
  }
  const task = text(options.task) ?? facts.task ?? facts.stage ?? pipeline;
  return toEvent({ ...facts, pipeline, task }, options.status, variablesOf(env, reader));
}
function overlay(own, overrides) {
  if (overrides.commitSha !== void 0 && overrides.commitSha !== own.commitSha) {
    const { commitMessage: _m, commitAuthor: _a, commitUrl: _u, ...rest } = own;
    return { ...rest, ...overrides };
  }
  return { ...own, ...overrides };
}
function withCheckout(facts, readCommit2) {
  if (facts.commitSha === void 0 || facts.commitMessage !== void 0) return facts;
  const commit = readCommit2(facts.commitSha);
  if (commit === void 0) return facts;
  return {
    ...facts,
    ...facts.commitMessage === void 0 && text(commit.message) ? { commitMessage: commit.message } : {},
    ...facts.commitAuthor === void 0 && text(commit.author) ? { commitAuthor: commit.author } : {}
  };
}
function variablesOf(env, reader) {
  const names2 = /* @__PURE__ */ new Set([...reader.variables, ...generic.variables, ...UNTRUSTED_VARIABLES]);
  const out = [];
  for (const name of names2) {
    const value = env[name];
    if (value !== void 0 && value !== "") out.push([name, value]);
  }
  return Object.fromEntries(out);
}
function readFileOrUndefined(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return void 0;
  }
}

// src/cli/args.ts
init_status();
import { parseArgs } from "node:util";

// src/cli/pipeline-step.ts
init_channels();
init_diagnostic();
init_load();
import { isAbsolute, join } from "node:path";

// src/delivery/http.ts
var MAX_ANSWER_BYTES = 64 * 1024;
var PROXY_VARS2 = ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"];
function engineHttp(options = {}) {
  const env = options.env ?? process.env;
  if (PROXY_VARS2.some((name) => env[name])) return void 0;
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64, maxFreeSockets: 16 };
  const { Agent: HttpAgent, request: httpRequest } = process.getBuiltinModule("node:http");
  const http = new HttpAgent(agentOptions);
  let https;
  const post = async (input2, init) => {
    const url = typeof input2 === "string" || input2 instanceof URL ? new URL(input2) : new URL(input2.url);
    const secure = url.protocol === "https:";
    if (secure) {
      https ??= import("node:https").then((m) => ({
        agent: new m.Agent(options.ca === void 0 ? agentOptions : { ...agentOptions, ca: options.ca }),
        request: m.request
      }));
    }
    const tls = secure ? await https : void 0;
    const signal = init?.signal ?? void 0;
    const body = typeof init?.body === "string" ? init.body : "";
    const request = tls?.request ?? httpRequest;
    const requestOptions = {
      method: init?.method ?? "GET",
      headers: headersOf(init?.headers, body),
      agent: tls?.agent ?? http
    };
    const once = (retried) => new Promise((resolve2, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      let answered = false;
      const req = request(url, requestOptions, (res) => {
        answered = true;
        readAnswer(res).then((text4) => {
          signal?.removeEventListener("abort", onAbort);
          resolve2(answer(res, text4));
        }, fail);
      });
      function fail(error) {
        signal?.removeEventListener("abort", onAbort);
        const code = error?.code;
        if (!retried && !answered && req.reusedSocket && !signal?.aborted && (code === "ECONNRESET" || code === "EPIPE")) {
          resolve2(once(true));
          return;
        }
        reject(signal?.aborted ? signal.reason : new TypeError("fetch failed", { cause: error }));
      }
      function onAbort() {
        req.destroy(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      req.on("error", fail);
      req.end(body);
    });
    return once(false);
  };
  return {
    fetch: post,
    close() {
      http.destroy();
      void https?.then((h) => h.agent.destroy());
    }
  };
}
function headersOf(given, body) {
  const headers = { "content-length": Buffer.byteLength(body) };
  if (Array.isArray(given)) {
    for (const [name, value] of given) headers[name] = value;
  } else if (given !== void 0 && typeof given.forEach === "function") {
    given.forEach((value, name) => {
      headers[name] = value;
    });
  } else if (given !== void 0) {
    for (const [name, value] of Object.entries(given)) headers[name] = value;
  }
  return headers;
}
function readAnswer(res) {
  return new Promise((resolve2, reject) => {
    let text4 = "";
    res.setEncoding("utf8");
    res.on("data", (chunk) => {
      if (text4.length < MAX_ANSWER_BYTES) text4 += chunk;
    });
    res.on("end", () => resolve2(text4));
    res.on("error", reject);
    res.on("aborted", () => reject(new Error("the answer was cut off")));
  });
}
function answer(res, text4) {
  const status = res.statusCode ?? 0;
  const headers = res.headers;
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: {
      get(name) {
        const value = headers[name.toLowerCase()];
        return value === void 0 ? null : Array.isArray(value) ? value.join(", ") : value;
      }
    },
    text: () => Promise.resolve(text4),
    json: () => Promise.resolve(JSON.parse(text4))
  };
}

// src/cli/pipeline-step.ts
init_errors2();
init_errors();
init_compose();
init_i18n();
init_names();

// src/notify/rules.ts
init_status();
var compiled = /* @__PURE__ */ new Map();
function globMatch(pattern, name) {
  let re = compiled.get(pattern);
  if (!re) {
    const source = Array.from(
      pattern,
      (c) => c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")
    ).join("");
    re = new RegExp(`^${source}$`, "su");
    if (compiled.size > 1e3) compiled.clear();
    compiled.set(pattern, re);
  }
  return re.test(name);
}
function anyMatch(patterns, name) {
  return patterns === void 0 || patterns.some((p) => globMatch(p, name));
}
function eventSelected(rule, event, facts) {
  return rule.events.includes(event.task.status) || facts.transition !== void 0 && rule.events.includes(facts.transition);
}
function matches(rule, event, facts = {}) {
  return rule.enabled !== false && eventSelected(rule, event, facts) && anyMatch(rule.tasks, event.task.name) && anyMatch(rule.pipelines, event.pipeline.name);
}
function selectRules(rules, event, facts = {}) {
  return rules.filter((rule) => matches(rule, event, facts));
}

// src/cli/pipeline-step.ts
init_status();

// src/cli/secrets.ts
init_redact();
init_secret_names();
var MIN_MASKED_LENGTH = 6;
var MASK = "***";
function secretEnvValues(env) {
  const out = [];
  for (const [name, value] of Object.entries(env)) {
    if (value && isSecretName(name)) out.push(value);
  }
  return out;
}
function withoutSecrets(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !isSecretName(name)));
}
function credentialSecrets(config) {
  const out = [];
  for (const c of Object.values(config?.credentials ?? {})) {
    if (c.webhook) {
      out.push(c.webhook);
      const token = tokenOf(c.webhook);
      if (token) out.push(token);
    }
    if (c.token) out.push(c.token);
    if (c.secret) out.push(c.secret);
  }
  return out;
}
function tokenOf(webhook) {
  try {
    const url = new URL(webhook);
    return url.searchParams.get("access_token") ?? url.searchParams.get("key") ?? /\/bot\/v2\/hook\/([^/?#]+)/.exec(url.pathname)?.[1] ?? void 0;
  } catch {
    return void 0;
  }
}
function maskable(values) {
  const known = [...new Set(values.map((v) => v.trim()).filter((v) => v.length >= MIN_MASKED_LENGTH))];
  return known.sort((a, b) => b.length - a.length);
}
function maskKnown(text4, known) {
  let out = text4;
  for (const value of known) if (out.includes(value)) out = out.split(value).join(MASK);
  return out;
}
function maskSecrets(text4, values) {
  return redact(maskKnown(text4, maskable(values)));
}
function maskMessage(message, values) {
  const known = maskable(values);
  if (known.length === 0) return message;
  const walk = (value) => {
    if (typeof value === "string") return maskKnown(value, known);
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    }
    return value;
  };
  return walk(message);
}

// src/cli/step-card.ts
init_dingtalk_app();

// src/runs/card.ts
init_lazy_crypto();
init_format();
init_i18n();

// src/runs/state.ts
init_format();

// src/runs/key.ts
function textKey(key) {
  const k = key.includes("\0") ? key.replaceAll("\0", "�") : key;
  return k.isWellFormed() ? k : k.toWellFormed();
}

// src/runs/state.ts
function runKeyOf(source, event) {
  const id = runIdOf(event);
  if (id === void 0) return void 0;
  return textKey(`${source}${event.source?.repo ?? ""}${event.pipeline.name}${id}`);
}
function runIdOf(event) {
  const id = event.run?.id?.trim();
  if (id) return id;
  const n = event.run?.number;
  return typeof n === "number" && Number.isFinite(n) ? `#${n}` : void 0;
}
var TERMINAL = /* @__PURE__ */ new Set(["success", "failure", "cancelled", "skipped"]);
function isTerminal(status) {
  return TERMINAL.has(status);
}
function time(iso) {
  if (iso === void 0) return void 0;
  const t2 = Date.parse(iso);
  return Number.isNaN(t2) ? void 0 : t2;
}
function timeOr(iso, receivedAt, receivedMs) {
  return receivedMs !== void 0 && iso === receivedAt ? receivedMs : time(iso);
}
function applyTaskEvent(previous, event, eventId, receivedAt, receivedMs) {
  const t2 = event.task;
  if (previous && isTerminal(previous.status) && !isTerminal(t2.status)) {
    const began = time(t2.startedAt);
    const finished = time(previous.finishedAt);
    if (began !== void 0 && finished !== void 0 && began < finished) return void 0;
  }
  const startedAt = startOf(previous, event, receivedAt);
  const finishedAt = isTerminal(t2.status) ? t2.finishedAt ?? receivedAt : void 0;
  const next = { name: t2.name, status: t2.status, eventId };
  const stage = event.stage?.name ?? previous?.stage;
  if (stage !== void 0) next.stage = stage;
  const url = t2.url ?? previous?.url;
  if (url !== void 0) next.url = url;
  if (startedAt !== void 0) next.startedAt = startedAt;
  if (finishedAt !== void 0) next.finishedAt = finishedAt;
  const duration = eventDurationMs(event) ?? (finishedAt !== void 0 && startedAt !== void 0 ? Math.max(
    0,
    (timeOr(finishedAt, receivedAt, receivedMs) ?? 0) - (timeOr(startedAt, receivedAt, receivedMs) ?? 0)
  ) : void 0);
  if (isTerminal(t2.status) && duration !== void 0 && Number.isFinite(duration)) next.durationMs = duration;
  return next;
}
function startOf(previous, event, receivedAt) {
  if (event.task.startedAt !== void 0) return event.task.startedAt;
  const finishing = isTerminal(event.task.status);
  if (previous === void 0 || isTerminal(previous.status)) return finishing ? void 0 : receivedAt;
  return previous.startedAt ?? (finishing ? void 0 : receivedAt);
}
function newRun(source, event, receivedAt) {
  return {
    source,
    pipeline: event.pipeline.name,
    runId: runIdOf(event) ?? "",
    tasks: [],
    version: 0,
    createdAt: receivedAt,
    updatedAt: receivedAt
  };
}
function applyEvent(run, event, eventId, receivedAt, receivedMs) {
  const next = { ...run, tasks: [...run.tasks] };
  let changed = false;
  const set2 = (key, value) => {
    if (value === void 0) return;
    if (!sameJson(next[key], value)) {
      next[key] = value;
      changed = true;
    }
  };
  set2("displayName", event.pipeline.displayName);
  set2("pipelineUrl", event.pipeline.url);
  set2("number", event.run?.number);
  set2("url", event.run?.url);
  set2("trigger", event.run?.trigger);
  set2("repo", event.source?.repo);
  set2("branch", event.source?.branch);
  set2("commit", event.source?.commit);
  if (isPipelineLevel(event)) {
    set2("runStatus", event.task.status);
  } else {
    const at2 = next.tasks.findIndex((task2) => task2.name === event.task.name);
    const before = at2 < 0 ? void 0 : next.tasks[at2];
    const task = applyTaskEvent(before, event, eventId, receivedAt, receivedMs);
    if (task !== void 0) {
      if (before === void 0) next.tasks.push(task);
      else next.tasks[at2] = task;
      if (before === void 0 || !sameFields(before, task, "eventId")) changed = true;
    }
  }
  if (!changed) return void 0;
  next.version = run.version + 1;
  next.updatedAt = receivedAt;
  return next;
}
function sameJson(a, b) {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bs = b;
    if (a.length !== bs.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i] ?? null, bs[i] ?? null)) return false;
    return true;
  }
  return sameFields(a, b);
}
function sameFields(a, b, except) {
  const ao = a;
  const bo = b;
  const ak = Object.keys(ao);
  const bk = Object.keys(bo);
  let i = 0;
  let j = 0;
  for (; ; ) {
    while (i < ak.length && (ak[i] === except || ao[ak[i]] === void 0)) i++;
    while (j < bk.length && (bk[j] === except || bo[bk[j]] === void 0)) j++;
    if (i === ak.length || j === bk.length) return i === ak.length && j === bk.length;
    const k = ak[i];
    if (k !== bk[j] || !sameJson(ao[k], bo[k])) return false;
    i++;
    j++;
  }
}
function runStatus(run) {
  if (run.runStatus !== void 0 && isTerminal(run.runStatus)) return asRunStatus(run.runStatus);
  const states = new Set(run.tasks.map((t2) => t2.status));
  if (states.has("failure")) return "failure";
  if (run.runStatus !== void 0) return asRunStatus(run.runStatus);
  if (states.has("started")) return "running";
  if (states.has("waiting")) return "waiting";
  if (states.has("cancelled")) return "cancelled";
  return states.size === 0 ? "waiting" : "success";
}
function asRunStatus(status) {
  if (status === "started") return "running";
  if (status === "skipped") return "success";
  return status;
}

// src/runs/card.ts
var RUN_MARKS = {
  running: "▶",
  waiting: "⏳",
  success: "✅",
  failure: "❌",
  cancelled: "⏹"
};
function cardBizIdFor(runKey, scope = "") {
  return `dp${crypto2().createHash("sha256").update(`${runKey}${scope}`).digest("hex").slice(0, 32)}`;
}
function runCard(key, run, scope = "", locale2 = DEFAULT_MESSAGE_LOCALE) {
  const status = runStatus(run);
  const name = run.displayName ?? run.pipeline;
  const label = run.number === void 0 ? name : `${name} #${run.number}`;
  const tasks = run.tasks.map((t2) => {
    const duration = t2.durationMs === void 0 ? void 0 : formatDuration(t2.durationMs, locale2);
    return {
      name: t2.name,
      status: t2.status,
      mark: statusMark(t2.status),
      ...t2.stage === void 0 ? {} : { stage: t2.stage },
      ...duration === void 0 ? {} : { duration },
      ...t2.url === void 0 ? {} : { url: t2.url }
    };
  });
  const trigger = [run.trigger?.user, run.trigger?.event].filter((v) => Boolean(v)).join(" · ");
  const url = run.url ?? run.pipelineUrl;
  const card2 = {
    cardBizId: cardBizIdFor(key, scope),
    version: run.version,
    status,
    run: label,
    title: `${RUN_MARKS[status]} ${label} ${t(locale2, `card.${status}`)}`,
    tasks,
    locale: locale2,
    updatedAt: run.updatedAt
  };
  if (run.repo !== void 0) card2.repo = run.repo;
  if (run.branch !== void 0) card2.branch = run.branch;
  if (run.commit !== void 0) card2.commit = { ...run.commit, sha: shortSha(run.commit.sha) };
  if (trigger !== "") card2.trigger = trigger;
  if (url !== void 0)
    card2.link = { label: t(locale2, run.url ? "card.openRun" : "card.openPipeline"), url };
  return card2;
}

// src/runs/standard-card.ts
init_card();
init_escape();
init_i18n();
var MAX_CARD_TASKS = 60;
function renderStandardCard(card2) {
  const shown = card2.tasks.slice(0, MAX_CARD_TASKS);
  const lines = shown.map((t2) => {
    const name = markdownLink(t2.name, t2.url);
    return `- ${t2.mark} ${name}${t2.duration ? ` · ${t2.duration}` : ""}`;
  });
  const { locale: locale2 } = card2;
  if (card2.tasks.length > shown.length) {
    lines.push(`- ${t(locale2, "card.moreTasks", { count: card2.tasks.length - shown.length })}`);
  }
  if (lines.length === 0) lines.push(t(locale2, "card.noTasks"));
  const facts = [];
  if (card2.commit) {
    const message = card2.commit.message ? ` ${escapeInline(card2.commit.message.split("\n")[0] ?? "", { midLine: true })}` : "";
    const author = card2.commit.author ? ` (${escapeInline(card2.commit.author, { midLine: true })})` : "";
    facts.push(
      `**${t(locale2, "label.commit")}** ${markdownLink(card2.commit.sha, card2.commit.url)}${message}${author}`
    );
  }
  const where = [card2.repo, card2.branch].filter((v) => Boolean(v));
  if (where.length > 0)
    facts.push(`**${t(locale2, "label.branch")}** ${escapeInline(where.join(" · "), { midLine: true })}`);
  if (card2.trigger)
    facts.push(`**${t(locale2, "card.trigger")}** ${escapeInline(card2.trigger, { midLine: true })}`);
  const contents = [cardMarkdown("tasks", lines.join("\n"))];
  if (facts.length > 0) contents.push(cardDivider("divider"), cardMarkdown("facts", facts.join("\n\n")));
  if (card2.link) contents.push(cardLinks("actions", [card2.link]));
  return standardCard({ title: card2.title, contents });
}

// src/channels/dingtalk_app/run-card.ts
function renderRunCard(card2) {
  const body = renderStandardCard(card2);
  const bytes = Buffer.byteLength(JSON.stringify(body), "utf8");
  return { body, type: "StandardCard", bytes, maxBytes: bytes, truncated: false, unmentionable: [] };
}
function eventRunCard(source, event, scope, locale2, now = /* @__PURE__ */ new Date()) {
  const key = runKeyOf(source, event);
  if (key === void 0) return void 0;
  const at2 = now.toISOString();
  const fresh = newRun(source, event, at2);
  const card2 = runCard(key, applyEvent(fresh, event, "event", at2) ?? fresh, scope, locale2);
  return { cardBizId: card2.cardBizId, rendered: renderRunCard(card2) };
}

// src/cli/step-card.ts
init_errors3();
var STEP_SOURCE = "step";
function stepCard(event, credential, locale2) {
  return eventRunCard(STEP_SOURCE, event, credential, locale2);
}
function stepCardClient(credential, cardBizId, options = {}) {
  const robot = appRobotFor(credential, options);
  return {
    endpoint: robot.endpoint,
    prepare(body) {
      const text4 = JSON.stringify(body);
      return { body, text: text4, bytes: Buffer.byteLength(text4, "utf8") };
    },
    async send(body, sendOptions) {
      const card2 = { cardBizId, card: body };
      let result;
      try {
        result = await robot.updateCard(card2, sendOptions);
      } catch (error) {
        if (!isAppRobotError(error, "card_not_found")) throw error;
        result = await robot.sendCard(card2, sendOptions);
      }
      return {
        errcode: 0,
        errmsg: result.processQueryKey ?? "ok",
        attempts: result.attempts,
        bytes: Buffer.byteLength(result.body, "utf8"),
        fitted: false,
        body: result.body
      };
    }
  };
}

// src/cli/pipeline-step.ts
var UsageError = class extends Error {
};
var DEFAULT_CONFIG2 = ".dingpipe.yml";
function parseEvent(word) {
  if (word === void 0 || word.trim() === "") {
    throw new UsageError(
      "no event: give --event started|success|failure|cancelled|skipped|waiting (or a platform word: SUCC, FAIL, failed …)"
    );
  }
  const status = toStatus(word);
  if (status) return status;
  const transition = toTransition(word);
  if (transition) {
    throw new UsageError(
      `'${word}' is a transition dingpipe serve derives from the task's history, not a task's state: give the state the task ended in, --event ${statusOf(transition)}`
    );
  }
  const close = suggestStatus(word);
  throw new UsageError(
    `unknown event '${word}'${close ? ` — did you mean '${close}'?` : ""} (events: started, success, failure, cancelled, skipped, waiting; platform words are listed in docs/events.md)`
  );
}
function parseCi(name) {
  if (name === void 0) return void 0;
  const ci = name.trim().toLowerCase();
  if (CI_NAMES.includes(ci)) return ci;
  throw new UsageError(`unknown CI '${name}' (one of: ${CI_NAMES.join(", ")})`);
}
function stepWording(given, config, env) {
  const localeWord = given.locale ?? nonEmpty2(env["DINGPIPE_LOCALE"]);
  const zoneWord = given.timezone ?? nonEmpty2(env["DINGPIPE_TIMEZONE"]);
  let zone = config?.timezone;
  const out = {
    get timeZone() {
      zone ??= defaultTimeZone(env);
      return zone;
    },
    set timeZone(value) {
      zone = value;
    }
  };
  if (config?.locale) out.locale = config.locale;
  const from = (flag2, name) => given[flag2] !== void 0 ? `--${flag2}` : name;
  if (localeWord !== void 0) {
    const p = parseLocale(localeWord);
    if (!p.ok) throw new UsageError(`${from("locale", "DINGPIPE_LOCALE")}: ${p.message} (${LOCALE_FIX})`);
    out.locale = p.value;
  }
  if (zoneWord !== void 0) {
    const p = parseTimeZone(zoneWord);
    if (!p.ok)
      throw new UsageError(`${from("timezone", "DINGPIPE_TIMEZONE")}: ${p.message} (${TIMEZONE_FIX})`);
    out.timeZone = p.value;
  }
  return out;
}
var nonEmpty2 = (v) => v !== void 0 && v.trim() !== "" ? v : void 0;
async function loadStepConfig(given, io) {
  const shown = given ?? DEFAULT_CONFIG2;
  const path = isAbsolute(shown) ? shown : join(io.cwd, shown);
  const { config, diagnostics } = await loadConfig(path, io.env);
  const located = diagnostics.map((d) => ({ ...d, file: shown }));
  for (const d of located) {
    if (!config || d.severity === "warning") io.stderr(`${formatDiagnostic(d)}
`);
  }
  if (!config) {
    const errors = located.filter((d) => d.severity === "error").length;
    io.stderr(
      `${shown}: ${errors} error${errors === 1 ? "" : "s"}; nothing sent (check it with: dingpipe config check)
`
    );
    return void 0;
  }
  return { config, diagnostics: located, shown };
}
function stepSecrets(config, env) {
  return [...secretEnvValues(env), ...credentialSecrets(config)];
}
function planNotifications(loaded, event, env, wording3 = stepWording({}, loaded.config, env), fetch) {
  const { config, diagnostics } = loaded;
  const numbers = new Map(config.notifications.map((rule, i) => [rule, i + 1]));
  const trusted2 = withoutSecrets(env);
  const secrets = stepSecrets(config, env);
  return selectRules(config.notifications, event).map((rule) => {
    const credential = config.credentials[rule.credential];
    const channel = channelFor(credential?.kind);
    const notice = compose(rule, event, {
      env: trusted2,
      ...wording3.locale === void 0 ? {} : { locale: wording3.locale },
      get timeZone() {
        return wording3.timeZone;
      }
    });
    const card2 = credential !== void 0 && rule.style === "run_card" && channel.info.kind === "dingtalk_app" ? stepCard(event, rule.credential, notice.locale) : void 0;
    const rendered4 = card2?.rendered ?? channel.render(notice, {
      ...credential?.keywords ? { keywords: credential.keywords } : {},
      signed: credential?.secret !== void 0
    });
    const composed = { notice, rendered: masked2(rendered4, secrets), kind: channel.info };
    const planned = { number: numbers.get(rule) ?? 0, rule, name: rule.credential, composed };
    if (!credential) {
      const d = diagnostics.find((x) => x.severity === "error" && x.credential === rule.credential);
      planned.problem = d ? { message: `${d.file}:${d.line}:${d.column}: ${d.message}`, ...d.fix ? { fix: d.fix } : {} } : { message: `credential '${rule.credential}' cannot be used` };
      return planned;
    }
    const robot = {
      kind: channel.info.kind,
      ...credential.webhook === void 0 ? {} : { webhook: credential.webhook },
      ...credential.token === void 0 ? {} : { token: credential.token },
      ...credential.baseUrl === void 0 ? {} : { baseUrl: credential.baseUrl },
      ...credential.secret === void 0 ? {} : { secret: credential.secret },
      ...credential.keywords === void 0 ? {} : { keywords: credential.keywords }
    };
    const options = {
      ...credential.rateLimit === void 0 ? {} : { rateLimit: credential.rateLimit },
      ...fetch === void 0 ? {} : { fetch },
      env,
      locale: notice.locale
    };
    try {
      planned.robot = card2 === void 0 ? channel.client(robot, options) : stepCardClient(robot, card2.cardBizId, options);
    } catch (e) {
      planned.problem = isDingpipeError(e) ? { message: e.message, ...e.fix ? { fix: fixFor(e.fix, "config", rule.credential) } : {} } : { message: e.message };
    }
    return planned;
  });
}
function masked2(rendered4, secrets) {
  const body = maskMessage(rendered4.body, secrets);
  return body === rendered4.body ? rendered4 : { ...rendered4, body };
}
function composeWarnings(p) {
  const out = [];
  const where = `notification #${p.number} (${p.name})`;
  const { notice, rendered: rendered4, kind: kind2 } = p.composed;
  for (const v of notice.unknownVariables)
    out.push(
      `warning: ${where}: \${${v}} has no value here (rendered empty; write \${${v}:-default} to give one)`
    );
  for (const m of notice.droppedMentions)
    out.push(`warning: ${where}: @ '${m}' is neither a mobile number, a user id (ou_…) nor all (left out)`);
  for (const m of rendered4.unmentionable)
    out.push(
      `warning: ${where}: @ '${m}' cannot be mentioned on ${kind2.label} (left out): ${kind2.words.en.mentions}`
    );
  if (rendered4.truncated)
    out.push(
      `warning: ${where}: shortened to fit ${kind2.label}'s ${rendered4.maxBytes.toLocaleString("en")}-byte limit`
    );
  return out;
}
function formatBytes(bytes) {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}
function stepHttp(env) {
  return engineHttp({ env, maxSockets: 8 });
}
async function deliverAll(planned, options) {
  const label = options.label ? ` ${options.label}` : "";
  const mask = (text4) => maskSecrets(text4, options.secrets);
  for (const p of planned) for (const w of composeWarnings(p)) options.err(`${mask(w)}
`);
  return Promise.all(
    planned.map(async (p) => {
      try {
        if (!p.robot) throw p.problem ?? { message: "no robot" };
        const sent = await p.robot.send(p.composed.rendered.body, {
          ...options.signal === void 0 ? {} : { signal: options.signal }
        });
        const extra = `${sent.fitted ? ", shortened" : ""}${sent.attempts > 1 ? `, ${sent.attempts} attempts` : ""}`;
        const line = `✓ ${p.name}${label} (${p.composed.rendered.type}, ${formatBytes(sent.bytes)}${extra})`;
        options.out(`${mask(line)}
`);
        return { name: p.name, ok: true, line };
      } catch (e) {
        const error = e;
        const message = error.message ?? String(e);
        const code = typeof error.errcode === "number" && !message.includes(`errcode ${error.errcode}`) ? ` (errcode ${error.errcode})` : "";
        const fix = error.fix ? ` — fix: ${fixFor(error.fix, "config", p.name)}` : "";
        const line = mask(`✗ ${p.name}${label}: ${message}${code}${fix}`);
        options.err(`${line}
`);
        return { name: p.name, ok: false, line };
      }
    })
  );
}
function notificationLabel(number2, rule) {
  return `notification #${number2}${rule.name === void 0 ? "" : ` '${rule.name}'`} (${rule.credential})`;
}
function switchedOffNotes(config, event, what = "sent") {
  const out = [];
  config.notifications.forEach((rule, i) => {
    if (rule.enabled !== false || !matches({ ...rule, enabled: true }, event)) return;
    out.push(
      `${notificationLabel(i + 1, rule)} is switched off (enabled: false): nothing ${what} for ${event.task.status}`
    );
  });
  return out;
}
function nothingSelected(event) {
  return `no notification selects ${event.task.status} for task '${event.task.name}' of pipeline '${event.pipeline.name}': nothing sent`;
}

// src/cli/notify.ts
async function notify(options, io) {
  let secrets = [];
  let http;
  try {
    const status = parseEvent(options.event ?? io.env["DINGPIPE_EVENT"]);
    const ci = parseCi(options.ci);
    const loaded = await loadStepConfig(options.config, io);
    if (!loaded) return { code: 2, outcomes: [], secrets };
    secrets = stepSecrets(loaded.config, io.env);
    const wording3 = stepWording(options, loaded.config, io.env);
    const event = readEnvironment(io.env, {
      cwd: io.cwd,
      status,
      ...ci ? { ci } : {},
      ...options.task ? { task: options.task } : {},
      ...options.pipeline ? { pipeline: options.pipeline } : {}
    });
    http = stepHttp(io.env);
    const planned = planNotifications(loaded, event, io.env, wording3, http?.fetch);
    for (const note of switchedOffNotes(loaded.config, event)) io.stderr(`${maskSecrets(note, secrets)}
`);
    if (planned.length === 0) {
      io.stdout(`${nothingSelected(event)}
`);
      return { code: 0, event, outcomes: [], secrets };
    }
    const outcomes = await deliverAll(planned, { out: io.stdout, err: io.stderr, secrets });
    const failed = outcomes.filter((o) => !o.ok).length;
    if (failed === 0) return { code: 0, event, outcomes, secrets };
    const summary2 = `${failed} of ${outcomes.length} message${outcomes.length === 1 ? "" : "s"} not delivered`;
    if (options.ignoreErrors) {
      io.stderr(`warning: ${summary2} (--ignore-errors: exit 0)
`);
      return { code: 0, event, outcomes, secrets };
    }
    io.stderr(`${summary2}
`);
    return { code: 1, event, outcomes, secrets };
  } catch (e) {
    const message = e?.message ?? String(e);
    if (e instanceof UsageError) {
      io.stderr(
        maskSecrets(
          `dingpipe notify: ${message}

Run 'dingpipe notify --help' for the options.
`,
          secrets
        )
      );
      return { code: 2, outcomes: [], secrets };
    }
    if (isDingpipeError(e)) {
      io.stderr(maskSecrets(`dingpipe notify: ${message}${e.fix ? `
  fix: ${e.fix}` : ""}
`, secrets));
      return { code: 2, outcomes: [], secrets };
    }
    io.stderr(maskSecrets(`dingpipe notify: ${message}
`, secrets));
    return { code: 1, outcomes: [], secrets };
  } finally {
    http?.close();
  }
}

// src/action/summary.ts
function commandValue(text4, property = false) {
  const data = text4.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  return property ? data.replace(/:/g, "%3A").replace(/,/g, "%2C") : data;
}
function markdownText(text4) {
  return text4.replace(/[\r\n]+/g, " ").replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}
function summary(eventWord, result) {
  const lines = ["### dingpipe notify", ""];
  const event = result.event;
  if (event === void 0) {
    lines.push(
      `Not run (exit ${result.code}): the \`${markdownText(eventWord)}\` event, the inputs or the config need a fix; the step's log says which.`
    );
    return `${lines.join("\n")}
`;
  }
  lines.push(
    `**${markdownText(event.task.status)}** of task **${markdownText(event.task.name)}** in pipeline **${markdownText(event.pipeline.name)}**`,
    ""
  );
  if (result.outcomes.length === 0) {
    lines.push("No notification selects this event: nothing sent.");
    return `${lines.join("\n")}
`;
  }
  const delivered = result.outcomes.filter((o) => o.ok).length;
  const failed = result.outcomes.length - delivered;
  for (const o of result.outcomes) lines.push(`- ${markdownText(o.line)}`);
  lines.push("", `${delivered} delivered, ${failed} not delivered.`);
  return `${lines.join("\n")}
`;
}

// src/action/run.ts
var InputError = class extends Error {
};
function input(env, name) {
  return (env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}
function booleanInput(env, name) {
  const value = input(env, name);
  if (["", "false", "False", "FALSE"].includes(value)) return false;
  if (["true", "True", "TRUE"].includes(value)) return true;
  throw new InputError(`input ${name} is '${value}': give true or false`);
}
function readInputs(env) {
  const event = input(env, "event");
  if (event === "") {
    throw new InputError(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow expression, written for the user
      "input event is required: pass the job's status (event: ${{ job.status }}) or started, skipped, waiting"
    );
  }
  return {
    event,
    task: input(env, "task"),
    config: input(env, "config") || ".dingpipe.yml",
    webhook: input(env, "webhook"),
    secret: input(env, "secret"),
    locale: input(env, "locale"),
    timezone: input(env, "timezone"),
    ignoreErrors: booleanInput(env, "ignore-errors")
  };
}
function oneRobotConfig(withSecret) {
  return [
    "credentials:",
    "  dingtalk:",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: ${…} is the config's own interpolation
    "    webhook: ${DINGTALK_WEBHOOK}",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: as above
    ...withSecret ? ["    secret: ${DINGTALK_SECRET}"] : [],
    "notifications:",
    "  - credential: dingtalk",
    "    events: [started, success, failure, cancelled, skipped, waiting]",
    ""
  ].join("\n");
}
async function runAction(io) {
  const onGitHub = io.env["GITHUB_ACTIONS"] === "true";
  let inputs;
  try {
    inputs = readInputs(io.env);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    io.stdout(`::error title=dingpipe::${commandValue(e.message)}
`);
    await writeSummary(io.env, `### dingpipe notify

Not run: ${markdownText(e.message)}
`);
    return 2;
  }
  if (onGitHub) {
    for (const value of [inputs.webhook, inputs.secret]) {
      if (value !== "") io.stdout(`::add-mask::${commandValue(value)}
`);
    }
  }
  const env = { ...io.env };
  if (inputs.webhook !== "") env["DINGTALK_WEBHOOK"] = inputs.webhook;
  if (inputs.secret !== "") env["DINGTALK_SECRET"] = inputs.secret;
  let config = inputs.config;
  let written;
  const path = isAbsolute2(config) ? config : join2(io.cwd, config);
  if (!existsSync(path) && inputs.webhook !== "") {
    written = join2(
      io.env["RUNNER_TEMP"] || tmpdir(),
      `dingpipe-action-${randomBytes(6).toString("hex")}.yml`
    );
    await writeFile(written, oneRobotConfig(inputs.secret !== ""), { mode: 384 });
    io.stdout(`dingpipe: no ${config} here: every event goes to the robot of the webhook input
`);
    config = written;
  }
  let result;
  try {
    result = await notify(
      {
        event: inputs.event,
        task: inputs.task || void 0,
        config,
        ci: "github",
        locale: inputs.locale || void 0,
        timezone: inputs.timezone || void 0,
        ignoreErrors: inputs.ignoreErrors
      },
      { ...io, env }
    );
  } finally {
    if (written !== void 0) await rm(written, { force: true });
  }
  const delivered = result.outcomes.filter((o) => o.ok).length;
  const failed = result.outcomes.length - delivered;
  const level = inputs.ignoreErrors ? "warning" : "error";
  for (const o of result.outcomes.filter((x) => !x.ok)) {
    const title2 = commandValue(`dingpipe: ${o.name} not delivered`, true);
    io.stdout(`::${level} title=${title2}::${commandValue(o.line)}
`);
  }
  const outputFile = io.env["GITHUB_OUTPUT"];
  if (outputFile) await appendFile(outputFile, `delivered=${delivered}
failed=${failed}
`);
  const text4 = summary(inputs.event, result);
  await writeSummary(io.env, maskSecrets(text4, [...result.secrets, inputs.webhook, inputs.secret]));
  return result.code;
}
async function writeSummary(env, markdown2) {
  const file = env["GITHUB_STEP_SUMMARY"];
  if (file) await appendFile(file, markdown2);
}

// src/action/main.ts
process.exitCode = await runAction({
  stdout: (t2) => void process.stdout.write(t2),
  stderr: (t2) => void process.stderr.write(t2),
  env: process.env,
  cwd: process.cwd()
});

/*
 * Bundled packages and their licences
 *
 * valibot@1.5.0 (MIT)
 *
 * MIT License
 *
 * Copyright (c) Fabian Hiller
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated documentation files (the "Software"), to deal in the Software without restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the following conditions:
 *
 * The above copyright notice and this permission notice shall be included in all copies or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
 *
 * ------------------------------------------------------------------------
 *
 * yaml@2.9.1 (ISC)
 *
 * Copyright Eemeli Aro <eemeli@gmail.com>
 *
 * Permission to use, copy, modify, and/or distribute this software for any purpose
 * with or without fee is hereby granted, provided that the above copyright notice
 * and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH
 * REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND
 * FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT,
 * INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS
 * OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER
 * TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF
 * THIS SOFTWARE.
 */
