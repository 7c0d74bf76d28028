/** The JSON Schema arktype emits for the bench contract (build time only). */
import { config } from "./arktype.ts";

export const jsonSchema = (): unknown => config.toJsonSchema();
