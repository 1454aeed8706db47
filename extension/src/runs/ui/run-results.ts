// A job's results in the workspace: the `.jsonl` files of its run's `download:` list mirrored
// live while it runs (so the curation editor shows records as they arrive), everything fetched
// when it succeeds, and opened on request. Local jobs write straight into the workspace.
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import type { RunFile } from "../../../../schemas/src/runs/run-file";
import type { JobEngine } from "../jobs/job-engine";
import type { JobRecord } from "../jobs/job-registry";
import { isFinished, type JobStatus } from "../jobs/job-state";
import { FileFollower } from "../sync/follow-file";
import { describeKept, type KeptCuration } from "../sync/keep-curated";
import {
  describeKeptBeforeJob,
  describePutBack,
  settleEndedJobs,
  type JobSettlement,
} from "../sync/kept-for-jobs";
import { localUserName } from "../../util/user-name";
import { checkoutIsWorkspace, download } from "../sync/rsync-sync";
import type { Log } from "../../util/log";

/** The curation editor's view type for any `.jsonl` (dist/runs.js does not load the editor). */
const CURATION_EDITOR = "agentark.curationEditor.anyJsonl";

export interface RunResultsDeps {
  readonly workspace: () => string | undefined;
  readonly runFile: () => RunFile;
  readonly engine: (file: RunFile) => JobEngine;
  readonly liveSync: () => boolean;
  readonly log: Log;
}

interface Follow {
  readonly followers: FileFollower[];
  readonly done: Promise<void>;
  /** Resolves with the first file that got records, or undefined when following ended. */
  readonly firstData: Promise<string | undefined>;
}

export class RunResults implements vscode.Disposable {
  private readonly follows = new Map<string, Follow>();
  /** Jobs whose files were fetched after they succeeded. */
  private readonly fetched = new Map<string, Promise<string[]>>();
  private settling: Promise<void> = Promise.resolve();

  constructor(private readonly deps: RunResultsDeps) {}

  /** Checkout-relative files the job's run brings back (`download:`). */
  downloads(job: JobRecord, file: RunFile = this.deps.runFile()): string[] {
    return job.run ? [...(file.runs?.[job.run]?.download ?? [])] : [];
  }

  /**
   * Starts mirroring the job's growing `.jsonl` downloads, once per job; no-op where the host's
   * checkout is the workspace (`local` by default), whose jobs write there themselves.
   */
  follow(job: JobRecord): void {
    const ws = this.deps.workspace();
    if (!ws || isFinished(job.status) || this.follows.has(job.id)) return;
    if (!this.deps.liveSync()) return;
    const file = this.deps.runFile();
    const paths = this.downloads(job, file).filter((p) => p.endsWith(".jsonl"));
    if (paths.length === 0) return;
    const engine = this.deps.engine(file);
    const target = engine.host(job.host);
    // The job writes into the workspace itself: nothing to mirror.
    if (checkoutIsWorkspace(target, ws)) return;
    const isDone = async (): Promise<boolean> => {
      const state = (await engine.refresh([job.id])).states.get(job.id);
      return state ? isFinished(state.status) : false;
    };
    let arrived: (path: string) => void = () => undefined;
    const data = new Promise<string>((resolve) => (arrived = resolve));
    const followers = paths.map(
      (remotePath) =>
        new FileFollower({
          target,
          remotePath,
          localRoot: ws,
          jobId: job.id,
          isDone,
          intervalMs: 1000,
          onAppend: () => arrived(join(ws, remotePath)),
          onError: (err) =>
            this.deps.log.warn(`runs: ${job.id}: following ${remotePath}: ${message(err)}`),
        }),
    );
    const done = Promise.all(
      followers.map((f, i) =>
        f.run().then(
          (result) => result && announceKept(ws, result.kept),
          (err: unknown) => {
            this.deps.log.warn(
              `runs: ${job.id}: live sync of ${paths[i]} stopped: ${message(err)}`,
            );
          },
        ),
      ),
    ).then(() => undefined);
    const firstData = Promise.race([data, done.then(() => undefined)]);
    this.follows.set(job.id, { followers, done, firstData });
  }

  /**
   * After the job succeeded: waits for its live followers' final sync and downloads the rest,
   * with progress. Returns the workspace paths of the files that are there.
   */
  fetch(job: JobRecord): Promise<string[]> {
    let fetched = this.fetched.get(job.id);
    if (!fetched) {
      fetched = this.doFetch(job);
      this.fetched.set(job.id, fetched);
    }
    return fetched;
  }

