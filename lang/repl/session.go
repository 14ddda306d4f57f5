// This file holds the session: the script being explored, its run, the
// steps taken, and the read-evaluate loop.

package repl

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/lang/setup"
	"github.com/cohere-sim/cohere/lang/syntax"
	"github.com/cohere-sim/cohere/lang/types"
	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/spell"
)

// Options configure a session.
type Options struct {
	Out   io.Writer
	Color bool // ANSI colours for states (only on a terminal, never with NO_COLOR)
	// Interrupt returns a channel that is closed when the user presses
	// Ctrl-C while a command runs (nil: never).
	Interrupt func() (stop <-chan struct{}, done func())
	// Limits bound each run command.
	Limits interp.Limits
}

// Session is one interactive session.
type Session struct {
	opt       Options
	out       io.Writer
	name      string // the script's file name, or "repl"
	src       string // the script: a loaded file plus declarations typed since
	ov        scenario.Overrides
	scen      *scenario.Scenario
	vm        *interp.VM
	choices   []string // the thread each step was given by hand ("" = the scheduler's choice)
	events    []stepEvent
	last      []stepEvent // the events of the last step
	breaks    []breakpoint
	watches   []*watch
	history   []string
	quit      bool
	replaying bool // back is replaying steps: their output was shown already
	// exploring: the run is on the explorer's terms (a run all script, or
	// a witness replayed): threads on fixed cores, every step named.
	exploring bool
	// bufferedBefore is how many stores waited in the store buffers
	// before the step.
	bufferedBefore int
	// linesBefore is the line each thread stood on before the step.
	linesBefore map[string]int
	// racesShown is how many of the run's race reports have been printed.
	racesShown int
}

// stepEvent is an event copied out of the engine with the step it
// belongs to.
type stepEvent struct {
	step   uint64
	thread string
	ev     sim.Event
}

// New starts an empty session.
func New(opt Options) *Session {
	s := &Session{opt: opt, out: opt.Out, name: "repl"}
	s.ov.Partial = true
	s.reload()
	return s
}

// Load starts the session on a script file, or on a trace file (any
// name not ending in .coh) to step through. Breakpoints and watches, which
// name the old script's variables, are dropped.
func (s *Session) Load(path string) error {
	if n := len(s.breaks) + len(s.watches); n > 0 {
		defer func() {
			if s.name == path {
				s.breaks, s.watches = nil, nil
				s.printf("(breakpoints and watches cleared: they belonged to the previous script)\n")
			}
		}()
	}
	if !strings.HasSuffix(path, ".coh") {
		sc, err := scenario.LoadTrace(path, s.ov)
		if err != nil {
			return err
		}
		s.name, s.src, s.scen = path, "", sc
		s.restart()
		if sc.Truncated {
			s.printf("(the trace is long: the session holds its first %d references)\n", scenario.MaxTraceRefs)
		}
		return nil
	}
	src, err := scenario.ReadScript(path)
	if err != nil {
		return err
	}
	sc, errs := scenario.Load(path, src, s.ov)
	if len(errs) > 0 {
		return errors.New(strings.TrimRight(diag.Render(errs, src, 20), "\n"))
	}
	s.name, s.src, s.scen = path, string(src), sc
	s.restart()
	return nil
}

// reload rebuilds the scenario from the session's source and restarts the
// run; on failure it reports why and keeps the previous scenario and run.
func (s *Session) reload() bool {
	sc, errs := scenario.Load(s.name, []byte(s.src), s.ov)
	if len(errs) > 0 {
		s.printErrors(errs, s.src)
		return false
	}
	old, oldVM, oldChoices := s.scen, s.vm, append([]string(nil), s.choices...)
	s.scen = sc
	if !s.restart() {
		s.scen, s.vm, s.choices = old, oldVM, oldChoices
		return false
	}
	return true
}

// restart starts the run over on a fresh machine; it reports whether the
// run could start.
func (s *Session) restart() bool {
	s.exploring = s.scen != nil && s.scen.Run.Mode == setup.RunAll
	s.choices = s.choices[:0]
	s.events, s.last = nil, nil
	s.racesShown = 0
	s.vm = s.newVM(true)
	for _, w := range s.watches {
		w.last, w.ok = s.watchValue(w)
	}
	return s.vm != nil
}

// newVM prepares a run; observed, every access is copied for display.
func (s *Session) newVM(observed bool) *interp.VM {
	opt := scenario.Options{Limits: s.opt.Limits, Output: programOutput{s}, Explore: s.exploring, Race: true}
	if observed {
		opt.StepObservers = []interp.StepObserver{s}
	}
	vm, err := s.scen.NewVM(opt)
	if err != nil {
		s.printf("cannot start the run: %v\n", err)
		return nil
	}
	return vm
}

// programOutput shows the program's own output as it happens, except
// while back replays steps whose output was shown already.
type programOutput struct{ s *Session }

func (p programOutput) Write(b []byte) (int, error) {
	if !p.s.replaying {
		p.s.out.Write(b)
	}
	return len(b), nil
}

// ObserveStep keeps a copy of every event of the current step.
func (s *Session) ObserveStep(step uint64, thread string, e *sim.Event) {
	c := *e
	c.Bus = append([]sim.BusTxn(nil), e.Bus...)
	c.Snoops = append([]sim.Snoop(nil), e.Snoops...)
	c.Before = append([]protocolState(nil), e.Before...)
	c.After = append([]protocolState(nil), e.After...)
	s.events = append(s.events, stepEvent{step: step, thread: thread, ev: c})
}

