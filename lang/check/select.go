// This file checks select statements.

package check

import (
	"github.com/cohere-sim/cohere/lang/ast"
)

// selectStmt checks a select: each case sends or receives (the parser made
// sure of the shape; the send and the receive are checked as the
// statements they are), at most one default, and each clause is a block
// of its own, in which the variables a `case v, ok := <-ch:` declares
// live. A break inside a clause leaves the select.
func (c *checker) selectStmt(st *ast.SelectStmt, s *scope) {
	var first *ast.CommClause
	for _, cc := range st.Cases {
		if cc.Comm == nil {
			if first != nil {
				c.errs.Addf(cc.Pos, "multiple defaults in select (the first is at %d:%d): a select has at most one default", first.Pos.Line, first.Pos.Col)
			} else {
				first = cc
			}
		}
		inner := &scope{names: map[string]*Object{}, outer: s, fn: s.fn}
		switch comm := cc.Comm.(type) {
		case nil:
		case *ast.AssignStmt:
			if comm.Op == ":=" {
				c.assign(comm, inner, false)
			} else {
				c.assign(comm, s, false)
			}
		default:
			c.stmt(comm, s)
		}
		c.selects++
		c.stmts(cc.Body, inner)
		c.selects--
	}
}
