// This file prints the decisions as `go build -gcflags=-m` prints Go's.

package inline

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/check"
)

// Lines returns the report at a level of -m, sorted by position: level 1
// says `can inline f` and `inlining call to f`; level 2 adds each cost
// and body, and `cannot inline g: reason`. Then, at every level, escape
// analysis: `moved to heap: x` for each local that lives on the heap.
func (r *Result) Lines(level int) []string {
	type line struct {
		pos  ast.Pos
		text string
	}
	var out []line
	for _, fn := range r.Funcs {
		switch {
		case fn.Inlinable && level >= 2:
			out = append(out, line{fn.Pos, fmt.Sprintf("can inline %s with cost %d as: %s { %s }", fn.Name, fn.Cost, fn.Info.Type, bodyString(fn.body))})
		case fn.Inlinable:
			out = append(out, line{fn.Pos, "can inline " + fn.Name})
		case level >= 2:
			out = append(out, line{fn.Pos, fmt.Sprintf("cannot inline %s: %s", fn.Name, fn.Reason)})
		}
	}
	for _, s := range r.Sites {
		out = append(out, line{s.Pos, "inlining call to " + s.Callee.Name})
	}
	sort.SliceStable(out, func(i, j int) bool { return before(out[i].pos, out[j].pos) })
	lines := make([]string, 0, len(out)+len(r.Moved))
	for _, l := range out {
		lines = append(lines, l.pos.String()+": "+l.text)
	}
	// Escape analysis reports after inlining, in its own position order,
	// as Go's phases print.
	for _, o := range r.Moved {
		lines = append(lines, o.Pos.String()+": moved to heap: "+o.Name)
	}
	return lines
}

// bodyString renders a body on one line as Go's -m=2 does: statements
// joined by "; ", loops as "for loop", literals as "func literal".
func bodyString(b *ast.BlockStmt) string {
	if b == nil {
		return ""
	}
	return stmtsString(b.Stmts)
}

func stmtsString(list []ast.Stmt) string {
	var parts []string
	for _, s := range list {
		if t := stmtString(s); t != "" {
			parts = append(parts, t)
		}
	}
	return strings.Join(parts, "; ")
}

func exprsString(list []ast.Expr) string {
	parts := make([]string, len(list))
	for i, e := range list {
		parts[i] = ast.ExprString(e)
	}
	return strings.Join(parts, ", ")
}

func stmtString(s ast.Stmt) string {
	switch s := s.(type) {
	case *ast.BlockStmt:
		return stmtsString(s.Stmts)
	case *ast.ExprStmt:
		return ast.ExprString(s.X)
	case *ast.AssignStmt:
		return exprsString(s.LHS) + " " + s.Op + " " + exprsString(s.RHS)
	case *ast.IncDecStmt:
		if s.Inc {
			return ast.ExprString(s.X) + "++"
		}
		return ast.ExprString(s.X) + "--"
	case *ast.SendStmt:
		return ast.ExprString(s.Chan) + " <- " + ast.ExprString(s.Value)
	case *ast.DeclStmt:
		d := s.Decl
		names := make([]ast.Expr, len(d.Names))
		for i, id := range d.Names {
			names[i] = id
		}
		if len(d.Values) == 0 {
			return "var " + exprsString(names) + " " + ast.ExprString(d.Type)
		}
		return "var " + exprsString(names) + " = " + exprsString(d.Values)
	case *ast.IfStmt:
		t := "if " + ast.ExprString(s.Cond) + " { " + stmtsString(s.Then.Stmts) + " }"
		if s.Else != nil {
			t += " else { " + stmtString(s.Else) + " }"
		}
		return t
	case *ast.ForStmt, *ast.RangeStmt:
		return "for loop"
	case *ast.BranchStmt:
		return s.Tok
	case *ast.ReturnStmt:
		return strings.TrimSpace("return " + exprsString(s.Results))
	case *ast.GoStmt:
		return "go " + ast.ExprString(s.Call)
	case *ast.DeferStmt:
		return "defer " + ast.ExprString(s.Call)
	case *ast.SelectStmt:
		return "select statement"
	}
	return ""
}

// movedToHeap lists the named locals and parameters that live on the heap
// because their address outlives their function (returned, stored in a
// global, or captured by a function literal), in source order. Results
// are left out: an array result is copied by the caller, and a result a
// deferred literal changes stays in its frame in Go.
func movedToHeap(info *check.Info) []*check.Object {
	var out []*check.Object
	for _, o := range info.Defs {
		if o == nil || o.Kind != check.VarObj || o.Global || !o.Escapes || o.Name == "" || o.Name == "_" || o.Result >= 0 {
			continue
		}
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return before(out[i].Pos, out[j].Pos) })
	return out
}
