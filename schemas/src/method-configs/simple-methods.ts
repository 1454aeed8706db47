import { k, required, type MethodClassSpec } from "./key-spec";

const BROKEN_CALL =
  "In AgentArk 678a89b this method calls `call_llm` with arguments the base class does not accept; each call returns None after 5 retries (reference §0.10).";

export const LLM_DEBATE: MethodClassSpec = {
  name: "llm_debate",
  className: "LLM_Debate_Main",
  dir: "llm_debate",
  file: "llm_debate_main.py",
  defaultConfig: "config_main",
  keys: [
    required(
      "rounds_num",
      k.int(1),
      2,
      "llm_debate_main.py:141",
      "Number of debate rounds. Round 0 answers independently; each later round shows every agent the others' previous answers.",
      {
        drift: "AgentArk's README calls this `num_rounds`; the code reads `rounds_num`.",
      },
    ),
  ],
  unread: [
    {
      key: "agents_num",
      message:
        "`agents_num` has no effect: LLM_Debate_Main never reads it (the line is commented out) and always runs 5 agents.",
    },
    {
      key: "num_agents",
      readme: true,
      message:
        "`num_agents` is what AgentArk's README documents, but LLM_Debate_Main reads no agent count: it always runs 5 agents.",
    },
    {
      key: "num_rounds",
      readme: true,
      renameTo: "rounds_num",
      message:
        "`num_rounds` is what AgentArk's README documents, but LLM_Debate_Main reads `rounds_num`.",
    },
  ],
  rules: [],
  status:
    "Runs in sequential, vLLM and modal modes; the only method that works with `--use_vllm`. `--tensor_parallel_size` has no effect: set CUDA_VISIBLE_DEVICES.",
};

const agentverseKeys = (file: string) => [
  required("max_turn", k.int(1), 3, `${file}:17`, "Maximum number of solve-critique turns."),
  required(
    "cnt_agents",
    k.int(1),
    2,
    `${file}:18`,
    "Number of agents: agent 0 solves, agents 1..n-1 criticize.",
  ),
  required("max_criticizing_rounds", k.int(0), 3, `${file}:19`, "Maximum critic rounds per turn."),
];

export const AGENTVERSE: MethodClassSpec = {
  name: "agentverse",
  className: "AgentVerse_Main",
  dir: "agentverse",
  file: "agentverse_main.py",
  defaultConfig: "config_main",
  keys: agentverseKeys("agentverse_main.py"),
  unread: [],
  rules: [],
  status:
    "Runs in sequential HTTP mode (the role-assigner and evaluator outputs are parsed strictly).",
};

export const AGENTVERSE_MGSM: MethodClassSpec = {
  ...AGENTVERSE,
  name: "agentverse_mgsm",
  className: "AgentVerse_MGSM",
  file: "agentverse_mgsm.py",
  defaultConfig: "config_mgsm",
  keys: agentverseKeys("agentverse_mgsm.py"),
  status: BROKEN_CALL,
};

export const AGENTVERSE_HUMANEVAL: MethodClassSpec = {
  ...AGENTVERSE,
  name: "agentverse_humaneval",
  className: "AgentVerse_HumanEval",
  file: "agentverse_humaneval.py",
  defaultConfig: "config_humaneval",
  keys: agentverseKeys("agentverse_humaneval.py"),
  status:
    "Defines no `inference()`: every sample becomes an `error` record (TypeError on `extra_body`).",
};

export const AUTOGEN: MethodClassSpec = {
  name: "autogen",
  className: "AutoGen_Main",
  dir: "autogen",
  file: "autogen_main.py",
  defaultConfig: "config_main",
  keys: [
    required(
      "max_turn",
      k.int(1),
      3,
      "autogen_main.py:16",
      "Maximum number of conversation turns.",
    ),
    required(
      "is_termination_msg",
      k.str(),
      "TERMINATE",
      "autogen_main.py:17",
      "A reply containing this text ends the conversation (substring test).",
    ),
    required(
      "code_execute",
      k.bool(),
      false,
      "autogen_main.py:18",
      "Execute python/sh code blocks extracted from replies.",
      {
        hazards: [
          {
            when: (v) => v === true,
            message:
              "`code_execute: true` runs code written by the model on the host (`exec` and `subprocess.run(shell=True)`), with the job's permissions.",
            saferValue: false,
          },
        ],
      },
    ),
  ],
  unread: [],
  rules: [],
  status: BROKEN_CALL,
};

