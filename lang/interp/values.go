// This file holds the values that live outside simulated memory (strings,
// closures, boxed values of type any) and converts values for printing.

package interp

import (
	"fmt"

	"github.com/cohere-sim/cohere/lang/compile"
	"github.com/cohere-sim/cohere/lang/rtfmt"
	"github.com/cohere-sim/cohere/lang/types"
)

const (
	typesAny = types.Any
	typesNil = types.Nil
)

// closure is a function value: a function and the addresses it captured.
type closure struct {
	fn   int
	caps []int64
}

// box is a value of type any: a type and a value (a runtime error has
// type nil and its message in msg).
type box struct {
	typ   *types.Type
	v     int64
	msg   string // a runtime error's text
	plain bool   // msg is printed as it is, not after "runtime error: "
}

func (vm *VM) newString(s string) int64 {
	vm.grow(int64(len(s)) + 16)
	vm.strings = append(vm.strings, s)
	return int64(len(vm.strings) - 1)
}

func (vm *VM) newBox(t *types.Type, v int64) int64 {
	vm.grow(32)
	vm.boxes = append(vm.boxes, box{typ: t, v: v})
	return int64(len(vm.boxes) - 1)
}

func (vm *VM) errorBox(msg string) int64 {
	vm.boxes = append(vm.boxes, box{msg: msg})
	return int64(len(vm.boxes) - 1)
}

// grow accounts for n more bytes of interpreter objects and ends the run
// at the memory limit (the instruction loop stops at once).
func (vm *VM) grow(n int64) {
	vm.objBytes += n
	if used := vm.objBytes + int64(vm.out.Len()); used >= vm.opt.Limits.Memory {
		vm.end(BoundHit, fmt.Sprintf("stopped at %d MiB of strings, closures and output: the memory limit (raise it with --max-memory)", used>>20))
	}
}

// peek reads memory as a core sees it, without any side effect (printing
// an array or a mutex).
func (vm *VM) peek(core int, addr uint64, size int) int64 {
	v, err := vm.m.Peek(core, addr, size)
	if err != nil {
		return 0
	}
	return int64(v)
}

// value converts a register value of type t for printing.
func (vm *VM) value(t *types.Type, v int64, core int) rtfmt.Value {
	switch t.Kind {
	case types.Int:
		return rtfmt.IntValue(v)
	case types.Bool:
		return rtfmt.BoolValue(v != 0)
	case types.String:
		return rtfmt.StringValue(vm.strings[v])
	case types.Pointer:
		if v == 0 {
			return rtfmt.TypedNil(t.GoString())
		}
		if t.Elem.Kind == types.Array {
			return rtfmt.PointerValue(v, vm.value(t.Elem, v, core))
		}
		return rtfmt.Value{Kind: rtfmt.Pointer, Int: v, Type: t.GoString()}
	case types.Chan:
		if v == 0 {
			return rtfmt.TypedNil(t.GoString())
		}
		return rtfmt.ChanValue(int64(vm.chans[v].addr), t.GoString())
	case types.Func:
		if v == 0 {
			return rtfmt.TypedNil(t.GoString())
		}
		return rtfmt.FuncValue(0x401000+v*0x40, t.GoString())
	case types.Array:
		var elems []rtfmt.Value
		for i := 0; i < t.Len; i++ {
			addr := uint64(v) + uint64(i*t.Elem.Size())
			var ev int64
			if t.Elem.Kind == types.Array {
				ev = int64(addr)
			} else {
				ev = vm.peek(core, addr, memSize(t.Elem))
			}
			elems = append(elems, vm.value(t.Elem, ev, core))
		}
		return rtfmt.ArrayValue(t.Elem.GoString(), elems...)
	case types.Mutex:
		return rtfmt.MutexValue(vm.peek(core, uint64(v), 8) != 0, 0)
	case types.WaitGroup:
		return rtfmt.WaitGroupValue(int(vm.peek(core, uint64(v), 8)), 0)
	case types.Any:
		if v == 0 {
			return rtfmt.NilValue()
		}
		b := vm.boxes[v]
		if b.typ == nil {
			return rtfmt.Value{Kind: rtfmt.String, Str: errorText(b), Type: "runtime.Error"}
		}
		return vm.value(b.typ, b.v, core)
	case types.Nil:
		return rtfmt.NilValue()
	}
	return rtfmt.StringValue(fmt.Sprintf("<%s>", t))
}

// errorText is what a runtime error prints.
func errorText(b box) string {
	if b.plain {
		return b.msg
	}
	return "runtime error: " + b.msg
}

func memSize(t *types.Type) int {
	if t.Kind == types.Bool {
		return 1
	}
	return 8
}

// printCall runs one print statement.
func (vm *VM) printCall(t *thread, in compile.Instr, r []int64) {
	vm.touch(outputKey, true)
	spec := vm.prog.Prints[in.A]
	core := t.core
	args := make([]rtfmt.Value, 0, len(spec.Args))
	for i, t := range spec.Args {
		args = append(args, vm.value(t, r[int(in.B)+i], core))
	}
	var s string
	switch spec.Kind {
	case compile.PrintBuiltin:
		s = rtfmt.PrintBuiltin(args)
	case compile.PrintlnBuiltin:
		s = rtfmt.PrintlnBuiltin(args)
	case compile.FmtPrint:
		s = rtfmt.Sprint(args)
	case compile.FmtPrintln:
		s = rtfmt.Sprintln(args)
	case compile.FmtPrintf:
		if len(args) > 0 {
			s = rtfmt.Sprintf(args[0].Str, args[1:])
		}
	}
	vm.print(s)
}

// panicText is a panic value as Go's runtime prints it after "panic: ".
func (vm *VM) panicText(h int64) string {
	if h == 0 {
		return "panic called with nil argument"
	}
	b := vm.boxes[h]
	if b.typ == nil {
		return errorText(b)
	}
	switch b.typ.Kind {
	case types.String:
		return vm.strings[b.v]
	case types.Int:
		return fmt.Sprint(b.v)
	case types.Bool:
		return fmt.Sprint(b.v != 0)
	case types.Any:
		return vm.panicText(b.v)
	}
	v := vm.value(b.typ, b.v, 0)
	return fmt.Sprintf("(%s) %s", b.typ.GoString(), rtfmt.Sprint([]rtfmt.Value{v}))
}
