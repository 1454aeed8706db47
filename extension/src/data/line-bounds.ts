import { open } from "node:fs/promises";

/**
 * `count` + 1 offsets from `from` to `total` that split a file's lines into `count` ranges of
 * about equal bytes, each inner one just after a \n. `from` is a line start.
 */
export async function lineBounds(
  path: string,
  total: number,
  count: number,
  from = 0,
): Promise<number[]> {
  const fh = await open(path, "r");
  try {
    const bounds = [from];
    const buf = Buffer.allocUnsafe(64 * 1024);
    for (let k = 1; k < count; k++) {
      let pos = Math.max(from + Math.floor(((total - from) * k) / count), bounds.at(-1) ?? from);
      let found = -1;
      while (found < 0 && pos < total) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, total - pos), pos);
        if (bytesRead === 0) break;
        const nl = buf.subarray(0, bytesRead).indexOf(0x0a);
        if (nl >= 0) found = pos + nl + 1;
        else pos += bytesRead;
      }
      bounds.push(found < 0 ? total : found);
    }
    bounds.push(total);
    return bounds;
  } finally {
    await fh.close();
  }
}
