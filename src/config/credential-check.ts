/**
 * What a robot kind's config checks get for one credential (src/channels/<kind>/config.ts): the
 * raw fields with their YAML nodes, `${ENV}` resolution that reports what it cannot resolve, and
 * reporting tagged with the credential's name. The checks fill `out` with what they accept.
 */
import type { Node } from "yaml";
import type { Credential } from "../notify/rule.ts";
import type { Place } from "./diagnostic.ts";
import type { RawCredential, Text } from "./shape.ts";

export type Say = (place: Place, message: string, fix?: string, options?: { needle?: string }) => void;

export interface CredentialCheck {
  name: string;
  raw: RawCredential;
  /** The credential being built: the kind's checks set webhook/token/base_url/secret. */
  out: Credential;
  /**
   * A field with its `${ENV}` references resolved, or undefined after reporting why not (unset,
   * empty, malformed, `$VAR` without braces). `$V` in `unsetFix` names the variable.
   */
  resolve(t: Text | undefined, field: string, unsetFix: string): string | undefined;
  /** Where a value came from, for messages: "" for a literal, " (from DINGTALK_WEBHOOK)" otherwise. */
  from(t: Text): string;
  error: Say;
  warning: Say;
  /** The node of a key, for "remove it" diagnostics. */
  keyNode: Node;
}
