import type { RecordView } from "../../../schemas/src/records";

/**
 * Why a record's verdicts cannot be changed here, or null when they can. A verdict lives where
 * AgentArk's PRM trainer reads it, `solutions[i].is_correct` and `labels[i]` of a labeled row;
 * an inference row shows the verdicts of the run's labeled file (joined by query), and a
 * trajectory row has none until label.py has judged it.
 */
export function verdictsHeldElsewhere(record: RecordView): string | null {
  switch (record.kind) {
    case "labeled":
      return null;
    case "infer":
      return "An inference row has no verdicts of its own: correct them in the run's labeled file (*_labeled_by_*.jsonl)";
    case "trajectory":
      return "A trajectory row has no verdicts: label it with label.py, then correct them in the labeled file";
    case "unknown":
      return "This row is not an AgentArk result row: it has no verdicts to correct";
  }
}
