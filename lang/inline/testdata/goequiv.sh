#!/bin/sh
# Records what `go build -gcflags=-m=2` decides for the Go twin of every
# script in lang/scenario/testdata/goequiv, in goequiv.txt beside this
# file; TestGoEquivDecisions checks cohere's decisions against it. Run from
# the repository's root after changing a twin: lang/inline/testdata/goequiv.sh
#
# Left out, as cohere does not print them: main (a thread in cohere), the
# wrappers Go makes for go and defer statements (gowrap, deferwrap), the
# package-qualified copies of closures Go makes while inlining
# (main.f.func2), and "cannot inline f into g" lines.
set -e
export LC_ALL=C
dir=lang/scenario/testdata/goequiv
out=lang/inline/testdata/goequiv.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'module twin\n\ngo 1.26\n' > "$tmp/go.mod"
: > "$out"
for g in "$dir"/*.go; do
	name=$(basename "$g" .go)
	grep -v '^//go:build' "$g" > "$tmp/main.go"
	echo "== $name" >> "$out"
	(cd "$tmp" && GOFLAGS= GOTOOLCHAIN=local go build -o /dev/null -gcflags=-m=2 . 2>&1) |
		grep -E '(can inline|cannot inline [^ ]+:) ' | grep -v ' into ' |
		sed -E 's/^[^ ]+ //; s/ as: .*//' |
		grep -Ev 'wrap[0-9]|inline main[: ]|inline main\.[A-Za-z_][A-Za-z0-9_]*\.func' | sort >> "$out"
done
