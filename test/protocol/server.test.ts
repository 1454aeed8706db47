import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  CodeAction,
  CompletionList,
  CompletionItem,
  Hover,
  Location,
  DocumentSymbol,
} from "vscode-languageserver-protocol";
import { LspClient, ROOT } from "./lsp-client";

const SOURCES = join(ROOT, "test", "fixtures", "agentark-src");
const uriOf = (relative: string) => pathToFileURL(join(SOURCES, "methods", relative)).toString();

let lsp: LspClient;

beforeAll(async () => {
  lsp = new LspClient();
  const init = await lsp.initialize(SOURCES);
  expect(init.capabilities).toMatchObject({
    hoverProvider: true,
    definitionProvider: true,
    documentSymbolProvider: true,
  });
});

afterAll(async () => {
  await lsp.stop();
});

describe("the built language server over stdio", () => {
  it("publishes diagnostics on open, with codes and exact ranges", async () => {
    const uri = uriOf("dylan/configs/config_main.yaml");
    const diagnostics = await lsp.open(
      uri,
      "num_agents: 5\nnum_rounds: 2\nactivation: softmax\nroles: [Assistant]\n",
    );
    expect(
      diagnostics
        .map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`)
        .sort(),
    ).toEqual(["invalid-value@2:12", "out-of-range@1:12", "roles-too-short@3:0"]);
  });

  it("re-validates on change and clears on close", async () => {
    const uri = uriOf("mad/configs/config_main.yaml");
    expect((await lsp.open(uri, "max_round: 0\n")).map((d) => d.code).sort()).toEqual([
      "missing-key",
      "out-of-range",
    ]);
    expect(await lsp.change(uri, "num_players: 3\nmax_round: 2\n", 2)).toMatchObject([
      { code: "no-effect" },
    ]);
    const cleared = lsp.nextDiagnostics(uri, (d) => d.length === 0);
    await lsp.connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    expect((await cleared).diagnostics).toEqual([]);
  });

  it("answers completion, hover, code actions, definition and symbols", async () => {
    const uri = uriOf("llm_debate/configs/config_main.yaml");
    const diagnostics = await lsp.open(uri, "num_rounds: 3\n");
    const completion = await lsp.connection.sendRequest<CompletionItem[] | CompletionList>(
      "textDocument/completion",
      { textDocument: { uri }, position: { line: 1, character: 0 } },
    );
    const items = Array.isArray(completion) ? completion : completion.items;
    expect(items.map((i) => i.label)).toEqual(["rounds_num"]);

    const hover = await lsp.connection.sendRequest<Hover>("textDocument/hover", {
      textDocument: { uri },
      position: { line: 0, character: 2 },
    });
    expect((hover.contents as { value: string }).value).toContain(
      "`num_rounds` is what AgentArk's README documents",
    );

    const actions = await lsp.connection.sendRequest<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostics[0]!.range,
      context: { diagnostics },
    });
    expect(actions.map((a) => a.title).sort()).toEqual([
      "Add rounds_num: 2",
      "Rename to rounds_num",
    ]);

    await lsp.change(uri, "rounds_num: 3\n", 2);
    const definition = await lsp.connection.sendRequest<Location[]>("textDocument/definition", {
      textDocument: { uri },
      position: { line: 0, character: 1 },
    });
    expect(definition[0]?.uri).toBe(
      pathToFileURL(join(SOURCES, "methods", "llm_debate", "llm_debate_main.py")).toString(),
    );

    const symbols = await lsp.connection.sendRequest<DocumentSymbol[]>(
      "textDocument/documentSymbol",
      { textDocument: { uri } },
    );
    expect(symbols.map((s) => s.name)).toEqual(["rounds_num"]);
  });

  it("learns a user-added method from the workspace's Python sources", async () => {
    const uri = uriOf("tree_of_debate/configs/config_main.yaml");
    const diagnostics = await lsp.open(
      uri,
      readFileSync(
        join(SOURCES, "methods", "tree_of_debate", "configs", "config_main.yaml"),
        "utf8",
      ),
    );
    expect(diagnostics.map((d) => d.message)).toEqual([
      expect.stringContaining("Did you mean `prune`?"),
    ]);
  });

  it("survives hostile input and still answers the next request", async () => {
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    for (let i = 0; i < 9; i++)
      bomb += `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
        .fill(`*${String.fromCharCode(97 + i)}`)
        .join(",")}]\n`;
    const huge = Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`).join("\n");
    const cases: [string, string][] = [
      ["alias-limit", bomb],
      ["too-large", `roles: ${"[".repeat(20_000)}${"]".repeat(20_000)}`],
      ["yaml-syntax", "roles:\n\t- Doctor\n"],
      ["invalid-utf8", "num_agents: 4 # \uFFFD\n"],
      ["multiple-documents", "num_agents: 4\n---\nnum_agents: 5\n"],
      ["not-a-mapping", "- a\n- b\n"],
      ["unknown-key", huge],
    ];
    for (const [i, [code, text]] of cases.entries()) {
      const uri = uriOf(`dylan/configs/bad_${i}.yaml`);
      const diagnostics = await lsp.open(uri, text);
      expect(
        diagnostics.map((d) => d.code),
        code,
      ).toContain(code);
      const hover = await lsp.connection.sendRequest("textDocument/hover", {
        textDocument: { uri },
        position: { line: 0, character: 0 },
      });
      expect(hover === null || typeof hover === "object").toBe(true);
    }
    const emptyDefault = await lsp.open(uriOf("self_consistency/configs/config_main.yaml"), "");
    expect(emptyDefault.map((d) => d.code)).toEqual(["empty-config"]);
    expect(lsp.exitCode).toBeNull();
  });

  it("turns validation off and on through didChangeConfiguration, without a restart", async () => {
    const uri = uriOf("self_consistency/configs/config_main.yaml");
    const off = lsp.nextDiagnostics(uri, (d) => d.length === 0);
    await lsp.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: { agentark: { validationEnabled: false, validationDelay: 0, scanSources: true } },
    });
    expect((await off).diagnostics).toEqual([]);
    const on = lsp.nextDiagnostics(uri, (d) => d.length > 0);
    await lsp.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: { agentark: { validationEnabled: true, validationDelay: 0, scanSources: true } },
    });
    expect((await on).diagnostics.map((d) => d.code)).toEqual(["empty-config"]);
  });
});
