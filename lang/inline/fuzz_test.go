package inline_test

// This file fuzzes the pass: any script that checks gets decisions
// without a panic, and every line is file:line:col: text.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/check"
	"github.com/cohere-sim/cohere/lang/inline"
	"github.com/cohere-sim/cohere/lang/syntax"
)

func FuzzAnalyze(f *testing.F) {
	files, _ := filepath.Glob("../scenario/testdata/goequiv/*.coh")
	more, _ := filepath.Glob("../../examples/*.coh")
	for _, name := range append(files, more...) {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(string(src), 80)
		}
	}
	for _, r := range table {
		f.Add(cohPrelude+r.coh+"\n", 10)
	}
	f.Fuzz(func(t *testing.T, src string, budget int) {
		if len(src) > 1<<16 {
			return
		}
		file, errs := syntax.Parse("f.coh", []byte(src))
		if len(errs) > 0 {
			return
		}
		info, errs := check.Check(file, check.Env{Cores: 2})
		if len(errs) > 0 {
			return
		}
		res := inline.Analyze(file, info, inline.Config{On: true, Budget: budget})
		for _, l := range res.Lines(2) {
			if !strings.HasPrefix(l, "f.coh:") {
				t.Fatalf("line without a position: %q", l)
			}
		}
	})
}
