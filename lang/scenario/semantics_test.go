package scenario_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/sim"
)

// run loads and executes a script, recording every access as
// "P<core> R|W <global>".
func run(t *testing.T, src string, opt scenario.Options) (*scenario.Report, []string) {
	t.Helper()
	s, errs := scenario.Load("t.coh", []byte(src), scenario.Overrides{})
	if len(errs) > 0 {
		t.Fatalf("load:\n%s", diag.Render(errs, []byte(src), 0))
	}
	names := map[uint64]string{}
	for _, g := range s.Prog.Globals {
		for off := 0; off < g.Type.Size(); off += 8 {
			name := g.Name
			if off > 0 {
				name = fmt.Sprintf("%s+%d", g.Name, off)
			}
			names[g.Addr+uint64(off)] = name
		}
	}
	var log []string
	opt.Observers = append(opt.Observers, sim.ObserverFunc(func(m *sim.Machine, e *sim.Event) {
		name, ok := names[e.Addr]
		if !ok {
			name = "other"
		}
		log = append(log, fmt.Sprintf("P%d %s %s", e.Core, e.Op, name))
	}))
	rep, err := s.Execute(opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep, log
}

func TestRunOrderStepBoundaries(t *testing.T) {
	// A step is a thread's work up to and including its next access: the
	// register work before an access belongs to that access's step.
	src := `
machine { cores 2 }
var x int
var y int
thread a on core 0 {
	x = 1
	r := 40 + 2 // register work: part of the next step
	y = r
}
thread b on core 1 {
	v := x
	w := y
}
run order a b a b
expect b.v == 1
expect b.w == 42
`
	rep, log := run(t, src, scenario.Options{})
	want := []string{"P0 W x", "P1 R x", "P0 W y", "P1 R y"}
	if strings.Join(log, "; ") != strings.Join(want, "; ") {
		t.Errorf("accesses %v, want %v", log, want)
	}
	for _, e := range rep.Expects {
		if !e.OK {
			t.Errorf("expect %s failed: %v", e.Text, e.Values)
		}
	}
	// Order b first: b reads the old values.
	src2 := strings.Replace(src, "run order a b a b", "run order b b a a", 1)
	src2 = strings.Replace(src2, "expect b.v == 1\nexpect b.w == 42", "expect b.v == 0 && b.w == 0", 1)
	rep, _ = run(t, src2, scenario.Options{})
	if !rep.Expects[0].OK {
		t.Errorf("reversed order: %v", rep.Expects[0].Values)
	}
}

func TestRunOrderStops(t *testing.T) {
	for _, tc := range []struct {
		order, want string
	}{
		{"a a a", "run order: step 3 names a, which has finished"},
		{"c c c", "run order: step 3 names c, which is blocked (chan receive)"}, // step 1 loads ch, step 2 blocks
	} {
		src := `
var x int
var ch = make(chan int)
thread a { x = 1 }
thread c { <-ch }
thread d { x = 2; ch <- 1 }
run order ` + tc.order
		rep, _ := run(t, src, scenario.Options{})
		if rep.Result.Outcome != interp.Stopped || rep.Result.Message != tc.want {
			t.Errorf("order %s: outcome %d %q, want %q", tc.order, rep.Result.Outcome, rep.Result.Message, tc.want)
		}
		if !rep.Failed {
			t.Errorf("order %s: a stopped run must fail", tc.order)
		}
	}
}

func TestGoroutineNamesAndAbandon(t *testing.T) {
	src := `
var ch = make(chan int)
var started int
func forever() {
	for {
		<-ch
	}
}
thread main {
	go forever()
	go forever()
	started = 2
}
thread w0 {
	go func() { started++ }()
}
run order main main main.g1 w0 w0.g1
`
	rep, _ := run(t, src, scenario.Options{})
	r := rep.Result
	if r.Outcome != interp.Finished {
		t.Fatalf("outcome %d: %s", r.Outcome, r.Message)
	}
	if got := strings.Join(r.Abandoned, " "); got != "main.g1 main.g2" {
		t.Errorf("abandoned %q, want main.g1 main.g2", got)
	}
}

func TestGomaxprocsOnePreempts(t *testing.T) {
	src := `
machine {
	cores 2
	gomaxprocs 1
	preempt 3
}
var a int
var b int
thread w0 {
	for i := 0; i < 6; i++ { a++ }
}
thread w1 {
	for i := 0; i < 6; i++ { b++ }
}
run random seed 5
`
	_, log := run(t, src, scenario.Options{})
	// Each thread holds the only P for 3 steps, then the other one gets it.
	var runs []string
	for i := 0; i < len(log); i += 3 {
		chunk := log[i:min(i+3, len(log))]
		v := strings.Fields(chunk[0])[2]
		for _, c := range chunk {
			if strings.Fields(c)[2] != v {
				t.Fatalf("steps %d-%d mix threads: %v", i, i+2, log)
			}
			if !strings.HasPrefix(c, "P0 ") {
				t.Fatalf("with one P every step runs on core 0: %v", log)
			}
		}
		runs = append(runs, v)
	}
	for i := 1; i < len(runs); i++ {
		if runs[i] == runs[i-1] {
			t.Errorf("thread %s kept the P after 3 steps: %v", runs[i], runs)
		}
	}
	if len(log) != 24 {
		t.Errorf("%d accesses, want 24 (a load and a store per increment)", len(log))
	}
}

func TestRunOrderNamesThreadGroups(t *testing.T) {
	src := `
machine { cores 3 }
var x [4]int
thread w[ncores - 1] { x[id] = id + 1 }
run order w[1] w[0]
`
	_, log := run(t, src, scenario.Options{})
	if len(log) != 2 || !strings.HasSuffix(log[0], "x+8") || !strings.HasSuffix(log[1], "x") {
		t.Errorf("accesses %v, want w[1]'s store to x[1] first", log)
	}
}

func TestSequentialAndTimed(t *testing.T) {
	src := `
machine { cores 2 }
var a int
var b int
thread w0 on core 0 { a = 1; a = 2 }
thread w1 on core 1 { b = 1; b = 2 }
run sequential
`
	_, log := run(t, src, scenario.Options{})
	if got := strings.Join(log, "; "); got != "P0 W a; P0 W a; P1 W b; P1 W b" {
		t.Errorf("sequential: %s", got)
	}
	// Timed: the thread whose core clock is lowest goes next; w0 sleeps
	// first, so w1 runs both of its steps before w0's first access.
	src = strings.Replace(src, "{ a = 1; a = 2 }", "{ sleep(1000); a = 1; a = 2 }", 1)
	src = strings.Replace(src, "run sequential", "run timed", 1)
	_, log = run(t, src, scenario.Options{})
	if got := strings.Join(log, "; "); got != "P1 W b; P1 W b; P0 W a; P0 W a" {
		t.Errorf("timed: %s", got)
	}
}

func TestDeadlockAndPanicMessages(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		outcome   interp.Outcome
		prefix    string
	}{
		{"deadlock", `
var ch = make(chan int)
var mu mutex
thread a { <-ch }
thread b { mu.Lock(); mu.Lock() }
`, interp.Deadlocked, "fatal error: all goroutines are asleep - deadlock!\n\ngoroutine 1 [chan receive]:\nmain.a()\n\tt.coh:4\n"},
		{"panic", `
func boom(n int) { panic(n * 2) }
thread main { boom(21) }
`, interp.Panicked, "panic: 42\n\ngoroutine 1 [running]:\nmain.boom(...)\n\tt.coh:2\nmain.main()\n\tt.coh:3"},
		{"unlock", `
var mu mutex
thread main { mu.Unlock() }
`, interp.FatalError, "fatal error: sync: unlock of unlocked mutex"},
		{"index", `
var a [3]int
thread main {
	i := 5
	a[i] = 1
}
`, interp.Panicked, "panic: runtime error: index out of range [5] with length 3"},
		{"nil", `
var p *int
thread main { *p = 1 }
`, interp.Panicked, "panic: runtime error: invalid memory address or nil pointer dereference"},
		{"negative wg", `
var wg waitgroup
thread main { wg.Done() }
`, interp.Panicked, "panic: sync: negative WaitGroup counter"},
		{"stack overflow", `
func f(n int) int { return f(n+1) + 1 }
thread main { f(0) }
`, interp.FatalError, "runtime: goroutine stack exceeds 65536-byte limit\nfatal error: stack overflow"},
	} {
		rep, _ := run(t, tc.src, scenario.Options{})
		if rep.Result.Outcome != tc.outcome || !strings.HasPrefix(rep.Result.Message, tc.prefix) {
			t.Errorf("%s: outcome %d, message\n%s\nwant prefix\n%s", tc.name, rep.Result.Outcome, rep.Result.Message, tc.prefix)
		}
		if !rep.Failed {
			t.Errorf("%s: the run must fail", tc.name)
		}
	}
}

