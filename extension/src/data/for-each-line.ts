import { open } from "node:fs/promises";

const READ = 8 * 1024 * 1024;

/**
 * Calls `visit` with the text of each \n-ended line in [start, end), as LineIndex.readLines gives
 * it: a \r before the \n dropped, invalid UTF-8 as U+FFFD. `start` is a line start (after a BOM,
 * as the index's first line). Reads `readSize` bytes at a time; a longer line is carried over.
 */
export async function forEachLine(
  path: string,
  start: number,
  end: number,
  visit: (text: string) => void,
  readSize = READ,
): Promise<void> {
  const fh = await open(path, "r");
  try {
    let carry = Buffer.alloc(0);
    const buf = Buffer.allocUnsafe(Math.min(readSize, Math.max(end - start, 1)));
    for (let pos = start; pos < end;) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - pos), pos);
      if (bytesRead === 0) throw new Error(`${path} changed: it ends before byte ${end}`);
      const chunk = buf.subarray(0, bytesRead);
      pos += bytesRead;
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      let from = 0;
      for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, from)) {
        const stop = nl > from && data[nl - 1] === 0x0d ? nl - 1 : nl;
        visit(data.toString("utf8", from, stop));
        from = nl + 1;
      }
      // Copied: `buf` is read into again.
      carry = Buffer.from(data.subarray(from));
    }
  } finally {
    await fh.close();
  }
}
