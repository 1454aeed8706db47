"""Unit tests of extension/python/prm_score.py: its pure parts with a tiny torch model built here.

Run: python3 -m unittest -v test/python/test_prm_score.py (Debian's python3-torch is enough).
test/unit/runs/prm-score-script.test.ts runs this file and sets AGENTARK_PRM_SCORE_OUT to a folder
where the end-to-end test leaves its sidecar and stdout, which the TypeScript side then reads with
the editor's own parser, schema and progress regex, so the two sides cannot drift apart.
"""

import io
import json
import math
import os
import re
import stat
import sys
import tempfile
import unittest
from contextlib import redirect_stderr, redirect_stdout
from types import SimpleNamespace

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "extension", "python"))

import prm_score  # noqa: E402

FIXTURE = os.path.join(HERE, "fixtures", "rows.jsonl")
# extension/src/runs/jobs/parse-progress.ts's BAR, as Python writes it.
PROGRESS_BAR = re.compile(
    r"([^\r\n|]*?):\s*(\d{1,3})%\|[^|\r\n]*\|\s*(\d+(?:\.\d+)?)([kMG]?)/(\d+(?:\.\d+)?)([kMG]?)"
)


class ToyTokenizer:
    """One token per character; BOS 1, pad 0; "\\n" is token 13."""

    def __init__(self, bos=True):
        self.bos_token_id = 1 if bos else None
        self.pad_token_id = 0

    def encode(self, text, add_special_tokens=True):
        assert add_special_tokens is False, "the script must not let the tokenizer add specials"
        return [3 + ord(c) % 200 for c in text]


NEWLINE = 3 + ord("\n") % 200


class ToyPrm(nn.Module):
    """A causal token classifier: position t sees only tokens 0..t. It ignores
    the attention mask on purpose, so padding placed before real tokens would change scores."""

    def __init__(self, seed=0):
        super().__init__()
        generator = torch.Generator().manual_seed(seed)
        self.embed = nn.Embedding(256, 16)
        self.head = nn.Linear(16, 2)
        with torch.no_grad():
            self.embed.weight.copy_(torch.randn(256, 16, generator=generator))
            self.head.weight.copy_(torch.randn(2, 16, generator=generator) * 3)
            self.head.bias.zero_()
        self.calls = []

    def forward(self, input_ids, attention_mask=None):
        self.calls.append(tuple(input_ids.shape))
        sums = self.embed(input_ids).cumsum(dim=1)
        count = torch.arange(1, input_ids.shape[1] + 1, dtype=torch.float32).view(1, -1, 1)
        # The mean of everything so far plus the mean of the last 6 tokens: causal, and the
        # text just before a step's "\n" moves its score.
        before = torch.cat([torch.zeros_like(sums[:, :6]), sums[:, :-6]], dim=1)[:, : sums.shape[1]]
        hidden = torch.tanh(sums / count + (sums - before) / 6)
        return SimpleNamespace(logits=self.head(hidden))


def toy_loader(model=None, tokenizer=None):
    def load(path, dtype):
        return prm_score.Loaded(model or ToyPrm(), tokenizer or ToyTokenizer(), "cpu", 0)

    return load


def by_hand(model, ids, position):
    """p1 - p0 at one position, computed without the script."""
    logits = model(torch.tensor([ids])).logits[0, position]
    p = torch.softmax(logits, dim=-1)
    return float(p[1] - p[0])


def fixture_solutions(separator=prm_score.DEFAULT_SEPARATOR):
    report = prm_score.ReadReport()
    rows = list(prm_score.read_rows(FIXTURE, report, lambda m: None))
    return [s for _, row in rows for s in prm_score.solutions_of(row, separator)]


