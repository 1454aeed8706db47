/** Input types a person types into; a checkbox or a button input takes no letters. */
const TYPED_INPUTS = new Set(["", "text", "search", "email", "number", "password", "tel", "url"]);
/** Fields that take keys themselves: letters, arrows (a select moves its own option). */
const KEYED_TAGS = new Set([
  "TEXTAREA",
  "SELECT",
  "VSCODE-TEXTFIELD",
  "VSCODE-TEXTAREA",
  "VSCODE-SINGLE-SELECT",
]);

/**
 * Whether a key press is meant for a field (the record keys must not fire while typing), from the
 * event's composed path: a field inside a component's shadow root shows there, not as the target.
 */
export function inTextField(path: readonly EventTarget[]): boolean {
  return path.some(
    (t) =>
      t instanceof HTMLElement &&
      (t.isContentEditable ||
        (t instanceof HTMLInputElement ? TYPED_INPUTS.has(t.type) : KEYED_TAGS.has(t.tagName))),
  );
}
