// This file compiles expressions: values into registers, addresses of
// lvalues, calls and builtins.

package compile

import (
	"strconv"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/check"
	"github.com/cohere-sim/cohere/lang/types"
)

var binOps = map[string]Op{"+": OpAdd, "-": OpSub, "*": OpMul, "/": OpDiv, "%": OpMod, "&": OpAnd, "|": OpOr, "^": OpXor,
	"&^": OpAndNot, "<<": OpShl, ">>": OpShr, "==": OpEq, "!=": OpNe, "<": OpLt, "<=": OpLe, ">": OpGt, ">=": OpGe}

// exprDiscard evaluates e for its effects.
func (g *fnc) exprDiscard(e ast.Expr) {
	if call, ok := e.(*ast.CallExpr); ok {
		g.call(call, 0)
		return
	}
	g.value(e)
}

// valueAs evaluates e for a target of type t: a value of another type
// assigned to an any is boxed.
func (g *fnc) valueAs(e ast.Expr, t *types.Type) int32 {
	v := g.value(e)
	if t != nil && t.Kind == types.Any {
		if et := g.info.TypeOf(e); et.Kind != types.Any {
			return g.box(v, et)
		}
	}
	return v
}

func (g *fnc) box(v int32, t *types.Type) int32 {
	if t.Kind == types.Nil {
		return v // nil stays the zero handle
	}
	d := g.newSlot()
	g.emit(OpBox, d, v, g.typeIdx(t))
	return d
}

// register returns the slot of x when x is a variable kept in a register.
func (g *fnc) register(x ast.Expr) (int32, bool) {
	if p, ok := x.(*ast.ParenExpr); ok {
		return g.register(p.X)
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return 0, false
	}
	o := g.info.ObjectOf(id)
	if o == nil || o.Kind != check.VarObj || o.Global || o.Memory {
		return 0, false
	}
	s, ok := g.slotOf[o]
	return s, ok
}

func (g *fnc) globalAddr(o *check.Object) int32 {
	s := g.newSlot()
	g.emit(OpConst, s, g.constIdx(int64(g.prog.Globals[o.Slot].Addr)), 0)
	return s
}

// address returns a slot holding the address of the lvalue x.
func (g *fnc) address(x ast.Expr) int32 {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return g.address(x.X)
	case *ast.Ident:
		o := g.info.ObjectOf(x)
		if o.Global {
			return g.globalAddr(o)
		}
		return g.slotOf[o]
	case *ast.IndexExpr:
		xt := g.info.TypeOf(x.X)
		var base int32
		var arr *types.Type
		if xt.Kind == types.Pointer {
			base = g.value(x.X)
			g.emit(OpNilCheck, base, 0, 0)
			arr = xt.Elem
		} else {
			base = g.address(x.X)
			arr = xt
		}
		i := g.value(x.Index)
		g.pos = x.Rbrack
		return g.elemAddr(base, i, arr.Elem, arr.Len)
	case *ast.UnaryExpr: // *p
		p := g.value(x.X)
		g.emit(OpNilCheck, p, 0, 0)
		return p
	}
	return g.newSlot()
}

// elemAddr returns base + i*size, checking 0 <= i < n when n > 0.
func (g *fnc) elemAddr(base, i int32, elem *types.Type, n int) int32 {
	if n > 0 {
		g.emit(OpBounds, i, g.constIdx(int64(n)), 0)
	}
	off := g.newSlot()
	g.emit(OpMulI, off, i, int32(elem.Size()))
	a := g.newSlot()
	g.emit(OpAdd, a, base, off)
	return a
}

// arrayValue returns a slot holding the address of an array value: a
// variable's own storage, or a fresh copy for a composite literal.
func (g *fnc) arrayValue(e ast.Expr) int32 {
	t := g.info.TypeOf(e)
	if lit, ok := e.(*ast.CompositeLit); ok {
		tmp := g.newSlot()
		g.emit(OpAlloc, tmp, g.constIdx(int64(t.Size())), int32(t.Align()))
		for i, el := range lit.Elts {
			v := g.value(el)
			iv := g.newSlot()
			g.emit(OpConst, iv, g.constIdx(int64(i)), 0)
			g.storeTo(g.elemAddr(tmp, iv, t.Elem, 0), v, t.Elem)
		}
		return tmp
	}
	if call, ok := e.(*ast.CallExpr); ok {
		return g.call(call, 1)
	}
	if u, ok := unparen(e).(*ast.UnaryExpr); ok && u.Op == "<-" {
		ch := g.value(u.X) // the channel carries the address of a copy
		d := g.newSlot()
		g.pos = u.Pos
		g.emit(OpRecv, d, ch, -1)
		return d
	}
	return g.address(e)
}

