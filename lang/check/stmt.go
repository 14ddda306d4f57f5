// This file checks statements.

package check

import (
	"fmt"
	"strings"

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
			hint := ""
			if b, ok := st.X.(*ast.BinaryExpr); ok && b.Op == "==" {
				hint = fmt.Sprintf(" (did you mean %s = %s?)", exprString(b.X), exprString(b.Y))
			}
			c.errs.Addf(st.X.Start(), "%s is computed but never used: a statement must do something, such as assign a value or call a function%s", exprString(st.X), hint)
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
		if !c.assignable(st.X, s) {
			return
		}
		t := c.exprIn(st.X, s)
		if t.Kind != types.Int && t.Kind != types.Invalid {
			c.errs.Addf(st.X.Start(), "%s%s needs an int variable, not %s", exprString(st.X), map[bool]string{true: "++", false: "--"}[st.Inc], an(t))
		}
	case *ast.SendStmt:
		ct := c.exprIn(st.Chan, s)
		vt := c.valueIn(st.Value, s)
		if ct.Kind != types.Chan {
			if ct.Kind != types.Invalid {
				c.errs.Addf(st.Chan.Start(), "cannot send to %s: it is %s, not a channel", exprString(st.Chan), an(ct))
			}
		} else if !types.AssignableTo(vt, ct.Elem) {
			c.errs.Addf(st.Value.Start(), "cannot send %s on %s: it is a %s, which carries %s values", an(vt), exprString(st.Chan), ct, ct.Elem)
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
				c.errs.Addf(as.OpPos, "cannot declare a variable in the post statement of a for loop: declare it before the loop, or in the init statement")
			}
			c.stmt(st.Post, inner)
		}
		c.loops++
		c.block(st.Body.Stmts, inner)
		c.loops--
	case *ast.RangeStmt:
		c.rangeStmt(st, s)
	case *ast.BranchStmt:
		if st.Tok == "break" && c.selects > 0 {
			return // breaks out of the select
		}
		if c.loops == 0 {
			c.errs.Addf(st.Pos, "%s is not inside a for loop: %s only works in the body of a for", st.Tok, st.Tok)
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
		c.selectStmt(st, s)
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
		c.errs.Addf(e.Start(), "%s needs a condition (a bool), not %s%s", what, an(t), truthHint(e, t))
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
	if d.At != nil {
		c.errs.Addf(d.At.Start(), "at places globals only: a local lives in its thread's stack or in a register; declare %s at top level to give it an address", d.Names[0].Name)
	}
	if d.Align != nil {
		c.errs.Addf(d.Align.Start(), "align places globals only: a local lives in its thread's stack or in a register; declare %s at top level to align it", d.Names[0].Name)
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
	o.Memory = inMemory(t)
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
			rts = c.multiValue(st.RHS[0], len(st.LHS), s)
		} else {
			for _, r := range st.RHS {
				rts = append(rts, c.valueIn(r, s))
				c.escapesIfPointer(r)
			}
		}
		if len(rts) != len(st.LHS) {
			c.errs.Addf(st.OpPos, "assignment mismatch: %s", mismatch(st, len(rts)))
			rts = nil
		}
		fresh := false
		var old []string
		for i, l := range st.LHS {
			id, ok := l.(*ast.Ident)
			if !ok {
				c.errs.Addf(l.Start(), "%s is not a name: := declares names only; write = to assign to %s", exprString(l), exprString(l))
				continue
			}
			t := types.InvalidType
			if rts != nil {
				t = rts[i]
				if t.Kind == types.Nil {
					c.errs.Addf(st.RHS[min(i, len(st.RHS)-1)].Start(), "use of untyped nil: nil has no type of its own; declare %s with a type, as in var %s *int", id.Name, id.Name)
					t = types.InvalidType
				}
			}
			if prev := s.names[id.Name]; prev != nil && id.Name != "_" {
				c.info.Uses[id] = prev
				old = append(old, id.Name)
				if !types.AssignableTo(t, prev.Type) {
					pos := id.Pos
					if len(st.RHS) == len(st.LHS) {
						pos = st.RHS[i].Start()
					}
					c.errs.Addf(pos, "cannot assign %s to %s: := reuses the %s declared in this block, which is %s", an(t), id.Name, id.Name, an(prev.Type))
				}
				continue
			}
			fresh = true
			c.newLocal(s, id, t, loop)
		}
		if !fresh && len(old) > 0 {
			c.errs.Addf(st.OpPos, "no new variables on the left side of :=: %s already declared in this block; write = to assign", isAre(old))
		} else if !fresh {
			c.errs.Addf(st.OpPos, "no new variables on the left side of :=")
		}
		return
	}
	if st.Op != "=" {
		// x op= y
		if !c.assignable(st.LHS[0], s) {
			c.valueIn(st.RHS[0], s)
			return
		}
		lt := c.exprIn(st.LHS[0], s)
		rt := c.valueIn(st.RHS[0], s)
		op := st.Op[:len(st.Op)-1]
		c.binaryTypes(op, lt, rt, st.OpPos)
		return
	}
	var rts []*types.Type
	if len(st.RHS) == 1 && len(st.LHS) > 1 {
		rts = c.multiValue(st.RHS[0], len(st.LHS), s)
	} else {
		for _, r := range st.RHS {
			rts = append(rts, c.valueIn(r, s))
		}
	}
	if len(rts) != len(st.LHS) {
		c.errs.Addf(st.OpPos, "assignment mismatch: %s", mismatch(st, len(rts)))
		return
	}
	for i, l := range st.LHS {
		if id, ok := l.(*ast.Ident); ok && id.Name == "_" {
			continue
		}
		if !c.assignable(l, s) {
			continue
		}
		lt := c.exprIn(l, s)
		if !types.AssignableTo(rts[i], lt) {
			c.errs.Addf(st.RHS[min(i, len(st.RHS)-1)].Start(), "cannot assign %s to %s: %s is %s%s", an(rts[i]), exprString(l), exprString(l), an(lt), nilNote(rts[i], lt))
		}
		// A pointer stored anywhere but a plain local escapes.
		if id, ok := l.(*ast.Ident); !ok || c.info.ObjectOf(id) == nil || c.info.ObjectOf(id).Global || c.info.ObjectOf(id).Memory {
			if i < len(st.RHS) {
				c.escapes(st.RHS[i])
			}
		}
	}
}

