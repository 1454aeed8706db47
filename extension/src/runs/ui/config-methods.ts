// What "Run inference with this config" needs to know about a method config file: which
// `--method_name` values load it, and where inference.py will write (reference §1.1, §2.2).
import { METHOD_CLASSES } from "../../../../schemas/src/method-configs/method-classes";

export interface ConfigMethods {
  /** `method2class` keys that can run with this config, best first. */
  readonly methods: readonly string[];
  /** Set when the file is not a default config: pass it as `--method_config_name`. */
  readonly configName?: string;
}

/** `.../methods/<dir>/configs/<name>.yaml` → the methods that read it; undefined elsewhere. */
export function configMethods(path: string): ConfigMethods | undefined {
  const match = /(?:^|[\\/])methods[\\/]([^\\/]+)[\\/]configs[\\/]([^\\/]+)\.ya?ml$/.exec(path);
  if (!match) return undefined;
  const [, dir = "", name = ""] = match;
  const ofDir = METHOD_CLASSES.filter((c) => c.dir === dir);
  const byDefault = ofDir.filter((c) => c.defaultConfig === name).map((c) => c.name);
  if (byDefault.length > 0) return { methods: byDefault };
  // A folder AgentArk does not know: its name is the best guess for `--method_name`.
  const methods = ofDir.length > 0 ? ofDir.map((c) => c.name) : [dir];
  return { methods, configName: name };
}

/**
 * inference.py's output path: `results/<dataset>/<model>/<method>_infer.jsonl`. A non-default
 * config gets its name in the file (`<method>_<config>_infer.jsonl`, what evaluate.py expects),
 * passed as `--output_path`, so runs with different configs do not append to one file.
 */
export function inferenceOutput(
  method: string,
  dataset: string,
  model: string,
  configName?: string,
): { path: string; explicit: boolean } {
  const stem = configName ? `${method}_${configName}` : method;
  return { path: `results/${dataset}/${model}/${stem}_infer.jsonl`, explicit: !!configName };
}
