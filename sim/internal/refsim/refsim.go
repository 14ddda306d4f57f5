// Package refsim is a reference simulator for cross-checking cohere's engine.
//
// It is written from PROTOCOLS.md alone and is deliberately simple rather
// than fast: every cache set is a list of lines ordered from the oldest
// (least recently used, or first filled under FIFO) to the newest, every
// protocol is a plain switch statement, and no data values are kept. It
// knows MSI (with the upgrade setting on or off), MESI, MOESI and Dragon over
// an atomic snooping bus, with clean sharing off (memory supplies clean
// lines), and it counts exactly what PROTOCOLS.md's counter table says.
//
// The choices PROTOCOLS.md leaves open follow the engine's documented ones:
//
//   - A Flush updates memory exactly when the flusher's next state is not
//     dirty; that memory write is counted in mem_writes of the requesting core.
//   - c2c counts on the requesting core when another cache flushed a line it
//     needed; when it needed none (a BusRdX or BusUpgr from a core that already
//     holds the line), no data moves: no c2c and no mem_read.
//   - A dirty eviction counts writebacks and mem_writes on the evicting core.
//   - interventions count E/M lines (Dragon E/M) moved to a shared or owned
//     state by another core's BusRd (MOESI M -> O counts).
//   - invalidations count valid lines made invalid by a snooped transaction.
//   - A BusUpd is issued and counted even when C turns out false; Dragon's
//     I PrWr issues BusRd and then, if C held at the request, BusUpd.
package refsim

import "fmt"

// Protocol is a coherence protocol the reference knows.
type Protocol int

// The protocols.
const (
	MSI Protocol = iota
	MESI
	MOESI
	Dragon
)

func (p Protocol) String() string {
	switch p {
	case MSI:
		return "MSI"
	case MESI:
		return "MESI"
	case MOESI:
		return "MOESI"
	case Dragon:
		return "Dragon"
	}
	return fmt.Sprintf("Protocol(%d)", int(p))
}

// Replacement is a victim policy.
type Replacement int

// The policies.
const (
	LRU Replacement = iota
	FIFO
)

func (r Replacement) String() string {
	if r == FIFO {
		return "FIFO"
	}
	return "LRU"
}

// State is a line's coherence state. One enumeration serves every protocol:
// MSI uses I, S, M; MESI adds E; MOESI adds O; Dragon uses I, E, Sc, Sm, M.
type State uint8

// The states.
const (
	I State = iota
	S
	E
	M
	O
	Sc
	Sm
)

func (s State) String() string {
	return [...]string{"I", "S", "E", "M", "O", "Sc", "Sm"}[s]
}

// Txn is a bus transaction kind, in the order the counters list them.
type Txn int

// The transactions.
const (
	BusRd Txn = iota
	BusRdX
	BusUpgr
	BusUpd
	BusWr
	NumTxns
)

func (t Txn) String() string {
	return [...]string{"BusRd", "BusRdX", "BusUpgr", "BusUpd", "BusWr"}[t]
}

// Counters are one core's counts, with PROTOCOLS.md's meanings.
type Counters struct {
	Reads, Writes           uint64
	ReadMisses, WriteMisses uint64
	Writebacks              uint64
	Invalidations           uint64
	Interventions           uint64
	C2C                     uint64
	Flushes                 uint64
	MemReads, MemWrites     uint64
	Bus                     [NumTxns]uint64
}

// Named returns the counters as (name, value) pairs in a fixed order, the
// names being PROTOCOLS.md's.
func (c *Counters) Named() []NamedCount {
	out := []NamedCount{
		{"reads", c.Reads}, {"writes", c.Writes},
		{"read_misses", c.ReadMisses}, {"write_misses", c.WriteMisses},
		{"writebacks", c.Writebacks}, {"invalidations", c.Invalidations},
		{"interventions", c.Interventions}, {"c2c", c.C2C},
		{"flushes", c.Flushes},
		{"mem_reads", c.MemReads}, {"mem_writes", c.MemWrites},
	}
	for t := Txn(0); t < NumTxns; t++ {
		out = append(out, NamedCount{"bus." + t.String(), c.Bus[t]})
	}
	return out
}

// NamedCount is one counter and its value.
type NamedCount struct {
	Name  string
	Value uint64
}

// Config describes a reference machine.
type Config struct {
	Cores    int
	Protocol Protocol
	Upgrade  bool // a write hit in S/O issues BusUpgr (true) or BusRdX
	Size     int  // bytes per cache
	Line     int  // bytes per line
	Ways     int  // 0: fully associative
	Replace  Replacement
}

// entry is one valid line in a cache set.
type entry struct {
	line  uint64 // line number (address / line size)
	state State
}

// cache is one core's private cache: sets of valid lines, oldest first.
// An invalid way is simply a missing entry, so "victim = an invalid way if
// any" is "append while the set has room".
type cache struct {
	sets [][]entry
}

