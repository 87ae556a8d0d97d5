#!/usr/bin/env bash
# make cluster N=4: a local Maat cluster on loopback: nats-server with JetStream (store in a temporary
# folder), the coordinator (`maat serve`) and N workers (`maat worker`), each on free ports, each
# awaited until it prints its ready line. Logs, pids and endpoints go to .cluster/ in the repository;
# `make cluster-down` (scripts/cluster-down.sh) stops exactly those processes.
#
# Usage: scripts/cluster-up.sh [N]   (default 2 workers)
# Environment: THREADS (threads per worker; default: the cores divided among the workers),
#              CLUSTER_READY_SECONDS (deadline of each process's ready line; default 30),
#              NATS_SERVER_BIN (the nats-server binary; default: the Debian package's),
#              CLUSTER_STATE (the state folder; default .cluster in the repository),
#              SECURE=1 (TLS and a bearer token: a CA, a certificate for 127.0.0.1 and a token are
#              made with openssl in $STATE/tls; the advise line printed uses them).
# The coordinator reads request files only below examples/ and ../shared/data (--data-root).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${CLUSTER_STATE:-$ROOT/.cluster}"
N="${1:-2}"
THREADS="${THREADS:-}"
READY_SECONDS="${CLUSTER_READY_SECONDS:-30}"

die() { echo "maat cluster: $*" >&2; exit 1; }

[[ "$N" =~ ^[0-9]+$ ]] && (( N >= 1 && N <= 64 )) || die "N: expected a number of workers from 1 to 64, got '$N'"
[[ -z "$THREADS" ]] || { [[ "$THREADS" =~ ^[0-9]+$ ]] && (( THREADS >= 1 && THREADS <= 1024 )); } \
  || die "THREADS: expected threads per worker from 1 to 1024, got '$THREADS'"
[[ "$READY_SECONDS" =~ ^[0-9]+$ ]] && (( READY_SECONDS >= 1 )) || die "CLUSTER_READY_SECONDS: expected a positive number of seconds, got '$READY_SECONDS'"
[[ -f "$ROOT/dist/services/maat.js" ]] || die "not built: run 'make build' first"

NATS_BIN="${NATS_SERVER_BIN:-}"
if [[ -z "$NATS_BIN" ]]; then
  for candidate in /usr/sbin/nats-server /usr/bin/nats-server "$(command -v nats-server || true)"; do
    if [[ -n "$candidate" && -x "$candidate" ]]; then NATS_BIN="$candidate"; break; fi
  done
fi
[[ -n "$NATS_BIN" ]] || die "nats-server not found (Debian package nats-server: make setup), or set NATS_SERVER_BIN"

# A process recorded in .cluster/pids that is still ours: alive, and running what we started.
still_ours() {
  local pid="$1" expect="$2" args
  args="$(ps -o args= -p "$pid" 2>/dev/null)" || return 1
  [[ "$args" == *"$expect"* ]]
}

