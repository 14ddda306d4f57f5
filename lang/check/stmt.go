// This file checks statements.

package check

import (
	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/types"
)

// block checks statements in a new scope inside s.
func (c *checker) block(ss []ast.Stmt, s *scope) {
	c.stmts(ss, &scope{names: map[string]*Object{}, outer: s, fn: s.fn})
}

func (c *checker) stmts(ss []ast.Stmt, s *scope) {
	for _, st := range ss {
		c.stmt(st, s)
	}
}

func (c *checker) stmt(st ast.Stmt, s *scope) {
	switch st := st.(type) {
	case *ast.EmptyStmt:
	case *ast.BlockStmt:
		c.block(st.Stmts, s)
	case *ast.ExprStmt:
		call, isCall := st.X.(*ast.CallExpr)
		recv := false
		if u, ok := st.X.(*ast.UnaryExpr); ok && u.Op == "<-" {
			recv = true
		}
		if !isCall && !recv {
			c.errs.Addf(st.X.Start(), "this expression is evaluated but not used: a statement must do something (assign it, or call a function)")
		}
		if isCall {
			c.callStmt(call, s)
			return
		}
		c.exprIn(st.X, s)
	case *ast.DeclStmt:
		c.localVar(st.Decl, s, false)
	case *ast.AssignStmt:
		c.assign(st, s, false)
	case *ast.IncDecStmt:
		t := c.exprIn(st.X, s)
		c.assignable(st.X, s)
		if t.Kind != types.Int && t.Kind != types.Invalid {
			c.errs.Addf(st.Pos, "%s needs an int, not %s", map[bool]string{true: "++", false: "--"}[st.Inc], t)
		}
	case *ast.SendStmt:
		ct := c.exprIn(st.Chan, s)
		vt := c.valueIn(st.Value, s)
		if ct.Kind != types.Chan {
			if ct.Kind != types.Invalid {
				c.errs.Addf(st.Pos, "cannot send to a %s: <- sends on a channel", ct)
			}
		} else if !types.AssignableTo(vt, ct.Elem) {
			c.errs.Addf(st.Value.Start(), "cannot send a %s on a chan %s", vt, ct.Elem)
		}
		c.escapes(st.Value)
	case *ast.IfStmt:
		inner := &scope{names: map[string]*Object{}, outer: s, fn: s.fn}
		if st.Init != nil {
			c.stmt(st.Init, inner)
		}
		c.cond(st.Cond, inner, "if")
		c.block(st.Then.Stmts, inner)
		if st.Else != nil {
			c.stmt(st.Else, inner)
		}
	case *ast.ForStmt:
		inner := &scope{names: map[string]*Object{}, outer: s, fn: s.fn}
		if st.Init != nil {
			c.stmt(st.Init, inner)
			if as, ok := st.Init.(*ast.AssignStmt); ok && as.Op == ":=" {
				for _, l := range as.LHS {
					if id, ok := l.(*ast.Ident); ok {
						if o := c.info.Defs[id]; o != nil {
							o.LoopVar = true
						}
					}
				}
			}
		}
		if st.Cond != nil {
			c.cond(st.Cond, inner, "for")
		}
		if st.Post != nil {
			if as, ok := st.Post.(*ast.AssignStmt); ok && as.Op == ":=" {
				c.errs.Addf(as.OpPos, "cannot declare in the post statement of a for loop")
			}
			c.stmt(st.Post, inner)
		}
		c.loops++
		c.block(st.Body.Stmts, inner)
		c.loops--
	case *ast.RangeStmt:
		c.rangeStmt(st, s)
	case *ast.BranchStmt:
		if c.loops == 0 {
			c.errs.Addf(st.Pos, "%s is not inside a for loop", st.Tok)
		}
	case *ast.ReturnStmt:
		c.returnStmt(st, s)
	case *ast.GoStmt:
		c.callStmt(st.Call, s)
		for _, a := range st.Call.Args {
			c.escapes(a)
		}
		c.escapes(st.Call.Fun)
	case *ast.DeferStmt:
		if c.fn != nil {
			c.fn.HasDefer = true
		}
		c.callStmt(st.Call, s)
	case *ast.SelectStmt:
		c.errs.Addf(st.Pos, "select is not built yet")
	default:
		c.errs.Addf(st.Start(), "this statement is not supported")
	}
}

// callStmt checks a call used as a statement (its results are dropped).
func (c *checker) callStmt(call *ast.CallExpr, s *scope) {
	c.exprIn(call, s)
}

