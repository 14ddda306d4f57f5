// This file compiles declarations and function bodies.

package compile

import (
	"fmt"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/check"
	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/types"
)

// Options are the machine settings the compiler follows.
type Options struct {
	Cores int // the value of ncores
	// Hoist keeps a loop's loads of a global in registers, as Go's
	// compiler does (hoist.go).
	Hoist bool
	// ABIStack is `abi stack`: a call that is not inlined passes its
	// arguments, results and return address through the stack.
	ABIStack bool
	// Inlined holds the call sites the inliner inlines, by the position
	// of the call's left parenthesis (inline.Site.Pos).
	Inlined map[ast.Pos]bool
}

// compiler holds what is shared by every function.
type compiler struct {
	info   *check.Info
	prog   *Program
	errs   diag.List
	funcOf map[ast.Node]int // FuncDecl / FuncLit / ThreadDecl → index in prog.Funcs
	consts map[int64]int32
	strs   map[string]int64
	cores  int
	hoist  bool
	// abiStack and inlined are Options.ABIStack and Options.Inlined.
	abiStack bool
	inlined  map[ast.Pos]bool
}

// fnc compiles one function body.
type fnc struct {
	*compiler
	fi     *check.FuncInfo
	fn     *Func
	slotOf map[*check.Object]int32 // register, or the slot holding a memory local's address
	next   int32                   // next free slot
	frame  int                     // bytes of stack frame used
	loops  []*loopCtx
	pos    ast.Pos // position of the statement being compiled
	// hoisted holds the registers of the loads hoisted out of the loops
	// being compiled.
	hoisted map[hoistKey]int32
}

// loopCtx is an enclosing for or select: where its break and continue
// jumps are to be patched (a select has no continue: it goes to the for
// around it).
type loopCtx struct {
	breaks, continues []int // instructions to patch
	isSelect          bool
}

// innermostFor is the loop a continue continues.
func (g *fnc) innermostFor() *loopCtx {
	for i := len(g.loops) - 1; i > 0; i-- {
		if !g.loops[i].isSelect {
			return g.loops[i]
		}
	}
	return g.loops[0]
}

// Compile compiles a checked file. layout places the globals.
func Compile(f *ast.File, info *check.Info, layout Layout, opt Options) (*Program, diag.List) {
	c := &compiler{info: info, prog: &Program{GlobalOf: map[string]GlobalSpec{}}, funcOf: map[ast.Node]int{}, consts: map[int64]int32{}, strs: map[string]int64{}, cores: opt.Cores, hoist: opt.Hoist, abiStack: opt.ABIStack, inlined: opt.Inlined}
	c.prog.Strings = []string{""} // handle 0 is the empty string
	c.prog.Types = []*types.Type{types.InvalidType}
	// Globals get their addresses first.
	for _, o := range info.Globals {
		t := o.Type
		var at *uint64
		align := t.Align()
		if o.Decl.At != nil {
			if v, ok := c.constValue(o.Decl.At); ok {
				u := uint64(v)
				at = &u
			}
		}
		if o.Decl.Align != nil {
			if v, ok := c.constValue(o.Decl.Align); ok && v > 0 {
				align = int(v)
			}
		}
		zero := len(o.Decl.Values) == 0
		addr, err := layout.AddGlobal(o.Name, t.Size(), align, zero, at, o.Pos)
		if err != nil {
			if d, ok := err.(*diag.Error); ok {
				c.errs.Add(d) // already at its position
			} else {
				c.errs.Addf(o.Pos, "%v", err)
			}
			continue
		}
		g := GlobalSpec{Name: o.Name, Addr: addr, Type: t, Pos: o.Pos}
		c.prog.Globals = append(c.prog.Globals, g)
		c.prog.GlobalOf[o.Name] = g
		o.Slot = len(c.prog.Globals) - 1
	}
	// Reserve a Func for every body so that calls can name them.
	for _, fi := range info.FuncOrder {
		node := funcNode(fi)
		c.funcOf[node] = len(c.prog.Funcs)
		name := fi.Name
		if fi.Thread != nil {
			name = fi.Thread.Name.Name
		}
		c.prog.Funcs = append(c.prog.Funcs, &Func{Name: name, Thread: fi.Thread != nil})
	}
	for _, fi := range info.FuncOrder {
		c.function(fi)
	}
	c.prog.Init = c.initFunc(f)
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.ThreadDecl:
			c.threadSpecs(d)
		case *ast.TraceDecl:
			c.traceOps(d)
		case *ast.InitDecl:
			c.initOps(d)
		}
	}
	return c.prog, c.errs.Sort()
}

