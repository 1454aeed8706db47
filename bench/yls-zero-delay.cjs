// Preload for yaml-language-server, used by bench/lsp-bench.mjs:
//   node --require bench/yls-zero-delay.cjs node_modules/yaml-language-server/bin/yaml-language-server --stdio
//
// Why: yaml-language-server 1.25.0 debounces validation with a HARD-CODED 200 ms timer and no setting
// to change it:
//   out/server/src/yamlSettings.js:46                      this.validationDelayMs = 200;
//   out/server/src/languageserver/handlers/validationHandlers.js:19-25
//     validate(doc) { cleanPendingValidation(doc);
//                     pendingValidationRequests[uri] = setTimeout(() => validateTextDocument(doc), validationDelayMs) }
// (it runs for didOpen too: TextDocuments fires onDidChangeContent on open). Neither `yaml.*` settings
// (settingsHandlers.js) nor initializationOptions touch validationDelayMs. Nothing in node_modules is
// modified; this file patches the loaded modules before server.js starts:
//
//   1. SettingsState is replaced by a subclass whose constructor sets validationDelayMs = 0 (server.js
//      reads `yamlSettings_1.SettingsState` at call time, so the replaced export is the one used).
//   2. YLS_BENCH_DELAY_MODE=sync (the default): ValidationHandler.prototype.validate validates at once
//      when validationDelayMs <= 0, without the timer, which is what our server does at
//      validationDelay 0. Even setTimeout(fn, 0) costs >= 1 ms in Node (delays below 1 are clamped to 1),
//      which would be charged to yaml-language-server on every measurement.
//      YLS_BENCH_DELAY_MODE=timer0 keeps the stock setTimeout path, with 0 ms.
"use strict";
const path = require("node:path");

const mode = process.env.YLS_BENCH_DELAY_MODE === "timer0" ? "timer0" : "sync";
const base = path.resolve(__dirname, "..");
const load = (rel) =>
  require(require.resolve(`yaml-language-server/out/server/src/${rel}`, { paths: [base] }));

const settings = load("yamlSettings.js");
const validation = load("languageserver/handlers/validationHandlers.js");
const Original = settings.SettingsState;
const proto = validation.ValidationHandler && validation.ValidationHandler.prototype;
if (typeof Original !== "function" || !proto || typeof proto.validate !== "function") {
  process.stderr.write("[yls-zero-delay] expected exports not found: patch NOT applied\n");
} else {
  settings.SettingsState = class ZeroDelaySettingsState extends Original {
    constructor(...args) {
      super(...args);
      this.validationDelayMs = 0;
      // stderr is not the LSP channel (stdout is); the bench looks for this line to confirm the patch.
      process.stderr.write(`[yls-zero-delay] validationDelayMs=0 applied (mode ${mode})\n`);
    }
  };
  if (mode === "sync") {
    const stockValidate = proto.validate;
    proto.validate = function validate(textDocument) {
      if (this.yamlSettings.validationDelayMs > 0) return stockValidate.call(this, textDocument);
      this.cleanPendingValidation(textDocument);
      void this.validateTextDocument(textDocument);
    };
  }
}
