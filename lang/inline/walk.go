// This file walks the tree in source order.

package inline

import "github.com/cohere-sim/cohere/lang/ast"

// walk calls visit on n and, while visit returns true, on its children,
// in source order. Function literals' bodies are children too.
func walk(n ast.Node, visit func(ast.Node) bool) {
	if n == nil || isNil(n) || !visit(n) {
		return
	}
	w := func(c ast.Node) { walk(c, visit) }
	switch n := n.(type) {
	case *ast.FuncDecl:
		w(n.Body)
	case *ast.ThreadDecl:
		w(n.Body)
	case *ast.VarDecl:
		for _, v := range n.Values {
			w(v)
		}
	case *ast.BlockStmt:
		for _, s := range n.Stmts {
			w(s)
		}
	case *ast.ExprStmt:
		w(n.X)
	case *ast.AssignStmt:
		for _, e := range n.LHS {
			w(e)
		}
		for _, e := range n.RHS {
			w(e)
		}
	case *ast.IncDecStmt:
		w(n.X)
	case *ast.SendStmt:
		w(n.Chan)
		w(n.Value)
	case *ast.DeclStmt:
		w(n.Decl)
	case *ast.IfStmt:
		w(n.Init)
		w(n.Cond)
		w(n.Then)
		w(n.Else)
	case *ast.ForStmt:
		w(n.Init)
		w(n.Cond)
		w(n.Post)
		w(n.Body)
	case *ast.RangeStmt:
		w(n.Key)
		w(n.Value)
		w(n.X)
		w(n.Body)
	case *ast.ReturnStmt:
		for _, e := range n.Results {
			w(e)
		}
	case *ast.GoStmt:
		w(n.Call)
	case *ast.DeferStmt:
		w(n.Call)
	case *ast.SelectStmt:
		for _, c := range n.Cases {
			w(c)
		}
	case *ast.CommClause:
		w(n.Comm)
		for _, s := range n.Body {
			w(s)
		}
	case *ast.ParenExpr:
		w(n.X)
	case *ast.UnaryExpr:
		w(n.X)
	case *ast.BinaryExpr:
		w(n.X)
		w(n.Y)
	case *ast.SelectorExpr:
		w(n.X)
	case *ast.IndexExpr:
		w(n.X)
		w(n.Index)
	case *ast.CallExpr:
		w(n.Fun)
		for _, e := range n.Args {
			w(e)
		}
	case *ast.FuncLit:
		w(n.Body)
	case *ast.CompositeLit:
		for _, e := range n.Elts {
			w(e)
		}
	}
}

// walkBody visits every node of a body, stopping at function literals:
// a literal is visited, its body is not.
func walkBody(b *ast.BlockStmt, visit func(ast.Node)) {
	walk(b, func(n ast.Node) bool {
		visit(n)
		_, lit := n.(*ast.FuncLit)
		return !lit
	})
}

// isNil reports a typed nil inside the interface (an absent Else, Init...).
func isNil(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n == nil
	case *ast.CallExpr:
		return n == nil
	case *ast.VarDecl:
		return n == nil
	}
	return false
}
