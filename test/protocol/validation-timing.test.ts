import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LspClient, ROOT } from "./lsp-client";

// At validation.delay 0 the server checks a change inside the didChange notification itself, not
// through a timer: a timer, even setTimeout(0), costs at least a millisecond per keystroke (Node
// clamps it) and lets later messages overtake the check. Messages are handled in order, so the
// observable contract is: the diagnostics for a change are published before the answer to a request
// sent right after it. With a delay the order flips, which shows the test can tell the two apart.

const SOURCES = join(ROOT, "test", "fixtures", "agentark-src");
const uri = pathToFileURL(
  join(SOURCES, "methods", "dylan", "configs", "config_main.yaml"),
).toString();
const VALID = "num_agents: 4\nnum_rounds: 3\n";
const WRONG = "num_agents: not_a_number\nnum_rounds: 3\n";

let lsp: LspClient;
let version = 1;

beforeAll(async () => {
  lsp = new LspClient();
  await lsp.initialize(SOURCES, {
    validationEnabled: true,
    validationDelay: 0,
    scanSources: false,
  });
  await lsp.open(uri, VALID, version);
});

afterAll(async () => {
  await lsp.stop();
});

/** Sends a change and, in the same tick, a hover; says which of the two answers came first. */
async function changeThenHover(text: string): Promise<string[]> {
  const order: string[] = [];
  const v = ++version;
  const published = lsp
    .nextDiagnostics(uri, (_d, pv) => pv === v)
    .then((p) => order.push(`diagnostics:${p.diagnostics.map((d) => d.code).join(",")}`));
  const changed = lsp.connection.sendNotification("textDocument/didChange", {
    textDocument: { uri, version: v },
    contentChanges: [{ text }],
  });
  const hovered = lsp.connection
    .sendRequest("textDocument/hover", {
      textDocument: { uri },
      position: { line: 1, character: 2 },
    })
    .then(() => order.push("hover"));
  await Promise.all([changed, hovered, published]);
  return order;
}

describe("validation.delay 0 over stdio", () => {
  it("publishes a change's diagnostics before it answers the next request", async () => {
    expect(await changeThenHover(WRONG)).toEqual(["diagnostics:type-mismatch", "hover"]);
    expect(await changeThenHover(VALID)).toEqual(["diagnostics:", "hover"]);
  });

  it("with a delay, answers the request first and publishes when the delay has passed", async () => {
    await lsp.connection.sendNotification("workspace/didChangeConfiguration", {
      settings: {
        agentark: { validationEnabled: true, validationDelay: 200, scanSources: false },
      },
    });
    expect(await changeThenHover(WRONG)).toEqual(["hover", "diagnostics:type-mismatch"]);
  });
});
