// Entry of dist/language-client.js: vscode-languageclient is most of the extension's code, so it
// is its own bundle, loaded when the first method config opens rather than at activation.
export { createLanguageClient, forwardSettings } from "./start-client";
