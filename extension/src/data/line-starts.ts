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

  /**
   * A copy for the file after a save: each line after an edited line starts `delta` bytes later
   * for every edited line before it (`deltas`: line -> new length minus old). Typed-array copies
   * and one pass over the shifted part, not a push per line.
   */
  shifted(deltas: ReadonlyMap<number, number>): LineStarts {
    const out = new LineStarts();
    out.data = this.data.slice(0, Math.max(this.count, 1));
    out.count = this.count;
    const edited = [...deltas.keys()].sort((a, b) => a - b);
    let shift = 0;
    for (let k = 0; k < edited.length; k++) {
      shift += deltas.get(edited[k]!)!;
      const to = Math.min(k + 1 < edited.length ? edited[k + 1]! + 1 : this.count, this.count);
      // A blank line is stored as -(start + 1): it moves the other way.
      for (let i = edited[k]! + 1; i < to; i++) {
        const v = out.data[i]!;
        out.data[i] = v < 0 ? v - shift : v + shift;
      }
    }
    return out;
  }

  start(i: number): number {
    const v = this.data[i] ?? 0;
    return v < 0 ? -v - 1 : v;
  }

  blank(i: number): boolean {
    return (this.data[i] ?? 0) < 0;
  }
}
