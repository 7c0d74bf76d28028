/**
 * A small router: method + path pattern (`/api/credentials/:name`) → handler. Patterns are split into
 * segments once and kept by their number of segments; matching walks, in order, only the routes with as
 * many segments as the path, comparing fixed segments before building any parameters (every request
 * comes through here). Path parameters are URL-decoded; a malformed escape is a 400, never a crash.
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
  /** The routes by their number of segments, in the order they were added. */
  readonly #byLength = new Map<number, Route[]>();

  add(method: string, pattern: string, handler: Handler): this {
    const route = { method, pattern, segments: split(pattern), handler };
    this.#routes.push(route);
    const same = this.#byLength.get(route.segments.length);
    if (same === undefined) this.#byLength.set(route.segments.length, [route]);
    else same.push(route);
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
    for (const route of this.#byLength.get(parts.length) ?? []) {
      if (!fits(route.segments, parts)) continue;
      if (route.method === method || (method === "HEAD" && route.method === "GET")) {
        return { handler: route.handler, params: paramsOf(route.segments, parts), route: route.pattern };
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

/** Whether the path's segments fit the pattern's (as many, and every fixed one equal). */
function fits(pattern: string[], parts: string[]): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p[0] !== ":" && p !== parts[i]) return false;
  }
  return true;
}

/** The pattern's parameters, URL-decoded, from a path that fits it. */
function paramsOf(pattern: string[], parts: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p[0] === ":") params[p.slice(1)] = decode(parts[i]!);
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
