import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  shellJoin,
  shellPath,
  shellQuote,
} from "../../../../extension/src/runs/transport/shell-quote";
import { hostileCorpus } from "./hostile-corpus";

const dir = mkdtempSync(join(tmpdir(), "aas-quote-"));
const canary = join(dir, "canary");

describe("shellQuote", () => {
  it("leaves plain words alone and single-quotes the rest", () => {
    expect(shellQuote("inference.py")).toBe("inference.py");
    expect(shellQuote("Qwen/Qwen3-8B")).toBe("Qwen/Qwen3-8B");
    expect(shellQuote("--method_name")).toBe("'--method_name'");
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote("$(x)")).toBe("'$(x)'");
  });

  it("refuses NUL, which no argv can carry", () => {
    expect(() => shellQuote("a\0b")).toThrow(/NUL/);
  });

  it.each(["bash", "sh"])(
    "round-trips the hostile corpus through %s without running any of it",
    (shell) => {
      const corpus = hostileCorpus(canary);
      const out = execFileSync(shell, ["-c", `printf '%s\\0' ${shellJoin(corpus)}`], { cwd: dir });
      expect(out.toString("utf8").split("\0").slice(0, -1)).toEqual(corpus);
      expect(existsSync(canary)).toBe(false);
    },
  );

  it("each hostile value is one word, even as the command name", () => {
    // bash reads a command word starting with `%` as a job spec even when quoted (`fg: no job
    // control`, status 1): still nothing runs, so those only count for the canary.
    for (const value of hostileCorpus(canary).filter((v) => v && !v.startsWith("%"))) {
      const out = execFileSync("bash", ["-c", `${shellQuote(value)} 2>/dev/null; echo "$?"`], {
        cwd: dir,
      });
      expect(out.toString().trim()).toMatch(/^(126|127)$/);
    }
    expect(existsSync(canary)).toBe(false);
  });
});

describe("shellPath", () => {
  it("expands a leading ~/ as the remote home and quotes the rest", () => {
    expect(shellPath("~/AgentArk")).toBe('"$HOME"/AgentArk');
    expect(shellPath("~/my dir")).toBe(`"$HOME"/'my dir'`);
    expect(shellPath("~")).toBe('"$HOME"');
    expect(shellPath("/opt/x;y")).toBe("'/opt/x;y'");
    expect(shellPath("~user/x")).toBe("'~user/x'");
  });
});
