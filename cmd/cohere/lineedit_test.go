// This file tests the line editor's glue without a terminal: completion as
// readline asks for it, and history entries for multi-line blocks.

package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cohere-sim/cohere/lang/repl"
)

func TestCompleterDo(t *testing.T) {
	s := repl.New(repl.Options{Out: io.Discard})
	if err := s.Load("examples/mutex.coh"); err != nil {
		t.Fatal(err)
	}
	c := completer{s}
	tests := []struct {
		line string
		pos  int // -1: the end of the line
		want []string
		n    int
	}{
		{"sho", -1, []string{"w "}, 3},
		{"show ca", -1, []string{"che ", "ches "}, 2},
		{"show cache ", -1, []string{"P0 ", "P1 "}, 0},
		{"next w", -1, []string{"0 ", "1 "}, 1},
		{"cou", -1, []string{"nter "}, 3},
		{"set protocol MES", -1, []string{"I ", "IF "}, 3},
		{"break state counter ", -1, []string{"E ", "I ", "M ", "S "}, 0},
		{"zzz", -1, nil, 3},
		// Only the text before the cursor counts: "sh|ow x".
		{"show x", 2, []string{"ow "}, 2},
		// Commands and variables at the start of a line.
		{"c", -1, []string{"lear ", "ontinue ", "ounter "}, 1},
	}
	for _, tt := range tests {
		line := []rune(tt.line)
		pos := tt.pos
		if pos < 0 {
			pos = len(line)
		}
		got, n := c.Do(line, pos)
		var gotS []string
		for _, r := range got {
			gotS = append(gotS, string(r))
		}
		if !slices.Equal(gotS, tt.want) || n != tt.n {
			t.Errorf("Do(%q, %d) = %q, %d; want %q, %d", tt.line, pos, gotS, n, tt.want, tt.n)
		}
	}
}

// TestCompleterRunes checks that the length is counted in runes, not bytes.
func TestCompleterRunes(t *testing.T) {
	s := repl.New(repl.Options{Out: io.Discard})
	s.Execute("var café int")
	got, n := completer{s}.Do([]rune("caf"), 3)
	if len(got) != 1 || string(got[0]) != "é " || n != 3 {
		t.Errorf("Do(caf) = %q, %d; want [é ], 3", got, n)
	}
	got, n = completer{s}.Do([]rune("café"), 4)
	if len(got) != 1 || string(got[0]) != " " || n != 4 {
		t.Errorf("Do(café) = %q, %d; want [\" \"], 4", got, n)
	}
}

func TestOneLine(t *testing.T) {
	tests := []struct{ block, want string }{
		{"step 3", "step 3"},
		{"thread t2 {\n\tcounter++\n}", "thread t2 { counter++; }"},
		{"machine {\n  cores 4 // more\n\n  protocol MOESI\n}", "machine { cores 4; protocol MOESI; }"},
		{"func f(a int,\n\tb int) int {\n\tif a > b {\n\t\treturn a\n\t}\n\treturn b\n}",
			"func f(a int, b int) int { if a > b { return a; }; return b; }"},
		// Kept as typed: a string could hold anything.
		{"thread t {\n\tprint(\"a // b\")\n}", "thread t {\n\tprint(\"a // b\")\n}"},
		// Kept as typed: the block does not parse.
		{"thread t {\n\t)\n}", "thread t {\n\t)\n}"},
	}
	for _, tt := range tests {
		if got := oneLine(tt.block); got != tt.want {
			t.Errorf("oneLine(%q) = %q; want %q", tt.block, got, tt.want)
		}
	}
}

func TestHistoryFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("HOME", dir)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	want := filepath.Join(dir, "config", "cohere", "history")
	if got := historyFile(); got != want {
		t.Errorf("historyFile() = %q; want %q", got, want)
	}
	if st, err := os.Stat(filepath.Dir(want)); err != nil || !st.IsDir() {
		t.Errorf("the history's directory was not made: %v", err)
	}

	// A config directory that cannot be made: no history file, no error.
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", file)
	if got := historyFile(); got != "" {
		t.Errorf("historyFile() under a file = %q; want \"\"", got)
	}
}