// mismatch describes the two sides of an assignment whose counts differ.
func mismatch(st *ast.AssignStmt, values int) string {
	vars := fmt.Sprintf("%d variable%s", len(st.LHS), plural(len(st.LHS)))
	if len(st.RHS) == 1 {
		if call, ok := st.RHS[0].(*ast.CallExpr); ok {
			return fmt.Sprintf("%s but %s returns %d value%s", vars, exprString(call), values, plural(values))
		}
	}
	return fmt.Sprintf("%s but %d value%s", vars, values, plural(values))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// isAre lists names with the verb that agrees: "x is", "x and y are".
func isAre(names []string) string {
	if len(names) == 1 {
		return names[0] + " is"
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " are"
}

// multiValue checks the one expression on the right of a multi-value
// assignment: a call with several results, or a receive with its ok flag
// (v, ok := <-ch).
func (c *checker) multiValue(e ast.Expr, want int, s *scope) []*types.Type {
	if u, ok := unparen(e).(*ast.UnaryExpr); ok && u.Op == "<-" && want == 2 {
		t := c.exprIn(e, s)
		c.info.CommaOK[u] = true
		return []*types.Type{t, types.BoolType}
	}
	t := c.exprIn(e, s)
	if t.Kind == types.Tuple {
		return t.Results
	}
	return []*types.Type{t}
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// assignable reports whether e can be assigned to, and an error when it
// cannot. It resolves nothing: an undefined name is reported by whoever
// checks e as an expression.
func (c *checker) assignable(e ast.Expr, s *scope) bool {
	switch e := e.(type) {
	case *ast.Ident:
		o := c.info.ObjectOf(e)
		if o == nil {
			o = s.lookup(e.Name)
		}
		if o != nil && o.Kind != VarObj {
			c.errs.Addf(e.Pos, "cannot assign to %s: it is %s, not a variable", e.Name, aKind(o.Kind))
			return false
		}
		return true
	case *ast.IndexExpr:
		if c.info.TypeOf(e.X).Kind == types.String {
			c.errs.Addf(e.Start(), "cannot assign to %s: a string's bytes cannot change (build a new string instead)", exprString(e))
			return false
		}
		return true
	case *ast.UnaryExpr:
		if e.Op == "*" {
			return true
		}
	case *ast.ParenExpr:
		return c.assignable(e.X, s)
	}
	c.errs.Addf(e.Start(), "cannot assign to %s: the left side of = must be a variable, an array element or *p", exprString(e))
	if _, ok := e.(*ast.SelectorExpr); !ok {
		c.valueIn(e, s) // for the errors inside it
	}
	return false
}

func (c *checker) rangeStmt(st *ast.RangeStmt, s *scope) {
	xt := c.valueIn(st.X, s)
	var kt, vt *types.Type
	switch xt.Kind {
	case types.Int:
		kt = types.IntType
		if st.Value != nil {
			c.errs.Addf(st.Value.Start(), "range over an int gives one value, not two: write for %s := range %s", exprString(st.Key), exprString(st.X))
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
			c.errs.Addf(st.Value.Start(), "range over a channel gives one value (each value received), not two: write for %s := range %s", exprString(st.Key), exprString(st.X))
		}
	case types.Invalid:
	}
	if kt == nil && xt.Kind != types.Invalid {
		c.errs.Addf(st.X.Start(), "cannot range over %s: it is %s; range takes an int, an array or a channel", exprString(st.X), an(xt))
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
				c.errs.Addf(e.Start(), "%s is not a name: := declares names only; write = to assign to %s", exprString(e), exprString(e))
				return
			}
			c.newLocal(inner, id, t, true)
			return
		}
		if !c.assignable(e, s) {
			return
		}
		lt := c.exprIn(e, s)
		if !types.AssignableTo(t, lt) {
			c.errs.Addf(e.Start(), "cannot assign %s to %s: %s is %s", an(t), exprString(e), exprString(e), an(lt))
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
			c.errs.Addf(st.Results[0].Start(), "a thread returns no values: write return alone, or store the value in a global or a local that an expect can name")
		}
		return
	}
	want := c.fn.Type.Results
	if len(st.Results) == 0 {
		if len(want) > 0 && !c.fn.Named {
			c.errs.Addf(st.Pos, "not enough return values: %s returns %s", c.fn.Name, results(want))
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
		switch {
		case len(st.Results) > len(want):
			c.errs.Addf(st.Results[len(want)].Start(), "too many return values: %s returns %s, this return gives %d", c.fn.Name, results(want), len(got))
		default:
			c.errs.Addf(st.Pos, "not enough return values: %s returns %s, this return gives %d", c.fn.Name, results(want), len(got))
		}
		return
	}
	for i := range got {
		if !types.AssignableTo(got[i], want[i]) {
			c.errs.Addf(st.Results[min(i, len(st.Results)-1)].Start(), "cannot return %s: %s returns %s", an(got[i]), c.fn.Name, resultAt(want, i))
		}
	}
}

// resultAt names result i of a function's results for a message: "an
// int", or "an int as its second value".
func resultAt(want []*types.Type, i int) string {
	if len(want) == 1 {
		return an(want[0])
	}
	return fmt.Sprintf("%s as its %s value", an(want[i]), ordinal(i+1))
}

func ordinal(n int) string {
	if n >= 1 && n <= 5 {
		return [...]string{"first", "second", "third", "fourth", "fifth"}[n-1]
	}
	return fmt.Sprintf("#%d", n)
}
