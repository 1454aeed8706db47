/** Role names accepted by DyLAN's role map (`dylan_main.py:165-176`, `utils_mmlu.py:7-16`). */
export const DYLAN_ROLES = [
  "Assistant",
  "Mathematician",
  "Economist",
  "Psychologist",
  "Lawyer",
  "Doctor",
  "Programmer",
  "Historian",
] as const;

/** Agent roles for DyLAN on HumanEval (`utils_humaneval.py:11-18`). */
export const DYLAN_CODE_AGENT_ROLES = [
  "PythonAssistant",
  "AlgorithmDeveloper",
  "ComputerScientist",
  "Programmer",
  "CodingArtist",
  "SoftwareArchitect",
] as const;

/** Judge roles for DyLAN on HumanEval (`utils_humaneval.py:99-108`). */
export const DYLAN_CODE_JUDGE_ROLES = [
  "Passer",
  "Tester",
  "Reflector",
  "Ranker",
  "Debugger",
  "QualityManager",
] as const;

export const DYLAN_ACTIVATIONS = ["listwise", "trueskill", "window", "none"] as const;

export const MACNET_TOPOLOGIES = ["chain", "star", "tree", "net", "mlp", "random"] as const;
