// zod/mini: the extension bundles this file, and full zod would add ~450 KB to its bundle.
import * as z from "zod/mini";

function described<T extends z.core.$ZodType>(schema: T, description: string): T {
  z.globalRegistry.add(schema, { description });
  return schema;
}

/** Every `agentark.*` setting, parsed in one place (the extension) and sent to the server. */
export const Settings = z.object({
  "validation.enable": described(
    z._default(z.boolean(), true),
    "Check AgentArk method configs (methods/<method>/configs/*.yaml) as you type.",
  ),
  "validation.delay": described(
    z._default(z.number().check(z.int(), z.minimum(0), z.maximum(5000)), 200),
    "Milliseconds to wait after an edit before checking the config again.",
  ),
  "sources.scan": described(
    z._default(z.boolean(), true),
    "Read the workspace's AgentArk Python sources (methods/<method>/*.py) to learn the config keys a fork or a new method reads.",
  ),
  "curation.stepSeparator": described(
    z._default(z.string().check(z.minLength(1)), "\n\n"),
    "Text that separates the steps of a solution in the curation editor (AgentArk's GRPO reward splits on a blank line).",
  ),
  "curation.prmThreshold": described(
    z._default(z.number().check(z.minimum(-1), z.maximum(1)), 0),
    "PRM step scores below this count as low: they are flagged, filtered and expanded first.",
  ),
  "curation.author": described(
    z._default(z.string(), ""),
    "Name recorded in the audit trail for your edits; empty means the system user name.",
  ),
  "curation.keepLineLength": described(
    z._default(z.boolean(), true),
    "Save an edited record at its line's length on disk, by adding or removing JSON whitespace in that record only, so a save rewrites that line in place instead of every byte after it (fast on large files). Off: an edited record is written as edited, at its own length.",
  ),
  "runs.refreshSeconds": described(
    z._default(z.number().check(z.int(), z.minimum(0), z.maximum(3600)), 5),
    "Seconds between status refreshes of unfinished jobs in the Runs view; 0 refreshes only on demand.",
  ),
  "runs.hostsRefreshSeconds": described(
    z._default(z.number().check(z.int(), z.minimum(0), z.maximum(3600)), 60),
    "Seconds between probes of the hosts (reachability, checkout, Python, GPUs, disk) while the Hosts view is visible; 0 probes only on demand.",
  ),
  "runs.codeLens": described(
    z._default(z.boolean(), true),
    'Show a "Run on <host>" CodeLens above each run in agentark.runs.yaml, and "Run inference with this config" above each method config.',
  ),
  "runs.liveSync": described(
    z._default(z.boolean(), true),
    "While a job runs, mirror the `.jsonl` files of its run's `download:` list into the workspace as they grow, so they open live in the curation editor.",
  ),
  "runs.hosts": described(
    z._default(z.record(z.string(), z.unknown()), {}),
    "Your own run hosts, by name, with the fields of a host in agentark.runs.yaml (ssh, agentark, setup, env, scheduler, slurm). A host the run file declares under the same name is the run file's.",
  ),
  "runs.sshConfigFile": described(
    z._default(z.string(), ""),
    "An ssh_config file for run hosts instead of ~/.ssh/config (ssh -F). Empty: ssh's own default.",
  ),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/** What the language server acts on; sent as initializationOptions and on every change. */
export const ServerSettings = z.object({
  validationEnabled: z.boolean(),
  validationDelay: z.number().check(z.int(), z.minimum(0)),
  scanSources: z.boolean(),
  /** `agentark.runs.hosts`, each checked where it is used (one bad host does not hide the rest). */
  userHosts: z._default(z.record(z.string(), z.unknown()), {}),
});
export type ServerSettings = z.infer<typeof ServerSettings>;

export function toServerSettings(s: Settings): ServerSettings {
  return {
    validationEnabled: s["validation.enable"],
    validationDelay: s["validation.delay"],
    scanSources: s["sources.scan"],
    userHosts: s["runs.hosts"],
  };
}
