/** The JSON Schema zod v4 emits for the bench contract (build time only). */
import * as z from "zod";
import { config } from "./zod.ts";

export const jsonSchema = (): unknown => z.toJSONSchema(config, { target: "draft-7", io: "input" });
