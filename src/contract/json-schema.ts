/**
 * JSON Schema from the declarations (@valibot/to-json-schema): for the OpenAPI document (draft 2020-12, as
 * OpenAPI 3.1 uses) and for editors (schema/dingpipe.schema.json, draft-07). What a field accepts is described
 * as input; scalars that accept more than they mean are emitted as what they mean (src/contract/scalars.ts);
 * checks no JSON Schema keyword expresses (a known status word, a parseable time) are left to the descriptions.
 */
import { type ConversionConfig, type JsonSchema, toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";

export type { JsonSchema };

/** Actions that only narrow what the emitted type already says, or that the description words. */
const UNSAID = new Set(["finite", "check"]);

export function jsonSchemaOf(
  schema: v.GenericSchema,
  target: "draft-07" | "draft-2020-12" = "draft-2020-12",
): JsonSchema {
  const config: ConversionConfig = {
    target,
    typeMode: "input",
    overrideAction: ({ valibotAction, jsonSchema }) => {
      const documented = (valibotAction as { metadata?: { documented?: JsonSchema } }).metadata?.documented;
      if (documented !== undefined) return { ...documented };
      // A lenient union (string or number) is replaced by what it documents; its limits come with that.
      if (UNSAID.has(valibotAction.type) || jsonSchema.anyOf !== undefined) return jsonSchema;
      return undefined;
    },
  };
  return tidy(toJsonSchema(schema, config)) as JsonSchema;
}

/** The schema as a component of another document: without `$schema`. */
export function componentOf(schema: v.GenericSchema): JsonSchema {
  const { $schema: _, ...rest } = jsonSchemaOf(schema, "draft-2020-12");
  return rest;
}

/** Without the empty `required: []` every object with only optional fields gets. */
function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(node)) {
    if (k === "required" && Array.isArray(x) && x.length === 0) continue;
    out[k] = tidy(x);
  }
  return out;
}
