#!/usr/bin/env bash
# A real OpenSSH server on loopback for the remote-run tests (recipe: docs/testing.md, "A real SSH
# server on loopback"). `start` is idempotent; `stop` kills by pid file, never by name; `env` prints
# shell exports the tests read. Host keys stay checked: the test ssh_config pins the server's key.
set -euo pipefail

STATE="${AGENTARK_TEST_STATE:-/tmp/agentark-test-infra}"
SSH_STATE="$STATE/sshd"
TEST_USER="${AGENTARK_TEST_USER:-agentark-test}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FIXTURE="$REPO/test/fixtures/remote-agentark"

need_packages() {
  local missing=()
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  command -v rsync >/dev/null || missing+=(rsync)
  command -v ssh-keyscan >/dev/null || missing+=(openssh-client)
  if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

running() {
  [ -f "$SSH_STATE/sshd.pid" ] && kill -0 "$(cat "$SSH_STATE/sshd.pid")" 2>/dev/null
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ensure_user() {
  if ! id "$TEST_USER" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/bash "$TEST_USER"
  fi
  # sshd refuses a locked account ("!" in shadow) even for key logins when UsePAM is off.
  usermod -p '*' "$TEST_USER"
}

# The fixture AgentArk checkout lives in the test user's home, as a real checkout would.
install_checkout() {
  local home
  home="$(getent passwd "$TEST_USER" | cut -d: -f6)"
  mkdir -p "$home/AgentArk"
  rsync -a --delete --exclude results "$FIXTURE/" "$home/AgentArk/"
  chown -R "$TEST_USER:" "$home/AgentArk"
}

write_config() {
  local port="$1" home
  home="$(getent passwd "$TEST_USER" | cut -d: -f6)"
  mkdir -p "$SSH_STATE" /run/sshd
  chmod 700 "$SSH_STATE"
  [ -f "$SSH_STATE/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -f "$SSH_STATE/host_ed25519"
  [ -f "$SSH_STATE/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C agentark-test -f "$SSH_STATE/client_ed25519"
  # sshd reads AuthorizedKeysFile as the test user, and the state dir (private keys) is root-only.
  mkdir -p "$STATE/sshd-authorized"
  chmod 755 "$STATE" "$STATE/sshd-authorized"
  cp "$SSH_STATE/client_ed25519.pub" "$STATE/sshd-authorized/authorized_keys"
  chmod 644 "$STATE/sshd-authorized/authorized_keys"
  cat >"$SSH_STATE/sshd_config" <<CFG
Port $port
ListenAddress 127.0.0.1
HostKey $SSH_STATE/host_ed25519
AuthorizedKeysFile $STATE/sshd-authorized/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
UsePAM no
StrictModes no
PermitRootLogin no
AllowUsers $TEST_USER
PidFile $SSH_STATE/sshd.pid
MaxSessions 100
MaxStartups 100:30:200
Subsystem sftp internal-sftp
CFG
  cat >"$SSH_STATE/ssh_config" <<CFG
Host agentark-test
  HostName 127.0.0.1
  Port $port
  User $TEST_USER
  IdentityFile $SSH_STATE/client_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $SSH_STATE/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
CFG
  echo "$port" >"$SSH_STATE/port"
  echo "$home" >"$SSH_STATE/home"
}

start() {
  need_packages
  ensure_user
  install_checkout
  if running; then return 0; fi
  local port
  if [ -f "$SSH_STATE/port" ]; then port="$(cat "$SSH_STATE/port")"; else port="$(free_port)"; fi
  write_config "$port"
  if ! /usr/sbin/sshd -f "$SSH_STATE/sshd_config" -E "$SSH_STATE/sshd.log"; then
    # The remembered port was taken by someone else meanwhile: pick a new one.
    port="$(free_port)"
    write_config "$port"
    /usr/sbin/sshd -f "$SSH_STATE/sshd_config" -E "$SSH_STATE/sshd.log"
  fi
  local deadline=$((SECONDS + 10))
  until ssh-keyscan -T 2 -p "$port" -t ed25519 127.0.0.1 >"$SSH_STATE/known_hosts.new" 2>/dev/null &&
    [ -s "$SSH_STATE/known_hosts.new" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "sshd did not come up on port $port" >&2; exit 1; }
    sleep 0.05
  done
  # Pin the key we generated, and check that the server really presents it.
  local expected
  expected="$(cut -d' ' -f1-2 "$SSH_STATE/host_ed25519.pub")"
  grep -qF "$expected" "$SSH_STATE/known_hosts.new" || { echo "host key mismatch on $port" >&2; exit 1; }
  mv "$SSH_STATE/known_hosts.new" "$SSH_STATE/known_hosts"
}

stop() {
  if running; then
    local pid
    pid="$(cat "$SSH_STATE/sshd.pid")"
    kill "$pid"
    local deadline=$((SECONDS + 10))
    while kill -0 "$pid" 2>/dev/null; do
      [ "$SECONDS" -lt "$deadline" ] || { kill -9 "$pid"; break; }
      sleep 0.05
    done
  fi
  rm -f "$SSH_STATE/sshd.pid"
}

print_env() {
  [ -f "$SSH_STATE/ssh_config" ] || { echo "sshd.sh: not started" >&2; exit 1; }
  cat <<ENV
export AGENTARK_TEST_SSH_CONFIG='$SSH_STATE/ssh_config'
export AGENTARK_TEST_SSH_HOST='agentark-test'
export AGENTARK_TEST_SSH_PORT='$(cat "$SSH_STATE/port")'
export AGENTARK_TEST_SSH_USER='$TEST_USER'
export AGENTARK_TEST_SSH_HOME='$(cat "$SSH_STATE/home")'
export AGENTARK_TEST_SSH_KEY='$SSH_STATE/client_ed25519'
export AGENTARK_TEST_SSH_KNOWN_HOSTS='$SSH_STATE/known_hosts'
export AGENTARK_TEST_SSHD_PIDFILE='$SSH_STATE/sshd.pid'
export AGENTARK_TEST_CHECKOUT='$(cat "$SSH_STATE/home")/AgentArk'
ENV
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  env) print_env ;;
  status) if running; then echo running; else echo stopped; fi ;;
  *) echo "usage: $0 start|stop|restart|env|status" >&2; exit 2 ;;
esac
