// ssh reports every connection-level failure as exit status 255 with a human message on stderr;
// these classes turn the known messages into something the UI can explain and act on.

export type SshErrorKind =
  | "host-key-unknown"
  | "host-key-mismatch"
  | "auth-failed"
  | "unreachable"
  | "connection-lost"
  | "remote-command-missing";

const HINTS: Record<SshErrorKind, string> = {
  "host-key-unknown":
    "the host's key is not in known_hosts; connect once with `ssh` in a terminal and check the fingerprint",
  "host-key-mismatch":
    "the host's key differs from the one in known_hosts (a reinstalled host, or someone in the middle); check it before removing the old key",
  "auth-failed":
    "authentication failed; check the key, the ssh agent and the user in your ssh config",
  unreachable: "the host cannot be reached; check the name, the port and the network",
  "connection-lost": "the connection dropped while the command ran",
  "remote-command-missing": "a command is missing on the host",
};

export class SshError extends Error {
  constructor(
    readonly kind: SshErrorKind,
    readonly host: string,
    readonly stderr: string,
  ) {
    super(`${host}: ${HINTS[kind]}${stderr.trim() ? ` (ssh: ${lastLine(stderr)})` : ""}`);
    this.name = "SshError";
  }
}

const PATTERNS: readonly [RegExp, SshErrorKind][] = [
  [/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i, "host-key-mismatch"],
  [/No \S+ host key is known for|Host key verification failed/i, "host-key-unknown"],
  [/Permission denied \(|Too many authentication failures|no mutual signature/i, "auth-failed"],
  [
    /Could not resolve hostname|Connection refused|Connection timed out|No route to host|Network is unreachable|kex_exchange_identification|Connection closed by .* port \d+$/im,
    "unreachable",
  ],
  [
    /Connection reset|Broken pipe|Timeout, server .* not responding|client_loop: send disconnect|closed by remote host|Control socket connect.*: Connection refused|mux_client_request_session/i,
    "connection-lost",
  ],
];

/**
 * Classifies a finished ssh client. Exit 255 with a known message is a connection failure; 255
 * with anything else is the remote command's own status and is left alone.
 */
export function classifySshFailure(
  host: string,
  code: number,
  stderr: string,
): SshError | undefined {
  if (code === 255) {
    const kind = PATTERNS.find(([re]) => re.test(stderr))?.[1];
    return kind ? new SshError(kind, host, stderr) : undefined;
  }
  return undefined;
}

/** A remote `command not found` (127) as a typed error, for callers that need the command. */
export function missingCommand(host: string, result: { code: number; stderr: string }) {
  if (result.code === 127 && /command not found|No such file or directory/.test(result.stderr))
    return new SshError("remote-command-missing", host, result.stderr);
  return undefined;
}

function lastLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? "";
}
