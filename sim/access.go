// This file runs one processor access through the protocol table: the fast
// path for plain hits, and the general path for everything else (misses,
// upgrades, updates, snooping, evictions, timing, data and events). Both
// paths serve trace mode and scripts alike.

package sim

import (
	"fmt"

	"github.com/cohere-sim/cohere/sim/protocol"
)

// AtomicKind says what an atomic read-modify-write computes.
type AtomicKind uint8

// The atomic operations.
const (
	AtomicAdd  AtomicKind = iota // new = old + Arg
	AtomicSwap                   // new = Arg
	AtomicCAS                    // new = New if old == Arg, else old
)

// AtomicOp is the computation of one RMW access.
type AtomicOp struct {
	Kind     AtomicKind
	Arg, New uint64
}

func (a AtomicOp) apply(old uint64) uint64 {
	switch a.Kind {
	case AtomicAdd:
		return old + a.Arg
	case AtomicSwap:
		return a.Arg
	}
	if old == a.Arg {
		return a.New
	}
	return old
}

// Access runs one access that carries no data, as trace mode does. op is
// Read or Write (RMW counts as a write). core must be a valid core number.
func (m *Machine) Access(core int, op Op, addr uint64) {
	m.access(core, op, addr, 1, 0)
}

// Load reads size bytes (1, 2, 4 or 8, within one line) at addr through
// core's cache and returns what that core really sees.
func (m *Machine) Load(core int, addr uint64, size int) (uint64, error) {
	if err := m.checkData(core, addr, size); err != nil {
		return 0, err
	}
	return m.access(core, Read, addr, size, 0), nil
}

// Store writes size bytes of v at addr through core's cache.
func (m *Machine) Store(core int, addr uint64, size int, v uint64) error {
	if err := m.checkData(core, addr, size); err != nil {
		return err
	}
	m.access(core, Write, addr, size, v)
	return nil
}

// Atomic performs an atomic read-modify-write at addr: the core takes the
// line exclusively (one PrWr) and computes op on it locally. It returns the
// old value; a CAS succeeded when old == op.Arg.
func (m *Machine) Atomic(core int, addr uint64, size int, op AtomicOp) (uint64, error) {
	if err := m.checkData(core, addr, size); err != nil {
		return 0, err
	}
	m.atomic = op
	return m.access(core, RMW, addr, size, 0), nil
}

func (m *Machine) checkData(core int, addr uint64, size int) error {
	if err := m.checkCore(core); err != nil {
		return err
	}
	if m.mem == nil {
		return fmt.Errorf("this machine carries no data (trace mode)")
	}
	switch size {
	case 1, 2, 4, 8:
	default:
		return fmt.Errorf("access size %d: want 1, 2, 4 or 8 bytes", size)
	}
	if off := int(addr & uint64(m.geo.Line-1)); off+size > m.geo.Line {
		return fmt.Errorf("access of %d bytes at %#x crosses a %d-byte line", size, addr, m.geo.Line)
	}
	if addr%uint64(size) != 0 {
		return fmt.Errorf("access of %d bytes at %#x is not aligned", size, addr)
	}
	return nil
}

// access is the one entry to the engine for every processor request. It
// returns the value loaded (or an RMW's old value) when lines carry data.
func (m *Machine) access(core int, op Op, addr uint64, size int, val uint64) uint64 {
	ln := addr >> m.lineShift
	var set int
	if m.pow2Sets {
		set = int(ln & m.setMask)
	} else {
		set = int(ln % uint64(m.geo.Sets))
	}
	c := &m.caches[core]
	base := set * m.ways
	idx := -1
	for w, t := range c.tags[base : base+m.ways] {
		if t == ln {
			idx = base + w
			break
		}
	}
	ev := 0
	if op != Read {
		ev = 1
	}
	if idx >= 0 && len(m.observers) == 0 {
		if next := m.hitNext[c.states[idx]][ev]; next >= 0 {
			// A plain hit: no bus, no other cache involved.
			m.steps++
			cnt := &m.counters[core]
			if op == Read {
				cnt.Reads++
			} else {
				cnt.Writes++
			}
			c.states[idx] = protocol.State(next)
			m.stamp++
			if m.cfg.Replace == LRU {
				c.stamps[idx] = m.stamp
			}
			m.clocks[core] += m.cfg.Latency.Hit
			if m.classifier != nil {
				m.classifier.access(core, ln, addr, size, op, false, true)
				if op != Read {
					m.classifier.wrote(core, ln, addr, size)
				}
			}
			if c.data != nil {
				return m.hitData(c, idx, op, addr, size, val)
			}
			return 0
		}
	}
	return m.general(core, op, addr, size, val, ln, set, idx)
}