class SplitStepsTest(unittest.TestCase):
    def test_blank_lines_split_and_whitespace_only_lines_count_as_blank(self):
        text = "One.\n\nTwo.\n \t\n\nThree.\n\n\n\n"
        self.assertEqual(prm_score.split_steps(text), ["One.", "Two.", "Three."])

    def test_a_single_newline_does_not_split(self):
        self.assertEqual(prm_score.split_steps("a\nb\n\nc"), ["a\nb", "c"])

    def test_other_separators_split_on_the_exact_string(self):
        self.assertEqual(prm_score.split_steps("a\n---\nb\n\nc", "\n---\n"), ["a", "b\n\nc"])

    def test_steps_are_trimmed_as_javascript_trims(self):
        # U+FEFF and NBSP are JavaScript whitespace; U+001C is Python whitespace only.
        self.assertEqual(prm_score.split_steps("\ufeffa\u00a0\n\n\x1cb"), ["a", "\x1cb"])

    def test_think_blocks_are_taken_out_before_splitting(self):
        self.assertEqual(prm_score.split_think("<think>x\n\ny</think>\nA.\n\nB."), "A.\n\nB.")
        self.assertEqual(prm_score.split_think("opened in the prompt</think>A."), "A.")
        self.assertEqual(prm_score.split_think("A.<think>cut off"), "A.")


class SolutionsTest(unittest.TestCase):
    def solutions(self, query):
        return [s for s in fixture_solutions() if s.query == query]

    def test_vllm_debate_drops_blank_parts_and_renumbers(self):
        got = self.solutions("debate vllm: what is 6*7?")
        self.assertEqual([s.solution_id for s in got], [1, 2, 3, 4, 5])
        self.assertEqual(got[0].steps, ["Six times seven.", "That is \\boxed{42}."])
        self.assertEqual(got[3].steps, ["Step one.", "Step two.", "Step three \\boxed{41}"])

    def test_http_headers_keep_their_numbers(self):
        got = self.solutions("debate http: 2+2?")
        self.assertEqual(
            [(s.solution_id, s.steps) for s in got],
            [(1, ["Two plus two.", "Four."]), (3, ["It is \\boxed{4}"])],
        )

    def test_labeled_rows_use_ids_and_the_curation_separator(self):
        got = self.solutions("labeled: capital of France?")
        self.assertEqual(
            [(s.solution_id, s.separator, s.steps) for s in got],
            [
                (4, "\n---\n", ["Look it up.", "It is Paris."]),
                (2, "\n---\n", ["Lyon.\n\nNo, Paris."]),
            ],
        )

    def test_an_unreadable_curation_block_is_ignored(self):
        (got,) = self.solutions("labeled: broken curation block")
        self.assertEqual((got.separator, got.steps), ("\n\n", ["A.", "B.\n---\nC."]))

    def test_trajectory_rows_number_final_turns_in_agent_order_then_final(self):
        got = self.solutions("trajectory: 3*3?")
        self.assertEqual(
            [(s.solution_id, s.steps) for s in got],
            [
                (1, ["Nine.", "\\boxed{9}"]),  # a2
                (2, ["Three threes.", "Nine."]),  # a1's own steps
                (3, ["I say 9.", "Done."]),  # a3, seen only in turns
                (4, ["All agree.", "\\boxed{9}"]),  # final
            ],
        )

    def test_queries_are_text_as_the_editor_shows_them(self):
        self.assertEqual(self.solutions("7")[0].steps, ["Seven.", "Yes."])
        self.assertEqual(prm_score.as_text(2.0), "2")
        self.assertEqual(prm_score.as_text({"a": [1, "é"]}), '{"a":[1,"é"]}')

    def test_rows_without_solutions_give_none(self):
        for query in ("error row", "unknown row"):
            self.assertEqual(self.solutions(query), [])


