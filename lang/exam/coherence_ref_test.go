// This file is an independent model of the eight protocols the coherence
// topic uses, written from PROTOCOLS.md for lines that are never evicted:
// a map of states and values per cache, one switch per protocol. The
// tests re-derive every generated key with it.

package exam

import "fmt"

// refCohCopy is one cache's copy of a variable's line.
type refCohCopy struct {
	state string // "I" when absent
	value uint64
}

// refCohStep is one access as the model sees it.
type refCohStep struct {
	after    []string
	bus      []string
	supplier string
	value    uint64
	cost     uint64
}

// refCohCounts are the totals the count and compare variants ask for.
type refCohCounts struct {
	bus           map[string]uint64
	invalidations uint64
	c2c           uint64
	memWrites     uint64
	cycles        uint64
}

type refCohModel struct {
	proto   string
	upgrade bool
	cores   int
	copies  map[int][]refCohCopy // variable → copy per core
	mem     map[int]uint64
	counts  refCohCounts
}

func newRefCohModel(proto string, upgrade bool, cores int) *refCohModel {
	return &refCohModel{proto: proto, upgrade: upgrade, cores: cores, copies: map[int][]refCohCopy{}, mem: map[int]uint64{},
		counts: refCohCounts{bus: map[string]uint64{}}}
}

// dirty are the states whose data may be newer than memory.
func refCohDirty(proto, s string) bool {
	switch proto {
	case "Dragon":
		return s == "Sm" || s == "M"
	case "Firefly":
		return s == "D"
	case "MOESI":
		return s == "M" || s == "O"
	}
	return s == "M"
}

// refSnoopResult is one other cache's answer to a transaction.
type refSnoopResult struct {
	next  string
	flush bool // puts its dirty line on the bus
	give  bool // supplies a clean line (MESIF's E and F)
	upd   bool // takes the carried word
}

// snoop says what a cache in state s does on seeing txn.
func (m *refCohModel) snoop(s, txn string) refSnoopResult {
	inval := txn == "BusRdX" || txn == "BusUpgr"
	switch m.proto {
	case "MSI", "MESI":
		switch {
		case s == "M" && txn == "BusRd":
			return refSnoopResult{next: "S", flush: true}
		case s == "M" && txn == "BusRdX":
			return refSnoopResult{next: "I", flush: true}
		case inval:
			return refSnoopResult{next: "I"}
		case s == "E":
			return refSnoopResult{next: "S"}
		}
	case "MOESI":
		switch {
		case (s == "M" || s == "O") && txn == "BusRd":
			return refSnoopResult{next: "O", flush: true}
		case (s == "M" || s == "O") && txn == "BusRdX":
			return refSnoopResult{next: "I", flush: true}
		case inval:
			return refSnoopResult{next: "I"}
		case s == "E":
			return refSnoopResult{next: "S"}
		}
	case "MESIF":
		switch {
		case s == "M" && txn == "BusRd":
			return refSnoopResult{next: "S", flush: true}
		case s == "M" && txn == "BusRdX":
			return refSnoopResult{next: "I", flush: true}
		case inval:
			return refSnoopResult{next: "I"}
		case s == "E" || s == "F":
			return refSnoopResult{next: "S", give: true}
		}
	case "Dragon":
		switch {
		case txn == "BusRd" && (s == "M" || s == "Sm"):
			return refSnoopResult{next: "Sm", flush: true}
		case txn == "BusRd" && s == "E":
			return refSnoopResult{next: "Sc"}
		case txn == "BusUpd":
			return refSnoopResult{next: "Sc", upd: true}
		}
	case "Firefly":
		switch {
		case txn == "BusRd" && s == "D":
			return refSnoopResult{next: "S", flush: true}
		case txn == "BusRd":
			return refSnoopResult{next: "S"}
		case txn == "BusUpd":
			return refSnoopResult{next: "S", upd: true}
		}
	case "WTI":
		if txn == "BusWr" {
			return refSnoopResult{next: "I"}
		}
	}
	return refSnoopResult{next: s}
}

