#!/usr/bin/env python3
"""Score every solution of an AgentArk results or labeled file step by step with a PRM.

AgentArk Studio uploads this file to ``<checkout>/.agentark-studio/prm_score.py`` and runs it in
the host's AgentArk environment (run kind ``prm-score``; flags: schemas/src/runs/kinds/prm-score.ts).
It writes the step-score sidecar the curation editor reads (schemas/src/records/step-scores.ts):
one JSON line per solution, ``{query, solution_id, separator, scores, model, threshold, low}``.
``threshold`` and ``low`` (0-based indices of steps scoring below it) are extras the editor's
schema ignores. It is one file because it travels to the host as one file.

What it mirrors (section numbers of AgentArk Studio's agentark-reference.md, AgentArk 678a89b):

* The checkpoint is what ``prm/finetune2.py`` saves (reference section 5.1): an
  ``AutoModelForTokenClassification`` with 2 labels (the ``score`` head GRPO also loads, 5.1
  "Compatibility with GRPO"), and its tokenizer loaded with ``use_fast=False`` as finetune2 does.
* The input is built as trl 0.13.0's ``PRMTrainer.tokenize_row`` builds a training row (5.1
  "How trl 0.13.0 tokenizes a row"): BOS when the tokenizer has one, the query tokenized without
  special tokens as the prompt, then each step tokenized without special tokens followed by the
  ids of ``"\\n"`` (finetune2's step separator). This is also GRPO's form (6.3): a step's ``\\n\\n``
  dropped and a single ``"\\n"`` token appended. The prompt is the row's ``query`` as it is, with
  no chat template, as finetune2 builds its rows from label.py output (5.1, data format 1); the
  steps are the text outside ``<think>`` blocks, the steps the editor shows.
* A step's score is read at the last token of its ``"\\n"``, as
  ``softmax(logits)[1] - softmax(logits)[0]`` (6.3, ``openrlhf/utils/utils.py:149-183``): in
  [-1, 1], positive when the PRM thinks the step is correct. GRPO's min-form weighting is not
  applied: the editor shows raw per-step scores.

Solutions and steps are found exactly as the curation editor finds them
(extension/src/data/parse-record.ts and its adapters), so the sidecar joins by ``query`` and
``solution_id``:

* A row with a valid ``trajectory`` (schemas/src/records/trajectory.ts): each agent's last turn,
  numbered 1..n in the order of ``agents`` (then agents seen only in turns), then ``final`` as
  n+1. A turn's own ``steps`` are scored as given.
* Otherwise a row with ``response`` or ``error`` is an inference row (reference 3): its response
  is split as label.py's ``split_solutions`` does (4.2): with ``===== Solution 1 =====`` present,
  on every ``===== Solution n =====``, blank parts dropped, renumbered 1..k; else on
  ``Solution n:`` headers keeping their numbers; with no header the whole response is solution 1.
* Otherwise a non-empty ``solutions`` list is a labeled row (4.4): ``solutions[i].id`` when it is
  a number, else i+1; the text is ``solutions[i].text``.
* A solution's ``<think>`` blocks are taken out first; the rest is split into steps on the row's
  curation separator (``agentark_studio.separator``) when it has one (the editor's step labels
  were made with it), else on ``--step_separator``. The default blank line splits on any run of
  newlines with only whitespace between them; any other separator splits on that exact string.
  Steps are trimmed and empty ones dropped.

Truncation at ``--max_length`` keeps every step's position right and the score list aligned with
the editor's steps. A sequence that is too long first loses the head of its query (BOS stays), as
far as needed for all steps to fit but never below half of ``max_length`` (or the query's own
length); then the steps that end past ``max_length`` are not scored, so ``scores`` is shorter
than the steps and the editor shows the rest unscored (trl truncates training rows the same way:
labels of steps past ``max_length`` are lost). A score that comes out NaN (overflow in half
precision) ends the list the same way. The summary counts both.

Progress goes to stdout as tqdm-style lines ``Processing samples: NN%|...| i/N`` (what the job
engine parses); malformed input lines are reported on stderr with their line number and skipped.
Exit status: 0 done, 2 bad usage or a missing input file, 1 any other failure (one line on
stderr). ``transformers`` and the checkpoint are loaded only in ``load_prm``; everything else
needs the standard library and torch (and ``--help`` needs only the standard library).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import tempfile
import time
from array import array
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

try:
    import torch
except ImportError:  # reported by main(); the pure text helpers and --help work without it
    torch = None  # type: ignore[assignment]

CURATION_KEY = "agentark_studio"
DEFAULT_SEPARATOR = "\n\n"
# finetune2's PRMConfig step_separator and GRPO's appended token (reference 5.1, 6.3).
STEP_END_TEXT = "\n"
SIDECAR_SUFFIX = ".step-scores.jsonl"
PROGRESS_DESC = "Processing samples"
ROUND_DIGITS = 6

# The editor is TypeScript: String.prototype.trim and \s use ECMAScript's whitespace, which is
# not Python's str.isspace set (JS has U+FEFF, Python has U+001C..U+001F), so spell it out.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_SPACE_CHARS = (
    "".join(chr(c) for c in range(0x2000, 0x200B))
    + "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_BLANK_LINES = re.compile("\n[" + _JS_SPACE + "]*\n")
_VLLM_FIRST_HEADER = "===== Solution 1 ====="
_VLLM_HEADER = re.compile(r"===== Solution [0-9]+ =====")
_HTTP_HEADER = re.compile(r"Solution ([0-9]+):")


def js_trim(text: str) -> str:
    """JavaScript's ``String.prototype.trim``."""
    return text.strip(_JS_SPACE_CHARS)


