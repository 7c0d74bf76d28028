/** The JSON Schema zod/mini emits for the bench contract (build time only). */
import * as z from "zod/mini";
import { config } from "./zod-mini.ts";

export const jsonSchema = (): unknown => z.toJSONSchema(config, { target: "draft-7", io: "input" });
