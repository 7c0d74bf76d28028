/**
 * What `notify`, `run` and `preview` share: the event word, the `.dingpipe.yml`, the CI
 * environment, the notifications an event selects, each composed for its robot, and delivery of
 * them all at once with one report line each. Secrets never reach a printed line.
 */
import { isAbsolute, join } from "node:path";
import type { ChannelClient, ClientOptions, Rendered, RobotCredential } from "../channels/channel.ts";
import { channelFor, type KindInfo } from "../channels/index.ts";
import { type Diagnostic, formatDiagnostic } from "../config/diagnostic.ts";
// Not config/index.ts: that also brings parseConfig and with it the `yaml` parser, which loadConfig
// loads only for a file outside the plain subset.
import { type DingpipeConfig, loadConfig } from "../config/load.ts";
import { type EngineHttp, engineHttp } from "../delivery/http.ts";
import { fixFor } from "../dingtalk/errors.ts";
import { isDingpipeError } from "../errors.ts";
import { type ComposeContext, compose } from "../notify/compose.ts";
import { defaultTimeZone } from "../notify/i18n/index.ts";
import { LOCALE_FIX, parseLocale, parseTimeZone, TIMEZONE_FIX } from "../notify/i18n/names.ts";
import type { Notice } from "../notify/notice.ts";
import type { Credential, NotificationRule } from "../notify/rule.ts";
import { matches, selectRules } from "../notify/rules.ts";
import { CI_NAMES, type CiName } from "../pipeline/ci.ts";
import type { PipelineEvent } from "../pipeline/event.ts";
import { type Status, statusOf, suggestStatus, toStatus, toTransition } from "../pipeline/status.ts";
import type { Io } from "./io.ts";
import { credentialSecrets, maskMessage, maskSecrets, secretEnvValues, withoutSecrets } from "./secrets.ts";
import { stepCard, stepCardClient } from "./step-card.ts";

/** Bad usage: the command prints it with a pointer to --help and exits 2. */
export class UsageError extends Error {}

export const DEFAULT_CONFIG = ".dingpipe.yml";

