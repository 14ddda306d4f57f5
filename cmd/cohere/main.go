// Command cohere simulates multi-core memory systems: coherence protocols,
// caches and the programs that run on them. See `cohere help`.
package main

// This file dispatches the subcommands and maps their outcome to the exit
// status: 0 success, 1 a failed run, 2 bad usage or bad input.

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/cohere-sim/cohere/sim/spell"
	"github.com/cohere-sim/cohere/sim/trace"
)

// Exit statuses.
const (
	exitOK    = 0
	exitFail  = 1  // the run failed: a bound hit, an invariant violated
	exitUsage = 2  // bad usage, or input that does not parse or check
	exitRace  = 66 // --race-exit: the run was fine but a data race was reported (Go's -race status)
)

// env is what a command reads and writes, so tests can run the command
// in-process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// interrupt returns a channel closed on Ctrl-C (installing the
	// handler on first use); nil in tests.
	interrupt func() <-chan struct{}
	terminal  bool // stdin and stdout are a terminal
}

type command struct {
	name    string
	summary string
	run     func(e *env, args []string) error
	help    string
}

func commands() []command {
	return []command{
		{name: "run", summary: "run a scenario script (.coh) and check its expects", run: runCommand, help: runHelp},
		{name: "repl", summary: "step, rewind and inspect a scenario interactively (also: cohere alone)", run: replCommand, help: replHelp},
		{name: "explore", summary: "run every interleaving of a scenario and list the distinct outcomes", run: exploreCommand, help: exploreHelp},
		{name: "check", summary: "parse and check a script without running it", run: checkCommand, help: checkHelp},
		{name: "map", summary: "draw a script's process memory map (--run: after running it)", run: mapCommand, help: mapHelp},
		{name: "fmt", summary: "print scripts in canonical layout (-w rewrites them)", run: fmtCommand, help: fmtHelp},
		{name: "trace", summary: "run a memory trace through the coherence engine", run: traceCommand, help: traceHelp},
		{name: "litmus", summary: "answer herdtools7 litmus tests for x86 (X86, X86_64) as herd7 does", run: litmusCommand, help: litmusHelp},
		{name: "protocol", summary: "show a protocol's table as a grid, or as a DOT or TikZ diagram", run: protocolCommand, help: protocolHelp},
		{name: "exam", summary: "generate exam problems with answer keys (md, latex, moodle, prairielearn, json)", run: examCommand, help: examHelp},
		{name: "version", summary: "print cohere's version", run: versionCommand, help: "usage: cohere version\n"},
		{name: "help", summary: "show help for a command", run: nil, help: "usage: cohere help [COMMAND]\n"},
	}
}

func main() {
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, interrupt: notifyInterrupt, terminal: isTerminal(os.Stdin) && isTerminal(os.Stdout)}
	os.Exit(cli(e, os.Args[1:]))
}

// usageError is bad usage: exit status 2.
type usageError struct{ msg string }

func (u *usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// failure is a run that went wrong after starting: exit status 1. Its
// message has been printed already.
type failure struct{ msg string }

func (f *failure) Error() string { return f.msg }

// inputError is input that cannot be read or does not parse (a missing
// file, a malformed trace line): exit status 2, without the usage hint.
type inputError struct{ err error }

func (i *inputError) Error() string { return i.err.Error() }

func cli(e *env, args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(e.stderr, "cohere: internal error: %v\n%s\nThis is a bug in cohere: please report it with the command that caused it.\n", r, debug.Stack())
			code = exitFail
		}
	}()
	if len(args) == 0 {
		return status(e, "repl", replCommand(e, nil))
	}
	name := args[0]
	if name == "-h" || name == "--help" || name == "-help" {
		name = "help"
	}
	if name == "help" {
		return helpCommand(e, args[1:])
	}
	if name == "-version" || name == "--version" {
		name = "version"
	}
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
		if c.name == name {
			return status(e, c.name, c.run(e, args[1:]))
		}
	}
	fmt.Fprintf(e.stderr, "cohere: unknown command %q%s\nRun 'cohere help' for the commands.\n", name, spell.Hint(name, names))
	return exitUsage
}

func status(e *env, name string, err error) int {
	if err == nil {
		return exitOK
	}
	var u *usageError
	var f *failure
	var in *inputError
	var se *scriptError
	var re *raceExit
	switch {
	case errors.As(err, &se):
		return exitUsage
	case errors.As(err, &re):
		return exitRace
	case errors.As(err, &u):
		fmt.Fprintf(e.stderr, "cohere %s: %s\nRun 'cohere help %s' for usage.\n", name, u.msg, name)
		return exitUsage
	case errors.As(err, &f):
		return exitFail
	case errors.As(err, &in):
		var te *trace.Error
		if errors.As(in.err, &te) {
			fmt.Fprintln(e.stderr, in.err) // file:line: message
		} else {
			fmt.Fprintf(e.stderr, "cohere %s: %v\n", name, in.err)
		}
		return exitUsage
	}
	fmt.Fprintf(e.stderr, "cohere %s: %v\n", name, err)
	return exitUsage
}
