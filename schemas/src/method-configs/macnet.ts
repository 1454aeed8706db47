import {
  k,
  required,
  type CrossFieldRule,
  type KeySpec,
  type MethodClassSpec,
  type RuleFinding,
} from "./key-spec";
import { MACNET_TOPOLOGIES } from "./roles";

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** The virtual source and sink must not collide with real node ids 0..agent_num-1, nor each other. */
const nodeIdsOutsideAgents: CrossFieldRule = (config) => {
  const n = config["agent_num"];
  if (!isInt(n)) return [];
  const findings: RuleFinding[] = [];
  for (const key of ["node_in_id", "node_out_id"] as const) {
    const id = config[key];
    if (isInt(id) && id >= 0 && id < n) {
      findings.push({
        code: "node-id-collision",
        severity: "error",
        message: `\`${key}: ${id}\` collides with an agent node: ids 0..${n - 1} are the ${n} agents (\`agent_num\`). Use a negative id.`,
        path: [key],
        target: "value",
        fix: {
          kind: "set-value",
          key,
          value: key === "node_in_id" ? -1 : -2,
          title: `Set ${key} to ${key === "node_in_id" ? -1 : -2}`,
        },
      });
    }
  }
  const a = config["node_in_id"];
  const b = config["node_out_id"];
  if (isInt(a) && isInt(b) && a === b) {
    findings.push({
      code: "node-id-collision",
      severity: "error",
      message:
        "`node_in_id` and `node_out_id` are the same node: the graph's source and sink must differ.",
      path: ["node_out_id"],
      target: "value",
    });
  }
  return findings;
};

/** The mlp topology takes log2(agent_num) layers. */
const mlpNeedsTwoAgents: CrossFieldRule = (config) => {
  const n = config["agent_num"];
  if (config["topology"] !== "mlp" || !isInt(n) || n >= 2) return [];
  return [
    {
      code: "topology-agent-num",
      severity: "error",
      message: `\`topology: mlp\` needs \`agent_num\` of at least 2 (it takes log2 of the agent count); it is ${n}.`,
      path: ["topology"],
      target: "value",
    },
  ];
};

const macnetKeys = (file: string, srdd: boolean): KeySpec[] => [
  required(
    "agent_num",
    k.int(1),
    5,
    `${file}:${srdd ? 197 : 71}`,
    "Number of agent nodes, ids 0..agent_num-1.",
  ),
  required(
    "topology",
    k.oneOf(MACNET_TOPOLOGIES),
    "random",
    `${file}:${srdd ? 198 : 72}`,
    "Graph shape; any other value raises ValueError.",
    {
      values: MACNET_TOPOLOGIES,
    },
  ),
  required(
    "reverse",
    k.bool(),
    false,
    `${file}:${srdd ? 199 : 73}`,
    "Flip every edge of the graph.",
  ),
  required(
    "type",
    k.str(),
    "Travel",
    `${file}:${srdd ? 200 : 74}`,
    srdd
      ? "Key into the SRDD system-prompt table."
      : "`default` gives a generic system prompt; any other value picks a random profile from a list of 100.",
    {
      values: ["default"],
    },
  ),
  required(
    "aggregate_retry_limit",
    k.int(0),
    10,
    `${file}:${srdd ? 201 : 75}`,
    "Retries when aggregating predecessor answers.",
    srdd
      ? {}
      : {
          noEffect:
            "`aggregate_retry_limit` is read but has no effect in MacNet_Main (only MacNet_SRDD uses it). Keep the key: removing it crashes at construction.",
        },
  ),
  required(
    "aggregate_unit_num",
    k.int(0),
    2,
    `${file}:${srdd ? 202 : 76}`,
    "A node aggregates its predecessors' answers only when it has at least this many.",
  ),
  required(
    "node_in_id",
    k.int(),
    -1,
    `${file}:${srdd ? 203 : 77}`,
    "Id of the virtual source node; must lie outside 0..agent_num-1.",
  ),
  required(
    "node_out_id",
    k.int(),
    -2,
    `${file}:${srdd ? 204 : 78}`,
    "Id of the virtual sink node; must lie outside 0..agent_num-1.",
  ),
];

export const MACNET: MethodClassSpec = {
  name: "macnet",
  className: "MacNet_Main",
  dir: "macnet",
  file: "macnet_main.py",
  defaultConfig: "config_main",
  keys: macnetKeys("macnet_main.py", false),
  unread: [],
  rules: [nodeIdsOutsideAgents, mlpNeedsTwoAgents],
  status:
    "In AgentArk 678a89b nodes call `call_llm(system_prompt=...)`, which the base class does not accept; each call returns None after 5 retries (reference §0.10). A cyclic graph exits the process.",
};

export const MACNET_SRDD: MethodClassSpec = {
  ...MACNET,
  name: "macnet_srdd",
  className: "MacNet_SRDD",
  file: "macnet_srdd.py",
  keys: macnetKeys("macnet_srdd.py", true),
  status:
    "In AgentArk 678a89b the constructor reads `self.model_dict_list`, which is never set: AttributeError aborts the whole run.",
};
