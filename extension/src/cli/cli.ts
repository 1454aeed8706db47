// `agentark-studio` command line: the language server's checks and the result-file statistics
// without VS Code.
import { availableParallelism } from "node:os";
import { isLabelStatsWorker, serveLabelStatsWorker } from "../data/label-stats-parallel";
import { runExport } from "./export-command";
import { formatInspect, inspectFile } from "./inspect-command";
import { RUNS_USAGE, runRunsCommand } from "./runs-command";
import { collectConfigFiles, UsageError, validateFiles, type CliFinding } from "./validate-command";

const USAGE = `usage: agentark-studio validate [--json] <files or folders...>
       agentark-studio inspect [--json] <file.jsonl>
       agentark-studio export --to <rsft|da|prm|prm-steps|grpo> --out <path> [options] <file.jsonl>
       agentark-studio run <name> [--wait] | jobs [--json] | logs <job> [--follow] | cancel <job>

  validate   check AgentArk method configs (folders are searched for methods/*/configs/*.y?ml)
             --json: one JSON array of {file, line, column, endLine, endColumn, severity, code, message}
  inspect    statistics of an AgentArk result file (inference, labeled or trajectory rows)
             --json: one object with records, malformed [{line, message}], kinds, solutions, ...
  export     training data from a curated file, plus <out>.manifest.json (export --help for options)
  run        start a run of agentark.runs.yaml (or a command) on a host; jobs, logs, cancel follow it
             (run --help for options)

exit status: validate 0 no errors, 1 errors found; inspect 0 (malformed lines are findings);
             export 0 written, 1 failed; 2 bad usage or a missing file`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === "inspect") return inspect(rest);
  if (command === "export") return runExport(rest);
  if (
    command === "run" ||
    command === "jobs" ||
    command === "logs" ||
    command === "cancel" ||
    command === "sync"
  ) {
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(`${RUNS_USAGE}\n`);
      return 0;
    }
    return runRunsCommand(command, rest);
  }
  if (command !== "validate")
    throw new UsageError(command ? `unknown command: ${command}` : "no command given");
  const json = rest.includes("--json");
  const unknown = rest.filter((a) => a.startsWith("-") && a !== "--json");
  if (unknown.length) throw new UsageError(`unknown option: ${unknown.join(" ")}`);
  const paths = rest.filter((a) => !a.startsWith("-"));
  if (paths.length === 0) throw new UsageError("validate needs at least one file or folder");
  const files = await collectConfigFiles(paths);
  const findings = await validateFiles(files);
  process.stdout.write(
    json ? `${JSON.stringify(findings, null, 2)}\n` : human(findings, files.length),
  );
  return findings.some((f) => f.severity === "error") ? 1 : 0;
}

async function inspect(args: readonly string[]): Promise<number> {
  const unknown = args.filter((a) => a.startsWith("-") && a !== "--json");
  if (unknown.length) throw new UsageError(`unknown option: ${unknown.join(" ")}`);
  const files = args.filter((a) => !a.startsWith("-"));
  if (files.length !== 1) throw new UsageError("inspect needs exactly one file");
  // This bundle doubles as the worker script that counts part of a large file.
  const workers = { script: __filename, count: Math.min(availableParallelism(), 4) };
  const json = args.includes("--json");
  // A script reads `malformed` whole: every malformed line is listed. The summary shows the first.
  const report = await inspectFile(files[0] ?? "", {
    workers,
    ...(json ? { maxListed: Number.POSITIVE_INFINITY } : {}),
  });
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : formatInspect(report));
  return 0;
}

function human(findings: readonly CliFinding[], fileCount: number): string {
  const lines = findings.map(
    (f) => `${f.file}:${f.line}:${f.column}: ${f.severity} [${f.code}] ${f.message}`,
  );
  const count = (s: CliFinding["severity"]) => findings.filter((f) => f.severity === s).length;
  lines.push(
    `${fileCount} file${fileCount === 1 ? "" : "s"} checked: ${count("error")} errors, ${count("warning")} warnings, ${count("information") + count("hint")} notes`,
  );
  return `${lines.join("\n")}\n`;
}

if (isLabelStatsWorker()) void serveLabelStatsWorker();
else run();

function run(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      if (err instanceof UsageError) {
        process.stderr.write(`agentark-studio: ${err.message}\n\n${USAGE}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(
          `agentark-studio: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        process.exitCode = 2;
      }
    },
  );
}