// hitData reads or writes the bytes of a plain hit.
func (m *Machine) hitData(c *cache, idx int, op Op, addr uint64, size int, val uint64) uint64 {
	b := c.data[idx*m.geo.Line+int(addr&uint64(m.geo.Line-1)):]
	old := getValue(b, size)
	switch op {
	case Read:
		return old
	case RMW:
		val = m.atomic.apply(old)
	}
	putValue(b, size, val)
	m.truth.write(addr, size, val)
	return old
}

// scanHolders records where every other cache holds line ln and reports
// whether any does (the C line).
func (m *Machine) scanHolders(req int, ln uint64, set int) bool {
	base := set * m.ways
	shared := false
	for h := range m.caches {
		m.holders[h] = -1
		if h == req {
			continue
		}
		for w, t := range m.caches[h].tags[base : base+m.ways] {
			if t == ln {
				m.holders[h] = int32(base + w)
				shared = true
				break
			}
		}
	}
	return shared
}

// inflight is the data side of the access under way, when lines carry
// data: m.buf holds the accessed line until it is stored in the cache.
type inflight struct {
	addr, ln    uint64
	off, size   int
	op          Op
	val         uint64 // the value a store writes
	bufValid    bool   // m.buf holds the line
	wrote       bool   // the write has been applied to m.buf
	old, newVal uint64
}

// applyWrite performs the access's write on m.buf (reading the line from
// memory first when the core does not hold it: a write-through miss).
func (m *Machine) applyWrite(f *inflight) {
	if !f.bufValid {
		m.mem.copyOut(f.ln, m.buf)
		f.bufValid = true
	}
	f.old = getValue(m.buf[f.off:], f.size)
	f.newVal = f.val
	if f.op == RMW {
		f.newVal = m.atomic.apply(f.old)
	}
	putValue(m.buf[f.off:], f.size, f.newVal)
	m.truth.write(f.addr, f.size, f.newVal)
	f.wrote = true
}

