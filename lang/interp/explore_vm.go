// This file gives the interleaving explorer its handles on a VM: what a
// step touches, which threads and buffers can step, a hash of the whole
// state, and stepping one chosen thread or buffer.

package interp

import (
	"math"
	"strconv"
	"strings"
)

// Footprint keys: a step touches memory lines (or cache sets), a core's
// store buffer, and a few interpreter resources whose order matters.
const (
	bufferKeyTag  = 1 << 62
	virtualKeyTag = 1 << 61
	setKeyTag     = 1 << 60
	spawnKey      = virtualKeyTag | 1 // thread numbers and stacks follow the order of go statements
	heapKey       = virtualKeyTag | 2 // heap addresses follow the order of allocations
	outputKey     = virtualKeyTag | 3 // the program's output is one stream
)

func bufferKey(core int) uint64 { return bufferKeyTag | uint64(core) }

// access is one thing a step touched.
type access struct {
	key   uint64
	write bool
}

// recorder collects what the step under way touches.
type recorder struct {
	fp []access
	// bySet keys memory by cache set, not line: the caches' contents are
	// part of the outcome (or the protocol keeps no coherence), so an
	// access that may evict a line conflicts with the lines of its set.
	bySet bool
}

func (vm *VM) touch(key uint64, write bool) {
	if r := vm.rec; r != nil {
		r.fp = append(r.fp, access{key, write})
	}
}

// touchAddr records an access to the word at addr. Without bySet the key
// is the 8-byte word: on a coherent machine whose caches are not looked
// at, accesses to different words commute even within one line (their
// cache states differ, their values do not).
func (vm *VM) touchAddr(addr uint64, write bool) {
	if r := vm.rec; r != nil {
		key := addr &^ 7
		if r.bySet {
			key = setKeyTag | uint64(vm.m.SetOf(addr))
		}
		r.fp = append(r.fp, access{key, write})
	}
}

// choiceState is how the explorer decides a choice made inside a step
// (which ready case a select takes).
type choiceState struct {
	forced  int // the alternative to take
	offered int // how many alternatives the last choice had (0: none)
}

// exploreChoice returns the explorer's pick among n alternatives and
// remembers that there were n.
func (vm *VM) exploreChoice(n int) int {
	vm.choice.offered = max(vm.choice.offered, n)
	return min(vm.choice.forced, n-1)
}

// exploreStep is one step of t under the explorer: no Ps, no preemption.
func (vm *VM) exploreStep(t *thread) {
	vm.cur, vm.drainCore = t, -1
	vm.steps++
	t.steps++
	vm.step(t)
	if t.status == yielded {
		t.status = runnable
	}
	vm.exploreAfter()
}

// exploreAfter ends the run when nothing can step any more.
func (vm *VM) exploreAfter() {
	if vm.result == nil {
		vm.checkBounds()
	}
	if vm.result != nil || vm.buffered() > 0 {
		return
	}
	if vm.threadsDone() || !vm.anyRunnable() {
		vm.finishOrDeadlock()
	}
}

// agent numbers: a thread's number, or -(core+1) for a core's store
// buffer draining.
func drainAgent(core int) int { return -(core + 1) }

// enabledAgents appends what can take the next step.
func (vm *VM) enabledAgents(buf []int) []int {
	if vm.result != nil {
		return buf
	}
	if !vm.threadsDone() {
		for _, t := range vm.threads {
			if t.status == runnable || t.status == yielded {
				buf = append(buf, t.id)
			}
		}
	}
	for c := range vm.sbufs {
		if len(vm.sbufs[c].entries) > 0 {
			buf = append(buf, drainAgent(c))
		}
	}
	return buf
}

// stepAgent takes one step of an agent with a forced choice.
func (vm *VM) stepAgent(agent, choice int) {
	vm.choice = choiceState{forced: choice}
	vm.startClock()
	if agent >= 0 {
		vm.exploreStep(vm.threads[agent])
		return
	}
	vm.drainStep(-agent - 1)
	vm.exploreAfter()
}

// splitChoice reads a witness step w0:2 as thread w0 taking alternative
// 2 of its step's choice.
func splitChoice(name string) (string, int) {
	i := strings.LastIndexByte(name, ':')
	if i < 0 {
		return name, 0
	}
	n, err := strconv.Atoi(name[i+1:])
	if err != nil || n < 0 {
		return name, 0
	}
	return name[:i], n
}

// agentName is an agent's step name in a witness: the thread's name, or
// P1.drain; a choice other than the first is written name:choice.
func (vm *VM) agentName(agent, choice int) string {
	name := ""
	if agent >= 0 {
		name = vm.threads[agent].name
	} else {
		name = drainName(-agent - 1)
	}
	if choice > 0 {
		name += ":" + strconv.Itoa(choice)
	}
	return name
}

