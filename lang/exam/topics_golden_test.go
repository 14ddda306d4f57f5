// This file holds what the topic tests share: a plain-text dump of a
// problem for golden files, the -update flag, and the reproducibility
// checks (same seed, same problem; another index, another problem).

package exam

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The -update flag may be defined by another test file of the package
// (the formats' goldens): define it only when nobody has.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files")
	}
}

func updatingGoldens() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// topicDump renders a problem as plain text; blanks show their answer
// in brackets.
func topicDump(p *Problem) string {
	var b strings.Builder
	fmt.Fprintf(&b, "== %s (topic %s, seed %d, index %d): %s\n", p.ID, p.Topic, p.Seed, p.Index, p.Title)
	b.WriteString(p.Intro)
	b.WriteString("\n")
	if p.Code != "" {
		b.WriteString("--- code\n")
		b.WriteString(p.Code)
	}
	for i, pt := range p.Parts {
		fmt.Fprintf(&b, "--- part %d\n%s\n", i+1, pt.Prompt)
		if t := pt.Table; t != nil {
			fmt.Fprintf(&b, "| %s |\n", strings.Join(t.Header, " | "))
			for _, row := range t.Rows {
				var cells []string
				for _, c := range row {
					if c.Blank {
						cells = append(cells, "["+c.Text+"]")
					} else {
						cells = append(cells, c.Text)
					}
				}
				fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | "))
			}
		}
		if len(pt.Choices) > 0 {
			fmt.Fprintf(&b, "choices: %s\n", strings.Join(pt.Choices, " / "))
		}
		if pt.Answer != "" {
			fmt.Fprintf(&b, "answer: %s\n", pt.Answer)
		}
		if pt.Explain != "" {
			fmt.Fprintf(&b, "explain:\n%s\n", pt.Explain)
		}
	}
	return b.String()
}

// topicGolden is one golden file: problems of a topic with fixed knobs.
type topicGolden struct {
	file  string
	seed  uint64
	count int
	knobs Knobs
	from  int // dump the problems from this index on
}

func checkTopicGolden(t *testing.T, topic string, cases []topicGolden) {
	t.Helper()
	for _, c := range cases {
		ps, err := Generate(Options{Topic: topic, Seed: c.seed, Count: c.count, Knobs: c.knobs})
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		var b strings.Builder
		for _, p := range ps[c.from:] {
			b.WriteString(topicDump(p))
			b.WriteString("\n")
		}
		path := filepath.Join("testdata", "topics", c.file+".golden")
		if updatingGoldens() {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if string(want) != b.String() {
			t.Errorf("%s differs from the golden file (go test -run %s -update, then review the diff):\n%s", path, t.Name(), b.String())
		}
	}
}

// checkTopicReproducible generates each knob setting twice and checks that the
// same seed gives byte-identical problems and that the problems of one
// generation all differ.
func checkTopicReproducible(t *testing.T, topic string, knobs []Knobs) {
	t.Helper()
	for _, k := range knobs {
		for seed := uint64(1); seed <= 3; seed++ {
			a, err := Generate(Options{Topic: topic, Seed: seed, Count: 4, Knobs: k})
			if err != nil {
				t.Fatalf("%+v: %v", k, err)
			}
			b, err := Generate(Options{Topic: topic, Seed: seed, Count: 4, Knobs: k})
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]int{}
			for i := range a {
				da, db := topicDump(a[i]), topicDump(b[i])
				if da != db {
					t.Errorf("%s %+v seed %d problem %d: two generations differ", topic, k, seed, i)
				}
				body := da[strings.Index(da, "\n"):] // without the id line
				if j, ok := seen[body]; ok {
					t.Errorf("%s %+v seed %d: problems %d and %d are the same", topic, k, seed, j, i)
				}
				seen[body] = i
			}
		}
	}
}