// general runs an access that is not a plain hit, or any access while
// observers are attached.
func (m *Machine) general(core int, op Op, addr uint64, size int, val uint64, ln uint64, set, idx int) uint64 {
	t := m.table
	c := &m.caches[core]
	cnt := &m.counters[core]
	observing := len(m.observers) > 0
	data := c.data != nil
	line := m.geo.Line

	ev := protocol.PrRd
	if op != Read {
		ev = protocol.PrWr
	}
	m.steps++
	if op == Read {
		cnt.Reads++
	} else {
		cnt.Writes++
	}
	st := protocol.Invalid
	if idx >= 0 {
		st = c.states[idx]
	}
	hit := st != protocol.Invalid
	clock := m.clocks[core]

	e := &m.event
	if observing {
		e.Step, e.Core, e.Op, e.Addr, e.Line, e.Size = m.steps, core, op, addr, ln<<m.lineShift, size
		e.Bus, e.Snoops = e.Bus[:0], e.Snoops[:0]
		e.Supplier, e.Victim, e.Start, e.Class, e.Old = NoData, Victim{}, clock, NotMiss, 0
		for k := range m.caches {
			e.Before[k] = m.lineState(k, ln, set)
		}
	}

	scanned := false
	shared := false
	if t.NeedsC(st, ev) {
		shared = m.scanHolders(core, ln, set)
		scanned = true
	}
	rowIdx := t.Lookup(st, ev, shared)
	var actions []protocol.Action
	next := st // a valid state with no row keeps its state: a plain hit
	if rowIdx >= 0 {
		row := &t.Rows[rowIdx]
		next, actions = row.To, row.Actions
	}

	if !hit {
		if op == Read {
			cnt.ReadMisses++
		} else {
			cnt.WriteMisses++
		}
	}
	if m.classifier != nil {
		cl := m.classifier.access(core, ln, addr, size, op, !hit, next != protocol.Invalid)
		if observing {
			e.Class = cl
		}
	}

	clock += m.cfg.Latency.Hit
	if !hit && next != protocol.Invalid {
		idx = m.allocate(core, set, &clock, observing)
		c.tags[idx] = ln
	}

	f := &m.cur
	if data {
		*f = inflight{addr: addr, ln: ln, off: int(addr & uint64(line-1)), size: size, op: op, val: val}
		if hit {
			copy(m.buf, c.data[idx*line:(idx+1)*line])
			f.bufValid = true
		}
	}
	have := hit // the requester holds the line's data
	for _, a := range actions {
		kind, _ := a.Bus()
		if !scanned {
			m.scanHolders(core, ln, set)
			scanned = true
		}
		have = m.transaction(core, kind, ln, next, have, &clock, observing)
	}

	var result uint64
	if data {
		if op != Read {
			if !f.wrote {
				m.applyWrite(f)
			}
			result = f.old
		} else {
			if !f.bufValid {
				m.mem.copyOut(ln, m.buf)
			}
			result = getValue(m.buf[f.off:], size)
		}
	}
	if op != Read && m.classifier != nil {
		m.classifier.wrote(core, ln, addr, size)
	}

	if next != protocol.Invalid {
		c.states[idx] = next
		m.stamp++
		if m.cfg.Replace == LRU || !hit {
			c.stamps[idx] = m.stamp
		}
		if data {
			copy(c.data[idx*line:(idx+1)*line], m.buf)
		}
	} else if idx >= 0 {
		c.tags[idx] = noLine
		c.states[idx] = protocol.Invalid
		c.stamps[idx] = 0
	}
	m.clocks[core] = clock

	if observing {
		e.Hit = hit
		e.Row = rowIdx
		e.End = clock
		if op == Read {
			e.Value = result
		} else {
			e.Value, e.Old = f.newVal, f.old
		}
		for k := range m.caches {
			e.After[k] = m.lineState(k, ln, set)
		}
		for _, o := range m.observers {
			o.Observe(m, e)
		}
	}
	return result
}

// transaction issues one bus transaction for core's access: the other
// caches snoop it, the line's data moves, memory is updated, and the bus
// and the core's clock advance. next is the requester's next state. It
// returns whether the requester now holds the line's data.
func (m *Machine) transaction(core int, kind protocol.Event, ln uint64, next protocol.State, have bool, clock *uint64, observing bool) bool {
	cnt := &m.counters[core]
	lat := &m.cfg.Latency
	data := m.buf != nil
	line := m.geo.Line
	f := &m.cur
	cnt.Bus[kind-protocol.BusRd]++
	carries := kind == protocol.BusUpd || kind == protocol.BusWr
	if carries && data && !f.wrote {
		m.applyWrite(f)
	}
	needData := (kind == protocol.BusRd || kind == protocol.BusRdX) && !have
	sup, supIdx := m.snoop(core, ln, kind, observing)
	dur := lat.Bus
	supplier := NoData
	if needData {
		if sup >= 0 {
			cnt.C2C++
			dur += lat.C2C
			supplier = sup
			if data {
				copy(m.buf, m.caches[sup].data[supIdx*line:(supIdx+1)*line])
			}
		} else {
			cnt.MemReads++
			dur += lat.Memory
			supplier = FromMemory
			if data {
				m.mem.copyOut(ln, m.buf)
			}
		}
		have = true
		f.bufValid = data
	} else if kind == protocol.BusWr {
		dur += lat.Memory
	}
	if carries && !m.table.IsDirty(next) {
		cnt.MemWrites++
		if data {
			m.mem.write(f.addr, f.size, f.newVal)
		}
	}
	start := max(*clock, m.busFree)
	*clock = start + dur
	m.busFree = *clock
	if observing {
		m.event.Bus = append(m.event.Bus, BusTxn{Kind: kind, Supplier: supplier, Start: start, End: *clock})
		if supplier != NoData {
			m.event.Supplier = supplier
		}
	}
	return have
}

