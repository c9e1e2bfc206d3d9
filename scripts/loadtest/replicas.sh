#!/usr/bin/env bash
# Replicas side by side, in one run: the CPU a request costs with the state
# in memory, in Redis, and in Redis shared by three replicas behind a
# round-robin proxy.
#
# usage: scripts/loadtest/replicas.sh MOCKSERVER_BINARY RRPROXY_BINARY
#        (run.sh replicas builds both and calls this)
#
# Setups, each started fresh and measured in turn (ROUNDS times, alternating):
#   memory-1   one replica, state in its memory
#   redis-1    one replica on a redis-server of its own (no persistence)
#   redis-3    three replicas on one redis-server
# Clients (FRONT): "direct" [default] spreads wrk's threads over the replicas
# (thread i connects to replica i mod n: a load balancer that balances
# connections), so that every set-up gets the same clients, the same
# request mix and no process in between; "proxy" puts rrproxy (round-robin
# per request) in front of the three, as a real load balancer would, at the
# price of a fourth busy process on the same cores (its CPU is reported
# apart, but it takes the cores the replicas would use).
# Scenarios (wrk, THREADS threads, CONNS connections, WARMUP s then DURATION s):
#   get     GET a hog function created at start (POST through the front)
#   list    GET the hog functions, ?limit=10&offset=0 (a collection written to)
#   patch   PATCH {"name":"n","enabled":true} of that hog function
# Each process's CPU (utime + stime from /proc/PID/stat) is read before and
# after the measured run: the replicas' together, redis-server's and the
# proxy's, each divided by the requests wrk completed. Rows go to
# $OUT/replicas.tsv; the summary prints the medians and the ratios.
#
# Knobs: DURATION [10] WARMUP [2] THREADS [3] CONNS [30] ROUNDS [1] FRONT [direct]
#        OURS_FLAGS [--quiet] PORT0 [4120] REDIS_PORT [6391] TOKEN [x] OUT
#        PROFILE [""]: a directory; each replica (the binary built with
#        -tags pprof) writes a CPU profile of each measured run there
# Needs: wrk, redis-server, curl, python3.
set -u -o pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
MS=${1:?usage: replicas.sh MOCKSERVER_BINARY RRPROXY_BINARY}
RR=${2:?usage: replicas.sh MOCKSERVER_BINARY RRPROXY_BINARY}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
THREADS=${THREADS:-3}
CONNS=${CONNS:-30}
FRONT=${FRONT:-direct}
PROFILE=${PROFILE:-}
ROUNDS=${ROUNDS:-1}
OURS_FLAGS=${OURS_FLAGS:---quiet}
PORT0=${PORT0:-4120}
REDIS_PORT=${REDIS_PORT:-6391}
TOKEN=${TOKEN:-x}
OUT=${OUT:-$HERE/out}
TSV=$OUT/replicas.tsv
LOGS=$OUT/logs/replicas-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$LOGS"
read -r -a FLAGS <<<"$OURS_FLAGS"
for tool in wrk redis-server curl python3; do
  command -v "$tool" >/dev/null || { echo "replicas.sh: missing $tool" >&2; exit 2; }
done
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
CURL=(curl -s --noproxy '*' --max-time 10 -H "Authorization: Bearer $TOKEN")
log() { printf '[replicas.sh] %s\n' "$*" >&2; }

