// This file defines threads and frames and runs a thread's instructions up
// to the end of its step.

package interp

import (
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/compile"
)

type status uint8

const (
	runnable status = iota
	blocked
	yielded
	done
)

// frame is one function activation.
type frame struct {
	fn        *compile.Func
	fnIdx     int
	pc        int
	base      int    // first register
	resBase   int    // the caller's register for the first result, or -1
	sp        uint64 // the thread's stack pointer before this frame
	fp        uint64 // the frame's base address in simulated memory
	defers    []deferred
	returning bool    // running deferred calls on the way out
	unwinding bool    // running deferred calls for a panic
	deferred  bool    // this frame is a deferred call
	callPos   ast.Pos // where the caller called it
	raceStack uint32  // the race detector's number for the call stack down to here; 0 until needed
	stackABI  bool    // called under abi stack: the results go back through the stack (stackabi.go)
}

type deferred struct {
	fn      int
	closure int64 // a closure handle, or 0 for fn
	args    []int64
	pos     ast.Pos
}

type panicState struct {
	value      int64 // a box handle
	recovered  bool
	repanicked bool
	trace      string
}

// thread is a thread or goroutine with all of its state.
type thread struct {
	id          int
	name        string
	regs        []int64
	frames      []frame
	final       frame // the bottom frame, kept after the thread ends (thread.local)
	status      status
	waitReason  string
	blockedAt   ast.Pos // where it blocked
	core        int
	pinned      int
	p           int
	slice       uint64 // steps since it got its P
	steps       uint64
	direct      bool // memory goes straight to main memory (the global initialiser)
	goroutine   bool
	spawned     int
	sp, stackLo uint64
	panics      []*panicState
	spins       int    // retries of the Lock under way
	cycles      uint64 // register-only work in this step
	created     ast.Pos
}

// newThread creates a thread running function fn with arguments.
func (vm *VM) newThread(name string, fn int, pinned int, args []int64) *thread {
	t := &thread{id: len(vm.threads), name: name, pinned: pinned, p: -1}
	if pinned >= 0 {
		t.core = pinned
	} else if vm.opt.Explore {
		t.core = t.id % vm.m.Cores()
	}
	top, bottom := vm.mem.Stack(t.id)
	t.sp, t.stackLo = top, bottom
	vm.threads = append(vm.threads, t)
	vm.pushFrame(t, fn, -1, args, nil, ast.Pos{}, false)
	return t
}

// pushFrame calls function fn (with a closure's captures, if any). With
// stackABI the frame also reserves the argument and result words that
// abi stack passes in memory (stackabi.go).
func (vm *VM) pushFrame(t *thread, fnIdx int, resBase int, args []int64, caps []int64, pos ast.Pos, stackABI bool) bool {
	fn := vm.prog.Funcs[fnIdx]
	base := len(t.regs)
	need := base + fn.Slots
	if cap(t.regs) < need {
		grown := make([]int64, need, max(2*cap(t.regs), need, 64))
		copy(grown, t.regs)
		t.regs = grown
	} else {
		t.regs = t.regs[:need]
		clear(t.regs[base:])
	}
	copy(t.regs[base:], args)
	copy(t.regs[base+fn.Params+fn.Results:], caps)
	// Every call takes at least a return address on the stack.
	size := uint64(16 + (fn.FrameSize+15)&^15)
	if stackABI {
		size += uint64(8*(fn.Params+fn.Results)+15) &^ 15
	}
	if t.sp-size < t.stackLo || t.sp < size {
		vm.end(FatalError, fmt.Sprintf("runtime: goroutine stack exceeds %d-byte limit\nfatal error: stack overflow\n\n%s", t.sp0(vm)-t.stackLo, vm.header(t)+vm.traceback(t)))
		return false
	}
	sp := t.sp
	t.sp -= size
	t.frames = append(t.frames, frame{fn: fn, fnIdx: fnIdx, base: base, resBase: resBase, sp: sp, fp: t.sp, callPos: pos, stackABI: stackABI})
	return true
}

func (t *thread) sp0(vm *VM) uint64 {
	top, _ := vm.mem.Stack(t.id)
	return top
}

