package diag

import (
	"strconv"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/ast"
)

func TestRender(t *testing.T) {
	src := []byte("var a int\n\tx := foo + 1\nthread t { b++ }\n")
	var l List
	l.Addf(ast.Pos{File: "s.coh", Line: 3, Col: 12}, "undefined: b")
	l.Add(Unknown(ast.Pos{File: "s.coh", Line: 2, Col: 7}, "variable", "foo", []string{"fo", "bar"}))
	l.Addf(ast.Pos{File: "s.coh", Line: 3, Col: 12}, "undefined: b")
	l = l.Sort()
	want := "s.coh:2:7: undefined variable: foo (did you mean fo?)\n\t\tx := foo + 1\n\t\t     ^\n" +
		"s.coh:3:12: undefined: b\n\tthread t { b++ }\n\t           ^\n"
	if got := Render(l, src, 0); got != want {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
	if got := Render(l, src, 1); got != "s.coh:2:7: undefined variable: foo (did you mean fo?)\n\t\tx := foo + 1\n\t\t     ^\n(and 1 more errors)\n" {
		t.Errorf("max 1: %q", got)
	}
	if l.Err() == nil || List(nil).Err() != nil {
		t.Error("Err")
	}
}

// TestRenderLongLine: a long source line is shown as a window around the
// column, its cut ends marked, the caret still under the column.
func TestRenderLongLine(t *testing.T) {
	long := "var x = 1" + strings.Repeat("+1", 200) // 409 characters
	for _, tc := range []struct {
		name string
		line string
		col  int
		want string
	}{
		{"short lines are whole", "var x = y", 9, "\tvar x = y\n\t        ^\n"},
		{"start", long, 1, "\t" + long[:100] + "...\n\t^\n"},
		{"middle", long, 201, "\t..." + long[140:240] + "...\n\t" + strings.Repeat(" ", 63) + "^\n"},
		{"end", long, 409, "\t..." + long[309:] + "\n\t" + strings.Repeat(" ", 102) + "^\n"},
		{"past the end", long, 410, "\t..." + long[309:] + "\n\t" + strings.Repeat(" ", 103) + "^\n"},
		{"characters, not bytes", strings.Repeat("é", 150) + "x", 301, "\t..." + strings.Repeat("é", 99) + "x\n\t" + strings.Repeat(" ", 102) + "^\n"},
	} {
		l := List{Errorf(ast.Pos{File: "s.coh", Line: 1, Col: tc.col}, "bad")}
		got := Render(l, []byte(tc.line+"\n"), 0)
		want := "s.coh:1:" + strconv.Itoa(tc.col) + ": bad\n" + tc.want
		if got != want {
			t.Errorf("%s:\ngot\n%q\nwant\n%q", tc.name, got, want)
		}
	}
}

// TestRenderUnprintable: control characters and bytes that are not UTF-8
// are shown as U+FFFD, one character each, and the caret stays under the
// column.
func TestRenderUnprintable(t *testing.T) {
	for _, tc := range []struct {
		line string
		col  int
		want string
	}{
		{"a\x01b = 1", 2, "\ta\uFFFDb = 1\n\t ^\n"},
		{"a\x01b = 1", 3, "\ta\uFFFDb = 1\n\t  ^\n"},
		{"\x9e\x9ex", 3, "\t\uFFFD\uFFFDx\n\t  ^\n"},
		{"\tq\x1b[2J", 3, "\t\tq\uFFFD[2J\n\t\t ^\n"},
		{"é\x00", 4, "\té\uFFFD\n\t  ^\n"},
	} {
		l := List{Errorf(ast.Pos{File: "s.coh", Line: 1, Col: tc.col}, "bad")}
		got := Render(l, []byte(tc.line+"\n"), 0)
		want := "s.coh:1:" + strconv.Itoa(tc.col) + ": bad\n" + tc.want
		if got != want {
			t.Errorf("%q col %d:\ngot\n%q\nwant\n%q", tc.line, tc.col, got, want)
		}
	}
}