# ---------------------------------------------------------------------------------------------
# Reading rows


@dataclass
class ReadReport:
    rows: int = 0
    malformed: List[Tuple[int, str]] = field(default_factory=list)


def read_rows(
    path: str, report: ReadReport, warn: Callable[[str], None]
) -> Iterator[Tuple[int, dict]]:
    """The JSON-object lines of ``path`` with their 1-based numbers, as the editor reads them:
    UTF-8 (invalid bytes replaced), a BOM before line 1 skipped, ``\\r\\n`` accepted, blank lines
    ignored. Python's json accepts the NaN/Infinity tokens AgentArk's rows may hold, as the
    editor's lenient parser does. A line that is not a JSON object is reported and skipped."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            text = raw.rstrip(b"\n").rstrip(b"\r").decode("utf-8", errors="replace")
            if not text.strip(" \t"):
                continue
            try:
                value = json.loads(text)
            except ValueError as err:
                message = "not JSON: %s" % err
            else:
                if isinstance(value, dict):
                    report.rows += 1
                    yield number, value
                    continue
                message = "not a JSON object: %s" % _json_type(value)
            report.malformed.append((number, message))
            warn("%s:%d: skipped, %s" % (path, number, message))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def as_text(value: Any) -> Optional[str]:
    """The editor's ``asText``: strings as they are, numbers and booleans as JavaScript prints
    them, anything else as compact JSON, null as None."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return str(int(value)) if value.is_integer() and abs(value) < 1e21 else repr(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------------------------
# Solutions and steps (mirrors extension/src/data)


@dataclass
class Solution:
    query: str
    solution_id: float
    steps: List[str]
    separator: str


def split_think(text: str) -> str:
    """The text outside ``<think>`` blocks (extension/src/data/think-blocks.ts): text before a
    first unopened ``</think>`` is thinking, and an unclosed ``<think>`` runs to the end."""
    if "think>" not in text:
        return text
    rest = text
    close = rest.find("</think>")
    opening = rest.find("<think>")
    if close >= 0 and (opening < 0 or close < opening):
        rest = rest[close + len("</think>") :]
    out = ""
    while True:
        start = rest.find("<think>")
        if start < 0:
            break
        end = rest.find("</think>", start)
        out += rest[:start]
        if end < 0:
            rest = ""
            break
        rest = rest[end + len("</think>") :]
    return js_trim(out + rest)


