// This file implements the synchronisation operations. A mutex and a wait
// group are words in simulated memory, changed by atomic read-modify-write
// accesses, so their contention shows as coherence traffic; a channel has
// a lock word on the heap that every operation takes the same way, and its
// buffer and queues here.

package interp

import (
	"github.com/cohere-sim/cohere/lang/compile"
	"github.com/cohere-sim/cohere/lang/types"
	"github.com/cohere-sim/cohere/sim"
)

// waitQueue holds threads parked on a mutex or a wait group.
type waitQueue struct {
	threads []*thread
}

func (q *waitQueue) push(t *thread) { q.threads = append(q.threads, t) }

func (q *waitQueue) pop() *thread {
	if len(q.threads) == 0 {
		return nil
	}
	t := q.threads[0]
	q.threads = q.threads[1:]
	return t
}

func (vm *VM) queue(m map[uint64]*waitQueue, addr uint64) *waitQueue {
	q := m[addr]
	if q == nil {
		q = &waitQueue{}
		m[addr] = q
	}
	return q
}

// rmw performs an atomic read-modify-write through t's core.
func (vm *VM) rmw(t *thread, addr uint64, op sim.AtomicOp) (int64, bool) {
	if addr < nilPage {
		vm.runtimePanic(t, "invalid memory address or nil pointer dereference")
		return 0, false
	}
	vm.race.rmw(t, addr)
	if !vm.drainAll(t.core) {
		return 0, false
	}
	vm.touchAddr(addr, true)
	old, err := vm.m.Atomic(t.core, addr, 8, op)
	if err != nil {
		vm.end(FatalError, "fatal error: "+err.Error())
		return 0, false
	}
	return int64(old), true
}

// block parks t; the instruction that blocked runs again when it wakes
// (rerun) or is complete (the waker finished it).
func (vm *VM) block(t *thread, reason string, rerun bool) {
	t.status = blocked
	t.waitReason = reason
	if f := t.frames[len(t.frames)-1]; f.pc > 0 {
		t.blockedAt = f.fn.Pos[f.pc-1] // the instruction that blocked
	}
	if rerun {
		t.frames[len(t.frames)-1].pc--
	}
}

// lock tries to take the mutex: a CAS from 0 to 1. A thread that finds it
// held retries Spin more times (each a real access; spin 0: none) and then
// parks until an unlock, as Go's sync.Mutex does.
func (vm *VM) lock(t *thread, addr uint64) {
	old, ok := vm.rmw(t, addr, sim.AtomicOp{Kind: sim.AtomicCAS, Arg: 0, New: 1})
	if !ok {
		return
	}
	if old == 0 {
		t.spins = 0
		vm.race.acquire(t, addr)
		return
	}
	if t.spins < vm.opt.Spin {
		t.spins++
		t.frames[len(t.frames)-1].pc-- // spin: try again next step
		return
	}
	vm.queue(vm.mutexes, addr).push(t)
	vm.block(t, "sync.Mutex.Lock", true)
}

func (vm *VM) unlock(t *thread, addr uint64) {
	old, ok := vm.rmw(t, addr, sim.AtomicOp{Kind: sim.AtomicSwap, Arg: 0})
	if !ok {
		return
	}
	if old == 0 {
		vm.end(FatalError, "fatal error: sync: unlock of unlocked mutex\n\n"+vm.header(t)+vm.traceback(t))
		return
	}
	vm.race.release(t, addr)
	if w := vm.queue(vm.mutexes, addr).pop(); w != nil {
		w.spins = vm.opt.Spin // woken: one more try, then park again
		vm.wake(w)
	}
}

func (vm *VM) tryLock(t *thread, addr uint64, dst *int64) {
	old, ok := vm.rmw(t, addr, sim.AtomicOp{Kind: sim.AtomicCAS, Arg: 0, New: 1})
	if ok {
		*dst = b2i(old == 0)
		if old == 0 {
			vm.race.acquire(t, addr)
		}
	}
}