func funcNode(fi *check.FuncInfo) ast.Node {
	switch {
	case fi.Decl != nil:
		return fi.Decl
	case fi.Lit != nil:
		return fi.Lit
	}
	return fi.Thread
}

func (c *compiler) threadSpecs(d *ast.ThreadDecl) {
	fnIdx := c.funcOf[d]
	core := -1
	if d.Core != nil {
		if v, ok := c.constValue(d.Core); ok {
			core = int(v)
		}
	}
	if d.Count == nil {
		c.prog.Threads = append(c.prog.Threads, ThreadSpec{Name: d.Name.Name, Func: fnIdx, Core: core, Pos: d.Pos})
		return
	}
	n, _ := c.constValue(d.Count)
	for i := int64(0); i < n; i++ {
		c.prog.Threads = append(c.prog.Threads, ThreadSpec{Name: fmt.Sprintf("%s[%d]", d.Name.Name, i), Func: fnIdx, Core: core, ID: i, Pos: d.Pos})
	}
}

// traceOps resolves a trace block's lines to addresses and values.
func (c *compiler) traceOps(d *ast.TraceDecl) {
	for _, st := range d.Steps {
		var core int
		fmt.Sscanf(st.Core.Name, "P%d", &core)
		op := TraceOp{Core: core, Write: st.Op.Name == "write", Size: storeSize(c.info.TypeOf(st.Target)), Pos: st.Pos}
		op.Addr = c.constAddr(st.Target)
		if st.Value != nil {
			op.Value, _ = c.constValue(st.Value)
		}
		c.prog.Trace = append(c.prog.Trace, op)
	}
}

// initOps resolves an init block's lines to addresses and values.
func (c *compiler) initOps(d *ast.InitDecl) {
	for _, l := range d.Lines {
		op := InitOp{Name: ast.ExprString(l.Target), Size: storeSize(c.info.TypeOf(l.Target)), State: l.State.Name, Pos: l.Pos}
		fmt.Sscanf(l.Core.Name, "P%d", &op.Core)
		op.Addr = c.constAddr(l.Target)
		if l.Value != nil {
			op.Value, _ = c.constValue(l.Value)
			op.HasValue = true
		}
		c.prog.InitBlock = append(c.prog.InitBlock, op)
	}
}

// constAddr is the address of a global or a constant-index element.
func (c *compiler) constAddr(e ast.Expr) uint64 {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return c.constAddr(e.X)
	case *ast.Ident:
		return c.prog.Globals[c.info.ObjectOf(e).Slot].Addr
	case *ast.IndexExpr:
		i, _ := c.constValue(e.Index)
		return c.constAddr(e.X) + uint64(i)*uint64(c.info.TypeOf(e.X).Elem.Size())
	}
	return 0
}

// constValue folds a constant expression, ncores included.
func (c *compiler) constValue(e ast.Expr) (int64, bool) { return c.info.ConstValue(e) }

func (c *compiler) constIdx(v int64) int32 {
	if i, ok := c.consts[v]; ok {
		return i
	}
	i := int32(len(c.prog.Consts))
	c.prog.Consts = append(c.prog.Consts, v)
	c.consts[v] = i
	return i
}

func (c *compiler) strHandle(s string) int64 {
	if h, ok := c.strs[s]; ok {
		return h
	}
	h := int64(len(c.prog.Strings))
	c.prog.Strings = append(c.prog.Strings, s)
	c.strs[s] = h
	return h
}

func (c *compiler) typeIdx(t *types.Type) int32 {
	for i, x := range c.prog.Types {
		if types.Identical(x, t) {
			return int32(i)
		}
	}
	c.prog.Types = append(c.prog.Types, t)
	return int32(len(c.prog.Types) - 1)
}