ticks() { # utime+stime of the PIDs given, summed
  local p st t=0
  for p in "$@"; do
    st=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    st=${st##*) }
    set -- $st
    t=$(( t + ${12} + ${13} ))
  done
  echo "$t"
}

PIDS=()  # every process started, stopped by PID
stop_all() {
  local p
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  PIDS=()
}
trap stop_all EXIT
trap 'exit 130' INT TERM

wait_http() { # $1 URL: wait until it answers
  local i
  for i in $(seq 1 500); do
    [ "$(curl -s --noproxy '*' --max-time 1 -o /dev/null -w '%{http_code}' "$1")" != 000 ] && return 0
    sleep 0.02
  done
  log "no answer from $1"; return 1
}

[ -s "$TSV" ] || printf 'ts\tsetup\tscenario\trequests\treq_s\tp99_ms\terrors\tservers_us\tredis_us\tproxy_us\n' >"$TSV"

# run_setup NAME REPLICAS (0 replicas on Redis = memory)
run_setup() {
  local name=$1 n=$2 redis=$3 i front srv=() rpid="" ppid="" store=()
  if [ "$redis" = 1 ]; then
    redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$LOGS/$name-redis.log" 2>&1 &
    rpid=$!; PIDS+=("$rpid")
    for i in $(seq 1 200); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.02; done
    store=(--store "redis://127.0.0.1:$REDIS_PORT/0")
  fi
  for i in $(seq 1 "$n"); do
    MOCKSERVER_PPROF=${PROFILE:+127.0.0.1:$((PORT0 + 50 + i))} \
      "$MS" --addr "127.0.0.1:$((PORT0 + i))" "${store[@]}" "${FLAGS[@]}" >"$LOGS/$name-$i.log" 2>&1 &
    srv+=($!); PIDS+=($!)
  done
  for i in $(seq 1 "$n"); do wait_http "http://127.0.0.1:$((PORT0 + i))/" || return 1; done
  front="http://127.0.0.1:$((PORT0 + 1))"
  if [ "$n" -gt 1 ] && [ "$FRONT" = proxy ]; then
    local backends=()
    for i in $(seq 1 "$n"); do backends+=("http://127.0.0.1:$((PORT0 + i))"); done
    "$RR" -addr "127.0.0.1:$PORT0" "${backends[@]}" >"$LOGS/$name-proxy.log" 2>&1 &
    ppid=$!; PIDS+=("$ppid")
    front="http://127.0.0.1:$PORT0"
    wait_http "$front/" || return 1
  fi
  local id
  id=$("${CURL[@]}" -X POST -H 'Content-Type: application/json' \
    --data-binary '{"name":"load test","type":"destination","hog":"return event","enabled":true}' \
    "$front/api/environments/1/hog_functions/" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])') || { log "$name: could not create a hog function"; return 1; }
  local hog="/api/environments/1/hog_functions/$id/"
  local sc method path body lua out reqs c0 c1 r0 r1 p0 p1
  for sc in get list patch; do
    case $sc in
      get) method=GET path=$hog body= ;;
      list) method=GET path="/api/environments/1/hog_functions/?limit=10&offset=0" body= ;;
      patch) method=PATCH path=$hog body='{"name":"n","enabled":true}' ;;
    esac
    lua=$LOGS/$sc.lua
    {
      echo "wrk.method = \"$method\""
      echo "wrk.headers[\"Authorization\"] = \"Bearer $TOKEN\""
      [ -n "$body" ] && echo "wrk.body = [[$body]]" && echo 'wrk.headers["Content-Type"] = "application/json"'
      # Thread i connects to replica i mod n (FRONT=direct; n=1: all to the one).
      [ "$FRONT" = direct ] && cat <<LUA
local replicas, started = {}, 0
setup = function(thread)
  if #replicas == 0 then
    for i = 1, $n do
      replicas[i] = wrk.lookup("127.0.0.1", tostring($PORT0 + i))[1]
    end
  end
  started = started + 1
  thread.addr = replicas[(started - 1) % #replicas + 1]
end
LUA
      cat <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH %d %d %d %d\n", summary.requests, summary.duration, latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout))
end
LUA
    } >"$lua"
    [ "$("${CURL[@]}" -X "$method" ${body:+-H 'Content-Type: application/json' --data-binary "$body"} -o "$LOGS/$name-$sc.body" -w '%{http_code}' "$front$path")" = 200 ] ||
      { log "$name $sc: probe not 200: $(head -c 300 "$LOGS/$name-$sc.body")"; return 1; }
    [ "$WARMUP" -gt 0 ] && wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -s "$lua" "$front$path" >/dev/null 2>&1
    local profs=()
    if [ -n "$PROFILE" ]; then
      mkdir -p "$PROFILE"
      for i in $(seq 1 "$n"); do
        curl -s --noproxy '*' -o "$PROFILE/$name-$sc-$i.pprof" \
          "http://127.0.0.1:$((PORT0 + 50 + i))/debug/pprof/profile?seconds=$((DURATION > 1 ? DURATION - 1 : 1))" &
        profs+=($!)
      done
    fi
    c0=$(ticks "${srv[@]}"); r0=$(ticks $rpid); p0=$(ticks $ppid)
    out=$(wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" -s "$lua" "$front$path" 2>&1 | grep '^BENCH')
    c1=$(ticks "${srv[@]}"); r1=$(ticks $rpid); p1=$(ticks $ppid)
    [ ${#profs[@]} -gt 0 ] && wait "${profs[@]}"
    read -r _ reqs dur p99 errs <<<"$out"
    [ -n "${reqs:-}" ] && [ "$reqs" -gt 0 ] || { log "$name $sc: wrk failed"; return 1; }
    awk -v OFS='\t' -v ts="$(date -u +%FT%TZ)" -v name="$name" -v sc="$sc" -v r="$reqs" -v d="$dur" -v p="$p99" -v e="$errs" \
      -v c=$((c1 - c0)) -v rd=$((r1 - r0)) -v px=$((p1 - p0)) -v hz="$CLK_TCK" -v red="$redis" -v px_on="$ppid" \
      'BEGIN { u = 1e6 / hz / r; print ts, name, sc, r, sprintf("%.0f", r / (d / 1e6)), sprintf("%.2f", p / 1000), e,
        sprintf("%.1f", c * u), (red ? sprintf("%.1f", rd * u) : "-"), (px_on != "" ? sprintf("%.1f", px * u) : "-") }' >>"$TSV"
    log "$(tail -n 1 "$TSV")"
  done
  stop_all
}

START=$(date -u +%FT%TZ)
for r in $(seq 1 "$ROUNDS"); do
  run_setup memory-1 1 0 || exit 1
  run_setup redis-1 1 1 || exit 1
  run_setup redis-3 3 1 || exit 1
done
python3 - "$TSV" "$START" <<'PY'
import csv, statistics, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]), delimiter='\t') if r['ts'] >= sys.argv[2]]
def med(setup, sc, col):
    v = [float(r[col]) for r in rows if r['setup'] == setup and r['scenario'] == sc and r[col] != '-']
    return statistics.median(v) if v else 0.0
