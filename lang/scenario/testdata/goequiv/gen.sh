#!/bin/sh
# gen.sh regenerates every NAME.out in this directory from NAME.go by
# running real Go: the program's output, then, if it died (a panic or a
# fatal error), a line "--- panic" and the runtime's header: its first line
# ("panic: ..." or "fatal error: ...") and the nested "\tpanic: ..." lines
# that follow it when a deferred call panicked during a panic.
#
# Go's builtin print and println write to standard error while cohere
# writes them to standard output, so the program runs with both streams
# merged (each write is unbuffered, so the order is kept); the runtime's
# message is what follows the program's last line.
#
#   cd lang/scenario/testdata/goequiv && ./gen.sh          # every program
#   ./gen.sh defer_lifo recover_basic                       # some of them
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ $# -eq 0 ]; then
	set -- $(ls *.go | sed 's/\.go$//')
fi
for name in "$@"; do
	name=${name%.go}
	go build -o "$tmp/$name" "$name.go"
	status=0
	"$tmp/$name" >"$tmp/$name.all" 2>&1 || status=$?
	if [ "$status" -eq 0 ]; then
		cp "$tmp/$name.all" "$name.out"
	else
		# The runtime's message starts at the first line that begins with
		# "panic: " or "fatal error: " (the programs print no such line).
		awk '
			!hdr && (/^panic: / || /^fatal error: /) { hdr = 1; print "--- panic"; print; next }
			hdr == 1 && /^\tpanic: / { print; next }
			hdr == 1 { hdr = 2; next }
			!hdr { print }
		' "$tmp/$name.all" >"$name.out"
		if ! grep -q '^--- panic$' "$name.out"; then
			echo "$name: exit status $status without a panic message:" >&2
			cat "$tmp/$name.all" >&2
			exit 1
		fi
	fi
	echo "$name.out ($status)"
done