// value evaluates e into a slot.
func (g *fnc) value(e ast.Expr) int32 {
	t := g.info.TypeOf(e)
	if t.Kind == types.Array {
		return g.arrayValue(e)
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return g.value(e.X)
	case *ast.BasicLit:
		s := g.newSlot()
		switch e.Kind {
		case "string":
			g.emit(OpConst, s, g.constIdx(g.strHandle(e.Value)), 0)
		default:
			v, _ := strconv.ParseUint(e.Value, 10, 64)
			g.emit(OpConst, s, g.constIdx(int64(v)), 0)
		}
		return s
	case *ast.Ident:
		o := g.info.ObjectOf(e)
		switch o.Kind {
		case check.ConstObj:
			s := g.newSlot()
			g.emit(OpConst, s, g.constIdx(o.Const), 0)
			return s
		case check.NilObj:
			s := g.newSlot()
			g.zero(s)
			return s
		case check.FuncObj:
			s := g.newSlot()
			g.emit(OpClosure, s, int32(g.funcOf[o.Func]), s)
			return s
		}
		if r, ok := g.register(e); ok {
			return r
		}
		if r, ok := g.hoistedLoad(e); ok {
			return r
		}
		return g.load(g.address(e), t)
	case *ast.IndexExpr:
		if xt := g.info.TypeOf(e.X); xt.Kind == types.String {
			x := g.value(e.X)
			i := g.value(e.Index)
			d := g.newSlot()
			g.emit(OpStrIndex, d, x, i)
			return d
		}
		if r, ok := g.hoistedLoad(e); ok {
			return r
		}
		return g.load(g.address(e), t)
	case *ast.UnaryExpr:
		switch e.Op {
		case "&":
			return g.address(e.X)
		case "*":
			return g.load(g.address(e), t)
		case "<-":
			ch := g.value(e.X)
			d := g.newSlot()
			g.pos = e.Pos
			g.emit(OpRecv, d, ch, -1)
			return d
		case "-":
			x := g.value(e.X)
			d := g.newSlot()
			g.emit(OpNeg, d, x, 0)
			return d
		case "!":
			x := g.value(e.X)
			d := g.newSlot()
			g.emit(OpNot, d, x, 0)
			return d
		case "^":
			x := g.value(e.X)
			d := g.newSlot()
			g.emit(OpBitNot, d, x, 0)
			return d
		}
		return g.value(e.X) // unary +
	case *ast.BinaryExpr:
		return g.binary(e)
	case *ast.CallExpr:
		return g.call(e, 1)
	case *ast.FuncLit:
		fi := g.info.Funcs[e]
		s := g.newSlot()
		first := g.next
		for _, o := range fi.Captures {
			c := g.newSlot()
			g.emit(OpMove, c, g.slotOf[o], 0)
		}
		g.emit(OpClosure, s, int32(g.funcOf[e]), first)
		return s
	}
	return g.newSlot()
}

// copyArray makes a heap copy of the array at addr (an argument evaluated
// now for a later call, a value sent on a channel, a range's operand).
func (g *fnc) copyArray(addr int32, t *types.Type) int32 {
	c := g.newSlot()
	g.emit(OpAlloc, c, g.constIdx(int64(t.Size())), int32(t.Align()))
	g.emit(OpCopyMem, c, addr, g.constIdx(int64(t.Size())))
	return c
}

// args evaluates a call's arguments into consecutive slots from base: a
// single call with several results passes them all.
func (g *fnc) args(e *ast.CallExpr, base int32, params []*types.Type) {
	if g.info.Spread[e] {
		inner := g.call(unparen(e.Args[0]).(*ast.CallExpr), len(params))
		for i := range params {
			g.emit(OpMove, base+int32(i), inner+int32(i), 0)
		}
		return
	}
	for i, a := range e.Args {
		var p *types.Type
		if i < len(params) {
			p = params[i]
		}
		g.emit(OpMove, base+int32(i), g.valueAs(a, p), 0)
	}
}

