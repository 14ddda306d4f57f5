// This file checks the session's bounds and Ctrl-C against what a person
// does at a prompt: pauses between commands, and an interrupted run.

package repl_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/repl"
)

// TestTimeAtThePromptIsNotRunTime: the wall-time bound is for a command
// that runs away, not for the minutes a student spends reading between
// steps. (With the default 10 s bound, a session that steps for more than
// 10 s ends "stopped after 10s: the time limit" at the next multiple of
// 1024 steps.)
func TestTimeAtThePromptIsNotRunTime(t *testing.T) {
	var buf bytes.Buffer
	s := repl.New(repl.Options{Out: &buf, Limits: interp.Limits{Time: 100 * time.Millisecond}})
	if err := s.Load("../../examples/lost-update.coh"); err != nil {
		t.Fatal(err)
	}
	s.Execute("step")
	time.Sleep(150 * time.Millisecond) // reading the step
	buf.Reset()
	s.Execute("step 1100")
	if out := buf.String(); strings.Contains(out, "the run is over") {
		t.Errorf("BUG: the time spent at the prompt counts against the run's time bound; step 1100 ended the run:\n%s", lastLines(out, 4))
	}
	buf.Reset()
	s.Execute("show stats")
	if !strings.Contains(buf.String(), "step 1101, cycles") {
		t.Errorf("want step 1101:\n%s", buf.String())
	}
}

// TestInterruptedRunDoesNotStopLaterSteps: Ctrl-C stops one run command;
// the steps after it go on. (run used to leave its closed stop channel in
// the VM, which checks it every 256 steps: step 300 then ended the run.)
func TestInterruptedRunDoesNotStopLaterSteps(t *testing.T) {
	var buf bytes.Buffer
	calls := 0
	pressed := func() (<-chan struct{}, func()) { // Ctrl-C as soon as the run starts, once
		c := make(chan struct{})
		if calls++; calls == 1 {
			close(c)
		}
		return c, func() {}
	}
	s := repl.New(repl.Options{Out: &buf, Interrupt: pressed})
	if err := s.Load("../../examples/lost-update.coh"); err != nil {
		t.Fatal(err)
	}
	s.Execute("run")
	if out := buf.String(); !strings.HasPrefix(out, "interrupted at step") {
		t.Fatalf("run with Ctrl-C pressed printed:\n%s", out)
	}
	buf.Reset()
	s.Execute("step 300")
	if out := buf.String(); strings.Contains(out, "the run is over") {
		t.Errorf("BUG: after an interrupted run, step 300 ends the run as interrupted:\n%s", lastLines(out, 4))
	}
	buf.Reset()
	s.Execute("show stats")
	if !strings.Contains(buf.String(), "step 300, cycles") {
		t.Errorf("want step 300:\n%s", buf.String())
	}
}

// TestInterruptedSteps: Ctrl-C stops step N and next THREAD N between
// steps, at the step reached; a single step does not ask for it.
func TestInterruptedSteps(t *testing.T) {
	var buf bytes.Buffer
	caught := 0
	pressed := func() (<-chan struct{}, func()) { // Ctrl-C already pressed
		caught++
		c := make(chan struct{})
		close(c)
		return c, func() {}
	}
	s := repl.New(repl.Options{Out: &buf, Interrupt: pressed})
	if err := s.Load("../../examples/lost-update.coh"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ cmd, want string }{
		{"step", "step 1: "},
		{"step 500", "interrupted at step 1\n"},
		{"next w0 5", "interrupted at step 1\n"},
		{"run", "interrupted at step 1\n"},
	} {
		buf.Reset()
		s.Execute(tc.cmd)
		if !strings.HasPrefix(buf.String(), tc.want) {
			t.Errorf("%s printed:\n%s\nwant it to start with %q", tc.cmd, buf.String(), tc.want)
		}
	}
	if caught != 3 {
		t.Errorf("Ctrl-C was caught %d times, want 3 (step 500, next w0 5, run; not step)", caught)
	}
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
