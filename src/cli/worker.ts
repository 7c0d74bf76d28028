/** `dingpipe worker`: only the delivery engine, on a database shared with `dingpipe serve` processes. */
import type { Command } from "./io.ts";
import { runService } from "./serve.ts";

export const run: Command = async (args, io) => runService("worker", args, io);
