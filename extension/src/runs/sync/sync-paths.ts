// Paths that cross to rsync. They travel in a NUL-separated `--files-from` list (the protocol, not
// argv, not a shell), yet are still checked here: a path that leaves the checkout or the workspace
// is refused, and a leading dash gets `./` so no tool along the way can read it as an option.

/** A checkout- or workspace-relative path, normalised (no `.` segments, no doubled slashes). */
export function validateSyncPath(path: string): string {
  const show = JSON.stringify(path);
  if (path.includes("\0")) throw new Error(`a path cannot contain a NUL byte: ${show}`);
  if (path.startsWith("/") || path.startsWith("~"))
    throw new Error(`${show} must be relative to the checkout (or the workspace), not absolute`);
  const parts = path.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.length === 0) throw new Error(`${show} names no file`);
  if (parts.includes("..")) throw new Error(`${show} leaves the checkout (\`..\`)`);
  if (path.endsWith("/")) throw new Error(`${show} names a folder; list its files`);
  return parts.join("/");
}

/** The form handed to rsync and shell commands: a leading dash is made harmless with `./`. */
export function safeRelative(path: string): string {
  const normal = validateSyncPath(path);
  return normal.startsWith("-") ? `./${normal}` : normal;
}

/** The NUL-separated list for `--files-from=… --from0`. */
export function filesFromList(paths: readonly string[]): Buffer {
  return Buffer.from(paths.map((p) => `${safeRelative(p)}\0`).join(""), "utf8");
}