def split_solutions(response: str) -> List[Tuple[float, str]]:
    """(id, text) pairs as label.py's ``split_solutions`` numbers them (reference 4.2)."""
    if _VLLM_FIRST_HEADER in response:
        parts = [js_trim(p) for p in _VLLM_HEADER.split(response)]
        return [(i + 1, p) for i, p in enumerate(p for p in parts if p)]
    headers = list(_HTTP_HEADER.finditer(response))
    if not headers:
        return [(1, js_trim(response))]
    out = []
    for k, match in enumerate(headers):
        end = headers[k + 1].start() if k + 1 < len(headers) else len(response)
        out.append((int(match.group(1)), js_trim(response[match.end() : end])))
    return out


def split_steps(text: str, separator: str = DEFAULT_SEPARATOR) -> List[str]:
    """Steps of a solution (extension/src/data/split-steps.ts): trimmed, empty ones dropped."""
    if separator == DEFAULT_SEPARATOR:
        parts = _BLANK_LINES.split(text)
    elif separator == "":
        parts = list(text)  # JavaScript's "".split("") gives the characters
    else:
        parts = text.split(separator)
    return [step for step in (js_trim(p) for p in parts) if step]


def curation_separator(row: dict) -> Optional[str]:
    """The row's curation-block separator when the block is valid (schemas/src/records/curation.ts);
    the editor ignores a block that does not parse, separator included."""
    block = row.get(CURATION_KEY)
    if not isinstance(block, dict):
        return None
    labels = block.get("step_labels", _MISSING)
    if labels is not _MISSING:
        if not isinstance(labels, dict):
            return None
        for value in labels.values():
            if not isinstance(value, list) or not all(_is_step_label(v) for v in value):
                return None
    notes = block.get("notes", _MISSING)
    if notes is not _MISSING and not (
        isinstance(notes, dict) and all(isinstance(v, str) for v in notes.values())
    ):
        return None
    for key in ("note", "separator"):
        value = block.get(key, _MISSING)
        if value is not _MISSING and not isinstance(value, str):
            return None
    separator = block.get("separator")
    return separator if isinstance(separator, str) else None


_MISSING = object()


def _is_step_label(value: Any) -> bool:
    """schemas/src/records/record-view.ts StepLabel: -1, 0, 1, "unsure" or null."""
    return value is None or value == "unsure" or (_is_number(value) and value in (-1, 0, 1))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_trajectory(value: Any) -> bool:
    """extension/src/data/is-trajectory.ts: the schema of schemas/src/records/trajectory.ts."""
    if not isinstance(value, dict) or not (
        _is_number(value.get("version")) and value["version"] == 1
    ):
        return False
    agents, rounds = value.get("agents"), value.get("rounds")
    if not isinstance(agents, list) or not isinstance(rounds, list):
        return False
    for agent in agents:
        if not isinstance(agent, dict) or not isinstance(agent.get("id"), str):
            return False
        if "role" in agent and not isinstance(agent["role"], str):
            return False
    for round_ in rounds:
        if not isinstance(round_, dict) or not _is_number(round_.get("index")):
            return False
        if not isinstance(round_.get("turns"), list) or not all(
            _is_turn(t) for t in round_["turns"]
        ):
            return False
    if "final" not in value:
        return True
    final = value["final"]
    return (
        isinstance(final, dict)
        and isinstance(final.get("content"), str)
        and ("agent" not in final or isinstance(final["agent"], str))
    )


def _is_turn(turn: Any) -> bool:
    if not isinstance(turn, dict) or not isinstance(turn.get("agent"), str):
        return False
    if not isinstance(turn.get("content"), str):
        return False
    if "answer" in turn and not (turn["answer"] is None or isinstance(turn["answer"], str)):
        return False
    if "steps" not in turn:
        return True
    if not isinstance(turn["steps"], list):
        return False
    for step in turn["steps"]:
        if not isinstance(step, dict) or not isinstance(step.get("text"), str):
            return False
        if "score" in step and not (step["score"] is None or _is_number(step["score"])):
            return False
    return True


def _final_turns(trajectory: dict) -> List[dict]:
    """Each agent's last turn, in the order ``agents`` lists them, then the others seen."""
    last: Dict[str, dict] = {}
    for round_ in sorted(trajectory["rounds"], key=lambda r: r["index"]):
        for turn in round_["turns"]:
            last[turn["agent"]] = turn
    order = [a["id"] for a in trajectory["agents"]] + list(last)
    seen = set()
    out = []
    for agent in order:
        if agent in last and agent not in seen:
            seen.add(agent)
            out.append(last[agent])
    return out


