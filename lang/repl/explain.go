// This file tells the last step in words: "P1 read a and missed; P0 held
// it in M, snooped BusRd, flushed the line and moved to S; P1 loaded it
// in S".

package repl

import (
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/protocol"
)

func (s *Session) cmdExplain([]string) {
	if s.vm == nil || len(s.choices) == 0 {
		s.printf("nothing to explain yet: take a step first\n")
		return
	}
	if len(s.last) == 0 {
		s.printf("step %d: %s made no memory access\n", len(s.choices), s.vm.Current())
		return
	}
	for _, e := range s.last {
		s.printf("%s\n", s.explain(&e.ev))
	}
}

// explain describes one access.
func (s *Session) explain(e *sim.Event) string {
	t := s.table()
	name := s.varName(e.Addr)
	var parts []string
	verb := map[sim.Op]string{sim.Read: "read", sim.Write: "wrote", sim.RMW: "atomically updated"}[e.Op]
	first := fmt.Sprintf("P%d %s %s", e.Core, verb, name)
	before, after := t.States[e.Before[e.Core]], t.States[e.After[e.Core]]
	switch {
	case e.Hit && len(e.Bus) == 0:
		first += fmt.Sprintf(" and hit: it held the line in %s", before)
		if before != after {
			first += fmt.Sprintf(", which became %s without a bus transaction", after)
		}
	case e.Hit && (e.Bus[0].Kind == protocol.BusWr || e.Bus[0].Kind == protocol.BusUpd):
		first += fmt.Sprintf(" and hit (in %s); the write also goes on the bus", before)
	case e.Hit:
		first += fmt.Sprintf(" and hit, but held the line in %s only: it needed the line exclusively", before)
	default:
		first += " and missed"
	}
	parts = append(parts, first)
	if e.Victim.Valid {
		v := fmt.Sprintf("it evicted %s (in %s)", s.varName(e.Victim.Line), t.States[e.Victim.State])
		if e.Victim.WroteBack {
			v += " and wrote it back to memory"
		}
		parts = append(parts, v)
	}
	if len(e.Bus) > 0 {
		var bus []string
		for _, b := range e.Bus {
			bus = append(bus, b.Kind.String())
		}
		parts = append(parts, fmt.Sprintf("it issued %s", strings.Join(bus, " then ")))
	}
	for _, sn := range e.Snoops {
		row := t.Rows[sn.Row]
		what := fmt.Sprintf("P%d held it in %s, snooped %s", sn.Core, t.States[sn.From], sn.Txn)
		if row.Has(protocol.Flush) {
			what += ", flushed the line"
			if !t.IsDirty(sn.To) {
				what += " (memory updated)"
			}
		}
		if row.Has(protocol.Supply) {
			what += ", supplied the line"
		}
		if sn.To == protocol.Invalid {
			what += " and invalidated its copy"
		} else if sn.To != sn.From {
			what += fmt.Sprintf(" and moved to %s", t.States[sn.To])
		} else if sn.Txn == protocol.BusUpd || sn.Txn == protocol.BusWr {
			what += " and updated its copy"
		} else {
			what += fmt.Sprintf(" and stayed in %s", t.States[sn.To])
		}
		parts = append(parts, what)
	}
	switch {
	case e.Supplier >= 0:
		parts = append(parts, fmt.Sprintf("P%d loaded the line from P%d's cache in %s", e.Core, e.Supplier, after))
	case e.Supplier == sim.FromMemory && after != t.States[protocol.Invalid]:
		parts = append(parts, fmt.Sprintf("P%d loaded the line from memory in %s", e.Core, after))
	case e.Supplier == sim.FromMemory:
		parts = append(parts, "the data came from memory (not kept: no write-allocate)")
	case !e.Hit && after == t.States[protocol.Invalid]:
		parts = append(parts, "the write went to memory (no write-allocate)")
	case before != after && !(e.Hit && len(e.Bus) == 0):
		parts = append(parts, fmt.Sprintf("P%d's copy moved from %s to %s", e.Core, before, after))
	}
	text := strings.Join(parts, "; ")
	if e.Row >= 0 {
		text += fmt.Sprintf(" (row %s)", t.RowString(e.Row))
	}
	return text
}
