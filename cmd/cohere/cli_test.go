package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/syntax"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/cli")

// TestMain runs the tests from the repository root, so that file names in
// the golden files read as a user would type them.
func TestMain(m *testing.M) {
	flag.Parse()
	if err := os.Chdir("../.."); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// runCLI runs cohere in-process and returns stdout, stderr and the status.
func runCLI(args []string, stdin string) (string, string, int) {
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}
	code := cli(e, args)
	return out.String(), errb.String(), code
}

// golden compares a run with testdata/cli/name.txt, or rewrites it.
func golden(t *testing.T, name string, args []string, stdin string, wantCode int) {
	t.Helper()
	stdout, stderr, code := runCLI(args, stdin)
	got := fmt.Sprintf("$ cohere %s\nexit %d\n--- stdout\n%s--- stderr\n%s", strings.Join(args, " "), code, stdout, stderr)
	path := filepath.Join("cmd", "cohere", "testdata", "cli", name+".txt")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	} else {
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test ./cmd/cohere -update writes it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
		}
	}
	if code != wantCode {
		t.Errorf("%s: exit %d, want %d", name, code, wantCode)
	}
}

func TestCLIGolden(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.proc")
	os.WriteFile(bad, []byte("0 r 40\n1 w 40\n1 q 40\n"), 0o644)
	for _, tc := range []struct {
		name  string
		args  []string
		stdin string
		code  int
	}{
		{"help", []string{"help"}, "", 0},
		{"no-args", nil, "", 0},
		{"help-trace", []string{"help", "trace"}, "", 0},
		{"unknown-command", []string{"trce", "x"}, "", 2},
		{"help-unknown", []string{"help", "trase"}, "", 2},
		{"unknown-flag", []string{"trace", "--protocl", "MSI", "examples/trace/pingpong.proc"}, "", 2},
		{"unknown-protocol", []string{"trace", "--protocol", "MES", "examples/trace/pingpong.proc"}, "", 2},
		{"bad-line-size", []string{"trace", "--line", "48", "examples/trace/pingpong.proc"}, "", 2},
		{"bad-size", []string{"trace", "--size", "1000", "examples/trace/pingpong.proc"}, "", 2},
		{"bad-size-ways", []string{"trace", "--size", "24KiB", "--ways", "5", "examples/trace/pingpong.proc"}, "", 2},
		{"bad-size-word", []string{"trace", "--size", "lots", "examples/trace/pingpong.proc"}, "", 2},
		{"zero-cores", []string{"trace", "--cores", "0", "examples/trace/pingpong.proc"}, "", 2},
		{"too-many-cores", []string{"trace", "--cores", "1025", "examples/trace/pingpong.proc"}, "", 2},
		{"few-cores", []string{"trace", "--cores", "1", "examples/trace/pingpong.proc"}, "", 2},
		{"bad-format", []string{"trace", "--format", "dinero", "examples/trace/sweep.din"}, "", 2},
		{"missing-file", []string{"trace", "examples/trace/nothing.proc"}, "", 2},
		{"no-file", []string{"trace"}, "", 2},
		{"malformed-line", []string{"trace", "-", "--format", "proc"}, "0 r 40\n1 w 40\n1 q 40\n", 2},
		{"limit", []string{"trace", "--limit", "10", "examples/trace/pingpong.proc"}, "", 1},
		{"flags-after-file", []string{"trace", "examples/trace/pingpong.proc", "--protocol", "MOESI", "--no-upgrade"}, "", 0},
		{"dragon", []string{"trace", "--protocol", "dragon", "examples/trace/pingpong.proc"}, "", 0},
		{"steps", []string{"trace", "--steps", "--limit", "6", "examples/trace/pingpong.proc"}, "", 1},
		{"steps-json", []string{"trace", "--steps", "--json", "examples/trace/false-sharing.proc", "--limit", "4"}, "", 1},
		{"json", []string{"trace", "--json", "--classify", "examples/trace/pingpong.proc"}, "", 0},
		{"classify-sweep", []string{"trace", "--classify", "--top", "3", "examples/trace/sweep.din"}, "", 0},
		{"sweep-64k", []string{"trace", "--size", "64KiB", "examples/trace/sweep.din"}, "", 0},
		{"sweep-fifo-direct", []string{"trace", "--replace", "fifo", "--ways", "1", "examples/trace/sweep.din"}, "", 0},
		{"sweep-full", []string{"trace", "--ways", "full", "--size", "8KiB", "examples/trace/sweep.din"}, "", 0},
		{"check", []string{"trace", "--check", "--protocol", "MOESI", "examples/trace/pingpong.proc"}, "", 0},
		{"check-exempt", []string{"trace", "--check", "--protocol", "none", "examples/trace/pingpong.proc"}, "", 0},
		{"wt-allocate", []string{"trace", "--protocol", "WT", "--allocate", "examples/trace/false-sharing.proc"}, "", 0},
		{"latencies", []string{"trace", "--hit-latency", "2", "--bus-latency", "5", "--mem-latency", "50", "--c2c-latency", "3", "examples/trace/pingpong.proc"}, "", 0},
		{"clean-sharing", []string{"trace", "--clean-sharing", "--protocol", "MESI", "examples/trace/mini"}, "", 0},
		{"run-json", []string{"run", "--json", "examples/padding.coh"}, "", 0},
		{"run-events", []string{"run", "examples/exam-trace.coh", "--events", "--quiet"}, "", 0},
		{"run-seed", []string{"run", "--quiet", "--seed", "7", "examples/lost-update.coh"}, "", 0},
		{"run-override", []string{"run", "--protocol", "Dragon", "--cores", "3", "examples/mesi-vs-dragon.coh"}, "", 0},
		{"run-classify", []string{"run", "--classify", "examples/false-sharing.coh"}, "", 0},
		{"run-script-errors", []string{"run", "cmd/cohere/testdata/scripts/bad.coh"}, "", 2},
		{"check-errors", []string{"check", "cmd/cohere/testdata/scripts/bad.coh"}, "", 2},
		{"check-ok", []string{"check", "examples/mutex.coh"}, "", 0},
		{"map", []string{"map", "examples/memory-map.coh"}, "", 0},
		{"map-run", []string{"map", "examples/memory-map.coh", "--run"}, "", 0},
		{"map-run-custom", []string{"map", "--run", "lang/view/testdata/memmap-custom.coh"}, "", 0},
		{"map-errors", []string{"map", "cmd/cohere/testdata/scripts/bad.coh"}, "", 2},
		{"map-no-file", []string{"map"}, "", 2},
		{"help-map", []string{"help", "map"}, "", 0},
		{"run-panic", []string{"run", "--quiet", "cmd/cohere/testdata/scripts/panics.coh"}, "", 1},
		{"run-failed-expect", []string{"run", "--quiet", "cmd/cohere/testdata/scripts/fails.coh"}, "", 1},
		{"run-step-bound", []string{"run", "--quiet", "--max-steps", "500", "cmd/cohere/testdata/scripts/loops.coh"}, "", 1},
		{"run-missing", []string{"run", "nothing.coh"}, "", 2},
		{"run-bad-protocol", []string{"run", "--protocol", "MESSI", "examples/mutex.coh"}, "", 2},
		{"run-inline-m", []string{"run", "-m", "--quiet", "examples/inline.coh"}, "", 0},
		{"run-abi-stack-example", []string{"run", "-m", "examples/abi-stack.coh"}, "", 0},
		{"check-inline-m", []string{"check", "-m", "examples/inline.coh"}, "", 0},
		{"check-inline-m2", []string{"check", "examples/inline.coh", "-m=2"}, "", 0},
		{"run-inline-budget", []string{"run", "-m=2", "cmd/cohere/testdata/scripts/inline-budget.coh"}, "", 0},
		{"check-inline-bad-level", []string{"check", "-m=x", "examples/inline.coh"}, "", 2},
		{"fmt", []string{"fmt", "cmd/cohere/testdata/scripts/messy.coh"}, "", 0},
		{"fmt-list", []string{"fmt", "-l", "cmd/cohere/testdata/scripts/messy.coh", "examples/mutex.coh"}, "", 0},
		{"fmt-errors", []string{"fmt", "cmd/cohere/testdata/scripts/unparsable.coh", "cmd/cohere/testdata/scripts/messy.coh"}, "", 2},
		{"run-unparsable", []string{"run", "cmd/cohere/testdata/scripts/unparsable.coh"}, "", 2},
		{"run-bad-cores", []string{"run", "--cores", "1025", "examples/mutex.coh"}, "", 2},
		{"run-abi-stack-note", []string{"run", "cmd/cohere/testdata/scripts/abi-stack.coh"}, "", 0},
		{"run-race-exit", []string{"run", "--race-exit", "--quiet", "examples/lost-update.coh"}, "", 66},
		{"run-race-exit-clean", []string{"run", "--race-exit", "--quiet", "examples/mutex.coh"}, "", 0},
		{"run-race-off", []string{"run", "--race=false", "--race-exit", "--quiet", "examples/lost-update.coh"}, "", 0},
		{"run-race-json", []string{"run", "--json", "examples/race.coh"}, "", 0},
		{"run-norace", []string{"run", "--quiet", "cmd/cohere/testdata/scripts/norace.coh"}, "", 1},
		{"run-norace-race-exit", []string{"run", "--quiet", "--race-exit", "cmd/cohere/testdata/scripts/norace.coh"}, "", 1},
		{"run-norace-off", []string{"run", "--quiet", "--race=false", "cmd/cohere/testdata/scripts/norace.coh"}, "", 1},
		{"help-run", []string{"help", "run"}, "", 0},
		{"run-zero-cores", []string{"run", "--cores", "0", "examples/mutex.coh"}, "", 2},
		{"run-zero-steps", []string{"run", "--max-steps", "0", "examples/mutex.coh"}, "", 2},
		{"run-negative-steps", []string{"run", "--max-steps", "-5", "examples/mutex.coh"}, "", 2},
		{"run-negative-timeout", []string{"run", "--timeout", "-1s", "examples/mutex.coh"}, "", 2},
		{"run-bad-timeout", []string{"run", "--timeout", "10", "examples/mutex.coh"}, "", 2},
		{"run-zero-threads", []string{"run", "--max-threads", "0", "examples/mutex.coh"}, "", 2},
		{"run-zero-memory", []string{"run", "--max-memory", "0", "examples/mutex.coh"}, "", 2},
		{"run-negative-seed", []string{"run", "--seed", "-1", "examples/mutex.coh"}, "", 2},
		{"repl-zero-steps", []string{"repl", "--max-steps", "0"}, "", 2},
		{"trace-negative-timeout", []string{"trace", "--timeout", "-1s", "examples/trace/sweep.din"}, "", 2},
		{"protocol-mesi", []string{"protocol", "MESI"}, "", 0},
		{"protocol-mesi-dot", []string{"protocol", "mesi", "--dot"}, "", 0},
		{"protocol-dragon-tikz", []string{"protocol", "Dragon", "--tikz"}, "", 0},
		{"protocol-list", []string{"protocol"}, "", 0},
		{"protocol-unknown", []string{"protocol", "MESSY"}, "", 2},
		{"protocol-msi-no-upgrade", []string{"protocol", "MSI", "--no-upgrade"}, "", 0},
		{"protocol-file", []string{"protocol", "--file", "examples/my-protocol.coh", "TextbookMSI"}, "", 0},
		{"protocol-typo", []string{"protocol", "dragn"}, "", 2},
		{"protocol-file-list", []string{"protocol", "--file", "examples/my-protocol.coh"}, "", 0},
		{"explore-lost-update", []string{"explore", "examples/lost-update.coh", "--observe", "counter", "--max-states", "2000"}, "", 1},
		{"explore-statement", []string{"explore", "--atomicity", "statement", "examples/interleavings.coh"}, "", 1},
		{"explore-no-reduce", []string{"explore", "--reduce=false", "examples/interleavings.coh"}, "", 0},
		{"explore-json", []string{"explore", "--json", "examples/store-buffer.coh"}, "", 0},
		{"explore-cut", []string{"explore", "--max-states", "5", "examples/interleavings.coh"}, "", 1},
		{"explore-observe", []string{"explore", "--observe", "t0.r1, t1.r2", "examples/store-buffer.coh"}, "", 0},
		{"explore-bad-observe", []string{"explore", "--observe", "t0.r9", "examples/store-buffer.coh"}, "", 2},
		{"explore-bad-atomicity", []string{"explore", "--atomicity", "word", "examples/interleavings.coh"}, "", 2},
		{"explore-zero-states", []string{"explore", "--max-states", "0", "examples/interleavings.coh"}, "", 2},
		{"run-events-on-run-all", []string{"run", "--events", "examples/interleavings.coh"}, "", 2},
		{"help-explore", []string{"help", "explore"}, "", 0},
		{"help-litmus", []string{"help", "litmus"}, "", 0},
		{"litmus-sc", []string{"litmus", "--model", "sc", "examples/litmus/SB.litmus"}, "", 0},
		{"litmus-several", []string{"litmus", "lang/litmus/testdata/x86/MP.litmus", "lang/litmus/testdata/x86_64/IRIW.litmus", "--model", "tso"}, "", 0},
		{"litmus-script", []string{"litmus", "--script", "examples/litmus/SB.litmus"}, "", 0},
		{"litmus-script-sc", []string{"litmus", "--script", "--model=sc", "lang/litmus/testdata/x86_64/XADD.litmus"}, "", 0},
		{"litmus-errors", []string{"litmus", "cmd/cohere/testdata/scripts/bad.litmus", "examples/litmus/SB.litmus"}, "", 2},
		{"litmus-bad-model", []string{"litmus", "--model", "pso", "examples/litmus/SB.litmus"}, "", 2},
		{"litmus-missing", []string{"litmus", "nothing.litmus"}, "", 2},
		{"litmus-no-file", []string{"litmus"}, "", 2},
		{"litmus-max-states", []string{"litmus", "--max-states", "3", "examples/litmus/SB.litmus"}, "", 1},
		{"litmus-zero-states", []string{"litmus", "--max-states", "0", "examples/litmus/SB.litmus"}, "", 2},
		{"litmus-zero-timeout", []string{"litmus", "--timeout", "0s", "examples/litmus/SB.litmus"}, "", 2},
		{"help-exam", []string{"help", "exam"}, "", 0},
		{"exam-list", []string{"exam", "--list"}, "", 0},
		{"exam-no-topic", []string{"exam"}, "", 2},
		{"exam-unknown-topic", []string{"exam", "--topic", "coherense"}, "", 2},
		{"exam-bad-format", []string{"exam", "--topic", "coherence", "--format", "moodel"}, "", 2},
		{"exam-bad-protocol", []string{"exam", "--topic", "coherence", "--protocol", "MES"}, "", 2},
		{"exam-same-compare", []string{"exam", "--topic", "coherence", "--protocol", "MESI", "--compare", "mesi"}, "", 2},
		{"exam-bad-line", []string{"exam", "--topic", "cache", "--line", "48"}, "", 2},
		{"exam-bad-count", []string{"exam", "--topic", "cache", "--count", "0"}, "", 2},
		{"exam-bad-cores", []string{"exam", "--topic", "coherence", "--cores", "0"}, "", 2},
		{"exam-bad-replace", []string{"exam", "--topic", "cache", "--replace", "random"}, "", 2},
		{"exam-bad-geometry", []string{"exam", "--topic", "cache", "--size", "1000", "--line", "64", "--ways", "3"}, "", 2},
		{"exam-bad-seed", []string{"exam", "--topic", "cache", "--seed", "-1"}, "", 2},
		{"exam-prairielearn-stdout", []string{"exam", "--topic", "coherence", "--format", "prairielearn"}, "", 2},
		{"exam-script-knobs", []string{"exam", "examples/exam-trace.coh", "--cores", "2"}, "", 2},
		{"exam-topic-and-script", []string{"exam", "--topic", "cache", "examples/exam-trace.coh"}, "", 2},
		{"exam-missing-script", []string{"exam", "nothing.coh"}, "", 2},
	} {
		t.Run(tc.name, func(t *testing.T) { golden(t, tc.name, tc.args, tc.stdin, tc.code) })
	}
}

