package view

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/sim/protocol"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// protocolCase is a table to render, and the golden files it is checked
// against (testdata/NAME.grid.golden, .dot.golden, .tikz.golden).
type protocolCase struct {
	name     string
	table    *protocol.Table
	diagrams bool // also DOT and TikZ goldens
}

// protocolCases are every built-in protocol with the default settings,
// a few with other settings (grid only), and a protocol declared in a
// script.
func protocolCases(t *testing.T) []protocolCase {
	t.Helper()
	var cases []protocolCase
	builtin := func(file, name string, s protocol.Settings, diagrams bool) {
		tb, err := protocol.Builtin(name, s)
		if err != nil {
			t.Fatal(err)
		}
		cases = append(cases, protocolCase{file, tb, diagrams})
	}
	for _, n := range protocol.Names() {
		builtin(n, n, protocol.DefaultSettings(), true)
	}
	builtin("MSI-no-upgrade", "MSI", protocol.Settings{}, false)
	builtin("MESI-clean-sharing", "MESI", protocol.Settings{Upgrade: true, CleanSharing: true}, false)
	builtin("WT-allocate", "WT", protocol.Settings{Upgrade: true, Allocate: true}, false)

	path := filepath.Join("testdata", "write-once.coh")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, errs := scenario.Load(path, src, scenario.Overrides{})
	if len(errs) > 0 {
		t.Fatalf("%s: %v", path, errs)
	}
	tb := s.Protocols["WriteOnce"]
	if tb == nil || s.Table() != tb {
		t.Fatalf("%s: WriteOnce is not the machine's protocol", path)
	}
	cases = append(cases, protocolCase{"WriteOnce", tb, true})
	return cases
}

