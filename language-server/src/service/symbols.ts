import { SymbolKind, type DocumentSymbol } from "vscode-languageserver-protocol";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { isScalar, isSeq, type Node, type YAMLMap } from "yaml";
import { keyedPairs } from "./locate";

/** One symbol per top-level key, with list items as children (the Outline view). */
export function configSymbols(doc: TextDocument, map: YAMLMap): DocumentSymbol[] {
  return keyedPairs(map).map(({ name, pair, keySpan }) => {
    const value = pair.value;
    const end = value?.range?.[1] ?? keySpan[1];
    const range = {
      start: doc.positionAt(keySpan[0]),
      end: doc.positionAt(Math.max(end, keySpan[1])),
    };
    const selectionRange = { start: doc.positionAt(keySpan[0]), end: doc.positionAt(keySpan[1]) };
    const symbol: DocumentSymbol = { name, kind: kindOf(value), range, selectionRange };
    if (isScalar(value)) symbol.detail = String(value.value);
    if (isSeq(value)) {
      symbol.detail = `${value.items.length} items`;
      symbol.children = (value.items as Node[]).flatMap((item, i) => {
        if (!item.range) return [];
        const r = { start: doc.positionAt(item.range[0]), end: doc.positionAt(item.range[1]) };
        return [
          {
            name: `[${i}]`,
            detail: isScalar(item) ? String(item.value) : "",
            kind: SymbolKind.String,
            range: r,
            selectionRange: r,
          },
        ];
      });
    }
    return symbol;
  });
}

function kindOf(value: Node | null): SymbolKind {
  if (isSeq(value)) return SymbolKind.Array;
  if (isScalar(value)) {
    if (typeof value.value === "number") return SymbolKind.Number;
    if (typeof value.value === "boolean") return SymbolKind.Boolean;
    return SymbolKind.String;
  }
  return SymbolKind.Property;
}
