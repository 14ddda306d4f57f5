// This file evaluates expect expressions after a run. Evaluating never
// changes the machine: no LRU update, no counter, no event.

package interp

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/check"
	"github.com/cohere-sim/cohere/lang/types"
)

// Value is an evaluated expect operand.
type Value struct {
	Type *types.Type
	Int  int64
	Str  string
}

func (v Value) String() string {
	switch v.Type.Kind {
	case types.Bool:
		return strconv.FormatBool(v.Int != 0)
	case types.String:
		return v.Str
	case types.Pointer, types.Chan:
		if v.Int == 0 {
			return "nil"
		}
		return fmt.Sprintf("0x%x", v.Int)
	}
	return strconv.FormatInt(v.Int, 10)
}

// ExpectResult is one expect's outcome.
type ExpectResult struct {
	Pos    ast.Pos
	Text   string
	OK     bool
	Values map[string]string // every name in it and its value
	Err    string            // evaluation failed (a nil pointer, an index out of range)
}

type evalError struct{ msg string }

// Inspect evaluates an expression (checked as an expect, of any type) on
// the machine as it is now, changing nothing.
func (vm *VM) Inspect(e ast.Expr, info *check.Info) (v Value, err error) {
	ev := &evaluator{vm: vm, info: info, names: map[string]string{}}
	defer func() {
		if r := recover(); r != nil {
			x, ok := r.(evalError)
			if !ok {
				panic(r)
			}
			err = fmt.Errorf("%s", x.msg)
		}
	}()
	return ev.eval(e), nil
}

// Evaluate evaluates an expect after the run.
func (vm *VM) Evaluate(d *ast.ExpectDecl, info *check.Info) ExpectResult {
	if res, ok := vm.raceExpect(d); ok {
		return res
	}
	res := ExpectResult{Pos: d.Pos, Text: d.Text, Values: map[string]string{}}
	ev := &evaluator{vm: vm, info: info, names: res.Values}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(evalError)
			if !ok {
				panic(r)
			}
			res.OK, res.Err = false, e.msg
		}
	}()
	v := ev.eval(d.Expr)
	res.OK = v.Int != 0
	return res
}

