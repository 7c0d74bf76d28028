/**
 * The scalar building blocks the declarations share, and how each is documented in JSON Schema when what it
 * accepts is more generous than what it means: a number sent as "42" is still documented as a number
 * (src/contract/json-schema.ts emits the `documented` metadata instead of what it would derive).
 */
import * as v from "valibot";

/** `schema`, documented in JSON Schema as `json` (descriptions piped after it are kept). */
export function documentedAs<T extends v.GenericSchema>(schema: T, json: Record<string, unknown>) {
  return v.pipe(schema, v.metadata({ documented: json }));
}

/** A string of at most `max` characters; a finite number is taken as its decimal spelling. */
export function text(max: number) {
  return documentedAs(
    v.pipe(
      v.union([v.string(), v.pipe(v.number(), v.finite(), v.transform(String))], "must be a string"),
      v.maxLength(max, `must be at most ${max} characters`),
    ),
    { type: "string", maxLength: max },
  );
}
