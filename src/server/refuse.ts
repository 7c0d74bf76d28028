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

export interface BodyOptions {
  /** The error's fix when no problem says its own. */
  fix?: string;
  /** Before every path: "event." for the event of a bigger body. */
  prefix?: string;
  /** Said after an unknown field's did-you-mean: what the body takes instead. */
  unknown?: string;
  /** Taken as sent: null and "" are values (refused where they mean nothing), not absent fields. */
  asSent?: boolean;
}

/**
 * A JSON object body checked against `schema` as its sender means it (null and "" absent, numbers and digit
 * strings as declared: src/contract/issues.ts): its value, or a 400 with every problem (paths after `prefix`;
 * an unknown field with the closest known one).
 */
export function checkBody<S extends v.GenericSchema>(
  schema: S,
  body: unknown,
  what: string,
  options: BodyOptions = {},
): v.InferOutput<S> {
  const { fix, prefix = "", unknown, asSent = false } = options;
  if (!isObject(body)) throw badRequest(`invalid ${what}: the body must be a JSON object`, undefined, fix);
  const r = check(schema, asSent ? body : asMeant(schema, body), prefix);
  if (r.ok) return r.value;
  const problems = r.problems.map((p) =>
    p.field === "unknown" && unknown !== undefined ? { ...p, message: `${p.message} (${unknown})` } : p,
  );
  throw invalid(what, problems, fix);
}