class ReadRowsTest(unittest.TestCase):
    def test_malformed_lines_are_reported_with_their_number_and_skipped(self):
        report = prm_score.ReadReport()
        warnings = []
        numbers = [n for n, _ in prm_score.read_rows(FIXTURE, report, warnings.append)]
        self.assertEqual(numbers, [1, 2, 3, 5, 6, 7, 10, 11, 12, 13])
        self.assertEqual([n for n, _ in report.malformed], [4, 9])
        self.assertRegex(warnings[0], r"rows\.jsonl:4: skipped, not JSON")
        self.assertRegex(warnings[1], r"rows\.jsonl:9: skipped, not a JSON object: array")

    def test_bom_crlf_and_bad_utf8_are_read_as_the_editor_reads_them(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "x_infer.jsonl")
            with open(path, "wb") as f:
                f.write(b'\xef\xbb\xbf{"query": "a"}\r\n{"query": "b\xff"}\r\n')
            rows = list(prm_score.read_rows(path, prm_score.ReadReport(), lambda m: None))
        self.assertEqual([r["query"] for _, r in rows], ["a", "b\ufffd"])


class EncodeTest(unittest.TestCase):
    def test_ids_are_bos_query_then_each_step_and_its_newline(self):
        tok = ToyTokenizer()
        enc = prm_score.encode_solution(tok, "Q?", ["ab", "c"], 100)
        expected = (
            [1]
            + tok.encode("Q?", False)
            + tok.encode("ab", False)
            + [NEWLINE]
            + tok.encode("c", False)
            + [NEWLINE]
        )
        self.assertEqual(list(enc.input_ids), expected)
        self.assertEqual(enc.step_ends, [5, 7])
        self.assertTrue(all(enc.input_ids[e] == NEWLINE for e in enc.step_ends))
        self.assertEqual((enc.prompt_cut, enc.steps_dropped), (0, 0))

    def test_no_bos_when_the_tokenizer_has_none(self):
        enc = prm_score.encode_solution(ToyTokenizer(bos=False), "Q", ["a"], 100)
        self.assertEqual(enc.step_ends, [2])
        self.assertEqual(enc.input_ids[0], ToyTokenizer().encode("Q", False)[0])

    def test_a_long_query_is_cut_from_the_left_and_every_step_is_kept(self):
        tok = ToyTokenizer()
        query = "0123456789" * 3
        enc = prm_score.encode_solution(tok, query, ["ab", "cd"], 12)
        self.assertEqual(len(enc.input_ids), 12)
        self.assertEqual(list(enc.input_ids[:6]), [1] + tok.encode(query[-5:], False))
        self.assertEqual(enc.step_ends, [8, 11])
        self.assertTrue(all(enc.input_ids[e] == NEWLINE for e in enc.step_ends))
        self.assertEqual((enc.prompt_cut, enc.steps_dropped), (25, 0))

    def test_steps_that_do_not_fit_are_dropped_from_the_end(self):
        tok = ToyTokenizer()
        enc = prm_score.encode_solution(tok, "Q?", ["aaaa", "bbbb", "cccc"], 14)
        self.assertEqual(enc.prompt_cut, 0)  # the query is short: kept whole
        self.assertEqual(enc.step_ends, [7, 12])
        self.assertEqual(enc.steps_dropped, 1)
        self.assertEqual(len(enc.input_ids), 13)  # nothing after the last scored step

    def test_query_keeps_half_the_room_when_the_steps_alone_overflow(self):
        tok = ToyTokenizer()
        enc = prm_score.encode_solution(tok, "q" * 50, ["s" * 8] * 5, 21)
        self.assertEqual(enc.prompt_cut, 40)  # (21 - 1 BOS) // 2 = 10 query tokens left
        self.assertEqual(enc.step_ends, [19])
        self.assertEqual(enc.steps_dropped, 4)
        self.assertLessEqual(len(enc.input_ids), 21)

    def test_a_rows_query_is_tokenized_once_for_all_its_solutions(self):
        tok = ToyTokenizer()
        seen = []
        encode = tok.encode
        tok.encode = lambda text, add_special_tokens=True: seen.append(text) or encode(text, False)
        solutions = fixture_solutions()
        encoded = prm_score.encode_all(tok, solutions, 4096)
        self.assertEqual(seen.count("debate vllm: what is 6*7?"), 1)
        for solution, enc in zip(solutions, encoded):
            alone = prm_score.encode_solution(ToyTokenizer(), solution.query, solution.steps, 4096)
            self.assertEqual((enc.input_ids, enc.step_ends), (alone.input_ids, alone.step_ends))

    def test_nothing_fits(self):
        enc = prm_score.encode_solution(ToyTokenizer(), "q", ["long step"], 4)
        self.assertEqual((enc.step_ends, enc.steps_dropped), ([], 1))


