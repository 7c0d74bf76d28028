/** TypeBox types are JSON Schema: the declaration itself, serialized (build time only). */
import { config } from "./typebox.ts";

export const jsonSchema = (): unknown => JSON.parse(JSON.stringify(config));
