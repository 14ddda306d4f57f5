package scenario_test

// This file tests select: which case runs, what a parked select waits
// for, what it costs in accesses, and how it deadlocks.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
)

// runSelect loads and runs a script with a seed and returns the report.
func runSelect(t *testing.T, src string, seed uint64) *scenario.Report {
	t.Helper()
	s, errs := scenario.Load("t.coh", []byte(src), scenario.Overrides{Seed: &seed})
	if len(errs) > 0 {
		t.Fatalf("load:\n%s", diag.Render(errs, []byte(src), 0))
	}
	rep, err := s.Execute(scenario.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func expectAll(t *testing.T, rep *scenario.Report) {
	t.Helper()
	if rep.Result.Outcome != interp.Finished {
		t.Fatalf("outcome %s: %s", rep.Result.Outcome, rep.Result.Message)
	}
	for _, e := range rep.Expects {
		if !e.OK {
			t.Errorf("expect %s failed: %v %s", e.Text, e.SortedValues(), e.Err)
		}
	}
}

// TestSelectChoosesUniformly: with two cases ready, run random takes
// each about half the time, over seeds and within one run.
func TestSelectChoosesUniformly(t *testing.T) {
	once := `
var a = make(chan int, 1)
var b = make(chan int, 1)
var got int
thread main {
	a <- 1
	b <- 2
	select {
	case v := <-a:
		got = v
	case v := <-b:
		got = v
	}
}
`
	counts := map[string]int{}
	const seeds = 400
	for seed := uint64(1); seed <= seeds; seed++ {
		rep := runSelect(t, once, seed)
		if rep.Result.Outcome != interp.Finished {
			t.Fatalf("seed %d: %s", seed, rep.Result.Message)
		}
		s, _ := scenario.Load("t.coh", []byte(once+"expect got == 1\n"), scenario.Overrides{Seed: &seed})
		rep, _ = s.Execute(scenario.Options{})
		counts[fmt.Sprint(rep.Expects[0].OK)]++
	}
	// 400 fair coin flips land in [160, 240] with probability 1 - 6e-5;
	// the seeds are fixed, so the test cannot flake.
	t.Logf("first case %d, second %d", counts["true"], counts["false"])
	if counts["true"] < 160 || counts["false"] < 160 {
		t.Errorf("over %d seeds the first case ran %d times, the second %d: want both near %d", seeds, counts["true"], counts["false"], seeds/2)
	}

	loop := `
var a = make(chan int, 1)
var b = make(chan int, 1)
var na, nb int
thread main {
	for range 1000 {
		a <- 1
		b <- 2
		select {
		case <-a:
			na++
			<-b
		case <-b:
			nb++
			<-a
		}
	}
}
expect na + nb == 1000
expect na > 430 && nb > 430
`
	for _, seed := range []uint64{1, 2, 3} {
		expectAll(t, runSelect(t, loop, seed))
	}
}

// TestSelectOnlyReadyCases: a case that cannot proceed is never chosen,
// and the default runs only when no case can.
func TestSelectOnlyReadyCases(t *testing.T) {
	src := `
var full = make(chan int, 1)
var empty = make(chan int, 1)
var unbuf = make(chan int)
var nilch chan int
var closed = make(chan int)
var picks [5]int
thread main {
	full <- 1
	close(closed)
	for range 200 {
		select {
		case full <- 2: // no room
			picks[0]++
		case <-empty: // nothing buffered
			picks[1]++
		case unbuf <- 3: // no receiver
			picks[2]++
		case <-nilch: // never
			picks[3]++
		case v, ok := <-closed: // ready: zero, false
			if v == 0 && !ok {
				picks[4]++
			}
		}
	}
	for range 10 {
		select {
		case full <- 2:
		case <-nilch:
		default:
			picks[0] += 1000
		}
	}
}
expect picks[0] == 10000 && picks[1] == 0 && picks[2] == 0 && picks[3] == 0 && picks[4] == 200
`
	expectAll(t, runSelect(t, src, 1))
}

// TestSelectParksAndLeavesOtherQueues: a select with nothing ready parks
// on all its channels; the first case another thread completes wins, and
// the thread leaves the other channels' queues.
func TestSelectParksAndLeavesOtherQueues(t *testing.T) {
	src := `
var a = make(chan int)
var b = make(chan int)
var got, late, which int
thread waiter {
	select {
	case v := <-a:
		got, which = v, 1
	case v := <-b:
		got, which = v, 2
	}
}
thread sender {
	yield()
	a <- 7 // completes the waiter's select
	select {
	case b <- 8: // the waiter no longer waits on b
		late = 1
	default:
		late = 2
	}
}
run order waiter sender sender
expect got == 7 && which == 1 && late == 2
`
	expectAll(t, runSelect(t, src, 1))

	// A parked send case is completed by a receiver; the value is the one
	// evaluated when the select ran.
	src2 := `
var out = make(chan int)
var quit = make(chan bool)
var got int
thread producer {
	v := 5
	select {
	case out <- v * 2:
	case <-quit:
		got = -1
	}
	v = 100
}
thread consumer {
	yield()
	got = <-out
	close(quit) // the producer is no longer on quit's queue: nothing to wake
}
run order producer consumer consumer
expect got == 10
`
	expectAll(t, runSelect(t, src2, 1))

	// close wakes a parked select through its receive case; a parked
	// send case on a channel that is closed panics.
	src3 := `
var stop = make(chan bool)
var other = make(chan int)
var ok1 = true
thread waiter {
	select {
	case <-other:
	case _, ok := <-stop:
		ok1 = ok
	}
}
thread closer {
	yield()
	close(stop)
}
expect ok1 == false
`
	expectAll(t, runSelect(t, src3, 1))
	src4 := `
var c = make(chan int)
var other = make(chan int)
thread waiter {
	select {
	case c <- 1:
	case <-other:
	}
}
thread closer {
	yield()
	close(c)
}
run order waiter closer
`
	rep := runSelect(t, src4, 1)
	if rep.Result.Outcome != interp.Panicked || !strings.HasPrefix(rep.Result.Message, "panic: send on closed channel") {
		t.Errorf("a parked select send on a channel closed under it: outcome %s %q, want the panic", rep.Result.Outcome, rep.Result.Message)
	}

	// Selects exchange on one unbuffered channel, each offering both
	// directions: every send is paired with exactly one receive, however
	// the run ends (three threads of 20 operations can also deadlock, when
	// the last one left has no partner).
	src5 := `
var c = make(chan int)
var sends, recvs, sum int
var mu mutex
func op(id int, i int) {
	select {
	case c <- id*100 + i:
		mu.Lock()
		sends++
		mu.Unlock()
	case v := <-c:
		mu.Lock()
		recvs++
		sum += v
		mu.Unlock()
	}
}
thread p[3] {
	for i := range 20 {
		op(id, i)
	}
}
expect sends == recvs
`
	finished := 0
	for seed := uint64(1); seed <= 20; seed++ {
		rep := runSelect(t, src5, seed)
		switch rep.Result.Outcome {
		case interp.Finished:
			finished++
		case interp.Deadlocked:
		default:
			t.Fatalf("seed %d: %s %s", seed, rep.Result.Outcome, rep.Result.Message)
		}
		for _, e := range rep.Expects {
			if !e.OK {
				t.Errorf("seed %d: expect %s failed: %v", seed, e.Text, e.SortedValues())
			}
		}
	}
	if finished == 0 {
		t.Errorf("no seed of 20 paired all 60 operations")
	}
}

// TestSelectSameChannelTwice: two receive cases on one channel; the
// select completes once, whichever case wins, and a close does not
// complete it twice.
func TestSelectSameChannelTwice(t *testing.T) {
	src := `
var c = make(chan int)
var hits, which int
thread waiter {
	for range 2 {
		select {
		case <-c:
			hits++
			which += 1
		case <-c:
			hits++
			which += 10
		}
	}
}
thread sender {
	yield()
	c <- 1
	yield()
	close(c)
}
expect hits == 2
`
	for seed := uint64(1); seed <= 10; seed++ {
		expectAll(t, runSelect(t, src, seed))
	}
}

// TestSelectOneStepLocksEachChannelOnce: a select is one step that takes
// the lock word of each of its channels once, a channel named by two
// cases once, and a nil channel's not at all.
func TestSelectOneStepLocksEachChannelOnce(t *testing.T) {
	src := `
thread main {
	a := make(chan int, 1)
	b := make(chan int, 1)
	var n chan int
	a <- 1
	select {
	case <-a:
	case b <- 2:
	case <-b:
	case <-n:
	}
	select {
	case <-n:
	default:
	}
}
run order main main main main
`
	_, log := run(t, src, scenario.Options{})
	// The send a <- 1 (one access), the first select (a and b: two), the
	// second (no channel: none).
	if len(log) != 3 {
		t.Errorf("%d accesses %v, want 3: one per channel operation", len(log), log)
	}
	s, errs := scenario.Load("t.coh", []byte(src), scenario.Overrides{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	rep, _ := s.Execute(scenario.Options{})
	// main's steps: the send, the first select, the second, and its end.
	if rep.Result.Steps != 4 {
		t.Errorf("%d steps, want 4", rep.Result.Steps)
	}
}

// TestSelectDeadlockMessages: a blocked select deadlocks with Go's wait
// reasons; a select of one case is that case's operation, as Go
// compiles it.
func TestSelectDeadlockMessages(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"select", "select {\n\tcase <-a:\n\tcase b <- 1:\n\t}", "goroutine 1 [select]:\nmain.main()\n\tt.coh:5\n"},
		{"nil channels", "var n chan int\n\tselect {\n\tcase <-n:\n\tcase n <- 1:\n\t}", "goroutine 1 [select]:\nmain.main()\n\tt.coh:6\n"},
		{"no cases", "select {}", "goroutine 1 [select (no cases)]:\nmain.main()\n\tt.coh:5\n"},
		{"one receive", "select {\n\tcase v := <-a:\n\t\t_ = v\n\t}", "goroutine 1 [chan receive]:\nmain.main()\n\tt.coh:6\n"},
		{"one send", "select {\n\tcase b <- 1:\n\t}", "goroutine 1 [chan send]:\nmain.main()\n\tt.coh:6\n"},
		{"one nil receive", "var n chan int\n\tselect {\n\tcase <-n:\n\t}", "goroutine 1 [chan receive (nil chan)]:\nmain.main()\n\tt.coh:7\n"},
	} {
		src := "var a = make(chan int)\nvar b = make(chan int)\n\nthread main {\n\t" + tc.body + "\n}\n"
		rep := runSelect(t, src, 1)
		want := "fatal error: all goroutines are asleep - deadlock!\n\n" + tc.want
		if rep.Result.Outcome != interp.Deadlocked || rep.Result.Message+"\n" != want {
			t.Errorf("%s: outcome %s, message\n%s\nwant\n%s", tc.name, rep.Result.Outcome, rep.Result.Message, want)
		}
	}
}

// TestSelectBreakContinueAndAssign: break leaves the select, continue the
// loop around it; received values are assigned to any variable, element
// or blank; a function may end in a select that never finishes.
func TestSelectBreakContinueAndAssign(t *testing.T) {
	src := `
var c = make(chan int, 4)
var arr [3]int
var gotOK bool
var trail int

func forever() int {
	select {}
}

func serve(in chan int) int {
	for {
		select {
		case v := <-in:
			if v < 0 {
				break
			}
			return v
		}
	}
}

thread main {
	i := 1
	c <- 5
	c <- 6
	select {
	case arr[i], gotOK = <-c:
	}
	select {
	case arr[i+1] = <-c:
	default:
	}
	for k := 0; k < 4; k++ {
		select {
		case c <- k:
			if k%2 == 1 {
				<-c
				continue
			}
			<-c
			break
		}
		trail += 1 + k // k = 0 and 2 reach here
	}
	c <- -1
	c <- 9
	arr[0] = serve(c)
	if trail < 0 {
		forever()
	}
}
expect arr[0] == 9 && arr[1] == 5 && arr[2] == 6 && gotOK
expect trail == 4
`
	expectAll(t, runSelect(t, src, 1))
}
