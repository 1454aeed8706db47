import type { LineRanges } from "../curation/line-ranges";
import type { LineIndex } from "../data/line-index";

/** The data core's line index seen as the byte ranges the curation document needs (\n included). */
export class IndexLineRanges implements LineRanges {
  constructor(private readonly index: LineIndex) {}

  get count(): number {
    return this.index.lineCount;
  }

  start(line: number): number {
    return this.index.span(line).start;
  }

  end(line: number): number {
    return this.index.span(line).end + 1;
  }
}
