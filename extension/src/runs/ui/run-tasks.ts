// Runs as tasks (`{"type": "agentark", "run": "<name>"}` in tasks.json): the task submits the run
// and follows its log in the terminal. Closing the terminal stops following, never the job.
import * as vscode from "vscode";
import { RUN_FILE_NAME, type RunFile } from "../../../../schemas/src/runs/run-file";
import type { JobEngine } from "../jobs/job-engine";
import type { JobRecord } from "../jobs/job-registry";
import type { LogFollower } from "../jobs/log-follower";

export const TASK_TYPE = "agentark";

interface RunTaskDefinition extends vscode.TaskDefinition {
  readonly run: string;
}

export interface RunTaskHost {
  submit(name: string): Promise<JobRecord | undefined>;
  engine(): JobEngine;
  refresh(): Promise<void>;
}

export class RunTasks {
  constructor(private readonly host: RunTaskHost) {}

  provide(file: RunFile): vscode.Task[] {
    return Object.keys(file.runs ?? {}).map((run) => this.task({ type: TASK_TYPE, run }));
  }

  resolve(task: vscode.Task): vscode.Task | undefined {
    const def = task.definition as Partial<RunTaskDefinition>;
    if (typeof def.run !== "string") return undefined;
    return this.task({ ...task.definition, type: TASK_TYPE, run: def.run }, task.scope);
  }

  private task(def: RunTaskDefinition, scope?: vscode.Task["scope"]): vscode.Task {
    const task = new vscode.Task(
      def,
      scope ?? vscode.TaskScope.Workspace,
      def.run,
      TASK_TYPE,
      new vscode.CustomExecution(() => Promise.resolve(new RunTerminal(this.host, def.run))),
    );
    task.detail = `run ${def.run} from ${RUN_FILE_NAME}`;
    return task;
  }
}

class RunTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private follower: LogFollower | undefined;

  constructor(
    private readonly host: RunTaskHost,
    private readonly run: string,
  ) {}

  open(): void {
    void this.start().then(
      (code) => this.closer.fire(code),
      (err: unknown) => {
        this.write(`\n${err instanceof Error ? err.message : String(err)}\n`);
        this.closer.fire(1);
      },
    );
  }

  private async start(): Promise<number> {
    const record = await this.host.submit(this.run);
    if (!record) {
      this.write(`run ${this.run} was not started\n`);
      return 1;
    }
    this.write(`job ${record.id} on ${record.host}\n`);
    const engine = this.host.engine();
    this.follower = engine.follow(record.id, {
      onData: (chunk) => this.write(chunk.toString("utf8")),
    });
    await this.follower.run();
    const state = (await engine.refresh([record.id])).states.get(record.id);
    await this.host.refresh();
    this.write(`\njob ${record.id} ${state?.status ?? "ended"}\n`);
    return state?.status === "succeeded" ? 0 : (state?.exitCode ?? 1);
  }

  private write(text: string): void {
    this.writer.fire(text.replace(/\r?\n/g, "\r\n"));
  }

  close(): void {
    this.follower?.stop();
  }
}