func (c *checker) cond(e ast.Expr, s *scope, what string) {
	t := c.valueIn(e, s)
	if t.Kind != types.Bool && t.Kind != types.Invalid {
		c.errs.Addf(e.Start(), "%s needs a condition (a bool), not a %s value", what, t)
	}
}

// localVar declares a local `var` (or the names of a := assignment).
func (c *checker) localVar(d *ast.VarDecl, s *scope, loop bool) {
	var t *types.Type
	if d.Type != nil {
		t = c.typeExprIn(d.Type, s)
	}
	saved := c.top
	c.top = s
	vals := c.values(d, t)
	c.top = saved
	if d.At != nil || d.Align != nil {
		c.errs.Addf(d.Pos, "`at` and `align` place globals; a local lives in its thread's stack or in a register")
	}
	for i, id := range d.Names {
		vt := t
		if vt == nil && i < len(vals) {
			vt = vals[i]
		}
		if vt == nil {
			vt = types.InvalidType
		}
		c.newLocal(s, id, vt, loop)
	}
}

func (c *checker) newLocal(s *scope, id *ast.Ident, t *types.Type, loop bool) *Object {
	o := &Object{Kind: VarObj, Name: id.Name, Pos: id.Pos, Type: t, Owner: c.fn, Param: -1, Result: -1, LoopVar: loop}
	if t.Kind == types.Array || t.Kind == types.Mutex || t.Kind == types.WaitGroup {
		o.Memory = true
	}
	c.declare(s, id, o)
	if c.fn != nil {
		c.fn.Locals = append(c.fn.Locals, o)
	}
	return o
}

// assign checks = := and op=.
func (c *checker) assign(st *ast.AssignStmt, s *scope, loop bool) {
	if st.Op == ":=" {
		var rts []*types.Type
		if len(st.RHS) == 1 && len(st.LHS) > 1 {
			t := c.exprIn(st.RHS[0], s)
			if t.Kind == types.Tuple {
				rts = t.Results
			} else {
				rts = []*types.Type{t}
			}
		} else {
			for _, r := range st.RHS {
				rts = append(rts, c.valueIn(r, s))
				c.escapesIfPointer(r)
			}
		}
		if len(rts) != len(st.LHS) {
			c.errs.Addf(st.OpPos, "assignment mismatch: %d variables but %d values", len(st.LHS), len(rts))
			rts = nil
		}
		fresh := false
		for i, l := range st.LHS {
			id, ok := l.(*ast.Ident)
			if !ok {
				c.errs.Addf(l.Start(), "non-name on the left side of :=")
				continue
			}
			t := types.InvalidType
			if rts != nil {
				t = rts[i]
				if t.Kind == types.Nil {
					c.errs.Addf(st.RHS[min(i, len(st.RHS)-1)].Start(), "use of untyped nil in :=: declare %s with var and a type", id.Name)
					t = types.InvalidType
				}
			}
			if prev := s.names[id.Name]; prev != nil && id.Name != "_" {
				c.info.Uses[id] = prev
				if !types.AssignableTo(t, prev.Type) {
					c.errs.Addf(id.Pos, "cannot assign a %s value to %s (a %s)", t, id.Name, prev.Type)
				}
				continue
			}
			fresh = true
			c.newLocal(s, id, t, loop)
		}
		if !fresh {
			c.errs.Addf(st.OpPos, "no new variables on the left side of :=")
		}
		return
	}
	if st.Op != "=" {
		// x op= y
		lt := c.exprIn(st.LHS[0], s)
		c.assignable(st.LHS[0], s)
		rt := c.valueIn(st.RHS[0], s)
		op := st.Op[:len(st.Op)-1]
		c.binaryTypes(op, lt, rt, st.OpPos)
		return
	}
	var rts []*types.Type
	if len(st.RHS) == 1 && len(st.LHS) > 1 {
		t := c.exprIn(st.RHS[0], s)
		if t.Kind == types.Tuple {
			rts = t.Results
		} else {
			rts = []*types.Type{t}
		}
	} else {
		for _, r := range st.RHS {
			rts = append(rts, c.valueIn(r, s))
		}
	}
	if len(rts) != len(st.LHS) {
		c.errs.Addf(st.OpPos, "assignment mismatch: %d variables but %d values", len(st.LHS), len(rts))
		return
	}
	for i, l := range st.LHS {
		if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
			continue
		}
		lt := c.exprIn(l, s)
		c.assignable(l, s)
		if !types.AssignableTo(rts[i], lt) {
			c.errs.Addf(st.RHS[min(i, len(st.RHS)-1)].Start(), "cannot assign a %s value to %s (a %s)", rts[i], exprString(l), lt)
		}
		// A pointer stored anywhere but a plain local escapes.
		if id, ok := l.(*ast.Ident); !ok || c.info.ObjectOf(id) == nil || c.info.ObjectOf(id).Global || c.info.ObjectOf(id).Memory {
			if i < len(st.RHS) {
				c.escapes(st.RHS[i])
			}
		}
	}
}

