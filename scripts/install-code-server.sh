#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, Node 20 extension host) into a cache folder,
# following shared/docs/testing.md: its npm postinstall downloads ripgrep from the internet, which
# fails here, so the package is unpacked and its native modules are built step by step.
# Idempotent: a marker file written last tells a complete install from a half-done one.
# Prints the path of entry.js on its last line.
set -euo pipefail

VERSION=4.100.3
CACHE_ROOT="${AGENTARK_CACHE_DIR:-$HOME/.cache/agentark-studio}"
DEST="$CACHE_ROOT/code-server-$VERSION"
MARKER="$DEST/.install-complete"
ENTRY="$DEST/package/out/node/entry.js"
APT_PACKAGES=(libkrb5-dev ripgrep chromium build-essential python3 fonts-liberation)

log() { echo "[install-code-server] $*" >&2; }

# Runs a noisy step; shows its output only when it fails, so success stays quiet.
run_quiet() {
  local out
  if ! out="$("$@" 2>&1)"; then
    echo "$out" >&2
    log "failed: $*"
    return 1
  fi
}

install_apt_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]]; then
      missing+=("$pkg")
    fi
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  local sudo=()
  [[ "$(id -u)" -ne 0 ]] && sudo=(sudo -n)
  log "apt-get install ${missing[*]}"
  run_quiet "${sudo[@]}" apt-get update
  run_quiet "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
}

install_code_server() {
  rm -rf "$DEST"
  mkdir -p "$DEST"
  log "npm pack code-server@$VERSION"
  (cd "$DEST" && run_quiet npm pack "code-server@$VERSION" && tar xzf "code-server-$VERSION.tgz" \
    && rm "code-server-$VERSION.tgz")

  log "installing server dependencies"
  (cd "$DEST/package" && run_quiet npm install --omit=dev --ignore-scripts --no-audit --no-fund \
    && run_quiet npm rebuild argon2)

  log "installing VS Code dependencies and building native modules"
  local vscode="$DEST/package/lib/vscode"
  (cd "$vscode" && run_quiet npm install --omit=dev --ignore-scripts --no-audit --no-fund \
    && run_quiet npm rebuild kerberos @vscode/deviceid @vscode/spdlog native-watchdog)
  # node-pty's post-install step (compile_commands.json) fails after pty.node is built, and
  # pty.node is what matters: check for it instead of trusting npm's exit code.
  (cd "$vscode" && npm rebuild node-pty >/dev/null 2>&1) || true
  local vsc="$vscode/node_modules"
  [[ -f "$vsc/node-pty/build/Release/pty.node" ]] || { log "node-pty did not build"; return 1; }

  # The bundled ripgrep download is what fails offline; the system one does the same job.
  mkdir -p "$vsc/@vscode/ripgrep/bin"
  ln -sf "$(command -v rg)" "$vsc/@vscode/ripgrep/bin/rg"
  ln -sfn node_modules "$DEST/package/lib/vscode/node_modules.asar"

  log "installing built-in extensions' dependencies"
  (cd "$DEST/package/lib/vscode/extensions" && run_quiet npm install --omit=dev --no-audit --no-fund)

  [[ -f "$ENTRY" ]] || { log "entry.js missing after install"; return 1; }
  date -u +%FT%TZ >"$MARKER"
}

main() {
  install_apt_packages
  mkdir -p "$CACHE_ROOT"
  # Two runs at once (parallel test workers, npm start beside a test) must not build the same
  # folder together: the second waits for the first and then finds the marker.
  exec 9>"$CACHE_ROOT/.code-server-$VERSION.lock"
  flock 9
  if [[ ! -f "$MARKER" ]]; then
    install_code_server
    log "code-server $VERSION installed in $DEST"
  fi
  echo "$ENTRY"
}

main "$@"
