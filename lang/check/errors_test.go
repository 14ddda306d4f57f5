package check_test

// This file holds the golden tests of the messages a person reads when a
// script is wrong: every testdata/errors/NAME.coh is loaded through the
// whole pipeline (parse, setup, check) and the rendered errors must match
// NAME.golden. `go test ./lang/check -update` rewrites the golden files;
// review the diff.

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/scenario"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/errors")

func TestErrorMessages(t *testing.T) {
	scripts, err := filepath.Glob(filepath.Join("testdata", "errors", "*.coh"))
	if err != nil {
		t.Fatal(err)
	}
	if len(scripts) == 0 {
		t.Fatal("no scripts in testdata/errors")
	}
	for _, path := range scripts {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".coh"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, errs := scenario.Load(name, src, scenario.Overrides{})
			if len(errs) == 0 {
				t.Fatalf("%s loads without an error: every script here must have one", path)
			}
			got := diag.Render(errs, src, 0)
			golden := strings.TrimSuffix(path, ".coh") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./lang/check -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("errors of %s differ from %s\n--- got:\n%s--- want:\n%s", path, golden, got, want)
			}
		})
	}
}

// TestErrorMessagesArePlain keeps a few promises of the messages: no Go
// internals leak into them, and an article agrees with the type after it.
func TestErrorMessagesArePlain(t *testing.T) {
	goldens, _ := filepath.Glob(filepath.Join("testdata", "errors", "*.golden"))
	for _, path := range goldens {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "\t") {
				continue // the quoted source line and its caret
			}
			for _, bad := range []string{"a int ", "a int)", "a int,", "a int:", "a untyped", "an untyped", "a any", "<nil type>", "invalid type", "%!"} {
				if strings.Contains(line, bad) {
					t.Errorf("%s:%d: %q in %q", path, i+1, bad, line)
				}
			}
		}
	}
}
