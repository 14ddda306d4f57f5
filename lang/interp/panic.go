// This file implements panic, recover and the unwinding that runs
// deferred calls, with Go's rules.

package interp

import (
	"fmt"
	"strings"
)

// runtimePanic panics with a runtime error ("integer divide by zero").
func (vm *VM) runtimePanic(t *thread, msg string) {
	vm.startPanic(t, vm.errorBox(msg))
}

// startPanic begins a panic with value h (a box handle) in t. Panicking
// again with the value just recovered continues that panic, which Go
// reports as "[recovered, repanicked]".
func (vm *VM) startPanic(t *thread, h int64) {
	if n := len(t.panics); n > 0 && t.panics[n-1].recovered && t.panics[n-1].value == h && h != 0 {
		top := t.panics[n-1]
		top.recovered, top.repanicked = false, true
		vm.unwind(t)
		return
	}
	ps := &panicState{value: h, trace: vm.header(t) + vm.traceback(t)}
	t.panics = append(t.panics, ps)
	vm.unwind(t)
}

// unwind runs the deferred calls of t's frames, innermost first, until one
// recovers the panic or none is left.
func (vm *VM) unwind(t *thread) {
	for len(t.frames) > 0 {
		f := &t.frames[len(t.frames)-1]
		if n := len(f.defers); n > 0 {
			d := f.defers[n-1]
			f.defers = f.defers[:n-1]
			f.unwinding = true
			vm.callDeferred(t, d)
			return
		}
		// No deferred call left: this frame is gone.
		f.unwinding = false
		if len(t.frames) == 1 {
			t.final = *f
		}
		t.frames = t.frames[:len(t.frames)-1]
		if len(t.frames) > 0 {
			t.regs = t.regs[:f.base]
			t.sp = f.sp
		}
	}
	vm.panicked(t)
}

// resumeUnwind continues after a deferred call run by a panic returned:
// if it recovered, the frame that deferred it returns normally.
func (vm *VM) resumeUnwind(t *thread) {
	f := &t.frames[len(t.frames)-1]
	top := t.panics[len(t.panics)-1]
	if top.recovered {
		t.panics = t.panics[:len(t.panics)-1]
		f.unwinding = false
		vm.continueReturn(t)
		return
	}
	vm.unwind(t)
}

// recover returns the current panic's value when called directly by a
// deferred call during a panic, and stops the panic; otherwise nil.
func (vm *VM) recover(t *thread) int64 {
	n := len(t.frames)
	if n < 2 || len(t.panics) == 0 {
		return 0
	}
	f, caller := t.frames[n-1], t.frames[n-2]
	top := t.panics[len(t.panics)-1]
	if !f.deferred || !caller.unwinding || top.recovered {
		return 0
	}
	top.recovered = true
	return top.value
}

// panicked ends the run: an unrecovered panic.
func (vm *VM) panicked(t *thread) {
	var b strings.Builder
	for i, p := range t.panics {
		if i > 0 {
			b.WriteString("\t")
		}
		fmt.Fprintf(&b, "panic: %s", vm.panicText(p.value))
		switch {
		case p.repanicked:
			b.WriteString(" [recovered, repanicked]")
		case p.recovered:
			b.WriteString(" [recovered]")
		}
		b.WriteString("\n")
	}
	first := t.panics[len(t.panics)-1]
	fmt.Fprintf(&b, "\n%s", first.trace)
	t.status = done
	vm.end(Panicked, strings.TrimRight(b.String(), "\n"))
}
