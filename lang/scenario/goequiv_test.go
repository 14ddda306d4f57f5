package scenario_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
)

// TestGoEquivalence runs every testdata/goequiv/NAME.coh and compares it
// with what Go itself printed for NAME.go, recorded in NAME.out by gen.sh:
// the program's own output lines, then, when the program died, a line
// "--- panic" and the runtime's header (its first line, "panic: ..." or
// "fatal error: ...", and the nested "\tpanic: ..." lines of a panic
// raised while panicking). The goroutine traces that follow are not
// compared. Each script runs with its own seed and two others: the Go
// programs synchronise their goroutines, so every schedule must match.
//
// To add a program: write NAME.go (package main, "//go:build ignore" at the
// top) and NAME.coh (the same program, Go's main body as `thread main`,
// sync.Mutex and sync.WaitGroup as mutex and waitgroup), then run
// ./gen.sh NAME in testdata/goequiv to record NAME.out from real Go.
func TestGoEquivalence(t *testing.T) {
	dir := filepath.Join("testdata", "goequiv")
	files, err := filepath.Glob(filepath.Join(dir, "*.coh"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("only %d programs in %s", len(files), dir)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".coh")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join(dir, name+".out"))
			if err != nil {
				t.Fatalf("%v (run gen.sh)", err)
			}
			if _, err := os.Stat(filepath.Join(dir, name+".go")); err != nil {
				t.Fatalf("%v: every program needs its Go original", err)
			}
			if strings.Contains(string(src), "func main(") {
				t.Fatalf("%s declares func main: Go's main body is `thread main { ... }`", file)
			}
			wantOut, wantPanic := goequivExpected(string(want))

			// The script's own seed first, then two others; after the
			// first mismatch the others would only repeat it.
			for _, seed := range []*uint64{nil, goequivSeed(2), goequivSeed(3)} {
				if !goequivRun(t, file, src, seed, wantOut, wantPanic) {
					break
				}
			}
		})
	}
}

func goequivSeed(v uint64) *uint64 { return &v }

// goequivRun runs one script with one seed (nil: the script's) and
// reports how it differs from Go's output; it returns whether it matched.
func goequivRun(t *testing.T, file string, src []byte, seed *uint64, wantOut, wantPanic []string) bool {
	t.Helper()
	run := "with the script's seed"
	if seed != nil {
		run = fmt.Sprintf("with --seed %d", *seed)
	}
	s, errs := scenario.Load(file, src, scenario.Overrides{Seed: seed})
	if len(errs) > 0 {
		t.Errorf("%s does not load:\n%v", file, errs)
		return false
	}
	rep, err := s.Execute(scenario.Options{})
	if err != nil {
		t.Errorf("execute: %v", err)
		return false
	}
	res := rep.Result
	gotOut := res.Output
	var gotPanic []string
	switch res.Outcome {
	case interp.Finished:
	case interp.Panicked, interp.Deadlocked, interp.FatalError:
		gotPanic = goequivPanicHeader(res.Message)
	default:
		t.Errorf("%s, the run ended with outcome %d: %s\noutput so far:\n%s",
			run, res.Outcome, res.Message, strings.Join(gotOut, "\n"))
		return false
	}
	ok := true
	if d := goequivDiff(wantOut, gotOut); d != "" {
		t.Errorf("%s, the program's output differs from Go's (- Go, + cohere):\n%s", run, d)
		ok = false
	}
	switch {
	case wantPanic == nil && gotPanic != nil:
		t.Errorf("%s, Go finished normally; cohere ended with:\n%s", run, res.Message)
		ok = false
	case wantPanic != nil && gotPanic == nil:
		t.Errorf("%s, Go died with:\n%s\ncohere finished normally", run, strings.Join(wantPanic, "\n"))
		ok = false
	default:
		if d := goequivDiff(wantPanic, gotPanic); d != "" {
			t.Errorf("%s, the panic message differs from Go's (- Go, + cohere):\n%s\ncohere's whole message:\n%s", run, d, res.Message)
			ok = false
		}
	}
	return ok
}

// goequivExpected splits a .out file into the output lines and the panic
// header lines (nil when the program finished).
func goequivExpected(s string) (out, panicLines []string) {
	lines := goequivLines(s)
	for i, l := range lines {
		if l == "--- panic" {
			return lines[:i], lines[i+1:]
		}
	}
	return lines, nil
}

func goequivLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// goequivPanicHeader is the part of a runtime message that gen.sh keeps from
// Go's: the first line and the "\tpanic: ..." lines right after it.
func goequivPanicHeader(msg string) []string {
	lines := goequivLines(msg)
	if len(lines) == 0 {
		return []string{""}
	}
	h := lines[:1]
	for _, l := range lines[1:] {
		if !strings.HasPrefix(l, "\tpanic: ") {
			break
		}
		h = append(h, l)
	}
	return h
}

// goequivDiff returns a line diff of want and got ("" when equal): a longest
// common subsequence, with "-" for Go's lines cohere lacks, "+" for
// cohere's extra lines, and "  " for shared ones. Lines are quoted when
// they differ only in invisible characters.
func goequivDiff(want, got []string) string {
	if len(want) == len(got) {
		same := true
		for i := range want {
			if want[i] != got[i] {
				same = false
				break
			}
		}
		if same {
			return ""
		}
	}
	n, m := len(want), len(got)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if want[i] == got[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	show := func(s string) string {
		if strings.TrimSpace(s) != s || strings.ContainsAny(s, "\t\r") {
			return fmt.Sprintf("%q", s)
		}
		return s
	}
	var b strings.Builder
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && want[i] == got[j]:
			fmt.Fprintf(&b, "   %s\n", show(want[i]))
			i++
			j++
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			fmt.Fprintf(&b, " + %s\n", show(got[j]))
			j++
		default:
			fmt.Fprintf(&b, " - %s\n", show(want[i]))
			i++
		}
	}
	return b.String()
}
