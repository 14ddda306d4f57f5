// Tests of the escape analysis lines of -m: `moved to heap: x`.

package inline_test

import (
	"reflect"
	"testing"

	"github.com/cohere-sim/cohere/lang/inline"
)

// TestMovedToHeap: a local whose address is returned or stored in a
// global is moved to the heap, as go build -gcflags=-m reports
// (test.coh:4 and :15 match Go's lines for the same functions); one whose
// address stays in its function is not; a local captured by a function
// literal is on the heap in cohere (Go keeps it on the stack when the
// literal does not escape). The lines come after the inlining lines, and
// are printed with inlining off too.
func TestMovedToHeap(t *testing.T) {
	src := `var g *int

func keep() *int {
	x := 5
	return &x
}

func local() int {
	y := 1
	p := &y
	return *p
}

func publish() {
	z := 3
	g = &z
}

thread main {
	a := keep()
	b := local()
	publish()
	n := 0
	f := func() { n++ }
	f()
}
`
	want := []string{"test.coh:4:2: moved to heap: x", "test.coh:15:2: moved to heap: z", "test.coh:23:2: moved to heap: n"}
	for _, on := range []bool{true, false} {
		lines := analyze(t, src, inline.Config{On: on, Budget: inline.DefaultBudget}).Lines(1)
		got := lines[len(lines)-min(len(lines), 3):]
		if !reflect.DeepEqual(got, want) {
			t.Errorf("inline %v: last lines %q, want %q (all: %q)", on, got, want, lines)
		}
		if !on && len(lines) != 3 {
			t.Errorf("inline off printed %q, want only the escape lines", lines)
		}
	}
}
