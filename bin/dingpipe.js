#!/usr/bin/env node
// The installed command. It loads the compiled CLI (dist/), built by `npm install` (prepare) or `npm run build`.
import { main } from "../dist/cli/main.js";

process.exit(await main(process.argv.slice(2)));
