// A `prm-score` run runs `python .agentark-studio/prm_score.py …` in the host's checkout (see
// buildCommand); the script ships inside the extension, so it is written there before each submit.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { SyncError, type SyncErrorKind } from "../sync/sync-error";
import type { SyncTarget } from "../sync/rsync-sync";
import { shellPath, shellQuote } from "../transport/shell-quote";
import { PRM_SCORE_SCRIPT } from "./build-command";

/** The script's place in the extension (and in the .vsix), relative to the extension's root. */
export const PRM_SCORE_SOURCE = "extension/python/prm_score.py";

/** The script file of the extension installed at `extensionRoot` (`context.extensionPath`). */
export function prmScoreScriptFile(extensionRoot: string): string {
  return join(extensionRoot, PRM_SCORE_SOURCE);
}

/**
 * The extension root above `from` that holds the script: `dist/` in the built CLI and the .vsix,
 * the source folder when the CLI runs from source (tests).
 */
export function findExtensionRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, PRM_SCORE_SOURCE)) || dirname(dir) === dir) return dir;
  }
}

/** Exit statuses of the upload command. */
const NO_CHECKOUT = 90;
const WRITE_FAILED = 91;

/**
 * The command that writes its stdin to `<checkout>/PRM_SCORE_SCRIPT`: into a temporary file
 * beside it, then renamed over it, so a job starting meanwhile never runs half a script and two
 * uploads at once do not mix. It prints the written file's SHA-256 when the host has sha256sum.
 */
export function buildUploadCommand(checkout: string): string {
  const dest = shellQuote(PRM_SCORE_SCRIPT);
  const dir = shellQuote(PRM_SCORE_SCRIPT.slice(0, PRM_SCORE_SCRIPT.lastIndexOf("/")));
  const script = `cd ${shellPath(checkout)} 2>/dev/null || exit ${NO_CHECKOUT}
umask 022
tmp=${dest}.$$.tmp
if ! { mkdir -p ${dir} && cat >"$tmp" && mv -f "$tmp" ${dest}; }; then
  rm -f "$tmp"
  exit ${WRITE_FAILED}
fi
if command -v sha256sum >/dev/null 2>&1; then sha256sum ${dest} | cut -d' ' -f1; fi
`;
  // bash -c, not bash -s: stdin carries the file, not the script.
  return `bash -c ${shellQuote(script)}`;
}

/**
 * Writes the extension's PRM scoring script (`scriptFile`, see prmScoreScriptFile) to
 * `<target.checkout>/.agentark-studio/prm_score.py` over the host's transport, where a
 * `prm-score` job expects it. Throws a SyncError with words for the user when the script is
 * missing locally, the checkout is missing on the host, or the host could not write it.
 */
export async function uploadPrmScoreScript(
  target: SyncTarget,
  scriptFile: string,
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  let content: Buffer;
  try {
    content = await readFile(scriptFile);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new SyncError(
      "local-missing",
      `the extension's PRM scoring script cannot be read (${code}): ${scriptFile}; reinstall AgentArk Studio`,
    );
  }
  const result = await target.transport.exec(buildUploadCommand(target.checkout), {
    stdin: content,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const where = `${target.name}:${target.checkout}/${PRM_SCORE_SCRIPT}`;
  const fail = (kind: SyncErrorKind, message: string): never => {
    throw new SyncError(kind, message, result.stderr.trim());
  };
  if (result.code === NO_CHECKOUT)
    fail(
      "checkout-missing",
      `${target.name}: the AgentArk checkout ${target.checkout} does not exist there (set \`agentark:\` for this host)`,
    );
  if (result.code !== 0)
    fail(
      "failed",
      `${where} could not be written (${result.code}): ${result.stderr.trim() || "no message"}`,
    );
  const written = result.stdout.trim();
  const expected = createHash("sha256").update(content).digest("hex");
  if (written && written !== expected)
    fail("failed", `${where} arrived changed (SHA-256 ${written}, sent ${expected})`);
}
