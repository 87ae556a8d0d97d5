#!/usr/bin/env bash
# make cluster-down: stops the processes `make cluster` recorded in .cluster/pids, and only those
# (each pid is checked against the command line it was started with): the coordinator and the
# workers first (TERM; workers finish their batches in hand), then nats-server; KILL for any still
# running after the deadline. Removes the temporary JetStream store. Logs stay in .cluster/.
#
# Environment: CLUSTER_STOP_SECONDS (deadline after TERM; default 35, above a worker's 30 s),
#              CLUSTER_STATE (the state folder; default .cluster in the repository).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${CLUSTER_STATE:-$ROOT/.cluster}"
STOP_SECONDS="${CLUSTER_STOP_SECONDS:-35}"
[[ "$STOP_SECONDS" =~ ^[0-9]+$ ]] || { echo "maat cluster: CLUSTER_STOP_SECONDS: expected seconds, got '$STOP_SECONDS'" >&2; exit 1; }

still_ours() {
  local pid="$1" expect="$2" args
  args="$(ps -o args= -p "$pid" 2>/dev/null)" || return 1
  [[ "$args" == *"$expect"* ]]
}

# stop_all NAME=PID:EXPECT...: TERM to each one still ours, wait for all up to the deadline, then KILL.
stop_all() {
  local entry name rest pid expect deadline left
  local -a running=()
  for entry in "$@"; do
    name="${entry%%=*}"; rest="${entry#*=}"; pid="${rest%%:*}"; expect="${rest#*:}"
    if still_ours "$pid" "$expect"; then
      kill -TERM "$pid" 2>/dev/null && running+=("$name=$pid:$expect")
    fi
  done
  deadline=$(( SECONDS + STOP_SECONDS ))
  while (( ${#running[@]} > 0 )); do
    left=()
    for entry in "${running[@]}"; do
      name="${entry%%=*}"; rest="${entry#*=}"; pid="${rest%%:*}"; expect="${rest#*:}"
      if still_ours "$pid" "$expect"; then left+=("$entry"); else echo "maat cluster: $name (pid $pid) stopped"; fi
    done
    running=("${left[@]+"${left[@]}"}")
    (( ${#running[@]} > 0 )) || break
    if (( SECONDS >= deadline )); then
      for entry in "${running[@]}"; do
        name="${entry%%=*}"; rest="${entry#*=}"; pid="${rest%%:*}"
        echo "maat cluster: $name (pid $pid) still running after $STOP_SECONDS s: KILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
      done
      break
    fi
    sleep 0.2
  done
}

if [[ ! -f "$STATE/pids" ]]; then
  echo "maat cluster: no cluster is up (no $STATE/pids)"
else
  services=()
  nats=()
  while read -r name pid expect; do
    [[ -n "${name:-}" ]] || continue
    if [[ "$name" == nats ]]; then nats+=("$name=$pid:$expect"); else services+=("$name=$pid:$expect"); fi
  done <"$STATE/pids"
  stop_all "${services[@]+"${services[@]}"}"
  stop_all "${nats[@]+"${nats[@]}"}"
  rm -f "$STATE/pids" "$STATE/endpoints"
fi

if [[ -f "$STATE/store" ]]; then
  store="$(cat "$STATE/store")"
  # Only a folder cluster-up made: a maat-cluster-* temporary folder.
  if [[ "$(basename "$store")" == maat-cluster-* && -d "$store" ]]; then
    rm -rf -- "$store"
    echo "maat cluster: removed the JetStream store $store"
  fi
  rm -f "$STATE/store"
fi
