// This file runs one processor access through the protocol table: the fast
// path for plain hits, and the general path for everything else (misses,
// upgrades, updates, snooping, evictions, timing, data and events). Both
// paths serve trace mode and scripts alike; AccessTrace runs a batch of
// trace references through the same functions. The table is read through
// plans precomputed in New (machine.go), and ways are found through a
// signature byte per way (see lookup).

package sim

import (
	"encoding/binary"
	"fmt"
	"math/bits"

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

// TraceKind is what a trace reference does.
type TraceKind uint8

// The trace kinds. A fetch is a read of an instruction through the same
// L1; a compute reference adds Addr cycles to the core's clock. Kind&1 is
// 1 for a store and 0 for a load or a fetch: AccessTrace relies on it.
const (
	TraceLoad TraceKind = iota
	TraceStore
	TraceFetch
	TraceCompute
)

// TraceRef is one reference of a trace, as package trace reads it.
type TraceRef struct {
	Addr uint64
	Core uint32
	Kind TraceKind
}

// traceOp is the request of each kind but TraceCompute: a table, so that
// a mix of loads and stores costs no mispredicted branch.
var traceOp = [4]Op{TraceLoad: Read, TraceStore: Write, TraceFetch: Read}

// AccessTrace runs a batch of trace references in order, exactly as
// Access (loads and fetches as Read, stores as Write) and Compute would
// one at a time. Every core must be a valid core number.
func (m *Machine) AccessTrace(refs []TraceRef) {
	// access, with its plain hits inlined for the common machine: the
	// same functions, without a call for every reference.
	inline := m.ways <= 8 && len(m.observers) == 0 && m.classifier == nil && m.mem == nil
	for i := range refs {
		r := &refs[i]
		core := int(r.Core)
		if r.Kind == TraceCompute {
			m.Compute(core, r.Addr)
			continue
		}
		if !inline {
			m.access(core, traceOp[r.Kind&3], r.Addr, 1, 0)
			continue
		}
		ln, base := m.locate(core, r.Addr)
		idx := m.find8(base, ln)
		if idx >= 0 && m.hit(core, idx, uint64(r.Kind&1)) { // 1 for a store
			continue
		}
		m.req = request{op: traceOp[r.Kind&3], addr: r.Addr, size: 1}
		m.general(core, ln, base, idx)
	}
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
	if addr&uint64(size-1) != 0 { // size is a power of two: a mask, not a division
		return fmt.Errorf("access of %d bytes at %#x is not aligned", size, addr)
	}
	return nil
}

// access is the one entry to the engine for every processor request. It
// returns the value loaded (or an RMW's old value) when lines carry data.
func (m *Machine) access(core int, op Op, addr uint64, size int, val uint64) uint64 {
	ln, base := m.locate(core, addr)
	// The lookup is written out: a call here would make every access
	// spill its arguments.
	var idx int
	if m.ways <= 8 {
		idx = m.find8(base, ln)
	} else {
		idx = -1
		for g := 0; g < m.ways && idx < 0; g += 8 {
			z := m.sigMatch(base+g, ln) & highBytes
			if rem := m.ways - g; rem < 8 {
				z &= 1<<(8*uint(rem)) - 1
			}
			idx = m.pick(z, base+g, ln)
		}
	}
	if idx >= 0 && len(m.observers) == 0 && m.hit(core, idx, b2u(op != Read)) {
		if m.classifier != nil || m.mem != nil {
			return m.hitExtras(core, idx, op, ln, addr, size, val)
		}
		return 0
	}
	m.req = request{op: op, addr: addr, size: size, val: val}
	return m.general(core, ln, base, idx)
}

// locate returns addr's line and the flat index of the first way of its
// set in core's cache.
func (m *Machine) locate(core int, addr uint64) (ln uint64, base int) {
	ln = addr >> (m.lineShift & 63)
	return ln, core*m.perCache + m.setOf(ln)*m.ways
}

// find8 is lookup for sets of up to 8 ways.
func (m *Machine) find8(base int, ln uint64) int {
	return m.pick(m.sigMatch(base, ln)&m.sigMask, base, ln)
}

// hit runs a plain hit (no bus, no other cache involved) of core's access
// at idx, ev 0 for a read and 1 for a write, when it is one, and reports
// whether it was. The caller sees that no observer is attached, and does
// the classification and data of the access.
func (m *Machine) hit(core, idx int, ev uint64) bool {
	next := m.hitNext[m.states[idx]&(protocol.MaxStates-1)][ev&1]
	if next < 0 {
		return false
	}
	m.steps++
	cnt := &m.counters[core]
	cnt.Reads += 1 - ev
	cnt.Writes += ev
	m.states[idx] = protocol.State(next)
	m.stamp += m.stampStep
	if m.lru {
		m.stamps[idx] = m.stamp
	}
	m.clocks[core] += m.cfg.Latency.Hit
	return true
}

// oldest8 returns the way of the smallest stamp|way of a set of 8 ways.
// It is a function of its own so that the compiler makes its comparisons
// conditional moves (inside a larger function, it branches).
func oldest8(w []uint64) int {
	w = w[:8]
	a, b, c, d := w[0], w[2]|2, w[4]|4, w[6]|6
	if x := w[1] | 1; x < a {
		a = x
	}
	if x := w[3] | 3; x < b {
		b = x
	}
	if x := w[5] | 5; x < c {
		c = x
	}
	if x := w[7] | 7; x < d {
		d = x
	}
	if b < a {
		a = b
	}
	if d < c {
		c = d
	}
	if c < a {
		a = c
	}
	return int(a & 7)
}

// minU and maxU are min and max without a branch (the builtins, and
// comparisons the compiler may or may not turn into conditional moves,
// branch): victim choice and bus timing take no unpredictable branch.
func minU(a, b uint64) uint64 {
	d, borrow := bits.Sub64(a, b, 0) // borrow: a < b
	return b + d&-borrow
}

func maxU(a, b uint64) uint64 {
	d, borrow := bits.Sub64(a, b, 0)
	return a - d&-borrow
}

// b2u is 1 for true, 0 for false, without a branch.
func b2u(b bool) uint64 {
	var u uint64
	if b {
		u = 1
	}
	return u
}

// Each way also keeps a one-byte signature of its line (sig), so that a
// lookup compares eight ways at once in a word and reads a full tag only
// where a signature matches: the answer is the same as comparing every
// tag, with a few instructions instead of a loop.
const (
	lowBytes  = 0x0101010101010101
	highBytes = 0x8080808080808080
)

// sigOf returns line ln's signature byte.
func sigOf(ln uint64) uint64 { return (ln * 0x9E3779B97F4A7C15) >> 56 }

// setTag puts line ln (or noLine) in the way at flat index idx.
func (m *Machine) setTag(idx int, ln uint64) {
	m.tags[idx] = ln
	m.sig[idx] = uint8(sigOf(ln))
	if ln != noLine {
		m.markSet(idx)
	}
}

// markSet records that the set holding flat way idx has held a line, so
// that CopyFrom copies only the sets that were ever used.
func (m *Machine) markSet(idx int) {
	var s int
	if m.pow2Ways {
		s = idx >> m.wayBits
	} else {
		s = idx / m.ways
	}
	if !m.setUsed[s] {
		m.setUsed[s] = true
		m.usedSets = append(m.usedSets, int32(s))
	}
}

// lookup returns the flat index of line ln among the ways starting at
// base, or -1.
func (m *Machine) lookup(base int, ln uint64) int {
	if m.ways <= 8 {
		return m.find8(base, ln)
	}
	return m.lookupWide(base, ln)
}

// sigMatch returns a word whose byte i has its high bit set where way
// base+i's signature may be ln's, for i from 0 to 7 (the other bits are
// noise: mask with highBytes). A zero byte of x is a match; borrows may
// flag a few more, and the tag decides.
func (m *Machine) sigMatch(base int, ln uint64) uint64 {
	x := binary.LittleEndian.Uint64(m.sig[base:base+8:base+8]) ^ sigOf(ln)*lowBytes
	return (x - lowBytes) &^ x
}

// pick returns the flat index of the candidate way that holds ln, or -1.
func (m *Machine) pick(z uint64, base int, ln uint64) int {
	for ; z != 0; z &= z - 1 {
		if i := base + bits.TrailingZeros64(z)>>3; m.tags[i] == ln {
			return i
		}
	}
	return -1
}

// lookupWide is lookup for sets of more than 8 ways, a word of
// signatures at a time.
func (m *Machine) lookupWide(base int, ln uint64) int {
	idx := -1
	for g := 0; g < m.ways && idx < 0; g += 8 {
		idx = m.pickWide(base, g, ln)
	}
	return idx
}

// pickWide looks for ln among ways g to g+7 (those that exist) of the set
// at base.
func (m *Machine) pickWide(base, g int, ln uint64) int {
	z := m.sigMatch(base+g, ln) & highBytes
	if rem := m.ways - g; rem < 8 {
		z &= 1<<(8*uint(rem)) - 1
	}
	return m.pick(z, base+g, ln)
}

// hitExtras does the classification and data side of a plain hit.
func (m *Machine) hitExtras(core, idx int, op Op, ln, addr uint64, size int, val uint64) uint64 {
	if m.classifier != nil {
		m.classifier.access(core, ln, addr, size, op, false, true)
		if op != Read {
			m.classifier.wrote(core, ln, addr, size)
		}
	}
	if m.mem != nil {
		return m.hitData(m.lineData(idx), op, addr, size, val)
	}
	return 0
}

// lineData returns the bytes of the line at flat index idx.
func (m *Machine) lineData(idx int) []byte {
	core := idx / m.perCache
	line := m.geo.Line
	i := idx - core*m.perCache
	return m.caches[core].data[i*line : (i+1)*line]
}

// hitData reads or writes the bytes of a plain hit in line b.
func (m *Machine) hitData(b []byte, op Op, addr uint64, size int, val uint64) uint64 {
	b = b[int(addr&uint64(m.geo.Line-1)):]
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

// request is the processor request under way.
type request struct {
	op   Op
	addr uint64
	size int
	val  uint64 // the value a store writes
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
// observers are attached. idx is the line's flat index, or -1.
//
// The request itself (op, address, size, value) is in m.req: most of an
// access does not need it, and keeping it out of the arguments leaves
// registers for the rest.
func (m *Machine) general(core int, ln uint64, base, idx int) uint64 {
	op := m.req.op
	ev := b2u(op != Read)
	st := protocol.Invalid
	if idx >= 0 {
		st = m.states[idx]
	}
	hit := st != protocol.Invalid
	observing := len(m.observers) > 0
	data := m.mem != nil
	clock := m.clocks[core]
	m.steps++
	if observing {
		m.beginEvent(core, op, m.req.addr, m.req.size, ln, m.setOf(ln), clock)
	}

	// Where every other cache holds the line (m.holders), and whether any
	// does: the C line.
	plan := &m.proc[st&(protocol.MaxStates-1)][ev&1]
	shared := false // the C line
	if plan.scan && len(m.holders) == 1 {
		m.holders[0], m.held = -1, 0 // no other cache
	} else if plan.scan {
		at := base - core*m.perCache // the set in cache 0
		held := 0
		small := m.ways <= 8
		for h := range m.holders {
			i := -1
			if h != core {
				if small {
					i = m.find8(at, ln)
				} else {
					i = m.lookupWide(at, ln)
				}
			}
			m.holders[h] = int32(i)
			held += int(b2u(i >= 0))
			at += m.perCache
		}
		m.held = held
		shared = held > 0
	}
	pr := &plan.rows[b2u(shared)&1]
	next := pr.next

	cnt := &m.counters[core]
	cnt.Reads += 1 - ev
	cnt.Writes += ev
	if !hit {
		cnt.ReadMisses += 1 - ev
		cnt.WriteMisses += ev
	}
	if m.classifier != nil {
		cl := m.classifier.access(core, ln, m.req.addr, m.req.size, op, !hit, next != protocol.Invalid)
		if observing {
			m.event.Class = cl
		}
	}

	lat := &m.cfg.Latency
	clock += lat.Hit
	if !hit && next != protocol.Invalid {
		// Allocate a way: an invalid one, else the policy's victim, which
		// is evicted (written back when its Evict row says so). Invalid
		// ways have stamp 0, older than any used way, and stamps step by
		// 1<<wayBits (up to 256 ways), so the smallest stamp|way is the
		// first invalid way or the least recently used (LRU) or first
		// filled (FIFO) one.
		var victim int
		switch {
		case m.randRepl:
			victim = m.randomVictim(base)
		case m.ways == 8:
			victim = oldest8(m.stamps[base : base+8 : base+8])
		case m.keyWays:
			best := ^uint64(0)
			for w, s := range m.stamps[base : base+m.ways] {
				best = minU(best, s|uint64(w))
			}
			victim = int(best & (1<<(m.wayBits&63) - 1))
		default:
			victim = m.oldestWide(base)
		}
		idx = base + victim
		if vln := m.tags[idx]; vln != noLine {
			vs := m.states[idx]
			wb := m.writesBack[vs&(protocol.MaxStates-1)]
			if wb {
				cnt.Writebacks++
				cnt.MemWrites++
				if data {
					m.mem.copyIn(vln, m.lineData(idx))
				}
				start := maxU(clock, m.busFree)
				clock = start + lat.Bus + lat.Memory
				m.busFree = clock
			}
			if observing {
				m.event.Victim = Victim{Valid: true, Line: vln << m.lineShift, State: vs, WroteBack: wb}
			}
		}
		m.setTag(idx, ln)
	}

	if data {
		m.beginData(ln, hit, idx)
	}

	// The row's bus transactions, in order: the other caches snoop each,
	// the line's data moves, memory is updated, and the bus and the
	// core's clock advance. Snooping and data (when other caches hold the
	// line, lines carry data, or an observer looks) are in transfer; the
	// counts and the time are here.
	have := hit // the requester holds the line's data
	for txns := pr.txns; len(txns) > 0; txns = txns[1:] {
		t := &txns[0]
		cnt.Bus[t.bus]++
		sup := -1
		if m.held > 0 || data {
			sup = m.transfer(core, t, ln, have, observing)
		}
		dur := lat.Bus
		supplier := NoData
		if t.fetch && !have {
			if sup >= 0 {
				cnt.C2C++
				dur += lat.C2C
				supplier = sup
			} else {
				cnt.MemReads++
				dur += lat.Memory
				supplier = FromMemory
			}
			have = true
		} else if t.busWr {
			dur += lat.Memory
		}
		cnt.MemWrites += b2u(t.memWrite)
		start := maxU(clock, m.busFree)
		clock = start + dur
		m.busFree = clock
		if observing {
			m.noteBus(t.kind, supplier, start, clock)
		}
	}

	var result uint64
	if data {
		result = m.endData(next, idx)
	}
	if m.classifier != nil && op != Read {
		m.classifier.wrote(core, ln, m.req.addr, m.req.size)
	}

	if next != protocol.Invalid {
		m.states[idx] = next
		m.stamp += m.stampStep
		if m.lru || !hit {
			m.stamps[idx] = m.stamp
		}
	} else if idx >= 0 {
		m.setTag(idx, noLine)
		m.states[idx] = protocol.Invalid
		m.stamps[idx] = 0
	}
	m.clocks[core] = clock

	if observing {
		m.endEvent(hit, int(pr.row), clock, op, result, ln, m.setOf(ln))
	}
	return result
}

// beginData starts the data side of the request in m.req, to line ln:
// m.buf takes the line when the core holds it (hit, at idx).
func (m *Machine) beginData(ln uint64, hit bool, idx int) {
	f := &m.cur
	r := &m.req
	*f = inflight{addr: r.addr, ln: ln, off: int(r.addr & uint64(m.geo.Line-1)), size: r.size, op: r.op, val: r.val}
	if hit {
		copy(m.buf, m.lineData(idx))
		f.bufValid = true
	}
}

// endData finishes the data side of an access whose line ends in state
// next at idx: a store is applied if no transaction applied it, the line
// is stored in the cache, and the value loaded (or an RMW's old value) is
// returned.
func (m *Machine) endData(next protocol.State, idx int) uint64 {
	f := &m.cur
	var result uint64
	if f.op != Read {
		if !f.wrote {
			m.applyWrite(f)
		}
		result = f.old
	} else {
		if !f.bufValid {
			m.mem.copyOut(f.ln, m.buf)
		}
		result = getValue(m.buf[f.off:], f.size)
	}
	if next != protocol.Invalid {
		copy(m.lineData(idx), m.buf)
	}
	return result
}

// beginEvent starts the event of the access under way.
func (m *Machine) beginEvent(core int, op Op, addr uint64, size int, ln uint64, set int, clock uint64) {
	e := &m.event
	e.Step, e.Core, e.Op, e.Addr, e.Line, e.Size = m.steps, core, op, addr, ln<<m.lineShift, size
	e.Bus, e.Snoops = e.Bus[:0], e.Snoops[:0]
	e.Supplier, e.Victim, e.Start, e.Class, e.Old = NoData, Victim{}, clock, NotMiss, 0
	for k := range m.caches {
		e.Before[k] = m.lineState(k, ln, set)
	}
}

// endEvent completes the event and hands it to the observers.
func (m *Machine) endEvent(hit bool, row int, clock uint64, op Op, result, ln uint64, set int) {
	e := &m.event
	e.Hit = hit
	e.Row = row
	e.End = clock
	if op == Read {
		e.Value = result
	} else {
		e.Value, e.Old = m.cur.newVal, m.cur.old
	}
	for k := range m.caches {
		e.After[k] = m.lineState(k, ln, set)
	}
	for _, o := range m.observers {
		o.Observe(m, e)
	}
}

// transfer is the snooping and data side of bus transaction t of core's
// access: the written word goes on the bus first when t carries it, the
// other caches snoop, the line comes to m.buf (from the supplier or
// memory) when the requester lacks it, and memory takes the carried word
// when t says so. It returns the cache that supplied the line, or -1.
func (m *Machine) transfer(core int, t *txnPlan, ln uint64, have, observing bool) int {
	data := m.mem != nil
	f := &m.cur
	if t.carries && data && !f.wrote {
		m.applyWrite(f)
	}
	sup, supIdx := -1, -1
	if m.held > 0 {
		sup, supIdx = m.snoop(core, ln, t.kind, observing)
	}
	if data {
		if t.fetch && !have {
			if sup >= 0 {
				copy(m.buf, m.lineData(supIdx))
			} else {
				m.mem.copyOut(ln, m.buf)
			}
			f.bufValid = true
		}
		if t.memWrite {
			m.mem.write(f.addr, f.size, f.newVal)
		}
	}
	return sup
}

// noteBus records a bus transaction in the event under way.
func (m *Machine) noteBus(kind protocol.Event, supplier int, start, end uint64) {
	m.event.Bus = append(m.event.Bus, BusTxn{Kind: kind, Supplier: supplier, Start: start, End: end})
	if supplier != NoData {
		m.event.Supplier = supplier
	}
}

// snoop delivers bus transaction kind for line ln to every other cache
// holding it, applies their rows, and returns the cache that supplies the
// line (a flusher before a clean supplier, then the lowest core) and the
// flat index of its copy, or -1.
func (m *Machine) snoop(req int, ln uint64, kind protocol.Event, observing bool) (int, int) {
	sup, supIdx, flushed := -1, -1, false
	k := kind - protocol.BusRd
	for h := range m.holders {
		hi := int(m.holders[h])
		if h == req || hi < 0 {
			continue
		}
		hs := m.states[hi]
		sp := &m.snoopPlans[hs&(protocol.MaxStates-1)][k]
		if sp.row < 0 {
			continue
		}
		hcnt := &m.counters[h]
		if sp.flushes > 0 {
			hcnt.Flushes += uint64(sp.flushes)
			if !flushed {
				sup, supIdx, flushed = h, hi, true
			}
			if sp.memUpdate {
				m.counters[req].MemWrites += uint64(sp.flushes)
				if m.mem != nil {
					m.mem.copyIn(ln, m.lineData(hi))
				}
			}
		}
		if sp.supply && sup < 0 {
			sup, supIdx = h, hi
		}
		if sp.update && m.mem != nil {
			putValue(m.lineData(hi)[m.cur.off:], m.cur.size, m.cur.newVal)
		}
		if sp.intervene {
			hcnt.Interventions++
		}
		m.states[hi] = sp.to
		if sp.to == protocol.Invalid {
			hcnt.Invalidations++
			m.setTag(hi, noLine)
			m.stamps[hi] = 0
			m.holders[h] = -1
			m.held--
			if m.classifier != nil {
				m.classifier.invalidated(h, ln)
			}
		}
		if observing {
			m.event.Snoops = append(m.event.Snoops, Snoop{Core: h, Txn: kind, Row: int(sp.row), From: hs, To: sp.to})
		}
	}
	return sup, supIdx
}

// randomVictim returns the first invalid way of the set at base, else a
// random one.
func (m *Machine) randomVictim(base int) int {
	for w, t := range m.tags[base : base+m.ways] {
		if t == noLine {
			return w
		}
	}
	return int(m.random() % uint64(m.ways))
}

// oldestWide returns the way with the smallest stamp of a set of more
// than 256 ways (the first one on a tie: an invalid way has stamp 0).
func (m *Machine) oldestWide(base int) int {
	stamps := m.stamps[base : base+m.ways]
	victim, oldest := 0, stamps[0]
	for w, s := range stamps {
		if s < oldest {
			victim, oldest = w, s
		}
	}
	return victim
}

// lineState returns core's state for line ln in set.
func (m *Machine) lineState(core int, ln uint64, set int) protocol.State {
	if i := m.lookup(core*m.perCache+set*m.ways, ln); i >= 0 {
		return m.states[i]
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
