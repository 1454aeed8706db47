// The baseline: as little as an extension can do, but the same first step as AgentArk Studio's
// activate() (a log output channel), so the difference is our bundle and our own work.
const vscode = require("vscode");

exports.activate = function activate(context) {
  context.subscriptions.push(vscode.window.createOutputChannel("Bench baseline", { log: true }));
};