  private async doFetch(job: JobRecord): Promise<string[]> {
    const ws = this.deps.workspace();
    if (!ws) return [];
    const file = this.deps.runFile();
    const paths = this.downloads(job, file);
    if (paths.length === 0) return [];
    const live = this.follows.get(job.id);
    await live?.done;
    const rest = paths.filter((p) => !live || !p.endsWith(".jsonl") || !existsSync(join(ws, p)));
    const target = this.deps.engine(file).host(job.host);
    if (rest.length > 0 && !checkoutIsWorkspace(target, ws))
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Bringing back the results of ${job.run ?? job.id} from ${job.host}`,
          cancellable: true,
        },
        async (_progress, token) => {
          const abort = new AbortController();
          const sub = token.onCancellationRequested(() => abort.abort());
          try {
            const result = await download(target, rest, ws, {
              jobId: job.id,
              signal: abort.signal,
            });
            announceKept(ws, result.kept);
          } finally {
            sub.dispose();
          }
        },
      );
    return paths.map((p) => join(ws, p)).filter((p) => existsSync(p));
  }

  /** A curated file a run about to start will rewrite was moved aside: where it is. */
  tellKept(kept: KeptCuration, runName: string): void {
    const ws = this.deps.workspace();
    void vscode.window
      .showInformationMessage(describeKeptBeforeJob(kept, runName), OPEN_KEPT)
      .then((pick) => {
        if (ws && pick === OPEN_KEPT) void openResult(vscode.Uri.file(join(ws, kept.keptPath)));
      });
  }

  /**
   * Settles the kept files of jobs that have ended (kept-for-jobs.ts): the person's work goes onto
   * the files the jobs wrote, or their files go back in place. One pass at a time.
   */
  settleEnded(statusOf: (jobId: string) => JobStatus | undefined): Promise<void> {
    const ws = this.deps.workspace();
    if (!ws) return Promise.resolve();
    // A failed pass (reported by the caller) does not stop the next one.
    const pass = this.settling.then(async () => {
      for (const s of await settleEndedJobs(ws, statusOf, localUserName())) this.tellSettled(s);
    });
    this.settling = pass.catch(() => undefined);
    return pass;
  }

  tellSettled(settlement: JobSettlement): void {
    const ws = this.deps.workspace();
    for (const line of describePutBack(settlement)) void vscode.window.showInformationMessage(line);
    if (ws) announceKept(ws, settlement.carried);
  }

  /**
   * Opens the job's results: `.jsonl` files in the curation editor, others as text. While the
   * job runs, its mirrored `.jsonl` opens as it grows (the editor shows appended records).
   */
  async open(job: JobRecord): Promise<void> {
    const ws = this.deps.workspace();
    const paths = this.downloads(job);
    if (!ws || paths.length === 0) {
      void vscode.window.showInformationMessage(
        `Run ${job.run ?? job.id} lists no \`download:\` files in agentark.runs.yaml, so there are no results to open.`,
      );
      return;
    }
    if (!isFinished(job.status)) this.follow(job);
    else if (job.status === "succeeded") await this.fetch(job);
    const present = paths.filter((p) => existsSync(join(ws, p)));
    if (present.length === 0) {
      void vscode.window.showInformationMessage(
        isFinished(job.status)
          ? `None of ${job.run ?? job.id}'s results are in the workspace: ${paths.join(", ")}.`
          : `${job.run ?? job.id} has written no results yet; they open here as soon as the first records arrive.`,
      );
      const first = await this.follows.get(job.id)?.firstData;
      if (first) await openResult(vscode.Uri.file(first));
      return;
    }
    for (const p of present) await openResult(vscode.Uri.file(join(ws, p)));
  }

  dispose(): void {
    for (const follow of this.follows.values()) for (const f of follow.followers) f.stop();
    this.follows.clear();
  }
}

/** Tells the person where their curated version went and what was carried onto the new file. */
function announceKept(ws: string, keptFiles: readonly KeptCuration[]): void {
  for (const kept of keptFiles) {
    const text = describeKept(kept);
    const show =
      kept.carryError === undefined
        ? vscode.window.showInformationMessage(text, OPEN_KEPT)
        : vscode.window.showWarningMessage(text, OPEN_KEPT);
    void show.then((pick) => {
      if (pick === OPEN_KEPT) void openResult(vscode.Uri.file(join(ws, kept.keptPath)));
    });
  }
}

const OPEN_KEPT = "Open Your Version";

async function openResult(uri: vscode.Uri): Promise<void> {
  if (uri.fsPath.endsWith(".jsonl"))
    await vscode.commands.executeCommand("vscode.openWith", uri, CURATION_EDITOR);
  else await vscode.window.showTextDocument(uri, { preview: false });
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
