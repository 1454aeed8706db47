import { z } from "zod";
import { DYLAN, DYLAN_HUMANEVAL, DYLAN_MATH, DYLAN_MMLU } from "./dylan";
import type { MethodClassSpec } from "./key-spec";
import { MACNET, MACNET_SRDD } from "./macnet";
import { MAV_GPQA, MAV_HUMANEVAL, MAV_MAIN, MAV_MATH, MAV_MMLU } from "./mav";
import {
  AGENTVERSE,
  AGENTVERSE_HUMANEVAL,
  AGENTVERSE_MGSM,
  AUTOGEN,
  CAMEL,
  CHATDEV_SRDD,
  COT,
  EVOMAC,
  LLM_DEBATE,
  MAD,
  MAPCODER_HUMANEVAL,
  MAPCODER_MBPP,
  SELF_CONSISTENCY,
  VANILLA,
} from "./simple-methods";

/** Every entry of AgentArk's `method2class`, in registry order (`methods/__init__.py:16-42`). */
export const METHOD_CLASSES: readonly MethodClassSpec[] = [
  VANILLA,
  COT,
  AGENTVERSE_HUMANEVAL,
  AGENTVERSE_MGSM,
  AGENTVERSE,
  LLM_DEBATE,
  DYLAN_HUMANEVAL,
  DYLAN_MATH,
  DYLAN_MMLU,
  DYLAN,
  AUTOGEN,
  CAMEL,
  EVOMAC,
  CHATDEV_SRDD,
  MACNET,
  MACNET_SRDD,
  MAD,
  MAPCODER_HUMANEVAL,
  MAPCODER_MBPP,
  SELF_CONSISTENCY,
  MAV_GPQA,
  MAV_HUMANEVAL,
  MAV_MAIN,
  MAV_MATH,
  MAV_MMLU,
];

/**
 * The zod schema of one class's config: every key it reads (required or optional, with type,
 * allowed values and range) and its cross-field rules. Unknown keys are allowed, as in AgentArk.
 */
export function methodConfigSchema(spec: MethodClassSpec) {
  const shape: Record<string, z.ZodType> = {};
  for (const key of spec.keys) {
    const described = key.schema.meta({ description: key.doc, default: key.default });
    shape[key.key] = key.required ? described : described.optional();
  }
  for (const unread of spec.unread) {
    shape[unread.key] = z
      .unknown()
      .meta({ description: unread.message, deprecated: true })
      .optional();
  }
  return z
    .looseObject(shape)
    .meta({ title: `${spec.className} (${spec.name})`, description: spec.status ?? "" })
    .superRefine((config, ctx) => {
      for (const rule of spec.rules) {
        for (const finding of rule(config)) {
          ctx.addIssue({
            code: "custom",
            message: finding.message,
            path: [...finding.path],
            params: { code: finding.code },
          });
        }
      }
    });
}
