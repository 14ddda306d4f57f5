// This file is `hoist on`: register caching of loads in loops. Go's
// compiler may load a variable once and keep it in a register for as long
// as nothing in between can make another goroutine's store visible (no
// synchronisation, no call it cannot see through) and the code does not
// store it itself; the classic consequence is the poll `for !done {}`
// that never ends, though another goroutine sets done. With hoist on,
// cohere's compiler does the same to a for loop (or a range over an int
// or an array) whose condition, post statement and body hold no call
// other than len, no synchronisation (channel operations, select,
// atomics, mutex and wait group methods, fence, yield, sleep, go, defer,
// print: all calls or statements), no store through a pointer, and no
// store to the variable: each load of a global scalar, named directly or
// as an array element with constant indexes, is done once before the
// loop, and the loop reads the register.

package compile

import (
	"fmt"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/check"
	"github.com/cohere-sim/cohere/lang/types"
)

// hoistKey is a load that may move out of a loop: a global and the byte
// offset of a scalar in it.
type hoistKey struct {
	obj *check.Object
	off int64
}

// hoistCand is a load found in a loop.
type hoistCand struct {
	key  hoistKey
	name string
	pos  ast.Pos
}

// hoistScan walks a loop to find what it loads and whether anything in
// it forbids keeping loads in registers.
type hoistScan struct {
	info   *check.Info
	ok     bool                   // the loop qualifies
	stored map[*check.Object]bool // globals the loop stores to (or takes the address of)
	loads  []hoistCand            // in source order, each once
	seen   map[hoistKey]bool
}

// hoistLoads loads, before the loop whose parts are given, each global the
// loop may keep in a register, and makes value() read the registers while
// the loop is compiled. It returns what ends that (call it after the loop).
func (g *fnc) hoistLoads(loop ast.Pos, parts ...ast.Node) func() {
	if !g.hoist {
		return func() {}
	}
	h := &hoistScan{info: g.info, ok: true, stored: map[*check.Object]bool{}, seen: map[hoistKey]bool{}}
	for _, p := range parts {
		switch p := p.(type) {
		case ast.Expr:
			h.expr(p)
		case ast.Stmt:
			h.stmt(p)
		}
	}
	if !h.ok {
		return func() {}
	}
	var added []hoistKey
	for _, c := range h.loads {
		if h.stored[c.key.obj] {
			continue
		}
		if _, ok := g.hoisted[c.key]; ok {
			continue // an enclosing loop holds it already
		}
		if g.hoisted == nil {
			g.hoisted = map[hoistKey]int32{}
		}
		g.pos = c.pos
		t := c.key.obj.Type
		for t.Kind == types.Array {
			t = t.Elem
		}
		addr := g.newSlot()
		g.emit(OpConst, addr, g.constIdx(int64(g.prog.Globals[c.key.obj.Slot].Addr)+c.key.off), 0)
		r := g.newSlot()
		g.emit(OpLoad, r, addr, int32(storeSize(t)))
		g.hoisted[c.key] = r
		added = append(added, c.key)
		g.prog.Hoisted = append(g.prog.Hoisted, HoistedLoad{Name: c.name, Loop: loop})
	}
	g.pos = loop
	return func() {
		for _, k := range added {
			delete(g.hoisted, k)
		}
	}
}

// hoistedLoad returns the register that holds e's value when a loop being
// compiled hoisted its load.
func (g *fnc) hoistedLoad(e ast.Expr) (int32, bool) {
	if len(g.hoisted) == 0 {
		return 0, false
	}
	key, _, ok := scalarPlace(g.info, e)
	if !ok {
		return 0, false
	}
	r, ok := g.hoisted[key]
	return r, ok
}

// place finds the global and the offset e denotes when e is a global or
// an element of one with constant indexes (not through a pointer).
func place(info *check.Info, e ast.Expr) (obj *check.Object, off int64, name string, ok bool) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return place(info, e.X)
	case *ast.Ident:
		o := info.ObjectOf(e)
		if o == nil || o.Kind != check.VarObj || !o.Global {
			return nil, 0, "", false
		}
		return o, 0, o.Name, true
	case *ast.IndexExpr:
		xt := info.TypeOf(e.X)
		if xt.Kind != types.Array {
			return nil, 0, "", false
		}
		i, isConst := info.ConstValue(e.Index)
		if !isConst || i < 0 || i >= int64(xt.Len) {
			return nil, 0, "", false
		}
		obj, off, name, ok = place(info, e.X)
		if !ok {
			return nil, 0, "", false
		}
		return obj, off + i*int64(xt.Elem.Size()), fmt.Sprintf("%s[%d]", name, i), true
	}
	return nil, 0, "", false
}