// access runs one access and returns what the key shows.
func (m *refCohModel) access(core int, write bool, v int, val uint64) refCohStep {
	cs := m.copies[v]
	if cs == nil {
		cs = make([]refCohCopy, m.cores)
		for i := range cs {
			cs[i].state = "I"
		}
		m.copies[v] = cs
	}
	st := refCohStep{supplier: "—", cost: 1}
	shared := false
	for i, c := range cs {
		if i != core && c.state != "I" {
			shared = true
		}
	}
	have := cs[core].state != "I"
	// bus issues txn: the others snoop; a fetch brings the line.
	bus := func(txn string, word uint64) {
		st.bus = append(st.bus, txn)
		m.counts.bus[txn]++
		st.cost += 20
		flusher, giver := -1, -1
		for i := range cs {
			if i == core || cs[i].state == "I" {
				continue
			}
			r := m.snoop(cs[i].state, txn)
			if r.flush {
				if flusher < 0 {
					flusher = i
				}
				if !refCohDirty(m.proto, r.next) {
					m.mem[v] = cs[i].value
					m.counts.memWrites++
				}
			} else if r.give && giver < 0 {
				giver = i
			}
			if r.upd {
				cs[i].value = word
			}
			if r.next == "I" && cs[i].state != "I" {
				m.counts.invalidations++
			}
			cs[i].state = r.next
		}
		sup := flusher
		if sup < 0 {
			sup = giver
		}
		if (txn == "BusRd" || txn == "BusRdX") && !have {
			if sup >= 0 {
				cs[core].value = cs[sup].value
				st.supplier = fmt.Sprintf("P%d", sup)
				m.counts.c2c++
				st.cost += 10
			} else {
				cs[core].value = m.mem[v]
				st.supplier = "memory"
				st.cost += 100
			}
			have = true
		}
		if txn == "BusWr" {
			st.cost += 100
		}
	}
	s := cs[core].state
	next := s
	switch m.proto {
	case "WT", "WTI":
		if !write {
			if s == "I" {
				bus("BusRd", 0)
				next = "V"
			}
		} else {
			bus("BusWr", val)
			m.mem[v] = val
			m.counts.memWrites++
			if s == "V" {
				cs[core].value = val
			}
		}
	case "Dragon", "Firefly":
		shd, excl, dirty := "Sc", "E", "M"
		if m.proto == "Firefly" {
			shd, excl, dirty = "S", "VE", "D"
		}
		wshared := "Sm"
		if m.proto == "Firefly" {
			wshared = "S"
		}
		switch {
		case !write && s == "I":
			bus("BusRd", 0)
			next = excl
			if shared {
				next = shd
			}
		case !write:
		case s == "I":
			bus("BusRd", 0)
			cs[core].value = val
			next = dirty
			if shared {
				bus("BusUpd", val)
				next = wshared
			}
		case s == excl || s == dirty:
			next = dirty
		default: // a shared state
			bus("BusUpd", val)
			next = dirty
			if m.proto == "Firefly" {
				next = excl
			}
			if shared {
				next = wshared
			}
		}
		if write {
			cs[core].value = val
			if m.proto == "Firefly" && !refCohDirty(m.proto, next) {
				m.mem[v] = val
				m.counts.memWrites++
			}
		}
	default: // MSI, MESI, MOESI, MESIF
		switch {
		case !write && s == "I":
			bus("BusRd", 0)
			switch {
			case m.proto == "MSI" || shared && m.proto != "MESIF":
				next = "S"
			case shared:
				next = "F"
			default:
				next = "E"
			}
		case !write:
		case s == "I":
			bus("BusRdX", 0)
			next = "M"
		case s == "E" || s == "M":
			next = "M"
		default: // S, O, F: an upgrade
			if m.upgrade {
				bus("BusUpgr", 0)
			} else {
				bus("BusRdX", 0)
			}
			next = "M"
		}
		if write {
			cs[core].value = val
		}
	}
	cs[core].state = next
	if m.proto == "WT" || m.proto == "WTI" {
		if write && s == "I" {
			cs[core].state = "I"
		}
	}
	for _, c := range cs {
		st.after = append(st.after, c.state)
	}
	if !write {
		st.value = cs[core].value
	}
	m.counts.cycles += st.cost
	return st
}