// popFrame returns from the top frame, handing its results to the caller.
func (vm *VM) popFrame(t *thread) {
	f := t.frames[len(t.frames)-1]
	if f.resBase >= 0 {
		copy(t.regs[f.resBase:f.resBase+f.fn.Results], t.regs[f.base+f.fn.Params:])
	}
	if len(t.frames) == 1 {
		t.final = f
		t.frames = t.frames[:0]
		vm.finish(t)
		return
	}
	t.frames = t.frames[:len(t.frames)-1]
	t.regs = t.regs[:f.base]
	t.sp = f.sp
	caller := &t.frames[len(t.frames)-1]
	switch {
	case caller.unwinding:
		vm.resumeUnwind(t)
	case caller.returning:
		vm.continueReturn(t)
	}
}

// finish ends a thread.
func (vm *VM) finish(t *thread) {
	t.status = done
	vm.race.exit(t)
}

// continueReturn runs the next deferred call of the returning top frame,
// or its epilogue when none is left.
func (vm *VM) continueReturn(t *thread) {
	f := &t.frames[len(t.frames)-1]
	f.returning = true
	if n := len(f.defers); n > 0 {
		d := f.defers[n-1]
		f.defers = f.defers[:n-1]
		vm.callDeferred(t, d)
		return
	}
	f.pc = f.fn.Epilogue
}

// callDeferred starts a deferred call on top of the current frame.
func (vm *VM) callDeferred(t *thread, d deferred) {
	fn, caps := d.fn, []int64(nil)
	if d.closure != 0 {
		c := vm.closures[d.closure]
		fn, caps = c.fn, c.caps
	}
	if vm.pushFrame(t, fn, -1, d.args, caps, d.pos, false) {
		t.frames[len(t.frames)-1].deferred = true
	}
}

// step runs t until it has done one memory access or synchronisation
// operation, blocked, yielded or ended.
func (vm *VM) step(t *thread) {
	count := vm.exec(t)
	vm.longStep = count >= 1<<16
	if t.cycles > 0 && !t.direct {
		vm.m.Compute(t.core, t.cycles)
	}
	t.cycles = 0
	vm.instrs += uint64(count)
	if t.status == done && !t.goroutine && !t.direct {
		vm.liveThreads--
	}
}

