// This file defines the REPL's commands: their help, and the ones that
// move the run (step, next, back, run, reset) or change the session.

package repl

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/sim/protocol"
	"github.com/cohere-sim/cohere/sim/spell"
)

type protocolState = protocol.State

type command struct {
	name    string
	usage   string
	summary string
	example string
	run     func(s *Session, args []string)
}

func commands() []command {
	return []command{
		{"load", "load FILE", "load a script (.coh), or a trace file to step through; the run starts at step 0", "load examples/mutex.coh", (*Session).cmdLoad},
		{"reload", "reload", "read the script file again and start over", "reload", (*Session).cmdReload},
		{"reset", "reset", "start the run over from step 0 (declarations kept)", "reset", (*Session).cmdReset},
		{"step", "step [N]", "take N steps (default 1), each chosen by the scheduler, and show what each did; Ctrl-C stops between steps", "step 3", (*Session).cmdStep},
		{"next", "next THREAD [N]", "take N steps (default 1) of THREAD: choose the interleaving by hand", "next w1", (*Session).cmdNext},
		{"back", "back [N]", "undo the last N steps (default 1), exactly: the run is replayed up to there", "back 2", (*Session).cmdBack},
		{"replay", "replay STEP...", "start over and take the steps of a witness that explore printed (thread names, P1.drain for a store buffer, w0:1 for a select's second case); threads sit on the explorer's fixed cores", "replay w0 w1 w1 w0", (*Session).cmdReplay},
		{"explore", "explore [statement]", "run every interleaving (run all) and list the distinct outcomes with a witness each; the session's run is left as it is", "explore", (*Session).cmdExplore},
		{"run", "run", "run to the end or the next breakpoint (Ctrl-C stops it); at the end the expects are checked", "run", (*Session).cmdRun},
		{"continue", "continue", "the same as run", "continue", (*Session).cmdRun},
		{"break", "break VAR | LINE | state VAR STATE | bus KIND", "stop a run when VAR is accessed, a thread reaches LINE, VAR's line enters STATE in some cache, or a bus transaction of KIND happens; break alone lists the breakpoints", "break state counter M", (*Session).cmdBreak},
		{"clear", "clear [N]", "delete breakpoint N, or all of them", "clear 1", (*Session).cmdClear},
		{"watch", "watch EXPR", "print EXPR's value whenever a step changes it; watch alone lists the watches", "watch counter", (*Session).cmdWatch},
		{"unwatch", "unwatch [N]", "delete watch N, or all of them", "unwatch 1", (*Session).cmdUnwatch},
		{"show", "show caches|cache N|line VAR|bus|memory|map|threads|buffers|stats|races|protocol [NAME]", "show the machine now, or the data races the race detector reported so far", "show line counter", (*Session).cmdShow},
		{"explain", "explain", "the last step in words", "explain", (*Session).cmdExplain},
		{"set", "set seed N | protocol P | cores N | schedule MODE [ARGS]", "change a setting of the machine or the run (schedule: sequential, roundrobin [quantum N], random [seed N], timed, order T1 T2 ...); the run starts over", "set schedule roundrobin quantum 2", (*Session).cmdSet},
		{"history", "history", "list the inputs of this session", "history", (*Session).cmdHistory},
		{"help", "help [COMMAND]", "list the commands, or explain one", "help step", (*Session).cmdHelp},
		{"quit", "quit", "end the session (Ctrl-D does too)", "quit", (*Session).cmdQuit},
		{"exit", "exit", "the same as quit", "exit", (*Session).cmdQuit},
	}
}