print('\n| setup | scenario | req/s | p99 ms | replicas µs/req | redis µs/req | proxy µs/req |')
print('|---|---|---:|---:|---:|---:|---:|')
for setup in ('memory-1', 'redis-1', 'redis-3'):
    for sc in ('get', 'list', 'patch'):
        print(f"| {setup} | {sc} | {med(setup, sc, 'req_s'):.0f} | {med(setup, sc, 'p99_ms'):.2f} | {med(setup, sc, 'servers_us'):.1f} | "
              f"{med(setup, sc, 'redis_us'):.1f} | {med(setup, sc, 'proxy_us'):.1f} |")
print('\n| scenario | redis-1 / memory-1 (replica + redis; target ≤ 3×) | redis-3 / redis-1 (replicas + redis, proxy apart; target ≤ 1.3×) | proxy µs/req |')
print('|---|---:|---:|---:|')
for sc in ('get', 'list', 'patch'):
    mem = med('memory-1', sc, 'servers_us')
    one = med('redis-1', sc, 'servers_us') + med('redis-1', sc, 'redis_us')
    three = med('redis-3', sc, 'servers_us') + med('redis-3', sc, 'redis_us')
    print(f"| {sc} | {one / mem:.2f}× | {three / one:.2f}× | {med('redis-3', sc, 'proxy_us'):.1f} |")
PY
