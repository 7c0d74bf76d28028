/**
 * HTTP errors of the service. Each has a stable `code` and the status it answers with; the body is always
 * `{ "error": { code, message, fix?, details? } }`. Messages never contain secrets.
 */
import { DingpipeError } from "../errors.ts";

export interface ErrorDetail {
  /** Where in the request body: "events[0]", "task.status". */
  path: string;
  message: string;
}

export class HttpError extends DingpipeError {
  readonly status: number;
  readonly details: ErrorDetail[] | undefined;
  /** Headers the answer carries (Retry-After…). */
  readonly headers: Record<string, string> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    options: {
      fix?: string;
      details?: ErrorDetail[];
      cause?: unknown;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(code, message, { fix: options.fix, cause: options.cause });
    this.name = "HttpError";
    this.status = status;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export function badRequest(message: string, details?: ErrorDetail[], fix?: string): HttpError {
  return new HttpError(400, "invalid", message, { details, fix });
}

export function notFound(message: string): HttpError {
  return new HttpError(404, "not_found", message);
}

export function unauthorized(): HttpError {
  return new HttpError(401, "unauthorized", "a valid API token is required", {
    fix: "send 'Authorization: Bearer <token>' with the admin token printed on the service's first start, DINGPIPE_ADMIN_TOKEN, or one from `dingpipe token create`",
  });
}

/** Too many wrong tokens from one address: nothing was checked. */
export function slowDown(retryAfterMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpError(
    429,
    "too_many_attempts",
    `too many wrong API tokens from this address: the next one is checked in ${seconds} s`,
    {
      fix: "wait, then send the right token (a token already signed in keeps working meanwhile); lost it? `dingpipe token create NAME` on the server makes a new one",
      headers: { "retry-after": String(seconds) },
    },
  );
}

export function unprocessable(message: string, fix?: string, details?: ErrorDetail[]): HttpError {
  return new HttpError(422, "unprocessable", message, { fix, details });
}

/** The JSON body of an error answer. */
export function errorBody(e: HttpError): { error: Record<string, unknown> } {
  const error: Record<string, unknown> = { code: e.code, message: e.message };
  if (e.fix !== undefined) error["fix"] = e.fix;
  if (e.details !== undefined && e.details.length > 0) error["details"] = e.details;
  return { error };
}
