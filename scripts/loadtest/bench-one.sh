#!/usr/bin/env bash
# Side-by-side HTTP mock-server benchmark.
#
# usage: bench-one.sh NAME PORT -- SERVER_CMD [ARGS...]
#
# Adapted from the side-by-side peer benchmark (bench/run.sh): the same
# scenarios and measurements, plus CREATE_HOG for stateful servers.
#
# Starts SERVER_CMD (which must listen on 127.0.0.1:PORT), measures the time
# from launch until it first answers HTTP, probes behaviour with curl, runs a
# fixed set of wrk scenarios, samples the RSS of the server's whole process
# tree from /proc (via ps), stops the server (by PID) and appends one row per
# scenario to results.tsv. Prints a markdown table for this run.
#
# Knobs (environment variables, defaults in brackets):
#   DURATION [10]   seconds per measured wrk run      WARMUP [2]   seconds of warmup per scenario
#   THREADS  [1]    wrk threads                        CONNS  [32]  wrk connections
#   WRK_TIMEOUT [2s] wrk per-request timeout
#   SCENARIOS ["get_hog patch_hog list_insights patch_invalid get_noauth"]
#   STARTUP_ONLY [0] 1 = only measure startup time + idle RSS + probes, no load
#   STARTUP_TIMEOUT [120] seconds to wait for the first HTTP answer
#   SETTLE [1]      seconds to wait after the first answer before reading idle RSS
#   PROJECT [1]  HOG_ID [uuid]  TOKEN [x]   request parameters
#   CREATE_HOG [0]  1 = after start-up, create a hog function with POST and use
#                   its id as HOG_ID (a stateful server knows no fixed id)
#   TAG [UTC timestamp]  NOTE [""]  free-form labels stored in results.tsv
#   RESULTS [bench/results.tsv]  LOGDIR [bench/logs]  KEEP_SERVER_LOG [0]
#   QUIET_WAIT [0]  wait up to this many seconds, before launching, for the rest of
#                   the machine to go quiet (busy CPU < QUIET_PCT [15]% of all cores over 2 s);
#                   the measured background load is stored in the note column (bg_busy=..%)
#
# Exit status: 0 ok, 2 usage, 3 port busy, 4 server died / never answered.
set -u -o pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 4 ] || [ "$3" != "--" ]; then
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
  exit 2
fi
NAME=$1 PORT=$2
shift 3

DURATION=${DURATION:-10}
WARMUP=${WARMUP:-2}
THREADS=${THREADS:-1}
CONNS=${CONNS:-32}
WRK_TIMEOUT=${WRK_TIMEOUT:-2s}
SCENARIOS=${SCENARIOS:-"get_hog patch_hog list_insights patch_invalid get_noauth"}
STARTUP_ONLY=${STARTUP_ONLY:-0}
STARTUP_TIMEOUT=${STARTUP_TIMEOUT:-120}
SETTLE=${SETTLE:-1}
PROJECT=${PROJECT:-1}
HOG_ID=${HOG_ID:-0190e5a2-6f1c-7b3a-9d4e-2c8f1a5b7e90}
TOKEN=${TOKEN:-x}
TAG=${TAG:-$(date -u +%Y%m%dT%H%M%SZ)}
NOTE=${NOTE:-}
RESULTS=${RESULTS:-$BENCH_DIR/results.tsv}
CREATE_HOG=${CREATE_HOG:-0}
LOGDIR=${LOGDIR:-$BENCH_DIR/logs}
KEEP_SERVER_LOG=${KEEP_SERVER_LOG:-0}
QUIET_WAIT=${QUIET_WAIT:-0}
QUIET_PCT=${QUIET_PCT:-15}

for tool in wrk curl ps awk timeout; do
  command -v "$tool" >/dev/null || { echo "run.sh: missing $tool" >&2; exit 2; }
done

BASE="http://127.0.0.1:$PORT"
HOG_PATH="/api/environments/$PROJECT/hog_functions/$HOG_ID/"
INSIGHTS_PATH="/api/environments/$PROJECT/insights/?limit=10&offset=0"
RUN_ID="$NAME-$TAG"
WORK="$LOGDIR/$RUN_ID"
mkdir -p "$WORK"
SRVLOG="$WORK/server.log"
RSSLOG="$WORK/rss.log"
: >"$RSSLOG"

