package scenario_test

// This file tests init blocks end to end: the lines that are refused, with
// their exact messages, and runs that go on from an installed start.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/sim"
)

// initScript is a script under protocol, on 3 cores with 2 sets of 2 ways,
// with globals a and b on one line (0x700000, set 0), c (0x700040), arr
// (0x700080, set 0), e (0x7000c0) and d in data (0x600000, set 0), and the given init lines from line 15; a trace reads a so
// that it runs.
func initScript(protocol, init string) string {
	return fmt.Sprintf(`machine {
	cores 3
	protocol %s
	l1 size 256 ways 2
}

var a int
var b int
var c int align 64
var arr [4]int align 64
var d int = 3 align 64
var e int align 64

init {
%s
}

trace {
	P0 read a
}
`, protocol, init)
}

func TestInitErrors(t *testing.T) {
	for _, c := range []struct {
		name, protocol, init string
		want                 []string // every message, in order
	}{
		{"two M", "MSI", "P0 a M 5\nP1 a M 5",
			[]string{"16:1: init: P0 and P1 both hold a's line (0x700000) in M: at most one cache may hold a line in a writable state"}},
		{"M and S", "MESI", "P0 a M 5\nP2 a S 5",
			[]string{"16:1: init: P0 holds a's line (0x700000) in M and P2 in S: a cache holding a line in a writable state (M) holds its only valid copy"}},
		{"S then E", "MESI", "P0 a S\nP1 a E",
			[]string{"16:1: init: P0 holds a's line (0x700000) in S and P1 in E: a cache holding a line in a writable state (E) holds its only valid copy"}},
		{"M and S on a shared line", "MSI", "P0 a M 5\nP1 b S",
			[]string{"16:1: init: P0 holds a in M and P1 holds b in S, and they share a line (0x700000): a cache holding a line in a writable state (M) holds its only valid copy"}},
		{"two O", "MOESI", "P0 a O 5\nP1 a O 5",
			[]string{"16:1: init: P0 and P1 both hold a's line (0x700000) in O: at most one cache may hold a line in an owner state (O)"}},
		{"two F", "MESIF", "P0 a F\nP1 a S\nP2 a F",
			[]string{"17:1: init: P0 and P2 both hold a's line (0x700000) in F: at most one cache may hold a line in an owner state (F)"}},
		{"two Sm", "Dragon", "P0 a Sm 5\nP1 a Sm 5",
			[]string{"16:1: init: P0 and P1 both hold a's line (0x700000) in Sm: at most one cache may hold a line in an owner state (Sm)"}},
		{"Dragon M and Sc", "Dragon", "P0 a Sc 5\nP1 a M 5",
			[]string{"16:1: init: P0 holds a's line (0x700000) in Sc and P1 in M: a cache holding a line in a writable state (M) holds its only valid copy"}},
		{"values disagree", "MOESI", "P0 a O 5\nP1 a S 6",
			[]string{"16:1: init: P0 gives a 5 and P1 gives it 6: the valid copies of a line hold the same value"}},
		{"Dragon values disagree", "Dragon", "P0 a Sm 5\nP1 a Sc 6",
			[]string{"16:1: init: P0 gives a 5 and P1 gives it 6: the valid copies of a line hold the same value"}},
		{"clean differs from memory", "MSI", "P0 d S 4\nP1 d S 4",
			[]string{
				"15:1: init: P0 holds d in S, a clean state, with 4, but memory holds 3: a clean copy equals memory; give 4 as d's initial value in its declaration, or hold the line in a dirty state (M)",
				"16:1: init: P1 holds d in S, a clean state, with 4, but memory holds 3: a clean copy equals memory; give 4 as d's initial value in its declaration, or hold the line in a dirty state (M)",
			}},
		{"clean element differs", "MESIF", "P1 arr[2] E 9",
			[]string{"15:1: init: P1 holds arr[2] in E, a clean state, with 9, but memory holds 0: a clean copy equals memory; give 9 as arr's initial value in its declaration, or hold the line in a dirty state (M)"}},
		{"two states in one core", "MESI", "P0 a M 1\nP0 b S",
			[]string{"16:1: init: a and b share a line (0x700000), so P0 holds them in one state, not M and S"}},
		{"given twice", "MESI", "P0 a M 1\nP0 a M 1",
			[]string{"16:1: init: P0 a is given twice (first at 15:1)"}},
		{"too many lines in a set", "MESI", "P0 a E\nP0 arr[0] E\nP0 c E\nP0 d E",
			[]string{"18:1: init: P0 cannot also hold d's line (0x600000): it falls in set 0, whose 2 ways already hold 0x700000, 0x700080"}},
		{"unknown names", "MESI", "P3 a M 1\nQ0 a M 1\nP0 arrr M 1\nP0 a m 1\nP0 a I\nP0 arr M\nP0 c M c",
			[]string{
				"15:1: core P3: the machine has cores P0 to P2",
				"16:1: Q0: an init line starts with a core, P0 to P2 (did you mean P0?)",
				"17:4: undefined: arrr (did you mean arr?)",
				"18:6: unknown state m (did you mean M?): the protocol's states are I E S M",
				"19:6: I is the invalid state: a cache that does not hold the line needs no init line (valid states: E S M)",
				"20:4: arr is a [4]int: an init line gives one word, name an element",
				"21:8: an init line gives a constant: a number, or arithmetic on numbers",
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := initScript(c.protocol, c.init)
			_, errs := scenario.Load("t.coh", []byte(src), scenario.Overrides{})
			var got []string
			for _, e := range errs {
				got = append(got, fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// TestInitExemptProtocols: none and WT skip the coherence checks, so an
// init block can start them from the stale copies they allow.
func TestInitExemptProtocols(t *testing.T) {
	for _, c := range []struct{ protocol, init, expects string }{
		{"none", "P0 a D 5\nP1 a V", "expect load(P0, a) == 5 && load(P1, a) == 0 && mem(a) == 0"},
		{"WT", "P0 a V 5\nP1 a V 6", "expect load(P0, a) == 5 && load(P1, a) == 6 && mem(a) == 6"},
	} {
		t.Run(c.protocol, func(t *testing.T) {
			src := strings.Replace(initScript(c.protocol, c.init), "trace {\n\tP0 read a\n}", "trace {\n\tP2 read c\n}", 1) + c.expects + "\n"
			rep, _ := run(t, src, scenario.Options{})
			expectAll(t, rep)
		})
	}
}

// TestInitRuns: under each invalidation and update protocol, a run goes
// on from the installed start, the expects see it, and the counters count
// the run only.
func TestInitRuns(t *testing.T) {
	for _, c := range []struct {
		name, protocol, init, trace, expects string
		counters                             map[int]sim.Counters // the counters to compare, by core (Bus left out)
	}{
		{"MSI flush", "MSI", "P0 a M 5", "P1 read a",
			"expect state(P0, a) == S && state(P1, a) == S && mem(a) == 5 && load(P1, a) == 5",
			map[int]sim.Counters{0: {Interventions: 1, Flushes: 1}, 1: {Reads: 1, ReadMisses: 1, C2C: 1, MemWrites: 1}}},
		{"MESI flush", "MESI", "P0 a M 5\nP0 c E", "P1 read a\nP0 write c 2",
			"expect state(P0, a) == S && state(P1, a) == S && mem(a) == 5 && state(P0, c) == M && mem(c) == 0",
			map[int]sim.Counters{0: {Writes: 1, Interventions: 1, Flushes: 1}, 1: {Reads: 1, ReadMisses: 1, C2C: 1, MemWrites: 1}}},
		{"MESI S upgrade", "MESI", "P0 a S\nP1 a S\nP2 a S", "P1 write a 7",
			"expect state(P0, a) == I && state(P2, a) == I && state(P1, a) == M && mem(a) == 0 && load(P1, a) == 7",
			map[int]sim.Counters{0: {Invalidations: 1}, 1: {Writes: 1}, 2: {Invalidations: 1}}},
		{"MOESI owner supplies", "MOESI", "P0 a O 5\nP1 a S", "P2 read a",
			"expect state(P0, a) == O && state(P2, a) == S && mem(a) == 0 && load(P2, a) == 5 && load(P1, a) == 5",
			map[int]sim.Counters{0: {Flushes: 1}, 2: {Reads: 1, ReadMisses: 1, C2C: 1}}},
		{"MESIF forward", "MESIF", "P0 a F\nP1 a S", "P2 read a",
			"expect state(P0, a) == S && state(P1, a) == S && state(P2, a) == F",
			map[int]sim.Counters{2: {Reads: 1, ReadMisses: 1, C2C: 1}}},
		{"Dragon update", "Dragon", "P0 a Sm 5\nP1 a Sc", "P1 write a 6\nP0 read a",
			"expect state(P0, a) == Sc && state(P1, a) == Sm && load(P0, a) == 6 && mem(a) == 0",
			map[int]sim.Counters{0: {Reads: 1}, 1: {Writes: 1}}},
		{"element and shared line", "MESI", "P2 arr[1] M 4\nP2 arr[3] M", "P0 read arr[3]\nP0 read arr[1]",
			"expect state(P2, arr[1]) == S && load(P0, arr[1]) == 4 && load(P0, arr[3]) == 0 && mem(arr[1]) == 4",
			map[int]sim.Counters{0: {Reads: 2, ReadMisses: 1, C2C: 1, MemWrites: 1}, 2: {Interventions: 1, Flushes: 1}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := strings.Replace(initScript(c.protocol, c.init), "trace {\n\tP0 read a\n}", "trace {\n"+c.trace+"\n}", 1) + c.expects + "\n"
			rep, _ := run(t, src, scenario.Options{Observers: []sim.Observer{checker(t)}})
			expectAll(t, rep)
			for core, want := range c.counters {
				got := rep.Machine.Counters(core)
				got.Bus = [sim.NumBusKinds]uint64{}
				if got != want {
					t.Errorf("P%d's counters %+v, want %+v", core, got, want)
				}
			}
		})
	}
}

// checker is an invariant checker that fails the test on a violation.
func checker(t *testing.T) sim.Observer {
	c := sim.NewChecker(0)
	t.Cleanup(func() {
		if err := c.Err(); err != nil {
			t.Error(err)
		}
	})
	return c
}

// TestInitEveryVM: every VM of a scenario starts from the init block (the
// REPL's reset and back build theirs through NewVM).
func TestInitEveryVM(t *testing.T) {
	src := initScript("MESI", "P0 a M 5")
	s, errs := scenario.Load("t.coh", []byte(src), scenario.Overrides{})
	if len(errs) > 0 {
		t.Fatal(diag.Render(errs, []byte(src), 0))
	}
	for i := range 2 {
		vm, err := s.NewVM(scenario.Options{})
		if err != nil {
			t.Fatal(err)
		}
		m := vm.Machine()
		if got := m.StateName(0, 0x700000); got != "M" {
			t.Errorf("VM %d: P0 holds a in %s, want M", i, got)
		}
		vm.Run()
		if got := m.StateName(0, 0x700000); got != "M" || m.Steps() != 1 {
			t.Errorf("VM %d after the run: P0 holds a in %s after %d steps, want M after 1 (a read hit)", i, got, m.Steps())
		}
	}
}

// TestInitBools: a bool global takes true and false, in an init line and
// in a trace write alike.
func TestInitBools(t *testing.T) {
	src := `var f bool
var g bool align 64
var n int = -2 align 64

init {
	P0 f M true
	P1 n M -7
}

trace {
	P1 read f
	P0 write g true
	P0 read n
}

expect f && load(P1, f) && state(P0, f) == S
expect g && load(P0, g)
expect n == -7 && load(P0, n) == -7 && mem(n) == -7
`
	rep, _ := run(t, src, scenario.Options{Observers: []sim.Observer{checker(t)}})
	expectAll(t, rep)
	_, errs := scenario.Load("t.coh", []byte("var f bool\nvar n int\ninit {\n\tP0 f M 1\n\tP0 n E true\n}\ntrace {\n\tP0 read f\n}\n"), scenario.Overrides{})
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	want := "t.coh:4:9: f is a bool: give it a bool constant\nt.coh:5:9: n is an int: give it a number constant"
	if strings.Join(got, "\n") != want {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
}

// TestInitAcceptedStartsStayCoherent: random init blocks under every
// coherent built-in protocol; each one the language accepts is a start
// from which random accesses keep every invariant (the engine's checker
// watches), and the rules refuse some of them.
func TestInitAcceptedStartsStayCoherent(t *testing.T) {
	rng := uint64(1)
	next := func(n int) int {
		rng ^= rng << 13
		rng ^= rng >> 7
		rng ^= rng << 17
		return int(rng % uint64(n))
	}
	vars := []string{"x", "z", "y"} // x and z share a line
	for _, proto := range []string{"MSI", "MESI", "MOESI", "MESIF", "Dragon", "Firefly", "WTI"} {
		t.Run(proto, func(t *testing.T) {
			cfg := sim.DefaultConfig()
			cfg.Protocol = proto
			_, table, err := cfg.Validate()
			if err != nil {
				t.Fatal(err)
			}
			accepted, refused := 0, 0
			for range 300 {
				var init, trace []string
				for k := range 3 {
					for _, v := range vars {
						if next(4) != 0 {
							continue
						}
						line := fmt.Sprintf("P%d %s %s", k, v, table.States[1+next(len(table.States)-1)])
						if next(3) == 0 {
							line += fmt.Sprintf(" %d", 5*next(2))
						}
						init = append(init, line)
					}
				}
				if len(init) == 0 {
					continue
				}
				for range 12 {
					if next(2) == 0 {
						trace = append(trace, fmt.Sprintf("P%d read %s", next(3), vars[next(3)]))
					} else {
						trace = append(trace, fmt.Sprintf("P%d write %s %d", next(3), vars[next(3)], next(100)))
					}
				}
				src := fmt.Sprintf("machine {\n\tcores 3\n\tprotocol %s\n}\nvar x int\nvar z int\nvar y int align 64\ninit {\n%s\n}\ntrace {\n%s\n}\n",
					proto, strings.Join(init, "\n"), strings.Join(trace, "\n"))
				s, errs := scenario.Load("t.coh", []byte(src), scenario.Overrides{})
				if len(errs) > 0 {
					for _, e := range errs {
						if !strings.HasPrefix(e.Msg, "init: ") || strings.Contains(e.Msg, "invariant checker") {
							t.Fatalf("%s\n%s", src, diag.Render(errs, []byte(src), 0))
						}
					}
					refused++
					continue
				}
				accepted++
				c := sim.NewChecker(0)
				if _, err := s.Execute(scenario.Options{Observers: []sim.Observer{c}}); err != nil {
					t.Fatal(err)
				}
				if err := c.Err(); err != nil {
					t.Fatalf("%s\n%v", src, err)
				}
			}
			if accepted < 20 || refused < 20 {
				t.Errorf("%d starts accepted and %d refused: want some of each", accepted, refused)
			}
		})
	}
}
