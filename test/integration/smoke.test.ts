import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { extensionId } from "./helpers";

describe("smoke", () => {
  it("has AgentArk Studio installed from the vsix", () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `${extensionId} is not installed`);
    assert.equal((ext.packageJSON as { publisher?: unknown }).publisher, "agentark");
  });

  it("opened the test workspace", () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1);
    assert.equal(folders[0]?.uri.scheme, "file");
    assert.ok(process.env.AGENTARK_TEST_WORKSPACE, "AGENTARK_TEST_WORKSPACE is not set");
    assert.equal(folders[0]?.uri.fsPath, process.env.AGENTARK_TEST_WORKSPACE);
  });
});
