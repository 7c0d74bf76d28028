/**
 * A small router: method + path pattern (`/api/credentials/:name`) → handler. Patterns are split into
 * segments once; matching walks the routes in order (the service has a few dozen). Path parameters are
 * URL-decoded; a malformed escape is a 400, never a crash.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError } from "./errors.ts";

export interface Reply {
  status: number;
  /** JSON-serialized unless `raw` is given. */
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  /** The matched pattern, for metrics and logs ("/api/credentials/:name"). */
  route: string;
}

export type Handler = (ctx: RequestContext) => Promise<Reply> | Reply;

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  handler: Handler;
}

export interface Match {
  handler: Handler;
  params: Record<string, string>;
  route: string;
}

export class Router {
  readonly #routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler): this {
    this.#routes.push({ method, pattern, segments: split(pattern), handler });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.add("GET", pattern, handler);
  }
  post(pattern: string, handler: Handler): this {
    return this.add("POST", pattern, handler);
  }
  put(pattern: string, handler: Handler): this {
    return this.add("PUT", pattern, handler);
  }
  delete(pattern: string, handler: Handler): this {
    return this.add("DELETE", pattern, handler);
  }

  /**
   * The route for a request: a Match, "method" when the path exists with other methods (405), or
   * undefined (404).
   */
  match(method: string, pathname: string): Match | { allowed: string[] } | undefined {
    const parts = split(pathname);
    const allowed: string[] = [];
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, parts);
      if (params === undefined) continue;
      if (route.method === method || (method === "HEAD" && route.method === "GET")) {
        return { handler: route.handler, params, route: route.pattern };
      }
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { allowed } : undefined;
  }

  /** Every route, for the OpenAPI consistency test. */
  routes(): Array<{ method: string; pattern: string }> {
    return this.#routes.map((r) => ({ method: r.method, pattern: r.pattern }));
  }
}

function split(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = parts[i]!;
    if (p.startsWith(":")) {
      params[p.slice(1)] = decode(s);
    } else if (p !== s) {
      return undefined;
    }
  }
  return params;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, "invalid", "the request path has a malformed %-escape");
  }
}
