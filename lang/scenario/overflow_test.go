// Tests of stack overflow: Go's message, exit 1, recover cannot catch it,
// and a deep traceback is cut in the middle as Go cuts it.

package scenario_test

import (
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
)

func TestStackOverflowIsFatal(t *testing.T) {
	src := `func f(n int) int {
	return f(n+1) + 1
}

var caught int

thread main {
	defer func() {
		if r := recover(); r != nil {
			caught = 1
		}
	}()
	f(0)
}
`
	rep, _ := run(t, src, scenario.Options{})
	r := rep.Result
	if r.Outcome != interp.FatalError || !rep.Failed {
		t.Fatalf("outcome %v, failed %v; want a fatal error that fails the run", r.Outcome, rep.Failed)
	}
	if !strings.HasPrefix(r.Message, "runtime: goroutine stack exceeds 65536-byte limit\nfatal error: stack overflow\n\ngoroutine 1 [running]:\nmain.f(...)\n") {
		t.Errorf("message starts %q", r.Message[:min(len(r.Message), 200)])
	}
	if len(r.Output) != 0 {
		t.Errorf("recover caught a stack overflow: output %q", r.Output)
	}
	frames := strings.Count(r.Message, "main.f(...)")
	if frames != 100 || !strings.Contains(r.Message, " frames elided...\n") || !strings.HasSuffix(strings.TrimRight(r.Message, "\n"), "main.main()\n\tt.coh:13") {
		t.Errorf("%d frames shown, want 50 innermost and 50 outermost around an elision line, ending in main.main:\n...%s", frames, r.Message[max(0, len(r.Message)-200):])
	}
}
