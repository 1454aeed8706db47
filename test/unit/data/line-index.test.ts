import { appendFileSync, renameSync, truncateSync, writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { LineIndex, type IndexProgress } from "../../../extension/src/data/line-index";
import { tmpFile } from "./tmp-file";

const open: LineIndex[] = [];
async function indexOf(content: string | Buffer): Promise<LineIndex> {
  const index = await LineIndex.open(tmpFile(content));
  open.push(index);
  await index.build();
  return index;
}
async function allLines(index: LineIndex): Promise<string[]> {
  return index.readLines(0, index.lineCount);
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((i) => i.close()));
});

describe("LineIndex", () => {
  it("indexes line starts and reads lines back by position", async () => {
    const index = await indexOf('{"a":1}\n{"b":22}\n{"c":333}\n');
    expect(index.lineCount).toBe(3);
    expect(index.span(1)).toEqual({ start: 8, end: 16, blank: false });
    expect(await index.readLine(2)).toBe('{"c":333}');
    expect(await index.readLines(1, 5)).toEqual(['{"b":22}', '{"c":333}']);
    expect(index.pendingBytes).toBe(0);
    expect(index.indexedBytes).toBe(27);
    expect(() => index.span(3)).toThrow(RangeError);
  });

  it("indexes an empty file as no lines", async () => {
    const index = await indexOf("");
    expect(index.lineCount).toBe(0);
    expect(index.pendingBytes).toBe(0);
    expect(await index.readLines(0, 10)).toEqual([]);
  });

  it("strips \\r of CRLF endings from the text but keeps it in the span", async () => {
    const index = await indexOf('{"a":1}\r\n{"b":2}\r\n');
    expect(await allLines(index)).toEqual(['{"a":1}', '{"b":2}']);
    expect(await index.readLine(1)).toBe('{"b":2}');
    expect(index.span(0)).toEqual({ start: 0, end: 8, blank: false });
  });

  it("skips a UTF-8 BOM before the first line", async () => {
    const index = await indexOf(Buffer.from('\ufeff{"a":1}\n{"b":2}\n', "utf8"));
    expect(index.hasBom).toBe(true);
    expect(index.span(0).start).toBe(3);
    expect(await index.readLine(0)).toBe('{"a":1}');
  });

  it("keeps blank lines as lines and marks them", async () => {
    const index = await indexOf('{"a":1}\n\n   \n\r\n\t{"b":2}\n');
    expect(index.lineCount).toBe(5);
    expect([0, 1, 2, 3, 4].map((i) => index.isBlank(i))).toEqual([false, true, true, true, false]);
    expect(await index.readLine(4)).toBe('\t{"b":2}');
  });

  it("does not count a last line without \\n: it is pending", async () => {
    const index = await indexOf('{"a":1}\n{"b":');
    expect(index.lineCount).toBe(1);
    expect(index.pendingBytes).toBe(5);
    expect(index.fileBytes).toBe(13);
  });

  it("reads a 20 MB line that spans many read chunks", async () => {
    const big = `{"query":"${"x".repeat(20 * 1024 * 1024)}"}`;
    const index = await indexOf(`{"a":1}\n${big}\n{"b":2}\n`);
    expect(index.lineCount).toBe(3);
    const line = await index.readLine(1);
    expect(line.length).toBe(big.length);
    expect(line).toBe(big);
    expect(await index.readLine(2)).toBe('{"b":2}');
  });

  it("reads invalid UTF-8 as U+FFFD and keeps the raw bytes", async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"q":"a'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}\n'),
    ]);
    const index = await indexOf(bytes);
    expect(await index.readLine(0)).toBe('{"q":"a\ufffd\ufffd"}');
    expect((await index.readLineBytes(0)).equals(bytes.subarray(0, -1))).toBe(true);
  });

  it("reports progress and serves lines while it builds", async () => {
    const line = `{"text":"${"y".repeat(4000)}"}\n`;
    const index = await LineIndex.open(tmpFile(line.repeat(5000)));
    open.push(index);
    const progress: IndexProgress[] = [];
    const early: Promise<string>[] = [];
    await index.build({
      onProgress: (p) => {
        progress.push(p);
        if (early.length === 0 && p.lines > 0) early.push(index.readLine(0));
      },
    });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress[0]!.lines).toBeGreaterThan(0);
    expect(progress[0]!.lines).toBeLessThan(5000);
    expect(progress.at(-1)).toEqual({
      bytesDone: line.length * 5000,
      totalBytes: line.length * 5000,
      lines: 5000,
    });
    expect(await early[0]).toBe(line.slice(0, -1));
  });

  it("stops when aborted, and extend() carries on from there", async () => {
    const line = `{"text":"${"z".repeat(1000)}"}\n`;
    const index = await LineIndex.open(tmpFile(line.repeat(20000)));
    open.push(index);
    const controller = new AbortController();
    const build = index.build({
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(build).rejects.toThrow(/abort/i);
    const partial = index.lineCount;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(20000);
    expect(await index.extend()).toEqual({ status: "appended", lines: 20000 - partial });
    expect(index.lineCount).toBe(20000);
  });

  it("extend() indexes only what was appended, finishing a pending line", async () => {
    const file = tmpFile('{"a":1}\n{"b":');
    const index = await LineIndex.open(file);
    open.push(index);
    await index.build();
    expect(await index.extend()).toEqual({ status: "unchanged" });
    appendFileSync(file, '2}\n{"c":3}\n{"d"');
    expect(await index.extend()).toEqual({ status: "appended", lines: 2 });
    expect(await allLines(index)).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    expect(index.pendingBytes).toBe(4);
    appendFileSync(file, ":4}\n");
    expect(await index.extend()).toEqual({ status: "appended", lines: 1 });
    expect(await index.readLine(3)).toBe('{"d":4}');
  });

  it("extend() reports a file that shrank, was replaced, or changed in place", async () => {
    const text = '{"a":1}\n{"b":2}\n';
    const shrunk = tmpFile(text);
    const a = await LineIndex.open(shrunk);
    open.push(a);
    await a.build();
    truncateSync(shrunk, 8);
    expect(await a.extend()).toMatchObject({ status: "rewritten", reason: "the file shrank" });

    const edited = tmpFile(text);
    const b = await LineIndex.open(edited);
    open.push(b);
    await b.build();
    writeFileSync(edited, '{"a":1}\n{"b":3}\n{"c":4}\n');
    expect(await b.extend()).toMatchObject({
      status: "rewritten",
      reason: "indexed bytes changed",
    });

    const replaced = tmpFile(text);
    const c = await LineIndex.open(replaced);
    open.push(c);
    await c.build();
    const other = tmpFile(`${text}{"c":3}\n`);
    renameSync(other, replaced);
    expect(await c.extend()).toMatchObject({
      status: "rewritten",
      reason: "the file was replaced",
    });
  });

  it("keeps the offsets within 16 bytes a record", async () => {
    const index = await indexOf('{"a":1}\n'.repeat(200_000));
    expect(index.lineCount).toBe(200_000);
    expect(index.memoryBytes).toBeLessThanOrEqual(16 * 200_000);
  });
});