class ScoreTest(unittest.TestCase):
    def setUp(self):
        self.model = ToyPrm()
        self.tok = ToyTokenizer()
        self.solutions = fixture_solutions()
        self.encoded = prm_score.encode_all(self.tok, self.solutions, 4096)

    def test_a_score_is_p_correct_minus_p_incorrect_at_the_step_end(self):
        enc = self.encoded[0]
        (scores,) = prm_score.score_batch(self.model, [enc], pad_id=0)
        self.assertEqual(len(scores), len(enc.step_ends))
        for position, score in zip(enc.step_ends, scores):
            self.assertAlmostEqual(score, by_hand(self.model, enc.input_ids, position), places=5)
        self.assertGreater(max(scores) - min(scores), 0.05, "the toy PRM should tell steps apart")

    def test_scores_lie_in_minus_one_to_one(self):
        scores = prm_score.score_all(self.model, self.encoded, 4, pad_id=0)
        flat = [v for sc in scores for v in sc]
        self.assertGreater(len(flat), 20)
        self.assertTrue(all(-1.0 <= v <= 1.0 for v in flat))
        extreme = prm_score.step_scores_from_logits(
            torch.tensor([[0.0, 200.0], [200.0, 0.0]]), [0, 1]
        )
        self.assertEqual(extreme, [1.0, -1.0])

    def test_batches_give_the_scores_of_one_by_one(self):
        alone = [
            prm_score.score_batch(self.model, [e], pad_id=0)[0] if e.step_ends else []
            for e in self.encoded
        ]
        for batch_size in (2, 3, len(self.encoded)):
            self.model.calls.clear()
            batched = prm_score.score_all(self.model, self.encoded, batch_size, pad_id=0)
            self.assertTrue(any(shape[0] > 1 for shape in self.model.calls))
            for a, b in zip(alone, batched):
                self.assertEqual(len(a), len(b))
                for x, y in zip(a, b):
                    self.assertAlmostEqual(x, y, places=5)

    def test_padding_on_the_right_is_what_keeps_batches_equal(self):
        # The same check with the padding put first fails: the toy model would average it in.
        short, long_ = self.encoded[1], self.encoded[0]
        pad = len(long_.input_ids) - len(short.input_ids)
        self.assertGreater(pad, 0)
        shifted = prm_score.Encoded(
            [0] * pad + list(short.input_ids), [e + pad for e in short.step_ends]
        )
        alone = prm_score.score_batch(self.model, [short], 0)[0]
        left = prm_score.score_batch(self.model, [long_, shifted], 0)[1]
        self.assertNotAlmostEqual(alone[0], left[0], places=3)

    def test_dropped_steps_leave_the_scores_of_the_kept_ones_unchanged(self):
        steps = ["First step here.", "Second step.", "Third and last step."]
        full = prm_score.encode_solution(self.tok, "Q?", steps, 4096)
        cut = prm_score.encode_solution(self.tok, "Q?", steps, len(full.input_ids) - 3)
        self.assertEqual(cut.steps_dropped, 1)
        full_scores = prm_score.score_batch(self.model, [full], 0)[0]
        cut_scores = prm_score.score_batch(self.model, [cut], 0)[0]
        self.assertEqual(len(cut_scores), 2)
        for x, y in zip(cut_scores, full_scores):
            self.assertAlmostEqual(x, y, places=5)

    def test_a_non_finite_score_ends_the_list(self):
        logits = torch.tensor([[0.0, 1.0], [float("nan"), 0.0], [1.0, 0.0]])
        self.assertEqual(len(prm_score.step_scores_from_logits(logits, [0, 1, 2])), 1)

    def test_progress_is_reported_up_to_the_total(self):
        seen = []
        prm_score.score_all(self.model, self.encoded, 3, 0, on_batch=seen.append)
        self.assertEqual(seen[-1], len(self.encoded))
        self.assertEqual(seen, sorted(seen))


