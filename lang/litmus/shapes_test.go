package litmus

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// shapes are the tests of testdata/x86 and testdata/x86_64 (the same test
// in each syntax) with the observation x86-TSO and SC give their
// condition's proposition: Never, Sometimes or Always. The relaxed
// outcomes are the classic ones of the x86-TSO papers (Owens, Sarkar,
// Sewell 2009; Sewell et al. 2010) and of herd's x86tso model.
var shapes = []struct {
	name    string
	tso, sc string
}{
	{"SB", "Sometimes", "Never"},           // store buffering: the one relaxation of x86
	{"SB+mfence+po", "Sometimes", "Never"}, // a fence on one side is not enough
	{"SB+mfences", "Never", "Never"},
	{"SB+rfi-pos", "Sometimes", "Never"}, // a load reads its own buffered store early
	{"SB+xchgs", "Never", "Never"},       // XCHG is locked: a fence
	{"MP", "Never", "Never"},
	{"LB", "Never", "Never"},
	{"2+2W", "Never", "Never"},
	{"R", "Sometimes", "Never"},
	{"R+po+mfence", "Never", "Never"},
	{"S", "Never", "Never"},
	{"IRIW", "Never", "Never"}, // stores are seen by all other cores at once
	{"WRC", "Never", "Never"},
	{"RWC", "Sometimes", "Never"},
	{"RWC+mfence", "Never", "Never"},
	{"CoRWR", "Never", "Never"},       // coherence of one location
	{"INC", "Sometimes", "Sometimes"}, // unlocked increments lose updates, even under SC
	{"LOCK-INC", "Always", "Always"},  // locked ones do not
	{"XADD", "Always", "Always"},      // distinct tickets
	{"CMPXCHG", "Never", "Never"},     // one winner
}

var archDirs = []string{"x86", "x86_64"}

func parseFile(t *testing.T, path string) *Test {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	test, errs := Parse(path, src)
	if len(errs) > 0 {
		t.Fatalf("%s", diag.Render(errs, src, 0))
	}
	return test
}

// TestShapesComplete checks that every test in testdata has a row in
// shapes, and every row a test in both syntaxes.
func TestShapesComplete(t *testing.T) {
	for _, dir := range archDirs {
		files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.litmus"))
		var names []string
		for _, f := range files {
			names = append(names, strings.TrimSuffix(filepath.Base(f), ".litmus"))
		}
		for _, sh := range shapes {
			if !slices.Contains(names, sh.name) {
				t.Errorf("testdata/%s has no %s.litmus", dir, sh.name)
			}
		}
		for _, n := range names {
			if !slices.ContainsFunc(shapes, func(s struct{ name, tso, sc string }) bool { return s.name == n }) {
				t.Errorf("testdata/%s/%s.litmus has no row in shapes", dir, n)
			}
		}
	}
}

// TestShapes runs every shape in both syntaxes under both models, checks
// the observation, and checks that the final states are exactly those of
// the reference model in refmodel_test.go.
func TestShapes(t *testing.T) {
	explore := ScenarioExplorer(ExploreOptions{})
	for _, dir := range archDirs {
		for _, sh := range shapes {
			t.Run(dir+"/"+sh.name, func(t *testing.T) {
				test := parseFile(t, filepath.Join("testdata", dir, sh.name+".litmus"))
				for _, m := range []Model{TSO, SC} {
					want := sh.tso
					if m == SC {
						want = sh.sc
					}
					r, err := Run(test, m, explore)
					if err != nil {
						t.Fatalf("%s: %v", m, err)
					}
					if got := r.Verdict().Observation; got != want {
						t.Errorf("%s: %s, want %s", m, got, want)
					}
					ref := NewResult(test, m, r.Columns, referenceStates(test, m, r.Columns))
					if got := ref.Verdict().Observation; got != want {
						t.Errorf("%s: the reference model says %s, want %s", m, got, want)
					}
					if !slices.EqualFunc(r.States, ref.States, slices.Equal[[]int64]) {
						t.Errorf("%s: the final states differ from the reference model's:\n%s\nreference:\n%s", m, states(r), states(ref))
					}
				}
			})
		}
	}
}

func states(r *Result) string {
	var b strings.Builder
	for _, s := range r.States {
		b.WriteString("\t" + r.FormatState(s) + "\n")
	}
	return b.String()
}

// TestShapesNoReduce checks that plain enumeration finds the same final
// states as the partial-order reduction, store buffers included.
func TestShapesNoReduce(t *testing.T) {
	if testing.Short() {
		t.Skip("plain enumeration of every shape takes a while")
	}
	reduced := ScenarioExplorer(ExploreOptions{})
	plain := ScenarioExplorer(ExploreOptions{NoReduce: true})
	for _, sh := range shapes {
		test := parseFile(t, filepath.Join("testdata", "x86", sh.name+".litmus"))
		for _, m := range []Model{TSO, SC} {
			a, err := Run(test, m, reduced)
			if err != nil {
				t.Fatal(err)
			}
			b, err := Run(test, m, plain)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(a.States, b.States, slices.Equal[[]int64]) {
				t.Errorf("%s %s: with reduction:\n%swithout:\n%s", sh.name, m, states(a), states(b))
			}
		}
	}
}

// TestShapesGolden compares herd's output for every shape with
// testdata/golden/DIR.MODEL.txt (go test -update rewrites them).
func TestShapesGolden(t *testing.T) {
	explore := ScenarioExplorer(ExploreOptions{})
	for _, dir := range archDirs {
		for _, m := range []Model{TSO, SC} {
			var out bytes.Buffer
			files, _ := filepath.Glob(filepath.Join("testdata", dir, "*.litmus"))
			for _, f := range files {
				r, err := Run(parseFile(t, f), m, explore)
				if err != nil {
					t.Fatal(err)
				}
				r.Write(&out)
			}
			golden(t, filepath.Join("testdata", "golden", dir+"."+m.String()+".txt"), out.String())
		}
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./lang/litmus -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
