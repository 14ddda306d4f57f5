package syntax

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
)

var update = flag.Bool("update", false, "rewrite the golden files (testdata/errors, testdata/fmt, lang/grammar.ebnf)")

// TestErrorGolden parses every testdata/errors/*.coh and compares the
// rendered errors with the .golden file beside it.
func TestErrorGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.coh")
	if err != nil || len(files) == 0 {
		t.Fatal("no error cases", err)
	}
	for _, name := range files {
		t.Run(strings.TrimSuffix(filepath.Base(name), ".coh"), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			_, errs := Parse(filepath.Base(name), src)
			if len(errs) == 0 {
				t.Fatal("no error reported")
			}
			for _, e := range errs {
				if strings.Contains(e.Msg, "internal error") || strings.Contains(e.Msg, "participle") {
					t.Errorf("leaked internal message: %s", e.Msg)
				}
			}
			got := diag.Render(errs, src, 0)
			golden := strings.TrimSuffix(name, ".coh") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("errors differ from %s:\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}
