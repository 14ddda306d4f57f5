// Golden tests of the interleaving, defer and memory-map topics and of
// FromScenario: each problem is dumped as indented JSON and compared with
// testdata/topics-b; `go test -update` rewrites the files.

package exam

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The -update flag may be declared by another test file of the package
// too; whoever comes first declares it.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files")
	}
}

func topicsBUpdating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// goldenProblem is what the golden files hold of a problem: the fields
// a topic fills in (fields other branches add to Problem stay out, so
// that they do not change these files).
type goldenProblem struct {
	ID    string
	Topic string
	Seed  uint64
	Index int
	Title string
	Intro string
	Code  string
	Parts []Part
}

// problemJSON renders problems as the golden files hold them.
func problemJSON(t *testing.T, ps ...*Problem) []byte {
	t.Helper()
	var gs []goldenProblem
	for _, p := range ps {
		gs = append(gs, goldenProblem{p.ID, p.Topic, p.Seed, p.Index, p.Title, p.Intro, p.Code, p.Parts})
	}
	b, err := json.MarshalIndent(gs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// topicsBGolden compares got with testdata/topics-b/name.golden.
func topicsBGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "topics-b", name+".golden")
	if topicsBUpdating() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff.\ngot:\n%s", path, got)
	}
}

// generate makes problems or fails the test.
func generate(t *testing.T, opt Options) []*Problem {
	t.Helper()
	ps, err := Generate(opt)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// topicsBReproducible generates the same problems twice (same bytes) and
// checks that different indexes give different problems.
func topicsBReproducible(t *testing.T, opt Options) {
	t.Helper()
	a, b := problemJSON(t, generate(t, opt)...), problemJSON(t, generate(t, opt)...)
	if string(a) != string(b) {
		t.Fatalf("the same seed gave different problems")
	}
	ps := generate(t, opt)
	seen := map[string]int{}
	for i, p := range ps {
		p.ID, p.Index = "", 0
		k := string(problemJSON(t, p))
		if j, ok := seen[k]; ok {
			t.Errorf("problems %d and %d are the same", j+1, i+1)
		}
		seen[k] = i
	}
}

func TestTopicsBKnobErrors(t *testing.T) {
	for _, tt := range []struct {
		topic string
		k     Knobs
		want  string
	}{
		{"interleaving", Knobs{Protocol: "MSI"}, "--protocol does not apply"},
		{"interleaving", Knobs{Cores: 4}, "cores 4: use 2 to 3"},
		{"interleaving", Knobs{Ops: 9}, "ops 9: use 1 to 3"},
		{"interleaving", Knobs{Variant: "nope"}, "the variants are add, counter"},
		{"defer", Knobs{Cores: 2}, "--cores does not apply"},
		{"defer", Knobs{Ops: 7}, "ops 7: use 1 to 6"},
		{"defer", Knobs{Variant: "table"}, "the variants are order, args"},
		{"memory-map", Knobs{Variant: "x"}, "--variant does not apply"},
		{"memory-map", Knobs{Lines: 1}, "lines 1: use 2 to 6"},
	} {
		_, err := Generate(Options{Topic: tt.topic, Seed: 1, Knobs: tt.k})
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.topic) {
			t.Errorf("%s %+v: %v, want %q", tt.topic, tt.k, err, tt.want)
		}
	}
}

// TestTopicsBManySeeds: every topic makes a problem for many seeds and
// knobs, and each has a key in every part.
func TestTopicsBManySeeds(t *testing.T) {
	for _, c := range []struct {
		topic string
		knobs []Knobs
	}{
		{"interleaving", []Knobs{{}, {Choice: true}, {Cores: 3, Ops: 2}}},
		{"defer", []Knobs{{}, {Choice: true}, {Ops: 1}, {Ops: 6}}},
		{"memory-map", []Knobs{{}, {Choice: true, Lines: 2}}},
	} {
		for _, k := range c.knobs {
			for _, p := range generate(t, Options{Topic: c.topic, Seed: 11, Count: 25, Knobs: k}) {
				for i, part := range p.Parts {
					keyed := part.Answer != ""
					if part.Table != nil {
						for _, r := range part.Table.Rows {
							for _, cell := range r {
								keyed = keyed || cell.Blank
							}
						}
					}
					if !keyed || part.Choices != nil && !slices.Contains(part.Choices, part.Answer) {
						t.Errorf("%s %+v: part %d of %s has no key: %+v", c.topic, k, i+1, p.ID, part)
					}
				}
			}
		}
	}
}