func TestBounds(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		lim       interp.Limits
		want      string
	}{
		{"steps", `var x int
thread main { for { x++ } }`, interp.Limits{Steps: 1000}, "stopped after 1000 steps: the step limit (raise it with --max-steps)"},
		{"instructions", `thread main { for { } }`, interp.Limits{Instructions: 5_000_000}, "the instruction limit (raise it with --max-instructions)"},
		{"threads", `func f() { for { yield() } }
thread main { for { go f() } }`, interp.Limits{Threads: 50}, "stopped at 50 live goroutines: the thread limit (raise it with --max-threads)"},
		{"memory", `thread main {
	s := "ab"
	for { s += s }
}`, interp.Limits{Memory: 1 << 20}, "the memory limit (raise it with --max-memory)"},
		{"time", `var x int
thread main { for { x++ } }`, interp.Limits{Time: 50 * time.Millisecond, Steps: 1 << 40, Instructions: 1 << 50}, "the time limit (raise it with --timeout)"},
	} {
		start := time.Now()
		rep, _ := run(t, tc.src, scenario.Options{Limits: tc.lim})
		if rep.Result.Outcome != interp.BoundHit || !strings.Contains(rep.Result.Message, tc.want) {
			t.Errorf("%s: outcome %d %q, want %q", tc.name, rep.Result.Outcome, rep.Result.Message, tc.want)
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("%s: took %s", tc.name, time.Since(start))
		}
	}
}

// TestLostUpdatesAreReproducible: the same seed gives the same
// interleaving, bit for bit, and some seed loses updates.
func TestLostUpdatesAreReproducible(t *testing.T) {
	src := `
var counter int
thread w0 { for i := 0; i < 200; i++ { counter++ } }
thread w1 { for i := 0; i < 200; i++ { counter++ } }
expect counter == 400
`
	first, log1 := run(t, src, scenario.Options{})
	again, log2 := run(t, src, scenario.Options{})
	if strings.Join(log1, ";") != strings.Join(log2, ";") || first.Machine.Cycles() != again.Machine.Cycles() {
		t.Error("the same script and seed gave different runs")
	}
	if first.Expects[0].OK {
		t.Errorf("expected lost updates under run random seed 1; counter = %v", first.Expects[0].Values)
	}
}
