/**
 * /api/tokens: the API tokens' life cycle. A token is shown once, when created; the list shows names,
 * hints and dates, never a token or its hash. Revoking takes effect at once in this process (other
 * processes within their 10 s cache); the last active token cannot be revoked through the API, so the
 * API cannot lock everyone out (`dingpipe token` on the server can).
 */

import { TokenBodySchema } from "../../contract/api.ts";
import { isDingpipeError } from "../../errors.ts";
import type { ApiTokenRecord } from "../../store/store.ts";
import { jsonBody, type Services } from "../context.ts";
import { badRequest, HttpError, notFound } from "../errors.ts";
import { checkBody } from "../refuse.ts";
import type { Router } from "../router.ts";
import { hashToken, newApiToken, type TokenChecker, tokenHint } from "../tokens.ts";
import { checkName } from "../validate.ts";

/** What the API shows of a token. */
export function tokenView(t: ApiTokenRecord): Record<string, unknown> {
  return {
    name: t.name,
    source: t.source,
    ...(t.hint === undefined ? {} : { hint: t.hint }),
    createdAt: t.createdAt,
    ...(t.lastUsedAt === undefined ? {} : { lastUsedAt: t.lastUsedAt }),
    ...(t.revokedAt === undefined ? {} : { revokedAt: t.revokedAt }),
  };
}

export function tokenRoutes(router: Router, s: Services, tokens: TokenChecker): void {
  router.get("/api/tokens", async () => ({
    status: 200,
    body: (await s.store.listApiTokens()).map(tokenView),
  }));

  router.post("/api/tokens", async ({ req }) => {
    const { name } = checkBody(TokenBodySchema, await jsonBody(s, req), "token", {
      unknown: "a token is generated, never chosen through the API",
      asSent: true,
    });
    const problem = checkName(name, "token");
    if (problem !== undefined)
      throw badRequest(`invalid token: name ${problem}`, [{ path: "name", message: problem }]);
    const token = newApiToken();
    try {
      const record = await s.store.createApiToken(name, hashToken(token), {
        source: "created",
        hint: tokenHint(token),
      });
      s.logger.info("API token created", { token: record.name });
      return {
        status: 201,
        body: { ...tokenView(record), token },
        headers: { location: `/api/tokens/${encodeURIComponent(record.name)}`, "cache-control": "no-store" },
      };
    } catch (e) {
      if (isDingpipeError(e, "conflict"))
        throw new HttpError(409, "conflict", `an active token named '${name}' exists`, {
          fix: "choose another name, or revoke that token first (DELETE /api/tokens/{name})",
        });
      throw e;
    }
  });

  router.delete("/api/tokens/:name", async ({ params }) => {
    const name = params["name"]!;
    const outcome = await s.store.revokeApiToken(name, { keepOne: true });
    if (outcome === "unknown") throw notFound(`no active token named '${name}'`);
    if (outcome === "last")
      throw new HttpError(
        409,
        "last_token",
        `'${name}' is the last active token: revoking it would lock everyone out`,
        {
          fix: "create another token first (POST /api/tokens), sign in with it, then revoke this one",
        },
      );
    tokens.forget();
    s.logger.info("API token revoked", { token: name });
    return { status: 204 };
  });
}