// assignable reports an error when e cannot be assigned to.
func (c *checker) assignable(e ast.Expr, s *scope) {
	switch e := e.(type) {
	case *ast.Ident:
		o := c.info.ObjectOf(e)
		if o != nil && o.Kind != VarObj {
			c.errs.Addf(e.Pos, "cannot assign to %s (it is a %s, not a variable)", e.Name, kindName(o.Kind))
		}
		return
	case *ast.IndexExpr:
		return
	case *ast.UnaryExpr:
		if e.Op == "*" {
			return
		}
	case *ast.ParenExpr:
		c.assignable(e.X, s)
		return
	}
	c.errs.Addf(e.Start(), "cannot assign to %s", exprString(e))
}

func (c *checker) rangeStmt(st *ast.RangeStmt, s *scope) {
	xt := c.valueIn(st.X, s)
	var kt, vt *types.Type
	switch xt.Kind {
	case types.Int:
		kt = types.IntType
		if st.Value != nil {
			c.errs.Addf(st.Value.Start(), "range over an int gives one value, not two")
		}
	case types.Array:
		kt, vt = types.IntType, xt.Elem
	case types.Pointer:
		if xt.Elem.Kind == types.Array {
			kt, vt = types.IntType, xt.Elem.Elem
		}
	case types.Chan:
		kt = xt.Elem
		if st.Value != nil {
			c.errs.Addf(st.Value.Start(), "range over a channel gives one value, not two")
		}
	case types.Invalid:
	}
	if kt == nil && xt.Kind != types.Invalid {
		c.errs.Addf(st.X.Start(), "cannot range over a %s: range takes an int, an array or a channel", xt)
	}
	inner := &scope{names: map[string]*Object{}, outer: s, fn: s.fn}
	bind := func(e ast.Expr, t *types.Type) {
		if e == nil {
			return
		}
		if t == nil {
			t = types.InvalidType
		}
		if st.Define {
			id, ok := e.(*ast.Ident)
			if !ok {
				c.errs.Addf(e.Start(), "non-name on the left side of :=")
				return
			}
			c.newLocal(inner, id, t, true)
			return
		}
		lt := c.exprIn(e, s)
		c.assignable(e, s)
		if !types.AssignableTo(t, lt) {
			c.errs.Addf(e.Start(), "cannot assign a %s value to %s (a %s)", t, exprString(e), lt)
		}
	}
	bind(st.Key, kt)
	bind(st.Value, vt)
	c.loops++
	c.block(st.Body.Stmts, inner)
	c.loops--
}

func (c *checker) returnStmt(st *ast.ReturnStmt, s *scope) {
	if c.fn == nil || c.fn.Thread != nil {
		if len(st.Results) > 0 {
			c.errs.Addf(st.Pos, "a thread returns no values")
		}
		return
	}
	want := c.fn.Type.Results
	if len(st.Results) == 0 {
		if len(want) > 0 && !c.fn.Named {
			c.errs.Addf(st.Pos, "not enough return values: %s returns %d", c.fn.Name, len(want))
		}
		return
	}
	var got []*types.Type
	if len(st.Results) == 1 && len(want) > 1 {
		t := c.exprIn(st.Results[0], s)
		if t.Kind == types.Tuple {
			got = t.Results
		} else {
			got = []*types.Type{t}
		}
	} else {
		for _, r := range st.Results {
			got = append(got, c.valueIn(r, s))
			c.escapes(r)
		}
	}
	if len(got) != len(want) {
		c.errs.Addf(st.Pos, "%s returns %d values, this return gives %d", c.fn.Name, len(want), len(got))
		return
	}
	for i := range got {
		if !types.AssignableTo(got[i], want[i]) {
			c.errs.Addf(st.Results[min(i, len(st.Results)-1)].Start(), "cannot return a %s value as %s", got[i], want[i])
		}
	}
}