// load reads a value of type t from the address in addr.
func (g *fnc) load(addr int32, t *types.Type) int32 {
	d := g.newSlot()
	g.emit(OpLoad, d, addr, int32(storeSize(t)))
	return d
}

func (g *fnc) binary(e *ast.BinaryExpr) int32 {
	if e.Op == "&&" || e.Op == "||" {
		d := g.newSlot()
		x := g.value(e.X)
		g.emit(OpMove, d, x, 0)
		var j int
		if e.Op == "&&" {
			j = g.emit(OpJmpIfNot, d, 0, 0)
		} else {
			j = g.emit(OpJmpIf, d, 0, 0)
		}
		y := g.value(e.Y)
		g.emit(OpMove, d, y, 0)
		g.patch(j)
		return d
	}
	xt := g.info.TypeOf(e.X)
	if iop, ok := immOps[binOps[e.Op]]; ok && xt.Kind == types.Int {
		if c, ok := g.immediate(e.Y); ok {
			x := g.value(e.X)
			d := g.newSlot()
			g.pos = e.OpPos
			g.emit(iop, d, x, c)
			return d
		}
	}
	x := g.value(e.X)
	y := g.value(e.Y)
	d := g.newSlot()
	g.pos = e.OpPos
	if xt.Kind == types.String {
		switch e.Op {
		case "+":
			g.emit(OpConcat, d, x, y)
		case "==":
			g.emit(OpStrEq, d, x, y)
		case "!=":
			g.emit(OpStrEq, d, x, y)
			g.emit(OpNot, d, d, 0)
		case "<":
			g.emit(OpStrLt, d, x, y)
		case ">":
			g.emit(OpStrLt, d, y, x)
		case "<=":
			g.emit(OpStrLt, d, y, x)
			g.emit(OpNot, d, d, 0)
		case ">=":
			g.emit(OpStrLt, d, x, y)
			g.emit(OpNot, d, d, 0)
		}
		return d
	}
	if xt.Kind == types.Array && (e.Op == "==" || e.Op == "!=") {
		// Element by element.
		g.emit(OpConst, d, g.constIdx(1), 0)
		for i := 0; i < xt.Len; i++ {
			iv := g.newSlot()
			g.emit(OpConst, iv, g.constIdx(int64(i)), 0)
			a := g.load(g.elemAddr(x, iv, xt.Elem, 0), xt.Elem)
			b := g.load(g.elemAddr(y, iv, xt.Elem, 0), xt.Elem)
			eq := g.newSlot()
			g.emit(OpEq, eq, a, b)
			g.emit(OpAnd, d, d, eq)
		}
		if e.Op == "!=" {
			g.emit(OpNot, d, d, 0)
		}
		return d
	}
	g.emit(binOps[e.Op], d, x, y)
	return d
}

// immOps are the operations with an immediate form.
var immOps = map[Op]Op{OpAdd: OpAddI, OpSub: OpSubI, OpMul: OpMulI, OpEq: OpEqI, OpNe: OpNeI, OpLt: OpLtI, OpLe: OpLeI, OpGt: OpGtI, OpGe: OpGeI}

// immediate returns the value of an int constant that fits an operand.
func (g *fnc) immediate(e ast.Expr) (int32, bool) {
	if g.info.TypeOf(e).Kind != types.Int {
		return 0, false
	}
	v, ok := g.info.ConstValue(e)
	if !ok || v < -1<<31 || v >= 1<<31 {
		return 0, false
	}
	return int32(v), true
}

// call compiles a call and returns the first of its result slots; want is
// how many results the caller uses (0 for a statement).
func (g *fnc) call(e *ast.CallExpr, want int) int32 {
	if name, ok := g.info.Calls[e]; ok {
		return g.builtin(name, e)
	}
	ft := g.info.TypeOf(e.Fun)
	n := max(len(ft.Params), len(ft.Results), 1)
	base := g.next
	for i := 0; i < n; i++ {
		g.newSlot()
	}
	g.args(e, base, ft.Params)
	g.pos = e.Lparen
	if id, ok := e.Fun.(*ast.Ident); ok {
		if o := g.info.ObjectOf(id); o != nil && o.Kind == check.FuncObj {
			g.emit(g.callOp(OpCall, e), int32(g.funcOf[o.Func]), base, int32(len(ft.Params)))
			return base
		}
	}
	fv := g.value(e.Fun)
	g.pos = e.Lparen
	g.emit(g.callOp(OpCallValue, e), fv, base, int32(len(ft.Params)))
	return base
}

