/**
 * `method2class` keys of AgentArk as shipped, in registry order (`methods/__init__.py:16-42`); the
 * order decides method-name resolution. Kept apart from `method-configs/` (full zod) so the
 * extension bundle stays on zod/mini; a unit test keeps the two lists equal.
 */
export const AGENTARK_METHODS = [
  "vanilla",
  "cot",
  "agentverse_humaneval",
  "agentverse_mgsm",
  "agentverse",
  "llm_debate",
  "dylan_humaneval",
  "dylan_math",
  "dylan_mmlu",
  "dylan",
  "autogen",
  "camel",
  "evomac",
  "chatdev_srdd",
  "macnet",
  "macnet_srdd",
  "mad",
  "mapcoder_humaneval",
  "mapcoder_mbpp",
  "self_consistency",
  "mav_gpqa",
  "mav_humaneval",
  "mav_main",
  "mav_math",
  "mav_mmlu",
] as const;
