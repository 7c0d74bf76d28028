/** `.dingpipe.yml`: parse, check and normalize, with diagnostics located at file:line:column. */
export type { Diagnostic } from "./diagnostic.ts";
export { formatDiagnostic } from "./diagnostic.ts";
export type { DingpipeConfig, ParseResult } from "./load.ts";
export { loadConfig } from "./load.ts";
export { parseConfig } from "./parse.ts";
