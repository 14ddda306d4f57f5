// Tests of the defer topic: known outputs of the templates, and every key
// checked against the Go toolchain when it is installed.

package exam

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestDeferKnownOutputs checks the templates, with fixed constants,
// against the outputs Go gives (worked out by hand from the spec).
func TestDeferKnownOutputs(t *testing.T) {
	base := deferProgram{n: 3, a: 4, b: 12, c: 25, limit: 5, small: 4, name: "f", label: "d", msg: "ret", word: "boom", mulFirst: true, extra: true}
	tests := []struct {
		variant string
		m       deferMutation
		want    string
	}{
		{"order", deferAsWritten, "ret|d 2|d 1|d 0|back in main|main's deferred call"},
		{"order", deferFIFO, "ret|d 0|d 1|d 2|back in main|main's deferred call"},
		{"order", deferNow, "main's deferred call|d 0|d 1|d 2|ret|back in main"},
		{"args", deferAsWritten, "now: 25|closure: 25|deferred: 4"},
		{"args", deferLate, "now: 25|closure: 25|deferred: 25"},
		{"args", deferFIFO, "now: 25|deferred: 4|closure: 25"},
		{"args", deferNow, "deferred: 4|closure: 12|now: 25"},
		{"loop", deferAsWritten, "ret|i = 2|i = 1|i = 0|back in main"},
		{"loop", deferShared, "ret|i = 3|i = 3|i = 3|back in main"},
		// defer n*5, then defer n+4: last in first out gives (12+4)*5,
		// first in first out 12*5+4.
		{"result", deferAsWritten, "80"},
		{"result", deferFIFO, "64"},
		{"result", deferNow, "12"},
		{"recover", deferAsWritten, "recovered: runtime error: integer divide by zero|0 false|6 true|end"}, // 19/3,
		{"recover", deferNoRecover, "panic: runtime error: integer divide by zero"},
		{"panic", deferAsWritten, "risky's deferred call 9|recovered: boom|risky ok 4|risky's deferred call 4|f ok 4|end"},
		{"panic", deferNoRecover, "risky's deferred call 9|panic: boom"},
	}
	for _, tt := range tests {
		p := base
		p.variant = tt.variant
		src, ok := p.source(tt.m)
		if !ok {
			t.Fatalf("%s: mutation %d does not apply", tt.variant, tt.m)
		}
		out, err := programOutput("t.coh", src)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(out, "|"); got != tt.want {
			t.Errorf("%s, mutation %d:\n got %s\nwant %s\n%s", tt.variant, tt.m, got, tt.want, src)
		}
	}
}

// printed reads the output back from an output part's table: the lines
// before the spare row, which must be the last and keyed "-".
func printed(t *testing.T, part Part) string {
	t.Helper()
	rows := part.Table.Rows
	if len(rows) == 0 || rows[len(rows)-1][1].Text != "-" {
		t.Fatalf("the output table has no spare row: %+v", rows)
	}
	var lines []string
	for i, r := range rows[:len(rows)-1] {
		if r[0].Text != fmt.Sprint(i+1) || !r[1].Blank {
			t.Fatalf("row %d: %+v", i+1, r)
		}
		lines = append(lines, r[1].Text)
	}
	return strings.Join(lines, "\n")
}

// goTwin turns a defer program into a Go program.
func goTwin(src string) string {
	return "package main\n\nimport \"fmt\"\n\n" + strings.Replace(src, "thread main {", "func main() {", 1)
}

// TestDeferKeysAgainstGo builds the Go twin of every key's program and
// compares what Go prints with the key.
func TestDeferKeysAgainstGo(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no Go toolchain on PATH")
	}
	if testing.Short() {
		t.Skip("builds Go programs")
	}
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module twins\n\ngo 1.22\n")
	var keys []string
	for _, v := range deferVariants {
		for seed := uint64(0); seed < 3; seed++ {
			p := generate(t, Options{Topic: "defer", Seed: seed, Knobs: Knobs{Variant: v}})[0]
			write(filepath.Join("p"+string(rune('a'+len(keys))), "main.go"), goTwin(p.Code))
			keys = append(keys, printed(t, p.Parts[0]))
		}
	}
	bin := filepath.Join(dir, "bin")
	cmd := exec.Command(goCmd, "build", "-o", bin+string(filepath.Separator), "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod", "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for i, key := range keys {
		name := "p" + string(rune('a'+i))
		out, err := exec.Command(filepath.Join(bin, name)).Output()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := strings.TrimSuffix(string(out), "\n"); got != key {
			t.Errorf("%s: Go prints\n%s\nthe key says\n%s", name, got, key)
		}
	}
}

func TestDeferChoices(t *testing.T) {
	for _, v := range deferVariants {
		for seed := uint64(0); seed < 4; seed++ {
			part := generate(t, Options{Topic: "defer", Seed: seed, Knobs: Knobs{Variant: v, Choice: true}})[0].Parts[0]
			if len(part.Choices) < 2 {
				t.Errorf("%s seed %d: %d choices", v, seed, len(part.Choices))
				continue
			}
			if !slices.Contains(part.Choices, part.Answer) {
				t.Errorf("%s seed %d: the answer is not a choice", v, seed)
			}
			sorted := slices.Clone(part.Choices)
			slices.Sort(sorted)
			if len(slices.Compact(sorted)) != len(part.Choices) {
				t.Errorf("%s seed %d: repeated choices %q", v, seed, part.Choices)
			}
		}
	}
}

func TestDeferGolden(t *testing.T) {
	var ps []*Problem
	for i, v := range deferVariants {
		ps = append(ps, generate(t, Options{Topic: "defer", Seed: uint64(i + 1), Knobs: Knobs{Variant: v, Choice: i%2 == 1}})...)
	}
	ps = append(ps, generate(t, Options{Topic: "defer", Seed: 7, Count: 2, Knobs: Knobs{Choice: true}})...)
	topicsBGolden(t, "defer", problemJSON(t, ps...))
	topicsBReproducible(t, Options{Topic: "defer", Seed: 3, Count: 6})
}
