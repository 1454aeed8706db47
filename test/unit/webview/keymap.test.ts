import { describe, expect, it } from "vitest";
import { commandForKey, SHORTCUTS, type KeyInput } from "../../../webview/src/state/keymap";

const key = (k: string, extra: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  inTextField: false,
  ...extra,
});

describe("commandForKey", () => {
  it("maps navigation keys", () => {
    expect(commandForKey(key("j"))).toEqual({ type: "record", delta: 1 });
    expect(commandForKey(key("ArrowUp"))).toEqual({ type: "record", delta: -1 });
    expect(commandForKey(key("l"))).toEqual({ type: "solution", delta: 1 });
    expect(commandForKey(key("J", { shiftKey: true }))).toEqual({ type: "step", delta: 1 });
    expect(commandForKey(key("ArrowDown", { shiftKey: true }))).toEqual({ type: "step", delta: 1 });
  });

  it("maps labels", () => {
    expect(commandForKey(key("c"))).toEqual({ type: "toggle-verdict", value: true });
    expect(commandForKey(key("x"))).toEqual({ type: "toggle-verdict", value: false });
    expect(commandForKey(key("1"))).toEqual({ type: "step-label", value: -1 });
    expect(commandForKey(key("-"))).toEqual({ type: "step-label", value: -1 });
    expect(commandForKey(key("0"))).toEqual({ type: "step-label", value: 0 });
    expect(commandForKey(key("+", { shiftKey: true }))).toEqual({ type: "step-label", value: 1 });
    expect(commandForKey(key("4"))).toEqual({ type: "step-label", value: "unsure" });
    expect(commandForKey(key("?", { shiftKey: true }))).toEqual({ type: "shortcuts" });
  });

  it("leaves modified keys to VS Code (undo, redo, copy)", () => {
    expect(commandForKey(key("z", { ctrlKey: true }))).toBeNull();
    expect(commandForKey(key("c", { metaKey: true }))).toBeNull();
  });

  it("leaves letters to a focused text field, except Escape", () => {
    expect(commandForKey(key("j", { inTextField: true }))).toBeNull();
    expect(commandForKey(key("Escape", { inTextField: true }))).toEqual({ type: "escape" });
  });

  it("binds no key twice", () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
