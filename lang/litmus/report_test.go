package litmus

import (
	"errors"
	"strings"
	"testing"
)

// fakeExplorer returns fixed outcomes, checking that it is asked for the
// expressions it expects.
func fakeExplorer(t *testing.T, observe []string, outcomes ...[]string) Explorer {
	return func(s *Script) (*Exploration, error) {
		if join(s.Observe) != join(observe) {
			t.Errorf("observe %v, want %v", s.Observe, observe)
		}
		ex := &Exploration{Complete: true}
		for _, o := range outcomes {
			ex.Outcomes = append(ex.Outcomes, Outcome{Values: o, End: "finished"})
		}
		return ex, nil
	}
}

func testFrom(t *testing.T, src string) *Test {
	t.Helper()
	test, errs := Parse("t.litmus", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return test
}

const twoThreads = "X86 T\n{}\n P0 | P1 ;\n MOV EAX,[x] | MOV [x],$1 ;\n"

// TestReport checks herd's output over hand-made sets of final states:
// the kind of each quantifier, Ok and No, the counts, and the order and
// distinctness of the states.
func TestReport(t *testing.T) {
	for _, tc := range []struct {
		name     string
		cond     string
		outcomes [][]string
		want     string
	}{
		{"exists-ok", `exists (0:EAX=1)`, [][]string{{"1", "1"}, {"0", "1"}, {"1", "1"}},
			"Test T Allowed\nStates 2\n0:EAX=0; [x]=1;\n0:EAX=1; [x]=1;\nOk\nWitnesses\nPositive: 1 Negative: 1\nCondition exists (0:EAX=1)\nObservation T Sometimes 1 1\n\n"},
		{"exists-no", `exists (0:EAX=2)`, [][]string{{"0", "1"}, {"1", "1"}},
			"Test T Allowed\nStates 2\n0:EAX=0; [x]=1;\n0:EAX=1; [x]=1;\nNo\nWitnesses\nPositive: 0 Negative: 2\nCondition exists (0:EAX=2)\nObservation T Never 0 2\n\n"},
		{"not-exists-ok", `~exists (0:EAX=2)`, [][]string{{"0", "1"}, {"1", "1"}},
			"Test T Forbidden\nStates 2\n0:EAX=0; [x]=1;\n0:EAX=1; [x]=1;\nOk\nWitnesses\nPositive: 2 Negative: 0\nCondition ~exists (0:EAX=2)\nObservation T Never 0 2\n\n"},
		{"not-exists-no", `~exists (0:EAX=1)`, [][]string{{"0", "1"}, {"1", "1"}},
			"Test T Forbidden\nStates 2\n0:EAX=0; [x]=1;\n0:EAX=1; [x]=1;\nNo\nWitnesses\nPositive: 1 Negative: 1\nCondition ~exists (0:EAX=1)\nObservation T Sometimes 1 1\n\n"},
		{"forall-ok", `forall ([x]=1 /\ ~0:EAX=2)`, [][]string{{"0", "1"}, {"1", "1"}},
			"Test T Required\nStates 2\n0:EAX=0; [x]=1;\n0:EAX=1; [x]=1;\nOk\nWitnesses\nPositive: 2 Negative: 0\nCondition forall ([x]=1 /\\ ~0:EAX=2)\nObservation T Always 2 0\n\n"},
		{"forall-no", `forall (0:EAX=1)`, [][]string{{"1", "1"}, {"0", "1"}},
			"Test T Required\nStates 2\n0:EAX=0; [x]=1;\n0:EAX=1; [x]=1;\nNo\nWitnesses\nPositive: 1 Negative: 1\nCondition forall (0:EAX=1)\nObservation T Sometimes 1 1\n\n"},
		{"numeric-order", `exists (0:EAX=-1)`, [][]string{{"10", "1"}, {"-1", "1"}, {"9", "1"}},
			"Test T Allowed\nStates 3\n0:EAX=-1; [x]=1;\n0:EAX=9; [x]=1;\n0:EAX=10; [x]=1;\nOk\nWitnesses\nPositive: 1 Negative: 2\nCondition exists (0:EAX=-1)\nObservation T Sometimes 1 2\n\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			test := testFrom(t, twoThreads+"locations [x;]\n"+tc.cond+"\n")
			r, err := Run(test, TSO, fakeExplorer(t, []string{"t0.EAX", "x"}, tc.outcomes...))
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			r.Write(&b)
			if b.String() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tc.want)
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	test := testFrom(t, twoThreads+"exists (0:EAX=1)\n")
	cut := func(s *Script) (*Exploration, error) {
		return &Exploration{Complete: false, Cut: "state", Outcomes: []Outcome{{Values: []string{"0"}, End: "finished"}}}, nil
	}
	_, err := Run(test, TSO, cut)
	var inc *IncompleteError
	if !errors.As(err, &inc) || inc.Cut != "state" || inc.Found != 1 {
		t.Errorf("cut short: %v", err)
	}
	for _, o := range []Outcome{
		{Values: []string{"0"}, End: "deadlocked"},
		{Values: []string{"true"}, End: "finished"},
		{Values: []string{"0", "1"}, End: "finished"},
	} {
		ex := func(s *Script) (*Exploration, error) {
			return &Exploration{Complete: true, Outcomes: []Outcome{o}}, nil
		}
		if _, err := Run(test, TSO, ex); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
}
