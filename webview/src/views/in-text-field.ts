/** Whether a key press is meant for a text field (the record keys must not fire while typing). */
export function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT", "VSCODE-TEXTFIELD", "VSCODE-TEXTAREA"].includes(target.tagName)
  );
}