// exec runs t's instructions for one step and returns how many it ran.
func (vm *VM) exec(t *thread) (count int) {
	// A long stretch of register work ends the step, so that the other
	// threads and the bounds get their turn.
	maxInstrPerStep := 1 << 16
	if left := vm.opt.Limits.Instructions - vm.instrs; left < uint64(maxInstrPerStep) {
		maxInstrPerStep = int(left)
	}
	// The frame, its code and its registers change only on calls and
	// returns, and the thread's status or the run's result only on a few
	// instructions (those that do not return at once): they mark the
	// state stale, and it is looked at again.
	var f *frame
	var code []compile.Instr
	var r []int64
	stale := true
	accessed := false // the step has made its access (explorer's step modes)
	for {
		if stale {
			if t.status != runnable || vm.result != nil {
				return
			}
			if len(t.frames) == 0 {
				t.status = done
				return
			}
			f = &t.frames[len(t.frames)-1]
			code, r = f.fn.Code, t.regs[f.base:]
			stale = false
		}
		if count >= maxInstrPerStep {
			return // a long stretch of register work: let others run
		}
		if accessed && vm.stepBoundary(f) {
			return // the step has made its access: it ends before the next
		}
		if vm.textBase != nil && !t.direct && f.fn.StatementStart(f.pc) {
			vm.fetch(t, f)
		}
		in := code[f.pc]
		if vm.timed && (in.Op.Accesses() || in.Op == compile.OpPrint) && vm.aheadInTime(t) {
			return // timed: threads with earlier clocks go first
		}
		f.pc++
		count++
		switch in.Op {
		case compile.OpNop:
		case compile.OpConst:
			r[in.A] = vm.prog.Consts[in.B]
		case compile.OpMove:
			r[in.A] = r[in.B]
		case compile.OpAdd:
			r[in.A] = r[in.B] + r[in.C]
		case compile.OpSub:
			r[in.A] = r[in.B] - r[in.C]
		case compile.OpMul:
			r[in.A] = r[in.B] * r[in.C]
		case compile.OpDiv, compile.OpMod:
			b := r[in.C]
			if b == 0 {
				vm.runtimePanic(t, "integer divide by zero")
				return
			}
			a := r[in.B]
			if b == -1 { // no overflow trap: wrap as Go does
				if in.Op == compile.OpDiv {
					r[in.A] = -a
				} else {
					r[in.A] = 0
				}
			} else if in.Op == compile.OpDiv {
				r[in.A] = a / b
			} else {
				r[in.A] = a % b
			}
		case compile.OpAddI:
			r[in.A] = r[in.B] + int64(in.C)
		case compile.OpSubI:
			r[in.A] = r[in.B] - int64(in.C)
		case compile.OpMulI:
			r[in.A] = r[in.B] * int64(in.C)
		case compile.OpEqI:
			r[in.A] = b2i(r[in.B] == int64(in.C))
		case compile.OpNeI:
			r[in.A] = b2i(r[in.B] != int64(in.C))
		case compile.OpLtI:
			r[in.A] = b2i(r[in.B] < int64(in.C))
		case compile.OpLeI:
			r[in.A] = b2i(r[in.B] <= int64(in.C))
		case compile.OpGtI:
			r[in.A] = b2i(r[in.B] > int64(in.C))
		case compile.OpGeI:
			r[in.A] = b2i(r[in.B] >= int64(in.C))
		case compile.OpAnd:
			r[in.A] = r[in.B] & r[in.C]
		case compile.OpOr:
			r[in.A] = r[in.B] | r[in.C]
		case compile.OpXor:
			r[in.A] = r[in.B] ^ r[in.C]
		case compile.OpAndNot:
			r[in.A] = r[in.B] &^ r[in.C]
		case compile.OpShl, compile.OpShr:
			n := r[in.C]
			if n < 0 {
				vm.runtimePanic(t, "negative shift amount")
				return
			}
			if in.Op == compile.OpShl {
				if n >= 64 {
					r[in.A] = 0
				} else {
					r[in.A] = r[in.B] << uint(n)
				}
			} else {
				r[in.A] = r[in.B] >> uint(min(n, 63))
			}
		case compile.OpNeg:
			r[in.A] = -r[in.B]
		case compile.OpNot:
			r[in.A] = b2i(r[in.B] == 0)
		case compile.OpBitNot:
			r[in.A] = ^r[in.B]
		case compile.OpEq:
			r[in.A] = b2i(r[in.B] == r[in.C])
		case compile.OpNe:
			r[in.A] = b2i(r[in.B] != r[in.C])
		case compile.OpLt:
			r[in.A] = b2i(r[in.B] < r[in.C])
		case compile.OpLe:
			r[in.A] = b2i(r[in.B] <= r[in.C])
		case compile.OpGt:
			r[in.A] = b2i(r[in.B] > r[in.C])
		case compile.OpGe:
			r[in.A] = b2i(r[in.B] >= r[in.C])
		case compile.OpStrEq:
			r[in.A] = b2i(vm.strings[r[in.B]] == vm.strings[r[in.C]])
		case compile.OpStrLt:
			r[in.A] = b2i(vm.strings[r[in.B]] < vm.strings[r[in.C]])
		case compile.OpConcat:
			a, b := vm.strings[r[in.B]], vm.strings[r[in.C]]
			if vm.grow(int64(len(a) + len(b))); vm.result != nil {
				return // the concatenation itself would pass the memory limit
			}
			vm.objBytes -= int64(len(a) + len(b))
			r[in.A] = vm.newString(a + b)
			stale = true // the memory bound may have ended the run
		case compile.OpStrLen:
			r[in.A] = int64(len(vm.strings[r[in.B]]))
		case compile.OpStrIndex:
			s, i := vm.strings[r[in.B]], r[in.C]
			if i < 0 || i >= int64(len(s)) {
				vm.runtimePanic(t, indexError(i, int64(len(s))))
				return
			}
			r[in.A] = int64(s[i])
		case compile.OpChanLen:
			if h := r[in.B]; h != 0 {
				r[in.A] = int64(len(vm.chans[h].buf))
			} else {
				r[in.A] = 0
			}
		case compile.OpJmp:
			f.pc = int(in.A)
		case compile.OpJmpIf:
			if r[in.A] != 0 {
				f.pc = int(in.B)
			}
		case compile.OpJmpIfNot:
			if r[in.A] == 0 {
				f.pc = int(in.B)
			}
		case compile.OpLoad:
			v, ok := vm.load(t, uint64(r[in.B]), int(in.C))
			if !ok {
				return
			}
			r[in.A] = v
			if !t.direct {
				if vm.stepMode == stepAtAccess {
					return
				}
				accessed, stale = true, true
			}
		case compile.OpStore:
			if !vm.store(t, uint64(r[in.A]), int(in.C), r[in.B]) {
				return
			}
			if !t.direct {
				if vm.stepMode == stepAtAccess {
					return
				}
				accessed, stale = true, true
			}
		case compile.OpCopyMem, compile.OpZeroMem:
			if vm.copyMem(t, in, r) && !t.direct {
				if vm.stepMode == stepAtAccess {
					return
				}
				accessed = true
			}
			if vm.result != nil || t.status != runnable {
				return
			}
		case compile.OpFrameAddr:
			r[in.A] = int64(f.fp) + int64(in.B)
		case compile.OpAlloc:
			vm.touch(heapKey, true)
			a, err := vm.mem.Alloc(int(vm.prog.Consts[in.B]), int(in.C))
			if err != nil {
				vm.end(FatalError, "fatal error: out of memory: "+err.Error())
				return
			}
			r[in.A] = int64(a)
		case compile.OpBounds:
			if n := vm.prog.Consts[in.B]; r[in.A] < 0 || r[in.A] >= n {
				vm.runtimePanic(t, indexError(r[in.A], n))
				return
			}
		case compile.OpNilCheck:
			if r[in.A] == 0 {
				vm.runtimePanic(t, "invalid memory address or nil pointer dereference")
				return
			}
		case compile.OpCall:
			args := r[in.B : in.B+in.C]
			vm.pushFrame(t, int(in.A), f.base+int(in.B), args, nil, f.fn.Pos[f.pc-1], false)
			stale = true
		case compile.OpCallValue, compile.OpCallValueStack:
			h := r[in.A]
			if h == 0 {
				vm.runtimePanic(t, "invalid memory address or nil pointer dereference")
				return
			}
			c := vm.closures[h]
			stack := in.Op == compile.OpCallValueStack
			if vm.pushFrame(t, c.fn, f.base+int(in.B), r[in.B:in.B+in.C], c.caps, f.fn.Pos[f.pc-1], stack) && stack {
				if !vm.stackCall(t) {
					return
				}
				if !t.direct {
					if vm.stepMode == stepAtAccess {
						return
					}
					accessed = true
				}
			}
			stale = true
		case compile.OpCallStack:
			args := r[in.B : in.B+in.C]
			if vm.pushFrame(t, int(in.A), f.base+int(in.B), args, nil, f.fn.Pos[f.pc-1], true) {
				if !vm.stackCall(t) {
					return
				}
				if !t.direct {
					if vm.stepMode == stepAtAccess {
						return
					}
					accessed = true
				}
			}
			stale = true
		case compile.OpReturn, compile.OpEnd:
			vm.continueReturn(t)
			stale = true
		case compile.OpRet:
			if f.stackABI {
				if !vm.stackReturn(t) {
					return
				}
				if !t.direct {
					accessed = true
				}
			}
			vm.popFrame(t)
			stale = true
			if accessed && vm.stepMode == stepAtAccess {
				return
			}
		case compile.OpClosure:
			fn := vm.prog.Funcs[in.B]
			caps := append([]int64(nil), r[in.C:int(in.C)+fn.Captures]...)
			vm.grow(int64(32 + 8*len(caps)))
			vm.closures = append(vm.closures, closure{fn: int(in.B), caps: caps})
			r[in.A] = int64(len(vm.closures) - 1)
			stale = true
		case compile.OpGo, compile.OpDefer:
			fn, h, nargs := int(in.A), int64(0), int(in.C)
			if in.C < 0 {
				h, nargs = r[in.A], int(-in.C-1)
				if h == 0 {
					if in.Op == compile.OpGo {
						vm.end(FatalError, "fatal error: go of nil func value")
					} else {
						vm.runtimePanic(t, "invalid memory address or nil pointer dereference")
					}
					return
				}
				fn = vm.closures[h].fn
			}
			args := append([]int64(nil), r[in.B:int(in.B)+nargs]...)
			if in.Op == compile.OpDefer {
				f.defers = append(f.defers, deferred{fn: fn, closure: h, args: args, pos: f.fn.Pos[f.pc-1]})
				continue
			}
			if !vm.spawn(t, fn, h, args, f.fn.Pos[f.pc-1]) {
				return
			}
			return // starting a goroutine ends the step
		case compile.OpPanic:
			v := r[in.A]
			if k := vm.prog.Types[in.B].Kind; k != typesAny && k != typesNil {
				v = vm.newBox(vm.prog.Types[in.B], v)
			}
			if v == 0 { // Go 1.21: panic(nil) panics with a *runtime.PanicNilError
				v = vm.errorBox("panic called with nil argument")
				vm.boxes[v].plain = true
			}
			vm.startPanic(t, v)
			return
		case compile.OpRecover:
			r[in.A] = vm.recover(t)
		case compile.OpBox:
			r[in.A] = vm.newBox(vm.prog.Types[in.C], r[in.B])
			stale = true
		case compile.OpPrint:
			vm.printCall(t, in, r)
			stale = true
		case compile.OpAtomic:
			if !vm.atomic(t, vm.prog.Atomics[in.A], r[in.B:]) || vm.stepEnds(&accessed) {
				return
			}
			stale = true
		case compile.OpLock:
			vm.lock(t, uint64(r[in.A]))
			if vm.stepEnds(&accessed) {
				return
			}
			stale = true
		case compile.OpUnlock:
			vm.unlock(t, uint64(r[in.A]))
			if vm.stepEnds(&accessed) {
				return
			}
			stale = true
		case compile.OpTryLock:
			vm.tryLock(t, uint64(r[in.B]), &r[in.A])
			if vm.stepEnds(&accessed) {
				return
			}
			stale = true
		case compile.OpWgAdd:
			vm.wgAdd(t, uint64(r[in.A]), r[in.B])
			if vm.stepEnds(&accessed) {
				return
			}
			stale = true
		case compile.OpWgWait:
			vm.wgWait(t, uint64(r[in.A]))
			if vm.stepEnds(&accessed) {
				return
			}
			stale = true
		case compile.OpMakeChan:
			vm.makeChan(t, r, in)
			if vm.result != nil || t.status != runnable {
				return
			}
		case compile.OpSend:
			vm.send(t, r[in.A], r[in.B])
			if vm.stepEnds(&accessed) {
				return
			}
			stale = true
		case compile.OpRecv:
			dst, ok := f.base+int(in.A), -1
			if in.C >= 0 {
				ok = f.base + int(in.C)
			}
			vm.recv(t, r[in.B], dst, ok)
			if vm.stepEnds(&accessed) {
				return
			}
			stale = true
		case compile.OpClose:
			vm.closeChan(t, r[in.A])
			if vm.stepEnds(&accessed) {
				return
			}
			stale = true
		case compile.OpSelect:
			vm.selectCase(t, f.base, &vm.prog.Selects[in.A], f.base+int(in.B))
			if vm.stepEnds(&accessed) {
				return
			}
			stale = true
		case compile.OpYield:
			t.status = yielded
			return
		case compile.OpFence:
			if !t.direct {
				vm.drainAll(t.core)
			}
			if vm.stepEnds(&accessed) {
				return
			}
			stale = true
		case compile.OpSleep:
			if n := r[in.A]; n > 0 && !t.direct {
				t.cycles += uint64(n)
			}
		default:
			vm.end(FatalError, fmt.Sprintf("internal error: unknown instruction %s", in.Op))
			return
		}
		if in.Op != compile.OpLoad && in.Op != compile.OpStore {
			t.cycles++
		}
	}
}

