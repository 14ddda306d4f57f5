#!/usr/bin/env bash
# Writes the sample exams of examples/exams: for each topic below, with a
# fixed seed, the exam and its key in every format cohere exam has. Run it
# from anywhere; it builds cohere from this checkout first.
#
#   examples/exams/generate.sh              every topic below
#   examples/exams/generate.sh cache defer  only these
#
# The output is reproducible: running it again changes no file unless
# cohere itself changed. Review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/../.."

# topic, seed, count, then knobs (flags of cohere exam), one topic a line.
samples='
coherence     7 3
cache         7 3
false-sharing 7 2
interleaving  7 2
defer         7 3
memory-map    7 2
'
# a teacher's own script, made into a problem (cohere exam FILE.coh)
script=examples/exam-trace.coh

bin=$(mktemp -d)/cohere
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/cohere

want=" $* "
write() { # DIR ARGS...: every format of one exam into DIR
	local dir=$1 tmp
	shift
	tmp=$(mktemp -d "$(dirname "$bin")/exam.XXXX") # DIR is replaced only when all went well
	for format in md latex; do
		"$bin" exam "$@" --format "$format" -o "$tmp" >/dev/null
		"$bin" exam "$@" --format "$format" --answers -o "$tmp" >/dev/null
	done
	"$bin" exam "$@" --format moodle -o "$tmp" >/dev/null
	"$bin" exam "$@" --format json -o "$tmp" >/dev/null
	"$bin" exam "$@" --format prairielearn -o "$tmp/prairielearn" >/dev/null
	chmod 755 "$tmp"
	rm -rf "$dir"
	mv "$tmp" "$dir"
	echo "wrote $dir"
}

while read -r topic seed count knobs; do
	[ -n "$topic" ] || continue
	if [ $# -gt 0 ] && [[ $want != *" $topic "* ]]; then
		continue
	fi
	# shellcheck disable=SC2086 # the knobs are several flags
	write "examples/exams/$topic" --topic "$topic" --seed "$seed" --count "$count" $knobs
done <<<"$samples"

if [ $# -eq 0 ] || [[ $want == *" scenario "* ]]; then
	write examples/exams/scenario "$script"
fi
