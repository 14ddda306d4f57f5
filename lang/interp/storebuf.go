// This file models x86-TSO store buffers: each core's stores wait in a
// FIFO before they reach its cache, loads read their own core's buffer
// first, and fences and atomics drain it.

package interp

import (
	"fmt"
	"strconv"
	"strings"
)

// pendingStore is one store waiting in a core's store buffer.
type pendingStore struct {
	addr uint64
	size int
	v    int64
}

// storeBuffer is a core's FIFO of stores not yet in its cache.
type storeBuffer struct {
	entries []pendingStore
}

// buffering reports whether t's stores go through a store buffer.
func (vm *VM) buffering(t *thread) bool { return vm.opt.StoreBuffer > 0 && !t.direct }

// bufferStore puts a store in t's core's buffer, draining the oldest
// entry first when the buffer is full.
func (vm *VM) bufferStore(t *thread, addr uint64, size int, v int64) bool {
	b := &vm.sbufs[t.core]
	if len(b.entries) >= vm.opt.StoreBuffer && !vm.drainOne(t.core) {
		return false
	}
	b.entries = append(b.entries, pendingStore{addr: addr, size: size, v: v})
	vm.touch(bufferKey(t.core), true)
	return true
}

// forward looks for the newest buffered store to exactly addr and size
// in core's buffer. A buffered store that only overlaps the load is
// reported as a conflict: the buffer must drain before the load.
func (vm *VM) forward(core int, addr uint64, size int) (v int64, hit, conflict bool) {
	b := &vm.sbufs[core]
	if len(b.entries) == 0 {
		return 0, false, false
	}
	vm.touch(bufferKey(core), true)
	for i := len(b.entries) - 1; i >= 0; i-- {
		e := &b.entries[i]
		if e.addr == addr && e.size == size {
			return e.v, true, false
		}
		if e.addr < addr+uint64(size) && addr < e.addr+uint64(e.size) {
			return 0, false, true
		}
	}
	return 0, false, false
}

// drainOne writes the oldest buffered store of core to its cache.
func (vm *VM) drainOne(core int) bool {
	b := &vm.sbufs[core]
	if len(b.entries) == 0 {
		return true
	}
	e := b.entries[0]
	b.entries = b.entries[1:]
	if len(b.entries) == 0 {
		b.entries = b.entries[:0:0]
	}
	vm.touch(bufferKey(core), true)
	vm.touchAddr(e.addr, true)
	if err := vm.m.Store(core, e.addr, e.size, uint64(e.v)); err != nil {
		vm.end(FatalError, fmt.Sprintf("fatal error: %v", err))
		return false
	}
	return true
}

// drainAll empties core's store buffer into its cache (a fence, an
// atomic, a synchronisation operation).
func (vm *VM) drainAll(core int) bool {
	if vm.opt.StoreBuffer == 0 {
		return true
	}
	for len(vm.sbufs[core].entries) > 0 {
		if !vm.drainOne(core) {
			return false
		}
	}
	return true
}

// buffered is the number of stores waiting in every buffer.
func (vm *VM) buffered() int {
	n := 0
	for i := range vm.sbufs {
		n += len(vm.sbufs[i].entries)
	}
	return n
}

// drainStep is a step in which core's store buffer writes its oldest
// entry: the scheduler's (or the explorer's) choice, as background
// draining is on real hardware.
func (vm *VM) drainStep(core int) {
	vm.cur = nil
	vm.drainCore = core
	vm.steps++
	vm.drainOne(core)
}

// lagDrain is background draining under the deterministic schedules:
// after a thread's step, every other core's buffer writes its oldest
// entry.
func (vm *VM) lagDrain(t *thread) {
	for c := range vm.sbufs {
		if c != t.core && len(vm.sbufs[c].entries) > 0 {
			vm.drainOne(c)
		}
	}
}

// BufferedStore describes one store waiting in a store buffer.
type BufferedStore struct {
	Addr  uint64
	Size  int
	Value int64
}

// StoreBuffer lists the stores waiting in core's store buffer, oldest
// first.
func (vm *VM) StoreBuffer(core int) []BufferedStore {
	if core < 0 || core >= len(vm.sbufs) {
		return nil
	}
	var out []BufferedStore
	for _, e := range vm.sbufs[core].entries {
		out = append(out, BufferedStore{Addr: e.addr, Size: e.size, Value: e.v})
	}
	return out
}

// drainName is the step name of a drain of core's buffer, as witnesses
// and `replay` write it.
func drainName(core int) string { return fmt.Sprintf("P%d.drain", core) }

// randomDrain is background draining under the random schedule: the
// runnable threads holding a P and the non-empty buffers are equally
// likely to take the next step. It returns the core whose buffer drains,
// or -1 when a thread steps.
func (vm *VM) randomDrain() int {
	nb := 0
	for c := range vm.sbufs {
		if len(vm.sbufs[c].entries) > 0 {
			nb++
		}
	}
	if nb == 0 {
		return -1
	}
	n := 0
	for _, t := range vm.running {
		if t != nil && t.status == runnable {
			n++
		}
	}
	k := int(vm.random() % uint64(n+nb))
	if k < n {
		return -1
	}
	k -= n
	for c := range vm.sbufs {
		if len(vm.sbufs[c].entries) > 0 {
			if k == 0 {
				return c
			}
			k--
		}
	}
	return -1
}

// pickBuffer chooses the buffer that drains once every thread is done: a
// random non-empty one under the random schedule, else the lowest core's.
func (vm *VM) pickBuffer() int {
	var ready []int
	for c := range vm.sbufs {
		if len(vm.sbufs[c].entries) > 0 {
			ready = append(ready, c)
		}
	}
	if len(ready) == 0 {
		return -1
	}
	if vm.opt.Schedule.Mode == Random && len(ready) > 1 {
		return ready[vm.random()%uint64(len(ready))]
	}
	return ready[0]
}

// drainNamed reads a drain step's name, P3.drain.
func (vm *VM) drainNamed(name string) (int, bool) {
	rest, ok := strings.CutSuffix(name, ".drain")
	if !ok || len(rest) < 2 || rest[0] != 'P' {
		return 0, false
	}
	n, err := strconv.Atoi(rest[1:])
	if err != nil {
		return 0, false
	}
	return n, true
}
