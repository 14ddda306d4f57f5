package scenario_test

// This file tests `abi stack`: the exact loads and stores a call adds,
// and that an inlined call adds none.

import (
	"fmt"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
)

// TestABIStackTraffic runs a loop of n calls to a function of 2
// arguments and 1 result under each abi and inline setting, and compares
// the machine's loads and stores with abi register's. A call under abi
// stack stores the return address and 2 arguments (3 stores); its return
// stores 1 result and loads the return address and the result (1 store,
// 2 loads): 4 stores and 2 loads per call.
func TestABIStackTraffic(t *testing.T) {
	const n = 100
	const src = `
machine {
	abi %s
	inline %s
}

var total int

func add(a, b int) int {
	return a + b
}

func addDeferred(a, b int) int {
	defer yieldless()
	return a + b
}

func yieldless() {}

thread main {
	s := 0
	for i := 0; i < %d; i++ {
		s = %s(s, i)
	}
	total = s
}

expect total == %d
`
	counts := func(abi, inline, fn string) (reads, writes uint64) {
		t.Helper()
		text := fmt.Sprintf(src, abi, inline, n, fn, n*(n-1)/2)
		s, errs := scenario.Load("t.coh", []byte(text), scenario.Overrides{})
		if len(errs) > 0 {
			t.Fatalf("load:\n%s", diag.Render(errs, []byte(text), 0))
		}
		rep, err := s.Execute(scenario.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Result.Outcome != interp.Finished || rep.Failed {
			t.Fatalf("abi %s inline %s %s: outcome %s: %s", abi, inline, fn, rep.Result.Outcome, rep.Result.Message)
		}
		c := rep.Machine.Totals()
		return c.Reads, c.Writes
	}
	for _, tc := range []struct {
		inline, fn              string
		extraReads, extraWrites uint64 // per call
	}{
		{"on", "add", 0, 0},         // inlined: no traffic
		{"off", "add", 2, 4},        // not inlined: the stack traffic
		{"budget 1", "add", 2, 4},   // over the budget (add costs 4): not inlined
		{"on", "addDeferred", 2, 4}, // defer: never inlined
		{"off", "addDeferred", 2, 4},
	} {
		t.Run(tc.inline+"/"+tc.fn, func(t *testing.T) {
			r0, w0 := counts("register", tc.inline, tc.fn)
			r1, w1 := counts("stack", tc.inline, tc.fn)
			if r1-r0 != n*tc.extraReads || w1-w0 != n*tc.extraWrites {
				t.Errorf("abi stack adds %d loads and %d stores to abi register's %d and %d, want %d and %d (%d calls)",
					r1-r0, w1-w0, r0, w0, n*tc.extraReads, n*tc.extraWrites, n)
			}
		})
	}
}

// TestABIStackNoRaces: two threads calling functions under abi stack and
// race on make their stack traffic on their own stacks: the detector
// reports nothing.
func TestABIStackNoRaces(t *testing.T) {
	const src = `
machine {
	abi stack
	inline off
}

var a, b int

func add(x, y int) int {
	return x + y
}

thread t1 {
	for i := 0; i < 20; i++ {
		a = add(a, i)
	}
}

thread t2 {
	for i := 0; i < 20; i++ {
		b = add(b, i)
	}
}

expect a == 190 && b == 190
`
	s, errs := scenario.Load("t.coh", []byte(src), scenario.Overrides{})
	if len(errs) > 0 {
		t.Fatalf("load:\n%s", diag.Render(errs, []byte(src), 0))
	}
	rep, err := s.Execute(scenario.Options{Race: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed || len(rep.Races) > 0 {
		t.Fatalf("failed %v, %d races: %+v", rep.Failed, len(rep.Races), rep.Races)
	}
}
