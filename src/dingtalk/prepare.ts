/**
 * A message made ready to send, without sending it: validated, the robot's keyword ensured,
 * mentions written into the text, fitted within the body limit. `dingpipe send --dry-run` shows it.
 */
import { validateMessage, withMentions } from "./builders.ts";
import { ensureKeyword, fitMessage } from "./fit.ts";
import type { DingTalkMessage } from "./message.ts";
import { MAX_BODY_BYTES } from "./message.ts";

export interface PreparedMessage {
  message: DingTalkMessage;
  /** The JSON body exactly as it is sent. */
  body: string;
  /** UTF-8 bytes of `body`. */
  bytes: number;
  /** Whether the message had to be shortened. */
  fitted: boolean;
}

export function prepareMessage(
  message: DingTalkMessage,
  options: { keywords?: readonly string[]; maxBytes?: number; truncated?: string } = {},
): PreparedMessage {
  const valid = validateMessage(message);
  const fit = fitMessage(
    withMentions(ensureKeyword(valid, options.keywords)),
    options.maxBytes ?? MAX_BODY_BYTES,
    options.truncated,
  );
  return { message: fit.message, body: JSON.stringify(fit.message), bytes: fit.bytes, fitted: fit.fitted };
}
