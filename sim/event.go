// This file defines the events the engine emits, the observers that
// consume them, and the per-core counters.

package sim

import "github.com/cohere-sim/cohere/sim/protocol"

// Op is a processor request.
type Op uint8

// The requests. RMW is an atomic read-modify-write: one PrWr for coherence.
const (
	Read Op = iota
	Write
	RMW
)

func (o Op) String() string {
	switch o {
	case Write:
		return "W"
	case RMW:
		return "RMW"
	}
	return "R"
}

// Supplier values other than a core number.
const (
	FromMemory = -1 // main memory supplied the line
	NoData     = -2 // no line was transferred to the requester
)

// BusTxn is one bus transaction the requester issued.
type BusTxn struct {
	Kind       protocol.Event
	Supplier   int // a core, FromMemory or NoData
	Start, End uint64
}

// Snoop is one other cache's reaction to a transaction.
type Snoop struct {
	Core     int
	Txn      protocol.Event
	Row      int // the table row that fired
	From, To protocol.State
}

// Victim describes a line evicted to make room.
type Victim struct {
	Valid     bool
	Line      uint64 // line address
	State     protocol.State
	WroteBack bool
}

// Event is one access, as it happened. The engine reuses one Event and its
// slices: an observer that keeps anything must copy it.
type Event struct {
	Step     uint64 // 1 for the first access
	Core     int
	Op       Op
	Addr     uint64
	Line     uint64 // line address (Addr with the offset cleared)
	Size     int
	Value    uint64 // the value loaded, or stored (the new value of an RMW)
	Old      uint64 // an RMW's old value
	Hit      bool   // a valid copy was in this cache
	Row      int    // the requester's table row, -1 for a hit no row names
	Bus      []BusTxn
	Snoops   []Snoop
	Supplier int // who supplied the line: a core, FromMemory or NoData
	Victim   Victim
	Before   []protocol.State // the line's state in every cache
	After    []protocol.State
	Start    uint64 // the requester's clock before and after
	End      uint64
	Class    MissClass // with classification on; NotMiss for hits
}

// Observer consumes events. Attach observers only where they are needed:
// with none attached the engine updates its counters and nothing else.
type Observer interface {
	Observe(m *Machine, e *Event)
}

// ObserverFunc adapts a function to Observer.
type ObserverFunc func(m *Machine, e *Event)

// Observe calls f.
func (f ObserverFunc) Observe(m *Machine, e *Event) { f(m, e) }

// NumBusKinds is the number of bus transaction kinds (BusRd ... BusWr).
const NumBusKinds = int(protocol.NumEvents - protocol.BusRd)

// Counters are one core's counts, exactly as PROTOCOLS.md defines them.
type Counters struct {
	Reads, Writes           uint64
	ReadMisses, WriteMisses uint64
	Writebacks              uint64
	Invalidations           uint64
	Interventions           uint64
	C2C                     uint64
	Flushes                 uint64
	MemReads, MemWrites     uint64
	Bus                     [NumBusKinds]uint64 // indexed by kind - BusRd
}

// Add adds o to c.
func (c *Counters) Add(o *Counters) {
	c.Reads += o.Reads
	c.Writes += o.Writes
	c.ReadMisses += o.ReadMisses
	c.WriteMisses += o.WriteMisses
	c.Writebacks += o.Writebacks
	c.Invalidations += o.Invalidations
	c.Interventions += o.Interventions
	c.C2C += o.C2C
	c.Flushes += o.Flushes
	c.MemReads += o.MemReads
	c.MemWrites += o.MemWrites
	for i := range c.Bus {
		c.Bus[i] += o.Bus[i]
	}
}

// BusCount returns how many transactions of kind k were issued.
func (c *Counters) BusCount(k protocol.Event) uint64 { return c.Bus[k-protocol.BusRd] }
