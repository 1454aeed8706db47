/**
 * A growable list of line start offsets: 8 bytes a line in a Float64Array (exact for offsets up
 * to 2^53), growing by half so capacity stays under 12 bytes a line. A blank line is stored as
 * -(start + 1), so the flag costs no memory.
 */
export class LineStarts {
  private data = new Float64Array(1024);
  private count = 0;

  get length(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.data.byteLength;
  }

  push(start: number, blank: boolean): void {
    if (this.count === this.data.length) {
      const grown = new Float64Array(Math.ceil(this.data.length * 1.5));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.count++] = blank ? -(start + 1) : start;
  }

  start(i: number): number {
    const v = this.data[i] ?? 0;
    return v < 0 ? -v - 1 : v;
  }

  blank(i: number): boolean {
    return (this.data[i] ?? 0) < 0;
  }
}
