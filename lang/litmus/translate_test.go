package litmus

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestTranslateGolden compares translations with the scripts in
// testdata/golden/translate (go test -update rewrites them).
func TestTranslateGolden(t *testing.T) {
	for _, tc := range []struct {
		file  string
		model Model
	}{
		{"x86/SB", TSO},
		{"x86/SB", SC},
		{"x86_64/SB+mfences", TSO},
		{"x86/CMPXCHG", TSO},
		{"x86_64/XADD", SC},
		{"forms/ARITH", TSO},
		{"forms/NAMES", TSO},
	} {
		test := parseFile(t, filepath.Join("testdata", tc.file+".litmus"))
		s, err := Translate(test, tc.model)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.ReplaceAll(tc.file, "/", "-") + "." + tc.model.String() + ".coh"
		golden(t, filepath.Join("testdata", "golden", "translate", name), string(s.Src))
	}
}

// TestForms runs the tests of testdata/forms, which use every instruction
// form, and compares their final states with the reference model's.
func TestForms(t *testing.T) {
	files, _ := filepath.Glob("testdata/forms/*.litmus")
	explore := ScenarioExplorer(ExploreOptions{})
	for _, f := range files {
		test := parseFile(t, f)
		for _, m := range []Model{TSO, SC} {
			r, err := Run(test, m, explore)
			if err != nil {
				t.Fatalf("%s %s: %v", f, m, err)
			}
			ref := NewResult(test, m, r.Columns, referenceStates(test, m, r.Columns))
			if len(r.States) == 0 || !slices.EqualFunc(r.States, ref.States, slices.Equal[[]int64]) {
				t.Errorf("%s %s: the final states differ from the reference model's:\n%s\nreference:\n%s", f, m, states(r), states(ref))
			}
		}
	}
}

// TestObserve checks the expressions a final state is read from, in
// herd's column order.
func TestObserve(t *testing.T) {
	test := parseFile(t, "testdata/forms/NAMES.litmus")
	s, err := Translate(test, TSO)
	if err != nil {
		t.Fatal(err)
	}
	var cols []string
	for _, c := range s.Columns {
		cols = append(cols, c.String())
	}
	if got, want := join(cols), "0:rax 0:rbx 1:rcx [P1] [a.b] [fence] [for] [m_for] [old] [t0]"; got != want {
		t.Errorf("columns %s\nwant    %s", got, want)
	}
	if got, want := join(s.Observe), "t0.rax t0.rbx t1.rcx m_P1 m_a_b m_fence m_for_2 m_for m_old m_t0"; got != want {
		t.Errorf("observe %s\nwant    %s", got, want)
	}
}