// callOp is op, or its stack form under `abi stack` when the inliner
// did not inline the call: an inlined call passes nothing through memory.
func (g *fnc) callOp(op Op, e *ast.CallExpr) Op {
	if !g.abiStack || g.inlined[e.Lparen] {
		return op
	}
	if op == OpCall {
		return OpCallStack
	}
	return OpCallValueStack
}

// goOrDefer compiles `go CALL` and `defer CALL`: the function and its
// arguments are evaluated now, the call happens later.
func (g *fnc) goOrDefer(call *ast.CallExpr, op Op, stmtPos ast.Pos) {
	if name, ok := g.info.Calls[call]; ok {
		// A builtin or method deferred: wrap nothing, evaluate its
		// arguments now by compiling it as a closure-free stub.
		g.deferBuiltin(name, call, op, stmtPos)
		return
	}
	ft := g.info.TypeOf(call.Fun)
	nargs := len(ft.Params)
	base := g.next
	for i := 0; i < nargs; i++ {
		g.newSlot()
	}
	fv := int32(-1)
	if id, ok := call.Fun.(*ast.Ident); !ok || g.info.ObjectOf(id) == nil || g.info.ObjectOf(id).Kind != check.FuncObj {
		fv = g.value(call.Fun)
	}
	g.args(call, base, ft.Params)
	for i, p := range ft.Params {
		if p.Kind == types.Array { // evaluated now: the call sees the array as it is now
			g.emit(OpMove, base+int32(i), g.copyArray(base+int32(i), p), 0)
		}
	}
	g.pos = stmtPos
	if fv >= 0 {
		g.emit(op, fv, base, -int32(nargs)-1)
		return
	}
	o := g.info.ObjectOf(call.Fun.(*ast.Ident))
	g.emit(op, int32(g.funcOf[o.Func]), base, int32(nargs))
}

// deferBuiltin defers or starts a builtin call (defer mu.Unlock(),
// defer wg.Done(), defer fmt.Println("x"), go println(1)): the arguments
// are evaluated now; the call is a small generated function.
func (g *fnc) deferBuiltin(name string, call *ast.CallExpr, op Op, stmtPos ast.Pos) {
	// Evaluate the arguments (and a method's receiver address) now.
	var vals []int32
	var recvType *types.Type
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (len(name) > 3 && (name[:3] == "wg." || name[:6] == "mutex.")) {
		rt := g.info.TypeOf(sel.X)
		if rt.Kind == types.Pointer {
			vals = append(vals, g.value(sel.X))
		} else {
			vals = append(vals, g.address(sel.X))
		}
		recvType = rt
	}
	var argTypes []*types.Type
	for _, a := range call.Args {
		t := g.info.TypeOf(a)
		v := g.value(a)
		if t.Kind == types.Array {
			v = g.copyArray(v, t) // deferred: print the array as it is now
		}
		vals = append(vals, v)
		argTypes = append(argTypes, t)
	}
	_ = recvType
	stub := &Func{Name: name, Params: len(vals)}
	g.prog.Funcs = append(g.prog.Funcs, stub)
	idx := len(g.prog.Funcs) - 1
	sg := &fnc{compiler: g.compiler, fi: &check.FuncInfo{Name: name}, fn: stub, slotOf: map[*check.Object]int32{}, pos: g.pos}
	sg.next = int32(len(vals))
	stub.Slots = len(vals)
	params := make([]int32, len(vals))
	for i := range params {
		params[i] = int32(i)
	}
	if name != "recover" { // `defer recover()` calls recover as the deferred function itself, not from one: it recovers nothing
		sg.builtinWith(name, call, params, argTypes)
	}
	sg.emit(OpReturn, 0, 0, 0)
	stub.Epilogue = len(stub.Code)
	sg.emit(OpRet, 0, 0, 0)
	base := g.next
	for range vals {
		g.newSlot()
	}
	for i, v := range vals {
		g.emit(OpMove, base+int32(i), v, 0)
	}
	g.pos = stmtPos
	g.emit(op, int32(idx), base, int32(len(vals)))
}
