package syntax

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cohere-sim/cohere/lang/diag"
)

// FuzzParse: no input makes the parser panic, leak an internal message
// or take long; what parses formats to text that parses to the same
// tree, and formatting again changes nothing. Found inputs are kept in
// testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/*.coh", "testdata/errors/*.coh", "testdata/fmt/*.coh"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			if src, err := os.ReadFile(name); err == nil {
				f.Add(src)
			}
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		start := time.Now()
		file, errs := Parse("fuzz.coh", src)
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("parsing %d bytes took %v", len(src), d)
		}
		for _, e := range errs {
			if strings.Contains(e.Msg, "internal error") {
				t.Fatalf("%s", e.Msg)
			}
			if !e.Pos.IsValid() {
				t.Fatalf("error without a position: %s", e.Msg)
			}
		}
		_ = diag.Render(errs, src, 0)
		_ = Incomplete(errs)
		ParseStmts("fuzz.coh", src)
		ParseExpr(string(src))
		if len(errs) > 0 {
			return
		}
		out := Format(file, src)
		file2, errs2 := Parse("fuzz.coh", out)
		if len(errs2) > 0 {
			t.Fatalf("formatted text does not parse:\n%s\n--- formatted:\n%s", diag.Render(errs2, out, 0), out)
		}
		stripCondParens(file)
		clearExpectTexts(file)
		clearExpectTexts(file2)
		if a, b := dump(file.Decls), dump(file2.Decls); a != b {
			t.Fatalf("formatting changed the tree:\n%s\n%s\n--- formatted:\n%s", a, b, out)
		}
		if a, b := commentTexts(file), commentTexts(file2); a != b {
			t.Fatalf("formatting changed the comments:\n%q\n%q", a, b)
		}
		if again := Format(file2, out); string(again) != string(out) {
			t.Fatalf("format not idempotent:\n%s\n--- again:\n%s", out, again)
		}
	})
}