func (vm *VM) wgAdd(t *thread, addr uint64, delta int64) {
	old, ok := vm.rmw(t, addr, sim.AtomicOp{Kind: sim.AtomicAdd, Arg: uint64(delta)})
	if !ok {
		return
	}
	if delta < 0 {
		vm.race.release(t, addr) // Done happens before the Wait it lets return
	}
	n := old + delta
	if n < 0 {
		vm.runtimePanicPlain(t, "sync: negative WaitGroup counter")
		return
	}
	if n == 0 {
		q := vm.queue(vm.groups, addr)
		for w := q.pop(); w != nil; w = q.pop() {
			vm.wake(w)
		}
	}
}

func (vm *VM) wgWait(t *thread, addr uint64) {
	v, ok := vm.load(t, addr, 8)
	if ok && v == 0 {
		vm.race.acquire(t, addr)
	}
	if !ok || v == 0 {
		return
	}
	vm.queue(vm.groups, addr).push(t)
	vm.block(t, "sync.WaitGroup.Wait", true)
}

// runtimePanicPlain panics with a message that is not a runtime error
// (Go's sync package panics with plain strings).
func (vm *VM) runtimePanicPlain(t *thread, msg string) {
	vm.startPanic(t, vm.newBox(types.StringType, vm.newString(msg)))
}

// atomic runs atomic.Add/Load/Store/CAS/Swap; operands and the result are
// in r (the address first).
func (vm *VM) atomic(t *thread, k compile.AtomicKind, r []int64) bool {
	addr := uint64(r[0])
	switch k {
	case compile.AtomicLoad:
		// On x86 an atomic load is a plain load.
		v, ok := vm.load(t, addr, 8)
		r[0] = v
		return ok
	case compile.AtomicAdd:
		old, ok := vm.rmw(t, addr, sim.AtomicOp{Kind: sim.AtomicAdd, Arg: uint64(r[1])})
		r[0] = old + r[1]
		return ok
	case compile.AtomicStore:
		_, ok := vm.rmw(t, addr, sim.AtomicOp{Kind: sim.AtomicSwap, Arg: uint64(r[1])})
		return ok
	case compile.AtomicSwap:
		old, ok := vm.rmw(t, addr, sim.AtomicOp{Kind: sim.AtomicSwap, Arg: uint64(r[1])})
		r[0] = old
		return ok
	case compile.AtomicCAS:
		old, ok := vm.rmw(t, addr, sim.AtomicOp{Kind: sim.AtomicCAS, Arg: uint64(r[1]), New: uint64(r[2])})
		r[0] = b2i(old == r[1])
		return ok
	}
	return false
}

// channel is a Go channel: its lock word lives on the heap.
type channel struct {
	addr   uint64
	elem   *types.Type
	cap    int
	buf    []int64
	closed bool
	recvq  []*receiver
	sendq  []*sender
}

type receiver struct {
	t       *thread
	dst, ok int         // absolute registers, ok may be -1
	sel     *selectWait // a select waiting on several channels, or nil
	idx     int         // the select's case
}

type sender struct {
	t   *thread
	v   int64
	sel *selectWait // a select waiting on several channels, or nil
	idx int         // the select's case
}

func (vm *VM) makeChan(t *thread, r []int64, in compile.Instr) {
	n := r[in.B]
	if n < 0 || n > 1<<20 {
		vm.runtimePanicPlain(t, "makechan: size out of range")
		return
	}
	vm.touch(heapKey, true)
	addr, err := vm.mem.Alloc(16, 8)
	if err != nil {
		vm.end(FatalError, "fatal error: out of memory: "+err.Error())
		return
	}
	vm.chans = append(vm.chans, &channel{addr: addr, elem: vm.prog.Types[in.C], cap: int(n)})
	r[in.A] = int64(len(vm.chans) - 1)
}

