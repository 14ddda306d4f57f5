// This file runs a coherence problem's access sequence through the engine
// and keeps, per access, what the key needs: every cache's state of the
// line, the bus transactions, the supplier, the value read and the cost.

package exam

import (
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/protocol"
)

// cohOp is one access of a coherence sequence.
type cohOp struct {
	Core  int
	Write bool
	Var   int    // index into the problem's variables
	Value uint64 // the value a write stores
}

// cohModel is a protocol with the one setting the problems vary.
type cohModel struct {
	Protocol string
	Upgrade  bool // a write hit in S/O/F issues BusUpgr (else BusRdX)
}

// label names the model as the problems say it.
func (m cohModel) label() string {
	if hasUpgrade(m.Protocol) && !m.Upgrade {
		return m.Protocol + " with BusRdX for upgrades"
	}
	return m.Protocol
}

// hasUpgrade reports whether the upgrade setting changes the protocol.
func hasUpgrade(p string) bool {
	switch p {
	case "MSI", "MESI", "MOESI", "MESIF":
		return true
	}
	return false
}

// cohStep is one access as it happened.
type cohStep struct {
	After       []string // the accessed line's state in every cache
	Bus         []string // transactions issued, in order
	Supplier    string   // "memory", "P1", or "—" when no line moved
	Value       uint64   // the value read, or stored
	Hit         bool
	Invalidated int    // other copies made invalid
	Cost        uint64 // cycles the access took
}

// cohRun is a sequence's outcome under one model.
type cohRun struct {
	Model  cohModel
	Start  []cohStart // every variable's copies before the sequence
	Steps  []cohStep
	Totals sim.Counters // over the sequence, the silent prefix left out
	Cycles uint64
	Stale  int // reads that returned a value older than the last store
}

// cohStart is one variable's copies and memory value at the start.
type cohStart struct {
	States []string // per core
	Values []uint64 // per core, where valid
	Memory uint64
}

// cohTables keeps the compiled tables of one problem's models: a problem
// builds a machine for every draw and every mutated model, and compiling
// the table was a third of the time. The engine only reads a table, so
// machines can share one.
type cohTables map[cohModel]*protocol.Table

func (c cohTables) get(m cohModel) (*protocol.Table, error) {
	if t := c[m]; t != nil {
		return t, nil
	}
	s := protocol.DefaultSettings()
	s.Upgrade = m.Upgrade
	t, err := protocol.Builtin(m.Protocol, s)
	if err != nil {
		return nil, err
	}
	c[m] = t
	return t, nil
}

// cohLatency is the timing every problem states.
var cohLatency = sim.Latency{Hit: 1, Bus: 20, Memory: 100, C2C: 10}

