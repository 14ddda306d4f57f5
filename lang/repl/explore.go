// This file is the REPL's side of `run all`: explore every interleaving
// from the prompt, and replay a witness step by step.

package repl

import (
	"strings"

	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/lang/setup"
	"github.com/cohere-sim/cohere/lang/view"
)

// cmdExplore explores the loaded script's interleavings and prints the
// outcomes; `explore statement` makes each statement one step.
func (s *Session) cmdExplore(args []string) {
	if s.extra("explore", args, 1) || s.vm == nil {
		return
	}
	if len(s.scen.Prog.Threads) == 0 {
		s.printf("nothing to explore: the script has no threads yet (declare one: thread NAME { ... })\n")
		return
	}
	atomicity := s.scen.Run.Atomicity.String()
	if s.scen.Run.Mode != setup.RunAll {
		atomicity = "access"
	}
	if len(args) == 1 {
		if args[0] != "statement" && args[0] != "access" {
			s.printf("usage: explore [statement|access]\n")
			return
		}
		atomicity = args[0]
	}
	ov := s.ov
	ov.Run = "all atomicity " + atomicity
	sc, errs := scenario.Load(s.name, []byte(s.src), ov)
	if len(errs) > 0 {
		s.printErrors(errs, s.src)
		return
	}
	stop, done := s.catchInterrupt(2)
	defer done()
	x, errs := sc.Explore(scenario.ExploreOptions{Stop: stop, Timeout: s.opt.Limits.Time, Limits: s.opt.Limits})
	if len(errs) > 0 {
		s.printErrors(errs, s.src)
		return
	}
	view.Exploration(s.out, s.name, x)
	s.printf("(replay WITNESS takes one of them step by step)\n")
}

// cmdReplay starts the run over on the explorer's terms and takes the
// named steps, showing each.
func (s *Session) cmdReplay(args []string) {
	if len(args) == 0 {
		s.printf("usage: replay STEP... (a witness from explore, such as replay w0 w1 w1 w0)\n")
		return
	}
	if s.scen == nil || s.vm == nil {
		s.printf("nothing to run: the script did not load\n")
		return
	}
	if !s.exploring {
		s.printf("(threads are placed on fixed cores, as the explorer places them)\n")
	}
	s.restart()
	s.exploring = true
	s.vm = s.newVM(true)
	if s.vm == nil {
		return
	}
	for _, w := range s.watches {
		w.last, w.ok = s.watchValue(w)
	}
	steps, err := scenario.ExpandWitness(strings.Fields(strings.Join(args, " ")))
	if err != nil {
		s.printf("replay: %v\n", err)
		return
	}
	// A long witness shows its last few steps only.
	const shown = 5
	quiet := 0
	if len(steps) > 4*shown {
		quiet = len(steps) - shown
		s.printf("(%d steps; the first %d are taken without showing them)\n", len(steps), quiet)
	}
	for i, step := range steps {
		if !s.ready() {
			s.printf("the witness has %d more steps than the run\n", len(steps)-i)
			return
		}
		if _, err := s.takeStep(step); err != nil {
			s.printf("cannot step %s (step %d of the witness): %v\n", step, i+1, err)
			return
		}
		if i >= quiet {
			s.showStep()
		}
		if s.vm.Done() {
			s.showEnd()
			return
		}
	}
}

// buffered is how many stores wait in all the store buffers.
func (s *Session) buffered() int {
	n := 0
	for c := 0; c < s.vm.Machine().Cores(); c++ {
		n += len(s.vm.StoreBuffer(c))
	}
	return n
}
