package setup

import (
	"reflect"
	"testing"

	"github.com/cohere-sim/cohere/lang/ast"
)

// runDecl builds `run TEXT` on line 3: the mode's word at column 5.
func runDecl(text string) *ast.RunDecl {
	ws := words(3, 5, text)
	return &ast.RunDecl{Pos: pos(3, 1), Setting: &ast.Setting{Pos: ws[0].Pos, Name: ws[0], Args: ws[1:]}}
}

var threads = []string{"w0", "w1", "main", "worker[0]", "worker[1]", "worker[2]"}

func TestRunDefaults(t *testing.T) {
	for _, d := range []*ast.RunDecl{nil, {Pos: pos(3, 1)}} {
		r, errs := Run(d, threads)
		checkErrs(t, "default", errs, "")
		if want := (RunSpec{Mode: RunRandom, Seed: 1, Quantum: 1, Atomicity: AtomicAccess}); !reflect.DeepEqual(r, want) {
			t.Errorf("default %+v", r)
		}
	}
	if RunRoundRobin.String() != "roundrobin" || AtomicStatement.String() != "statement" || AtomicAccess.String() != "access" {
		t.Error("names")
	}
}

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		text string
		want RunSpec
	}{
		{"sequential", RunSpec{Mode: RunSequential, Seed: 1, Quantum: 1}},
		{"random", RunSpec{Mode: RunRandom, Seed: 1, Quantum: 1}},
		{"random seed 7", RunSpec{Mode: RunRandom, Seed: 7, Quantum: 1}},
		{"random seed 0xffffffffffffffff", RunSpec{Mode: RunRandom, Seed: 1<<64 - 1, Quantum: 1}},
		{"roundrobin", RunSpec{Mode: RunRoundRobin, Seed: 1, Quantum: 1}},
		{"roundrobin quantum 100", RunSpec{Mode: RunRoundRobin, Seed: 1, Quantum: 100}},
		{"timed", RunSpec{Mode: RunTimed, Seed: 1, Quantum: 1}},
		{"all", RunSpec{Mode: RunAll, Seed: 1, Quantum: 1}},
		{"all atomicity statement", RunSpec{Mode: RunAll, Seed: 1, Quantum: 1, Atomicity: AtomicStatement}},
		{"all atomicity access", RunSpec{Mode: RunAll, Seed: 1, Quantum: 1}},
		{"order w0 w1 w1 worker[2] worker [ 0x1 ] main.g1 w0.g2.g10", RunSpec{Mode: RunOrder, Seed: 1, Quantum: 1,
			Order:    []string{"w0", "w1", "w1", "worker[2]", "worker[1]", "main.g1", "w0.g2.g10"},
			OrderPos: []ast.Pos{pos(3, 11), pos(3, 14), pos(3, 17), pos(3, 20), pos(3, 30), pos(3, 45), pos(3, 53)}}},
	} {
		r, errs := Run(runDecl(tc.text), threads)
		checkErrs(t, tc.text, errs, "")
		tc.want.Pos = pos(3, 1)
		if !reflect.DeepEqual(r, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.text, r, tc.want)
		}
	}
}

func TestRunErrors(t *testing.T) {
	const modes = "run sequential, run roundrobin [quantum N], run random [seed N], run timed, run order THREAD..., or run all [atomicity statement|access]"
	const order = "run order THREAD..., as in `run order w0 w1 w0`"
	const known = "the threads are w0, w1, main, worker[0], worker[1] and worker[2]"
	for _, tc := range []struct {
		text    string
		threads []string
		want    string
	}{
		{"randon", threads,
			"t.coh:3:5: unknown run mode randon (did you mean random?): write " + modes},
		{"round-robin", threads,
			"t.coh:3:5: unknown run mode round: write " + modes},
		{"random 7", threads,
			"t.coh:3:12: unknown run random option 7: write run random [seed N]"},
		{"random seed", threads,
			"t.coh:3:12: run random seed needs a value: write run random [seed N]"},
		{"random seed x", threads,
			`t.coh:3:17: seed wants a whole number, not "x": write run random [seed N]`},
		{"random seed -1", threads,
			"t.coh:3:17: seed -1: a seed is 0 to 18446744073709551615"},
		{"random seed 7 quantum 2", threads,
			`t.coh:3:19: unexpected "quantum" after random seed 7: write run random [seed N]`},
		{"roundrobin quantum 0", threads,
			"t.coh:3:24: quantum 0: a thread runs 1 to 1000000000 steps per turn"},
		{"roundrobin seed 3", threads,
			"t.coh:3:16: unknown run roundrobin option seed: write run roundrobin [quantum N]"},
		{"sequential w0", threads,
			`t.coh:3:16: unexpected "w0" after sequential: write run sequential`},
		{"timed 3", threads,
			`t.coh:3:11: unexpected "3" after timed: write run timed`},
		{"all atomicity line", threads,
			"t.coh:3:19: unknown atomicity line: write run all [atomicity statement|access]"},
		{"all atomic statement", threads,
			"t.coh:3:9: unknown run all option atomic: write run all [atomicity statement|access]"},
		{"order", threads,
			"t.coh:3:5: run order needs the thread of each step: write " + order},
		{"order w0 w2 t1", threads,
			"t.coh:3:14: undefined thread: w2 (did you mean w0?); " + known + "\n" +
				"t.coh:3:17: undefined thread: t1 (did you mean w1?); " + known},
		{"order worker", threads,
			"t.coh:3:11: worker is a group of 3 threads: name one of them, worker[0] to worker[2]"},
		{"order worker[3] w1", threads,
			"t.coh:3:11: undefined thread: worker[3]; the threads of group worker are worker[0] to worker[2]"},
		{"order worker[x] w1", threads,
			"t.coh:3:17: worker[ must be followed by the thread's number and ], as in worker[0]"},
		{"order worker[1 w1", threads,
			"t.coh:3:18: worker[1 must be closed by ], as in worker[1]"},
		{"order w1 w0.", threads,
			"t.coh:3:16: w0. must be followed by a goroutine name, as in w0.g1"},
		{"order w0.x1", threads,
			"t.coh:3:11: w0.x1 is not a goroutine name: goroutines are named after their parent and spawn order, as in w0.g1"},
		{"order t9.g1", threads,
			"t.coh:3:11: undefined thread: t9.g1; " + known},
		{"order 3 w0", threads,
			`t.coh:3:11: run order wants thread names, not "3": write ` + order},
		{"order t0", nil,
			"t.coh:3:11: undefined thread: t0; this script declares no thread"},
		{"order x", []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"},
			"t.coh:3:11: undefined thread: x; the threads are a, b, c, d, e, f, g, h and 2 more"},
	} {
		_, errs := Run(runDecl(tc.text), tc.threads)
		checkErrs(t, tc.text, errs, tc.want)
	}
}
