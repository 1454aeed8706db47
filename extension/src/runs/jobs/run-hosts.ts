// Hosts from the run file's `hosts:` block (schema in schemas/src/runs/run-file.ts), plus the
// built-in `local`, resolved to what the engine needs: a transport, a checkout, setup and env.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import {
  LOCAL_HOST,
  RunFile,
  type Host,
  type SlurmOptions,
} from "../../../../schemas/src/runs/run-file";
import { LocalTransport } from "../transport/local-transport";
import { SshTransport } from "../transport/ssh-transport";
import type { Transport } from "../transport/transport";

export interface ResolvedHost {
  readonly name: string;
  readonly checkout: string;
  readonly setup: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly scheduler: "direct" | "slurm";
  readonly slurm: SlurmOptions;
  readonly transport: Transport;
}

export interface HostContext {
  /** The workspace folder: `local`'s checkout. */
  readonly workspace: string;
  /** `-F` for ssh (tests use their own config); default: the user's ~/.ssh/config. */
  readonly sshConfigFile?: string;
}

/** The run file, parsed and checked against its schema; a missing file is an empty one. */
export function readRunFile(path: string): RunFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw err;
  }
  const parsed = RunFile.safeParse(parse(text) ?? {});
  if (!parsed.success)
    throw new Error(
      `${path}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}

export function resolveHost(
  name: string,
  hosts: Readonly<Record<string, Host>>,
  context: HostContext,
): ResolvedHost {
  const host = hosts[name];
  if (name === LOCAL_HOST && !host?.ssh) {
    return {
      name,
      checkout: host?.agentark ?? context.workspace,
      setup: lines(host?.setup),
      env: stringEnv(host?.env),
      scheduler: "direct",
      slurm: {},
      transport: new LocalTransport(),
    };
  }
  if (!host)
    throw new Error(
      `no host "${name}" in the run file (known: ${[LOCAL_HOST, ...Object.keys(hosts)].join(", ")})`,
    );
  if (!host.ssh) throw new Error(`host "${name}" has no \`ssh:\``);
  return {
    name,
    checkout: host.agentark ?? "~/AgentArk",
    setup: lines(host.setup),
    env: stringEnv(host.env),
    scheduler: host.scheduler ?? "direct",
    slurm: host.slurm ?? {},
    transport: new SshTransport({
      hostName: name,
      ssh: host.ssh,
      ...(context.sshConfigFile ? { configFile: context.sshConfigFile } : {}),
    }),
  };
}

function lines(setup: string | string[] | undefined): string[] {
  if (setup === undefined) return [];
  return (Array.isArray(setup) ? setup : [setup])
    .flatMap((s) => s.split("\n"))
    .filter((s) => s.trim());
}

function stringEnv(
  env: Record<string, string | number | boolean> | undefined,
): Record<string, string> {
  return Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, String(v)]));
}
