// This file runs select statements with Go's semantics: of the cases that
// can proceed one is chosen uniformly at random (through choose, so that
// the explorer can take each), else the default runs, else the thread
// parks on every case's channel at once until another thread completes
// one of its cases.

package interp

import (
	"cmp"
	"slices"

	"github.com/cohere-sim/cohere/lang/compile"
)

// selectWait is a thread parked in a select: a receiver or sender of it
// waits in the queue of each case's channel. The first case another
// thread completes wins and takes the thread out of the other queues.
type selectWait struct {
	t      *thread
	chosen int        // the absolute register that gets the chosen case's index
	chans  []*channel // the channels whose queues hold it
	done   bool       // a case has won
}

// selectCase runs one select (OpSelect): one step, in which it takes the
// lock word of each of its channels once, in the order Go's runtime does
// (by address), as a channel operation does. The channel operands and the
// values to send were evaluated before, in source order; nil channels are
// never ready. The chosen case's index goes to register chosen, with
// len(spec.Cases) for the default.
func (vm *VM) selectCase(t *thread, base int, spec *compile.SelectSpec, chosen int) {
	if len(spec.Cases) == 0 && !spec.Default {
		vm.block(t, "select (no cases)", false) // select {}: forever
		return
	}
	r := t.regs[base:]
	var chans []*channel
	var ready []int
	for i, c := range spec.Cases {
		h := r[c.Chan]
		if h == 0 {
			continue
		}
		ch := vm.chans[h]
		if !slices.Contains(chans, ch) {
			chans = append(chans, ch)
		}
		if canProceed(ch, c.Send) {
			ready = append(ready, i)
		}
	}
	slices.SortFunc(chans, func(a, b *channel) int { return cmp.Compare(a.addr, b.addr) })

	if len(ready) > 0 {
		k := ready[vm.choose(len(ready))]
		c := spec.Cases[k]
		h, v := r[c.Chan], r[c.Value]
		dst, ok := base+int(c.Value), -1
		if c.Ok >= 0 {
			ok = base + int(c.Ok)
		}
		t.regs[chosen] = int64(k)
		target := vm.chans[h]
		// The chosen operation takes its channel's lock word in its turn;
		// a send on a closed channel panics there, as in Go.
		for _, ch := range chans {
			switch {
			case ch != target:
				if !vm.lockChan(t, ch) {
					return
				}
			case c.Send:
				vm.send(t, h, v)
			default:
				vm.recv(t, h, dst, ok)
			}
			if vm.result != nil {
				return
			}
		}
		return
	}
	for _, ch := range chans {
		if !vm.lockChan(t, ch) {
			return
		}
	}
	if spec.Default {
		t.regs[chosen] = int64(len(spec.Cases))
		return
	}
	w := &selectWait{t: t, chosen: chosen, chans: chans}
	for i, c := range spec.Cases {
		h := r[c.Chan]
		if h == 0 {
			continue
		}
		ch := vm.chans[h]
		if c.Send {
			ch.sendq = append(ch.sendq, &sender{t: t, v: r[c.Value], sel: w, idx: i})
			continue
		}
		ok := -1
		if c.Ok >= 0 {
			ok = base + int(c.Ok)
		}
		ch.recvq = append(ch.recvq, &receiver{t: t, dst: base + int(c.Value), ok: ok, sel: w, idx: i})
	}
	vm.block(t, "select", false)
}

// canProceed reports whether a send (or a receive) on ch would complete
// now: a send finds a waiting receiver or room in the buffer, a receive a
// buffered value or a waiting sender; on a closed channel both proceed (a
// send to panic).
func canProceed(ch *channel, send bool) bool {
	if ch.closed {
		return true
	}
	if send {
		return len(ch.recvq) > 0 || len(ch.buf) < ch.cap
	}
	return len(ch.buf) > 0 || len(ch.sendq) > 0
}

// selected is called when a waiting receiver or sender is completed by
// another thread (w nil: a plain channel operation, nothing to do). Case
// idx of the select w wins: the index goes to the select's register and
// the thread leaves the queues of its other channels. It reports false
// when another case of w has already won (closeChan walks a queue that
// may still hold w's other cases).
func (vm *VM) selected(w *selectWait, idx int) bool {
	if w == nil {
		return true
	}
	if w.done {
		return false
	}
	w.done = true
	w.t.regs[w.chosen] = int64(idx)
	for _, ch := range w.chans {
		// New slices, not filtered in place: a caller may be ranging over
		// the old ones.
		if slices.ContainsFunc(ch.recvq, func(rc *receiver) bool { return rc.sel == w }) {
			ch.recvq = slices.DeleteFunc(slices.Clone(ch.recvq), func(rc *receiver) bool { return rc.sel == w })
		}
		if slices.ContainsFunc(ch.sendq, func(s *sender) bool { return s.sel == w }) {
			ch.sendq = slices.DeleteFunc(slices.Clone(ch.sendq), func(s *sender) bool { return s.sel == w })
		}
	}
	return true
}
