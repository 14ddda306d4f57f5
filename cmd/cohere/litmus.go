// This file is `cohere litmus`: herdtools7 litmus tests for x86, answered
// by exploring every interleaving on a machine with store buffers.

package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/litmus"
)

const litmusHelp = `usage: cohere litmus [flags] FILE.litmus...

Reads herdtools7 litmus tests for X86 (Intel syntax: MOV [x],$1, MOV
EAX,[y], MFENCE, XCHG, LOCK ADD ...) and X86_64 (AT&T syntax: movl $1,(x),
movl (y),%eax, mfence, xchgl, lock addl ...), runs every interleaving of
each on a machine whose cores have x86-TSO store buffers, and prints what
herd7 prints: the final states over the locations the condition and the
locations line name, Ok or No (does the condition hold?), the witness
counts, and how often the condition's proposition is seen (Never,
Sometimes or Always). docs/litmus.md lists the instructions translated.

Flags (before or after the files):
  --model M        tso (default): a FIFO store buffer per core, loads read
                   their own buffer first, MFENCE and locked instructions
                   drain it; sc: no store buffer (sequential consistency)
  --script         print the .coh script each test becomes instead of
                   running it: globals, pinned threads, a machine with
                   storebuffer N (0 for sc), run all, and the condition as
                   an expect; cohere run on it shows a schedule reaching
                   each final state
  --max-states N   stop an exploration after N states (default 1000000)
  --timeout D      stop an exploration after D, such as 30s (default 10s)

Positive and Negative count distinct final states, not herd's candidate
executions; there is no Time or Hash line.

Exit status: 0 every test was answered (the verdict, Ok or No, is printed,
not returned); 1 an exploration was cut short by a bound; 2 bad usage, or a
test that does not parse (errors are printed as file:line:col with the line
and a caret).
`

func litmusCommand(e *env, args []string) error {
	fs := flag.NewFlagSet("litmus", flag.ContinueOnError)
	model := fs.String("model", "tso", "")
	script := fs.Bool("script", false, "")
	maxStates := fs.Int("max-states", 1000000, "")
	timeout := fs.Duration("timeout", 10*time.Second, "")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("give the tests to run: cohere litmus FILE.litmus")
	}
	m, err := litmus.ParseModel(*model)
	if err != nil {
		return usagef("--model %s: want tso or sc", *model)
	}
	if *maxStates < 1 {
		return usagef("--max-states %d: want 1 or more", *maxStates)
	}
	if *timeout <= 0 {
		return usagef("--timeout %s: want a duration above 0, such as 30s", *timeout)
	}
	out := bufio.NewWriter(e.stdout)
	defer out.Flush()
	explore := litmus.ScenarioExplorer(litmus.ExploreOptions{MaxStates: *maxStates, Timeout: *timeout, Stop: e.stop()})
	bad, cut := false, false
	for _, path := range files {
		src, err := readLitmus(path)
		if err != nil {
			out.Flush()
			fmt.Fprintf(e.stderr, "cohere litmus: %v\n", err)
			bad = true
			continue
		}
		t, errs := litmus.Parse(path, src)
		if len(errs) > 0 {
			out.Flush()
			fmt.Fprint(e.stderr, diag.Render(errs, src, 20))
			bad = true
			continue
		}
		if *script {
			s, err := litmus.Translate(t, m)
			if err != nil {
				return err
			}
			out.Write(s.Src)
			continue
		}
		r, err := litmus.Run(t, m, explore)
		var inc *litmus.IncompleteError
		switch {
		case errors.As(err, &inc):
			out.Flush()
			fmt.Fprintf(e.stderr, "cohere litmus: %v\n", err)
			cut = true
			continue
		case err != nil:
			out.Flush()
			fmt.Fprintf(e.stderr, "cohere litmus: %v\n", err)
			return &failure{err.Error()}
		}
		r.Write(out)
	}
	out.Flush()
	switch {
	case bad:
		return &scriptError{}
	case cut:
		return &failure{"exploration cut short"}
	}
	return nil
}

// readLitmus reads a test, at most litmus.MaxSize bytes of it (and one
// more, so that Parse can say it is too large).
func readLitmus(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, litmus.MaxSize+1))
}