// SortedValues returns the names and values of an expect, sorted.
func (r ExpectResult) SortedValues() [][2]string {
	var out [][2]string
	for k, v := range r.Values {
		out = append(out, [2]string{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

type evaluator struct {
	vm    *VM
	info  *check.Info
	names map[string]string
}

func (ev *evaluator) fail(format string, args ...any) {
	panic(evalError{fmt.Sprintf(format, args...)})
}

func (ev *evaluator) note(name string, v Value) Value {
	ev.names[name] = v.String()
	return v
}

// latest reads a word as a coherent machine would show it: the last store.
func (ev *evaluator) latest(addr uint64, t *types.Type) Value {
	v, err := ev.vm.m.Latest(addr, memSize(t))
	if err != nil {
		ev.fail("%v", err)
	}
	return ev.fromMemory(int64(v), t)
}

func (ev *evaluator) fromMemory(v int64, t *types.Type) Value {
	out := Value{Type: t, Int: v}
	if t.Kind == types.String {
		if v >= 0 && v < int64(len(ev.vm.strings)) {
			out.Str = ev.vm.strings[v]
		}
	}
	return out
}

func (ev *evaluator) eval(e ast.Expr) Value {
	t := ev.info.TypeOf(e)
	switch e := e.(type) {
	case *ast.ParenExpr:
		return ev.eval(e.X)
	case *ast.BasicLit:
		if e.Kind == "string" {
			return Value{Type: types.StringType, Str: e.Value}
		}
		n, _ := strconv.ParseUint(e.Value, 10, 64)
		return Value{Type: types.IntType, Int: int64(n)}
	case *ast.Ident:
		o := ev.info.ObjectOf(e)
		switch o.Kind {
		case check.ConstObj:
			return Value{Type: o.Type, Int: o.Const}
		case check.StateObj:
			return Value{Type: types.StringType, Str: o.Name}
		case check.NilObj:
			return Value{Type: types.NilType}
		case check.VarObj:
			if o.Type.Kind == types.Array {
				ev.fail("%s is an array: compare its elements", e.Name)
			}
			return ev.note(e.Name, ev.latest(ev.addr(e), o.Type))
		}
	case *ast.SelectorExpr:
		o := ev.info.ThreadLocals[e]
		if o == nil {
			ev.fail("cannot evaluate %s", e.Sel.Name)
		}
		name := e.X.(*ast.Ident).Name + "." + e.Sel.Name
		return ev.note(name, ev.threadLocal(e.X.(*ast.Ident).Name, e.Sel.Name, o))
	case *ast.IndexExpr:
		return ev.note(exprText(e), ev.latest(ev.addr(e), t))
	case *ast.UnaryExpr:
		switch e.Op {
		case "*":
			return ev.note(exprText(e), ev.latest(ev.addr(e), t))
		case "!":
			x := ev.eval(e.X)
			return Value{Type: types.BoolType, Int: b2i(x.Int == 0)}
		case "-":
			x := ev.eval(e.X)
			return Value{Type: types.IntType, Int: -x.Int}
		case "^":
			x := ev.eval(e.X)
			return Value{Type: types.IntType, Int: ^x.Int}
		case "&":
			return Value{Type: t, Int: int64(ev.addr(e.X))}
		}
		return ev.eval(e.X)
	case *ast.BinaryExpr:
		return ev.binary(e)
	case *ast.CallExpr:
		return ev.call(e, t)
	}
	ev.fail("cannot evaluate this in an expect")
	return Value{}
}

func (ev *evaluator) binary(e *ast.BinaryExpr) Value {
	if e.Op == "&&" || e.Op == "||" {
		x := ev.eval(e.X)
		if (e.Op == "&&") == (x.Int == 0) {
			return Value{Type: types.BoolType, Int: x.Int}
		}
		y := ev.eval(e.Y)
		return Value{Type: types.BoolType, Int: b2i(y.Int != 0)}
	}
	x, y := ev.eval(e.X), ev.eval(e.Y)
	if x.Type.Kind == types.String || y.Type.Kind == types.String {
		switch e.Op {
		case "==":
			return Value{Type: types.BoolType, Int: b2i(x.Str == y.Str)}
		case "!=":
			return Value{Type: types.BoolType, Int: b2i(x.Str != y.Str)}
		case "<":
			return Value{Type: types.BoolType, Int: b2i(x.Str < y.Str)}
		case ">":
			return Value{Type: types.BoolType, Int: b2i(x.Str > y.Str)}
		case "+":
			return Value{Type: types.StringType, Str: x.Str + y.Str}
		}
	}
	a, b := x.Int, y.Int
	i := func(v int64) Value { return Value{Type: types.IntType, Int: v} }
	bl := func(v bool) Value { return Value{Type: types.BoolType, Int: b2i(v)} }
	switch e.Op {
	case "+":
		return i(a + b)
	case "-":
		return i(a - b)
	case "*":
		return i(a * b)
	case "/", "%":
		if b == 0 {
			ev.fail("integer divide by zero")
		}
		if e.Op == "/" {
			return i(a / b)
		}
		return i(a % b)
	case "&":
		return i(a & b)
	case "|":
		return i(a | b)
	case "^":
		return i(a ^ b)
	case "&^":
		return i(a &^ b)
	case "<<":
		return i(a << uint(b&63))
	case ">>":
		return i(a >> uint(b&63))
	case "==":
		return bl(a == b)
	case "!=":
		return bl(a != b)
	case "<":
		return bl(a < b)
	case "<=":
		return bl(a <= b)
	case ">":
		return bl(a > b)
	case ">=":
		return bl(a >= b)
	}
	ev.fail("unknown operator %s", e.Op)
	return Value{}
}

// call evaluates mem(x), load(P, x) and state(P, x).
func (ev *evaluator) call(e *ast.CallExpr, t *types.Type) Value {
	name := ev.info.Calls[e]
	switch name {
	case "mem":
		x := e.Args[0]
		v, err := ev.vm.m.Memory(ev.addr(x), memSize(t))
		if err != nil {
			ev.fail("%v", err)
		}
		return ev.note("mem("+exprText(x)+")", ev.fromMemory(int64(v), t))
	case "load", "state":
		core := int(ev.eval(e.Args[0]).Int)
		if core < 0 || core >= ev.vm.m.Cores() {
			ev.fail("core %d: the machine has cores 0 to %d", core, ev.vm.m.Cores()-1)
		}
		x := e.Args[1]
		label := fmt.Sprintf("%s(P%d, %s)", name, core, exprText(x))
		if name == "state" {
			return ev.note(label, Value{Type: types.StringType, Str: ev.vm.m.StateName(core, ev.addr(x))})
		}
		v, err := ev.vm.m.Peek(core, ev.addr(x), memSize(t))
		if err != nil {
			ev.fail("%v", err)
		}
		return ev.note(label, ev.fromMemory(int64(v), t))
	case "len":
		at := ev.info.TypeOf(e.Args[0])
		if at.Kind == types.Pointer {
			at = at.Elem
		}
		return Value{Type: types.IntType, Int: int64(at.Len)}
	}
	ev.fail("only mem, load, state and len can be called in an expect")
	return Value{}
}

// addr returns the address of an expression in memory.
func (ev *evaluator) addr(e ast.Expr) uint64 {
	switch e := e.(type) {
	case *ast.ParenExpr:
		return ev.addr(e.X)
	case *ast.Ident:
		o := ev.info.ObjectOf(e)
		if o == nil || !o.Global {
			ev.fail("%s is not a global variable", e.Name)
		}
		return ev.vm.prog.GlobalOf[o.Name].Addr
	case *ast.IndexExpr:
		xt := ev.info.TypeOf(e.X)
		var base uint64
		if xt.Kind == types.Pointer {
			base = uint64(ev.eval(e.X).Int)
			if base == 0 {
				ev.fail("%s is nil", exprText(e.X))
			}
			xt = xt.Elem
		} else {
			base = ev.addr(e.X)
		}
		i := ev.eval(e.Index).Int
		if i < 0 || i >= int64(xt.Len) {
			ev.fail("index out of range [%d] with length %d", i, xt.Len)
		}
		return base + uint64(i)*uint64(xt.Elem.Size())
	case *ast.UnaryExpr:
		if e.Op == "*" {
			p := uint64(ev.eval(e.X).Int)
			if p == 0 {
				ev.fail("%s is nil", exprText(e.X))
			}
			return p
		}
	case *ast.SelectorExpr:
		o := ev.info.ThreadLocals[e]
		if o != nil && o.Memory {
			t := ev.findThread(e.X.(*ast.Ident).Name)
			slot := ev.localSlot(t, e.Sel.Name)
			return uint64(t.regs[slot.base+slot.slot])
		}
	}
	ev.fail("%s is not in memory", exprText(e))
	return 0
}

func (ev *evaluator) findThread(name string) *thread {
	for _, t := range ev.vm.threads {
		if t.name == name {
			return t
		}
	}
	ev.fail("no thread %s ran", name)
	return nil
}

type slotRef struct{ base, slot int }

// localSlot finds a thread body's local: in its bottom frame while it
// runs, in the frame it ended with afterwards.
func (ev *evaluator) localSlot(t *thread, name string) slotRef {
	f := t.final
	if len(t.frames) > 0 {
		f = t.frames[0]
	}
	if f.fn == nil {
		ev.fail("thread %s never ran", t.name)
	}
	li, ok := f.fn.Locals[name]
	if !ok {
		ev.fail("%s.%s is not a local of the thread's outermost block", t.name, name)
	}
	return slotRef{base: f.base, slot: li.Slot}
}

func (ev *evaluator) threadLocal(thread, name string, o *check.Object) Value {
	t := ev.findThread(thread)
	ref := ev.localSlot(t, name)
	if ref.base+ref.slot >= len(t.regs) {
		ev.fail("%s.%s is gone", thread, name)
	}
	v := t.regs[ref.base+ref.slot]
	if o.Memory {
		return ev.latest(uint64(v), o.Type)
	}
	return ev.fromMemory(v, o.Type)
}

// exprText renders an expression for messages.
func exprText(e ast.Expr) string { return ast.ExprString(e) }
