// Streams rows to `<path>` through a temp file beside it, renamed into place on commit, so a
// failed export never leaves a half-written training file where a trainer would pick it up.
import { randomBytes } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import { once } from "node:events";
import { basename, dirname, join } from "node:path";

export class JsonlWriter {
  private readonly temp: string;
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  rows = 0;

  constructor(
    readonly path: string,
    private readonly serialize: (row: unknown) => string = (row) => JSON.stringify(row),
  ) {
    this.temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
    this.stream = createWriteStream(this.temp, { flags: "wx" });
    this.stream.on("error", (err) => (this.failure = err));
  }

  async write(row: unknown): Promise<void> {
    if (this.failure) throw this.failure;
    this.rows++;
    if (!this.stream.write(`${this.serialize(row)}\n`)) await once(this.stream, "drain");
  }

  async commit(): Promise<void> {
    await this.finish();
    await rename(this.temp, this.path);
  }

  async abort(): Promise<void> {
    await this.finish().catch(() => undefined);
    await unlink(this.temp).catch(() => undefined);
  }

  private async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.stream.writableFinished) {
      this.stream.end();
      await once(this.stream, "finish");
    }
  }
}
