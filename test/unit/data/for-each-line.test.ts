import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forEachLine } from "../../../extension/src/data/for-each-line";
import { LineIndex } from "../../../extension/src/data/line-index";

let dir: string;
let file: string;
let index: LineIndex;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "for-each-line-"));
  file = join(dir, "awkward.jsonl");
  writeFileSync(
    file,
    Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"query": "first"}\r\n\n   \n'),
      Buffer.from('{"query": "bad \xff byte"}\n', "latin1"),
      Buffer.from(`{"query": "${"long ".repeat(50)}"}\r\n`),
      Buffer.from('{"query": "ünïcödé ☃"}\n'),
      Buffer.from('{"query": "still being writ'),
    ]),
  );
  index = await LineIndex.open(file);
  await index.build();
});
afterAll(async () => {
  await index.close();
  rmSync(dir, { recursive: true, force: true });
});

async function linesFrom(first: number, readSize: number): Promise<string[]> {
  const out: string[] = [];
  const end = index.span(index.lineCount - 1).end + 1;
  await forEachLine(file, index.span(first).start, end, (t) => out.push(t), readSize);
  return out;
}

describe("forEachLine", () => {
  it.each([3, 7, 64, 8 * 2 ** 20])(
    "gives the line index's texts, read %i bytes at a time",
    async (readSize) => {
      const expected = await index.readLines(0, index.lineCount);
      expect(expected).toHaveLength(6);
      expect(expected[0]).toBe('{"query": "first"}');
      expect(await linesFrom(0, readSize)).toEqual(expected);
      expect(await linesFrom(3, readSize)).toEqual(expected.slice(3));
    },
  );
});
