#!/usr/bin/env bash
# A one-node Slurm cluster on this machine for the remote-run tests (recipe: docs/testing.md,
# "A real Slurm cluster on one machine"). `start` is idempotent; `stop` kills the daemons by their
# pid files, never by name; `env` prints shell exports. No accounting: final states come from
# squeue while slurmctld keeps the job (MinJobAge) and from the job's own exit-code file after.
# MinJobAge is short here so the tests see Slurm forget a finished job (slurmctld purges old
# jobs about once a minute on top of it).
set -euo pipefail

STATE="${AGENTARK_TEST_STATE:-/tmp/agentark-test-infra}"
SL="$STATE/slurm"
PARTITION="${AGENTARK_TEST_PARTITION:-debug}"
# This script's own client calls talk to this cluster even when /etc/slurm/slurm.conf (what the
# test user's sbatch reads) was last written by another state folder's cluster.
export SLURM_CONF="$SL/slurm.conf"

need_packages() {
  local missing=()
  command -v slurmctld >/dev/null || missing+=(slurm-wlm)
  command -v munged >/dev/null || missing+=(munge)
  if [ "${#missing[@]}" -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

start_munge() {
  if alive "$SL/munged.pid"; then return 0; fi
  # A munged already answering on the socket (another state folder's) serves this cluster too:
  # starting a second one would take its socket away, and stopping ours would leave none.
  if munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; then return 0; fi
  mkdir -p "$SL/munge" /etc/munge /run/munge
  [ -s /etc/munge/munge.key ] || dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key status=none
  chmod 400 /etc/munge/munge.key
  # --force: the folders are owned by root here, not by the munge user.
  munged --force --pid-file="$SL/munged.pid" --socket=/run/munge/munge.socket.2 \
    --log-file="$SL/munge/munged.log" --seed-file="$SL/munge/munge.seed"
}

write_conf() {
  local host mem
  host="$(hostname)"
  mem=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 / 2))
  mkdir -p "$SL/state" "$SL/spool" /etc/slurm
  cat >"$SL/slurm.conf" <<CONF
ClusterName=agentark-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$SL/state
SlurmdSpoolDir=$SL/spool
SlurmctldPidFile=$SL/slurmctld.pid
SlurmdPidFile=$SL/slurmd.pid
SlurmctldLogFile=$SL/slurmctld.log
SlurmdLogFile=$SL/slurmd.log
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
MinJobAge=2
NodeName=$host CPUs=$(nproc) RealMemory=$mem State=UNKNOWN
PartitionName=$PARTITION Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  # Clients (sbatch over ssh as the test user) find the config at the default path.
  cp "$SL/slurm.conf" /etc/slurm/slurm.conf
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  need_packages
  start_munge
  if alive "$SL/slurmctld.pid" && alive "$SL/slurmd.pid"; then
    # Another state folder's cluster may have taken the clients' config since: take it back.
    cp "$SL/slurm.conf" /etc/slurm/slurm.conf
    return 0
  fi
  stop_daemons
  write_conf
  # -c: no jobs or node states from an earlier run (a job left over from a run that failed could
  # hold or drain the node, and its stepd reports to the ports of a controller that is gone).
  slurmctld -c -f "$SL/slurm.conf"
  slurmd -f "$SL/slurm.conf"
  local deadline=$((SECONDS + 30))
  until sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "slurm did not come up; see $SL/*.log" >&2; exit 1; }
    scontrol update nodename="$(hostname)" state=resume >/dev/null 2>&1 || true
    sleep 0.2
  done
}

stop_daemons() {
  local f pid
  for f in "$SL/slurmd.pid" "$SL/slurmctld.pid"; do
    if alive "$f"; then
      pid="$(cat "$f")"
      kill "$pid"
      local deadline=$((SECONDS + 10))
      while kill -0 "$pid" 2>/dev/null; do
        [ "$SECONDS" -lt "$deadline" ] || { kill -9 "$pid"; break; }
        sleep 0.05
      done
    fi
    rm -f "$f"
  done
}

# Jobs still queued or running are cancelled while the daemons can still end them cleanly: a
# job orphaned by stopped daemons runs on (and holds the node) into the next run.
cancel_jobs() {
  alive "$SL/slurmctld.pid" || return 0
  scancel --partition="$PARTITION" >/dev/null 2>&1 || return 0
  local deadline=$((SECONDS + 15))
  while [ -n "$(squeue -h -o %i 2>/dev/null)" ] && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
}

stop() {
  cancel_jobs
  stop_daemons
  # munged serves every cluster on this machine (one socket): it stays while another state
  # folder's slurmctld still runs.
  if alive "$SL/munged.pid" && ! pgrep -x slurmctld >/dev/null; then
    kill "$(cat "$SL/munged.pid")"
    rm -f "$SL/munged.pid"
  fi
}

print_env() {
  [ -f "$SL/slurm.conf" ] || { echo "slurm.sh: not started" >&2; exit 1; }
  cat <<ENV
export AGENTARK_TEST_SLURM_CONF='$SL/slurm.conf'
export AGENTARK_TEST_SLURM_PARTITION='$PARTITION'
ENV
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) print_env ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