// Sim is the reference machine.
type Sim struct {
	cfg    Config
	ways   int
	nsets  uint64
	caches []cache
	cnt    []Counters
}

// New builds a reference machine.
func New(cfg Config) (*Sim, error) {
	if cfg.Cores < 1 {
		return nil, fmt.Errorf("refsim: %d cores", cfg.Cores)
	}
	if cfg.Line <= 0 || cfg.Size <= 0 || cfg.Size%cfg.Line != 0 {
		return nil, fmt.Errorf("refsim: size %d, line %d", cfg.Size, cfg.Line)
	}
	lines := cfg.Size / cfg.Line
	ways := cfg.Ways
	if ways == 0 {
		ways = lines
	}
	if ways < 1 || lines%ways != 0 {
		return nil, fmt.Errorf("refsim: %d lines in %d ways", lines, ways)
	}
	s := &Sim{cfg: cfg, ways: ways, nsets: uint64(lines / ways)}
	s.caches = make([]cache, cfg.Cores)
	for i := range s.caches {
		s.caches[i].sets = make([][]entry, s.nsets)
		for j := range s.caches[i].sets {
			s.caches[i].sets[j] = make([]entry, 0, ways)
		}
	}
	s.cnt = make([]Counters, cfg.Cores)
	return s, nil
}

// Counters returns core's counters.
func (s *Sim) Counters(core int) Counters { return s.cnt[core] }

// State returns the state of the line holding addr in core's cache.
func (s *Sim) State(core int, addr uint64) State {
	line := addr / uint64(s.cfg.Line)
	set := s.caches[core].sets[line%s.nsets]
	if i := find(set, line); i >= 0 {
		return set[i].state
	}
	return I
}

func find(set []entry, line uint64) int {
	for i := range set {
		if set[i].line == line {
			return i
		}
	}
	return -1
}

// dirty reports whether a state holds data newer than memory.
func (s *Sim) dirty(st State) bool {
	switch st {
	case M, O, Sm:
		return true
	}
	return false
}

// othersHold is the C line: some other cache holds line valid.
func (s *Sim) othersHold(p int, line uint64) bool {
	for q := range s.caches {
		if q != p && find(s.caches[q].sets[line%s.nsets], line) >= 0 {
			return true
		}
	}
	return false
}

// Access runs one processor access: core p reads or writes addr.
func (s *Sim) Access(p int, write bool, addr uint64) {
	line := addr / uint64(s.cfg.Line)
	c := &s.cnt[p]
	if write {
		c.Writes++
	} else {
		c.Reads++
	}
	setp := &s.caches[p].sets[line%s.nsets]
	i := find(*setp, line)
	var st State
	if i >= 0 {
		st = (*setp)[i].state
		if s.cfg.Replace == LRU { // move to the newest position
			e := (*setp)[i]
			*setp = append((*setp)[:i], (*setp)[i+1:]...)
			*setp = append(*setp, e)
		}
	} else {
		if write {
			c.WriteMisses++
		} else {
			c.ReadMisses++
		}
		if len(*setp) == s.ways { // no invalid way: evict the oldest
			v := (*setp)[0]
			if s.dirty(v.state) {
				c.Writebacks++
				c.MemWrites++
			}
			*setp = append((*setp)[:0], (*setp)[1:]...)
		}
		st = I
	}
	next := s.request(p, line, st, write)
	if next == I {
		panic("refsim: access leaves the line invalid")
	}
	set := *setp
	if i >= 0 && s.cfg.Replace == LRU {
		set[len(set)-1].state = next
	} else if i >= 0 {
		set[i].state = next
	} else {
		*setp = append(set, entry{line: line, state: next})
	}
}

// request applies the requester's row of the protocol and returns its next
// state. st is the line's state before the access (I on a miss).
func (s *Sim) request(p int, line uint64, st State, write bool) State {
	up := BusRdX
	if s.cfg.Upgrade {
		up = BusUpgr
	}
	switch s.cfg.Protocol {
	case MSI:
		switch {
		case !write && st == I:
			s.fill(p, s.bus(p, line, BusRd))
			return S
		case !write:
			return st // S or M: hit
		case st == I:
			s.fill(p, s.bus(p, line, BusRdX))
			return M
		case st == S:
			s.bus(p, line, up) // no data moves: the requester holds it
			return M
		case st == M:
			return M
		}
	case MESI, MOESI:
		switch {
		case !write && st == I:
			shared := s.othersHold(p, line)
			s.fill(p, s.bus(p, line, BusRd))
			if shared {
				return S
			}
			return E
		case !write:
			return st // E, S, M, O: hit
		case st == I:
			s.fill(p, s.bus(p, line, BusRdX))
			return M
		case st == E:
			return M // silent
		case st == S || st == O:
			s.bus(p, line, up)
			return M
		case st == M:
			return M
		}
	case Dragon:
		switch {
		case !write && st == I:
			shared := s.othersHold(p, line)
			s.fill(p, s.bus(p, line, BusRd))
			if shared {
				return Sc
			}
			return E
		case !write:
			return st
		case st == I:
			shared := s.othersHold(p, line)
			s.fill(p, s.bus(p, line, BusRd))
			if shared {
				s.bus(p, line, BusUpd)
				return Sm
			}
			return M
		case st == E:
			return M
		case st == Sc || st == Sm:
			shared := s.othersHold(p, line)
			s.bus(p, line, BusUpd) // issued even if C turns out false
			if shared {
				return Sm
			}
			return M
		case st == M:
			return M
		}
	}
	panic(fmt.Sprintf("refsim: %v has no row for %v write=%v", s.cfg.Protocol, st, write))
}

