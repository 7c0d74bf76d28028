/**
 * What a robot kind's config checks get for one credential (src/channels/<kind>/config.ts): the
 * raw fields with where they are in the file, `${ENV}` resolution that reports what it cannot
 * resolve, and reporting tagged with the credential's name. The checks say what only the file says
 * (a secret written literally, a host not the kind's) and fill `values` for the shared rules. Typed by shape, not with yaml's node types: the Channel interface is public and an
 * installed dingpipe carries no yaml for its types to import.
 */
import type { RobotValues } from "../contract/credential-rules.ts";
import type { Credential } from "../notify/rule.ts";
import type { Place } from "./diagnostic.ts";

export type Say = (place: Place, message: string, fix?: string, options?: { needle?: string }) => void;

/** A scalar of the file: its text and where it is. */
export interface CheckText {
  value: string;
  node: Place;
}

/** The credential's keys as written (shape.ts's RawCredential, seen by shape). */
export interface CheckRaw {
  name: string;
  keyNode: Place;
  /** The known keys written. */
  keys: ReadonlySet<string>;
  webhook?: CheckText;
  token?: CheckText;
  secret?: CheckText;
  baseUrl?: CheckText;
  /** The app robot's fields (type: dingtalk_app). */
  appKey?: CheckText;
  appSecret?: CheckText;
  robotCode?: CheckText;
  conversationId?: CheckText;
}

export interface CredentialCheck {
  name: string;
  raw: CheckRaw;
  /** The credential being built: only what the file alone has (DingTalk's token and base_url). */
  out: Credential;
  /**
   * The values resolved, for the rules every kind shares with the API (src/contract/credential-rules.ts):
   * webhook, secret, an app robot's fields. A value left out was reported (or is checked by the kind alone).
   */
  values: RobotValues;
  /**
   * A field with its `${ENV}` references resolved, or undefined after reporting why not (unset,
   * empty, malformed, `$VAR` without braces). `$V` in `unsetFix` names the variable.
   */
  resolve(t: CheckText | undefined, field: string, unsetFix: string): string | undefined;
  /** Where a value came from, for messages: "" for a literal, " (from DINGTALK_WEBHOOK)" otherwise. */
  from(t: CheckText): string;
  error: Say;
  warning: Say;
  /** The node of the credential's name, for "add a key" diagnostics. */
  keyNode: Place;
}
