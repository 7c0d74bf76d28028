/** The API token lives in sessionStorage only: it is gone when the tab closes or the user signs out. */
const KEY = "dingpipe.token";

export function getToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function setToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}
