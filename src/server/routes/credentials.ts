/**
 * /api/credentials: group robots of every kind (`type`: dingtalk, wecom, feishu). Webhook and signing
 * secret are sealed before they reach the store and never returned; a record shows only `hint` and
 * `hasSecret`. The kind is chosen when the credential is created and never changes.
 */

import { appEndpointUrl, parseAppEndpoint } from "../../channels/dingtalk_app/endpoint.ts";
import { channelFor } from "../../channels/index.ts";
import type { ChannelKind } from "../../channels/kinds.ts";
import { isDingpipeError } from "../../errors.ts";
import type { CredentialRecord } from "../../store/store.ts";
import { jsonBody, type Services } from "../context.ts";
import { HttpError, notFound, unprocessable } from "../errors.ts";
import type { Router } from "../router.ts";
import { type AppFields, validateCredential } from "../validate.ts";
import { testCredentialWithinLimit } from "./credential-test.ts";

/** The public view of a credential: no sealed blob, no webhook, no secret. */
export function credentialView(c: CredentialRecord): Record<string, unknown> {
  return {
    name: c.name,
    type: c.kind,
    hint: c.hint,
    hasSecret: c.hasSecret,
    keywords: c.keywords,
    rateLimit: c.rateLimit,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
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
  router.get("/api/credentials", async () => ({
    status: 200,
    body: (await s.store.listCredentials()).map(credentialView),
  }));

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
    try {
      const record = await s.store.createCredential({
        name: body.name,
        kind,
        sealed,
        hint: channel.hint(body.webhook!),
        hasSecret: secret !== undefined,
        keywords: body.keywords ?? [],
        rateLimit: body.rateLimit ?? channel.info.defaultRate,
      });
      s.logger.info("credential created", { credential: record.name, type: kind });
      return {
        status: 201,
        body: credentialView(record),
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
    return { status: 200, body: credentialView(record) };
  });

  router.put("/api/credentials/:name", async ({ req, params }) => {
    const name = params["name"]!;
    const current = await s.store.getCredential(name);
    const body = validateCredential(await jsonBody(s, req), "update", name, current?.kind);
    if (!current) throw notFound(`no credential named '${name}'`);
    const channel = channelFor(current.kind);
    const stored = s.sealer.unseal(name, current.sealed);
    const webhook =
      body.app === undefined ? (body.webhook ?? stored.webhook) : appWebhook(stored.webhook, body.app);
    if (body.webhook !== undefined || body.app !== undefined) checkHost(s, webhook, current.kind);
    const secret = body.secret === null ? undefined : (body.secret ?? stored.secret);
    const record = await s.store.updateCredential(name, {
      name,
      sealed: s.sealer.seal(name, secret === undefined ? { webhook } : { webhook, secret }),
      hint: channel.hint(webhook),
      hasSecret: secret !== undefined,
      keywords: body.keywords ?? current.keywords,
      rateLimit: body.rateLimit ?? current.rateLimit,
    });
    if (!record) throw notFound(`no credential named '${name}'`);
    s.logger.info("credential updated", { credential: name });
    return { status: 200, body: credentialView(record) };
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

  router.post("/api/credentials/:name/test", async ({ params }) => {
    const name = params["name"]!;
    const record = await s.store.getCredential(name);
    if (!record) throw notFound(`no credential named '${name}'`);
    const secrets = s.sealer.unseal(name, record.sealed);
    try {
      s.allowlist.check(secrets.webhook, record.kind);
    } catch (e) {
      if (isDingpipeError(e)) throw unprocessable(e.message, e.fix);
      throw e;
    }
    return testCredentialWithinLimit(s, record, secrets);
  });
}
