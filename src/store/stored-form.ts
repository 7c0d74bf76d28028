/**
 * An accepted event as its stored row gives it back, without reading the row: what the expansion of the
 * process that inserted it takes from memory (SQLite's inline expansion, PostgreSQL's waiting events).
 */
import type { PipelineEvent } from "../pipeline/event.ts";

/**
 * The event as reading its row back gives it (`JSON.parse` of the text stored): the object itself when
 * JSON keeps it as it is — what a parsed and checked body is — so it need not be parsed again; otherwise
 * (a field left `undefined`, as webhook readers leave what a platform did not send) the text parsed.
 */
export function storedForm(event: PipelineEvent, text: string): PipelineEvent {
  return keptByJson(event, 0) ? event : (JSON.parse(text) as PipelineEvent);
}

/** Whether JSON.parse(JSON.stringify(value)) equals `value`: plain objects, arrays, finite numbers, strings, booleans, null. */
function keptByJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value) && !Object.is(value, -0);
    case "object": {
      if (value === null) return true;
      if (depth > 32) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++)
          if (!(i in value) || !keptByJson(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if ((proto !== Object.prototype && proto !== null) || "toJSON" in value) return false;
      for (const key in value)
        if (!keptByJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}
