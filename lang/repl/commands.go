// This file defines the REPL's commands: their help, and the ones that
// move the run (step, next, back, run, reset) or change the session.

package repl

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/cohere-sim/cohere/lang/interp"
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
		{"load", "load FILE.coh", "load a script; the run starts at step 0", "load examples/mutex.coh", (*Session).cmdLoad},
		{"reload", "reload", "read the script file again and start over", "reload", (*Session).cmdReload},
		{"reset", "reset", "start the run over from step 0 (declarations kept)", "reset", (*Session).cmdReset},
		{"step", "step [N]", "take N steps (default 1), each chosen by the scheduler, and show what each did", "step 3", (*Session).cmdStep},
		{"next", "next THREAD [N]", "take a step of THREAD: choose the interleaving by hand", "next w1", (*Session).cmdNext},
		{"back", "back [N]", "undo the last N steps (default 1), exactly: the run is replayed up to there", "back 2", (*Session).cmdBack},
		{"run", "run", "run to the end or the next breakpoint; at the end the expects are checked", "run", (*Session).cmdRun},
		{"continue", "continue", "the same as run", "continue", (*Session).cmdRun},
		{"break", "break VAR | LINE | state VAR STATE | bus KIND", "stop a run when VAR is accessed, a thread reaches LINE, VAR's line enters STATE in a cache, or a bus transaction of KIND happens; break alone lists them", "break state counter M", (*Session).cmdBreak},
		{"clear", "clear [N]", "delete breakpoint N, or all of them", "clear 1", (*Session).cmdClear},
		{"watch", "watch VAR", "print VAR's value whenever a step changes it", "watch counter", (*Session).cmdWatch},
		{"show", "show caches|cache N|line VAR|bus|memory|map|threads|stats|protocol [NAME]", "show the machine now", "show line counter", (*Session).cmdShow},
		{"explain", "explain", "the last step in words", "explain", (*Session).cmdExplain},
		{"set", "set seed N | protocol P | cores N | schedule MODE", "change a setting of the machine or the run; the run starts over", "set protocol MOESI", (*Session).cmdSet},
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
		s.printf("%s\n  %s\n  example: %s\n", c.usage, c.summary, c.example)
		return
	}
	s.printf("commands:\n")
	for _, c := range commands() {
		s.printf("  %-10s %s\n", c.name, c.summary)
	}
	s.printf(`anything else is the language: a declaration (machine, var, func, thread,
protocol, run, expect ...) adds to the script and starts the run over; an
expression (a, state(P1, a), mem(a), load(P0, a), w1.r1) prints its value now.
help COMMAND shows a command's form and an example.
`)
}

func (s *Session) cmdQuit([]string) { s.quit = true }

func (s *Session) cmdHistory([]string) {
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

func (s *Session) cmdReload([]string) {
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

func (s *Session) cmdReset([]string) {
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
	if s.vm.Done() {
		s.printf("the run is over (%s): back to go back, reset to start again\n", outcome(s.vm.Result()))
		return false
	}
	return true
}

func (s *Session) cmdStep(args []string) {
	n, ok := s.count(args, 0)
	if !ok {
		return
	}
	for i := 0; i < n && s.ready(); i++ {
		s.takeStep("")
		s.showStep()
		if s.vm.Done() {
			s.showEnd()
		}
	}
}

func (s *Session) cmdNext(args []string) {
	if len(args) < 1 {
		s.printf("usage: next THREAD [N]\n")
		return
	}
	n, ok := s.count(args, 1)
	if !ok {
		return
	}
	for i := 0; i < n && s.ready(); i++ {
		if err := s.takeStep(args[0]); err != nil {
			s.printf("cannot step %s: %v%s\n", args[0], err, spell.Hint(args[0], s.threadNames()))
			return
		}
		s.showStep()
		if s.vm.Done() {
			s.showEnd()
		}
	}
}

// takeStep takes one step, by the scheduler (thread "") or of the given
// thread, and records it for back.
func (s *Session) takeStep(thread string) error {
	s.events = s.events[:0]
	if thread == "" {
		s.vm.Step()
	} else if err := s.vm.StepThread(thread); err != nil {
		return err
	}
	s.choices = append(s.choices, thread)
	s.last = append(s.last[:0], s.events...)
	return nil
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
	n, ok := s.count(args, 0)
	if !ok {
		return
	}
	if s.vm == nil {
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

// replay restarts the run and takes the first k recorded steps again.
func (s *Session) replay(k int) {
	choices := append([]string(nil), s.choices[:k]...)
	s.restart()
	s.replaying = true
	for i, c := range choices {
		s.replaying = i < len(choices)-1
		s.takeStep(c)
	}
	s.replaying = false
	for _, w := range s.watches {
		w.last, w.ok = s.watchValue(w)
	}
}

// cmdRun runs until the end, a breakpoint, a bound or Ctrl-C.
func (s *Session) cmdRun([]string) {
	if !s.ready() {
		return
	}
	var stop <-chan struct{}
	if s.opt.Interrupt != nil {
		var done func()
		stop, done = s.opt.Interrupt()
		defer done()
	}
	// The loop below watches stop between steps. The VM is not given it:
	// it would end the run for good ("interrupted after N steps") when
	// Ctrl-C came during one of its own checks, and, left set, at the
	// next check of a later step command.
	s.vm.RestartClock()
	start := len(s.choices)
	for !s.vm.Done() {
		select {
		case <-stop:
			s.printf("interrupted at step %d\n", len(s.choices))
			return
		default:
		}
		s.takeStep("")
		if hit := s.checkBreaks(); hit != "" {
			s.printf("stopped at step %d: %s\n", len(s.choices), hit)
			s.showStep()
			return
		}
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
	switch r.Outcome {
	case interp.Finished:
		return "finished"
	case interp.Panicked:
		return "panicked"
	case interp.Deadlocked:
		return "deadlocked"
	case interp.BoundHit:
		return "stopped by a bound"
	case interp.Stopped:
		return "stopped"
	}
	return "fatal error"
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
			s.printf("seed %s: want a number\n", args[1])
			return
		}
		ov.Seed = &n
	case "protocol":
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

var _ = os.Stdout
