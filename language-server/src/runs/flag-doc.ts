import type { FlagSpec } from "../../../schemas/src/runs";

/** Markdown for a flag: the literal flag, type, default or required, choices, and its doc. */
export function flagDoc(f: FlagSpec): string {
  const lines = [
    `**\`${f.flag ?? `--${f.name}`}\`**: \`${f.type}\`${f.required ? ", required" : f.default === undefined ? ", default `None`" : `, default \`${JSON.stringify(f.default)}\``}`,
    "",
    f.doc,
  ];
  if (f.choices) lines.push("", `Allowed: ${f.choices.map((c) => `\`${c}\``).join(", ")}`);
  if (f.type === "bool") lines.push("", "`true` passes the bare flag; `false` leaves it out.");
  if (f.listStyle)
    lines.push(
      "",
      f.listStyle === "space"
        ? "A list is passed as one flag followed by the items."
        : f.listStyle === "comma"
          ? "A list is joined with commas."
          : "A list repeats the flag per item.",
    );
  if (f.noEffect) lines.push("", `⚠ No effect: ${f.noEffect}`);
  return lines.join("\n");
}
