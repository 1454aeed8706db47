import { MarkupKind, type Hover } from "vscode-languageserver-protocol";
import type { TextDocument } from "vscode-languageserver-textdocument";
import type { YAMLMap } from "yaml";
import { keyedPairs } from "./locate";
import type { KnownClass } from "./method-registry";
import { yamlScalar } from "./text-edits";

/** Hover on a key: type, default, allowed values, who reads it and where, README drift. */
export function hoverConfig(
  doc: TextDocument,
  offset: number,
  map: YAMLMap,
  classes: readonly KnownClass[],
): Hover | null {
  const pair = keyedPairs(map).find(({ pair, keySpan }) => {
    const end = pair.value?.range?.[1] ?? keySpan[1];
    return offset >= keySpan[0] && offset <= Math.max(end, keySpan[1]);
  });
  if (!pair) return null;
  const lines: string[] = [];
  for (const c of classes) {
    const spec = c.spec.keys.find((k) => k.key === pair.name);
    if (spec) {
      if (lines.length === 0) {
        lines.push(
          `**${spec.key}**: \`${spec.kind}\`, ${spec.required ? "required (read with `[...]`)" : `optional, default \`${yamlScalar(Array.isArray(spec.default) ? JSON.stringify(spec.default) : spec.default)}\``}`,
          "",
          spec.doc,
        );
        const allowed = spec.values ?? spec.itemValues;
        if (allowed) lines.push("", `Allowed: ${allowed.map((v) => `\`${v}\``).join(", ")}`);
        if (spec.noEffect) lines.push("", `⚠ ${spec.noEffect}`);
        if (spec.drift) lines.push("", `README drift: ${spec.drift}`);
        lines.push("");
      }
      const scanned = c.reads.get(spec.key)?.[0];
      const where = scanned
        ? `${relative(scanned.file)}:${scanned.line + 1}`
        : `methods/${c.spec.dir}/${spec.readAt}`;
      lines.push(`Read by \`${c.spec.className}\` (\`${c.spec.name}\`) at \`${where}\``);
      continue;
    }
    const unread = c.spec.unread.find((u) => u.key === pair.name);
    if (unread && lines.length === 0) lines.push(`**${pair.name}**: not read`, "", unread.message);
  }
  if (lines.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join("\n") },
    range: { start: doc.positionAt(pair.keySpan[0]), end: doc.positionAt(pair.keySpan[1]) },
  };
}

function relative(file: string): string {
  const at = file.lastIndexOf("/methods/");
  return at >= 0 ? file.slice(at + 1) : file;
}
