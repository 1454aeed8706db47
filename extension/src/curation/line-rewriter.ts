// Applies one CurationEdit to the raw bytes of one JSONL line, changing as few bytes as possible:
// `set-correct` swaps the `true`/`false`/`null` tokens of `solutions[i].is_correct` and
// `labels[i]` (AgentArk's PRM trainer reads `labels`, design.md "Record model"); step labels and
// notes live in the `agentark_studio` block, which is the only part re-serialized.
import { CURATION_KEY, type CurationBlock, type CurationEdit } from "../../../schemas/src/records";
import {
  JsonLineError,
  findMember,
  scanArray,
  scanObject,
  scanTopLevel,
  valueText,
  type ObjectMember,
  type ObjectScan,
} from "./json-line-scanner";
import { detectStyle, dumpValue } from "./json-line-style";
import { DEFAULT_SEPARATOR } from "../data/split-steps";

export { JsonLineError };

export interface RewriteResult {
  /** The new line content (no line terminator). */
  text: Buffer;
  /** The value the edit replaced, for the audit trail and the inverse edit. */
  before: unknown;
  /** The edit that puts `before` back. */
  inverse: CurationEdit;
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

function splice(line: Buffer, splices: Splice[]): Buffer {
  const sorted = [...splices].sort((a, b) => a.start - b.start);
  const parts: Buffer[] = [];
  let pos = 0;
  for (const s of sorted) {
    parts.push(line.subarray(pos, s.start), Buffer.from(s.text, "utf8"));
    pos = s.end;
  }
  parts.push(line.subarray(pos));
  return Buffer.concat(parts);
}

function literal(line: Buffer, start: number, end: number, what: string): boolean | null {
  const token = line.toString("latin1", start, end);
  if (token === "true") return true;
  if (token === "false") return false;
  if (token === "null") return null;
  throw new JsonLineError(`${what} is ${token.slice(0, 20)}, not true/false/null`);
}

function tokenOf(value: boolean | null): string {
  return value === null ? "null" : String(value);
}

function setCorrect(
  line: Buffer,
  top: ObjectScan,
  edit: Extract<CurationEdit, { type: "set-correct" }>,
): RewriteResult {
  const solutions = findMember(top, "solutions");
  if (!solutions) throw new JsonLineError("the line has no `solutions` (not a labeled row)");
  const items = scanArray(line, solutions.valueStart).items;
  let index = -1;
  let isCorrect: ObjectMember | undefined;
  for (let i = 0; i < items.length && index < 0; i++) {
    const item = items[i]!;
    if (line[item.start] !== 0x7b) continue;
    const solution = scanObject(line, item.start);
    const id = findMember(solution, "id");
    if (id && Number(valueText(line, id)) === edit.solutionId) {
      index = i;
      isCorrect = findMember(solution, "is_correct");
    }
  }
  if (index < 0) throw new JsonLineError(`no solution with id ${edit.solutionId}`);
  const splices: Splice[] = [];
  const value = tokenOf(edit.value);
  let before: boolean | null | undefined;
  if (isCorrect) {
    before = literal(line, isCorrect.valueStart, isCorrect.valueEnd, "is_correct");
    splices.push({ start: isCorrect.valueStart, end: isCorrect.valueEnd, text: value });
  }
  const labels = findMember(top, "labels");
  if (labels) {
    const label = scanArray(line, labels.valueStart).items[index];
    if (!label)
      throw new JsonLineError(`labels has no entry ${index} for solution ${edit.solutionId}`);
    const labelBefore = literal(line, label.start, label.end, `labels[${index}]`);
    before ??= labelBefore;
    splices.push({ start: label.start, end: label.end, text: value });
  }
  if (before === undefined)
    throw new JsonLineError(`solution ${edit.solutionId} has neither is_correct nor a label`);
  return { text: splice(line, splices), before, inverse: { ...edit, value: before } };
}

/** Reads the block; an absent block is empty. */
export function readCurationBlock(line: Buffer, top: ObjectScan): CurationBlock | undefined {
  const member = findMember(top, CURATION_KEY);
  if (!member) return undefined;
  const parsed: unknown = JSON.parse(valueText(line, member));
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new JsonLineError(`${CURATION_KEY} is not an object`);
  return parsed;
}

/**
 * The edit's `separator` is what the editor split the solution's steps on. A solution's first
 * label pins it in `separators` (when it is not the default and the row names none), so the
 * labels keep their steps when the setting or the sidecar changes and the exports split the same
 * way; its last label gone, it goes too.
 */
function withStepLabel(
  block: CurationBlock,
  edit: Extract<CurationEdit, { type: "set-step-label" }>,
): { block: CurationBlock; before: unknown } {
  const key = String(edit.solutionId);
  const labels = [...(block.step_labels?.[key] ?? [])];
  const before = labels[edit.step] ?? null;
  while (labels.length <= edit.step) labels.push(null);
  labels[edit.step] = edit.value;
  // Trailing nulls and empty maps are dropped so that undoing the last label removes the block
  // and the line returns to its original bytes.
  while (labels.length > 0 && labels[labels.length - 1] === null) labels.pop();
  const stepLabels = { ...block.step_labels };
  if (labels.length) stepLabels[key] = labels;
  else delete stepLabels[key];
  const next: CurationBlock = { ...block, step_labels: stepLabels };
  if (Object.keys(stepLabels).length === 0) delete next.step_labels;
  const separators = { ...block.separators };
  if (!labels.length) delete separators[key];
  else if (
    !block.step_labels?.[key]?.length &&
    separators[key] === undefined &&
    block.separator === undefined &&
    edit.separator !== undefined &&
    edit.separator !== DEFAULT_SEPARATOR
  )
    separators[key] = edit.separator;
  if (Object.keys(separators).length) next.separators = separators;
  else delete next.separators;
  return { block: next, before };
}

function withNote(
  block: CurationBlock,
  edit: Extract<CurationEdit, { type: "set-note" }>,
): { block: CurationBlock; before: unknown } {
  const next: CurationBlock = { ...block };
  if (edit.solutionId === null) {
    const before = block.note ?? null;
    if (edit.value === null) delete next.note;
    else next.note = edit.value;
    return { block: next, before };
  }
  const key = String(edit.solutionId);
  const before = block.notes?.[key] ?? null;
  const notes = { ...block.notes };
  if (edit.value === null) delete notes[key];
  else notes[key] = edit.value;
  next.notes = notes;
  if (Object.keys(notes).length === 0) delete next.notes;
  return { block: next, before };
}

function writeBlock(line: Buffer, top: ObjectScan, block: CurationBlock): Buffer {
  const style = detectStyle(line, top);
  const member = findMember(top, CURATION_KEY);
  const empty = Object.keys(block).length === 0;
  if (member && empty) {
    const i = top.members.indexOf(member);
    const prev = top.members[i - 1];
    const next = top.members[i + 1];
    const start = prev ? prev.valueEnd : member.keyStart;
    const end = prev ? member.valueEnd : (next?.keyStart ?? member.valueEnd);
    return splice(line, [{ start, end, text: "" }]);
  }
  if (empty) return line;
  const value = dumpValue(block, style);
  if (member)
    return splice(line, [{ start: member.valueStart, end: member.valueEnd, text: value }]);
  const last = top.members[top.members.length - 1];
  const entry = `${JSON.stringify(CURATION_KEY)}${style.keySeparator}${value}`;
  return last
    ? splice(line, [
        { start: last.valueEnd, end: last.valueEnd, text: style.itemSeparator + entry },
      ])
    : splice(line, [{ start: top.close, end: top.close, text: entry }]);
}

/** A guard against a bad index growing a label list without bound. */
const MAX_STEPS = 10_000;

/**
 * Labels and notes must name a solution the row has. Rows without a `solutions` list (inference
 * rows, whose solutions the editor splits out of `response`) are not checked.
 */
function checkSolution(line: Buffer, top: ObjectScan, solutionId: number): void {
  const solutions = findMember(top, "solutions");
  if (!solutions || line[solutions.valueStart] !== 0x5b) return;
  const items = scanArray(line, solutions.valueStart).items;
  if (items.length === 0) return;
  for (const item of items) {
    if (line[item.start] !== 0x7b) continue;
    const id = findMember(scanObject(line, item.start), "id");
    if (id && Number(valueText(line, id)) === solutionId) return;
  }
  throw new JsonLineError(`no solution with id ${solutionId}`);
}

export function rewriteLine(line: Buffer, edit: CurationEdit): RewriteResult {
  const top = scanTopLevel(line);
  switch (edit.type) {
    case "set-correct":
      return setCorrect(line, top, edit);
    case "set-step-label": {
      checkSolution(line, top, edit.solutionId);
      if (!Number.isInteger(edit.step) || edit.step < 0 || edit.step >= MAX_STEPS)
        throw new JsonLineError(`step ${edit.step} is not a step index`);
      const { block, before } = withStepLabel(readCurationBlock(line, top) ?? {}, edit);
      const inverse: CurationEdit = { ...edit, value: before as typeof edit.value };
      return { text: writeBlock(line, top, block), before, inverse };
    }
    case "set-note": {
      if (edit.solutionId !== null) checkSolution(line, top, edit.solutionId);
      const { block, before } = withNote(readCurationBlock(line, top) ?? {}, edit);
      const inverse: CurationEdit = { ...edit, value: before as string | null };
      return { text: writeBlock(line, top, block), before, inverse };
    }
  }
}

/** The row's `query`, AgentArk's join key; null when the line has none. */
export function readQuery(line: Buffer): string | null {
  const member = findMember(scanTopLevel(line), "query");
  if (!member) return null;
  const value: unknown = JSON.parse(valueText(line, member));
  return typeof value === "string" ? value : null;
}
