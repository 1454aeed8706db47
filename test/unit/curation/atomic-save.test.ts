import { mkdtemp, readFile, readdir, rename, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { atomicSave } from "../../../extension/src/curation/atomic-save";
import { LABELED, buildFile } from "./jsonl-fixtures";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "atomic-save-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** 2,000 labeled rows; `swap` gives line `n` with `true`/`false` of its second solution swapped. */
async function setup() {
  const parts = Array.from(
    { length: 2000 },
    (_, i) => [LABELED.replace("48 friends", `${i} friends`), "\n"] as const,
  );
  const file = buildFile(parts);
  const path = join(dir, "run_infer_labeled_by_judge.jsonl");
  await writeFile(path, file.bytes);
  const line = (n: number) => file.bytes.subarray(file.offsets[n], file.offsets[n + 1]);
  return { path, ...file, line };
}

const sameLength = (raw: Buffer) =>
  Buffer.from(raw.toString("utf8").replace('"is_correct": false', '"is_correct": fals '), "utf8");

describe("atomicSave", () => {
  it("copies the whole file in the kernel when no line changes length, and writes lines in place", async () => {
    const { path, bytes, lines, offsets, line } = await setup();
    const replacements = new Map([
      [3, sameLength(line(3))],
      [1500, sameLength(line(1500))],
    ]);
    const result = await atomicSave({
      sourcePath: path,
      ranges: lines,
      replacements,
      targetPath: path,
    });
    expect(result.kernelCopy).toBe(true);
    const want = Buffer.from(bytes);
    for (const [n, b] of replacements) b.copy(want, offsets[n]);
    expect((await readFile(path)).equals(want)).toBe(true);
  });

  it("copies through user space from a line near the start that changes length", async () => {
    const { path, lines, line } = await setup();
    const grown = Buffer.concat([Buffer.from(" "), line(3)]);
    const result = await atomicSave({
      sourcePath: path,
      ranges: lines,
      replacements: new Map([[3, grown]]),
      targetPath: path,
    });
    expect(result.kernelCopy).toBe(false);
  });

  it.each([
    ["cut short", (path: string) => truncate(path, 150), /got shorter while it was being saved/],
    [
      "replaced by another file",
      async (path: string) => {
        await writeFile(`${path}.new`, "a rerun's file\n");
        await rename(`${path}.new`, path);
      },
      /was replaced while it was being saved/,
    ],
  ])(
    "refuses to save, writing nothing, when the file is %s during the kernel copy",
    async (_what, change, message) => {
      const { path, lines, line } = await setup();
      let after: Buffer | undefined;
      await expect(
        atomicSave({
          sourcePath: path,
          ranges: lines,
          replacements: new Map([[3, sameLength(line(3))]]),
          targetPath: path,
          hooks: {
            beforeKernelCopy: async () => {
              await change(path);
              after = await readFile(path);
            },
          },
        }),
      ).rejects.toThrow(message);
      // The other writer's file is as it left it, and no temp file is left behind.
      expect(after).toBeDefined();
      expect((await readFile(path)).equals(after!)).toBe(true);
      expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    },
  );
});
