import { describe, expect, it } from "vitest";
import { ConfigService } from "../../../language-server/src/service/config-service";
import { configDoc } from "../config-fixture";

const service = new ConfigService();
const codes = (relative: string, text: string) =>
  service.validate(configDoc(relative, text)).map((d) => String(d.code));

function aliasBomb(): string {
  let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 0; i < 9; i++) {
    const name = String.fromCharCode(98 + i);
    const prev = String.fromCharCode(97 + i);
    text += `${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]\n`;
  }
  return text;
}

describe("bad input gets a clear diagnostic and never throws", () => {
  it("a YAML alias bomb is refused, not expanded", () => {
    const found = codes("dylan/configs/config_main.yaml", aliasBomb());
    expect(found).toContain("alias-limit");
  });

  it("a 50,000-line config is checked, with findings capped", () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `key_${i}: ${i}`).join("\n");
    const diagnostics = service.validate(configDoc("dylan/configs/config_main.yaml", text));
    expect(diagnostics.length).toBe(501);
    expect(diagnostics.at(-1)?.message).toBe("49500 more findings are not shown.");
  });

  it("deep nesting is reported, not a stack overflow", () => {
    const text = `roles: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n`;
    expect(codes("dylan/configs/config_main.yaml", text)).toContain("too-large");
  });

  it("tabs as indentation are a syntax error at the tab", () => {
    const [d] = service.validate(
      configDoc("dylan/configs/config_main.yaml", "roles:\n\t- Doctor\n"),
    );
    expect(d?.code).toBe("yaml-syntax");
    expect(d?.range.start.line).toBe(1);
  });

  it("invalid UTF-8 (decoded as replacement characters) is flagged where it is", () => {
    const [d] = service.validate(
      configDoc("mad/configs/config_main.yaml", "num_players: 3\nmax_round: 3 # \uFFFD\n"),
    );
    expect(d?.code).toBe("invalid-utf8");
    expect(d?.range.start).toEqual({ line: 1, character: 15 });
  });

  it("an empty file is an error for a class that reads keys", () => {
    expect(codes("mad/configs/config_main.yaml", "")).toEqual(["empty-config"]);
    expect(codes("mad/configs/config_main.yaml", "# only a comment\n")).toEqual(["empty-config"]);
  });

  it("several documents in one file", () => {
    const diagnostics = service.validate(
      configDoc(
        "self_consistency/configs/config_main.yaml",
        "parallel_num: 5\n---\nparallel_num: 4\n",
      ),
    );
    expect(diagnostics.map((d) => d.code)).toEqual(["multiple-documents"]);
    expect(diagnostics[0]?.range.start.line).toBe(1);
  });

  it("a top-level list", () => {
    expect(codes("mad/configs/config_main.yaml", "- num_players: 3\n- max_round: 3\n")).toEqual([
      "not-a-mapping",
    ]);
  });

  it("a top-level scalar", () => {
    expect(codes("mad/configs/config_main.yaml", "just text\n")).toEqual(["not-a-mapping"]);
  });

  it("non-string keys and null values do not crash", () => {
    expect(() =>
      service.validate(
        configDoc("dylan/configs/config_main.yaml", "? [a, b]\n: 1\n1: 2\nroles:\nnum_agents: ~\n"),
      ),
    ).not.toThrow();
  });

  it("completion and hover on broken text answer, not throw", () => {
    const doc = configDoc("dylan/configs/config_main.yaml", "roles: [\n  - : :\n\t");
    expect(() => service.complete(doc, { line: 1, character: 3 })).not.toThrow();
    expect(() => service.hover(doc, { line: 0, character: 1 })).not.toThrow();
    expect(() => service.symbols(doc)).not.toThrow();
  });
});
