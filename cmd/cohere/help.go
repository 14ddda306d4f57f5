// This file prints `cohere help` and `cohere version`.

package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/cohere-sim/cohere/sim/spell"
)

// version is cohere's release; a `go install`ed binary reports its module
// version instead when it has one.
const version = "v0.1.0-dev"

func printHelp(w io.Writer) {
	fmt.Fprint(w, `cohere simulates multi-core memory systems: private caches kept coherent
(or not) by a protocol, with counters, events and invariant checks.

usage: cohere COMMAND [flags] [files]

commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run 'cohere help COMMAND' for a command's flags and examples.
Exit status: 0 success, 1 a failed run (a bound hit, a check failed),
2 bad usage or bad input, 66 a data race reported under run --race-exit.
`)
}

func helpCommand(e *env, args []string) int {
	if len(args) == 0 {
		printHelp(e.stdout)
		return exitOK
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
		if c.name == args[0] {
			fmt.Fprint(e.stdout, c.help)
			return exitOK
		}
	}
	fmt.Fprintf(e.stderr, "cohere help: unknown command %q%s\n", args[0], spell.Hint(args[0], names))
	return exitUsage
}

func versionCommand(e *env, args []string) error {
	if len(args) > 0 {
		return usagef("version takes no arguments")
	}
	v := version
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	fmt.Fprintf(e.stdout, "cohere %s (%s %s/%s)\n", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
