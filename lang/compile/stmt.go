// This file compiles statements.

package compile

import (
	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/check"
	"github.com/cohere-sim/cohere/lang/types"
)

func (g *fnc) stmts(ss []ast.Stmt) {
	for _, s := range ss {
		g.stmt(s)
	}
}

func (g *fnc) stmt(s ast.Stmt) {
	g.pos = s.Start()
	g.fn.markStatement(len(g.fn.Code))
	mark := g.next
	defer func() {
		if g.next > mark && !g.declares(s) {
			g.next = mark
		}
	}()
	switch s := s.(type) {
	case *ast.EmptyStmt:
	case *ast.BlockStmt:
		g.stmts(s.Stmts)
	case *ast.ExprStmt:
		g.exprDiscard(s.X)
	case *ast.DeclStmt:
		var objs []*check.Object
		for _, id := range s.Decl.Names {
			objs = append(objs, g.info.Defs[id])
		}
		g.declareLocals(objs)
		if len(s.Decl.Values) > 0 {
			g.assignValues(objs, nil, s.Decl.Values)
		}
	case *ast.AssignStmt:
		g.assign(s)
	case *ast.IncDecStmt:
		op := OpAdd
		if !s.Inc {
			op = OpSub
		}
		g.update(s.X, op, &ast.BasicLit{Kind: "int", Value: "1", Raw: "1"})
	case *ast.SendStmt:
		ch := g.value(s.Chan)
		v := g.value(s.Value)
		if t := g.info.TypeOf(s.Value); t.Kind == types.Array {
			v = g.copyArray(v, t) // the channel carries a copy
		}
		g.pos = s.Pos
		g.emit(OpSend, ch, v, 0)
	case *ast.IfStmt:
		if s.Init != nil {
			g.stmt(s.Init)
		}
		cond := g.value(s.Cond)
		jf := g.emit(OpJmpIfNot, cond, 0, 0)
		g.stmts(s.Then.Stmts)
		if s.Else != nil {
			jend := g.emit(OpJmp, 0, 0, 0)
			g.patch(jf)
			g.stmt(s.Else)
			g.patch(jend)
		} else {
			g.patch(jf)
		}
	case *ast.ForStmt:
		g.forStmt(s)
	case *ast.RangeStmt:
		g.rangeStmt(s)
	case *ast.BranchStmt:
		pc := g.emit(OpJmp, 0, 0, 0)
		if s.Tok == "break" {
			l := g.loops[len(g.loops)-1] // the innermost for or select
			l.breaks = append(l.breaks, pc)
		} else {
			l := g.innermostFor()
			l.continues = append(l.continues, pc)
		}
	case *ast.ReturnStmt:
		g.returnStmt(s)
	case *ast.SelectStmt:
		g.selectStmt(s)
	case *ast.GoStmt:
		g.goOrDefer(s.Call, OpGo, s.Pos)
	case *ast.DeferStmt:
		g.goOrDefer(s.Call, OpDefer, s.Pos)
	}
}

// declares reports whether s declares locals whose slots must outlive it.
func (g *fnc) declares(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.DeclStmt:
		return true
	case *ast.AssignStmt:
		return s.Op == ":="
	}
	return false
}

// declareLocals gives new locals their slots (registers or memory).
func (g *fnc) declareLocals(objs []*check.Object) {
	for _, o := range objs {
		if o == nil || o.Name == "_" {
			continue
		}
		if o.Memory {
			g.memLocal(o)
			continue
		}
		s := g.newSlot()
		g.slotOf[o] = s
		g.zeroValue(s, o.Type)
	}
}

// zeroValue sets a register to its type's zero value.
func (g *fnc) zeroValue(s int32, t *types.Type) {
	g.zero(s)
}

func (g *fnc) assign(s *ast.AssignStmt) {
	switch s.Op {
	case ":=":
		g.assignValues(g.shortVarDecl(s.LHS), nil, s.RHS)
	case "=":
		g.assignValues(nil, s.LHS, s.RHS)
	default:
		op := map[string]Op{"+=": OpAdd, "-=": OpSub, "*=": OpMul, "/=": OpDiv, "%=": OpMod, "&=": OpAnd, "|=": OpOr,
			"^=": OpXor, "<<=": OpShl, ">>=": OpShr, "&^=": OpAndNot}[s.Op]
		g.update(s.LHS[0], op, s.RHS[0])
	}
}

