// Tests of FromScenario: a trace, a run all script and a plain run, each
// checked against its textbook answer, and a script with errors.

package exam

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
)

func scenarioProblem(t *testing.T, file string, seed uint64) *Problem {
	t.Helper()
	path := filepath.Join("testdata", "topics-b", file)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := FromScenario(path, src, seed)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// rowTexts renders a table's rows as "a b c" lines.
func rowTexts(tb *Table) []string {
	var out []string
	for _, r := range tb.Rows {
		var cells []string
		for _, c := range r {
			cells = append(cells, c.Text)
		}
		out = append(out, strings.Join(cells, " "))
	}
	return out
}

func TestFromScenarioTrace(t *testing.T) {
	p := scenarioProblem(t, "trace.coh", 1)
	// MSI by hand (Culler & Singh): a read miss with no M copy gets the
	// line from memory in S; a write invalidates the others (BusRdX); a
	// read of an M line makes the owner flush and go to S.
	want := []string{
		"1 P0 read x S I I BusRd memory 0",
		"2 P1 read x S S I BusRd memory 0",
		"3 P2 write x 5 I I M BusRdX memory -",
		"4 P0 read x S I S BusRd P2 5",
		"5 P1 write x 7 I M I BusRdX memory -",
		"6 P2 read x I S S BusRd P1 7",
	}
	got := rowTexts(p.Parts[0].Table)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, r := range p.Parts[0].Table.Rows {
		for i, c := range r {
			// The number and the access are given, and so is the value
			// column of a write (-); everything else is to fill in.
			given := i < 2 || i == len(r)-1 && c.Text == "-"
			if c.Blank == given {
				t.Errorf("row %s: cell %d blank=%v", r[1].Text, i, c.Blank)
			}
		}
	}
}

// TestFromScenarioCode: the code shown keeps the program, and leaves out
// the comments and expects that could give the answers away.
func TestFromScenarioCode(t *testing.T) {
	for _, f := range []string{"trace.coh", "outcomes.coh", "output.coh"} {
		code := scenarioProblem(t, f, 0).Code
		if strings.Contains(code, "//") || strings.Contains(code, "expect") {
			t.Errorf("%s: the code shows comments or expects:\n%s", f, code)
		}
		if !strings.Contains(code, "thread") && !strings.Contains(code, "trace {") {
			t.Errorf("%s: the code lost the program:\n%s", f, code)
		}
	}
}

func TestFromScenarioExplore(t *testing.T) {
	p := scenarioProblem(t, "outcomes.coh", 0)
	if got := p.Parts[0].Answer; got != "{1, 2, 3}" {
		t.Errorf("outcomes %s, want {1, 2, 3}", got)
	}
	if len(p.Parts) != 3 || p.Parts[1].Answer != "yes" || p.Parts[2].Answer != "no" {
		t.Errorf("parts %+v", p.Parts[1:])
	}
}

func TestFromScenarioRun(t *testing.T) {
	p := scenarioProblem(t, "output.coh", 0)
	// add(i) returns (i+1)*2: 2 + 4 + 6.
	if got, want := printed(t, p.Parts[0]), "total 12\nbye"; got != want {
		t.Errorf("output %q, want %q", got, want)
	}
	if got := strings.Join(rowTexts(p.Parts[1].Table), "; "); got != "done true; total 12" {
		t.Errorf("values %s", got)
	}
}

func TestFromScenarioErrors(t *testing.T) {
	path := filepath.Join("testdata", "topics-b", "bad.coh")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = FromScenario(path, src, 0)
	var l diag.List
	if !errors.As(err, &l) || !strings.Contains(err.Error(), "bad.coh:4:6: undefined") {
		t.Errorf("err = %v", err)
	}
	if _, err := FromScenario("empty.coh", []byte("var x int\n\nthread a {\n\tx = 1\n}\n"), 0); err == nil || !strings.Contains(err.Error(), "nothing to ask") {
		t.Errorf("a script with nothing to ask: %v", err)
	}
}

func TestFromScenarioGolden(t *testing.T) {
	var ps []*Problem
	for _, f := range []string{"trace.coh", "outcomes.coh", "output.coh"} {
		ps = append(ps, scenarioProblem(t, f, 5))
	}
	topicsBGolden(t, "scenario", problemJSON(t, ps...))
	a, b := problemJSON(t, scenarioProblem(t, "trace.coh", 5)), problemJSON(t, scenarioProblem(t, "trace.coh", 5))
	if string(a) != string(b) {
		t.Error("the same script and seed gave different problems")
	}
}