func checkGolden(t *testing.T, file, got string) {
	t.Helper()
	path := filepath.Join("testdata", file)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./lang/view -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestProtocolGolden(t *testing.T) {
	for _, c := range protocolCases(t) {
		t.Run(c.name, func(t *testing.T) {
			checkGolden(t, c.name+".grid.golden", ProtocolGrid(c.table, false))
			if c.diagrams {
				checkGolden(t, c.name+".dot.golden", ProtocolDOT(c.table))
				checkGolden(t, c.name+".tikz.golden", ProtocolTikZ(c.table))
			}
		})
	}
}

// TestProtocolDeterministic renders every table twice: the same text.
func TestProtocolDeterministic(t *testing.T) {
	for _, c := range protocolCases(t) {
		for i := 0; i < 5; i++ {
			if ProtocolGrid(c.table, true) != ProtocolGrid(c.table, true) ||
				ProtocolDOT(c.table) != ProtocolDOT(c.table) ||
				ProtocolTikZ(c.table) != ProtocolTikZ(c.table) {
				t.Fatalf("%s: two renderings differ", c.name)
			}
		}
	}
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestProtocolGridColor checks that colour off means no escape code at
// all, and that colour on changes nothing but escape codes.
func TestProtocolGridColor(t *testing.T) {
	for _, c := range protocolCases(t) {
		plain := ProtocolGrid(c.table, false)
		if strings.Contains(plain, "\x1b") {
			t.Errorf("%s: colour off, but the grid has an escape code:\n%q", c.name, plain)
		}
		colored := ProtocolGrid(c.table, true)
		if !strings.Contains(colored, "\x1b[") {
			t.Errorf("%s: colour on, but no escape code", c.name)
		}
		if got := ansi.ReplaceAllString(colored, ""); got != plain {
			t.Errorf("%s: the coloured grid without its escapes differs from the plain one:\n%s\n%s", c.name, got, plain)
		}
	}
	tb, _ := protocol.Builtin("MESI", protocol.DefaultSettings())
	colored := ProtocolGrid(tb, true)
	for _, want := range []string{"│ " + StateColor("M") + "M" + reset + " │", "→ " + StateColor("E") + "E" + reset + " if !C"} {
		if !strings.Contains(colored, want) {
			t.Errorf("MESI grid lacks %q:\n%s", want, colored)
		}
	}
}

func TestStateColor(t *testing.T) {
	for name, want := range map[string]string{
		"M": "\x1b[31m", "E": "\x1b[35m", "S": "\x1b[34m", "O": "\x1b[33m", "I": "\x1b[90m", "F": "\x1b[36m",
		"Sc": "", "VE": "", "m": "", "": "",
	} {
		if got := StateColor(name); got != want {
			t.Errorf("StateColor(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestProtocolGridWidth checks that every grid fits in 100 columns and
// that its rows line up.
func TestProtocolGridWidth(t *testing.T) {
	for _, c := range protocolCases(t) {
		grid := ProtocolGrid(c.table, false)
		lines := strings.Split(strings.TrimSuffix(grid, "\n"), "\n")
		boxWidth := utf8.RuneCountInString(lines[0])
		for i, l := range lines {
			n := utf8.RuneCountInString(l)
			if n > gridWidth {
				t.Errorf("%s: line %d is %d columns wide:\n%s", c.name, i+1, n, l)
			}
			if strings.ContainsAny(l[:1], "┌│├└") && n != boxWidth {
				t.Errorf("%s: line %d is %d columns wide, the box %d:\n%s", c.name, i+1, n, boxWidth, grid)
			}
		}
	}
}

// TestProtocolGridCells checks cells that PROTOCOLS.md writes out.
func TestProtocolGridCells(t *testing.T) {
	for _, tc := range []struct {
		proto string
		cells []string
	}{
		{"MESI", []string{"BusRd → E if !C, S if C", "→ M (silent)", "Flush → S", "WriteBack → I", "BusUpgr → M", "–"}},
		{"MOESI", []string{"Flush → O", "BusUpgr → M"}},
		{"MESIF", []string{"BusRd → E if !C, F if C", "Supply → S"}},
		{"Dragon", []string{"BusRd, then if !C → M;", "if C: BusUpd → Sm", "BusUpd → Sm if C,", "M if !C", "update → Sc", "Flush → Sm"}},
		{"Firefly", []string{"BusRd → VE if !C, S if C", "update → S"}},
		{"WTI", []string{"BusWr → V", "BusWr → I"}},
	} {
		tb, err := protocol.Builtin(tc.proto, protocol.DefaultSettings())
		if err != nil {
			t.Fatal(err)
		}
		grid := ProtocolGrid(tb, false)
		for _, cell := range tc.cells {
			if !strings.Contains(grid, cell) {
				t.Errorf("%s grid lacks %q:\n%s", tc.proto, cell, grid)
			}
		}
	}
	// Columns no row uses are dropped.
	tb, _ := protocol.Builtin("MSI", protocol.DefaultSettings())
	grid := ProtocolGrid(tb, false)
	for _, absent := range []string{"BusUpd", "BusWr"} {
		if strings.Contains(grid, absent) {
			t.Errorf("MSI grid has a %s column:\n%s", absent, grid)
		}
	}
	if !strings.Contains(grid, "dirty: M   settings: upgrade on, clean sharing off") {
		t.Errorf("MSI grid lacks its footer:\n%s", grid)
	}
}

// TestProtocolDOTRenders feeds every digraph to Graphviz, when it is
// installed (CI machines may lack it).
func TestProtocolDOTRenders(t *testing.T) {
	dot, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz's dot is not installed")
	}
	for _, c := range protocolCases(t) {
		if !c.diagrams {
			continue
		}
		cmd := exec.Command(dot, "-Tsvg")
		cmd.Stdin = strings.NewReader(ProtocolDOT(c.table))
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil || errb.Len() > 0 {
			t.Errorf("%s: dot -Tsvg: %v\n%s", c.name, err, errb.String())
			continue
		}
		svg := out.String()
		if !strings.Contains(svg, "<svg") {
			t.Errorf("%s: dot -Tsvg printed no SVG", c.name)
		}
		for _, s := range c.table.States {
			if !strings.Contains(svg, ">"+s+"</text>") {
				t.Errorf("%s: the SVG has no node %s", c.name, s)
			}
		}
	}
}

// TestProtocolTikZCompiles runs pdflatex on every picture, when it is
// installed and the tests are not -short (it takes a second a picture).
func TestProtocolTikZCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	latex, err := exec.LookPath("pdflatex")
	if err != nil {
		t.Skip("pdflatex is not installed")
	}
	dir := t.TempDir()
	for _, c := range protocolCases(t) {
		if !c.diagrams {
			continue
		}
		tex := filepath.Join(dir, c.name+".tex")
		if err := os.WriteFile(tex, []byte(ProtocolTikZ(c.table)), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(latex, "-interaction=nonstopmode", "-halt-on-error", c.name+".tex")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: pdflatex: %v\n%s", c.name, err, out)
		}
	}
}

// TestProtocolDiagramShape checks the parts of the diagrams a reader
// relies on: the invalid state first, bus edges dashed, loops for
// self-transitions.
func TestProtocolDiagramShape(t *testing.T) {
	tb, _ := protocol.Builtin("MESI", protocol.DefaultSettings())
	dot := ProtocolDOT(tb)
	for _, want := range []string{
		`digraph "MESI" {`,
		`"I" -> "E" [label="PrRd / BusRd [!C]"];`,
		`"M" -> "S" [label="BusRd / Flush", style=dashed];`,
		`"S" -> "I" [label="BusRdX, BusUpgr", style=dashed];`,
		`"E" -> "M" [label="PrWr"];`,
	} {
		if !strings.Contains(dot, want) {
			t.Errorf("MESI DOT lacks %s:\n%s", want, dot)
		}
	}
	if i, e := strings.Index(dot, "\t\"I\" ["), strings.Index(dot, "\t\"E\" ["); i < 0 || e < 0 || i > e {
		t.Errorf("MESI DOT: I is not the first node:\n%s", dot)
	}
	tikz := ProtocolTikZ(tb)
	for _, want := range []string{
		`\documentclass[tikz,border=6pt]{standalone}`,
		`\usetikzlibrary{automata,arrows.meta}`,
		`\begin{tikzpicture}`,
		`(s0) at (180:4.0cm) {I}`,
		`edge[loop,`,
		`edge[bus, bend left=12] node[lbl, auto=left, sloped] {BusRd / Flush} (s2);`,
		`\end{tikzpicture}`,
	} {
		if !strings.Contains(tikz, want) {
			t.Errorf("MESI TikZ lacks %s:\n%s", want, tikz)
		}
	}
}

// TestTexEscape covers names a script may give states (underscores).
func TestTexEscape(t *testing.T) {
	if got := texEscape(`a_b {c} 50% $x & #1 ~^\`); got != `a\_b \{c\} 50\% \$x \& \#1 \~{}\^{}\textbackslash{}` {
		t.Errorf("texEscape = %s", got)
	}
}
