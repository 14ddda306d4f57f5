package scenario_test

// This file tests `hoist on`: which loops keep which loads in registers.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/sim"
)

// TestHoistWhichLoads runs loops of 50 iterations that read the global
// flag and counts the loads of flag: one (before the loop) when the load
// is hoisted, one per iteration when it is not.
func TestHoistWhichLoads(t *testing.T) {
	const prelude = `
machine {
	hoist on
}

var flag int
var other int
var flags [4]int
var arr [4]int
var p *int
var mu mutex
var wg waitgroup
var ch = make(chan int, 100)

func f() {}
`
	const poll = `
func poll() int {
	n := 0
	for i := 0; i < 50; i++ {
		n += flag
	}
	return n
}
`
	for _, tc := range []struct {
		name, body string
		hoisted    bool
		names      string // what Program.Hoisted lists, when hoisted
		global     string // whose loads are counted (default flag)
	}{
		{"plain flag poll", "for i := 0; flag == 0 && i < 50; i++ {}", true, "flag", ""},
		{"flag in the body", "for i := 0; i < 50; i++ { if flag != 0 { break } }", true, "flag", ""},
		{"forever with a break", "i := 0\n\tfor { if flag != 0 || i == 50 { break }; i++ }", true, "flag", ""},
		{"two globals", "for i := 0; i < 50; i++ { other = other }\n\tfor i := 0; i < 50 && flag+other == 0; i++ {}", true, "flag other", ""},
		{"constant element", "flags[1] = 0\n\tfor i := 0; i < 50; i++ { if flags[1] + flag != 0 { break } }", true, "flags[1] flag", ""},
		{"range over an int", "for range 50 { if flag != 0 { break } }", true, "flag", ""},
		{"nested loops", "for i := 0; i < 5; i++ { for j := 0; j < 10; j++ { arr[j%4] += flag } }", true, "flag", ""},
		{"len is pure", "for i := 0; i < 50 && i < len(arr); i++ { i += flag }\n\tfor i := 0; i < 46; i++ { i += flag }", true, "flag flag", ""},
		{"inside a function", "other = poll()", true, "flag", ""},
		{"a call", "for i := 0; flag == 0 && i < 50; i++ { f() }", false, "", ""},
		{"a lock", "for i := 0; flag == 0 && i < 50; i++ { mu.Lock(); mu.Unlock() }", false, "", ""},
		{"atomic.Load of flag", "for i := 0; atomic.Load(&flag) == 0 && i < 50; i++ {}", false, "", ""},
		{"atomic.Load of another", "for i := 0; flag == 0 && i < 50; i++ { atomic.Load(&other) }", false, "", ""},
		{"a store to flag", "for i := 0; flag == 0 && i < 50; i++ { if i == 100 { flag = 0 } }", false, "", ""},
		{"an increment of flag", "for i := 0; i < 50; i++ { flag++ }", false, "", ""},
		{"the address of flag", "for i := 0; flag == 0 && i < 50; i++ { p = &flag }", false, "", ""},
		{"a store through a pointer", "p = &other\n\tfor i := 0; flag == 0 && i < 50; i++ { *p = 0 }", false, "", ""},
		{"an element with a varying index", "for i := 0; i < 50; i++ { if flags[i%4] != 0 { break } }", false, "", "flags"},
		{"through a pointer", "p = &flag\n\tfor i := 0; *p == 0 && i < 50; i++ {}", false, "p", ""}, // p itself is hoisted
		{"a print", "for i := 0; flag == 0 && i < 50; i++ { print(\"\") }", false, "", ""},
		{"a yield", "for i := 0; flag == 0 && i < 50; i++ { yield() }", false, "", ""},
		{"a sleep", "for i := 0; flag == 0 && i < 50; i++ { sleep(1) }", false, "", ""},
		{"a fence", "for i := 0; flag == 0 && i < 50; i++ { fence() }", false, "", ""},
		{"a wait group", "for i := 0; flag == 0 && i < 50; i++ { wg.Wait() }", false, "", ""},
		{"a channel send", "for i := 0; flag == 0 && i < 50; i++ { ch <- i }", false, "", ""},
		{"a channel receive", "ch <- 1\n\tfor i := 0; flag == 0 && i < 50; i++ { select { case <-ch: default: } }", false, "", ""},
		{"a go statement", "for i := 0; flag == 0 && i < 50; i++ { go f() }", false, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := prelude + "\nthread main {\n\t" + tc.body + "\n}\n"
			if strings.Contains(tc.body, "poll()") {
				src += poll
			}
			global := tc.global
			if global == "" {
				global = "flag"
			}
			reads, s := countReads(t, src, global)
			var names []string
			for _, h := range s.Prog.Hoisted {
				names = append(names, h.Name)
			}
			if got := strings.Join(names, " "); got != tc.names {
				t.Errorf("hoisted %q, want %q", got, tc.names)
			}
			switch {
			case tc.hoisted && reads > 2:
				t.Errorf("%d loads of flag: want it hoisted, loaded once per loop", reads)
			case !tc.hoisted && reads < 50:
				t.Errorf("%d loads of flag: want one per iteration", reads)
			}
			// hoist off: every read is a load.
			off, _ := countReads(t, strings.Replace(src, "hoist on", "hoist off", 1), global)
			if off < 46 {
				t.Errorf("hoist off: %d loads of flag, want one per iteration", off)
			}
		})
	}
}

// countReads runs a script and counts the loads of a global (of any of
// its elements).
func countReads(t *testing.T, src, global string) (int, *scenario.Scenario) {
	t.Helper()
	s, errs := scenario.Load("t.coh", []byte(src), scenario.Overrides{})
	if len(errs) > 0 {
		t.Fatalf("load:\n%s", diag.Render(errs, []byte(src), 0))
	}
	g := s.Prog.GlobalOf[global]
	n := 0
	rep, err := s.Execute(scenario.Options{Observers: []sim.Observer{sim.ObserverFunc(func(_ *sim.Machine, e *sim.Event) {
		if e.Addr >= g.Addr && e.Addr < g.Addr+uint64(g.Type.Size()) && e.Op.String() == "R" {
			n++
		}
	})}})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Result.Outcome != interp.Finished {
		t.Fatalf("outcome %s: %s", rep.Result.Outcome, rep.Result.Message)
	}
	return n, s
}

// TestHoistPollNeverSeesTheStore: the bounded poll of examples/hoist.coh
// misses another thread's store with hoist on, whatever the schedule,
// and sees it at its next load with hoist off.
func TestHoistPollNeverSeesTheStore(t *testing.T) {
	const src = `
machine {
	hoist %s
}
var done int
thread waiter {
	i := 0
	for i = 0; done == 0 && i < 1000; i++ {}
}
thread setter {
	done = 1
}
run order waiter setter
expect waiter.i == %s
`
	for _, tc := range []struct{ hoist, want string }{{"on", "1000"}, {"off", "1"}} {
		rep := runSelect(t, fmt.Sprintf(src, tc.hoist, tc.want), 1)
		expectAll(t, rep)
	}
}