func (s *Session) printf(format string, args ...any) { fmt.Fprintf(s.out, format, args...) }

func (s *Session) printErrors(errs diag.List, src string) {
	fmt.Fprint(s.out, diag.Render(errs, []byte(src), 10))
}

// Loop reads and runs inputs until quit or the end of input.
func (s *Session) Loop(r LineReader) {
	for !s.quit {
		input, err := s.readInput(r)
		if err == io.EOF {
			return
		}
		if err == ErrInterrupt {
			continue
		}
		if err != nil {
			s.printf("error reading input: %v\n", err)
			return
		}
		if strings.TrimSpace(input) == "" {
			continue
		}
		r.AddHistory(input)
		s.Execute(input)
	}
}

// readInput reads one input: a line, or the lines of a block that is
// still open (a declaration whose braces are not closed yet).
func (s *Session) readInput(r LineReader) (string, error) {
	line, err := r.ReadLine("cohere> ")
	if err != nil {
		return "", err
	}
	input := line
	for isLanguage(input) && incomplete(input) {
		more, err := r.ReadLine("...     ")
		if err == ErrInterrupt {
			return "", ErrInterrupt
		}
		if err != nil {
			return input, nil // the end of input: what we have is what there is
		}
		input += "\n" + more
	}
	return input, nil
}

// incomplete reports whether src stops in the middle of a declaration.
func incomplete(src string) bool {
	_, errs := syntax.Parse("repl", []byte(src))
	return len(errs) > 0 && syntax.Incomplete(errs)
}

// Execute runs one complete input: a command, a declaration, or an
// expression to print. A panic inside is reported and the session goes on.
func (s *Session) Execute(input string) {
	s.history = append(s.history, input)
	defer func() {
		if r := recover(); r != nil {
			stack := ""
			if os.Getenv("COHERE_DEBUG") != "" {
				stack = "\n" + string(debug.Stack())
			}
			s.printf("internal error while running %q: %v%s\nthis is a bug in cohere: please report it (COHERE_DEBUG=1 shows where); the session goes on\n", firstLine(input), r, stack)
		}
	}()
	fields := strings.Fields(input)
	if len(fields) == 0 {
		return
	}
	if cmd, ok := commandNamed(fields[0]); ok {
		cmd.run(s, fields[1:])
		return
	}
	if isLanguage(input) {
		s.declare(input)
		return
	}
	// A mistyped command (stpe, shwo caches) is not an expression either.
	if near := spell.Nearest(fields[0], CommandNames()); near != "" && !s.isName(fields[0]) {
		s.printf("unknown command %s (did you mean %s?); help lists the commands\n", fields[0], near)
		return
	}
	s.inspect(input)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// declarationWords start the declarations that can be typed at the prompt.
var declarationWords = map[string]bool{"machine": true, "memory": true, "var": true, "func": true, "thread": true,
	"trace": true, "protocol": true, "run": true, "expect": true, "init": true}

// isLanguage reports whether input is a declaration.
func isLanguage(input string) bool {
	fields := strings.Fields(input)
	return len(fields) > 0 && declarationWords[fields[0]]
}

// declare adds a declaration to the script; the run starts over.
func (s *Session) declare(input string) {
	old := s.src
	steps := len(s.choices)
	if s.src != "" && !strings.HasSuffix(s.src, "\n") {
		s.src += "\n"
	}
	first := strings.Count(s.src, "\n") + 1 // the typed lines go on from the script's
	s.src += input + "\n"
	if !s.reload() {
		s.src = old
		return
	}
	// Say where the declaration stands: errors, panics and break LINE
	// use these line numbers.
	where := fmt.Sprintf("line %d", first)
	if last := first + strings.Count(input, "\n"); last > first {
		where = fmt.Sprintf("lines %d-%d", first, last)
	}
	if steps > 0 {
		s.printf("declared at %s; the run starts over (it was at step %d)\n", where, steps)
	} else {
		s.printf("declared at %s\n", where)
	}
}

// isName reports whether word is a name of the script (a variable or a
// thread), which the user may mean rather than a command.
func (s *Session) isName(word string) bool {
	for _, n := range append(s.variables(), s.threads()...) {
		if n == word {
			return true
		}
	}
	return false
}

// inspect evaluates an expression and prints its value.
func (s *Session) inspect(src string) {
	if s.vm == nil {
		s.printf("nothing to inspect: the script did not load\n")
		return
	}
	if g, ok := s.scen.Prog.GlobalOf[strings.TrimSpace(src)]; ok && g.Type.Kind == types.Array {
		// A whole array: its elements.
		var elems []string
		for i := 0; i < g.Type.Len; i++ {
			v, errs := s.scen.Inspect(fmt.Sprintf("%s[%d]", g.Name, i), s.vm)
			if len(errs) > 0 {
				s.printErrors(errs, src)
				return
			}
			elems = append(elems, v.String())
		}
		s.printf("[%s]\n", strings.Join(elems, " "))
		return
	}
	v, errs := s.scen.Inspect(src, s.vm)
	if len(errs) > 0 {
		s.printErrors(errs, src)
		return
	}
	s.printf("%s\n", v)
}
