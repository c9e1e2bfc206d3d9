#!/usr/bin/env bash
# Load test: our server beside a bare net/http baseline, same machine, same run.
#
# usage: scripts/loadtest/run.sh [load|fullspec|startup|replicas|all]     (default: all)
#
# Builds cmd/mockserver and baseline/ (a net/http server answering a fixed
# 2 KB hog-function JSON: the practical limit), then, ROUNDS times, starts
# each one alone and runs the five scenarios with wrk (bench-one.sh): GET a
# hog function, PATCH it, list insights, an invalid PATCH (400), a GET
# without credentials (401). bench-one.sh reads the server's CPU time from
# /proc/PID/stat, the time from launch to the first answered request and the
# idle and peak RSS. "fullspec" starts our server on the full PostHog
# document (testdata/posthog-openapi.yaml) for start-up time and memory.
# "startup" launches our server and the baseline STARTUP_RUNS times each,
# interleaved, and prints the median time from launch to the first answer
# (startup/main.go: polled every 0.5 ms, no curl in the measure).
# At the end summarize.py prints absolute numbers and ratios to the baseline.
# "replicas" (not part of "all": it needs redis-server) runs replicas.sh:
# one replica on memory, one on Redis, three on one Redis behind rrproxy/
# (round-robin), CPU per request of each process, and the ratios; with
# PROFILE=DIR a CPU profile of each replica in each measured run (go tool pprof).
#
# Knobs (environment, defaults in brackets), besides bench-one.sh's own
# (DURATION [10], WARMUP [2], THREADS [1], CONNS [32], QUIET_WAIT, ...):
#   ROUNDS [3]             load rounds (baseline and ours alternate)
#   OURS_FLAGS [--quiet]   extra flags for our server
#   OUT [scripts/loadtest/out]  build outputs, results.tsv and logs
#   PREVIOUS [""]          a mockserver binary built from an earlier commit: each load
#                          round runs it too, and the summary adds ours against it
#                          (go build -o /tmp/ms-prev ./cmd/mockserver in a checkout of it)
# Needs: go, wrk (apt-get install -y wrk), curl, python3.
set -u -o pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MODE=${1:-all}
ROUNDS=${ROUNDS:-3}
OURS_FLAGS=${OURS_FLAGS:---quiet}
OUT=${OUT:-$HERE/out}
export RESULTS=${RESULTS:-$OUT/results.tsv}
export LOGDIR=${LOGDIR:-$OUT/logs}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
export NOTE=${NOTE:-run=$STAMP}
mkdir -p "$OUT"

for tool in go wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "loadtest: missing $tool (wrk: apt-get install -y wrk)" >&2; exit 2; }
done

echo "loadtest: building" >&2
# PROFILE (a directory, replicas mode): the binary serves net/http/pprof (cmd/mockserver/pprof.go).
(cd "$ROOT" && go build -trimpath ${PROFILE:+-tags pprof} -o "$OUT/mockserver" ./cmd/mockserver) || exit 1
(cd "$HERE/baseline" && go build -trimpath -o "$OUT/baseline" .) || exit 1
(cd "$ROOT" && go build -trimpath -o "$OUT/startup" ./scripts/loadtest/startup) || exit 1

if [ "$MODE" = replicas ]; then
  (cd "$ROOT" && go build -trimpath -o "$OUT/rrproxy" ./scripts/loadtest/rrproxy) || exit 1
  OUT="$OUT" exec "$HERE/replicas.sh" "$OUT/mockserver" "$OUT/rrproxy"
fi

BASE_PORT=${BASE_PORT:-4101}
OURS_PORT=${OURS_PORT:-4110}
read -r -a FLAGS <<<"$OURS_FLAGS"

if [ "$MODE" = load ] || [ "$MODE" = all ]; then
  for r in $(seq 1 "$ROUNDS"); do
    TAG="$STAMP-r$r" "$HERE/bench-one.sh" baseline "$BASE_PORT" -- "$OUT/baseline" -port "$BASE_PORT"
    TAG="$STAMP-r$r" CREATE_HOG=1 "$HERE/bench-one.sh" ours "$OURS_PORT" -- \
      "$OUT/mockserver" --addr "127.0.0.1:$OURS_PORT" "${FLAGS[@]}"
    if [ -n "${PREVIOUS:-}" ]; then
      TAG="$STAMP-r$r" CREATE_HOG=1 "$HERE/bench-one.sh" previous "$OURS_PORT" -- \
        "$PREVIOUS" --addr "127.0.0.1:$OURS_PORT" "${FLAGS[@]}"
    fi
  done
fi

if [ "$MODE" = fullspec ] || [ "$MODE" = all ]; then
  for r in $(seq 1 "$ROUNDS"); do
    TAG="$STAMP-full$r" STARTUP_ONLY=1 SETTLE=3 SCENARIOS="get_hog" "$HERE/bench-one.sh" ours-fullspec "$OURS_PORT" -- \
      "$OUT/mockserver" --addr "127.0.0.1:$OURS_PORT" --spec "$ROOT/testdata/posthog-openapi.yaml" "${FLAGS[@]}"
  done
fi

if [ "$MODE" = startup ] || [ "$MODE" = all ]; then
  echo "loadtest: start-up, launch to first answer (${STARTUP_RUNS:-15} launches each, interleaved)"
  "$OUT/startup" -runs "${STARTUP_RUNS:-15}" -addr "127.0.0.1:$OURS_PORT" "$OUT/mockserver" \
    "$OUT/baseline -addr 127.0.0.1:$OURS_PORT"
  [ "$MODE" = startup ] && exit 0
fi

python3 "$HERE/summarize.py" --results "$RESULTS" --tags-prefix "$STAMP"
if [ -n "${PREVIOUS:-}" ] && { [ "$MODE" = load ] || [ "$MODE" = all ]; }; then
  echo
  echo "## Ours against the previous binary ($PREVIOUS), same rounds (the targets below are the baseline's: read the ratios)"
  python3 "$HERE/summarize.py" --results "$RESULTS" --tags-prefix "$STAMP" --base previous
fi
