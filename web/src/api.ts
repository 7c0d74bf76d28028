/**
 * The console's only way to the service: its JSON API under /api, with the bearer token.
 * Errors come back as ApiError carrying the API's `code`, `message`, `fix` and `details`.
 */
import { t } from "./i18n/index.ts";
import { clearToken, getToken } from "./session.ts";
import type {
  CredentialView,
  DeliveryRecord,
  EventDetail,
  EventRecord,
  NotificationVerdictView,
  NotificationView,
  Page,
  PreviewResult,
  TestResult,
  TimelineBucket,
  TokenView,
  Variable,
} from "./types.ts";

export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fix: string | undefined;
  readonly details: ErrorDetail[];
  /** Seconds the service asked to wait (Retry-After), when it did. */
  readonly retryAfter: number | undefined;
  /** Written by the console itself, already in the console's language (not the service's words). */
  readonly local: boolean;

  constructor(
    status: number,
    code: string,
    message: string,
    fix?: string,
    details?: ErrorDetail[],
    options: { retryAfter?: number | undefined; local?: boolean } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fix = fix;
    this.details = details ?? [];
    this.retryAfter = options.retryAfter;
    this.local = options.local ?? false;
  }
}

/** Called when the API answers 401: the console goes back to the sign-in page. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

export async function request<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  const bearer = token ?? getToken();
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, "network", t("error.network"), t("error.networkFix"), [], { local: true });
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text === "" ? undefined : JSON.parse(text);
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const err = (data as { error?: Partial<ApiError> & { details?: ErrorDetail[] } } | undefined)?.error;
    const retryAfter = Number(res.headers.get("retry-after") ?? Number.NaN);
    const apiError = err?.code
      ? new ApiError(res.status, err.code, err.message ?? "", err.fix, err.details, {
          retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined,
        })
      : new ApiError(
          res.status,
          `http_${res.status}`,
          t("error.http", res.status, res.statusText),
          undefined,
          [],
          {
            local: true,
          },
        );
    if (res.status === 401 && token === undefined) {
      clearToken();
      onUnauthorized();
    }
    throw apiError;
  }
  return data as T;
}

const enc = encodeURIComponent;

/** "?a=1&b=2" from the given values, empty ones left out; "" when none. */
function query(filter: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
  const qs = q.toString();
  return qs ? `?${qs}` : "";
}

export const api = {
  session: (token?: string) =>
    request<{ ok: boolean; token: { name: string } }>("GET", "/api/session", undefined, token),

  credentials: () => request<CredentialView[]>("GET", "/api/credentials"),
  credential: (name: string) => request<CredentialView>("GET", `/api/credentials/${enc(name)}`),
  createCredential: (body: Record<string, unknown>) =>
    request<CredentialView>("POST", "/api/credentials", body),
  updateCredential: (name: string, body: Record<string, unknown>) =>
    request<CredentialView>("PUT", `/api/credentials/${enc(name)}`, body),
  deleteCredential: (name: string) => request<unknown>("DELETE", `/api/credentials/${enc(name)}`),
  testCredential: (name: string) => request<TestResult>("POST", `/api/credentials/${enc(name)}/test`, {}),

  notifications: () => request<NotificationView[]>("GET", "/api/notifications"),
  notification: (id: string) => request<NotificationView>("GET", `/api/notifications/${enc(id)}`),
  createNotification: (body: unknown) => request<NotificationView>("POST", "/api/notifications", body),
  updateNotification: (id: string, body: unknown) =>
    request<NotificationView>("PUT", `/api/notifications/${enc(id)}`, body),
  patchNotification: (id: string, body: { enabled?: boolean; name?: string | null }) =>
    request<NotificationView>("PATCH", `/api/notifications/${enc(id)}`, body),
  deleteNotification: (id: string) => request<unknown>("DELETE", `/api/notifications/${enc(id)}`),
  testNotification: (id: string, status?: string) =>
    request<TestResult>("POST", `/api/notifications/${enc(id)}/test`, status === undefined ? {} : { status }),

  tokens: () => request<TokenView[]>("GET", "/api/tokens"),
  createToken: (name: string) => request<TokenView & { token: string }>("POST", "/api/tokens", { name }),
  revokeToken: (name: string) => request<unknown>("DELETE", `/api/tokens/${enc(name)}`),

  preview: (body: unknown) => request<PreviewResult>("POST", "/api/preview", body),
  variables: () => request<Variable[]>("GET", "/api/variables"),

  deliveries: (filter: Record<string, string | undefined>) =>
    request<Page<DeliveryRecord>>("GET", `/api/deliveries${query(filter)}`),
  delivery: (id: string) => request<DeliveryRecord>("GET", `/api/deliveries/${enc(id)}`),
  events: (filter: Record<string, string | undefined>) =>
    request<Page<EventRecord>>("GET", `/api/events${query(filter)}`),
  event: (id: string) => request<EventDetail>("GET", `/api/events/${enc(id)}`),
  matchEvent: (event: unknown) =>
    request<{ event: EventDetail["event"]; notifications: NotificationVerdictView[] }>(
      "POST",
      "/api/events/match",
      {
        event,
      },
    ),
  retryDelivery: (id: string) => request<unknown>("POST", `/api/deliveries/${enc(id)}/retry`, {}),
  retryDead: (filter: Record<string, string>) =>
    request<{ retried: number; more?: boolean }>("POST", "/api/deliveries/retry", filter),
  timeline: (since: string, bucketSeconds: number, filter: Record<string, string | undefined> = {}) =>
    request<TimelineBucket[]>(
      "GET",
      `/api/stats/deliveries${query({ ...filter, since, bucket: String(bucketSeconds) })}`,
    ),
};
