// Tests of instruction fetch (ifetch on): each statement run reads its
// code through the core's cache, exactly once.

package scenario_test

import (
	"fmt"
	"testing"

	"github.com/cohere-sim/cohere/lang/scenario"
)

func TestIFetchReadsEachStatement(t *testing.T) {
	src := `machine {
	ifetch %s
}

var x int

func set(v int) {
	x = v
}

thread t on core 0 {
	for i := 0; i < 10; i++ {
		set(i)
	}
}
`
	reads := map[string]uint64{}
	for _, mode := range []string{"on", "off"} {
		rep, _ := run(t, fmt.Sprintf(src, mode), scenario.Options{})
		c := rep.Machine.Counters(0)
		if c.Writes != 10 {
			t.Errorf("ifetch %s: %d writes, want the 10 stores of x", mode, c.Writes)
		}
		reads[mode] = c.Reads
	}
	// The for statement (with its init) once, then per iteration the call
	// statement, set's one statement and the post statement i++.
	if reads["off"] != 0 || reads["on"] != 1+10*3 {
		t.Errorf("reads: ifetch off %d (want 0), on %d (want 31)", reads["off"], reads["on"])
	}
}
