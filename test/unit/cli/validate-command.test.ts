import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  collectConfigFiles,
  UsageError,
  validateFiles,
} from "../../../extension/src/cli/validate-command";
import { SHIPPED } from "../config-fixture";

describe("validate (CLI core)", () => {
  it("finds every methods/*/configs/*.y?ml below a folder", async () => {
    const files = await collectConfigFiles([SHIPPED]);
    expect(files).toHaveLength(17);
  });

  it("reports 1-based positions and severities", async () => {
    const findings = await validateFiles([
      join(SHIPPED, "methods", "mav", "configs", "config.yaml"),
    ]);
    expect(findings).toEqual([
      expect.objectContaining({
        line: 3,
        column: 12,
        endLine: 3,
        endColumn: 15,
        severity: "warning",
        code: "runtime-hazard",
      }),
    ]);
  });

  it("decodes invalid UTF-8 bytes and flags them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aas-"));
    mkdirSync(join(dir, "methods", "mad", "configs"), { recursive: true });
    const file = join(dir, "methods", "mad", "configs", "config_main.yaml");
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from("num_players: 3\nmax_round: 3 # "),
        Buffer.from([0xff, 0xfe]),
        Buffer.from("\n"),
      ]),
    );
    const findings = await validateFiles([file]);
    expect(findings.map((f) => f.code)).toContain("invalid-utf8");
    expect(findings.find((f) => f.code === "invalid-utf8")).toMatchObject({ line: 2, column: 16 });
  });

  it("a path that does not exist is a usage error", async () => {
    await expect(collectConfigFiles(["/no/such/place"])).rejects.toBeInstanceOf(UsageError);
  });
});
