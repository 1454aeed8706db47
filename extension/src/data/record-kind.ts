import type { RecordKind } from "../../../schemas/src/records/record-view";
import type { Trajectory } from "../../../schemas/src/records/trajectory";
import type { Row } from "./adapters/row-fields";
import { isTrajectory } from "./is-trajectory";

/** The facts that decide a row's kind: shared by parseRecord and the skimming label stats. */
export interface RowShape {
  /** `trajectory` holds a valid native trajectory. */
  trajectory: boolean;
  /** The row has a `response` or an `error` key (any value). */
  inference: boolean;
  /** Length of `solutions` when it is an array, else -1. */
  solutions: number;
}

/**
 * A valid `trajectory` makes a trajectory row; `response` or `error` an inference row (which
 * also carries the dataset's empty `solutions`/`labels`); a non-empty `solutions` list with
 * neither a labeled row (label.py writes only rows with at least one solution); anything else
 * is unknown. A broken `trajectory` leaves the row to the next rules, so it still shows.
 */
export function kindOf(shape: RowShape): RecordKind {
  if (shape.trajectory) return "trajectory";
  if (shape.inference) return "infer";
  if (shape.solutions > 0) return "labeled";
  return "unknown";
}

export function shapeOf(row: Row, trajectory = trajectoryOf(row)): RowShape {
  return {
    trajectory: trajectory !== null,
    inference: "response" in row || "error" in row,
    solutions: Array.isArray(row.solutions) ? row.solutions.length : -1,
  };
}

export function trajectoryOf(row: Row): Trajectory | null {
  return isTrajectory(row.trajectory) ? row.trajectory : null;
}
