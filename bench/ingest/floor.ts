/**
 * The floor of the ingest benchmark: a bare `node:http` server that does what any Node service must for one
 * event — read the body, parse it as JSON, answer 202 with an id — and nothing else (no validation, no store,
 * no logging, no metrics). It runs in its own process with Node's defaults, beside the service, and prints
 * its URL on stdout. What `dingpipe serve` reaches as a fraction of this is what its own work costs.
 *
 *   node bench/ingest/floor.ts   →  prints "floor http://127.0.0.1:PORT"
 */
import { createServer } from "node:http";

let next = 0;
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      res.writeHead(400, { "content-type": "application/json" }).end('{"error":"bad json"}');
      return;
    }
    const body = JSON.stringify({ id: String(++next) });
    res.writeHead(202, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
});
// As dingpipe serve: keep-alive connections stay open between a client's requests.
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.stdout.write(`floor http://127.0.0.1:${port}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
