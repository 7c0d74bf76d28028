/**
 * Reading untrusted webhook JSON: required values throw BadPayloadError naming the missing path,
 * optional values of the wrong type are simply absent. Headers are looked up case-insensitively.
 */
import { BadPayloadError } from "../errors.ts";
import { text } from "../values.ts";

export type JsonObject = Record<string, unknown>;

/** The value as a JSON object, or undefined (arrays and null are not objects here). */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined;
}

/** `value` as an object; otherwise BadPayloadError "<path> missing" / "<path> is not an object". */
export function requireObject(value: unknown, path: string): JsonObject {
  const object = asObject(value);
  if (object) return object;
  throw new BadPayloadError(
    value === undefined || value === null ? `${path} missing` : `${path} is not an object`,
  );
}

/** A non-blank string (numbers accepted as text) at `object[key]`; otherwise BadPayloadError. */
export function requireText(object: JsonObject, key: string, path: string): string {
  const value = text(object[key]);
  if (value !== undefined) return value;
  throw new BadPayloadError(
    object[key] === undefined || object[key] === null
      ? `${path}.${key} missing`
      : `${path}.${key} is not a text`,
  );
}

/** The first element of an array that is an object and passes `accept`, or undefined. */
export function firstObject(
  value: unknown,
  accept: (o: JsonObject) => boolean = () => true,
): JsonObject | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const item of value) {
    const object = asObject(item);
    if (object && accept(object)) return object;
  }
  return undefined;
}

/** A header value by case-insensitive name, blank treated as absent. */
export function header(headers: Record<string, string | undefined>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return text(value);
  return undefined;
}

/**
 * Key/value parameters — `[{key, value}]` (Gitee, Yunxiao, GitLab pipeline variables) or a plain
 * `{key: value}` object (older Yunxiao) — as variables; entries without a usable key are skipped.
 */
export function variablesFrom(params: unknown): Record<string, string> | undefined {
  const entries: Array<[string, string]> = [];
  const add = (key: unknown, value: unknown) => {
    const k = text(key);
    if (k === undefined) return;
    if (typeof value === "string") entries.push([k, value]);
    else if (typeof value === "number" || typeof value === "boolean") entries.push([k, String(value)]);
  };
  if (Array.isArray(params)) {
    for (const item of params) {
      const o = asObject(item);
      if (o) add(o["key"], o["value"]);
    }
  } else {
    const o = asObject(params);
    if (o) for (const [k, v] of Object.entries(o)) add(k, v);
  }
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