export const CAMEL: MethodClassSpec = {
  name: "camel",
  className: "CAMEL_Main",
  dir: "camel",
  file: "camel_main.py",
  defaultConfig: "config_main",
  keys: [
    required("chat_turn_limit", k.int(1), 3, "camel_main.py:19", "Maximum user/assistant turns."),
    required(
      "assistant_role",
      k.str(),
      "Postdoc",
      "camel_main.py:20",
      "Role name of the assistant agent.",
    ),
    required(
      "user_role",
      k.str(),
      "PhD Student",
      "camel_main.py:21",
      "Role name of the user agent.",
    ),
    required(
      "with_critic",
      k.bool(),
      true,
      "camel_main.py:22",
      "Add a critic that picks among the proposals.",
    ),
    required(
      "option_num",
      k.int(1),
      1,
      "camel_main.py:23",
      "Proposals per turn (the OpenAI `n`); the critic's reply number indexes them.",
    ),
    required(
      "critic_role",
      k.str(),
      "Professor",
      "camel_main.py:24",
      "Role name of the critic (used only with `with_critic`).",
    ),
  ],
  unread: [],
  rules: [],
  status: "Runs (own OpenAI client).",
};

export const EVOMAC: MethodClassSpec = {
  name: "evomac",
  className: "EvoMAC_Main",
  dir: "evomac",
  file: "evomac_main.py",
  defaultConfig: "config_main",
  keys: [
    required("iteration", k.int(1), 5, "evomac_main.py:18", "Number of evolve iterations."),
    required(
      "language",
      k.str(),
      "python",
      "evomac_main.py:19",
      "Programming language interpolated into the prompts.",
    ),
  ],
  unread: [],
  rules: [],
  status: BROKEN_CALL,
};

export const CHATDEV_SRDD: MethodClassSpec = {
  name: "chatdev_srdd",
  className: "ChatDev_SRDD",
  dir: "chatdev",
  file: "chatdev_srdd.py",
  defaultConfig: "config_srdd",
  keys: [
    required(
      "gui_design",
      k.bool(),
      true,
      "chatdev_srdd.py:20",
      "Enable the Test phase (runs the generated software and may `pip install` missing modules).",
    ),
  ],
  unread: [],
  rules: [],
  status: BROKEN_CALL,
};

export const MAD: MethodClassSpec = {
  name: "mad",
  className: "MAD_Main",
  dir: "mad",
  file: "mad_main.py",
  defaultConfig: "config_main",
  keys: [
    required("num_players", k.int(1), 3, "mad_main.py:19", "Number of players.", {
      noEffect:
        "`num_players` is read but has no effect: MAD always uses 3 players (Affirmative, Negative, Moderator). Keep the key: removing it crashes MAD_Main at construction.",
    }),
    required("max_round", k.int(1), 3, "mad_main.py:20", "Maximum debate rounds."),
  ],
  unread: [],
  rules: [],
  status: BROKEN_CALL,
};

const mapcoderKeys = (file: string) => [
  required(
    "k",
    k.int(1, 9),
    3,
    `${file}:14`,
    "Number of retrieved exemplars (1-9: it indexes a number-word map).",
  ),
  required("t", k.int(0), 5, `${file}:15`, "Number of improvement iterations."),
  required(
    "language",
    k.str(),
    "Python3",
    `${file}:16`,
    "Programming language named in the prompts.",
  ),
];

export const MAPCODER_HUMANEVAL: MethodClassSpec = {
  name: "mapcoder_humaneval",
  className: "MapCoder_HumanEval",
  dir: "mapcoder",
  file: "mapcoder_humaneval.py",
  defaultConfig: "config_main",
  keys: mapcoderKeys("mapcoder_humaneval.py"),
  unread: [],
  rules: [],
  status: BROKEN_CALL,
};

export const MAPCODER_MBPP: MethodClassSpec = {
  ...MAPCODER_HUMANEVAL,
  name: "mapcoder_mbpp",
  className: "MapCoder_MBPP",
  file: "mapcoder_mbpp.py",
  keys: mapcoderKeys("mapcoder_mbpp.py"),
};

export const SELF_CONSISTENCY: MethodClassSpec = {
  name: "self_consistency",
  className: "SelfConsistency",
  dir: "self_consistency",
  file: "self_consistency_main.py",
  defaultConfig: "config_main",
  keys: [
    required(
      "parallel_num",
      k.int(1),
      5,
      "self_consistency_main.py:10",
      "Number of independent samples before the final (A-D) decision.",
    ),
  ],
  unread: [],
  rules: [],
  status:
    "Runs in sequential HTTP mode (final answer constrained to A-D); crashes with `--use_vllm`.",
};

export const VANILLA: MethodClassSpec = {
  name: "vanilla",
  className: "MAS",
  dir: "mas_base",
  file: "mas_base.py",
  defaultConfig: null,
  keys: [],
  unread: [],
  rules: [],
  status: "Loads no config unless `--method_config_name` is given, and then reads no key.",
};

export const COT: MethodClassSpec = {
  name: "cot",
  className: "CoT",
  dir: "cot",
  file: "cot_main.py",
  defaultConfig: null,
  keys: [],
  unread: [],
  rules: [],
  ignoresConfig: true,
  status: "Ignores `--method_config_name`: no config is loaded.",
};
