/** The JSON Schema @valibot/to-json-schema emits for the bench contract (build time only). */
import { toJsonSchema } from "@valibot/to-json-schema";
import { config } from "./valibot.ts";

export const jsonSchema = (): unknown => toJsonSchema(config);
