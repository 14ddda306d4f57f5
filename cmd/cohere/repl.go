// This file is `cohere repl`: the interactive session.

package main

import (
	"flag"
	"os"
	"os/signal"

	"github.com/cohere-sim/cohere/lang/repl"
)

const replHelp = `usage: cohere repl [flags] [FILE]
       cohere

An interactive session: load a scenario, step it one access at a time and
see every cache's state, go back, choose the interleaving by hand, set
breakpoints and watches, and print any expression (a, state(P1, a),
mem(a), load(P0, a)) without changing the machine. Declarations typed at
the prompt (machine, var, thread, protocol ...) add to the script. Type
help at the prompt for the commands.

On a terminal the line editor keeps a history (in the user's config
directory) and completes commands, variables, threads and protocols;
Ctrl-C stops a running simulation or discards the line, Ctrl-D ends the
session. Without a terminal (cohere repl < session.txt) lines are read as
they are, without prompts. FILE is a script (.coh) or a trace file.

Bounds (each run command, and each step command, is bounded on its own):
  --max-steps N, --max-instructions N, --max-threads N, --timeout D
`

func replCommand(e *env, args []string) error {
	fs := flag.NewFlagSet("repl", flag.ContinueOnError)
	var bounds limitFlags
	bounds.add(fs, false)
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	lim, err := bounds.limits()
	if err != nil {
		return err
	}
	if len(files) > 1 {
		return usagef("give at most one script: cohere repl [FILE.coh]")
	}
	color := e.terminal && os.Getenv("NO_COLOR") == ""
	s := repl.New(repl.Options{Out: e.stdout, Color: color, Interrupt: ctrlC, Limits: lim})
	if len(files) == 1 {
		if err := s.Load(files[0]); err != nil {
			return &inputError{err}
		}
	}
	var r repl.LineReader = repl.NewPlainReader(e.stdin)
	if e.terminal {
		lr, closeFn, err := newReadline(e, s)
		if err != nil {
			return err
		}
		defer closeFn()
		r = lr
	}
	s.Loop(r)
	return nil
}

// ctrlC catches Ctrl-C while one REPL command runs.
func ctrlC() (<-chan struct{}, func()) {
	stop := make(chan struct{})
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt)
	done := make(chan struct{})
	go func() {
		select {
		case <-sig:
			close(stop)
		case <-done:
		}
	}()
	return stop, func() { signal.Stop(sig); close(done) }
}