// snoop delivers bus transaction kind for line ln to every other cache
// holding it, applies their rows, and returns the cache that supplies the
// line (a flusher before a clean supplier, then the lowest core) and the
// index of its copy, or -1.
func (m *Machine) snoop(req int, ln uint64, kind protocol.Event, observing bool) (int, int) {
	t := m.table
	line := m.geo.Line
	sup, supIdx, flushed := -1, -1, false
	for h := range m.caches {
		hi := int(m.holders[h])
		if h == req || hi < 0 {
			continue
		}
		hc := &m.caches[h]
		hs := hc.states[hi]
		ri := t.SnoopRow(hs, kind)
		if ri < 0 {
			continue
		}
		r := &t.Rows[ri]
		for _, a := range r.Actions {
			switch a {
			case protocol.Flush:
				m.counters[h].Flushes++
				if !flushed {
					sup, supIdx, flushed = h, hi, true
				}
				if !t.IsDirty(r.To) {
					m.counters[req].MemWrites++
					if hc.data != nil {
						m.mem.copyIn(ln, hc.data[hi*line:(hi+1)*line])
					}
				}
			case protocol.Supply:
				if sup < 0 {
					sup, supIdx = h, hi
				}
			}
		}
		if hc.data != nil && r.To != protocol.Invalid && (kind == protocol.BusUpd || kind == protocol.BusWr) {
			putValue(hc.data[hi*line+m.cur.off:], m.cur.size, m.cur.newVal)
		}
		if kind == protocol.BusRd && t.Writable(hs) && r.To != protocol.Invalid && !t.Writable(r.To) {
			m.counters[h].Interventions++
		}
		hc.states[hi] = r.To
		if r.To == protocol.Invalid {
			m.counters[h].Invalidations++
			hc.tags[hi] = noLine
			hc.stamps[hi] = 0
			m.holders[h] = -1
			if m.classifier != nil {
				m.classifier.invalidated(h, ln)
			}
		}
		if observing {
			m.event.Snoops = append(m.event.Snoops, Snoop{Core: h, Txn: kind, Row: ri, From: hs, To: r.To})
		}
	}
	return sup, supIdx
}

// allocate finds a way for a line in set: an invalid way, else the
// policy's victim, which is evicted first. Invalid ways have stamp 0, older
// than any used way, so one pass finds the first invalid way or the least
// recently used (LRU) or first filled (FIFO) one.
func (m *Machine) allocate(core, set int, clock *uint64, observing bool) int {
	c := &m.caches[core]
	base := set * m.ways
	stamps := c.stamps[base : base+m.ways]
	victim := 0
	if m.cfg.Replace == Random {
		victim = -1
		for w, t := range c.tags[base : base+m.ways] {
			if t == noLine {
				victim = w
				break
			}
		}
		if victim < 0 {
			victim = int(m.random() % uint64(m.ways))
		}
	} else {
		oldest := stamps[0]
		for w, s := range stamps {
			if s < oldest {
				victim, oldest = w, s
			}
		}
	}
	if c.tags[base+victim] != noLine {
		m.evict(core, base+victim, clock, observing)
	}
	return base + victim
}

// evict removes the line at idx from core's cache, writing it back when
// its Evict row says so.
func (m *Machine) evict(core, idx int, clock *uint64, observing bool) {
	c := &m.caches[core]
	vs, vln := c.states[idx], c.tags[idx]
	wb := m.writesBack[vs]
	if wb {
		cnt := &m.counters[core]
		cnt.Writebacks++
		cnt.MemWrites++
		if c.data != nil {
			line := m.geo.Line
			m.mem.copyIn(vln, c.data[idx*line:(idx+1)*line])
		}
		start := max(*clock, m.busFree)
		*clock = start + m.cfg.Latency.Bus + m.cfg.Latency.Memory
		m.busFree = *clock
	}
	c.tags[idx] = noLine
	c.states[idx] = protocol.Invalid
	c.stamps[idx] = 0
	if observing {
		m.event.Victim = Victim{Valid: true, Line: vln << m.lineShift, State: vs, WroteBack: wb}
	}
}

// lineState returns core's state for line ln in set.
func (m *Machine) lineState(core int, ln uint64, set int) protocol.State {
	base := set * m.ways
	c := &m.caches[core]
	for w, t := range c.tags[base : base+m.ways] {
		if t == ln {
			return c.states[base+w]
		}
	}
	return protocol.Invalid
}

// random is xorshift64*, seeded from the configuration.
func (m *Machine) random() uint64 {
	m.rng ^= m.rng >> 12
	m.rng ^= m.rng << 25
	m.rng ^= m.rng >> 27
	return m.rng * 2685821657736338717
}