log() { printf '[run.sh %s] %s\n' "$NAME" "$*" >&2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
CURL=(curl -s --noproxy '*' --max-time 30)

# --- scenario table: method|path|body|auth ---------------------------------
scenario_def() {
  case "$1" in
    get_hog)       echo "GET|$HOG_PATH||yes" ;;
    patch_hog)     echo "PATCH|$HOG_PATH|{\"name\":\"n\",\"enabled\":true}|yes" ;;
    list_insights) echo "GET|$INSIGHTS_PATH||yes" ;;
    patch_invalid) echo "PATCH|$HOG_PATH|{\"enabled\":\"notabool\"}|yes" ;;
    get_noauth)    echo "GET|$HOG_PATH||no" ;;
    *) return 1 ;;
  esac
}

# --- process-tree helpers ---------------------------------------------------
tree_pids() { # all live PIDs in the tree rooted at $1 (root first)
  ps -e -o pid=,ppid= | awk -v root="$1" '
    { par[$1] = $2 }
    END {
      if (!(root in par)) exit
      in_tree[root] = 1; order[n++] = root
      do { changed = 0
        for (p in par) if (!(p in in_tree) && (par[p] in in_tree)) { in_tree[p] = 1; order[n++] = p; changed = 1 }
      } while (changed)
      for (i = 0; i < n; i++) print order[i]
    }'
}
tree_rss_kb() { # summed VmRSS (KiB) of the tree rooted at $1
  ps -e -o pid=,ppid=,rss= | awk -v root="$1" '
    { par[$1] = $2; rss[$1] = $3 }
    END {
      if (!(root in par)) { print 0; exit }
      in_tree[root] = 1
      do { changed = 0
        for (p in par) if (!(p in in_tree) && (par[p] in in_tree)) { in_tree[p] = 1; changed = 1 }
      } while (changed)
      s = 0; for (p in in_tree) s += rss[p]; print s
    }'
}
max_rss_mb() { # peak sampled tree RSS (MiB) between epoch-ms $1 and $2
  awk -v a="$1" -v b="$2" '$1 >= a && $1 <= b && $2 > m { m = $2 } END { printf "%.1f", m / 1024 }' "$RSSLOG"
}

CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
tree_cpu_ticks() { # utime+stime (ticks) summed over the live tree rooted at $1
  local p t=0 st
  for p in $(tree_pids "$1"); do
    st=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    st=${st##*) }                      # drop "pid (comm) "; field 1 is now state
    set -- $st
    t=$(( t + ${12} + ${13} ))         # utime, stime (stat fields 14, 15)
  done
  echo "$t"
}
sys_busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

SRV_PID="" SAMPLER_PID=""
stop_tree() { # TERM every PID of the tree, then KILL survivors; by PID only
  local root=$1 pids p i
  pids=$(tree_pids "$root")
  [ -z "$pids" ] && return 0
  for p in $pids; do kill -TERM "$p" 2>/dev/null; done
  for i in $(seq 1 50); do
    local alive=""
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
    [ -z "$alive" ] && break
    sleep 0.1
  done
  for p in $pids; do kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null; done
  wait "$root" 2>/dev/null
  return 0
}
cleanup() {
  [ -n "$SAMPLER_PID" ] && { kill "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null; SAMPLER_PID=""; }
  [ -n "$SRV_PID" ] && { stop_tree "$SRV_PID"; SRV_PID=""; }
  if [ "$KEEP_SERVER_LOG" != 1 ] && [ -f "$SRVLOG" ] && [ "$(wc -l <"$SRVLOG")" -gt 400 ]; then
    { head -n 200 "$SRVLOG"; echo "... [run.sh: $(wc -l <"$SRVLOG") lines, middle cut] ..."; tail -n 200 "$SRVLOG"; } >"$SRVLOG.cut"
    mv "$SRVLOG.cut" "$SRVLOG"
  fi
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT TERM

# --- results file -------------------------------------------------------------
HEADER=$'ts\ttag\tname\tport\tscenario\tmethod\tpath\tthreads\tconns\tduration_s\trequests\treq_s\tp50_ms\tp99_ms\tnon2xx3xx\tsock_err\tprobe_status\tprobe_bytes\tpeak_rss_mb\tstartup_s\tidle_rss_mb\tsrv_cpu_pct\twrk_cpu_pct\tother_cpu_pct\tsrv_cpu_us_per_req\tnote\tbody300'
[ -s "$RESULTS" ] || echo "$HEADER" >"$RESULTS"
clean() { tr '\t\r\n' '   ' | tr -cd '\11\12\15\40-\176'; }   # one printable line
ROWS=()
COLS=(scenario method path threads conns duration_s requests req_s p50_ms p99_ms non2xx3xx sock_err probe_status probe_bytes peak_rss_mb startup_s idle_rss_mb srv_cpu_pct wrk_cpu_pct other_cpu_pct srv_cpu_us_per_req note body300)
add_row() { # add_row key=value ... (keys from COLS; missing ones become "-")
  local -A v=()
  local kvp row k x
  for kvp in "$@"; do v[${kvp%%=*}]=${kvp#*=}; done
  row="$(date -u +%Y-%m-%dT%H:%M:%SZ)"$'\t'"$TAG"$'\t'"$NAME"$'\t'"$PORT"
  for k in "${COLS[@]}"; do
    x=$(printf '%s' "${v[$k]:-}" | clean)
    row="$row"$'\t'"${x:--}"
  done
  echo "$row" >>"$RESULTS"
  ROWS+=("$row")
}
note() { local n="${NOTE:-}"; [ -n "$1" ] && n="${n:+$n; }$1"; printf '%s' "$n"; }

# --- wait for a quiet machine, then start the server ----------------------------
busy_pct_2s() { # whole-machine busy CPU over 2 s, as % of all cores
  local a b ta tb
  a=$(sys_busy_ticks); ta=$(awk '/^cpu / { s = 0; for (i = 2; i <= 9; i++) s += $i; print s; exit }' /proc/stat)
  sleep 2
  b=$(sys_busy_ticks); tb=$(awk '/^cpu / { s = 0; for (i = 2; i <= 9; i++) s += $i; print s; exit }' /proc/stat)
  awk -v x="$((b - a))" -v t="$((tb - ta))" 'BEGIN { printf "%.0f", (t > 0 ? x / t * 100 : 0) }'
}
BG_BUSY=$(busy_pct_2s)
if [ "$QUIET_WAIT" -gt 0 ]; then
  waited=2
  while [ "$BG_BUSY" -ge "$QUIET_PCT" ] && [ "$waited" -lt "$QUIET_WAIT" ]; do
    log "machine busy (${BG_BUSY}% of all cores); waiting for quiet (${waited}/${QUIET_WAIT}s)"
    sleep 3; BG_BUSY=$(busy_pct_2s); waited=$((waited + 5))
  done
fi
NOTE="$(note "bg_busy=${BG_BUSY}%")"
log "background busy before launch: ${BG_BUSY}% of all cores"

code=$("${CURL[@]}" --max-time 2 -o /dev/null -w '%{http_code}' "$BASE/" 2>/dev/null)
if [ "$code" != "000" ]; then
  log "port $PORT already answers HTTP ($code); refusing to start"; exit 3
fi
log "launch: $*"
printf '%s\n' "$*" >"$WORK/cmd.txt"
t0=$(date +%s%N)
"$@" >"$SRVLOG" 2>&1 &
SRV_PID=$!
( while :; do echo "$(now_ms) $(tree_rss_kb "$SRV_PID")"; sleep 0.5; done ) >>"$RSSLOG" 2>/dev/null &
SAMPLER_PID=$!

first_code=000
while :; do
  first_code=$("${CURL[@]}" -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE$HOG_PATH" 2>/dev/null)
  [ "$first_code" != "000" ] && break
  if ! kill -0 "$SRV_PID" 2>/dev/null; then
    log "server exited before answering; last log lines:"; tail -n 20 "$SRVLOG" >&2
    add_row scenario=startup probe_status=died peak_rss_mb="$(max_rss_mb 0 99999999999999)" note="$(note "server exited before answering")" body300="$(tail -c 300 "$SRVLOG")"
    SRV_PID=""; exit 4
  fi
  if [ $(( ($(date +%s%N) - t0) / 1000000000 )) -ge "$STARTUP_TIMEOUT" ]; then
    log "no HTTP answer within ${STARTUP_TIMEOUT}s"
    add_row scenario=startup probe_status=timeout peak_rss_mb="$(max_rss_mb 0 99999999999999)" startup_s=">$STARTUP_TIMEOUT" note="$(note "no answer within ${STARTUP_TIMEOUT}s")" body300="$(tail -c 300 "$SRVLOG")"
    exit 4
  fi
  sleep 0.02
done
t1=$(date +%s%N)
STARTUP_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
sleep "$SETTLE"
IDLE_RSS_MB=$(awk -v k="$(tree_rss_kb "$SRV_PID")" 'BEGIN { printf "%.1f", k / 1024 }')
log "first answer after ${STARTUP_S}s (HTTP $first_code); idle tree RSS ${IDLE_RSS_MB} MiB"

# --- stateful servers: create the hog function the scenarios address -----------
if [ "$CREATE_HOG" = 1 ]; then
  created=$("${CURL[@]}" -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    --data-binary '{"name":"load test","type":"destination","hog":"return event","enabled":true}' \
    "$BASE/api/environments/$PROJECT/hog_functions/" 2>/dev/null)
  HOG_ID=$(printf '%s' "$created" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])' 2>/dev/null)
  if [ -z "$HOG_ID" ]; then
    log "could not create a hog function: $(printf '%s' "$created" | head -c 300)"; exit 4
  fi
  HOG_PATH="/api/environments/$PROJECT/hog_functions/$HOG_ID/"
  log "created hog function $HOG_ID"
fi

# --- behaviour probes (one curl per scenario + PATCH->GET state check) ----------
probe() { # $1 scenario -> sets P_STATUS P_BYTES P_BODY
  local def method path body auth f args=()
  def=$(scenario_def "$1") || { log "unknown scenario $1"; return 1; }
  IFS='|' read -r method path body auth <<<"$def"
  f="$WORK/probe-$1.body"
  args=(-X "$method" -o "$f" -D "$WORK/probe-$1.headers" -w '%{http_code}')
  [ "$auth" = yes ] && args+=(-H "Authorization: Bearer $TOKEN")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  P_STATUS=$("${CURL[@]}" "${args[@]}" "$BASE$path" 2>/dev/null)
  P_BYTES=$(wc -c <"$f" 2>/dev/null || echo 0)
  P_BODY=$(head -c 300 "$f" 2>/dev/null)
}

state_probe() {
  local marker="bench-state-$RANDOM$RANDOM" s1 s2 f="$WORK/probe-state.body" persisted=no
  s1=$("${CURL[@]}" -X PATCH -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
       -H 'Content-Type: application/json' --data-binary "{\"name\":\"$marker\"}" "$BASE$HOG_PATH" 2>/dev/null)
  s2=$("${CURL[@]}" -o "$f" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE$HOG_PATH" 2>/dev/null)
  grep -q "$marker" "$f" 2>/dev/null && persisted=yes
  add_row scenario=probe_state method=PATCH+GET path="$HOG_PATH" probe_status="$s1->$s2" probe_bytes="$(wc -c <"$f")" \
    startup_s="$STARTUP_S" idle_rss_mb="$IDLE_RSS_MB" note="$(note "patch_then_get_persisted=$persisted")" body300="$(head -c 300 "$f")"
  log "state probe: PATCH $s1 then GET $s2; name persisted: $persisted"
}

declare -A PROBE_STATUS PROBE_BYTES PROBE_BODY
for sc in $SCENARIOS; do
  probe "$sc" || exit 2
  PROBE_STATUS[$sc]=$P_STATUS PROBE_BYTES[$sc]=$P_BYTES PROBE_BODY[$sc]=$P_BODY
done
state_probe

if [ "$STARTUP_ONLY" = 1 ]; then
  for sc in $SCENARIOS; do
    IFS='|' read -r method path body auth <<<"$(scenario_def "$sc")"
    add_row scenario="$sc" method="$method" path="$path" probe_status="${PROBE_STATUS[$sc]}" probe_bytes="${PROBE_BYTES[$sc]}" \
      startup_s="$STARTUP_S" idle_rss_mb="$IDLE_RSS_MB" note="$(note startup-only)" body300="${PROBE_BODY[$sc]}"
  done
fi

# --- load scenarios --------------------------------------------------------------
make_lua() { # $1 scenario -> path of generated wrk script
  local def method path body auth f
  def=$(scenario_def "$1")
  IFS='|' read -r method path body auth <<<"$def"
  f="$WORK/$1.lua"
  {
    echo "wrk.method = \"$method\""
    [ -n "$body" ] && echo "wrk.body = [[$body]]" && echo 'wrk.headers["Content-Type"] = "application/json"'
    [ "$auth" = yes ] && echo "wrk.headers[\"Authorization\"] = \"Bearer $TOKEN\""
    cat <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d bytes=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d status_err=%d connect_err=%d read_err=%d write_err=%d timeout_err=%d\n",
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect, e.read, e.write, e.timeout))
end
LUA
  } >"$f"
  echo "$f"
}
kv() { sed -n "s/.*[[:space:]]$1=\([0-9]*\).*/\1/p" <<<"$2" | head -n1; }

if [ "$STARTUP_ONLY" != 1 ]; then
  for sc in $SCENARIOS; do
    IFS='|' read -r method path body auth <<<"$(scenario_def "$sc")"
    lua=$(make_lua "$sc")
    url="$BASE$path"
    if ! kill -0 "$SRV_PID" 2>/dev/null; then log "server died before $sc"; break; fi
    a=$(now_ms)
    [ "$WARMUP" -gt 0 ] && timeout $((WARMUP + 15)) wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" --timeout "$WRK_TIMEOUT" -s "$lua" "$url" >"$WORK/$sc.warmup.txt" 2>&1
    c0=$(tree_cpu_ticks "$SRV_PID"); s0=$(sys_busy_ticks); w0=$(date +%s%N)
    bash -c 'timeout "$@"; rc=$?; times; exit $rc' _ $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --timeout "$WRK_TIMEOUT" -s "$lua" "$url" >"$WORK/$sc.wrk.txt" 2>&1
    rc=$?
    c1=$(tree_cpu_ticks "$SRV_PID"); s1=$(sys_busy_ticks); w1=$(date +%s%N)
    b=$(now_ms)
    # `times` line 2 = CPU of the waited-for children (timeout + wrk): "XmY.YYYs XmY.YYYs"
    wrk_cpu_s=$(tail -n 1 "$WORK/$sc.wrk.txt" | awk '{ s = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub("s", "", a[2]); s += a[1] * 60 + a[2] } print s }')
    read -r srv_pct wrk_pct oth_pct <<<"$(awk -v c="$((c1 - c0))" -v s="$((s1 - s0))" -v w="$wrk_cpu_s" -v ns="$((w1 - w0))" -v hz="$CLK_TCK" \
      'BEGIN { wall = ns / 1e9; srv = c / hz / wall * 100; wrk = w / wall * 100; sys = s / hz / wall * 100; o = sys - srv - wrk; if (o < 0) o = 0; printf "%.0f %.0f %.0f", srv, wrk, o }')"
    sleep 0.6   # let the sampler catch the tail of the run
    out=$(grep '^BENCH' "$WORK/$sc.wrk.txt")
    if [ -z "$out" ]; then
      log "$sc: wrk failed (rc=$rc)"; tail -n 5 "$WORK/$sc.wrk.txt" >&2
      add_row scenario="$sc" method="$method" path="$path" threads="$THREADS" conns="$CONNS" duration_s="$DURATION" \
        probe_status="${PROBE_STATUS[$sc]}" probe_bytes="${PROBE_BYTES[$sc]}" peak_rss_mb="$(max_rss_mb "$a" "$(now_ms)")" \
        startup_s="$STARTUP_S" idle_rss_mb="$IDLE_RSS_MB" note="$(note "wrk failed rc=$rc")" body300="${PROBE_BODY[$sc]}"
      continue
    fi
    reqs=$(kv requests "$out"); dur=$(kv duration_us "$out")
    p50=$(kv p50_us "$out"); p99=$(kv p99_us "$out"); st=$(kv status_err "$out")
    sock=$(( $(kv connect_err "$out") + $(kv read_err "$out") + $(kv write_err "$out") + $(kv timeout_err "$out") ))
    rps=$(awk -v r="$reqs" -v d="$dur" 'BEGIN { printf "%.0f", (d > 0 ? r / (d / 1e6) : 0) }')
    p50ms=$(awk -v x="$p50" 'BEGIN { printf "%.2f", x / 1000 }')
    p99ms=$(awk -v x="$p99" 'BEGIN { printf "%.2f", x / 1000 }')
    rss=$(max_rss_mb "$a" "$(now_ms)")
    us_req=$(awk -v c="$((c1 - c0))" -v hz="$CLK_TCK" -v r="$reqs" 'BEGIN { if (r > 0) printf "%.0f", c / hz * 1e6 / r; else print "-" }')
    add_row scenario="$sc" method="$method" path="$path" threads="$THREADS" conns="$CONNS" duration_s="$DURATION" \
      requests="$reqs" req_s="$rps" p50_ms="$p50ms" p99_ms="$p99ms" non2xx3xx="$st" sock_err="$sock" \
      probe_status="${PROBE_STATUS[$sc]}" probe_bytes="${PROBE_BYTES[$sc]}" peak_rss_mb="$rss" \
      startup_s="$STARTUP_S" idle_rss_mb="$IDLE_RSS_MB" srv_cpu_pct="$srv_pct" wrk_cpu_pct="$wrk_pct" other_cpu_pct="$oth_pct" \
      srv_cpu_us_per_req="$us_req" note="$NOTE" body300="${PROBE_BODY[$sc]}"
    log "$sc: $rps req/s p50 ${p50ms}ms p99 ${p99ms}ms non2xx3xx=$st sockerr=$sock status=${PROBE_STATUS[$sc]} rss=${rss}MiB cpu srv/wrk/other=${srv_pct}/${wrk_pct}/${oth_pct}% ${us_req}us/req"
  done
fi

END_MS=$(now_ms)
PEAK_ALL=$(max_rss_mb 0 "$END_MS")
SRV_ALIVE=yes; kill -0 "$SRV_PID" 2>/dev/null || SRV_ALIVE=no
add_row scenario=startup probe_status="$first_code" peak_rss_mb="$PEAK_ALL" startup_s="$STARTUP_S" idle_rss_mb="$IDLE_RSS_MB" \
  note="$(note "server_alive_at_end=$SRV_ALIVE")" body300="$*"
cleanup

# --- markdown table for this run --------------------------------------------------
echo
echo "### $NAME (tag $TAG): startup ${STARTUP_S}s, idle RSS ${IDLE_RSS_MB} MiB, peak RSS ${PEAK_ALL} MiB, ${THREADS}t/${CONNS}c, ${DURATION}s"
echo
echo "| scenario | status | req/s | p50 ms | p99 ms | non-2xx/3xx | sock err | peak RSS MiB | srv CPU µs/req | CPU% srv/wrk/other | body (first 80 B) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|"
for row in "${ROWS[@]}"; do
  IFS=$'\t' read -r -a c <<<"$row"
  [ "${c[4]}" = startup ] && continue
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s/%s/%s | `%s` |\n' "${c[4]}" "${c[16]}" "${c[11]}" "${c[12]}" "${c[13]}" "${c[14]}" "${c[15]}" "${c[18]}" "${c[24]}" "${c[21]}" "${c[22]}" "${c[23]}" "$(printf '%s' "${c[26]:-}" | head -c 80 | tr '|`' '/'"'")"
done
echo
