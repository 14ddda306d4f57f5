#!/bin/bash
# Trace-mode throughput benchmark: see BENCHMARKS.md.
#
# Usage (from the repository root): bench/run.sh [N] [RUNS]
#   N     references per trace (default 10000000)
#   RUNS  runs of each measurement; the best is reported (default 3)
#
# Builds cohere, generates the traces into a temporary directory with
# bench/gentrace, and prints references per second and peak RSS (from
# /usr/bin/time -f %M) for
#   (a) 1 core,  MESI, 32 KiB 8-way 64-byte lines, din trace (one thread)
#   (b) 4 cores, MESI, 32 KiB 8-way 64-byte lines, proc trace (4 threads)
#   (c) as (a) on the floor generator's address mix (what trace-vs-floor runs)
# then runs ../shared/bench/trace-vs-floor with the same N.
# The machine may be shared: timings are noisy, so take the best of runs.
set -euo pipefail
n=${1:-10000000}
runs=${2:-3}
cd "$(dirname "$0")/.."
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

go build -o "$t/cohere" ./cmd/cohere
go build -o "$t/gentrace" ./bench/gentrace
"$t/gentrace" -format din -n "$n" -o "$t/a.din"
"$t/gentrace" -format proc -cores 4 -n "$n" -o "$t/b.proc"
"$t/gentrace" -format din -mix floor -n "$n" -o "$t/c.din"

# measure NAME ARGS...: best wall time of $runs runs and the largest peak RSS
measure() {
	local name=$1 best="" rss=0 s k
	shift
	for _ in $(seq "$runs"); do
		/usr/bin/time -f "%e %M" -o "$t/time" "$t/cohere" trace "$@" >"$t/out"
		read -r s k <"$t/time"
		if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $s < $best else 1)"; then best=$s; fi
		if [ "$k" -gt "$rss" ]; then rss=$k; fi
	done
	python3 -c "print(f'$name: best of $runs {$best:.2f} s  {$n/max($best, 0.005)/1e6:.1f}M refs/s  peak RSS {$rss/1024:.1f} MiB')"
}

measure "(a) din, 1 core, MESI      " --format din --protocol MESI --cores 1 --size 32KiB --ways 8 --line 64 "$t/a.din"
measure "(b) proc, 4 cores, MESI    " --format proc --protocol MESI --cores 4 --size 32KiB --ways 8 --line 64 "$t/b.proc"
measure "(c) din floor mix, 1 core  " --format din --protocol MESI --cores 1 --size 32KiB --ways 8 --line 64 "$t/c.din"
# missrate ARGS...: the miss rate of a run, from its JSON summary
missrate() {
	"$t/cohere" trace --json "$@" | python3 -c 'import json, sys
t = json.load(sys.stdin)["totals"]
print("%.1f%%" % (100.0 * (t["read_misses"] + t["write_misses"]) / (t["reads"] + t["writes"])))'
}
echo "miss rates: (a) $(missrate --format din --cores 1 "$t/a.din"), (b) $(missrate --format proc --cores 4 "$t/b.proc"), (c) $(missrate --format din --cores 1 "$t/c.din")"
echo
../shared/bench/trace-vs-floor "$n"
