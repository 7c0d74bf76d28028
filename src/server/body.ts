/**
 * Reading request bodies with a size limit, and parsing them as JSON with a useful reason on failure.
 * Never throws anything but HttpError, whatever the client sends.
 */
import type { IncomingMessage } from "node:http";
import { HttpError } from "./errors.ts";

/** Reads the whole body, refusing (413) as soon as it passes `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on("close", () => {
      if (done) return;
      done = true;
      reject(new HttpError(400, "invalid", "the client closed the connection before the body ended"));
    });
    req.on("error", (e) => {
      if (done) return;
      done = true;
      reject(new HttpError(400, "invalid", "the request body could not be read", { cause: e }));
    });
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, "too_large", `the request body is larger than ${limit} bytes`, {
    fix: "send a smaller body (one event per request)",
  });
}

/** True when the Content-Type names JSON (application/json, application/*+json). */
export function isJsonType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/** Parses JSON, answering 400 with the parser's reason when it is not. */
export function parseJson(raw: Buffer | string): unknown {
  const text = typeof raw === "string" ? raw : raw.toString("utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    // Told apart only once parsing failed: a trimmed copy of every body is garbage on the hot path.
    if (text.trim() === "") throw new HttpError(400, "invalid", "the request body is empty; JSON expected");
    throw new HttpError(400, "invalid", `the request body is not valid JSON: ${(e as Error).message}`, {
      fix: "send a JSON document with 'Content-Type: application/json'",
    });
  }
}

/** Checks the Content-Type of a request that carries a JSON body (415 otherwise). */
export function requireJsonType(req: IncomingMessage): void {
  if (!isJsonType(req.headers["content-type"])) {
    throw new HttpError(415, "unsupported_media_type", "the request body must be JSON", {
      fix: "send the header 'Content-Type: application/json'",
    });
  }
}