if [[ -f "$STATE/pids" ]]; then
  alive=()
  while read -r name pid expect; do
    if still_ours "$pid" "$expect"; then alive+=("$name=$pid"); fi
  done <"$STATE/pids"
  if (( ${#alive[@]} > 0 )); then
    die "a cluster is already up (${alive[*]}); stop it first with 'make cluster-down'"
  fi
  echo "maat cluster: clearing the state of a cluster that is no longer running" >&2
  bash "$ROOT/scripts/cluster-down.sh" >/dev/null
fi

mkdir -p "$STATE"
rm -f "$STATE"/*.log "$STATE/endpoints"
: >"$STATE/pids"

# N + 3 distinct free loopback ports, held open together so that none is handed out twice.
mapfile -t PORTS < <(node -e '
  const net = require("node:net");
  const n = Number(process.argv[1]);
  const servers = [];
  let left = n;
  for (let i = 0; i < n; i++) {
    const s = net.createServer();
    servers.push(s);
    s.listen(0, "127.0.0.1", () => {
      if (--left > 0) return;
      for (const x of servers) console.log(x.address().port);
      for (const x of servers) x.close();
    });
  }' "$((N + 3))")
(( ${#PORTS[@]} == N + 3 )) || die "could not find $((N + 3)) free ports on 127.0.0.1"
NATS_PORT="${PORTS[0]}"
API_PORT="${PORTS[1]}"
COORDINATOR_METRICS="${PORTS[2]}"
NATS_URL="nats://127.0.0.1:$NATS_PORT"

STORE="$(mktemp -d "${TMPDIR:-/tmp}/maat-cluster-XXXXXX")"
echo "$STORE" >"$STATE/store"

if [[ -z "$THREADS" ]]; then
  cores="$(nproc 2>/dev/null || echo 1)"
  THREADS=$(( cores / N > 0 ? cores / N : 1 ))
fi

# start NAME EXPECT COMMAND...: runs COMMAND detached from the terminal (nohup), output to NAME.log;
# EXPECT is a part of its command line that cluster-down checks before signalling the pid.
start() {
  local name="$1" expect="$2"
  shift 2
  nohup "$@" >"$STATE/$name.log" 2>&1 </dev/null &
  echo "$name $! $expect" >>"$STATE/pids"
}

pid_of() { awk -v n="$1" '$1 == n { print $2 }' "$STATE/pids"; }

# wait_ready NAME PATTERN: until NAME.log has PATTERN (a fixed string), the process is alive, and the deadline holds.
wait_ready() {
  local name="$1" pattern="$2" pid deadline
  pid="$(pid_of "$name")"
  deadline=$(( SECONDS + READY_SECONDS ))
  until grep -qF -- "$pattern" "$STATE/$name.log"; do
    if ! kill -0 "$pid" 2>/dev/null; then abort "$name (pid $pid) exited before it was ready"; fi
    if (( SECONDS >= deadline )); then abort "$name (pid $pid) not ready within $READY_SECONDS s"; fi
    sleep 0.1
  done
}

abort() {
  local name="${1%% *}"
  echo "maat cluster: $1; the end of $STATE/$name.log:" >&2
  tail -n 20 "$STATE/$name.log" >&2 || true
  echo "maat cluster: stopping what was started" >&2
  bash "$ROOT/scripts/cluster-down.sh" >&2 || true
  exit 1
}

start nats "$STORE" "$NATS_BIN" -js -sd "$STORE" -a 127.0.0.1 -p "$NATS_PORT"
wait_ready nats "Server is ready"

cd "$ROOT"
SERVE_SECURITY=(--data-root "$ROOT/examples")
[[ -d "$ROOT/../shared/data" ]] && SERVE_SECURITY+=(--data-root "$(cd "$ROOT/../shared/data" && pwd)")
CLIENT_SECURITY=""
if [[ "${SECURE:-}" == "1" ]]; then
  command -v openssl >/dev/null || die "SECURE=1 needs the openssl CLI"
  TLS="$STATE/tls"
  rm -rf "$TLS" && mkdir -p "$TLS" && chmod 700 "$TLS"
  ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -keyout "$TLS/ca.key" -out "$TLS/ca.pem" -days 30 -subj "/CN=maat local cluster CA" 2>/dev/null
  openssl req "${ec[@]}" -keyout "$TLS/server.key" -out "$TLS/server.csr" -subj "/CN=maat coordinator" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\n' >"$TLS/server.ext"
  openssl x509 -req -in "$TLS/server.csr" -CA "$TLS/ca.pem" -CAkey "$TLS/ca.key" -CAcreateserial -out "$TLS/server.pem" -days 30 -extfile "$TLS/server.ext" 2>/dev/null
  openssl rand -hex 32 >"$TLS/token"
  chmod 600 "$TLS"/*.key "$TLS/token"
  SERVE_SECURITY+=(--tls-cert "$TLS/server.pem" --tls-key "$TLS/server.key" --token-file "$TLS/token")
  CLIENT_SECURITY=" --tls-ca $TLS/ca.pem --token-file $TLS/token"
fi
start coordinator "--listen 127.0.0.1:$API_PORT" ./bin/maat serve --nats "$NATS_URL" --listen "127.0.0.1:$API_PORT" \
  --metrics-listen "127.0.0.1:$COORDINATOR_METRICS" "${SERVE_SECURITY[@]}"
for (( i = 1; i <= N; i++ )); do
  start "worker-$i" "--id worker-$i" ./bin/maat worker --nats "$NATS_URL" --threads "$THREADS" \
    --metrics-listen "127.0.0.1:${PORTS[i + 2]}" --id "worker-$i"
done
wait_ready coordinator "maat serve: listening on "
for (( i = 1; i <= N; i++ )); do wait_ready "worker-$i" "maat worker worker-$i: "; done

{
  echo "maat cluster is up: nats-server, the coordinator and $N workers ($THREADS threads each), on 127.0.0.1"
  echo "  nats      $NATS_URL (JetStream store $STORE)"
  echo "  advise    ./bin/maat advise --server 127.0.0.1:$API_PORT$CLIENT_SECURITY --index ../shared/data/pypi-graphs/flask-graph.json --python 3.8 flask"
  echo "  metrics   http://127.0.0.1:$COORDINATOR_METRICS/metrics (coordinator)"
  for (( i = 1; i <= N; i++ )); do echo "            http://127.0.0.1:${PORTS[i + 2]}/metrics (worker-$i)"; done
  echo "  logs      $STATE/*.log, pids in $STATE/pids"
  echo "  stop      make cluster-down"
} | tee "$STATE/endpoints"