// TestExamples runs every bundled trace with the default machine: each
// must run cleanly, and its output is a golden file.
func TestExamples(t *testing.T) {
	files, _ := filepath.Glob("examples/trace/*")
	sort.Strings(files)
	ran := 0
	for _, f := range files {
		base := filepath.Base(f)
		arg := f
		if strings.HasSuffix(base, "_0.data") {
			arg = strings.TrimSuffix(f, "_0.data") // the per-core set
		} else if strings.HasSuffix(base, ".data") {
			continue
		}
		ran++
		t.Run(base, func(t *testing.T) {
			golden(t, "example-"+strings.TrimSuffix(filepath.Base(arg), filepath.Ext(arg)), []string{"trace", arg}, "", 0)
		})
	}
	if ran < 5 {
		t.Errorf("ran %d examples, want at least 5", ran)
	}
}

var exitHeader = regexp.MustCompile(`(?m)^// exit: ([0-9]+)$`)

// TestScenarioExamples runs every examples/*.coh: each exits 0 unless its
// first lines say `// exit: N`, every expect is checked (a failing one
// makes the run exit 1), and the whole output is a golden file.
func TestScenarioExamples(t *testing.T) {
	files, _ := filepath.Glob("examples/*.coh")
	if len(files) < 10 {
		t.Fatalf("%d scenario examples, want at least 10", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			head := string(src)
			if len(head) > 400 {
				head = head[:400]
			}
			if m := exitHeader.FindStringSubmatch(head); m != nil {
				want, _ = strconv.Atoi(m[1])
			}
			if f, errs := syntax.Parse(f, src); len(errs) == 0 && string(syntax.Format(f, src)) != string(src) {
				t.Errorf("%s is not in canonical layout: run cohere fmt -w %s", f.Name, f.Name)
			}
			golden(t, "run-"+strings.TrimSuffix(filepath.Base(f), ".coh"), []string{"run", f}, "", want)
		})
	}
}

