// This file is the scheduler: at most GOMAXPROCS threads hold a P (and
// the core that goes with it) at once; the policy picks which of them
// takes the next step.

package interp

import (
	"fmt"
	"strings"
)

// fillPs gives free Ps to waiting threads, first come first served.
func (vm *VM) fillPs() {
	if len(vm.ready) == 0 {
		return
	}
	for i := range vm.running {
		if vm.running[i] != nil {
			continue
		}
		for len(vm.ready) > 0 {
			t := vm.ready[0]
			vm.ready = vm.ready[1:]
			if t.status != runnable {
				continue
			}
			vm.running[i] = t
			t.p = i
			t.slice = 0
			if t.pinned >= 0 {
				t.core = t.pinned
			} else {
				t.core = i % vm.m.Cores()
			}
			break
		}
	}
}

// release takes t's P away.
func (vm *VM) release(t *thread) {
	if t.p >= 0 && t.p < len(vm.running) && vm.running[t.p] == t {
		vm.running[t.p] = nil
	}
	t.p = -1
}

// wake makes a blocked thread runnable again.
func (vm *VM) wake(t *thread) {
	if t.status == blocked {
		t.status = runnable
		t.waitReason = ""
		vm.ready = append(vm.ready, t)
	}
}

// pick chooses the thread of the next step, or nil when none can run.
func (vm *VM) pick() *thread {
	s := &vm.opt.Schedule
	if s.Mode == Order && vm.orderPos < len(s.Order) {
		name := s.Order[vm.orderPos]
		vm.orderPos++
		t, err := vm.threadNamed(name)
		if err != nil {
			vm.end(Stopped, fmt.Sprintf("run order: step %d names %s, which %s", vm.steps+1, name, strings.TrimPrefix(err.Error(), name+" ")))
			return nil
		}
		if t.p < 0 {
			vm.takeP(t) // give it a P, preempting another thread if need be
		}
		return t
	}
	if s.Mode == Random && len(vm.running) <= pickBuffer {
		return vm.pickRandom()
	}
	n := 0
	var first *thread
	for _, t := range vm.running {
		if t != nil && t.status == runnable {
			if n == 0 {
				first = t
			}
			n++
		}
	}
	if n == 0 {
		return nil
	}
	switch s.Mode {
	case Sequential:
		best := first
		for _, t := range vm.running {
			if t != nil && t.status == runnable && t.id < best.id {
				best = t
			}
		}
		return best
	case Timed:
		best := first
		for _, t := range vm.running {
			if t == nil || t.status != runnable {
				continue
			}
			if c, b := vm.m.Clock(t.core), vm.m.Clock(best.core); c < b || c == b && t.id < best.id {
				best = t
			}
		}
		return best
	case RoundRobin, Order:
		q := s.Quantum
		if q <= 0 {
			q = 1
		}
		for tries := 0; tries <= len(vm.running); tries++ {
			if vm.rrTurn >= len(vm.running) {
				vm.rrTurn = 0
			}
			t := vm.running[vm.rrTurn]
			if t != nil && t.status == runnable && vm.rrLeft > 0 {
				vm.rrLeft--
				return t
			}
			vm.rrTurn++
			vm.rrLeft = q
		}
		return first
	}
	// Random: the k-th runnable thread holding a P. A mask is the same
	// as the remainder when n is a power of two, without the division.
	var k uint64
	if r := vm.random(); n&(n-1) == 0 {
		k = r & uint64(n-1)
	} else {
		k = r % uint64(n)
	}
	for _, t := range vm.running {
		if t != nil && t.status == runnable {
			if k == 0 {
				return t
			}
			k--
		}
	}
	return first
}

// pickBuffer is the most Ps pickRandom handles in one pass.
const pickBuffer = 16

// pickRandom is the random policy for up to pickBuffer Ps: the k-th
// runnable thread holding a P, found with one read of each thread's
// status. It draws and chooses exactly as the general loop in pick does.
func (vm *VM) pickRandom() *thread {
	ready := &vm.pickScratch // a field, not a local: no zeroing per step
	n := 0
	for _, t := range vm.running {
		if t != nil && t.status == runnable {
			ready[n] = t
			n++
		}
	}
	switch {
	case n == 0:
		return nil
	case n == 1:
		vm.random() // the draw is made whatever the count, as in pick
		return ready[0]
	}
	r := vm.random()
	if n&(n-1) == 0 {
		return ready[r&uint64(n-1)]
	}
	return ready[r%uint64(n)]
}

// takeP gives t a P, preempting another thread if all are busy.
func (vm *VM) takeP(t *thread) {
	for i, r := range vm.ready {
		if r == t {
			vm.ready = append(vm.ready[:i], vm.ready[i+1:]...)
			break
		}
	}
	slot := -1
	for i, r := range vm.running {
		if r == nil {
			slot = i
			break
		}
	}
	if slot < 0 {
		slot = 0
		victim := vm.running[0]
		vm.release(victim)
		vm.ready = append(vm.ready, victim)
	}
	vm.running[slot] = t
	t.p = slot
	t.slice = 0
	if t.pinned >= 0 {
		t.core = t.pinned
	} else {
		t.core = slot % vm.m.Cores()
	}
}