def solutions_of(row: dict, default_separator: str = DEFAULT_SEPARATOR) -> List[Solution]:
    """The solutions the editor shows for ``row``, with its ids and steps."""
    query = as_text(row.get("query")) or ""
    separator = curation_separator(row)
    if separator is None:
        separator = default_separator

    def make(solution_id: float, raw: str, given: Optional[list] = None) -> Solution:
        steps = [s["text"] for s in given] if given else split_steps(split_think(raw), separator)
        return Solution(query, _plain_number(solution_id), steps, separator)

    trajectory = row.get("trajectory")
    if _is_trajectory(trajectory):
        turns = _final_turns(trajectory)
        out = [make(i + 1, t["content"], t.get("steps")) for i, t in enumerate(turns)]
        if "final" in trajectory:
            out.append(make(len(out) + 1, trajectory["final"]["content"]))
        return out
    if "response" in row or "error" in row:
        response = as_text(row.get("response"))
        if response is None:
            return []
        return [make(i, text) for i, text in split_solutions(response)]
    listed = row.get("solutions")
    if isinstance(listed, list) and listed:
        out = []
        for i, item in enumerate(listed):
            item = item if isinstance(item, dict) else {}
            given_id = item.get("id")
            solution_id = given_id if _is_number(given_id) else i + 1
            out.append(make(solution_id, as_text(item.get("text")) or ""))
        return out
    return []


def _plain_number(value: float) -> float:
    return int(value) if isinstance(value, float) and value.is_integer() else value


# ---------------------------------------------------------------------------------------------
# Token ids and scores


@dataclass
class Encoded:
    #: An int64 array, not a list: a file of long QMSum queries holds tens of millions of tokens,
    #: and a Python int in a list costs about 36 bytes where the array needs 8.
    input_ids: Sequence[int]
    #: Index in ``input_ids`` of the last token of each scored step; a prefix of the steps.
    step_ends: List[int]
    #: Tokens cut from the head of the query to fit ``max_length``.
    prompt_cut: int = 0
    #: Steps past ``max_length``: not scored.
    steps_dropped: int = 0


