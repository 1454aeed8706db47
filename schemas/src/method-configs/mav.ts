import { k, required, type MethodClassSpec } from "./key-spec";

const mavKeys = (file: string, verifiers: number) => [
  required("vera_temp", k.number(), 0.0, `${file}:19`, "Temperature of the verifier calls.", {
    hazards: [
      {
        when: (v: unknown) => v === 0,
        message:
          "`vera_temp: 0.0` has no effect: `call_llm` uses `temperature or self.model_temperature`, and 0.0 is falsy, so the model temperature is used instead.",
      },
    ],
  }),
  required("n_solutions", k.int(1), 2, `${file}:20`, "Candidate solutions generated per query."),
  required(
    "n_max_verifiers",
    k.int(1),
    2,
    `${file}:21`,
    `Verifiers used per solution (the shuffled list has ${verifiers} for this class).`,
  ),
];

const mav = (
  name: string,
  className: string,
  file: string,
  verifiers: number,
): MethodClassSpec => ({
  name,
  className,
  dir: "mav",
  file,
  defaultConfig: "config",
  keys: mavKeys(file, verifiers),
  unread: [],
  rules: [],
  status:
    "In AgentArk 678a89b the approval call passes `messages=`, returns None, and `extract_verifier_approval(None)` raises.",
});

export const MAV_GPQA = mav("mav_gpqa", "MAV_GPQA", "mav_gpqa.py", 5);
export const MAV_HUMANEVAL = mav("mav_humaneval", "MAV_HumanEval", "mav_humaneval.py", 9);
export const MAV_MAIN = mav("mav_main", "MAV_Main", "mav_main.py", 8);
export const MAV_MATH = mav("mav_math", "MAV_MATH", "mav_math.py", 6);
export const MAV_MMLU = mav("mav_mmlu", "MAV_MMLU", "mav_mmlu.py", 7);
