// This file checks back against going forward: after any random session
// of step, next and back, the state is exactly the one a fresh session
// reaches by taking the remaining steps forward.

package repl_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/repl"
)

// probe drives a session one command at a time and returns what each
// command printed. The session's state is only visible through its
// output, so the state is compared as the text of show and of expressions.
type probe struct {
	t   testing.TB
	s   *repl.Session
	buf bytes.Buffer
}

func newProbe(t testing.TB, script string, setup []string) *probe {
	t.Helper()
	p := &probe{t: t}
	p.s = repl.New(repl.Options{Out: &p.buf})
	if err := p.s.Load(script); err != nil {
		t.Fatalf("load %s: %v", script, err)
	}
	for _, cmd := range setup {
		if out := p.do(cmd); !strings.HasPrefix(out, "set ") {
			t.Fatalf("%s: %s", cmd, out)
		}
	}
	return p
}

func (p *probe) do(cmd string) string {
	p.buf.Reset()
	p.s.Execute(cmd)
	return p.buf.String()
}

var stepLine = regexp.MustCompile(`(?m)^step (\d+), cycles \d+$`)

// step returns the session's step number, as show stats says it.
func (p *probe) step() int {
	p.t.Helper()
	out := p.do("show stats")
	m := stepLine.FindStringSubmatch(out)
	if m == nil {
		p.t.Fatalf("show stats says no step number:\n%s", out)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

var columns = regexp.MustCompile(`\s{2,}`)

// runnable returns the runnable threads, as show threads lists them.
func (p *probe) runnable() []string {
	var out []string
	lines := strings.Split(strings.TrimSpace(p.do("show threads")), "\n")
	for _, l := range lines[1:] {
		cols := columns.Split(l, -1)
		if len(cols) >= 2 && cols[1] == "runnable" {
			out = append(out, cols[0])
		}
	}
	return out
}

var coreLine = regexp.MustCompile(`(?m)^P(\d+): \d+ of \d+ lines valid$`)

// snapshot is everything the session shows of the machine and the run:
// every cache's lines and data, every core's counters and the cycles, the
// bus counts, memory and the last store of every global, the threads'
// status, position and steps, the last step, and the value, memory word,
// each core's view and each core's state of every variable given.
func (p *probe) snapshot(vars []string) string {
	var b strings.Builder
	caches := p.do("show caches")
	cores := len(coreLine.FindAllString(caches, -1))
	add := func(cmd, out string) { fmt.Fprintf(&b, "> %s\n%s", cmd, out) }
	add("show caches", caches)
	for _, cmd := range []string{"show stats", "show bus", "show memory", "show threads", "explain"} {
		add(cmd, p.do(cmd))
	}
	for _, v := range vars {
		exprs := []string{v, "mem(" + v + ")"}
		for c := 0; c < cores; c++ {
			exprs = append(exprs, fmt.Sprintf("load(P%d, %s)", c, v), fmt.Sprintf("state(P%d, %s)", c, v))
		}
		for _, e := range exprs {
			add(e, p.do(e))
		}
		add("show line "+v, p.do("show line "+v))
	}
	return b.String()
}

type backScript struct {
	path string
	vars []string // the globals to inspect
}

var backScripts = []backScript{
	{"examples/mutex.coh", []string{"counter", "mu"}},
	{"examples/lost-update.coh", []string{"counter"}},
	{"examples/channel.coh", []string{"counter", "ch", "done"}},
	{"examples/false-sharing.coh", []string{"counts[0]", "counts[1]"}},
	{"docs/examples/go.coh", []string{"total", "wg", "mu"}},
	{"docs/examples/deadlock.coh", []string{"mu", "ch"}},
	{"lang/repl/testdata/scripts/short.coh", []string{"x"}},
}

// setups change the machine or the schedule before a session starts.
var setups = [][]string{
	nil,
	{"set seed 7"},
	{"set schedule roundrobin"},
	{"set schedule roundrobin quantum 3"},
	{"set protocol MOESI", "set seed 3"},
	{"set protocol Dragon"},
	{"set cores 4", "set seed 11"},
}

// randomOp returns one random command of a session at step steps.
func randomOp(r *rand.Rand, p *probe, steps int) string {
	switch x := r.IntN(100); {
	case x < 45:
		switch y := r.IntN(10); {
		case y < 6:
			return "step"
		case y < 9:
			return fmt.Sprintf("step %d", 2+r.IntN(20))
		default:
			return fmt.Sprintf("step %d", 50+r.IntN(400))
		}
	case x < 70:
		if ts := p.runnable(); len(ts) > 0 {
			t := ts[r.IntN(len(ts))]
			if r.IntN(2) == 0 {
				return "next " + t
			}
			return fmt.Sprintf("next %s %d", t, 2+r.IntN(5))
		}
		return "step"
	default:
		switch y := r.IntN(10); {
		case y < 5 || steps < 2:
			return "back"
		case y < 8:
			return fmt.Sprintf("back %d", 1+r.IntN(min(steps, 30)))
		case y < 9:
			return fmt.Sprintf("back %d", steps) // to step 0
		default:
			return fmt.Sprintf("back %d", steps+1+r.IntN(5)) // past step 0
		}
	}
}

// forward turns the steps taken (the thread of each, "" for the
// scheduler's choice) into step and next commands.
func forward(choices []string) []string {
	var cmds []string
	for i := 0; i < len(choices); {
		j := i
		for j < len(choices) && choices[j] == choices[i] {
			j++
		}
		n := j - i
		if choices[i] == "" {
			cmds = append(cmds, fmt.Sprintf("step %d", n))
		} else {
			cmds = append(cmds, fmt.Sprintf("next %s %d", choices[i], n))
		}
		i = j
	}
	return cmds
}

// TestBackIsForward runs random sessions of step, next and back on
// several scripts and settings, then checks the state against a fresh
// session that takes the same steps forward, and that both go on alike.
func TestBackIsForward(t *testing.T) {
	t.Chdir(repoRoot)
	sessions, opsPer := 8, 24
	if testing.Short() {
		sessions, opsPer = 2, 12
	}
	for _, sc := range backScripts {
		for i := range sessions {
			seed := uint64(1000*len(sc.path) + i)
			setup := setups[(i+len(sc.path))%len(setups)]
			name := fmt.Sprintf("%s/seed%d", strings.TrimSuffix(sc.path[strings.LastIndex(sc.path, "/")+1:], ".coh"), seed)
			t.Run(name, func(t *testing.T) {
				checkBackSession(t, sc, setup, seed, opsPer)
			})
		}
	}
}

func checkBackSession(t *testing.T, sc backScript, setup []string, seed uint64, ops int) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	p := newProbe(t, sc.path, setup)
	var choices []string // the steps the session stands on: the thread of each ("" = scheduler)
	var typed []string
	context := func(fwd []string) string {
		return fmt.Sprintf("script %s, setup %q, seed %d\nthe session typed: %q\nthe fresh session typed: %q",
			sc.path, setup, seed, typed, fwd)
	}
	backs, ended := 0, false
	for k := 0; k < ops || backs == 0; k++ {
		cmd := randomOp(r, p, len(choices))
		if k >= ops {
			cmd = "back"
		}
		typed = append(typed, cmd)
		out := p.do(cmd)
		ended = ended || strings.Contains(out, "the run is over:")
		now := p.step()
		f := strings.Fields(cmd)
		switch f[0] {
		case "back":
			backs++
			n := 1
			if len(f) > 1 {
				n, _ = strconv.Atoi(f[1])
			}
			choices = choices[:max(0, len(choices)-n)]
		case "step", "next":
			thread := ""
			if f[0] == "next" {
				thread = f[1]
			}
			if now < len(choices) {
				t.Fatalf("%s went from step %d back to %d\n%s", cmd, len(choices), now, context(nil))
			}
			for len(choices) < now {
				choices = append(choices, thread)
			}
		}
		if now != len(choices) {
			t.Fatalf("after %q the session is at step %d, want %d\n%s\n%s", cmd, now, len(choices), out, context(nil))
		}
		if f[0] == "back" {
			compareForward(t, p, sc, setup, choices, context, false)
		}
	}
	compareForward(t, p, sc, setup, choices, context, true)
	t.Logf("%d commands (%d back), at step %d; went through the end of the run: %v", len(typed), backs, len(choices), ended)
}

// compareForward checks p's state against a fresh session that takes the
// given steps forward; then, if future is set, that both go on alike (the
// scheduler's state is the same too).
func compareForward(t *testing.T, p *probe, sc backScript, setup, choices []string, context func([]string) string, future bool) {
	t.Helper()
	got := p.snapshot(sc.vars)
	q := newProbe(t, sc.path, setup)
	fwd := forward(choices)
	for _, cmd := range fwd {
		if out := q.do(cmd); strings.Contains(out, "cannot step") || strings.Contains(out, "the run is over (") {
			t.Fatalf("the fresh session could not take %q:\n%s\n%s", cmd, out, context(fwd))
		}
	}
	if n := q.step(); n != len(choices) {
		t.Fatalf("the fresh session is at step %d, want %d\n%s", n, len(choices), context(fwd))
	}
	if want := q.snapshot(sc.vars); got != want {
		t.Fatalf("after back, the state differs from %d steps forward (- forward, + after back):\n%s\n%s",
			len(choices), lineDiff(want, got), context(fwd))
	}
	if !future {
		return
	}
	for _, cmd := range []string{"step 5", "back 2", "step 7"} {
		if a, b := p.do(cmd), q.do(cmd); a != b {
			t.Fatalf("then %q prints differently (- forward, + after back):\n%s\n%s", cmd, lineDiff(b, a), context(fwd))
		}
	}
	if a, b := p.snapshot(sc.vars), q.snapshot(sc.vars); a != b {
		t.Fatalf("then the states differ (- forward, + after back):\n%s\n%s", lineDiff(b, a), context(fwd))
	}
}

// TestForward checks the helper that turns steps into commands.
func TestForward(t *testing.T) {
	got := forward([]string{"", "", "w1", "w1", "w1", "", "w0"})
	want := []string{"step 2", "next w1 3", "step 1", "next w0 1"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("forward = %q, want %q", got, want)
	}
}
