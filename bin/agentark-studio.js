#!/usr/bin/env node
// Thin launcher so `npx agentark-studio` runs the bundled CLI (built by `npm run build`).
"use strict";
const path = require("node:path");
const fs = require("node:fs");
const cli = path.join(__dirname, "..", "dist", "cli.js");
if (!fs.existsSync(cli)) {
  process.stderr.write("agentark-studio: dist/cli.js is missing; run `npm run build` first.\n");
  process.exit(2);
}
require(cli);