class SidecarTest(unittest.TestCase):
    def test_the_default_path_replaces_jsonl(self):
        self.assertEqual(
            prm_score.sidecar_path_for("results/x_infer.jsonl"), "results/x_infer.step-scores.jsonl"
        )
        self.assertEqual(prm_score.sidecar_path_for("data.txt"), "data.txt.step-scores.jsonl")

    def test_lines_have_the_fields_of_step_score_line(self):
        solution = prm_score.Solution("Q", 3, ["a", "b", "c"], "\n\n")
        line = prm_score.sidecar_line(solution, [0.5, -0.25, 0.0], "ckpt/prm", 0.1)
        self.assertEqual(
            line,
            {
                "query": "Q",
                "solution_id": 3,
                "separator": "\n\n",
                "scores": [0.5, -0.25, 0.0],
                "model": "ckpt/prm",
                "threshold": 0.1,
                "low": [1, 2],
            },
        )
        self.assertIsInstance(line["query"], str)
        self.assertIsInstance(line["solution_id"], int)
        self.assertTrue(all(isinstance(v, float) for v in line["scores"]))

    def test_writing_replaces_the_file_whole_and_leaves_no_temporary(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "x.step-scores.jsonl")
            with open(path, "w") as f:
                f.write("old\n")
            os.chmod(path, 0o640)
            count = prm_score.write_sidecar(path, [{"a": 1}, {"b": "é"}])
            self.assertEqual(count, 2)
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), '{"a": 1}\n{"b": "é"}\n')
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o640)
            self.assertEqual(os.listdir(tmp), ["x.step-scores.jsonl"])

    def test_a_failure_while_writing_keeps_the_old_file(self):
        def lines():
            yield {"a": 1}
            raise RuntimeError("scoring failed")

        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "x.step-scores.jsonl")
            with open(path, "w") as f:
                f.write("old\n")
            with self.assertRaises(RuntimeError):
                prm_score.write_sidecar(path, lines())
            with open(path) as f:
                self.assertEqual(f.read(), "old\n")
            self.assertEqual(os.listdir(tmp), ["x.step-scores.jsonl"])

    def test_nan_is_never_written(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(ValueError):
                prm_score.write_sidecar(os.path.join(tmp, "x.jsonl"), [{"scores": [math.nan]}])


class FlagsTest(unittest.TestCase):
    def test_the_flags_are_described_for_the_typescript_contract_check(self):
        flags = [
            {
                "name": a.dest,
                "type": getattr(a.type, "__name__", "str"),
                "default": a.default,
                "required": a.required,
                "choices": list(a.choices) if a.choices else None,
            }
            for a in prm_score.build_parser()._actions
            if a.dest != "help"
        ]
        self.assertEqual([f["name"] for f in flags][:2], ["input", "prm"])
        folder = os.environ.get("AGENTARK_PRM_SCORE_OUT")
        if folder:
            with open(os.path.join(folder, "flags.json"), "w", encoding="utf-8") as f:
                json.dump(flags, f)


class MainTest(unittest.TestCase):
    def run_main(self, argv, load=None):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = prm_score.main(argv, load or toy_loader())
        return code, out.getvalue(), err.getvalue()

    def test_scores_the_fixture_end_to_end(self):
        folder = os.environ.get("AGENTARK_PRM_SCORE_OUT")
        with tempfile.TemporaryDirectory() as tmp:
            out_dir = folder or tmp
            output = os.path.join(out_dir, "rows.step-scores.jsonl")
            code, stdout, stderr = self.run_main(
                [
                    "--input",
                    FIXTURE,
                    "--prm",
                    "ckpt/toy-prm",
                    "--output",
                    output,
                    "--batch_size",
                    "3",
                ]
            )
            self.assertEqual(code, 0, stderr)
            self.assertIn("rows.jsonl:4: skipped", stderr)
            bars = PROGRESS_BAR.findall(stdout)
            self.assertTrue(bars, stdout)
            self.assertTrue(all(desc.strip() == "Processing samples" for desc, *_ in bars))
            total = len(fixture_solutions())
            self.assertEqual(
                (bars[-1][1], bars[-1][2], bars[-1][4]), ("100", str(total), str(total))
            )
            self.assertRegex(stdout, r"Scored \d+ of \d+ steps in %d solutions; " % total)
            self.assertRegex(stdout, r"Wrote %d lines to " % total)
            with open(output, encoding="utf-8") as f:
                lines = [json.loads(line) for line in f]
            self.assertEqual(len(lines), total)
            for line in lines:
                self.assertEqual(
                    set(line) - {"threshold", "low"},
                    {"query", "solution_id", "separator", "scores", "model"},
                )
                self.assertEqual(line["model"], "ckpt/toy-prm")
                self.assertTrue(all(-1 <= v <= 1 for v in line["scores"]))
            if folder:
                with open(os.path.join(folder, "main.stdout.txt"), "w", encoding="utf-8") as f:
                    f.write(stdout)

    def test_the_default_output_sits_beside_the_input(self):
        with tempfile.TemporaryDirectory() as tmp:
            source = os.path.join(tmp, "m_infer.jsonl")
            with open(source, "w") as f:
                f.write('{"query": "q", "response": "A.\\n\\nB."}\n')
            code, _, err = self.run_main(["--input", source, "--prm", "p"])
            self.assertEqual(code, 0, err)
            self.assertTrue(os.path.isfile(os.path.join(tmp, "m_infer.step-scores.jsonl")))

    def test_a_missing_input_is_a_usage_error(self):
        code, _, err = self.run_main(["--input", "/nonexistent/x_infer.jsonl", "--prm", "p"])
        self.assertEqual(code, 2)
        self.assertIn("no such input file: /nonexistent/x_infer.jsonl", err)

    def test_bad_flags_are_usage_errors_on_one_line(self):
        for argv in (
            ["--prm", "p"],
            ["--input", FIXTURE, "--prm", "p", "--batch_size", "0"],
            ["--input", FIXTURE, "--prm", "p", "--dtype", "int8"],
            ["--input", FIXTURE, "--prm", "p", "--bogus", "1"],
            ["--input", FIXTURE, "--prm", "p", "--output", FIXTURE],
            ["--input", FIXTURE, "--prm", "p", "--output", "/nonexistent/dir/x.jsonl"],
        ):
            code, out, err = self.run_main(argv)
            self.assertEqual(code, 2, argv)
            self.assertEqual(err.count("\n"), 1, err)
            self.assertTrue(err.startswith("prm_score.py: error: "), err)

    def test_a_failing_load_is_one_line_and_writes_nothing(self):
        def load(path, dtype):
            raise OSError("%s is not a checkpoint\nsecond line" % path)

        with tempfile.TemporaryDirectory() as tmp:
            output = os.path.join(tmp, "out.jsonl")
            code, _, err = self.run_main(
                ["--input", FIXTURE, "--prm", "nope", "--output", output], load
            )
            self.assertEqual(code, 1)
            self.assertIn("prm_score.py: error: OSError: nope is not a checkpoint\n", err)
            self.assertNotIn("second line", err)
            self.assertFalse(os.path.exists(output))

    def test_no_solutions_writes_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            source = os.path.join(tmp, "e_infer.jsonl")
            with open(source, "w") as f:
                f.write('{"query": "q", "error": "boom"}\n')
            code, _, err = self.run_main(["--input", source, "--prm", "p"])
            self.assertEqual(code, 1)
            self.assertIn("no solutions to score", err)
            self.assertEqual(os.listdir(tmp), ["e_infer.jsonl"])


if __name__ == "__main__":
    unittest.main()
