/** Errors the CI adapters raise: a webhook body that cannot be read, an environment too thin to name a run. */
import { DingpipeError } from "../errors.ts";

/** A CI webhook body that is not the shape its platform sends (`code: "bad_payload"`). Not retryable. */
export class BadPayloadError extends DingpipeError {
  constructor(message: string, fix?: string) {
    super("bad_payload", message, {
      fix:
        fix ??
        "Send the body exactly as the CI platform produced it (JSON, unmodified) to the matching /hooks endpoint.",
    });
    this.name = "BadPayloadError";
  }
}

/** The CI environment does not say which pipeline is running (`code: "ci_environment"`). */
export class CiEnvironmentError extends DingpipeError {
  constructor(message: string, fix: string) {
    super("ci_environment", message, { fix });
    this.name = "CiEnvironmentError";
  }
}
