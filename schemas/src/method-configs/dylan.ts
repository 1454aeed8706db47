import {
  k,
  optional,
  type CrossFieldRule,
  type MethodClassSpec,
  type RuleFinding,
} from "./key-spec";
import {
  DYLAN_ACTIVATIONS,
  DYLAN_CODE_AGENT_ROLES,
  DYLAN_CODE_JUDGE_ROLES,
  DYLAN_ROLES,
} from "./roles";

const BROKEN_CALL =
  "In AgentArk 678a89b DyLAN calls `call_llm(messages=...)`, which the base class does not accept; each call returns None after 5 retries (reference §0.10).";

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** `roles[idx]` is read for every idx < num_agents, so the list must be at least that long. */
function rolesCoverAgents(
  rolesKey: string,
  countKey: string,
  dfltCount: number,
  padWith: string,
  crashes: boolean,
): CrossFieldRule {
  return (config) => {
    const roles = config[rolesKey];
    const count = config[countKey] ?? dfltCount;
    if (!Array.isArray(roles) || !isInt(count) || count < 0) return [];
    if (roles.length < count) {
      const finding: RuleFinding = {
        code: "roles-too-short",
        severity: crashes ? "error" : "warning",
        message: crashes
          ? `\`${rolesKey}\` has ${roles.length} entries but \`${countKey}\` is ${count}: DyLAN reads \`${rolesKey}[i]\` for every agent and fails with IndexError.`
          : `\`${rolesKey}\` has ${roles.length} entries but \`${countKey}\` is ${count}: the missing entries are padded with "${padWith}".`,
        path: [rolesKey],
        target: "key",
        fix: { kind: "pad-list", key: rolesKey, item: padWith, toLength: count },
      };
      return [finding];
    }
    if (roles.length > count) {
      return [
        {
          code: "roles-extra",
          severity: "information",
          message: `\`${rolesKey}\` has ${roles.length} entries but only the first ${count} (\`${countKey}\`) are used; the rest are ignored.`,
          path: [rolesKey, count],
          target: "value",
          fix: { kind: "trim-list", key: rolesKey, toLength: count },
        },
      ];
    }
    return [];
  };
}

const rankerLimit: CrossFieldRule = (config) => {
  const n = config["num_agents"];
  if (!isInt(n) || n <= 7) return [];
  return [
    {
      code: "runtime-hazard",
      severity: "information",
      message: `With ${n} agents the listwise ranker cannot name agents above 7 (it parses digits 1-7), so ranking degrades.`,
      path: ["num_agents"],
      target: "value",
    },
  ];
};

const randomSeed = (file: string, line: number, used = true) =>
  optional(
    "random_seed",
    k.int(),
    0,
    `${file}:${line}`,
    used
      ? "Seed passed to `random.seed` at the start of every sample."
      : "Stored but never used (the module never calls `random`).",
  );

const numRounds = (file: string, line: number) =>
  optional(
    "num_rounds",
    k.intAbove(2),
    3,
    `${file}:${line}`,
    "Number of rounds; DyLAN asserts `num_rounds > 2`.",
  );

const activation = (file: string, line: number, doc: string) =>
  optional("activation", k.oneOf(DYLAN_ACTIVATIONS), "listwise", `${file}:${line}`, doc, {
    values: DYLAN_ACTIVATIONS,
  });

export const DYLAN: MethodClassSpec = {
  name: "dylan",
  className: "DyLAN_Main",
  dir: "dylan",
  file: "dylan_main.py",
  defaultConfig: "config_main",
  keys: [
    randomSeed("dylan_main.py", 25),
    optional("num_agents", k.int(1), 4, "dylan_main.py:26", "Number of agents in the network."),
    numRounds("dylan_main.py", 27),
    activation(
      "dylan_main.py",
      28,
      "Agent-importance activation. Only `listwise` changes behaviour (the ranker runs when there are more than 3 agents); the others are accepted and ignored. Any other value raises KeyError.",
    ),
    optional(
      "roles",
      k.listOf(DYLAN_ROLES),
      ["Assistant", "Assistant", "Assistant", "Assistant"],
      "dylan_main.py:29",
      "Role of each agent; at least `num_agents` entries, extra entries ignored.",
      {
        itemValues: DYLAN_ROLES,
      },
    ),
  ],
  unread: [
    { key: "debug", message: "`debug` has no effect: DyLAN_Main never reads it." },
    {
      key: "type",
      message:
        '`type` has no effect: DyLAN_Main never reads it (the question type is fixed to "open-ended").',
    },
  ],
  rules: [rolesCoverAgents("roles", "num_agents", 4, "Assistant", true), rankerLimit],
  status: BROKEN_CALL,
};

