/**
 * Array parameters in PostgreSQL's binary format (src/store/postgres/binary-array.ts), against a real
 * server: what the server reads from each is exactly what the same JavaScript array reads as when `pg`
 * sends it as array text — element by element, in order, NULLs where they were — for the characters
 * that array text has to escape and the ones UTF-8 needs several bytes for; and empty arrays.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import pg from "pg";
import { bigintArray, intArray, textArray } from "../src/store/postgres/binary-array.ts";
import { startPostgres, type TestPostgres } from "./helpers/postgres.ts";

const server: TestPostgres = await startPostgres();
after(() => server.stop());

const TEXTS = [
  "",
  "plain",
  'a "quoted" word',
  'back\\slash \\\\ and \\"',
  "{braces}, commas, ; semicolons",
  "NULL",
  "null",
  " leading and trailing ",
  "tab\tnew\nline\r",
  "é ü ß 中文 🚀 \u2028",
  JSON.stringify({ pipeline: { name: 'we"b\\x' }, task: { name: "t", status: "success" }, nul: "\u0000" }),
  "x".repeat(70_000),
];

describe("postgres: binary array parameters", () => {
  let client: pg.Client;
  before(async () => {
    client = new pg.Client({ connectionString: await server.url(), connectionTimeoutMillis: 30_000 });
    await client.connect();
  });
  after(() => client.end());

  /** The elements the server sees, in order, as text (NULL as null). */
  async function elements(sql: string, param: unknown): Promise<Array<string | null>> {
    const r = await client.query(
      `SELECT u.v::text AS v FROM unnest(${sql}) WITH ORDINALITY AS u(v, n) ORDER BY u.n`,
      [param],
    );
    return r.rows.map((row) => row.v as string | null);
  }

  it("text[]: every element as it was, escaping characters and multi-byte ones included", async () => {
    const binary = await elements("$1::text[]", textArray(TEXTS));
    assert.deepEqual(binary, TEXTS);
    assert.deepEqual(binary, await elements("$1::text[]", TEXTS), "the same as array text reads");
  });

  it("text[]: NULLs where they were, and the string 'NULL' is not one", async () => {
    const values = ["a", null, "NULL", null, ""];
    assert.deepEqual(await elements("$1::text[]", textArray(values)), values);
    const r = await client.query("SELECT array_length($1::text[], 1) AS n, $1::text[] IS NULL AS missing", [
      textArray(values),
    ]);
    assert.deepEqual(r.rows[0], { n: 5, missing: false });
  });

  it("empty arrays of each type", async () => {
    for (const [type, param] of [
      ["text", textArray([])],
      ["int", intArray([])],
      ["bigint", bigintArray([])],
    ] as const) {
      const r = await client.query(`SELECT cardinality($1::${type}[]) AS n`, [param]);
      assert.equal(r.rows[0].n, 0, type);
    }
  });

  it("int[] and bigint[]: the numbers as they were, negative and past 32 bits included", async () => {
    const ints = [0, 1, -1, 2 ** 31 - 1, -(2 ** 31), 42];
    assert.deepEqual(await elements("$1::int[]", intArray(ints)), ints.map(String));
    const bigints = [
      0,
      1,
      -1,
      2 ** 32,
      2 ** 32 + 5,
      -(2 ** 32) - 7,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      1_764_561_234_567,
    ];
    assert.deepEqual(await elements("$1::bigint[]", bigintArray(bigints)), bigints.map(String));
  });

  it("refuses numbers the type cannot hold instead of sending something else", () => {
    assert.throws(() => intArray([2 ** 31]), RangeError);
    assert.throws(() => intArray([1.5]), RangeError);
    assert.throws(() => bigintArray([2 ** 53]), RangeError);
    assert.throws(() => bigintArray([Number.NaN]), RangeError);
  });
});
