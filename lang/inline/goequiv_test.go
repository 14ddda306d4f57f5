package inline_test

// This file checks the decisions on every script of
// lang/scenario/testdata/goequiv against what Go decided for its Go twin,
// recorded in testdata/goequiv.txt by testdata/goequiv.sh (the test does
// not run Go).

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/inline"
	"github.com/cohere-sim/cohere/lang/scenario"
)

func TestGoEquivDecisions(t *testing.T) {
	rec, err := os.ReadFile("testdata/goequiv.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	var name string
	for _, l := range strings.Split(strings.TrimSpace(string(rec)), "\n") {
		if n, ok := strings.CutPrefix(l, "== "); ok {
			name = n
			want[name] = nil
			continue
		}
		want[name] = append(want[name], l)
	}
	files, _ := filepath.Glob("../scenario/testdata/goequiv/*.coh")
	if len(files) < 100 || len(want) != len(files) {
		t.Fatalf("%d scripts, %d recorded: run lang/inline/testdata/goequiv.sh", len(files), len(want))
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".coh")
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s, errs := scenario.Load(name+".coh", src, scenario.Overrides{})
		if len(errs) > 0 {
			t.Fatalf("%s: %v", f, errs)
		}
		res := inline.Analyze(s.File, s.Info, inline.Config{On: s.Machine.Inline, Budget: s.Machine.InlineBudget})
		got := decisions(res.Lines(2))
		sort.Strings(got)
		if strings.Join(got, "\n") != strings.Join(want[name], "\n") {
			t.Errorf("%s:\ncohere\n\t%s\nGo\n\t%s", name, strings.Join(got, "\n\t"), strings.Join(want[name], "\n\t"))
		}
	}
}