export const DYLAN_MATH: MethodClassSpec = {
  name: "dylan_math",
  className: "DyLAN_MATH",
  dir: "dylan",
  file: "dylan_math.py",
  defaultConfig: "config_math",
  keys: [
    randomSeed("dylan_math.py", 20, false),
    optional(
      "num_agents",
      k.int(1),
      4,
      "dylan_math.py:21",
      "Number of agents. Rank parsing only understands 1-4, so keep it at 4.",
      {
        hazards: [
          {
            when: (v) => typeof v === "number" && v !== 4,
            message:
              "DyLAN_MATH's rank parsing only understands agents 1-4 and clips indices to 0..3: fewer than 4 agents risks IndexError, more are never ranked.",
            saferValue: 4,
          },
        ],
      },
    ),
    optional(
      "mode",
      k.oneOf(["simple", "complex"]),
      "complex",
      "dylan_math.py:22",
      "Few-shot examples: `simple` arithmetic or `complex` step-by-step.",
      {
        values: ["simple", "complex"],
      },
    ),
  ],
  unread: [
    {
      key: "agents",
      renameTo: "num_agents",
      message: "`agents` has no effect: DyLAN_MATH reads `num_agents` (default 4), not `agents`.",
    },
  ],
  rules: [],
  status: BROKEN_CALL,
};

export const DYLAN_MMLU: MethodClassSpec = {
  name: "dylan_mmlu",
  className: "DyLAN_MMLU",
  dir: "dylan",
  file: "dylan_mmlu.py",
  defaultConfig: "config_mmlu",
  keys: [
    randomSeed("dylan_mmlu.py", 16),
    optional(
      "roles",
      k.listOf(DYLAN_ROLES, 1),
      ["Assistant", "Mathematician", "Economist", "Psychologist"],
      "dylan_mmlu.py:17",
      "Role of each agent; the number of roles is the number of agents.",
      {
        itemValues: DYLAN_ROLES,
      },
    ),
    numRounds("dylan_mmlu.py", 18),
    activation(
      "dylan_mmlu.py",
      19,
      "Looked up in ACTIVATION_MAP (an unknown value raises KeyError); otherwise unused.",
    ),
    optional(
      "type",
      k.str(),
      "single_choice",
      "dylan_mmlu.py:20",
      "Question type (`single_choice` or `math_exp`).",
      {
        values: ["single_choice", "math_exp"],
        noEffect: "`type` is read but has no effect: DyLAN_MMLU stores it and never uses it.",
      },
    ),
  ],
  unread: [],
  rules: [],
  status: BROKEN_CALL,
};

export const DYLAN_HUMANEVAL: MethodClassSpec = {
  name: "dylan_humaneval",
  className: "DyLAN_HumanEval",
  dir: "dylan",
  file: "dylan_humaneval.py",
  defaultConfig: "config_humaneval",
  keys: [
    randomSeed("dylan_humaneval.py", 23),
    optional("num_agents", k.int(1), 4, "dylan_humaneval.py:24", "Number of coding agents."),
    optional(
      "agent_roles",
      k.listOf(DYLAN_CODE_AGENT_ROLES),
      ["PythonAssistant", "PythonAssistant", "PythonAssistant", "PythonAssistant"],
      "dylan_humaneval.py:25",
      "Role of each coding agent; padded with PythonAssistant or truncated to `num_agents`.",
      {
        itemValues: DYLAN_CODE_AGENT_ROLES,
      },
    ),
    optional("num_judges", k.int(0), 4, "dylan_humaneval.py:26", "Number of judges."),
    optional(
      "judge_roles",
      k.listOf(DYLAN_CODE_JUDGE_ROLES),
      ["Tester", "Tester", "Tester", "Tester"],
      "dylan_humaneval.py:27",
      "Role of each judge; padded with Tester or truncated to `num_judges`.",
      {
        itemValues: DYLAN_CODE_JUDGE_ROLES,
      },
    ),
    numRounds("dylan_humaneval.py", 28),
    optional(
      "activation",
      k.str(),
      "listwise",
      "dylan_humaneval.py:29",
      "Stored but unused by DyLAN_HumanEval.",
      {
        values: DYLAN_ACTIVATIONS,
        noEffect:
          "`activation` is read but has no effect: DyLAN_HumanEval stores it and never uses it.",
      },
    ),
  ],
  unread: [{ key: "qtype", message: "`qtype` has no effect: DyLAN_HumanEval never reads it." }],
  rules: [
    rolesCoverAgents("agent_roles", "num_agents", 4, "PythonAssistant", false),
    rolesCoverAgents("judge_roles", "num_judges", 4, "Tester", false),
  ],
  status: BROKEN_CALL,
};
