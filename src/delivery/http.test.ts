import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { engineHttp } from "./http.ts";

describe("engineHttp", () => {
  let server: Server;
  let base = "";
  const seen: Array<{ method?: string; type?: string; length?: string; body: string }> = [];

  before(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => {
        seen.push({
          method: req.method,
          type: req.headers["content-type"],
          length: req.headers["content-length"],
          body,
        });
        if (req.url === "/slow") return; // never answers
        if (req.url === "/busy") {
          res.writeHead(503, { "retry-after": "7", "content-type": "text/plain" });
          res.end("busy");
          return;
        }
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ errcode: 0, errmsg: "ok", echo: body }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("posts the body with its headers and reads status, headers and text, reusing the connection", async () => {
    const http = engineHttp({ env: {} });
    assert.ok(http);
    try {
      const body = JSON.stringify({ msgtype: "text", text: { content: "构建成功 ✓" } });
      for (let i = 0; i < 3; i++) {
        const res: Response = await http.fetch(`${base}/robot/send?access_token=x`, {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8" },
          body,
        });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("Content-Type"), "application/json");
        assert.equal(res.headers.get("retry-after"), null);
        assert.deepEqual(JSON.parse(await res.text()), { errcode: 0, errmsg: "ok", echo: body });
      }
      const last = seen.at(-1);
      assert.equal(last?.method, "POST");
      assert.equal(last?.type, "application/json; charset=utf-8");
      assert.equal(last?.length, String(Buffer.byteLength(body)));

      const busy = await http.fetch(`${base}/busy`, { method: "POST", body: "{}" });
      assert.equal(busy.status, 503);
      assert.equal(busy.headers.get("Retry-After"), "7");
      assert.equal(await busy.text(), "busy");
    } finally {
      http.close();
    }
  });

  it("rejects with the signal's reason when aborted, and like fetch when the host refuses", async () => {
    const http = engineHttp({ env: {} });
    assert.ok(http);
    try {
      const signal = AbortSignal.timeout(100);
      await assert.rejects(
        http.fetch(`${base}/slow`, { method: "POST", body: "{}", signal }),
        (error) => error === signal.reason,
      );
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      await assert.rejects(
        http.fetch(`http://127.0.0.1:${port}/robot/send`, { method: "POST", body: "{}" }),
        (error) =>
          error instanceof TypeError &&
          (error.cause as { code?: string } | undefined)?.code === "ECONNREFUSED",
      );
    } finally {
      http.close();
    }
  });

  it("posts to https robots over TLS, verifying the certificate", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "dingpipe-tls-"));
    try {
      const made = spawnSync(
        "openssl",
        ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
          .concat(["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "1"])
          .concat(["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")]),
        { stdio: "ignore" },
      );
      if (made.status !== 0) {
        t.skip("openssl is not available to make a test certificate");
        return;
      }
      const cert = await readFile(join(dir, "cert.pem"), "utf8");
      const tls = createHttpsServer(
        { cert, key: await readFile(join(dir, "key.pem"), "utf8") },
        (req, res) => {
          req.resume();
          req.on("end", () => res.end('{"errcode":0,"errmsg":"ok"}'));
        },
      );
      await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
      const url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/robot/send`;
      const trusting = engineHttp({ env: {}, ca: cert });
      const strict = engineHttp({ env: {} });
      try {
        const res: Response = await trusting!.fetch(url, { method: "POST", body: "{}" });
        assert.equal(await res.text(), '{"errcode":0,"errmsg":"ok"}');
        // An unknown certificate is refused, as fetch refuses it.
        await assert.rejects(strict!.fetch(url, { method: "POST", body: "{}" }), TypeError);
      } finally {
        trusting?.close();
        strict?.close();
        tls.closeAllConnections();
        await new Promise((resolve) => tls.close(resolve));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("steps aside when a proxy is configured (the global fetch honours it)", () => {
    assert.equal(engineHttp({ env: { HTTPS_PROXY: "http://127.0.0.1:3128" } }), undefined);
    assert.ok(engineHttp({ env: {} }));
  });
});

describe("engineHttp and a kept-alive connection the server dropped", () => {
  it("sends the request again on a new connection when a reused socket is reset before any answer", async () => {
    // A robot server that closes a connection when a second request arrives on it, as a server does whose
    // keep-alive timeout ran out just as the client reused the socket.
    const connections: number[] = [];
    /** What each answered request carried: its content-type, x-request header and body. */
    const answered: Array<{ type?: string; request?: string; body: string }> = [];
    const server = createNetServer((socket) => {
      const id = connections.push(0) - 1;
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk.toString("utf8");
        const end = text.indexOf("\r\n\r\n");
        if (end === -1) return;
        const head = text.slice(0, end).split("\r\n");
        const header = (name: string) =>
          head
            .find((l) => l.toLowerCase().startsWith(`${name}:`))
            ?.slice(name.length + 1)
            .trim();
        const body = text.slice(end + 4);
        if (Buffer.byteLength(body) < Number(header("content-length") ?? 0)) return;
        text = "";
        connections[id]! += 1;
        if (connections[id]! > 1) {
          socket.resetAndDestroy();
          return;
        }
        answered.push({ type: header("content-type"), request: header("x-request"), body });
        const answer = JSON.stringify({ errcode: 0, errmsg: "ok!" });
        socket.write(
          `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${answer.length}\r\nConnection: keep-alive\r\n\r\n${answer}`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/robot/send`;
    const http = engineHttp({ env: {} });
    assert.ok(http);
    try {
      for (let i = 0; i < 3; i++) {
        const res: Response = await http.fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "x-request": String(i) },
          body: JSON.stringify({ text: `构建 ${i}` }),
        });
        assert.equal(res.status, 200, `request ${i}`);
        assert.equal(JSON.parse(await res.text()).errmsg, "ok!");
      }
      // Requests 2 and 3 each met a dropped connection first and went again on a new one.
      assert.deepEqual(connections, [2, 2, 1]);
      // The one sent again carried its headers and body as the first try did.
      assert.deepEqual(
        answered,
        [0, 1, 2].map((i) => ({
          type: "application/json",
          request: String(i),
          body: JSON.stringify({ text: `构建 ${i}` }),
        })),
      );
    } finally {
      http.close();
      server.close();
    }
  });
});
