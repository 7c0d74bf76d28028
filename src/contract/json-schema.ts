/**
 * JSON Schema from the declarations (@valibot/to-json-schema): for the OpenAPI document (draft 2020-12, as
 * OpenAPI 3.1 uses) and for editors (schema/dingpipe.schema.json, draft-07). It describes what is sent (the
 * input side of every transform); checks no JSON Schema keyword expresses (a known status word, a parseable
 * time) are worded by the field's description and metadata instead.
 */
import { type JsonSchema, toJsonSchema } from "@valibot/to-json-schema";
import type * as v from "valibot";
import * as configSchemas from "./config.ts";

export type { JsonSchema };

export function jsonSchemaOf(
  schema: v.GenericSchema,
  target: "draft-07" | "draft-2020-12" = "draft-2020-12",
): JsonSchema {
  return tidy(toJsonSchema(schema, { target, typeMode: "input", ignoreActions: ["check"] })) as JsonSchema;
}

/** The schema as a component of another document: without `$schema`. */
export function componentOf(schema: v.GenericSchema): JsonSchema {
  const { $schema: _, ...rest } = jsonSchemaOf(schema, "draft-2020-12");
  return rest;
}

/** Without the empty `required: []` every object with only optional fields gets. */
export function tidy(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidy);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(node)) {
    if (k === "required" && Array.isArray(x) && x.length === 0) continue;
    out[k] = tidy(x);
  }
  return out;
}

/**
 * schema/dingpipe.schema.json: `.dingpipe.yml` for editors (draft-07, as yaml-language-server reads it), with
 * the credential, the notification, the event word and the content item as named definitions.
 */
export function configJsonSchema(): JsonSchema {
  const { ConfigFileSchema, CredentialFileSchema, NotificationSchema, EventWordSchema, ContentItemSchema } =
    configSchemas;
  const schema = toJsonSchema(ConfigFileSchema, {
    target: "draft-07",
    typeMode: "input",
    ignoreActions: ["check"],
    definitions: {
      credential: CredentialFileSchema,
      notification: NotificationSchema,
      event: EventWordSchema,
      contentItem: ContentItemSchema,
    },
  }) as Record<string, unknown>;
  const { $schema, $defs, ...rest } = schema;
  const json = JSON.stringify(tidy({ $schema, ...rest, definitions: $defs }), (k, x) =>
    k === "propertyNames" ? undefined : x,
  ).replaceAll('"#/$defs/', '"#/definitions/');
  return JSON.parse(json) as JsonSchema;
}