// runCoherence runs ops on a machine of cores caches large enough that
// nothing is evicted, after the accesses of prefix, which make the
// starting state the problem states (nothing of the prefix is counted).
// Each access starts when the previous one ends (its core's clock is
// moved up to the latest clock first), so the total is the sum of the
// accesses' costs.
func runCoherence(tables cohTables, model cohModel, cores int, addrs []uint64, prefix, ops []cohOp) (*cohRun, error) {
	cfg := sim.DefaultConfig()
	cfg.Cores = cores
	cfg.Protocol = model.Protocol
	cfg.Settings = protocol.DefaultSettings()
	cfg.Settings.Upgrade = model.Upgrade
	t, err := tables.get(model)
	if err != nil {
		return nil, err
	}
	cfg.Table = t
	cfg.Size, cfg.Ways, cfg.Line = 2048, 8, 64
	cfg.Latency = cohLatency
	cfg.Data = true
	m, err := sim.New(cfg)
	if err != nil {
		return nil, err
	}
	states := t.States
	r := &cohRun{Model: model, Steps: make([]cohStep, 0, len(ops))}
	var cur cohStep
	m.Observe(sim.ObserverFunc(func(_ *sim.Machine, e *sim.Event) {
		cur = cohStep{Hit: e.Hit, Value: e.Value, Cost: e.End - e.Start, Supplier: supplierName(e.Supplier)}
		cur.After = make([]string, len(e.After))
		for i, s := range e.After {
			cur.After[i] = states[s]
		}
		for _, t := range e.Bus {
			cur.Bus = append(cur.Bus, t.Kind.String())
		}
		for _, s := range e.Snoops {
			if s.To == protocol.Invalid {
				cur.Invalidated++
			}
		}
	}))
	latest := make([]uint64, len(addrs))
	for _, op := range prefix {
		if op.Write {
			err = m.Store(op.Core, addrs[op.Var], 8, op.Value)
			latest[op.Var] = op.Value
		} else {
			_, err = m.Load(op.Core, addrs[op.Var], 8)
		}
		if err != nil {
			return nil, err
		}
	}
	for _, a := range addrs {
		st := cohStart{}
		for c := 0; c < cores; c++ {
			v, err := m.Peek(c, a, 8)
			if err != nil {
				return nil, err
			}
			st.States = append(st.States, m.StateName(c, a))
			st.Values = append(st.Values, v)
		}
		if st.Memory, err = m.Memory(a, 8); err != nil {
			return nil, err
		}
		r.Start = append(r.Start, st)
	}
	base, baseCycles := m.Totals(), m.Cycles()
	r.Steps = r.Steps[:0]
	for _, op := range ops {
		m.Compute(op.Core, m.Cycles()-m.Clock(op.Core))
		a := addrs[op.Var]
		if op.Write {
			err = m.Store(op.Core, a, 8, op.Value)
			latest[op.Var] = op.Value
		} else {
			_, err = m.Load(op.Core, a, 8)
		}
		if err != nil {
			return nil, err
		}
		if !op.Write && cur.Value != latest[op.Var] {
			r.Stale++
		}
		r.Steps = append(r.Steps, cur)
	}
	r.Totals = m.Totals()
	subCounters(&r.Totals, &base)
	r.Cycles = m.Cycles() - baseCycles
	return r, nil
}

// subCounters takes o from c.
func subCounters(c, o *sim.Counters) {
	c.Reads -= o.Reads
	c.Writes -= o.Writes
	c.ReadMisses -= o.ReadMisses
	c.WriteMisses -= o.WriteMisses
	c.Writebacks -= o.Writebacks
	c.Invalidations -= o.Invalidations
	c.Interventions -= o.Interventions
	c.C2C -= o.C2C
	c.Flushes -= o.Flushes
	c.MemReads -= o.MemReads
	c.MemWrites -= o.MemWrites
	for i := range c.Bus {
		c.Bus[i] -= o.Bus[i]
	}
}

func supplierName(s int) string {
	switch s {
	case sim.FromMemory:
		return "memory"
	case sim.NoData:
		return "—"
	}
	return fmt.Sprintf("P%d", s)
}

// busText is a step's transactions as a cell.
func busText(bus []string) string {
	if len(bus) == 0 {
		return "—"
	}
	return strings.Join(bus, ", ")
}

// busKinds are the transactions a protocol can issue, in counter order.
func busKinds(m cohModel) []string {
	switch m.Protocol {
	case "Dragon", "Firefly":
		return []string{"BusRd", "BusUpd"}
	case "WT", "WTI":
		return []string{"BusRd", "BusWr"}
	}
	if m.Upgrade {
		return []string{"BusRd", "BusRdX", "BusUpgr"}
	}
	return []string{"BusRd", "BusRdX"}
}

// busCount returns the total of transactions of kind name.
func busCount(c *sim.Counters, name string) uint64 {
	for i, n := range sim.BusKindNames {
		if n == name {
			return c.Bus[i]
		}
	}
	return 0
}

// busTotal is every transaction of the run.
func busTotal(c *sim.Counters) uint64 {
	var t uint64
	for _, n := range c.Bus {
		t += n
	}
	return t
}

// invalidating reports whether a protocol invalidates other copies.
func invalidating(p string) bool {
	switch p {
	case "Dragon", "Firefly", "WT":
		return false
	}
	return true
}
