/** Starting an app on an address, and stopping it gracefully (stop accepting, finish what is in flight). */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { App } from "./app.ts";

// node:http without an ESM import: Node 24 builds an imported built-in's namespace by reading every
// export, and node:http's lazy WebSocket/MessageEvent/CloseEvent getters load undici (~13 MB of RSS
// the service never uses). process.getBuiltinModule returns the module object and leaves them unread.
const { createServer } = process.getBuiltinModule("node:http");

export interface Listening {
  server: Server;
  /** http://host:port (no trailing slash). */
  url: string;
  /** Stops accepting, lets in-flight requests finish (at most `graceMs`), then closes every connection. */
  close(graceMs?: number): Promise<void>;
}

export async function listen(app: App, options: { host?: string; port?: number } = {}): Promise<Listening> {
  const server = createServer(
    { keepAliveTimeout: 5_000, requestTimeout: 30_000, headersTimeout: 20_000 },
    app,
  );
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    close(graceMs = 10_000) {
      app.drain();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
    },
  };
}