/** The options `notify`, `run` and `preview` share: what the step is, where its config is, how it reads. */
export const STEP_OPTIONS = {
  task: { type: "string", short: "t" },
  pipeline: { type: "string" },
  config: { type: "string", short: "c" },
  ci: { type: "string" },
  locale: { type: "string" },
  timezone: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** A canonical event from a word (canonical or a platform's alias); otherwise a usage error with did-you-mean. */
export function parseEvent(word: string | undefined): Status {
  if (word === undefined || word.trim() === "") {
    throw new UsageError(
      "no event: give --event started|success|failure|cancelled|skipped|waiting (or a platform word: SUCC, FAIL, failed …)",
    );
  }
  const status = toStatus(word);
  if (status) return status;
  const transition = toTransition(word);
  if (transition) {
    throw new UsageError(
      `'${word}' is a transition dingpipe serve derives from the task's history, not a task's state: give the state the task ended in, --event ${statusOf(transition)}`,
    );
  }
  const close = suggestStatus(word);
  throw new UsageError(
    `unknown event '${word}'${close ? ` — did you mean '${close}'?` : ""} (events: started, success, failure, cancelled, skipped, waiting; platform words are listed in docs/events.md)`,
  );
}

export function parseCi(name: string | undefined): CiName | undefined {
  if (name === undefined) return undefined;
  const ci = name.trim().toLowerCase();
  if ((CI_NAMES as readonly string[]).includes(ci)) return ci as CiName;
  throw new UsageError(`unknown CI '${name}' (one of: ${CI_NAMES.join(", ")})`);
}

/** The language and zone asked for on the command line (`--locale`, `--timezone`) or in the environment. */
export interface WordingOptions {
  locale?: string | undefined;
  timezone?: string | undefined;
}

/**
 * The locale and zone of notifications that set none: --locale / --timezone, else DINGPIPE_LOCALE /
 * DINGPIPE_TIMEZONE, else the file's top level, else zh-CN and the TZ variable (else the system's zone).
 * A notification's own `locale:` / `timezone:` still wins. A wrong name is a usage error with did-you-mean.
 */
export function stepWording(
  given: WordingOptions,
  config: Pick<DingpipeConfig, "locale" | "timezone"> | undefined,
  env: Io["env"],
): Required<Pick<ComposeContext, "timeZone">> & Pick<ComposeContext, "locale"> {
  const localeWord = given.locale ?? nonEmpty(env["DINGPIPE_LOCALE"]);
  const zoneWord = given.timezone ?? nonEmpty(env["DINGPIPE_TIMEZONE"]);
  // The default zone is looked up only when a message shows a time (it wakes ICU's date formatting).
  let zone = config?.timezone;
  const out: Required<Pick<ComposeContext, "timeZone">> & Pick<ComposeContext, "locale"> = {
    get timeZone() {
      zone ??= defaultTimeZone(env);
      return zone;
    },
    set timeZone(value) {
      zone = value;
    },
  };
  if (config?.locale) out.locale = config.locale;
  const from = (flag: string, name: string) =>
    given[flag as keyof WordingOptions] !== undefined ? `--${flag}` : name;
  if (localeWord !== undefined) {
    const p = parseLocale(localeWord);
    if (!p.ok) throw new UsageError(`${from("locale", "DINGPIPE_LOCALE")}: ${p.message} (${LOCALE_FIX})`);
    out.locale = p.value;
  }
  if (zoneWord !== undefined) {
    const p = parseTimeZone(zoneWord);
    if (!p.ok)
      throw new UsageError(`${from("timezone", "DINGPIPE_TIMEZONE")}: ${p.message} (${TIMEZONE_FIX})`);
    out.timeZone = p.value;
  }
  return out;
}

const nonEmpty = (v: string | undefined) => (v !== undefined && v.trim() !== "" ? v : undefined);

export interface LoadedConfig {
  config: DingpipeConfig;
  diagnostics: Diagnostic[];
  /** The file as the user wrote it (diagnostics are shown with it). */
  shown: string;
}

/**
 * Loads the config (default `.dingpipe.yml` in the working directory) and prints its warnings and
 * errors on stderr. Undefined when an error stops the whole file (the caller exits 2); errors of a
 * single credential only fail the notifications that use it.
 */
export async function loadStepConfig(given: string | undefined, io: Io): Promise<LoadedConfig | undefined> {
  const shown = given ?? DEFAULT_CONFIG;
  const path = isAbsolute(shown) ? shown : join(io.cwd, shown);
  const { config, diagnostics } = await loadConfig(path, io.env);
  const located = diagnostics.map((d) => ({ ...d, file: shown }));
  for (const d of located) {
    if (!config || d.severity === "warning") io.stderr(`${formatDiagnostic(d)}\n`);
  }
  if (!config) {
    const errors = located.filter((d) => d.severity === "error").length;
    io.stderr(
      `${shown}: ${errors} error${errors === 1 ? "" : "s"}; nothing sent (check it with: dingpipe config check)\n`,
    );
    return undefined;
  }
  return { config, diagnostics: located, shown };
}

/** Every secret value this step knows: secret-looking environment variables and the credentials. */
export function stepSecrets(config: DingpipeConfig | undefined, env: Io["env"]): string[] {
  return [...secretEnvValues(env), ...credentialSecrets(config)];
}

/** A notice and its rendering for one robot. */
export interface Composed {
  notice: Notice;
  rendered: Rendered;
  /** The robot kind it was rendered for. */
  kind: KindInfo;
}

/** One selected notification, composed for its robot — or why it cannot be sent. */
export interface Planned {
  /** 1-based position in the config's notifications. */
  number: number;
  rule: NotificationRule;
  /** The credential's name: how the report calls the robot. */
  name: string;
  composed: Composed;
  robot?: ChannelClient;
  /** Set when the notification cannot be sent (its credential has an error). */
  problem?: { message: string; fix?: string };
}

/**
 * The notifications this event selects, each composed (robot keywords included) and given its
 * robot; a notification whose credential has an error gets that error (located) as its problem.
 */
export function planNotifications(
  loaded: Pick<LoadedConfig, "config" | "diagnostics">,
  event: PipelineEvent,
  env: Io["env"],
  wording: Pick<ComposeContext, "locale" | "timeZone"> = stepWording({}, loaded.config, env),
  /** How the robots' requests go out (`stepHttp`); default the global fetch. */
  fetch?: typeof globalThis.fetch,
): Planned[] {
  const { config, diagnostics } = loaded;
  const numbers = new Map(config.notifications.map((rule, i) => [rule, i + 1]));
  const trusted = withoutSecrets(env);
  const secrets = stepSecrets(config, env);
  return selectRules(config.notifications, event).map((rule) => {
    const credential: Credential | undefined = config.credentials[rule.credential];
    const channel = channelFor(credential?.kind);
    // Not a spread of `wording`: that would read its time zone, which stays unread until a time is shown.
    const notice = compose(rule, event, {
      env: trusted,
      ...(wording.locale === undefined ? {} : { locale: wording.locale }),
      get timeZone() {
        return wording.timeZone;
      },
    });
    // style run_card on an app robot: the step keeps a card of its own task (step-card.ts), drawn
    // instead of the message (an event that names no run gets the message).
    const card =
      credential !== undefined && rule.style === "run_card" && channel.info.kind === "dingtalk_app"
        ? stepCard(event, rule.credential, notice.locale)
        : undefined;
    const rendered =
      card?.rendered ??
      channel.render(notice, {
        ...(credential?.keywords ? { keywords: credential.keywords } : {}),
        signed: credential?.secret !== undefined,
      });
    const composed: Composed = { notice, rendered: masked(rendered, secrets), kind: channel.info };
    const planned: Planned = { number: numbers.get(rule) ?? 0, rule, name: rule.credential, composed };
    if (!credential) {
      const d = diagnostics.find((x) => x.severity === "error" && x.credential === rule.credential);
      planned.problem = d
        ? { message: `${d.file}:${d.line}:${d.column}: ${d.message}`, ...(d.fix ? { fix: d.fix } : {}) }
        : { message: `credential '${rule.credential}' cannot be used` };
      return planned;
    }
    const robot: RobotCredential = {
      kind: channel.info.kind,
      ...(credential.webhook === undefined ? {} : { webhook: credential.webhook }),
      ...(credential.token === undefined ? {} : { token: credential.token }),
      ...(credential.baseUrl === undefined ? {} : { baseUrl: credential.baseUrl }),
      ...(credential.secret === undefined ? {} : { secret: credential.secret }),
      ...(credential.keywords === undefined ? {} : { keywords: credential.keywords }),
    };
    // The card's requests go out as the messages' do: through the step's HTTP (`fetch`).
    const options: ClientOptions = {
      ...(credential.rateLimit === undefined ? {} : { rateLimit: credential.rateLimit }),
      ...(fetch === undefined ? {} : { fetch }),
      env,
      locale: notice.locale,
    };
    try {
      planned.robot =
        card === undefined ? channel.client(robot, options) : stepCardClient(robot, card.cardBizId, options);
    } catch (e) {
      planned.problem = isDingpipeError(e)
        ? { message: e.message, ...(e.fix ? { fix: fixFor(e.fix, "config", rule.credential) } : {}) }
        : { message: (e as Error).message };
    }
    return planned;
  });
}

/**
 * The rendered message with the step's secret values masked in its texts: the one message that
 * `notify` and `run` send and `preview` prints (masking only shortens, so it still fits; `bytes`
 * stays the size before, an upper bound — the client measures what it sends).
 */
function masked(rendered: Rendered, secrets: readonly string[]): Rendered {
  const body = maskMessage(rendered.body, secrets);
  return body === rendered.body ? rendered : { ...rendered, body };
}

/** Warnings about one composed notification: unknown ${VAR}s, dropped @ entries, shortening. */
export function composeWarnings(p: Planned): string[] {
  const out: string[] = [];
  const where = `notification #${p.number} (${p.name})`;
  const { notice, rendered, kind } = p.composed;
  for (const v of notice.unknownVariables)
    out.push(
      `warning: ${where}: \${${v}} has no value here (rendered empty; write \${${v}:-default} to give one)`,
    );
  for (const m of notice.droppedMentions)
    out.push(`warning: ${where}: @ '${m}' is neither a mobile number, a user id (ou_…) nor all (left out)`);
  for (const m of rendered.unmentionable)
    out.push(
      `warning: ${where}: @ '${m}' cannot be mentioned on ${kind.label} (left out): ${kind.words.en.mentions}`,
    );
  if (rendered.truncated)
    out.push(
      `warning: ${where}: shortened to fit ${kind.label}'s ${rendered.maxBytes.toLocaleString("en")}-byte limit`,
    );
  return out;
}

export interface DeliveryOutcome {
  name: string;
  ok: boolean;
  line: string;
}

/** "1.2 KB" / "812 B". */
export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * The step's HTTP: node:http(s) agents rather than the global fetch, whose engine (undici) is the largest
 * module a one-shot step would load (as `send` does); undefined with a proxy variable set, so the global
 * fetch, which goes through the proxy, is kept. Close it when the step is done.
 */
export function stepHttp(env: Io["env"]): EngineHttp | undefined {
  return engineHttp({ env, maxSockets: 8 });
}

/**
 * Sends every planned notification concurrently and reports each: "✓ ci-group (markdown, 1.2 KB)"
 * on `out`, "✗ ops-group: <message> — fix: <fix>" on `err`. Never throws.
 */
export async function deliverAll(
  planned: Planned[],
  options: {
    out: (text: string) => void;
    err: (text: string) => void;
    secrets: readonly string[];
    signal?: AbortSignal;
    /** Words after the robot's name, e.g. "started". */
    label?: string;
  },
): Promise<DeliveryOutcome[]> {
  const label = options.label ? ` ${options.label}` : "";
  const mask = (text: string) => maskSecrets(text, options.secrets);
  for (const p of planned) for (const w of composeWarnings(p)) options.err(`${mask(w)}\n`);
  return Promise.all(
    planned.map(async (p): Promise<DeliveryOutcome> => {
      try {
        if (!p.robot) throw p.problem ?? { message: "no robot" };
        const sent = await p.robot.send(p.composed.rendered.body, {
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        });
        const extra = `${sent.fitted ? ", shortened" : ""}${sent.attempts > 1 ? `, ${sent.attempts} attempts` : ""}`;
        const line = `✓ ${p.name}${label} (${p.composed.rendered.type}, ${formatBytes(sent.bytes)}${extra})`;
        options.out(`${mask(line)}\n`);
        return { name: p.name, ok: true, line };
      } catch (e) {
        const error = e as { message?: string; fix?: string; errcode?: number };
        const message = error.message ?? String(e);
        const code =
          typeof error.errcode === "number" && !message.includes(`errcode ${error.errcode}`)
            ? ` (errcode ${error.errcode})`
            : "";
        const fix = error.fix ? ` — fix: ${fixFor(error.fix, "config", p.name)}` : "";
        const line = mask(`✗ ${p.name}${label}: ${message}${code}${fix}`);
        options.err(`${line}\n`);
        return { name: p.name, ok: false, line };
      }
    }),
  );
}

/** "notification #2 'nightly' (ci-group)": how reports name a notification (its name when it has one). */
export function notificationLabel(number: number, rule: NotificationRule): string {
  return `notification #${number}${rule.name === undefined ? "" : ` '${rule.name}'`} (${rule.credential})`;
}

/**
 * One line per switched-off notification (`enabled: false`) that would otherwise select this event:
 * "notification #2 'nightly' (ci-group) is switched off (enabled: false): nothing sent for failure".
 * Said so that a message the team expected is not a mystery; `what` is "sent" or "shown" (preview).
 */
export function switchedOffNotes(
  config: Pick<DingpipeConfig, "notifications">,
  event: PipelineEvent,
  what: "sent" | "shown" = "sent",
): string[] {
  const out: string[] = [];
  config.notifications.forEach((rule, i) => {
    if (rule.enabled !== false || !matches({ ...rule, enabled: true }, event)) return;
    out.push(
      `${notificationLabel(i + 1, rule)} is switched off (enabled: false): nothing ${what} for ${event.task.status}`,
    );
  });
  return out;
}

/** "no notification selects failure for task build of pipeline web". */
export function nothingSelected(event: PipelineEvent): string {
  return `no notification selects ${event.task.status} for task '${event.task.name}' of pipeline '${event.pipeline.name}': nothing sent`;
}