// scalarPlace is place for a scalar: what a single load reads.
func scalarPlace(info *check.Info, e ast.Expr) (hoistKey, string, bool) {
	switch info.TypeOf(e).Kind {
	case types.Array, types.Mutex, types.WaitGroup, types.Invalid:
		return hoistKey{}, "", false
	}
	obj, off, name, ok := place(info, e)
	return hoistKey{obj, off}, name, ok
}

// load notes a load of e if it is one that may be hoisted.
func (h *hoistScan) load(e ast.Expr) bool {
	key, name, ok := scalarPlace(h.info, e)
	if !ok {
		return false
	}
	if !h.seen[key] {
		h.seen[key] = true
		h.loads = append(h.loads, hoistCand{key: key, name: name, pos: e.Start()})
	}
	return true
}

// store notes a store to the place e: its global can no longer be kept
// in a register. A store through a pointer may reach any global: then
// nothing in the loop is.
func (h *hoistScan) store(e ast.Expr) {
	switch e := e.(type) {
	case *ast.ParenExpr:
		h.store(e.X)
	case *ast.Ident:
		if o := h.info.ObjectOf(e); o != nil && o.Global {
			h.stored[o] = true
		}
	case *ast.IndexExpr:
		if h.info.TypeOf(e.X).Kind != types.Array {
			h.ok = false // p[i] with p a pointer to an array
			return
		}
		h.store(e.X)
		h.expr(e.Index)
	default: // *p
		h.ok = false
	}
}

func (h *hoistScan) stmts(ss []ast.Stmt) {
	for _, s := range ss {
		h.stmt(s)
	}
}

func (h *hoistScan) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case nil, *ast.EmptyStmt, *ast.BranchStmt:
	case *ast.BlockStmt:
		h.stmts(s.Stmts)
	case *ast.ExprStmt:
		h.expr(s.X)
	case *ast.AssignStmt:
		for _, l := range s.LHS {
			if s.Op != ":=" {
				h.store(l)
			}
		}
		for _, r := range s.RHS {
			h.expr(r)
		}
	case *ast.IncDecStmt:
		h.store(s.X)
	case *ast.DeclStmt:
		for _, v := range s.Decl.Values {
			h.expr(v)
		}
	case *ast.IfStmt:
		h.stmt(s.Init)
		h.expr(s.Cond)
		h.stmt(s.Then)
		h.stmt(s.Else)
	case *ast.ForStmt:
		h.stmt(s.Init)
		h.expr(s.Cond)
		h.stmt(s.Post)
		h.stmt(s.Body)
	case *ast.RangeStmt:
		if h.info.TypeOf(s.X).Kind == types.Chan {
			h.ok = false // a receive each iteration
			return
		}
		h.expr(s.X)
		if !s.Define {
			for _, e := range []ast.Expr{s.Key, s.Value} {
				if e != nil {
					h.store(e)
				}
			}
		}
		h.stmt(s.Body)
	case *ast.ReturnStmt:
		for _, r := range s.Results {
			h.expr(r)
		}
	default: // send, select, go, defer: synchronisation
		h.ok = false
	}
}

func (h *hoistScan) expr(e ast.Expr) {
	switch e := e.(type) {
	case nil, *ast.BasicLit, *ast.FuncLit:
		// A function literal's body runs only when called: a call.
	case *ast.ParenExpr:
		h.expr(e.X)
	case *ast.Ident:
		h.load(e)
	case *ast.IndexExpr:
		if h.load(e) {
			return // an element with constant indexes
		}
		h.expr(e.X)
		h.expr(e.Index)
	case *ast.UnaryExpr:
		switch e.Op {
		case "<-":
			h.ok = false
		case "&":
			// Its address may be stored through: as if stored now.
			h.store(e.X)
		default:
			h.expr(e.X)
		}
	case *ast.BinaryExpr:
		h.expr(e.X)
		h.expr(e.Y)
	case *ast.CallExpr:
		if h.info.Calls[e] != "len" {
			h.ok = false
			return
		}
		for _, a := range e.Args {
			h.expr(a)
		}
	case *ast.CompositeLit:
		for _, el := range e.Elts {
			h.expr(el)
		}
	}
}
