// This file defines the Machine: its caches as flat arrays, its clocks and
// the read-only inspections that never change it.

package sim

import (
	"fmt"
	"math/bits"

	"github.com/cohere-sim/cohere/sim/protocol"
)

// noLine marks an empty way. A line number is an address shifted right by
// log2(line size); only 1-byte lines could reach it, at the very last byte
// of the address space, and the access functions refuse that address.
const noLine = ^uint64(0)

// cache is one core's L1: way i of set s is index s*ways+i. Its slices are
// views of the machine's flat arrays, which hold every core's cache one
// after the other (cache k at k*sets*ways), so that the engine reaches any
// core's lines with one index. Read them freely; change a tag only with
// setTag, which keeps the way's signature (m.sig, used by every lookup)
// in step.
type cache struct {
	tags   []uint64 // line number, or noLine
	states []protocol.State
	stamps []uint64 // LRU: last use; FIFO: fill time; 0 for an empty way
	data   []byte   // line bytes, when the machine carries data
}

// txnPlan is one bus transaction a row issues, with what follows from
// its kind and the requester's next state.
type txnPlan struct {
	kind     protocol.Event
	bus      uint8 // kind - BusRd: the counter
	fetch    bool  // BusRd or BusRdX: brings the line to a requester that lacks it
	carries  bool  // BusUpd or BusWr: carries the written word
	busWr    bool  // memory takes the word: the transaction lasts the memory latency too
	memWrite bool  // carries, and the next state is not dirty: memory is updated
}

// procRow is what the table says for one (state, processor event, C):
// precomputed in New so that an access reads one small record.
type procRow struct {
	row  int32          // the table row, or -1 (a valid state with no row keeps its state)
	next protocol.State // the requester's next state
	txns []txnPlan
}

// procPlan is the table for one (state, processor event).
type procPlan struct {
	scan bool       // the request needs the other caches: the row depends on C, or issues a transaction
	rows [2]procRow // by C: [0] when !C, [1] when C
}

// snoopPlan is what a cache in some state does on seeing a bus transaction.
type snoopPlan struct {
	row       int32 // the table row, or -1: no change
	to        protocol.State
	flushes   int32 // Flush actions in the row
	supply    bool  // the row has a Supply
	memUpdate bool  // a Flush also updates memory: the next state is not dirty
	intervene bool  // BusRd moves the line from a writable state to a shared one
	update    bool  // the copy stays valid and takes the word a BusUpd/BusWr carries
}

// Machine is one simulated multi-core memory system. It holds all of its
// state: two machines can run side by side.
type Machine struct {
	cfg   Config
	geo   Geometry
	table *protocol.Table

	lineShift uint
	setMask   uint64 // sets-1 when sets is a power of two
	pow2Sets  bool
	ways      int
	perCache  int    // sets*ways: cache k's lines start at k*perCache
	sigMask   uint64 // the high bit of each way's byte in a word of signatures, ways <= 8
	keyWays   bool   // ways <= 256: victims are found as min(stamp | way), stamps stepping by 1<<wayBits
	wayBits   uint
	lru       bool
	stampStep uint64 // 1<<wayBits when victims are found by key, else 1
	randRepl  bool
	hitNext   [protocol.MaxStates][2]int8 // fast path: next state of a plain hit, or -1
	// writesBack marks the states whose Evict row writes the line back.
	writesBack [protocol.MaxStates]bool
	proc       [protocol.MaxStates][2]procPlan
	snoopPlans [protocol.MaxStates][NumBusKinds]snoopPlan

	// Every core's cache, flat (see cache).
	tags   []uint64
	sig    []uint8 // signature of each way's line, and 8 bytes of padding (see lookup)
	states []protocol.State
	stamps []uint64

	caches   []cache
	counters []Counters
	clocks   []uint64
	busFree  uint64
	stamp    uint64
	rng      uint64
	steps    uint64

	observers []Observer
	event     Event
	holders   []int32 // scratch: flat index of the line in each core's cache, or -1
	held      int     // scratch: how many other caches hold the line

	mem   *memory // main memory, when carrying data
	truth *memory // the last store to every byte in bus order
	buf   []byte  // the line being accessed, while an access is under way

	req    request  // the request under way (see general)
	atomic AtomicOp // the computation of the RMW under way
	cur    inflight // the data side of the access under way

	classifier *Classifier

	// The sets (flat: core*sets + set) that have ever held a line.
	setUsed  []bool
	usedSets []int32
	pow2Ways bool
}