// Step modes: where a step ends.
const (
	stepAtAccess    = iota // right after its access (a run)
	stepBeforeNext         // just before the next access or other visible operation (the explorer)
	stepAtStatement        // at the next statement that begins after its access (atomicity statement)
)

// stepEnds reports whether a synchronisation operation or an access ends
// the step now; in the explorer's modes the step goes on (see
// stepBoundary).
func (vm *VM) stepEnds(accessed *bool) bool {
	if vm.stepMode == stepAtAccess {
		return true
	}
	*accessed = true
	return false
}

// stepBoundary reports, once a step has made its access, whether it ends
// before the instruction at f.pc: at the next operation another thread
// could see (stepBeforeNext), or at the next statement (stepAtStatement).
// Register work after the access thus belongs to the access's step, and a
// thread whose last access is done finishes in that step.
func (vm *VM) stepBoundary(f *frame) bool {
	if vm.stepMode == stepAtStatement {
		return f.fn.StatementStart(f.pc)
	}
	switch op := f.fn.Code[f.pc].Op; {
	case op.Accesses(), op == compile.OpGo, op == compile.OpPrint, op == compile.OpAlloc, op == compile.OpMakeChan:
		return true
	}
	return false
}

// aheadInTime reports, under run timed, whether t's clock (with the
// register work of this step) has passed another runnable thread's: then
// t's access waits, so that accesses reach the bus in time order.
func (vm *VM) aheadInTime(t *thread) bool {
	if t.direct {
		return false
	}
	mine := vm.m.Clock(t.core) + t.cycles
	for _, o := range vm.running {
		if o != nil && o != t && o.status == runnable && vm.m.Clock(o.core) < mine {
			return true
		}
	}
	return false
}

