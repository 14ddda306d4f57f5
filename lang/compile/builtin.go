// This file compiles calls of builtins, package functions and the
// methods of mutexes and wait groups.

package compile

import (
	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/types"
)

// builtin evaluates the arguments of a builtin call and compiles it.
func (g *fnc) builtin(name string, e *ast.CallExpr) int32 {
	var vals []int32
	var argTypes []*types.Type
	switch name {
	case "new":
		t := g.info.TypeOf(e.Args[0])
		d := g.newSlot()
		g.pos = e.Lparen
		g.emit(OpAlloc, d, g.constIdx(int64(t.Size())), int32(t.Align()))
		return d
	case "make":
		t := g.info.TypeOf(e.Args[0])
		capSlot := g.newSlot()
		if len(e.Args) == 2 {
			g.emit(OpMove, capSlot, g.value(e.Args[1]), 0)
		} else {
			g.zero(capSlot)
		}
		d := g.newSlot()
		g.pos = e.Lparen
		g.emit(OpMakeChan, d, capSlot, g.typeIdx(t.Elem))
		return d
	case "len":
		t := g.info.TypeOf(e.Args[0])
		if t.Kind == types.Chan {
			ch := g.value(e.Args[0])
			d := g.newSlot()
			g.emit(OpChanLen, d, ch, 0)
			return d
		}
		if t.Kind == types.String {
			s := g.value(e.Args[0])
			d := g.newSlot()
			g.emit(OpStrLen, d, s, 0)
			return d
		}
		if t.Kind == types.Pointer {
			t = t.Elem
		}
		d := g.newSlot()
		g.emit(OpConst, d, g.constIdx(int64(t.Len)), 0)
		return d
	}
	if sel, ok := e.Fun.(*ast.SelectorExpr); ok && (hasPrefix(name, "wg.") || hasPrefix(name, "mutex.")) {
		if g.info.TypeOf(sel.X).Kind == types.Pointer {
			p := g.value(sel.X)
			g.emit(OpNilCheck, p, 0, 0)
			vals = append(vals, p)
		} else {
			vals = append(vals, g.address(sel.X))
		}
	}
	if g.info.Spread[e] { // fmt.Println(f()) with several results
		inner := unparen(e.Args[0]).(*ast.CallExpr)
		rt := g.info.TypeOf(inner).Results
		base := g.call(inner, len(rt))
		for i, t := range rt {
			vals = append(vals, base+int32(i))
			argTypes = append(argTypes, t)
		}
	} else {
		for _, a := range e.Args {
			vals = append(vals, g.value(a))
			argTypes = append(argTypes, g.info.TypeOf(a))
		}
	}
	g.pos = e.Lparen
	return g.builtinWith(name, e, vals, argTypes)
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

// contiguous copies slots into a fresh run of consecutive slots.
func (g *fnc) contiguous(vals []int32) int32 {
	base := g.next
	for range vals {
		g.newSlot()
	}
	for i, v := range vals {
		if v != base+int32(i) {
			g.emit(OpMove, base+int32(i), v, 0)
		}
	}
	return base
}

// builtinWith compiles a builtin whose arguments (and, for a method, the
// receiver's address first) are already in slots.
func (g *fnc) builtinWith(name string, e *ast.CallExpr, vals []int32, argTypes []*types.Type) int32 {
	d := g.newSlot()
	switch name {
	case "print", "println", "fmt.Print", "fmt.Println", "fmt.Printf":
		kind := map[string]PrintKind{"print": PrintBuiltin, "println": PrintlnBuiltin, "fmt.Print": FmtPrint, "fmt.Println": FmtPrintln, "fmt.Printf": FmtPrintf}[name]
		g.prog.Prints = append(g.prog.Prints, PrintSpec{Kind: kind, Args: argTypes})
		base := g.contiguous(vals)
		g.emit(OpPrint, int32(len(g.prog.Prints)-1), base, int32(len(vals)))
	case "panic":
		g.emit(OpPanic, vals[0], g.typeIdx(argTypes[0]), 0)
	case "recover":
		g.emit(OpRecover, d, 0, 0)
	case "fence":
		g.emit(OpFence, 0, 0, 0)
	case "yield":
		g.emit(OpYield, 0, 0, 0)
	case "sleep":
		g.emit(OpSleep, vals[0], 0, 0)
	case "close":
		g.emit(OpClose, vals[0], 0, 0)
	case "atomic.Add", "atomic.Load", "atomic.Store", "atomic.CAS", "atomic.Swap":
		kind := map[string]AtomicKind{"atomic.Add": AtomicAdd, "atomic.Load": AtomicLoad, "atomic.Store": AtomicStore, "atomic.CAS": AtomicCAS, "atomic.Swap": AtomicSwap}[name]
		g.prog.Atomics = append(g.prog.Atomics, kind)
		base := g.contiguous(vals)
		g.emit(OpNilCheck, base, 0, 0)
		g.emit(OpAtomic, int32(len(g.prog.Atomics)-1), base, 0)
		return base
	case "mutex.Lock":
		g.emit(OpLock, vals[0], 0, 0)
	case "mutex.Unlock":
		g.emit(OpUnlock, vals[0], 0, 0)
	case "mutex.TryLock":
		g.emit(OpTryLock, d, vals[0], 0)
	case "wg.Add":
		g.emit(OpWgAdd, vals[0], vals[1], 0)
	case "wg.Done":
		m1 := g.newSlot()
		g.emit(OpConst, m1, g.constIdx(-1), 0)
		g.emit(OpWgAdd, vals[0], m1, 0)
	case "wg.Wait":
		g.emit(OpWgWait, vals[0], 0, 0)
	}
	return d
}