def encode_solution(
    tokenizer: Any,
    query: str,
    steps: Sequence[str],
    max_length: int,
    prompt_ids: Optional[Sequence[int]] = None,
) -> Encoded:
    """Token ids of ``[BOS] query step1 \\n step2 \\n ...`` as trl's tokenize_row builds them, and
    where each step's ``\\n`` ends. ``tokenizer`` needs ``encode(text, add_special_tokens=False)``
    and ``bos_token_id``; ``prompt_ids`` are the query's ids when already known. See the module
    docstring for how ``max_length`` truncates."""
    end_ids = list(tokenizer.encode(STEP_END_TEXT, add_special_tokens=False))
    if not end_ids:
        raise ValueError("the tokenizer encodes %r to no tokens" % STEP_END_TEXT)
    bos_id = getattr(tokenizer, "bos_token_id", None)
    bos = [bos_id] if bos_id is not None else []
    if prompt_ids is None:
        prompt_ids = tokenizer.encode(query, add_special_tokens=False)
    prompt = list(prompt_ids)
    completion: List[int] = []
    ends: List[int] = []
    for step in steps:
        completion.extend(tokenizer.encode(step, add_special_tokens=False))
        completion.extend(end_ids)
        ends.append(len(completion) - 1)
    room = max_length - len(bos)
    keep = len(prompt)
    if len(prompt) + len(completion) > room:
        # Cut the query's head so every step fits, but leave it half the room at least: steps
        # scored without the question they answer would mean little.
        keep = max(room - len(completion), min(len(prompt), room // 2))
    prompt_cut = len(prompt) - keep
    prompt = prompt[prompt_cut:]
    completion_room = room - len(prompt)
    kept = [e for e in ends if e < completion_room]
    completion = completion[: kept[-1] + 1] if kept else []
    offset = len(bos) + len(prompt)
    return Encoded(
        input_ids=array("q", bos + prompt + completion),
        step_ends=[offset + e for e in kept],
        prompt_cut=prompt_cut,
        steps_dropped=len(ends) - len(kept),
    )


def encode_all(tokenizer: Any, solutions: Sequence[Solution], max_length: int) -> List[Encoded]:
    """encode_solution for each solution; a row's solutions share its query, which is tokenized
    once (a QMSum query holds a whole meeting transcript)."""
    out: List[Encoded] = []
    last: Tuple[Optional[str], List[int]] = (None, [])
    for solution in solutions:
        if last[0] != solution.query:
            last = (solution.query, tokenizer.encode(solution.query, add_special_tokens=False))
        out.append(encode_solution(tokenizer, solution.query, solution.steps, max_length, last[1]))
    return out


def step_scores_from_logits(logits: "torch.Tensor", positions: Sequence[int]) -> List[float]:
    """p(correct) - p(incorrect) at ``positions`` of one sequence's ``[seq, 2]`` logits, in
    float32 whatever the model's dtype; a non-finite score ends the list (see the docstring)."""
    if not positions:
        return []
    picked = logits[list(positions)].float()
    probs = torch.softmax(picked, dim=-1)
    diffs = (probs[:, 1] - probs[:, 0]).clamp(-1.0, 1.0).tolist()
    out = []
    for value in diffs:
        if not math.isfinite(value):
            break
        out.append(round(value, ROUND_DIGITS))
    return out


def _logits_of(output: Any) -> "torch.Tensor":
    if isinstance(output, torch.Tensor):
        return output
    logits = getattr(output, "logits", None)
    return logits if logits is not None else output[0]


def score_batch(
    model: Any, batch: Sequence[Encoded], pad_id: int, device: Any = "cpu"
) -> List[List[float]]:
    """Scores of several encoded solutions in one forward pass. Sequences are padded on the
    right: a causal model's logits at real tokens do not see the padding, and positions stay
    where they were, so a batch gives the scores each solution gets alone."""
    width = max(len(e.input_ids) for e in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, encoded in enumerate(batch):
        ids[row, : len(encoded.input_ids)] = torch.tensor(encoded.input_ids, dtype=torch.long)
        mask[row, : len(encoded.input_ids)] = 1
    with torch.no_grad():
        logits = _logits_of(model(input_ids=ids.to(device), attention_mask=mask.to(device)))
    return [step_scores_from_logits(logits[row], e.step_ends) for row, e in enumerate(batch)]


def score_all(
    model: Any,
    encoded: Sequence[Encoded],
    batch_size: int,
    pad_id: int,
    device: Any = "cpu",
    on_batch: Optional[Callable[[int], None]] = None,
) -> List[List[float]]:
    """Scores of every encoded solution, in their order. Solutions are batched longest first (an
    out-of-memory error comes with the first batch, and similar lengths waste little padding);
    solutions without a scored step need no forward pass. ``on_batch(done)`` reports progress."""
    results: List[List[float]] = [[] for _ in encoded]
    todo = sorted(
        (i for i, e in enumerate(encoded) if e.step_ends), key=lambda i: -len(encoded[i].input_ids)
    )
    done = len(encoded) - len(todo)
    if on_batch:
        on_batch(done)
    for start in range(0, len(todo), batch_size):
        chunk = todo[start : start + batch_size]
        for i, scores in zip(
            chunk, score_batch(model, [encoded[i] for i in chunk], pad_id, device)
        ):
            results[i] = scores
        done += len(chunk)
        if on_batch:
            on_batch(done)
    return results


# ---------------------------------------------------------------------------------------------
# Output


def sidecar_path_for(input_path: str) -> str:
    """``results/x_infer.jsonl`` -> ``results/x_infer.step-scores.jsonl`` (stepScoresPathFor)."""
    base = input_path[: -len(".jsonl")] if input_path.endswith(".jsonl") else input_path
    return base + SIDECAR_SUFFIX


def sidecar_line(solution: Solution, scores: Sequence[float], model: str, threshold: float) -> dict:
    return {
        "query": solution.query,
        "solution_id": solution.solution_id,
        "separator": solution.separator,
        "scores": list(scores),
        "model": model,
        "threshold": threshold,
        "low": [i for i, s in enumerate(scores) if s < threshold],
    }


def write_sidecar(path: str, lines: Iterable[dict]) -> int:
    """Writes the sidecar all at once: a temporary file beside it, flushed and fsynced, renamed
    over ``path``, so a reader sees the old file or the whole new one, never a part. Returns the
    number of lines."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(
        dir=directory, prefix="." + os.path.basename(path) + ".", suffix=".tmp"
    )
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            for line in lines:
                out.write(json.dumps(line, ensure_ascii=False, allow_nan=False) + "\n")
                count += 1
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_directory(directory)
    return count


def _mode_for(path: str) -> int:
    """The existing file's mode, else what a plain open() would give (mkstemp makes 0600)."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_directory(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems refuse fsync on a directory; the rename is still atomic
    finally:
        os.close(fd)


class Progress:
    """tqdm-style lines the job engine parses (extension/src/runs/jobs/parse-progress.ts):
    ``Processing samples:  40%|####      | 40/100 [00:12<00:18, 3.21it/s]``, one line per update
    (stdout is a log file, not a terminal)."""

    def __init__(self, total: int, out: Any = None, width: int = 20) -> None:
        self.total = total
        self.out = out or sys.stdout
        self.width = width
        self.started = time.monotonic()
        self.last_percent = -1

    def update(self, done: int) -> None:
        percent = 100 if self.total == 0 else int(100 * done / self.total)
        if percent == self.last_percent and done < self.total:
            return
        self.last_percent = percent
        filled = self.width * percent // 100
        elapsed = time.monotonic() - self.started
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (self.total - done) / rate if rate > 0 else 0.0
        self.out.write(
            "%s: %3d%%|%s%s| %d/%d [%s<%s, %.2fit/s]\n"
            % (
                PROGRESS_DESC,
                percent,
                "#" * filled,
                " " * (self.width - filled),
                done,
                self.total,
                _clock(elapsed),
                _clock(left),
                rate,
            )
        )
        self.out.flush()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return "%d:%02d:%02d" % (hours, minutes, secs) if hours else "%02d:%02d" % (minutes, secs)


# ---------------------------------------------------------------------------------------------
# Command line


class UsageError(Exception):
    """Bad flags or a missing input: exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print usage; one line is enough
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The flags of schemas/src/runs/kinds/prm-score.ts, no more (a unit test compares them)."""
    parser = _Parser(
        prog="prm_score.py",
        description="Score every solution of an AgentArk results or labeled file step by step "
        "with a PRM checkpoint and write the step-score sidecar AgentArk Studio reads.",
    )
    parser.add_argument("--input", required=True, help="results (*_infer.jsonl) or labeled file")
    parser.add_argument("--prm", required=True, help="PRM checkpoint (prm/finetune2.py output_dir)")
    parser.add_argument("--output", help="sidecar to write (default <input>.step-scores.jsonl)")
    parser.add_argument(
        "--step_separator",
        default=DEFAULT_SEPARATOR,
        help="splits a solution into steps (default: a blank line)",
    )
    parser.add_argument(
        "--batch_size", type=int, default=8, help="solutions per forward pass (default 8)"
    )
    parser.add_argument(
        "--max_length", type=int, default=8192, help="tokens per scored sequence (default 8192)"
    )
    parser.add_argument("--dtype", default="bfloat16", choices=["bfloat16", "float16", "float32"])
    parser.add_argument(
        "--threshold",
        type=float,
        default=0.0,
        help="scores below this are listed as low (default 0)",
    )
    return parser


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    args = build_parser().parse_args(list(argv))
    if args.batch_size < 1:
        raise UsageError("--batch_size must be at least 1, got %d" % args.batch_size)
    if args.max_length < 2:
        raise UsageError("--max_length must be at least 2, got %d" % args.max_length)
    if args.step_separator == "":
        raise UsageError("--step_separator must not be empty")
    if not math.isfinite(args.threshold):
        raise UsageError("--threshold must be a finite number")
    if not os.path.isfile(args.input):
        raise UsageError("no such input file: %s (in %s)" % (args.input, os.getcwd()))
    args.output = args.output or sidecar_path_for(args.input)
    if os.path.abspath(args.output) == os.path.abspath(args.input):
        raise UsageError("--output must not be the input file: %s" % args.output)
    # Checked now, not after hours of scoring: the sidecar is written beside --output.
    folder = os.path.dirname(os.path.abspath(args.output))
    if not os.path.isdir(folder):
        raise UsageError("the folder of --output does not exist: %s" % folder)
    if not os.access(folder, os.W_OK):
        raise UsageError("cannot write in the folder of --output: %s" % folder)
    return args


@dataclass
class Loaded:
    model: Any
    tokenizer: Any
    device: Any
    pad_id: int


def load_prm(path: str, dtype: str) -> Loaded:
    """The checkpoint as finetune2 saves it (module docstring); the only place transformers is
    imported. On a GPU host the model goes to the first CUDA device."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path, use_fast=False)
    model = AutoModelForTokenClassification.from_pretrained(path, torch_dtype=getattr(torch, dtype))
    labels = getattr(model.config, "num_labels", None)
    if labels != 2:
        raise RuntimeError(
            "%s has %s labels; a PRM from prm/finetune2.py has 2 (incorrect, correct)"
            % (path, labels)
        )
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model.to(device)
    model.eval()
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    return Loaded(model, tokenizer, device, pad if pad is not None else 0)


def _warn(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def run(args: argparse.Namespace, load: Callable[[str, str], Loaded] = load_prm) -> int:
    if "\\n" in args.step_separator and "\n" not in args.step_separator:
        _warn(
            "prm_score.py: --step_separator holds a backslash and n, not a newline: %r"
            % args.step_separator
        )
    report = ReadReport()
    solutions = [
        s
        for _, row in read_rows(args.input, report, _warn)
        for s in solutions_of(row, args.step_separator)
    ]
    steps = sum(len(s.steps) for s in solutions)
    print(
        "Read %d rows from %s: %d solutions, %d steps; %d malformed lines skipped"
        % (report.rows, args.input, len(solutions), steps, len(report.malformed)),
        flush=True,
    )
    if not solutions:
        _warn("prm_score.py: no solutions to score in %s; nothing written" % args.input)
        return 1
    print("Loading %s (%s)" % (args.prm, args.dtype), flush=True)
    loaded = load(args.prm, args.dtype)
    print("Tokenizing %d solutions" % len(solutions), flush=True)
    encoded = encode_all(loaded.tokenizer, solutions, args.max_length)
    progress = Progress(len(solutions))
    scores = score_all(
        loaded.model, encoded, args.batch_size, loaded.pad_id, loaded.device, progress.update
    )
    lines = (sidecar_line(s, sc, args.prm, args.threshold) for s, sc in zip(solutions, scores))
    written = write_sidecar(args.output, lines)
    scored = sum(len(sc) for sc in scores)
    cut = sum(1 for e in encoded if e.prompt_cut)
    dropped = sum(e.steps_dropped for e in encoded)
    not_finite = sum(len(e.step_ends) for e in encoded) - scored
    low = sum(1 for sc in scores for v in sc if v < args.threshold)
    print(
        "Scored %d of %d steps in %d solutions; %d below %g; %d queries cut from the left; "
        "unscored: %d steps past --max_length %d, %d from a non-finite score on"
        % (
            scored,
            steps,
            len(solutions),
            low,
            args.threshold,
            cut,
            dropped,
            args.max_length,
            not_finite,
        )
    )
    print("Wrote %d lines to %s" % (written, args.output), flush=True)
    return 0


def main(
    argv: Optional[Sequence[str]] = None, load: Callable[[str, str], Loaded] = load_prm
) -> int:
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except UsageError as err:
        _warn("prm_score.py: error: %s" % err)
        return 2
    if torch is None:
        _warn(
            "prm_score.py: error: torch is not installed in %s (activate the AgentArk environment)"
            % sys.executable
        )
        return 1
    try:
        return run(args, load)
    except KeyboardInterrupt:
        _warn("prm_score.py: interrupted; nothing written")
        return 1
    except Exception as err:  # one line for the job's log, not a traceback
        message = str(err).strip().splitlines()
        hint = (
            " (try a smaller --batch_size or --max_length)" if "out of memory" in str(err) else ""
        )
        _warn(
            "prm_score.py: error: %s: %s%s"
            % (type(err).__name__, message[0] if message else "", hint)
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
