// This file is `cohere map`: a script's process memory map.

package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/lang/view"
)

const mapHelp = `usage: cohere map [--run] FILE.coh

Draws the script's process memory map, high addresses at the top: one
stack per thread (growing down), the mmap region, the heap (growing up),
bss, data and text, each with its addresses, size and use, the gaps
between them, every global with its address and size, and each function's
code range in text (16 bytes an instruction).

Without --run it shows the script as loaded: the declared threads' stacks
and an empty heap. With --run it runs the script to its end first (as
cohere run does, printing nothing of the run) and shows every thread and
goroutine started, each stack's pointer, the heap objects allocated and
the break (brk). The REPL's "show map" draws the same diagram mid-run.

Flags (before or after the file):
  --run               run the script to its end first

Exit status: 0 the map was drawn (even when the run failed: the first
line says how it ended); 2 bad usage, or a script that does not parse or
check (errors are printed as file:line:col with the line and a caret).
`

func mapCommand(e *env, args []string) error {
	fs := flag.NewFlagSet("map", flag.ContinueOnError)
	run := fs.Bool("run", false, "")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("give one script: cohere map [--run] FILE.coh")
	}
	s, err := loadScript(e, files[0], scenario.Overrides{})
	if err != nil {
		if _, ok := err.(*failure); ok {
			return &scriptError{}
		}
		return err
	}
	if !*run {
		fmt.Fprintf(e.stdout, "memory map of %s as loaded (cohere map --run shows it after a run)\n", s.Name)
		fmt.Fprint(e.stdout, view.MemoryMap(s, nil))
		return nil
	}
	vm, err := s.NewVM(scenario.Options{Stop: e.stop()})
	if err != nil {
		return &inputError{err}
	}
	res := vm.Run()
	how := res.Outcome.String()
	if res.Outcome != interp.Finished && res.Message != "" {
		how += ": " + strings.SplitN(res.Message, "\n", 2)[0]
	}
	fmt.Fprintf(e.stdout, "memory map of %s after the run: %d steps, %s\n", s.Name, res.Steps, how)
	fmt.Fprint(e.stdout, view.MemoryMap(s, vm))
	return nil
}