// update compiles X op= Y: X is read once and written once (two accesses
// when X is in memory: updates can be lost between them).
// shortVarDecl returns the objects the left side of a := names, in order,
// declaring the new ones (a := may reuse names already declared).
func (g *fnc) shortVarDecl(lhs []ast.Expr) []*check.Object {
	var objs, fresh []*check.Object
	for _, l := range lhs {
		id := l.(*ast.Ident)
		o := g.info.Defs[id]
		if o == nil {
			o = g.info.Uses[id]
		} else {
			fresh = append(fresh, o)
		}
		objs = append(objs, o)
	}
	g.declareLocals(fresh)
	return objs
}

func (g *fnc) update(x ast.Expr, op Op, y ast.Expr) {
	t := g.info.TypeOf(x)
	if t.Kind == types.String && op == OpAdd {
		op = OpConcat
	}
	if dst, ok := g.register(x); ok {
		if iop, ok := immOps[op]; ok && t.Kind == types.Int {
			if c, ok := g.immediate(y); ok {
				g.emit(iop, dst, dst, c)
				return
			}
		}
		v := g.value(y)
		g.emit(op, dst, dst, v)
		return
	}
	addr := g.address(x)
	cur := g.newSlot()
	g.emit(OpLoad, cur, addr, int32(storeSize(t)))
	v := g.value(y)
	g.emit(op, cur, cur, v)
	g.emit(OpStore, addr, cur, int32(storeSize(t)))
}

