/**
 * The base of every error dingpipe raises on purpose. Each kind has a stable `code` that callers
 * can test with `isDingpipeError(e, code)`, says whether retrying can help, and carries `fix`:
 * one sentence telling the user what to change. Messages never contain secrets.
 */
export class DingpipeError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly fix: string | undefined;

  constructor(
    code: string,
    message: string,
    options: { retryable?: boolean; fix?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DingpipeError";
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.fix = options.fix;
  }
}

export function isDingpipeError(value: unknown, code?: string): value is DingpipeError {
  return value instanceof DingpipeError && (code === undefined || value.code === code);
}
