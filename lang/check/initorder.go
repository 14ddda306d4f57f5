// This file orders the global declarations for initialisation, as Go
// does: a global is initialised after the globals its value names,
// whatever the order they are written in.

package check

import (
	"sort"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
)

// initOrder returns the global var declarations in initialisation order
// and reports reference cycles.
func (c *checker) initOrder(f *ast.File) []*ast.VarDecl {
	declOf := map[string]*ast.VarDecl{}
	var decls []*ast.VarDecl
	for _, d := range f.Decls {
		if d, ok := d.(*ast.VarDecl); ok {
			decls = append(decls, d)
			for _, id := range d.Names {
				if _, dup := declOf[id.Name]; !dup {
					declOf[id.Name] = d
				}
			}
		}
	}
	const (
		todo = iota
		active
		finished
	)
	state := map[*ast.VarDecl]int{}
	var order []*ast.VarDecl
	var path []string
	var visit func(d *ast.VarDecl, name string)
	visit = func(d *ast.VarDecl, name string) {
		switch state[d] {
		case finished:
			return
		case active:
			i := 0
			for i < len(path) && path[i] != name {
				i++
			}
			cycle := append(append([]string(nil), path[i:]...), name)
			c.errs.Addf(d.Pos, "initialization cycle: %s", strings.Join(cycle, " refers to "))
			for _, n := range cycle {
				c.cyclic[declOf[n]] = true
			}
			return
		}
		state[d] = active
		path = append(path, name)
		for _, ref := range globalRefs(d.Values) {
			if dep := declOf[ref]; dep != nil && dep != d {
				visit(dep, ref)
			}
		}
		path = path[:len(path)-1]
		state[d] = finished
		order = append(order, d)
	}
	for _, d := range decls {
		visit(d, d.Names[0].Name)
	}
	return order
}

// globalRefs lists the names an initial value mentions (outside function
// literals, whose bodies run later).
func globalRefs(values []ast.Expr) []string {
	var out []string
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		switch e := e.(type) {
		case *ast.Ident:
			out = append(out, e.Name)
		case *ast.ParenExpr:
			walk(e.X)
		case *ast.UnaryExpr:
			walk(e.X)
		case *ast.BinaryExpr:
			walk(e.X)
			walk(e.Y)
		case *ast.SelectorExpr:
			walk(e.X)
		case *ast.IndexExpr:
			walk(e.X)
			walk(e.Index)
		case *ast.CallExpr:
			walk(e.Fun)
			for _, a := range e.Args {
				walk(a)
			}
		case *ast.CompositeLit:
			for _, x := range e.Elts {
				walk(x)
			}
		}
	}
	for _, v := range values {
		walk(v)
	}
	return out
}

// sortGlobals puts the globals back in source order: that is the order
// they are laid out in memory.
func sortGlobals(gs []*Object) {
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := gs[i].Pos, gs[j].Pos
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
}