// lockChan takes the channel's lock word (one access); false when the
// thread panicked or the run ended.
func (vm *VM) lockChan(t *thread, c *channel) bool {
	if t.direct {
		return true
	}
	_, ok := vm.rmw(t, c.addr, sim.AtomicOp{Kind: sim.AtomicAdd, Arg: 0})
	return ok
}

func (vm *VM) send(t *thread, h, v int64) {
	if h == 0 {
		vm.block(t, "chan send (nil chan)", false)
		return
	}
	c := vm.chans[h]
	if !vm.lockChan(t, c) {
		return
	}
	if c.closed {
		vm.runtimePanicPlain(t, "send on closed channel")
		return
	}
	if len(c.recvq) > 0 {
		rc := c.recvq[0]
		c.recvq = c.recvq[1:]
		vm.selected(rc.sel, rc.idx)
		rc.t.regs[rc.dst] = v
		if rc.ok >= 0 {
			rc.t.regs[rc.ok] = 1
		}
		vm.race.chanHandoff(c, t, rc.t)
		vm.wake(rc.t)
		return
	}
	if len(c.buf) < c.cap {
		c.buf = append(c.buf, v)
		vm.race.chanPut(c, t)
		return
	}
	c.sendq = append(c.sendq, &sender{t: t, v: v})
	vm.block(t, "chan send", false)
}

func (vm *VM) recv(t *thread, h int64, dst, ok int) {
	if h == 0 {
		vm.block(t, "chan receive (nil chan)", false)
		return
	}
	c := vm.chans[h]
	if !vm.lockChan(t, c) {
		return
	}
	set := func(v, okv int64) {
		t.regs[dst] = v
		if ok >= 0 {
			t.regs[ok] = okv
		}
	}
	switch {
	case len(c.buf) > 0:
		set(c.buf[0], 1)
		c.buf = c.buf[1:]
		vm.race.chanTake(c, t)
		if len(c.sendq) > 0 {
			s := c.sendq[0]
			c.sendq = c.sendq[1:]
			c.buf = append(c.buf, s.v)
			vm.race.chanPut(c, s.t)
			vm.selected(s.sel, s.idx)
			vm.wake(s.t)
		}
	case len(c.sendq) > 0:
		s := c.sendq[0]
		c.sendq = c.sendq[1:]
		set(s.v, 1)
		vm.race.chanHandoff(c, s.t, t)
		vm.selected(s.sel, s.idx)
		vm.wake(s.t)
	case c.closed:
		set(0, 0)
		vm.race.chanClosed(c, t)
	default:
		c.recvq = append(c.recvq, &receiver{t: t, dst: dst, ok: ok})
		vm.block(t, "chan receive", false)
	}
}

func (vm *VM) closeChan(t *thread, h int64) {
	if h == 0 {
		vm.runtimePanicPlain(t, "close of nil channel")
		return
	}
	c := vm.chans[h]
	if !vm.lockChan(t, c) {
		return
	}
	if c.closed {
		vm.runtimePanicPlain(t, "close of closed channel")
		return
	}
	c.closed = true
	vm.race.chanClose(c, t)
	for _, rc := range c.recvq {
		if !vm.selected(rc.sel, rc.idx) {
			continue // a select another case of which just won
		}
		rc.t.regs[rc.dst] = 0
		if rc.ok >= 0 {
			rc.t.regs[rc.ok] = 0
		}
		vm.race.chanClosed(c, rc.t)
		vm.wake(rc.t)
	}
	c.recvq = nil
	for _, s := range c.sendq {
		if !vm.selected(s.sel, s.idx) {
			continue
		}
		// A sender blocked on a closed channel panics when it runs.
		s.t.status = runnable
		vm.ready = append(vm.ready, s.t)
		vm.runtimePanicPlain(s.t, "send on closed channel")
	}
	c.sendq = nil
}