// fill counts where a needed line came from: another cache that flushed it,
// or memory.
func (s *Sim) fill(p int, flushed bool) {
	if flushed {
		s.cnt[p].C2C++
	} else {
		s.cnt[p].MemReads++
	}
}

// bus issues transaction t for line from core p; every other cache snoops it.
// It reports whether some cache flushed the line.
func (s *Sim) bus(p int, line uint64, t Txn) bool {
	s.cnt[p].Bus[t]++
	flushed := false
	for q := range s.caches {
		if q == p {
			continue
		}
		setp := &s.caches[q].sets[line%s.nsets]
		i := find(*setp, line)
		if i < 0 {
			continue
		}
		from := (*setp)[i].state
		to, flush := s.snoop(from, t)
		cq := &s.cnt[q]
		if flush {
			flushed = true
			cq.Flushes++
			if !s.dirty(to) {
				s.cnt[p].MemWrites++ // memory updated, counted on the requester
			}
		}
		if t == BusRd && (from == E || from == M) && (to != I) && to != from {
			cq.Interventions++
		}
		if to == I {
			cq.Invalidations++
			*setp = append((*setp)[:i], (*setp)[i+1:]...) // the way becomes invalid
		} else {
			(*setp)[i].state = to
		}
	}
	return flushed
}

// snoop is a valid line's reaction to a snooped transaction: its next state
// and whether it flushes.
func (s *Sim) snoop(st State, t Txn) (State, bool) {
	switch s.cfg.Protocol {
	case MSI:
		switch t {
		case BusRd:
			switch st {
			case S:
				return S, false
			case M:
				return S, true
			}
		case BusRdX, BusUpgr:
			switch st {
			case S:
				return I, false
			case M:
				if t == BusRdX {
					return I, true
				}
			}
		}
	case MESI:
		switch t {
		case BusRd:
			switch st {
			case E, S:
				return S, false
			case M:
				return S, true
			}
		case BusRdX:
			switch st {
			case E, S:
				return I, false
			case M:
				return I, true
			}
		case BusUpgr:
			if st == S {
				return I, false
			}
		}
	case MOESI:
		switch t {
		case BusRd:
			switch st {
			case E, S:
				return S, false
			case M, O:
				return O, true
			}
		case BusRdX:
			switch st {
			case E, S:
				return I, false
			case M, O:
				return I, true
			}
		case BusUpgr:
			switch st {
			case S, O:
				return I, false
			}
		}
	case Dragon:
		switch t {
		case BusRd:
			switch st {
			case E, Sc:
				return Sc, false
			case Sm, M:
				return Sm, true
			}
		case BusUpd:
			switch st {
			case Sc, Sm:
				return Sc, false
			}
		}
	}
	panic(fmt.Sprintf("refsim: %v: a line in %v cannot see %v", s.cfg.Protocol, st, t))
}

// Check verifies the protocol's structural invariants on every line any
// cache holds and returns the first violation, or nil: for the invalidation
// protocols at most one cache holds a line in M or E and then no other holds
// it; at most one holds it in O; for Dragon at most one holds it in Sm, and
// E or M excludes every other copy.
func (s *Sim) Check() error {
	type seen struct{ n, excl, owner int }
	lines := map[uint64]*seen{}
	for q := range s.caches {
		for _, set := range s.caches[q].sets {
			for _, e := range set {
				v := lines[e.line]
				if v == nil {
					v = &seen{}
					lines[e.line] = v
				}
				v.n++
				switch e.state {
				case E, M:
					v.excl++
				case O, Sm:
					v.owner++
				}
			}
		}
	}
	for l, v := range lines {
		if v.excl > 0 && v.n > 1 || v.owner > 1 {
			return fmt.Errorf("refsim: line %#x: %d copies, %d exclusive, %d owners", l, v.n, v.excl, v.owner)
		}
	}
	return nil
}
