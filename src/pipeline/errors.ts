/** Errors the CI adapters raise: a webhook body that cannot be read, an environment too thin to name a run. */
import { DingpipeError } from "../errors.ts";

/** A CI webhook body that is not the shape its platform sends (`code: "bad_payload"`). Not retryable. */
export class BadPayloadError extends DingpipeError {
  constructor(message: string, fix?: string) {
    super("bad_payload", message, {
      fix:
        fix ??
        "Check that the webhook points at the /hooks endpoint of its own platform. If it does, dingpipe does not read this shape yet: please report it with the platform's delivery id.",
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