// New builds a machine, or says what in the configuration is wrong.
func New(cfg Config) (*Machine, error) {
	g, t, err := cfg.Validate()
	if err != nil {
		return nil, err
	}
	cfg.Ways = g.Ways
	if cfg.Table != nil {
		cfg.Protocol = t.Name
	} else if name, ok := protocol.Canonical(cfg.Protocol); ok {
		cfg.Protocol = name
	}
	m := &Machine{cfg: cfg, geo: g, table: t, ways: g.Ways}
	m.lineShift = uint(bits.TrailingZeros(uint(g.Line)))
	m.pow2Sets = bits.OnesCount(uint(g.Sets)) == 1
	m.setMask = uint64(g.Sets - 1)
	m.rng = cfg.Seed*0x9E3779B97F4A7C15 | 1
	m.lru = cfg.Replace == LRU
	m.randRepl = cfg.Replace == Random
	m.keyWays = g.Ways <= 256
	m.sigMask = highBytes
	if g.Ways < 8 {
		m.sigMask &= 1<<(8*uint(g.Ways)) - 1
	}
	m.wayBits = uint(bits.Len(uint(g.Ways - 1)))
	m.stampStep = 1
	if m.keyWays {
		m.stampStep = 1 << m.wayBits
	}
	m.compilePlans()
	n := g.Sets * g.Ways
	m.perCache = n
	m.pow2Ways = bits.OnesCount(uint(g.Ways)) == 1
	m.setUsed = make([]bool, g.Sets*cfg.Cores)
	m.tags = make([]uint64, n*cfg.Cores)
	m.sig = make([]uint8, n*cfg.Cores+8)
	for j := range m.tags {
		m.setTag(j, noLine)
	}
	m.states = make([]protocol.State, n*cfg.Cores)
	m.stamps = make([]uint64, n*cfg.Cores)
	m.caches = make([]cache, cfg.Cores)
	for i := range m.caches {
		c := &m.caches[i]
		c.tags = m.tags[i*n : (i+1)*n : (i+1)*n]
		c.states = m.states[i*n : (i+1)*n : (i+1)*n]
		c.stamps = m.stamps[i*n : (i+1)*n : (i+1)*n]
		if cfg.Data {
			c.data = make([]byte, n*g.Line)
		}
	}
	m.counters = make([]Counters, cfg.Cores)
	m.clocks = make([]uint64, cfg.Cores)
	m.holders = make([]int32, cfg.Cores)
	m.event.Before = make([]protocol.State, cfg.Cores)
	m.event.After = make([]protocol.State, cfg.Cores)
	if cfg.Data {
		m.mem = newMemory(g.Line)
		m.truth = newMemory(g.Line)
		m.buf = make([]byte, g.Line)
	}
	return m, nil
}

// compilePlans precomputes, from the protocol table, what every (state,
// event, C) does, so that an access reads a few small records instead of
// interpreting rows. The table stays the only source: nothing here knows a
// protocol by name.
func (m *Machine) compilePlans() {
	t := m.table
	for s := range m.hitNext {
		for e := range m.hitNext[s] {
			m.hitNext[s][e] = -1
		}
		for e := range m.proc[s] {
			for c := range m.proc[s][e].rows {
				m.proc[s][e].rows[c] = procRow{row: -1, next: protocol.State(s)}
			}
		}
		for k := range m.snoopPlans[s] {
			m.snoopPlans[s][k] = snoopPlan{row: -1, to: protocol.State(s)}
		}
	}
	for s := 1; s < len(t.States); s++ {
		for e := protocol.PrRd; e <= protocol.PrWr; e++ {
			if r := t.Silent(protocol.State(s), e); r >= 0 {
				m.hitNext[s][e] = int8(t.Rows[r].To)
			} else if t.Lookup(protocol.State(s), e, false) < 0 && t.Lookup(protocol.State(s), e, true) < 0 {
				m.hitNext[s][e] = int8(s) // no row: a plain hit that keeps its state
			}
		}
	}
	for s := 1; s < len(t.States); s++ {
		if ri := t.Lookup(protocol.State(s), protocol.Evict, false); ri >= 0 && t.Rows[ri].Has(protocol.WriteBack) {
			m.writesBack[s] = true
		}
	}
	for s := 0; s < len(t.States); s++ {
		st := protocol.State(s)
		for e := protocol.PrRd; e <= protocol.PrWr; e++ {
			p := &m.proc[s][e]
			p.scan = t.NeedsC(st, e)
			for c := range p.rows {
				ri := t.Lookup(st, e, c == 1)
				if ri < 0 {
					continue
				}
				r := &t.Rows[ri]
				pr := procRow{row: int32(ri), next: r.To}
				for _, a := range r.Actions {
					if kind, ok := a.Bus(); ok {
						carries := kind == protocol.BusUpd || kind == protocol.BusWr
						pr.txns = append(pr.txns, txnPlan{
							kind:     kind,
							bus:      uint8(kind - protocol.BusRd),
							fetch:    kind == protocol.BusRd || kind == protocol.BusRdX,
							carries:  carries,
							busWr:    kind == protocol.BusWr,
							memWrite: carries && !t.IsDirty(r.To),
						})
					}
				}
				p.rows[c] = pr
				if len(pr.txns) > 0 {
					p.scan = true
				}
			}
		}
		for k := protocol.BusRd; k < protocol.NumEvents; k++ {
			ri := t.SnoopRow(st, k)
			if ri < 0 {
				continue
			}
			r := &t.Rows[ri]
			sp := snoopPlan{row: int32(ri), to: r.To}
			for _, a := range r.Actions {
				switch a {
				case protocol.Flush:
					sp.flushes++
				case protocol.Supply:
					sp.supply = true
				}
			}
			sp.memUpdate = sp.flushes > 0 && !t.IsDirty(r.To)
			sp.intervene = k == protocol.BusRd && t.Writable(st) && r.To != protocol.Invalid && !t.Writable(r.To)
			sp.update = r.To != protocol.Invalid && (k == protocol.BusUpd || k == protocol.BusWr)
			m.snoopPlans[s][k-protocol.BusRd] = sp
		}
	}
}

