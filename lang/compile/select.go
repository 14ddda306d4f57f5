// This file compiles select statements.

package compile

import (
	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/types"
)

// selectStmt compiles a select as Go runs one: every channel operand and
// every value to send is evaluated once, in source order; then one
// OpSelect (one step) chooses a case, runs it or parks the thread, and
// leaves the chosen case's index in a slot; then a chain of comparisons
// jumps to that case, whose received values are assigned (the left side
// evaluated only now, as the spec says) before its body runs.
//
// A select with one case and no default is that case's operation, as Go's
// compiler makes it: it blocks as a plain send or receive does (and says
// so, chan send or chan receive, when it deadlocks).
func (g *fnc) selectStmt(s *ast.SelectStmt) {
	l := &loopCtx{isSelect: true}
	if len(s.Cases) == 1 && s.Cases[0].Comm != nil {
		cc := s.Cases[0]
		g.stmt(cc.Comm)
		g.loops = append(g.loops, l)
		g.stmts(cc.Body)
		g.loops = g.loops[:len(g.loops)-1]
		for _, pc := range l.breaks {
			g.patch(pc)
		}
		return
	}
	var spec SelectSpec
	index := make([]int, len(s.Cases)) // each clause's index as OpSelect reports it
	for i, cc := range s.Cases {
		var c SelectCase
		switch comm := cc.Comm.(type) {
		case nil:
			spec.Default = true
			continue
		case *ast.SendStmt:
			c.Send = true
			c.Chan = g.value(comm.Chan)
			c.Value = g.value(comm.Value)
			if t := g.info.TypeOf(comm.Value); t.Kind == types.Array {
				c.Value = g.copyArray(c.Value, t) // the channel carries a copy
			}
		case *ast.ExprStmt:
			c.Chan = g.value(unparen(comm.X).(*ast.UnaryExpr).X)
			c.Value, c.Ok = g.newSlot(), -1
		case *ast.AssignStmt:
			c.Chan = g.value(unparen(comm.RHS[0]).(*ast.UnaryExpr).X)
			c.Value, c.Ok = g.newSlot(), -1
			if len(comm.LHS) == 2 {
				c.Ok = g.newSlot()
			}
		}
		index[i] = len(spec.Cases)
		spec.Cases = append(spec.Cases, c)
	}
	for i, cc := range s.Cases {
		if cc.Comm == nil {
			index[i] = len(spec.Cases)
		}
	}
	chosen := g.newSlot()
	g.pos = s.Pos
	g.prog.Selects = append(g.prog.Selects, spec)
	g.emit(OpSelect, int32(len(g.prog.Selects)-1), chosen, 0)

	g.loops = append(g.loops, l)
	var ends []int
	test := g.newSlot()
	for i, cc := range s.Cases {
		mark := g.next
		g.pos = cc.Pos
		g.emit(OpEqI, test, chosen, int32(index[i]))
		skip := g.emit(OpJmpIfNot, test, 0, 0)
		if as, ok := cc.Comm.(*ast.AssignStmt); ok {
			c := spec.Cases[index[i]]
			vals := []int32{c.Value, c.Ok}
			g.assignReceived(as, vals[:len(as.LHS)])
		}
		g.stmts(cc.Body)
		if i < len(s.Cases)-1 {
			ends = append(ends, g.emit(OpJmp, 0, 0, 0))
		}
		g.patch(skip)
		g.next = mark
	}
	g.loops = g.loops[:len(g.loops)-1]
	for _, pc := range append(ends, l.breaks...) {
		g.patch(pc)
	}
}

// assignReceived assigns a chosen receive case's values (in vals) to the
// left side of `case v, ok := <-ch:` or `case x, ok = <-ch:`.
func (g *fnc) assignReceived(as *ast.AssignStmt, vals []int32) {
	if as.Op == ":=" {
		objs := g.shortVarDecl(as.LHS)
		for i, o := range objs {
			if o != nil && o.Name != "_" {
				g.storeObj(o, vals[i])
			}
		}
		return
	}
	// x, ok = <-ch: the index and pointer operands on the left first,
	// then the assignments, left to right (as assignValues does).
	addrs := make([]int32, len(as.LHS))
	for i, l := range as.LHS {
		addrs[i] = -1
		if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
			continue
		}
		if _, ok := g.register(l); !ok {
			addrs[i] = g.address(l)
		}
	}
	for i, l := range as.LHS {
		t := g.info.TypeOf(l)
		switch {
		case addrs[i] >= 0:
			g.storeTo(addrs[i], vals[i], t)
		default:
			if id, ok := l.(*ast.Ident); !ok || id.Name != "_" {
				g.store(l, vals[i], t)
			}
		}
	}
}