// indexError is Go's index-out-of-range text: a negative index has no length.
func indexError(i, n int64) string {
	if i < 0 {
		return fmt.Sprintf("index out of range [%d]", i)
	}
	return fmt.Sprintf("index out of range [%d] with length %d", i, n)
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// nilPage is the lowest address a program may touch: below it, a nil
// dereference.
const nilPage = 4096

// load reads through t's core (or main memory for the initialiser).
func (vm *VM) load(t *thread, addr uint64, size int) (int64, bool) {
	if addr < nilPage {
		vm.runtimePanic(t, "invalid memory address or nil pointer dereference")
		return 0, false
	}
	vm.race.read(t, addr, size)
	var v uint64
	var err error
	switch {
	case t.direct:
		v, err = vm.m.Memory(addr, size)
	case vm.buffering(t):
		bv, hit, conflict := vm.forward(t.core, addr, size)
		if hit {
			return bv, true
		}
		if conflict && !vm.drainAll(t.core) {
			return 0, false
		}
		fallthrough
	default:
		vm.touchAddr(addr, false)
		v, err = vm.m.Load(t.core, addr, size)
	}
	if err != nil {
		vm.end(FatalError, fmt.Sprintf("fatal error: %v", err))
		return 0, false
	}
	if size == 8 {
		return int64(v), true
	}
	return int64(v), true
}

// store writes through t's core (or main memory for the initialiser).
func (vm *VM) store(t *thread, addr uint64, size int, v int64) bool {
	if addr < nilPage {
		vm.runtimePanic(t, "invalid memory address or nil pointer dereference")
		return false
	}
	vm.race.write(t, addr, size)
	var err error
	switch {
	case t.direct:
		err = vm.m.Poke(addr, size, uint64(v))
	case vm.buffering(t):
		return vm.bufferStore(t, addr, size, v)
	default:
		vm.touchAddr(addr, true)
		err = vm.m.Store(t.core, addr, size, uint64(v))
	}
	if err != nil {
		vm.end(FatalError, fmt.Sprintf("fatal error: %v", err))
		return false
	}
	return true
}

// copyMem copies or zeroes memory word by word, all in one step. It
// reports whether any access was made.
func (vm *VM) copyMem(t *thread, in compile.Instr, r []int64) bool {
	dst := uint64(r[in.A])
	var src uint64
	var size int64
	if in.Op == compile.OpZeroMem {
		size = vm.prog.Consts[in.B]
	} else {
		src, size = uint64(r[in.B]), vm.prog.Consts[in.C]
	}
	any := false
	for off := int64(0); off < size; {
		n := 8
		if size-off < 8 || (dst+uint64(off))%8 != 0 {
			n = 1
		}
		var v int64
		if in.Op == compile.OpCopyMem {
			var ok bool
			if v, ok = vm.load(t, src+uint64(off), n); !ok {
				return false
			}
		}
		if !vm.store(t, dst+uint64(off), n, v) {
			return false
		}
		any = true
		off += int64(n)
	}
	return any
}

// spawn starts a goroutine.
func (vm *VM) spawn(parent *thread, fn int, closureH int64, args []int64, pos ast.Pos) bool {
	live := 0
	for _, t := range vm.threads {
		if t.status != done {
			live++
		}
	}
	if live >= vm.opt.Limits.Threads {
		vm.end(BoundHit, fmt.Sprintf("stopped at %d live goroutines: the thread limit (raise it with --max-threads)", live))
		return false
	}
	parent.spawned++
	vm.touch(spawnKey, true)
	name := fmt.Sprintf("%s.g%d", parent.name, parent.spawned)
	var caps []int64
	if closureH != 0 {
		caps = vm.closures[closureH].caps
	}
	t := &thread{id: len(vm.threads), name: name, pinned: -1, p: -1, goroutine: true, created: pos}
	if vm.opt.Explore {
		t.core = t.id % vm.m.Cores()
	}
	top, bottom := vm.mem.Stack(t.id)
	if top == 0 {
		vm.end(BoundHit, fmt.Sprintf("stopped at goroutine %d: no room for another stack in the memory map (give smaller stacks: memory { stack size N })", t.id+1))
		return false
	}
	t.sp, t.stackLo = top, bottom
	vm.threads = append(vm.threads, t)
	vm.race.spawn(parent, t)
	vm.pushFrame(t, fn, -1, args, caps, pos, false)
	vm.ready = append(vm.ready, t)
	return vm.result == nil
}

// header is a goroutine's first traceback line.
func (vm *VM) header(t *thread) string {
	state := "running"
	if t.status == blocked {
		state = t.waitReason
	}
	return fmt.Sprintf("goroutine %d [%s]:\n", t.id+1, state)
}

// traceback lists t's frames, innermost first, as Go does.
func (vm *VM) traceback(t *thread) string {
	var b strings.Builder
	file := vm.opt.File
	for i := len(t.frames) - 1; i >= 0; i-- {
		// A deep stack (a stack overflow) shows its innermost and
		// outermost 50 frames, as Go's tracebacks do.
		if n := len(t.frames); n > 2*elideFrames && i == n-1-elideFrames {
			fmt.Fprintf(&b, "...%d frames elided...\n", n-2*elideFrames)
			i = elideFrames
		}
		f := t.frames[i]
		pc := max(f.pc-1, 0)
		pos := ast.Pos{}
		if pc < len(f.fn.Pos) {
			pos = f.fn.Pos[pc]
		}
		name := "main." + f.fn.Name
		if f.fn.Thread {
			name = "main." + t.name
		}
		args := "()"
		if f.fn.Params > 0 {
			args = "(...)"
		}
		fmt.Fprintf(&b, "%s%s\n\t%s:%d\n", name, args, firstNonEmpty(pos.File, file), pos.Line)
	}
	if t.goroutine && t.created.IsValid() {
		fmt.Fprintf(&b, "created by main.%s\n\t%s:%d\n", parentName(t.name), firstNonEmpty(t.created.File, file), t.created.Line)
	}
	return b.String()
}

// elideFrames is how many frames a traceback shows at each end of a deep
// stack.
const elideFrames = 50

func parentName(n string) string {
	if i := strings.LastIndex(n, "."); i >= 0 {
		return n[:i]
	}
	return n
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
