// This file is the race detector's happens-before edges: the go
// statement, mutexes, wait groups, channels and atomics, as the Go memory
// model defines them.

package interp

import (
	"fmt"
	"math"
)

// Every edge is a release (the releasing thread's clock is merged into a
// clock that belongs to the synchronising object, and the thread's own
// entry moves on) followed later by an acquire (the acquiring thread
// merges the object's clock into its own). sleep, yield, time and the end
// of a thread are no edges.

// acquire is the hook where a thread acquires the object at addr: a
// successful Lock or TryLock, a Wait that returns.
func (d *raceDetector) acquire(t *thread, addr uint64) {
	if d != nil && !t.direct && d.halted == "" {
		d.join(&d.thread(t).clock, *d.sync(addr))
	}
}

// release is the hook where a thread releases the object at addr: an
// Unlock, a wait group's Done (Add of a negative delta).
func (d *raceDetector) release(t *thread, addr uint64) {
	if d != nil && !t.direct && d.halted == "" {
		d.releaseInto(t, d.thread(t), d.sync(addr))
	}
}

// sync returns the clock of the synchronising object at addr.
func (d *raceDetector) sync(addr uint64) *vclock {
	c := d.syncs[addr]
	if c == nil {
		c = new(vclock)
		d.syncs[addr] = c
		d.grow(64)
	}
	return c
}

// releaseInto merges rt's clock into c and starts rt's next epoch.
func (d *raceDetector) releaseInto(t *thread, rt *raceThread, c *vclock) {
	d.join(c, rt.clock)
	d.tick(t, rt)
}

// releaseStore makes c a copy of rt's clock (an atomic store: a later
// load synchronises with the store it observes, and only that one) and
// starts rt's next epoch.
func (d *raceDetector) releaseStore(t *thread, rt *raceThread, c *vclock) {
	d.assign(c, rt.clock)
	d.tick(t, rt)
}

// tick starts t's next epoch. A clock that would overflow stops the
// detector (after four billion releases by one thread).
func (d *raceDetector) tick(t *thread, rt *raceThread) {
	if rt.clock[t.id] == math.MaxUint32-1 {
		d.halted = fmt.Sprintf("the race detector stopped at step %d: %s's clock reached its limit", d.vm.steps, t.name)
		return
	}
	rt.clock[t.id]++
}

// spawn is the hook where parent starts goroutine child: everything the
// parent did before the go statement happens before the goroutine starts.
func (d *raceDetector) spawn(parent, child *thread) {
	if d == nil || parent.direct || d.halted != "" {
		return
	}
	prt := d.thread(parent)
	top := len(parent.frames) - 1
	rt := &raceThread{goroutine: true, parent: parent.id, createdStack: d.stackOf(parent, top),
		createdPC: uint32(max(parent.frames[top].pc-1, 0))}
	d.assign(&rt.clock, prt.clock)
	n := cap(rt.clock)
	rt.clock.set(child.id, 1)
	d.grow(int64(4 * (cap(rt.clock) - n)))
	d.setThread(child.id, rt)
	d.tick(parent, prt)
}

// chanClocks is a channel's synchronisation state. A buffered channel
// has a clock per buffer slot, as Go's runtime does: the k-th send and
// the k-th receive meet in slot k mod C, so that a send happens before
// the receive that takes its value, and the k-th receive happens before
// the (k+C)-th send, which fills the slot it emptied.
type chanClocks struct {
	slots          []vclock
	sent, received uint64 // values put into and taken out of the buffer
	closed         vclock // the closer's clock
}

func (d *raceDetector) chanState(c *channel) *chanClocks {
	cc := d.chans[c]
	if cc == nil {
		cc = &chanClocks{slots: make([]vclock, c.cap)}
		d.chans[c] = cc
		d.grow(int64(64 + 24*c.cap))
	}
	return cc
}

// chanHandoff is the hook where a value passes straight from a sender to
// a receiver that was waiting for it (or the reverse). On an unbuffered
// channel the send happens before the receive completes and the receive
// before the send completes: both clocks become their join. On a
// buffered channel (a receiver waits on an empty buffer) the value passes
// through the next slot, as in Go's runtime.
func (d *raceDetector) chanHandoff(c *channel, sender, receiver *thread) {
	if d == nil || sender.direct || receiver.direct || d.halted != "" {
		return
	}
	if c.cap > 0 {
		d.chanPut(c, sender)
		d.chanTake(c, receiver)
		return
	}
	s, r := d.thread(sender), d.thread(receiver)
	d.join(&s.clock, r.clock)
	d.assign(&r.clock, s.clock)
	d.tick(sender, s)
	d.tick(receiver, r)
}

// chanPut is the hook where a sender's value goes into the buffer.
func (d *raceDetector) chanPut(c *channel, sender *thread) {
	if d == nil || sender.direct || d.halted != "" || c.cap == 0 {
		return
	}
	cc := d.chanState(c)
	d.slotExchange(sender, &cc.slots[cc.sent%uint64(c.cap)])
	cc.sent++
}

// chanTake is the hook where a receiver takes a value out of the buffer.
func (d *raceDetector) chanTake(c *channel, receiver *thread) {
	if d == nil || receiver.direct || d.halted != "" || c.cap == 0 {
		return
	}
	cc := d.chanState(c)
	d.slotExchange(receiver, &cc.slots[cc.received%uint64(c.cap)])
	cc.received++
}

// slotExchange is Go's race runtime's release-store-acquire on a buffer
// slot: the thread acquires what the slot holds (the clock of the
// operation that last used it) and leaves its own clock there.
func (d *raceDetector) slotExchange(t *thread, slot *vclock) {
	rt := d.thread(t)
	n := cap(*slot) + cap(rt.clock)
	for len(*slot) < len(rt.clock) {
		*slot = append(*slot, 0)
	}
	for len(rt.clock) < len(*slot) {
		rt.clock = append(rt.clock, 0)
	}
	s, c := *slot, rt.clock
	for i := range s {
		old := s[i]
		s[i] = c[i]
		if old > c[i] {
			c[i] = old
		}
	}
	d.grow(int64(4 * (cap(*slot) + cap(rt.clock) - n)))
	d.tick(t, rt)
}

// chanClose is the hook where a channel is closed.
func (d *raceDetector) chanClose(c *channel, t *thread) {
	if d == nil || t.direct || d.halted != "" {
		return
	}
	d.releaseInto(t, d.thread(t), &d.chanState(c).closed)
}

// chanClosed is the hook where a receive observes that the channel is
// closed (it gets the zero value): the close happens before it.
func (d *raceDetector) chanClosed(c *channel, receiver *thread) {
	if d == nil || receiver.direct || d.halted != "" {
		return
	}
	d.join(&d.thread(receiver).clock, d.chanState(c).closed)
}
