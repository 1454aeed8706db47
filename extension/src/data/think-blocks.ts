/** A text with its `<think>` blocks taken out. */
export interface ThinkSplit {
  text: string;
  think: string[];
}

/**
 * Takes Qwen3-style `<think>...</think>` blocks out of `text` (trimmed, in order). Two cases come
 * from how the model is prompted: when the chat template opens the block in the prompt, the answer
 * starts inside it and holds only `</think>`, so text before a first unopened `</think>` is
 * thinking; when generation stopped mid-thought, an unclosed `<think>` runs to the end.
 */
export function splitThink(text: string): ThinkSplit {
  if (!text.includes("think>")) return { text, think: [] };
  const think: string[] = [];
  let rest = text;
  const close = rest.indexOf("</think>");
  const open = rest.indexOf("<think>");
  if (close >= 0 && (open < 0 || close < open)) {
    think.push(rest.slice(0, close).trim());
    rest = rest.slice(close + "</think>".length);
  }
  let out = "";
  for (;;) {
    const start = rest.indexOf("<think>");
    if (start < 0) break;
    const end = rest.indexOf("</think>", start);
    out += rest.slice(0, start);
    if (end < 0) {
      think.push(rest.slice(start + "<think>".length).trim());
      rest = "";
      break;
    }
    think.push(rest.slice(start + "<think>".length, end).trim());
    rest = rest.slice(end + "</think>".length);
  }
  return { text: (out + rest).trim(), think };
}