func commandNamed(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// CommandNames lists the commands, for completion.
func CommandNames() []string {
	var out []string
	for _, c := range commands() {
		out = append(out, c.name)
	}
	return out
}

func (s *Session) cmdHelp(args []string) {
	if len(args) > 0 {
		c, ok := commandNamed(args[0])
		if !ok {
			s.printf("no command %s%s\n", args[0], spell.Hint(args[0], CommandNames()))
			return
		}
		s.printf("%s\n  %s\n  example: %s\n", c.usage, wrap(c.summary, 76, "  "), c.example)
		return
	}
	s.printf("commands:\n")
	for _, c := range commands() {
		s.printf("  %-10s %s\n", c.name, wrap(c.summary, 66, "             "))
	}
	s.printf(`anything else is the language: a declaration (machine, var, func, thread,
protocol, run, expect ...) adds to the script and starts the run over; an
expression (a, state(P1, a), mem(a), load(P0, a), w1.r1) prints its value now.
help COMMAND shows a command's form and an example.
`)
}

func (s *Session) cmdQuit([]string) { s.quit = true }

func (s *Session) cmdHistory(args []string) {
	if s.extra("history", args, 0) {
		return
	}
	for i, h := range s.history {
		s.printf("%4d  %s\n", i+1, strings.ReplaceAll(h, "\n", "\n      "))
	}
}

func (s *Session) cmdLoad(args []string) {
	if len(args) != 1 {
		s.printf("usage: load FILE.coh\n")
		return
	}
	if err := s.Load(args[0]); err != nil {
		s.printf("%v\n", err)
		return
	}
	s.printf("loaded %s: %s\n", args[0], s.describeRun())
}

func (s *Session) cmdReload(args []string) {
	if s.extra("reload", args, 0) {
		return
	}
	if s.name == "repl" {
		s.cmdReset(nil)
		return
	}
	if err := s.Load(s.name); err != nil {
		s.printf("%v\n", err)
		return
	}
	s.printf("reloaded %s: %s\n", s.name, s.describeRun())
}

func (s *Session) cmdReset(args []string) {
	if s.extra("reset", args, 0) {
		return
	}
	s.restart()
	s.printf("reset: step 0\n")
}

// describeRun says what the run is made of.
func (s *Session) describeRun() string {
	mc := s.scen.Machine
	var names []string
	for _, t := range s.scen.Prog.Threads {
		names = append(names, t.Name)
	}
	threads := "no threads yet"
	if len(names) > 0 {
		threads = "threads " + strings.Join(names, " ")
	}
	if n := len(s.scen.Prog.Trace); n > 0 {
		threads += fmt.Sprintf(", a trace of %d accesses", n)
	}
	return fmt.Sprintf("%d cores, %s, %s; step 0", mc.Sim.Cores, s.scen.Table().Name, threads)
}

// wrap breaks text into lines of at most width characters, indenting
// the lines after the first.
func wrap(text string, width int, indent string) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(text) {
		if i > 0 && n+1+len(w) > width {
			b.WriteString("\n" + indent)
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += len(w)
	}
	return b.String()
}

// extra reports (and says) that a command got more arguments than it takes.
func (s *Session) extra(cmd string, args []string, max int) bool {
	if len(args) > max {
		c, _ := commandNamed(cmd)
		s.printf("%s: too many arguments; usage: %s\n", cmd, c.usage)
		return true
	}
	return false
}

// count reads an optional step count.
func (s *Session) count(args []string, i int) (int, bool) {
	if len(args) <= i {
		return 1, true
	}
	n, err := strconv.Atoi(args[i])
	if err != nil || n < 1 {
		s.printf("%s: want a number of steps, 1 or more\n", args[i])
		return 0, false
	}
	return n, true
}

func (s *Session) ready() bool {
	if s.vm == nil {
		s.printf("nothing to run: the script did not load\n")
		return false
	}
	if len(s.scen.Prog.Threads) == 0 && len(s.scen.Prog.Trace) == 0 {
		s.printf("nothing to run: the script has no threads yet (declare one: thread NAME { ... })\n")
		return false
	}
	if s.vm.Done() {
		s.printf("the run is over (%s): back to go back, reset to start again\n", outcome(s.vm.Result()))
		return false
	}
	return true
}

func (s *Session) cmdStep(args []string) {
	if s.extra("step", args, 1) {
		return
	}
	if n, ok := s.count(args, 0); ok {
		s.steps(n, "")
	}
}

func (s *Session) cmdNext(args []string) {
	if len(args) < 1 {
		s.printf("usage: next THREAD [N]\n")
		return
	}
	if n, ok := s.count(args, 1); ok {
		s.steps(n, args[0])
	}
}

// steps takes n steps, each shown, by the scheduler (thread "") or of the
// given thread, until the run ends or Ctrl-C.
func (s *Session) steps(n int, thread string) {
	stop, done := s.catchInterrupt(n)
	defer done()
	s.vm.RestartClock()
	for i := 0; i < n && s.ready(); i++ {
		if s.interrupted(stop) {
			return
		}
		took, err := s.takeStep(thread)
		if err != nil {
			if len(s.scen.Prog.Threads) == 0 && len(s.scen.Prog.Trace) > 0 {
				s.printf("cannot step %s: a trace has no threads; use step\n", thread)
				return
			}
			s.printf("cannot step %s: %v%s\n", thread, err, spell.Hint(thread, s.threadNames()))
			return
		}
		if took {
			s.showStep()
			s.showNewRaces()
		}
		if s.vm.Done() {
			s.showEnd()
			return
		}
	}
}

// takeStep takes one step, by the scheduler (thread "") or of the given
// thread, and records it for back. It reports whether a step was taken
// (none when the run turns out to be over).
func (s *Session) takeStep(thread string) (bool, error) {
	s.events = s.events[:0]
	s.beforeStep()
	s.bufferedBefore = s.buffered()
	before := s.vm.StepCount()
	if thread == "" {
		s.vm.Step()
	} else if err := s.vm.StepThread(thread); err != nil {
		return false, err
	}
	if s.vm.StepCount() == before {
		return false, nil // the run ended without a step (everything finished or blocked)
	}
	s.choices = append(s.choices, thread)
	s.last = append(s.last[:0], s.events...)
	return true, nil
}

func (s *Session) threadNames() []string {
	var out []string
	for _, t := range s.vm.Threads() {
		out = append(out, t.Name)
	}
	return out
}

// cmdBack undoes steps by replaying the run from the start up to the step
// before: the run is deterministic, so the state is exactly the one the
// run had there.
func (s *Session) cmdBack(args []string) {
	if s.extra("back", args, 1) {
		return
	}
	n, ok := s.count(args, 0)
	if !ok {
		return
	}
	if s.vm == nil {
		return
	}
	if len(s.choices) == 0 {
		s.printf("at step 0: nothing to go back to\n")
		return
	}
	if n > len(s.choices) {
		s.printf("only %d steps to go back\n", len(s.choices))
		n = len(s.choices)
	}
	s.replay(len(s.choices) - n)
	s.printf("back at step %d\n", len(s.choices))
	if len(s.last) > 0 {
		s.printf("the last step was:\n")
		s.showStep()
	}
}

// replay restarts the run and takes the first k recorded steps again:
// all but the last unobserved, on the engine's fast path, with the
// program's output silenced (it was shown the first time).
func (s *Session) replay(k int) {
	choices := append([]string(nil), s.choices[:k]...)
	s.choices = s.choices[:0]
	s.events, s.last = nil, nil
	s.replaying = true
	s.vm = s.newVM(false)
	if s.vm == nil {
		s.replaying = false
		return
	}
	s.vm.RestartClock()
	for i, c := range choices {
		if i == len(choices)-1 {
			s.vm.AddStepObserver(s)
		}
		s.takeStep(c)
	}
	if len(choices) == 0 {
		s.vm.AddStepObserver(s)
	}
	s.replaying = false
	s.racesShown = len(s.vm.Races()) // shown when the steps were first taken
	for _, w := range s.watches {
		w.last, w.ok = s.watchValue(w)
	}
}

// catchInterrupt catches Ctrl-C for a command of n steps (a single step
// is over too soon to need it). The command watches stop between steps;
// the VM is not given it: it would end the run for good ("interrupted
// after N steps") when Ctrl-C came during one of its own checks, and,
// left set, at the next check of a later command.
func (s *Session) catchInterrupt(n int) (stop <-chan struct{}, done func()) {
	if s.opt.Interrupt == nil || n < 2 {
		return nil, func() {}
	}
	return s.opt.Interrupt()
}

// interrupted reports, and says, whether Ctrl-C was pressed.
func (s *Session) interrupted(stop <-chan struct{}) bool {
	select {
	case <-stop:
		s.printf("interrupted at step %d\n", len(s.choices))
		return true
	default:
		return false
	}
}

// cmdRun runs until the end, a breakpoint, a bound or Ctrl-C.
func (s *Session) cmdRun(args []string) {
	if s.extra("run", args, 0) || !s.ready() {
		return
	}
	stop, done := s.catchInterrupt(2)
	defer done()
	s.vm.RestartClock()
	start := len(s.choices)
	for !s.vm.Done() {
		if s.interrupted(stop) {
			return
		}
		if took, _ := s.takeStep(""); !took {
			break
		}
		if hit := s.checkBreaks(); hit != "" {
			s.printf("stopped at step %d: %s\n", len(s.choices), hit)
			s.showStep()
			s.showNewRaces()
			return
		}
		s.showNewRaces()
		s.checkWatches()
	}
	s.printf("ran %d steps\n", len(s.choices)-start)
	s.showEnd()
}

// showEnd prints how the run ended and checks the expects.
func (s *Session) showEnd() {
	r := s.vm.Result()
	s.printf("the run is over: %s after %d steps\n", outcome(r), len(s.choices))
	if r.Message != "" {
		s.printf("%s\n", r.Message)
	}
	for _, d := range s.scen.Expects {
		x := s.vm.Evaluate(d, s.scen.Info)
		status := "ok  "
		if !x.OK {
			status = "FAIL"
		}
		switch d.Kind {
		case "possible", "never", "always":
			// Over every interleaving, not one run: say what this run shows.
			holds := "holds"
			if !x.OK {
				holds = "does not hold"
			}
			s.printf("     expect %s   (in this run the condition %s; explore checks every interleaving)\n", x.Text, holds)
			continue
		}
		var parts []string
		for _, kv := range x.SortedValues() {
			parts = append(parts, kv[0]+" = "+kv[1])
		}
		if x.Err != "" {
			parts = append(parts, "error: "+x.Err)
		}
		s.printf("%s expect %s   (%s)\n", status, x.Text, strings.Join(parts, ", "))
	}
}

func outcome(r *interp.Result) string {
	if r == nil {
		return "running"
	}
	return r.Outcome.String()
}

func (s *Session) cmdSet(args []string) {
	if len(args) < 2 || args[0] != "schedule" && len(args) != 2 {
		s.printf("usage: set seed N | protocol P | cores N | schedule MODE [ARGS]\n")
		return
	}
	ov := s.ov
	switch args[0] {
	case "seed":
		n, err := strconv.ParseUint(args[1], 10, 64)
		if err != nil {
			s.printf("seed %s: want a whole number from 0 up\n", args[1])
			return
		}
		ov.Seed = &n
	case "protocol":
		if _, ok := protocol.Canonical(args[1]); !ok && s.scen.Protocols[args[1]] == nil {
			var names []string
			names = append(names, protocol.Names()...)
			names = append(names, sortedKeys(s.scen.Protocols)...)
			s.printf("set protocol %s: no such protocol%s; the protocols are %s\n", args[1], spell.Hint(args[1], names), strings.Join(names, ", "))
			return
		}
		ov.Protocol = args[1]
	case "cores":
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 1 || n > 1024 {
			s.printf("cores %s: a machine has 1 to 1024 cores\n", args[1])
			return
		}
		ov.Cores = n
	case "schedule":
		ov.Run = strings.Join(args[1:], " ")
		if _, errs := scenario.Load(s.name, []byte(s.src), ov); len(errs) > 0 && errs[0].Pos.File == "--run" {
			s.printf("set schedule %s: %s\n", ov.Run, errs[0].Msg)
			return
		}
	default:
		s.printf("set %s: settings are seed, protocol, cores and schedule%s\n", args[0], spell.Hint(args[0], []string{"seed", "protocol", "cores", "schedule"}))
		return
	}
	old := s.ov
	s.ov = ov
	if !s.reload() {
		s.ov = old
		return
	}
	s.printf("set %s: %s\n", strings.Join(args, " "), s.describeRun())
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