// assignValues assigns values to objects (declarations) or to lvalue
// expressions (=) in Go's two phases: first the index and pointer operands
// on the left and every value on the right are evaluated, in order; then
// the assignments happen, left to right.
func (g *fnc) assignValues(objs []*check.Object, lhs []ast.Expr, rhs []ast.Expr) {
	n := len(objs)
	if lhs != nil {
		n = len(lhs)
	}
	targetType := func(i int) *types.Type {
		if lhs != nil {
			return g.info.TypeOf(lhs[i])
		}
		if objs[i] == nil {
			return types.InvalidType
		}
		return objs[i].Type
	}
	// Phase 1: the addresses of memory targets (a[i], *p, globals).
	addrs := make([]int32, n)
	for i := range addrs {
		addrs[i] = -1
		if lhs == nil || n == 1 {
			continue
		}
		if id, ok := lhs[i].(*ast.Ident); ok && id.Name == "_" {
			continue
		}
		if _, ok := g.register(lhs[i]); !ok {
			addrs[i] = g.address(lhs[i])
		}
	}
	var vals []int32
	if len(rhs) == 1 && n > 1 {
		if u, ok := unparen(rhs[0]).(*ast.UnaryExpr); ok && g.info.CommaOK[u] {
			v, okSlot := g.newSlot(), g.newSlot()
			g.pos = u.Pos
			g.emit(OpRecv, v, g.value(u.X), okSlot)
			vals = []int32{v, okSlot}
		} else {
			base := g.call(unparen(rhs[0]).(*ast.CallExpr), n)
			for i := 0; i < n; i++ {
				vals = append(vals, base+int32(i))
			}
		}
	} else {
		for i, r := range rhs {
			var v int32
			if t := targetType(i); t.Kind == types.Array {
				v = g.arrayValue(r)
			} else {
				v = g.valueAs(r, targetType(i))
			}
			if n > 1 && v < g.next-1 || n > 1 {
				// A register read as a value may be assigned before it is
				// used (a, b = b, a): copy it.
				c := g.newSlot()
				g.emit(OpMove, c, v, 0)
				v = c
			}
			vals = append(vals, v)
		}
	}
	// Phase 2: the assignments.
	for i := 0; i < n; i++ {
		t := targetType(i)
		if lhs != nil {
			if id, ok := lhs[i].(*ast.Ident); ok && id.Name == "_" {
				continue
			}
			if addrs[i] >= 0 {
				g.storeTo(addrs[i], vals[i], t)
			} else {
				g.store(lhs[i], vals[i], t)
			}
			continue
		}
		o := objs[i]
		if o == nil || o.Name == "_" {
			continue
		}
		g.storeObj(o, vals[i])
	}
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

// storeObj writes a value into a variable.
func (g *fnc) storeObj(o *check.Object, v int32) {
	switch {
	case o.Global:
		addr := g.globalAddr(o)
		g.storeTo(addr, v, o.Type)
	case o.Memory:
		g.storeTo(g.slotOf[o], v, o.Type)
	default:
		g.emit(OpMove, g.slotOf[o], v, 0)
	}
}

// storeTo stores v (a value, or an array's address) at the address in addr.
func (g *fnc) storeTo(addr, v int32, t *types.Type) {
	if t.Kind == types.Array {
		g.emit(OpCopyMem, addr, v, g.constIdx(int64(t.Size())))
		return
	}
	g.emit(OpStore, addr, v, int32(storeSize(t)))
}

// store writes v into the lvalue x.
func (g *fnc) store(x ast.Expr, v int32, t *types.Type) {
	if dst, ok := g.register(x); ok {
		g.emit(OpMove, dst, v, 0)
		return
	}
	g.storeTo(g.address(x), v, t)
}

func (g *fnc) forStmt(s *ast.ForStmt) {
	mark := g.next
	if s.Init != nil {
		g.stmt(s.Init)
	}
	unhoist := g.hoistLoads(s.Pos, s.Cond, s.Post, s.Body)
	defer unhoist()
	top := len(g.fn.Code)
	jf := -1
	if s.Cond != nil {
		cond := g.value(s.Cond)
		jf = g.emit(OpJmpIfNot, cond, 0, 0)
	}
	l := &loopCtx{}
	g.loops = append(g.loops, l)
	g.stmts(s.Body.Stmts)
	g.loops = g.loops[:len(g.loops)-1]
	for _, pc := range l.continues {
		g.patch(pc)
	}
	g.pos = s.Pos
	// Go 1.22: each iteration has its own loop variables. A loop variable
	// in memory (captured or address-taken) is copied to a fresh one
	// before the post statement.
	if as, ok := s.Init.(*ast.AssignStmt); ok && as.Op == ":=" {
		for _, l := range as.LHS {
			if o := g.info.Defs[l.(*ast.Ident)]; o != nil && o.Memory {
				g.freshCopy(o)
			}
		}
	}
	if s.Post != nil {
		g.stmt(s.Post)
	}
	g.emit(OpJmp, int32(top), 0, 0)
	if jf >= 0 {
		g.patch(jf)
	}
	for _, pc := range l.breaks {
		g.patch(pc)
	}
	g.next = max(g.next, mark)
}

// freshCopy moves a memory loop variable to a new heap cell holding its
// current value.
func (g *fnc) freshCopy(o *check.Object) {
	old := g.slotOf[o]
	cell := g.newSlot()
	g.emit(OpAlloc, cell, g.constIdx(int64(o.Type.Size())), int32(o.Type.Align()))
	if o.Type.Kind == types.Array {
		g.emit(OpCopyMem, cell, old, g.constIdx(int64(o.Type.Size())))
	} else {
		v := g.newSlot()
		g.emit(OpLoad, v, old, int32(storeSize(o.Type)))
		g.emit(OpStore, cell, v, int32(storeSize(o.Type)))
	}
	g.emit(OpMove, old, cell, 0)
}

func (g *fnc) rangeStmt(s *ast.RangeStmt) {
	xt := g.info.TypeOf(s.X)
	var keyObj, valObj *check.Object
	if s.Define {
		if id, ok := s.Key.(*ast.Ident); ok {
			keyObj = g.info.Defs[id]
		}
		if id, ok := s.Value.(*ast.Ident); ok {
			valObj = g.info.Defs[id]
		}
	}
	bindKey := func(v int32) {
		switch {
		case s.Key == nil:
		case keyObj != nil:
			if keyObj.Memory {
				g.memLocal(keyObj)
			} else {
				g.slotOf[keyObj] = g.newSlot()
			}
			g.storeObj(keyObj, v)
		case s.Define:
		default:
			if id, ok := s.Key.(*ast.Ident); !ok || id.Name != "_" {
				g.store(s.Key, v, g.info.TypeOf(s.Key))
			}
		}
	}
	l := &loopCtx{}
	if xt.Kind != types.Chan {
		defer g.hoistLoads(s.Pos, s.Body)()
	}
	if xt.Kind == types.Chan {
		ch := g.value(s.X)
		top := len(g.fn.Code)
		v, ok := g.newSlot(), g.newSlot()
		g.emit(OpRecv, v, ch, ok)
		jf := g.emit(OpJmpIfNot, ok, 0, 0)
		bindKey(v)
		g.loops = append(g.loops, l)
		g.stmts(s.Body.Stmts)
		g.loops = g.loops[:len(g.loops)-1]
		for _, pc := range l.continues {
			g.patch(pc)
		}
		g.emit(OpJmp, int32(top), 0, 0)
		g.patch(jf)
		for _, pc := range l.breaks {
			g.patch(pc)
		}
		return
	}
	// An int or an array: i counts from 0.
	var n, base int32
	elem := (*types.Type)(nil)
	switch xt.Kind {
	case types.Int:
		n = g.value(s.X)
	case types.Array:
		base = g.address(s.X)
		if s.Value != nil { // Go ranges over a copy of the array
			base = g.copyArray(base, xt)
		}
		elem = xt.Elem
		n = g.newSlot()
		g.emit(OpConst, n, g.constIdx(int64(xt.Len)), 0)
	case types.Pointer:
		base = g.value(s.X)
		g.emit(OpNilCheck, base, 0, 0)
		elem = xt.Elem.Elem
		n = g.newSlot()
		g.emit(OpConst, n, g.constIdx(int64(xt.Elem.Len)), 0)
	}
	i := g.newSlot()
	g.zero(i)
	one := g.newSlot()
	g.emit(OpConst, one, g.constIdx(1), 0)
	top := len(g.fn.Code)
	cond := g.newSlot()
	g.emit(OpLt, cond, i, n)
	jf := g.emit(OpJmpIfNot, cond, 0, 0)
	bindKey(i)
	if s.Value != nil && elem != nil {
		addr := g.elemAddr(base, i, elem, 0)
		var v int32
		if elem.Kind == types.Array {
			v = addr
		} else {
			v = g.newSlot()
			g.emit(OpLoad, v, addr, int32(storeSize(elem)))
		}
		switch {
		case valObj != nil:
			if valObj.Memory {
				g.memLocal(valObj)
			} else {
				g.slotOf[valObj] = g.newSlot()
			}
			g.storeObj(valObj, v)
		case !s.Define:
			if id, ok := s.Value.(*ast.Ident); !ok || id.Name != "_" {
				g.store(s.Value, v, elem)
			}
		}
	}
	g.loops = append(g.loops, l)
	g.stmts(s.Body.Stmts)
	g.loops = g.loops[:len(g.loops)-1]
	for _, pc := range l.continues {
		g.patch(pc)
	}
	g.emit(OpAdd, i, i, one)
	g.emit(OpJmp, int32(top), 0, 0)
	g.patch(jf)
	for _, pc := range l.breaks {
		g.patch(pc)
	}
}

func (g *fnc) returnStmt(s *ast.ReturnStmt) {
	fi := g.fi
	if fi.Thread != nil {
		g.emit(OpEnd, 0, 0, 0)
		return
	}
	if len(s.Results) > 0 {
		// Evaluate every result first, then store them into the result
		// variables (which deferred calls may still change).
		var vals []int32
		if len(s.Results) == 1 && len(fi.Results) > 1 {
			base := g.call(s.Results[0].(*ast.CallExpr), len(fi.Results))
			for i := range fi.Results {
				vals = append(vals, base+int32(i))
			}
		} else {
			for i, r := range s.Results {
				vals = append(vals, g.valueAs(r, fi.Results[i].Type))
			}
		}
		for i, r := range fi.Results {
			if r.Memory {
				g.storeTo(g.slotOf[r], vals[i], r.Type)
			} else {
				g.emit(OpMove, int32(g.fn.Params+i), vals[i], 0)
			}
		}
	}
	g.pos = s.Pos
	g.emit(OpReturn, 0, 0, 0)
}
