/**
 * /api/credentials: group robots of every kind (`type`: dingtalk, wecom, feishu). Webhook and signing
 * secret are sealed before they reach the store and never returned; a record shows only `hint` and
 * `hasSecret`. The kind is chosen when the credential is created and never changes.
 */

import { appEndpointUrl, parseAppEndpoint } from "../../channels/dingtalk_app/endpoint.ts";
import { channelFor } from "../../channels/index.ts";
import type { ChannelKind } from "../../channels/kinds.ts";
import { sameRobot } from "../../channels/robot-key.ts";
import { isDingpipeError } from "../../errors.ts";
import { LOCALE_FIX, parseLocale } from "../../notify/i18n/names.ts";
import type { CredentialRecord } from "../../store/store.ts";
import { jsonBody, type Services } from "../context.ts";
import { badRequest, HttpError, notFound, unprocessable } from "../errors.ts";
import { type RobotView, robotViews } from "../robots.ts";
import type { Router } from "../router.ts";
import { type AppFields, validateCredential } from "../validate.ts";
import { testCredentialWithinLimit } from "./credential-test.ts";

/** What the console's robots list adds to a credential: its deliveries waiting, the credentials on its robot. */
export interface RobotFacts {
  waiting: number;
  sharedWith: string[];
}

/** The public view of a credential: no sealed blob, no webhook, no secret, no robot key. */
export function credentialView(
  c: CredentialRecord,
  robot?: RobotView,
  facts?: RobotFacts,
): Record<string, unknown> {
  return {
    name: c.name,
    type: c.kind,
    hint: c.hint,
    hasSecret: c.hasSecret,
    keywords: c.keywords,
    rateLimit: c.rateLimit,
    ...(robot === undefined ? {} : { robot }),
    ...(facts === undefined ? {} : facts),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** The view of one credential with its robot's state. */
async function viewOf(s: Services, c: CredentialRecord): Promise<Record<string, unknown>> {
  return credentialView(c, (await robotViews(s.store, [c], s.now())).get(c.name));
}

/**
 * Per credential: its deliveries waiting (pending or being sent), and the other credentials holding the
 * same robot's webhook (compared by robot key, never by secret).
 */
async function robotFacts(s: Services, all: readonly CredentialRecord[]): Promise<Map<string, RobotFacts>> {
  const { backlogByCredential } = await s.store.deliveryStats();
  return new Map(
    all.map((c) => [
      c.name,
      {
        waiting: backlogByCredential[c.name] ?? 0,
        sharedWith: all
          .filter((o) => o.name !== c.name && sameRobot(o.robotKey, c.robotKey))
          .map((o) => o.name),
      },
    ]),
  );
}

interface Warning {
  code: string;
  path: string;
  message: string;
  fix: string;
}

/**
 * Warns when another credential already sends to the same robot: the limit (DingTalk: 20 messages a
 * minute) is the robot's, so they share one window — deliveries of both wait for each other.
 */
async function sharedRobotWarnings(
  s: Services,
  name: string,
  robotKey: string | undefined,
  kind: ChannelKind,
): Promise<Warning[]> {
  if (robotKey === undefined) return [];
  const others = (await s.store.listCredentials()).filter(
    (c) => c.name !== name && sameRobot(c.robotKey, robotKey),
  );
  if (others.length === 0) return [];
  const names = others.map((c) => `'${c.name}'`).join(", ");
  const { messages, perSeconds } = channelFor(kind).info.defaultRate;
  const limit = `${messages} messages ${perSeconds === 60 ? "a minute" : `per ${perSeconds} s`}`;
  return [
    {
      code: "shared_robot",
      path: "webhook",
      message: `this webhook is the robot of credential ${names} too: they share the robot's limit of ${limit}, so their deliveries wait for each other`,
      fix: `use credential ${names} for this robot instead of a second credential, or give this one another robot's webhook`,
    },
  ];
}

function checkHost(s: Services, webhook: string, kind: ChannelKind): void {
  try {
    s.allowlist.check(webhook, kind);
  } catch (e) {
    if (isDingpipeError(e))
      throw new HttpError(422, e.code, e.message, {
        fix: e.fix,
        details: [{ path: "webhook", message: e.message }],
      });
    throw e;
  }
}

/** An app robot's endpoint with the fields an update changes (400 when they do not make one). */
function appWebhook(stored: string, change: Partial<AppFields>): string {
  try {
    return appEndpointUrl({ ...parseAppEndpoint(stored), ...change });
  } catch (e) {
    if (isDingpipeError(e)) {
      throw new HttpError(400, "invalid", `invalid credential: ${e.message}`, {
        fix: e.fix,
        details: [{ path: "baseUrl", message: e.message }],
      });
    }
    throw e;
  }
}

export function credentialRoutes(router: Router, s: Services): void {
  router.get("/api/credentials", async () => {
    const all = await s.store.listCredentials();
    const [robots, facts] = await Promise.all([robotViews(s.store, all, s.now()), robotFacts(s, all)]);
    return {
      status: 200,
      body: all.map((c) => credentialView(c, robots.get(c.name), facts.get(c.name))),
    };
  });

  router.post("/api/credentials", async ({ req }) => {
    const body = validateCredential(await jsonBody(s, req), "create");
    const kind = body.type ?? "dingtalk";
    const channel = channelFor(kind);
    // A DingTalk app robot's webhook is its endpoint URL (appKey, robotCode, conversationId), made by validate.
    checkHost(s, body.webhook!, kind);
    const secret = typeof body.secret === "string" ? body.secret : undefined;
    const sealed = s.sealer.seal(
      body.name,
      secret === undefined ? { webhook: body.webhook! } : { webhook: body.webhook!, secret },
    );
    const robotKey = channel.robotKey({ kind, webhook: body.webhook! }, s.robotKeyer);
    try {
      const record = await s.store.createCredential({
        name: body.name,
        kind,
        sealed,
        hint: channel.hint(body.webhook!),
        hasSecret: secret !== undefined,
        keywords: body.keywords ?? [],
        rateLimit: body.rateLimit ?? channel.info.defaultRate,
        ...(robotKey === undefined ? {} : { robotKey }),
      });
      s.logger.info("credential created", { credential: record.name, type: kind });
      const warnings = await sharedRobotWarnings(s, record.name, robotKey, kind);
      return {
        status: 201,
        body: { ...(await viewOf(s, record)), ...(warnings.length > 0 ? { warnings } : {}) },
        headers: { location: `/api/credentials/${encodeURIComponent(record.name)}` },
      };
    } catch (e) {
      if (isDingpipeError(e, "conflict")) {
        throw new HttpError(409, "conflict", `a credential named '${body.name}' already exists`, {
          fix: "choose another name, or update it with PUT /api/credentials/{name}",
        });
      }
      throw e;
    }
  });

  router.get("/api/credentials/:name", async ({ params }) => {
    const record = await s.store.getCredential(params["name"]!);
    if (!record) throw notFound(`no credential named '${params["name"]}'`);
    return { status: 200, body: await viewOf(s, record) };
  });

  router.put("/api/credentials/:name", async ({ req, params }) => {
    const name = params["name"]!;
    const current = await s.store.getCredential(name);
    const body = validateCredential(
      await jsonBody(s, req),
      "update",
      name,
      current?.kind,
      current?.rateLimit,
    );
    if (!current) throw notFound(`no credential named '${name}'`);
    const channel = channelFor(current.kind);
    const stored = s.sealer.unseal(name, current.sealed);
    const webhook =
      body.app === undefined ? (body.webhook ?? stored.webhook) : appWebhook(stored.webhook, body.app);
    if (body.webhook !== undefined || body.app !== undefined) checkHost(s, webhook, current.kind);
    const secret = body.secret === null ? undefined : (body.secret ?? stored.secret);
    const robotKey = channel.robotKey({ kind: current.kind, webhook }, s.robotKeyer);
    const record = await s.store.updateCredential(name, {
      name,
      sealed: s.sealer.seal(name, secret === undefined ? { webhook } : { webhook, secret }),
      hint: channel.hint(webhook),
      hasSecret: secret !== undefined,
      keywords: body.keywords ?? current.keywords,
      rateLimit: body.rateLimit ?? current.rateLimit,
      ...(robotKey === undefined ? {} : { robotKey }),
    });
    if (!record) throw notFound(`no credential named '${name}'`);
    s.logger.info("credential updated", { credential: name });
    // Warned when the webhook changed onto a robot another credential uses.
    const moved =
      (body.webhook !== undefined || body.app !== undefined) && !sameRobot(current.robotKey, robotKey);
    const warnings = moved ? await sharedRobotWarnings(s, name, robotKey, current.kind) : [];
    return {
      status: 200,
      body: { ...(await viewOf(s, record)), ...(warnings.length > 0 ? { warnings } : {}) },
    };
  });

  router.delete("/api/credentials/:name", async ({ params }) => {
    const name = params["name"]!;
    const users = (await s.store.listNotifications()).filter((n) => n.credential === name);
    if (users.length > 0) {
      throw new HttpError(
        409,
        "conflict",
        `credential '${name}' is used by ${users.length} notification(s)`,
        {
          fix: "delete those notifications or point them at another credential first",
          details: users.map((n) => ({ path: `notifications/${n.id}`, message: "uses this credential" })),
        },
      );
    }
    if (!(await s.store.deleteCredential(name))) throw notFound(`no credential named '${name}'`);
    s.logger.info("credential deleted", { credential: name });
    return { status: 204 };
  });

  router.post("/api/credentials/:name/test", async ({ params, url }) => {
    const name = params["name"]!;
    // The test message's language: ?locale=en (the console passes its own), else zh-CN.
    const word = url.searchParams.get("locale");
    const parsed = word === null ? undefined : parseLocale(word);
    if (parsed && !parsed.ok)
      throw badRequest(`locale: ${parsed.message}`, [
        { path: "locale", message: `${parsed.message} (${LOCALE_FIX})` },
      ]);
    const record = await s.store.getCredential(name);
    if (!record) throw notFound(`no credential named '${name}'`);
    const secrets = s.sealer.unseal(name, record.sealed);
    try {
      s.allowlist.check(secrets.webhook, record.kind);
    } catch (e) {
      if (isDingpipeError(e)) throw unprocessable(e.message, e.fix);
      throw e;
    }
    return testCredentialWithinLimit(s, record, secrets, undefined, parsed?.ok ? parsed.value : undefined);
  });
}