// stateHasher accumulates a 64-bit hash of words.
type stateHasher struct{ h uint64 }

func (s *stateHasher) add(v uint64) {
	s.h ^= v
	s.h *= 0x100000001b3
	s.h ^= s.h >> 29
}

// stringHash is FNV-1a over a string's bytes.
func stringHash(str string) uint64 {
	h := uint64(0xcbf29ce484222325)
	for i := 0; i < len(str); i++ {
		h ^= uint64(str[i])
		h *= 0x100000001b3
	}
	return h
}

// stateHash hashes everything that decides how the run goes on and what
// an outcome shows: the machine's data (with caches: its cache contents),
// every thread's frames and registers, the channels, the queues of
// mutexes and wait groups, the store buffers and the output. Counters,
// clocks and the scheduler's bookkeeping are left out.
func (vm *VM) stateHash(caches bool) uint64 {
	s := stateHasher{h: 0xcbf29ce484222325}
	s.add(vm.m.DataHash(caches))
	s.add(uint64(len(vm.threads)))
	for _, t := range vm.threads {
		s.add(uint64(t.status)<<32 | uint64(t.spins))
		s.add(t.sp)
		s.add(uint64(len(t.frames)))
		for i := range t.frames {
			f := &t.frames[i]
			flags := uint64(0)
			if f.returning {
				flags |= 1
			}
			if f.unwinding {
				flags |= 2
			}
			if f.deferred {
				flags |= 4
			}
			s.add(uint64(f.fnIdx)<<40 | uint64(f.pc)<<8 | flags)
			s.add(uint64(f.base)<<32 | uint64(uint32(f.resBase)))
			s.add(uint64(len(f.defers)))
			for _, d := range f.defers {
				s.add(uint64(d.fn)<<32 | uint64(d.closure))
				for _, a := range d.args {
					s.add(uint64(a))
				}
			}
		}
		s.add(uint64(len(t.regs)))
		for _, r := range t.regs {
			s.add(uint64(r))
		}
		if t.status == done && len(t.frames) == 0 && t.final.fn != nil {
			s.add(uint64(t.final.base))
		}
		s.add(uint64(len(t.panics)))
		for _, p := range t.panics {
			s.add(uint64(p.value)<<2 | uint64(b2i(p.recovered))<<1 | uint64(b2i(p.repanicked)))
		}
	}
	s.add(uint64(len(vm.chans)))
	for _, c := range vm.chans[1:] {
		s.add(uint64(b2i(c.closed))<<32 | uint64(len(c.buf)))
		for _, v := range c.buf {
			s.add(uint64(v))
		}
		for _, r := range c.recvq {
			s.add(uint64(r.t.id)<<32 | uint64(r.dst))
			s.add(uint64(r.idx)<<1 | uint64(b2i(r.sel != nil)))
		}
		s.add(math.MaxUint64)
		for _, w := range c.sendq {
			s.add(uint64(w.t.id))
			s.add(uint64(w.v))
			s.add(uint64(w.idx)<<1 | uint64(b2i(w.sel != nil)))
		}
	}
	// The queues live in maps: their hashes are summed, in any order.
	var queues uint64
	for _, m := range []map[uint64]*waitQueue{vm.mutexes, vm.groups} {
		for addr, q := range m {
			if len(q.threads) == 0 {
				continue
			}
			qs := stateHasher{h: addr}
			for _, t := range q.threads {
				qs.add(uint64(t.id))
			}
			queues += qs.h
		}
	}
	s.add(queues)
	for c := range vm.sbufs {
		s.add(uint64(len(vm.sbufs[c].entries)))
		for _, e := range vm.sbufs[c].entries {
			s.add(e.addr<<4 | uint64(e.size))
			s.add(uint64(e.v))
		}
	}
	s.add(uint64(len(vm.boxes)))
	for _, b := range vm.boxes[1:] {
		s.add(uint64(b.v))
		s.add(stringHash(b.msg))
		if b.typ != nil {
			s.add(stringHash(b.typ.String()))
		}
	}
	s.add(uint64(len(vm.strings)))
	for _, str := range vm.strings[len(vm.prog.Strings):] {
		s.add(stringHash(str))
	}
	s.add(uint64(len(vm.closures)))
	for _, c := range vm.closures[1:] {
		s.add(uint64(c.fn))
		for _, v := range c.caps {
			s.add(uint64(v))
		}
	}
	s.add(stringHash(vm.out.String()))
	if vm.result != nil {
		s.add(uint64(vm.result.Outcome) + 1)
		s.add(stringHash(vm.result.Message))
	}
	return s.h
}
