#!/usr/bin/env bash
# bench_volunteers.sh BUILD [N_VOLUNTEERS=2500] [YEARS=5] - the volunteers'
# figures (issue 21): the ledger of a volunteer with YEARS years of daily
# duties, and the hours per month, skill and volunteer over N volunteers.
# Runs BUILD/tests/bench_volunteers on a new database in a temporary folder
# (removed after) and prints its key=value lines.  Run by hand, not in CI.
set -eu
BUILD=${1:?usage: bench_volunteers.sh BUILD [N_VOLUNTEERS] [YEARS]}
export TZ=${TZ:-Asia/Shanghai}
OUT=$(mktemp -d /tmp/kiosk-bench-volunteers.XXXXXX)
trap 'rm -rf "$OUT"' EXIT
"$BUILD/tests/bench_volunteers" "$OUT/v.db" "${2:-2500}" "${3:-5}"
ls -l "$OUT/v.db" | awk '{printf "db_bytes=%s\n", $5}'
