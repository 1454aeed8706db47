/**
 * The little the curation document needs from a line index: byte ranges of lines, each range
 * including its terminator (`\n` or `\r\n`; none on a last line without one). Any index
 * (the data core's streaming one, or a test's hand-built array) can provide it.
 */
export interface LineRanges {
  readonly count: number;
  start(line: number): number;
  end(line: number): number;
}

/** Ranges over an in-memory list of offsets: `offsets[i]` starts line i, the last is the end. */
export class OffsetLineRanges implements LineRanges {
  constructor(private readonly offsets: ArrayLike<number>) {}

  get count(): number {
    return Math.max(0, this.offsets.length - 1);
  }

  start(line: number): number {
    return this.offsets[line] ?? Number.NaN;
  }

  end(line: number): number {
    return this.offsets[line + 1] ?? Number.NaN;
  }
}

/**
 * The ranges of a file after a save rewrote some lines with new lengths: the base index stays
 * valid for every other line once shifted by the sum of the length changes before it, so a
 * multi-gigabyte file need not be indexed again after each save.
 */
export class ShiftedLineRanges implements LineRanges {
  private readonly lines: number[];
  private readonly cumulative: number[];

  constructor(
    private readonly base: LineRanges,
    /** Line number → new length minus old length (bytes). */
    deltas: ReadonlyMap<number, number>,
  ) {
    this.lines = [...deltas.keys()].sort((a, b) => a - b);
    let sum = 0;
    this.cumulative = this.lines.map((l) => (sum += deltas.get(l) ?? 0));
  }

  get count(): number {
    return this.base.count;
  }

  /** Sum of deltas of edited lines < line. */
  private shiftBefore(line: number): number {
    let lo = 0;
    let hi = this.lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lines[mid]! < line) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : this.cumulative[lo - 1]!;
  }

  start(line: number): number {
    return this.base.start(line) + this.shiftBefore(line);
  }

  end(line: number): number {
    return this.base.end(line) + this.shiftBefore(line + 1);
  }
}