// function compiles one body.
func (c *compiler) function(fi *check.FuncInfo) {
	fn := c.prog.Funcs[c.funcOf[funcNode(fi)]]
	fn.HasDefer = fi.HasDefer
	g := &fnc{compiler: c, fi: fi, fn: fn, slotOf: map[*check.Object]int32{}}
	fn.Params = len(fi.Params)
	fn.Results = len(fi.Results)
	for i, p := range fi.Params {
		g.slotOf[p] = int32(i)
	}
	for i, r := range fi.Results {
		g.slotOf[r] = int32(fn.Params + i)
	}
	fn.Captures = len(fi.Captures)
	for i, o := range fi.Captures {
		g.slotOf[o] = int32(fn.Params + fn.Results + i)
	}
	g.next = int32(fn.Params + fn.Results + fn.Captures)
	fn.Slots = int(g.next)
	var body *ast.BlockStmt
	switch {
	case fi.Decl != nil:
		body = fi.Decl.Body
		g.pos = fi.Decl.Pos
	case fi.Lit != nil:
		body = fi.Lit.Body
		g.pos = fi.Lit.Type.Pos
	default:
		body = fi.Thread.Body
		g.pos = fi.Thread.Pos
	}
	// Parameters and results that live in memory move there first.
	var resultAddr []int32
	for _, p := range fi.Params {
		if p.Memory {
			val := g.slotOf[p]
			addr := g.memLocal(p)
			if p.Type.Kind == types.Array {
				g.emit(OpCopyMem, addr, val, c.constIdx(int64(p.Type.Size())))
			} else {
				g.emit(OpStore, addr, val, int32(storeSize(p.Type)))
			}
		}
	}
	for _, r := range fi.Results {
		resultAddr = append(resultAddr, -1)
		if r.Memory {
			resultAddr[len(resultAddr)-1] = g.memLocal(r)
		} else {
			g.zero(g.slotOf[r])
		}
	}
	g.stmts(body.Stmts)
	if fi.Thread != nil {
		fn.Locals = map[string]LocalInfo{}
		for name, o := range fi.Scope {
			if s, ok := g.slotOf[o]; ok {
				fn.Locals[name] = LocalInfo{Slot: int(s), Memory: o.Memory, Type: o.Type}
			}
		}
		g.pos = body.End
		g.emit(OpEnd, 0, 0, 0)
	} else {
		g.pos = body.End
		g.emit(OpReturn, 0, 0, 0)
	}
	// The epilogue: memory results come back into their slots.
	fn.Epilogue = len(fn.Code)
	for i, r := range fi.Results {
		switch {
		case resultAddr[i] < 0:
		case r.Type.Kind == types.Array:
			g.emit(OpMove, int32(fn.Params+i), resultAddr[i], 0) // the caller copies it
		default:
			g.emit(OpLoad, int32(fn.Params+i), resultAddr[i], int32(storeSize(r.Type)))
		}
	}
	g.emit(OpRet, 0, 0, 0)
	fn.FrameSize = g.frame
}

// memLocal gives a memory local its storage: the stack frame, or the heap
// when it escapes. It returns the slot holding the address.
func (g *fnc) memLocal(o *check.Object) int32 {
	slot := g.newSlot()
	g.slotOf[o] = slot
	size := o.Type.Size()
	if o.Escapes {
		g.emit(OpAlloc, slot, g.constIdx(int64(size)), int32(o.Type.Align()))
		return slot
	}
	align := o.Type.Align()
	g.frame = (g.frame + align - 1) / align * align
	off := g.frame
	g.frame += size
	g.emit(OpFrameAddr, slot, int32(off), 0)
	g.emit(OpZeroMem, slot, g.constIdx(int64(size)), 0)
	return slot
}

func (g *fnc) newSlot() int32 {
	s := g.next
	g.next++
	if int(g.next) > g.fn.Slots {
		g.fn.Slots = int(g.next)
	}
	return s
}

func (g *fnc) emit(op Op, a, b, c int32) int {
	g.fn.Code = append(g.fn.Code, Instr{Op: op, A: a, B: b, C: c})
	g.fn.Pos = append(g.fn.Pos, g.pos)
	return len(g.fn.Code) - 1
}

// patch points the jump at pc to the current end of the code.
func (g *fnc) patch(pc int) {
	in := &g.fn.Code[pc]
	if in.Op == OpJmp {
		in.A = int32(len(g.fn.Code))
	} else {
		in.B = int32(len(g.fn.Code))
	}
}

func (g *fnc) zero(slot int32) { g.emit(OpConst, slot, g.constIdx(0), 0) }

// storeSize is how many bytes a value of t occupies in a load or store.
func storeSize(t *types.Type) int {
	if t.Kind == types.Bool {
		return 1
	}
	return 8
}

// initFunc compiles the global initialisers into a function run before
// the threads start (its stores go straight to memory).
func (c *compiler) initFunc(f *ast.File) int {
	fn := &Func{Name: "init"}
	c.prog.Funcs = append(c.prog.Funcs, fn)
	g := &fnc{compiler: c, fi: &check.FuncInfo{Name: "init"}, fn: fn, slotOf: map[*check.Object]int32{}}
	for _, d := range c.info.InitOrder {
		if len(d.Values) == 0 {
			continue
		}
		g.pos = d.Pos
		var objs []*check.Object
		for _, id := range d.Names {
			objs = append(objs, c.info.Defs[id])
		}
		g.assignValues(objs, nil, d.Values)
	}
	g.emit(OpReturn, 0, 0, 0)
	fn.Epilogue = len(fn.Code)
	g.emit(OpRet, 0, 0, 0)
	return len(c.prog.Funcs) - 1
}
