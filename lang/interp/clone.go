// This file copies a whole run (VM and machine), so that the explorer
// branches from a state instead of replaying the steps up to it.

package interp

import (
	"slices"

	"github.com/cohere-sim/cohere/sim"
)

// cloneInto returns a deep copy of vm. m, when not nil, is a machine of
// the same configuration to reuse for the copy's machine; mem copies the
// process memory map.
func (vm *VM) cloneInto(m *sim.Machine, mem func(Memory) Memory) *VM {
	c := *vm
	if m == nil || !m.CopyFrom(vm.m) {
		m = vm.m.Clone()
	}
	c.m = m
	c.mem = mem(vm.mem)
	c.rec = nil
	c.race = nil // the explorer runs without the race detector
	c.agentScratch = nil
	c.pickScratch = [pickBuffer]*thread{}
	threads := make(map[*thread]*thread, len(vm.threads))
	c.threads = make([]*thread, len(vm.threads))
	for i, t := range vm.threads {
		nt := *t
		nt.regs = slices.Clone(t.regs)
		nt.frames = slices.Clone(t.frames)
		for k := range nt.frames {
			nt.frames[k].defers = slices.Clip(nt.frames[k].defers)
		}
		nt.final.defers = slices.Clip(nt.final.defers)
		nt.panics = nil
		for _, p := range t.panics {
			np := *p
			nt.panics = append(nt.panics, &np)
		}
		c.threads[i] = &nt
		threads[t] = &nt
	}
	remap := func(ts []*thread) []*thread {
		out := make([]*thread, len(ts))
		for i, t := range ts {
			if t != nil {
				out[i] = threads[t]
			}
		}
		return out
	}
	c.ready = remap(vm.ready)
	c.running = remap(vm.running)
	if vm.cur != nil {
		c.cur = threads[vm.cur]
	}
	// Strings and closures never change once made: share them, with the
	// capacity clipped so that appends do not write into the other's.
	c.strings = slices.Clip(vm.strings)
	c.closures = slices.Clip(vm.closures)
	c.boxes = slices.Clone(vm.boxes)
	c.chans = make([]*channel, len(vm.chans))
	waits := map[*selectWait]*selectWait{}
	copyWait := func(w *selectWait) *selectWait {
		if w == nil {
			return nil
		}
		if nw, ok := waits[w]; ok {
			return nw
		}
		nw := &selectWait{t: threads[w.t], chosen: w.chosen, done: w.done}
		waits[w] = nw
		return nw
	}
	chans := map[*channel]*channel{}
	for i, ch := range vm.chans {
		if ch == nil {
			continue
		}
		nc := *ch
		nc.buf = slices.Clone(ch.buf)
		nc.recvq = nil
		for _, r := range ch.recvq {
			nr := *r
			nr.t, nr.sel = threads[r.t], copyWait(r.sel)
			nc.recvq = append(nc.recvq, &nr)
		}
		nc.sendq = nil
		for _, s := range ch.sendq {
			ns := *s
			ns.t, ns.sel = threads[s.t], copyWait(s.sel)
			nc.sendq = append(nc.sendq, &ns)
		}
		c.chans[i] = &nc
		chans[ch] = &nc
	}
	for w, nw := range waits {
		for _, ch := range w.chans {
			nw.chans = append(nw.chans, chans[ch])
		}
	}
	c.mutexes = cloneQueues(vm.mutexes, threads)
	c.groups = cloneQueues(vm.groups, threads)
	c.out.Reset()
	c.out.WriteString(vm.out.String())
	if vm.result != nil {
		r := *vm.result
		c.result = &r
	}
	c.sbufs = make([]storeBuffer, len(vm.sbufs))
	for i := range vm.sbufs {
		c.sbufs[i].entries = slices.Clone(vm.sbufs[i].entries)
	}
	c.opt.StepObservers = nil
	return &c
}

func cloneQueues(m map[uint64]*waitQueue, threads map[*thread]*thread) map[uint64]*waitQueue {
	out := make(map[uint64]*waitQueue, len(m))
	for addr, q := range m {
		nq := &waitQueue{}
		for _, t := range q.threads {
			nq.threads = append(nq.threads, threads[t])
		}
		out[addr] = nq
	}
	return out
}
