/**
 * The 400 of a body that does not fit its declaration: one detail per problem ({ path, message }), so a form can
 * show every mistake at once; the first problem in the message, the first fix given as the error's fix.
 */
import type * as v from "valibot";
import { asMeant, check } from "../contract/issues.ts";
import { badRequest, type HttpError } from "./errors.ts";

export interface BodyProblem {
  path: string;
  message: string;
  fix?: string | undefined;
}

/** Throws HttpError 400 "invalid" when there are problems; `fix` when none says its own. */
export function refuse(what: string, problems: readonly BodyProblem[], fix?: string): void {
  if (problems.length > 0) throw invalid(what, problems, fix);
}

function invalid(what: string, problems: readonly BodyProblem[], fix?: string): HttpError {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  return badRequest(
    `invalid ${what}: ${first.path ? `${first.path}: ` : ""}${first.message}${more}`,
    problems.map(({ path, message }) => ({ path, message })),
    problems.find((p) => p.fix !== undefined)?.fix ?? fix,
  );
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * A JSON object body checked against `schema` as its sender means it (null and "" absent: src/contract/issues.ts):
 * its value, or a 400 with every problem (paths after `prefix`; unknown fields with a did-you-mean).
 */
export function checkBody<S extends v.GenericSchema>(
  schema: S,
  body: unknown,
  what: string,
  fix?: string,
  prefix = "",
): v.InferOutput<S> {
  if (!isObject(body)) throw badRequest(`invalid ${what}: the body must be a JSON object`, undefined, fix);
  const r = check(schema, asMeant(schema, body), prefix);
  if (r.ok) return r.value;
  throw invalid(what, r.problems, fix);
}