// TestLitmusExamples runs every examples/litmus/*.litmus under both
// models; each output is a golden file.
func TestLitmusExamples(t *testing.T) {
	files, _ := filepath.Glob("examples/litmus/*.litmus")
	if len(files) == 0 {
		t.Fatal("no examples/litmus/*.litmus")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".litmus")
		t.Run(name, func(t *testing.T) {
			golden(t, "litmus-"+name, []string{"litmus", f}, "", 0)
			golden(t, "litmus-"+name+"-sc", []string{"litmus", "--model", "sc", f}, "", 0)
		})
	}
}

// TestLitmusDoc checks every `$ cohere litmus ...` block of docs/litmus.md
// against what the command prints.
func TestLitmusDoc(t *testing.T) {
	doc, err := os.ReadFile("docs/litmus.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(doc), "\n")
	checked := 0
	for i := 0; i < len(lines); i++ {
		if lines[i] != "```" || i+1 >= len(lines) || !strings.HasPrefix(lines[i+1], "$ cohere litmus ") {
			continue
		}
		end := i + 2
		for end < len(lines) && lines[end] != "```" {
			end++
		}
		if m := scriptToFile.FindStringSubmatch(lines[i+1]); m != nil {
			// $ cohere litmus --script F > NAME, then $ cohere run NAME:
			// the lines shown before "..." start run's output.
			script, _, _ := runCLI([]string{"litmus", "--script", m[1]}, "")
			path := filepath.Join(t.TempDir(), m[2])
			os.WriteFile(path, []byte(script), 0o644)
			if lines[i+2] != "$ cohere run "+m[2] {
				t.Fatalf("docs/litmus.md:%d: want $ cohere run %s after the --script line", i+3, m[2])
			}
			stdout, _, _ := runCLI([]string{"run", path}, "")
			shown := lines[i+3 : end]
			if k := slices.Index(shown, "..."); k >= 0 {
				shown = shown[:k]
			}
			if want := strings.Join(shown, "\n"); !strings.HasPrefix(stdout, want) {
				t.Errorf("docs/litmus.md:%d: cohere run on the script prints\n%s\nthe page shows\n%s", i+2, stdout, want)
			}
			checked++
			i = end
			continue
		}
		args := strings.Fields(strings.TrimPrefix(lines[i+1], "$ cohere "))
		stdout, stderr, _ := runCLI(args, "")
		want := strings.Join(lines[i+2:end], "\n") + "\n"
		if got := stdout + stderr; strings.TrimRight(got, "\n") != strings.TrimRight(want, "\n") {
			t.Errorf("docs/litmus.md:%d: %s prints\n%s\nthe page shows\n%s", i+2, lines[i+1], got, want)
		}
		checked++
		i = end
	}
	if checked < 2 {
		t.Errorf("docs/litmus.md shows %d runs, want at least 2", checked)
	}
}

var scriptToFile = regexp.MustCompile(`^\$ cohere litmus --script (\S+) > (\S+)$`)

func TestVersion(t *testing.T) {
	out, _, code := runCLI([]string{"version"}, "")
	if code != 0 || !regexp.MustCompile(`^cohere v\S+ \(go\S+ \w+/\w+\)\n$`).MatchString(out) {
		t.Errorf("version: %q exit %d", out, code)
	}
	if _, errOut, code := runCLI([]string{"version", "x"}, ""); code != 2 || !strings.Contains(errOut, "takes no arguments") {
		t.Errorf("version x: %q exit %d", errOut, code)
	}
}

// TestTraceJSONShape checks that the summary has every key DESIGN.md
// names, for every core and the totals.
func TestTraceJSONShape(t *testing.T) {
	out, _, code := runCLI([]string{"trace", "--json", "examples/trace/pingpong.proc"}, "")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"schema", "config", "cores", "totals", "cycles", "trace"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("summary lacks %q", key)
		}
	}
	var cores []map[string]json.RawMessage
	var totals map[string]json.RawMessage
	json.Unmarshal(doc["cores"], &cores)
	json.Unmarshal(doc["totals"], &totals)
	if len(cores) != 2 {
		t.Fatalf("%d cores, want 2", len(cores))
	}
	counters := []string{"reads", "writes", "read_misses", "write_misses", "writebacks", "invalidations", "interventions", "c2c", "flushes", "mem_reads", "mem_writes"}
	for i, set := range append(cores, totals) {
		for _, k := range counters {
			if _, ok := set[k]; !ok {
				t.Errorf("counter set %d lacks %q", i, k)
			}
		}
		var bus map[string]uint64
		json.Unmarshal(set["bus"], &bus)
		for _, k := range []string{"BusRd", "BusRdX", "BusUpgr", "BusUpd", "BusWr"} {
			if _, ok := bus[k]; !ok {
				t.Errorf("counter set %d: bus lacks %q", i, k)
			}
		}
	}
	var cfg map[string]any
	json.Unmarshal(doc["config"], &cfg)
	for _, k := range []string{"cores", "protocol", "upgrade", "clean_sharing", "allocate", "line", "l1", "interconnect", "latency"} {
		if _, ok := cfg[k]; !ok {
			t.Errorf("config lacks %q", k)
		}
	}
}
