package scenario_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/lang/setup"
)

// FuzzRun: whatever the script, loading and running it (with small
// bounds, and the race detector on, as cohere run has it) returns errors
// or a result, never a Go panic, and stays within its bounds.
func FuzzRun(f *testing.F) {
	for _, pattern := range []string{"../../examples/*.coh", "testdata/goequiv/*.coh"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if src, err := os.ReadFile(p); err == nil {
				f.Add(string(src))
			}
		}
	}
	f.Add("thread main { for { } }")
	f.Add("var x int\nthread a { for { x++ } }\nthread b { x = 0 }\nrun all")
	f.Add("machine { storebuffer 1 }\nvar x, y int\nthread a { x = 1; r := y }\nthread b { y = 1; fence(); r := x }\nrun all atomicity statement\nexpect never a.r == 0")
	f.Add("var x int\nthread a { x++ }\nthread b { x-- }\nexpect x == 0")
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 1<<14 {
			return
		}
		s, errs := scenario.Load("fuzz.coh", []byte(src), scenario.Overrides{})
		if len(errs) > 0 {
			return
		}
		start := time.Now()
		lim := interp.Limits{Steps: 20000, Instructions: 2_000_000, Time: time.Second, Threads: 64, Memory: 8 << 20}
		if s.Run.Mode == setup.RunAll {
			// Every interleaving, bounded: the search ends, never panics,
			// and a cut-short search says so.
			x, errs := s.Explore(scenario.ExploreOptions{MaxStates: 3000, Timeout: time.Second, Limits: lim})
			if len(errs) > 0 {
				return
			}
			if !x.Complete && x.Cut == "" {
				t.Fatal("an incomplete exploration without a reason")
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("explored for %s past its 1s time bound", d)
			}
			return
		}
		rep, err := s.Execute(scenario.Options{Race: true, Limits: lim})
		if err != nil {
			return
		}
		if rep.Result == nil {
			t.Fatal("no result")
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("ran %s past its 1s time bound", d)
		}
	})
}
