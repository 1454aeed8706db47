import { readdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { RecordView } from "../../../schemas/src/records";
import { joinLabels } from "../data/join-labels";
import { LineIndex } from "../data/line-index";
import { parseRecord } from "../data/parse-record";
import { QueryIndex } from "../data/query-index";

/** The glob of an inference file's labeled siblings, or undefined for any other file. */
export function labeledSiblingPattern(name: string): string | undefined {
  return name.endsWith("_infer.jsonl")
    ? `${name.slice(0, -".jsonl".length)}_labeled_by_*.jsonl`
    : undefined;
}

/**
 * The labeled file of the same run, joined to an inference file by `query` (AgentArk's key), so
 * the inference records show the judge's verdicts: `x_infer.jsonl` ← `x_infer_labeled_by_<judge>.jsonl`.
 */
export class JoinedLabels {
  private constructor(
    readonly path: string,
    private readonly index: LineIndex,
    private readonly queries: QueryIndex,
  ) {}

  /** The labeled sibling of an `*_infer.jsonl`, indexed; undefined when there is none. */
  static async forInference(inferPath: string): Promise<JoinedLabels | undefined> {
    const name = basename(inferPath);
    if (!name.endsWith("_infer.jsonl")) return undefined;
    const prefix = `${name.slice(0, -".jsonl".length)}_labeled_by_`;
    const sibling = (await readdir(dirname(inferPath)).catch(() => []))
      .filter(
        (f) =>
          f.startsWith(prefix) &&
          f.endsWith(".jsonl") &&
          !f.endsWith(".audit.jsonl") &&
          !f.endsWith(".step-scores.jsonl"),
      )
      .sort()[0];
    if (!sibling) return undefined;
    const path = join(dirname(inferPath), sibling);
    const index = await LineIndex.open(path);
    await index.build();
    return new JoinedLabels(path, index, await QueryIndex.build(index));
  }

  /**
   * Indexes the rows a labeling run appended since; "rewritten" when the file was replaced,
   * shrank or was deleted (open the sibling again).
   */
  async extend(): Promise<"unchanged" | "appended" | "rewritten"> {
    const before = this.index.lineCount;
    const result = await this.index.extend();
    if (result.status === "appended") await this.queries.addLines(this.index, before);
    return result.status;
  }

  /** The view with the labeled row's verdicts, matched by solution id. */
  async join(view: RecordView): Promise<RecordView> {
    if (view.kind !== "infer" || !view.query) return view;
    const line = this.queries.lineOf(view.query);
    if (line === undefined) return view;
    return joinLabels(view, parseRecord(line, await this.index.readLine(line)));
  }

  close(): Promise<void> {
    return this.index.close();
  }
}