// Config returns the configuration as resolved (ways filled in for a fully
// associative cache, the protocol's canonical name).
func (m *Machine) Config() Config { return m.cfg }

// Geometry returns the cache shape.
func (m *Machine) Geometry() Geometry { return m.geo }

// Protocol returns the machine's compiled protocol table.
func (m *Machine) Protocol() *protocol.Table { return m.table }

// Cores returns the number of cores.
func (m *Machine) Cores() int { return len(m.caches) }

// Steps returns how many accesses have run.
func (m *Machine) Steps() uint64 { return m.steps }

// Observe attaches an observer; every later access is reported to it.
func (m *Machine) Observe(o Observer) { m.observers = append(m.observers, o) }

// Counters returns core's counters.
func (m *Machine) Counters(core int) Counters { return m.counters[core] }

// Totals returns the counters summed over all cores.
func (m *Machine) Totals() Counters {
	var t Counters
	for i := range m.counters {
		t.Add(&m.counters[i])
	}
	return t
}

// Clock returns core's clock in cycles.
func (m *Machine) Clock(core int) uint64 { return m.clocks[core] }

// Cycles is the largest core clock: the run's length.
func (m *Machine) Cycles() uint64 {
	var c uint64
	for _, x := range m.clocks {
		c = max(c, x)
	}
	return c
}

// Compute adds work that touches no memory to core's clock.
func (m *Machine) Compute(core int, cycles uint64) { m.clocks[core] += cycles }

// LineAddr returns the address of the line holding addr.
func (m *Machine) LineAddr(addr uint64) uint64 { return addr >> m.lineShift << m.lineShift }

func (m *Machine) setOf(ln uint64) int {
	if m.pow2Sets {
		return int(ln & m.setMask)
	}
	return int(ln % uint64(m.geo.Sets))
}

// find returns the index of line ln in core's cache, or -1.
func (m *Machine) find(core int, ln uint64) int {
	if i := m.lookup(core*m.perCache+m.setOf(ln)*m.ways, ln); i >= 0 {
		return i - core*m.perCache
	}
	return -1
}

// State returns the state of the line holding addr in core's cache: the
// protocol's invalid state when it is absent. It changes nothing.
func (m *Machine) State(core int, addr uint64) protocol.State {
	if i := m.find(core, addr>>m.lineShift); i >= 0 {
		return m.caches[core].states[i]
	}
	return protocol.Invalid
}

// StateName returns the name of State(core, addr).
func (m *Machine) StateName(core int, addr uint64) string {
	return m.table.States[m.State(core, addr)]
}

// Lines returns the line addresses core's cache holds valid, by set and way.
func (m *Machine) Lines(core int) []uint64 {
	var out []uint64
	for _, t := range m.caches[core].tags {
		if t != noLine {
			out = append(out, t<<m.lineShift)
		}
	}
	return out
}

func (m *Machine) checkCore(core int) error {
	if core < 0 || core >= len(m.caches) {
		return fmt.Errorf("core %d: the machine has cores 0 to %d", core, len(m.caches)-1)
	}
	return nil
}

// Peek returns what core would read at addr now (its valid copy, else
// memory) without changing anything: no LRU update, no counter, no event.
func (m *Machine) Peek(core int, addr uint64, size int) (uint64, error) {
	if err := m.checkData(core, addr, size); err != nil {
		return 0, err
	}
	if i := m.find(core, addr>>m.lineShift); i >= 0 {
		return getValue(m.caches[core].data[i*m.geo.Line+int(addr&uint64(m.geo.Line-1)):], size), nil
	}
	return m.mem.read(addr, size), nil
}

// Memory returns what main memory holds at addr, which may differ from a
// cache's copy.
func (m *Machine) Memory(addr uint64, size int) (uint64, error) {
	if err := m.checkData(0, addr, size); err != nil {
		return 0, err
	}
	return m.mem.read(addr, size), nil
}

// Latest returns the value of the last store to addr in bus order: what a
// coherent machine would show.
func (m *Machine) Latest(addr uint64, size int) (uint64, error) {
	if err := m.checkData(0, addr, size); err != nil {
		return 0, err
	}
	return m.truth.read(addr, size), nil
}
