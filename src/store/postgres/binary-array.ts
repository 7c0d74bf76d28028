/**
 * One-dimensional `text[]`, `int[]` and `bigint[]` parameters in PostgreSQL's binary format. `pg` sends a Buffer
 * parameter as binary and anything else as text; an array given as a JavaScript array is written as an
 * array literal, every element escaped (`"` and `\` doubled into a new string) and joined — for a batch of
 * events that is every event's JSON copied twice and scanned for quotes, which the server then scans again
 * to unescape. In binary each element is its length and its UTF-8 bytes: written once, read as they are.
 *
 * The layout (the server's `array_recv`): int32 dimensions (1), int32 has-nulls (0/1), int32 element type
 * oid, then per dimension int32 length and int32 lower bound (1); then per element int32 byte length (-1 for
 * NULL) and the bytes. Integers are big-endian. An empty array is sent as zero dimensions.
 */

const TEXT_OID = 25;
const INT8_OID = 20;
const INT4_OID = 23;

function header(buf: Buffer, count: number, hasNull: boolean, oid: number): number {
  if (count === 0) {
    buf.writeInt32BE(0, 0);
    buf.writeInt32BE(0, 4);
    buf.writeInt32BE(oid, 8);
    return 12;
  }
  buf.writeInt32BE(1, 0);
  buf.writeInt32BE(hasNull ? 1 : 0, 4);
  buf.writeInt32BE(oid, 8);
  buf.writeInt32BE(count, 12);
  buf.writeInt32BE(1, 16);
  return 20;
}

/** A `text[]` parameter: each string as its UTF-8 bytes, `null` as SQL NULL. */
export function textArray(values: ReadonlyArray<string | null>): Buffer {
  const n = values.length;
  const lengths = new Int32Array(n);
  let size = n === 0 ? 12 : 20;
  let hasNull = false;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      lengths[i] = -1;
      hasNull = true;
      size += 4;
    } else {
      const len = Buffer.byteLength(v, "utf8");
      lengths[i] = len;
      size += 4 + len;
    }
  }
  const buf = Buffer.allocUnsafe(size);
  let offset = header(buf, n, hasNull, TEXT_OID);
  for (let i = 0; i < n; i++) {
    const len = lengths[i]!;
    buf.writeInt32BE(len, offset);
    offset += 4;
    if (len > 0) offset += buf.write(values[i]!, offset, len, "utf8");
  }
  return buf;
}

/** A `bigint[]` parameter of safe integers (no NULLs). */
export function bigintArray(values: readonly number[]): Buffer {
  const n = values.length;
  const buf = Buffer.allocUnsafe((n === 0 ? 12 : 20) + n * 12);
  let offset = header(buf, n, false, INT8_OID);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isSafeInteger(v)) throw new RangeError(`not a safe integer for a bigint parameter: ${v}`);
    const high = Math.floor(v / 2 ** 32);
    buf.writeInt32BE(8, offset);
    buf.writeInt32BE(high, offset + 4);
    buf.writeUInt32BE(v - high * 2 ** 32, offset + 8);
    offset += 12;
  }
  return buf;
}

/** An `int[]` parameter of 32-bit integers (no NULLs). */
export function intArray(values: readonly number[]): Buffer {
  const n = values.length;
  const buf = Buffer.allocUnsafe((n === 0 ? 12 : 20) + n * 8);
  let offset = header(buf, n, false, INT4_OID);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31)
      throw new RangeError(`not a 32-bit integer for an int parameter: ${v}`);
    buf.writeInt32BE(4, offset);
    buf.writeInt32BE(v, offset + 4);
    offset += 8;
  }
  return buf;
}
