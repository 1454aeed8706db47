// Every value that reaches a shell on a host goes through here. POSIX single quotes are the only
// quoting with no special characters inside (no `$`, backtick, `\` or `!` expansion), so the one
// thing to handle is the single quote itself: close, emit an escaped quote, reopen.

/** Quotes one argument for a POSIX shell (sh, bash, zsh, dash): the shell sees exactly `value`. */
export function shellQuote(value: string): string {
  if (value.includes("\0")) throw new Error("a shell argument cannot contain a NUL byte");
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value) && !value.startsWith("-")) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Quotes and joins an argv into one command line. */
export function shellJoin(argv: readonly string[]): string {
  return argv.map(shellQuote).join(" ");
}

/**
 * A path on the host as a shell word. A leading `~/` becomes `"$HOME"/…` because tilde expansion
 * does not happen inside quotes, and users write checkouts as `~/AgentArk`.
 */
export function shellPath(path: string): string {
  if (path === "~") return `"$HOME"`;
  if (path.startsWith("~/")) return `"$HOME"/${shellQuote(path.slice(2))}`;
  return shellQuote(path);
}
