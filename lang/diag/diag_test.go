package diag

import (
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
