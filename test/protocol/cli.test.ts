import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./lsp-client";

const BIN = join(ROOT, "bin", "agentark-studio.js");
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8" });

describe("agentark-studio validate (the built CLI)", () => {
  it("exits 0 on AgentArk's shipped configs, printing the warnings", () => {
    const result = run("validate", "test/fixtures/agentark");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      "test/fixtures/agentark/methods/mav/configs/config.yaml:3:12: warning [runtime-hazard]",
    );
    expect(result.stdout.trim().split("\n").at(-1)).toBe(
      "17 files checked: 0 errors, 9 warnings, 0 notes",
    );
  });

  it("--json prints one array with 1-based positions and exits 1 on errors", () => {
    const result = run("validate", "--json", "samples/workspace");
    expect(result.status).toBe(1);
    const findings = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(findings.length).toBeGreaterThan(5);
    for (const f of findings) {
      expect(Object.keys(f).sort()).toEqual([
        "code",
        "column",
        "endColumn",
        "endLine",
        "file",
        "line",
        "message",
        "severity",
      ]);
    }
    expect(findings).toContainEqual(
      expect.objectContaining({
        file: "samples/workspace/methods/mapcoder/configs/config_main.yaml",
        line: 3,
        column: 4,
        severity: "error",
        code: "out-of-range",
      }),
    );
  });

  it("takes single files, and checks every kind of bad file without crashing", () => {
    const dir = mkdtempSync(join(tmpdir(), "aas-cli-"));
    mkdirSync(join(dir, "methods", "mad", "configs"), { recursive: true });
    const files = {
      "empty.yaml": "",
      "list.yaml": "- a\n",
      "tabs.yaml": "a:\n\tb: 1\n",
      "multi.yaml": "a: 1\n---\nb: 2\n",
    };
    for (const [name, text] of Object.entries(files))
      writeFileSync(join(dir, "methods", "mad", "configs", name), text);
    const result = run(
      "validate",
      "--json",
      ...Object.keys(files).map((n) => join(dir, "methods", "mad", "configs", n)),
    );
    expect(result.status).toBe(1);
    const codes = (JSON.parse(result.stdout) as { code: string }[]).map((f) => f.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        "empty-config",
        "not-a-mapping",
        "yaml-syntax",
        "multiple-documents",
      ]),
    );
  });

  it("exits 2 on bad usage", () => {
    expect(run().status).toBe(2);
    expect(run("validate").status).toBe(2);
    expect(run("validate", "--yaml", ".").status).toBe(2);
    const missing = run("validate", "no/such/file.yaml");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("no such file or folder: no/such/file.yaml");
  });
});
