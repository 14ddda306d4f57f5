// This file measures the REPL's response times on the machine: a
// 4-core MESI machine with 32 KiB caches, mid-run (step and show at step
// 10,000) and far into a run (back after 100,000 steps).
//
//	go test ./lang/repl -run XXX -bench . -benchtime 5x

package repl_test

import (
	"bytes"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/repl"
)

const benchScript = "testdata/scripts/bench4.coh"

// switchWriter is a session's output: thrown away while a benchmark runs,
// read when the benchmark checks where the session stands.
type switchWriter struct{ w io.Writer }

func (s *switchWriter) Write(p []byte) (int, error) { return s.w.Write(p) }

type benchSession struct {
	*repl.Session
	out *switchWriter
}

// newBenchSession loads the benchmark script and takes steps steps.
func newBenchSession(b *testing.B, steps int) benchSession {
	b.Helper()
	s := benchSession{out: &switchWriter{w: io.Discard}}
	s.Session = repl.New(repl.Options{Out: s.out})
	if err := s.Load(benchScript); err != nil {
		b.Fatal(err)
	}
	s.Execute("step " + strconv.Itoa(steps))
	s.check(b, steps)
	return s
}

// capture returns what a command prints.
func (s benchSession) capture(cmd string) string {
	var buf bytes.Buffer
	s.out.w = &buf
	s.Execute(cmd)
	s.out.w = io.Discard
	return buf.String()
}

var validLines = regexp.MustCompile(`(?m)^P\d+: (\d+) of (\d+) lines valid$`)

// check makes sure the session stands where the benchmark says: at the
// step, with four caches of 512 lines (64 bytes: 32 KiB), each nearly full
// (invalidations leave a few lines invalid).
func (s benchSession) check(b *testing.B, steps int) {
	b.Helper()
	if stats := s.capture("show stats"); !strings.Contains(stats, "step "+strconv.Itoa(steps)+", cycles") {
		b.Fatalf("the session is not at step %d:\n%s", steps, stats)
	}
	caches := validLines.FindAllStringSubmatch(s.capture("show caches"), -1)
	if len(caches) != 4 {
		b.Fatalf("%d caches, want 4", len(caches))
	}
	for _, c := range caches {
		if n, _ := strconv.Atoi(c[1]); n < 480 || c[2] != "512" {
			b.Fatalf("a cache holds %s of %s lines, want 480 or more of 512", c[1], c[2])
		}
	}
}

// BenchmarkStep times one step at step 10,000 and on: the step, its
// display and the watches' check.
func BenchmarkStep(b *testing.B) {
	s := newBenchSession(b, 10_000)
	b.ResetTimer()
	for range b.N {
		s.Execute("step")
	}
}

// BenchmarkShow times show at step 10,000, with every cache full.
func BenchmarkShow(b *testing.B) {
	s := newBenchSession(b, 10_000)
	for _, cmd := range []string{"show caches", "show cache 2", "show line shared", "show line data[100]",
		"show bus", "show memory", "show map", "show threads", "show stats", "show protocol", "explain", "shared"} {
		b.Run(strings.ReplaceAll(cmd, " ", "_"), func(b *testing.B) {
			for range b.N {
				s.Execute(cmd)
			}
		})
	}
}

// BenchmarkBack100k times one back after 100,000 steps: the run is
// replayed from the start up to step 99,999. A step, not timed, returns
// to step 100,000 before the next back.
func BenchmarkBack100k(b *testing.B) {
	s := newBenchSession(b, 100_000)
	b.ResetTimer()
	for range b.N {
		s.Execute("back")
		b.StopTimer()
		s.Execute("step")
		b.StartTimer()
	}
	b.StopTimer()
	s.check(b, 100_000)
}
