// This file renders one access per row for --steps: a text table, or JSON
// Lines, written as the run goes (nothing is kept).

package main

import (
	"bufio"
	"fmt"
	"strconv"

	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/protocol"
)

type stepView struct {
	w     *bufio.Writer
	json  bool
	table *protocol.Table
	buf   []byte
}

func newStepView(w *bufio.Writer, json bool, t *protocol.Table) *stepView {
	return &stepView{w: w, json: json, table: t}
}

func writeStepHeader(w *bufio.Writer, cores int) {
	fmt.Fprintf(w, "%8s %5s %2s %18s %18s %4s %-18s %-8s %-*s %10s\n", "step", "core", "op", "addr", "line", "hit", "bus", "supplier", stateWidth(cores), "states", "cycles")
}

func stateWidth(cores int) int { return max(6, 3*cores) }

func supplierName(s int) string {
	switch s {
	case sim.FromMemory:
		return "memory"
	case sim.NoData:
		return ""
	}
	return "P" + strconv.Itoa(s)
}

func opName(o sim.Op) string {
	if o == sim.Read {
		return "R"
	}
	return "W"
}

func (v *stepView) Observe(m *sim.Machine, e *sim.Event) {
	b := v.buf[:0]
	if v.json {
		b = append(b, `{"step":`...)
		b = strconv.AppendUint(b, e.Step, 10)
		b = append(b, `,"core":`...)
		b = strconv.AppendInt(b, int64(e.Core), 10)
		b = append(b, `,"op":"`...)
		b = append(b, opName(e.Op)...)
		b = append(b, `","addr":"0x`...)
		b = strconv.AppendUint(b, e.Addr, 16)
		b = append(b, `","line":"0x`...)
		b = strconv.AppendUint(b, e.Line, 16)
		b = append(b, `","hit":`...)
		b = strconv.AppendBool(b, e.Hit)
		b = append(b, `,"bus":[`...)
		for i, t := range e.Bus {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, t.Kind.String()...)
			b = append(b, '"')
		}
		b = append(b, `],"supplier":"`...)
		b = append(b, supplierName(e.Supplier)...)
		b = append(b, `","states":[`...)
		for i, s := range e.After {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, v.table.States[s]...)
			b = append(b, '"')
		}
		b = append(b, `],"cycles":`...)
		b = strconv.AppendUint(b, e.End, 10)
		b = append(b, "}\n"...)
	} else {
		bus, hit, sup, states := eventCells(v.table, e)
		b = fmt.Appendf(b, "%8d %5s %2s %18s %18s %4s %-18s %-8s %-*s %10d\n", e.Step, "P"+strconv.Itoa(e.Core), opName(e.Op),
			"0x"+strconv.FormatUint(e.Addr, 16), "0x"+strconv.FormatUint(e.Line, 16), hit, bus, sup, stateWidth(len(e.After)), states, e.End)
	}
	v.buf = b
	v.w.Write(b)
}

// runEventView prints `run --events`: one row per access with the
// scheduler's step, the thread, and the variable the address belongs to.
type runEventView struct {
	w     *bufio.Writer
	table *protocol.Table
	name  func(addr uint64) string
	cores int
}

func (v *runEventView) header() {
	fmt.Fprintf(v.w, "%6s %-10s %4s %-3s %-18s %14s %-4s %-14s %-8s %-*s %8s\n", "step", "thread", "core", "op", "variable", "addr", "hit", "bus", "supplier", stateWidth(v.cores), "states", "cycles")
}

func (v *runEventView) ObserveStep(step uint64, thread string, e *sim.Event) {
	bus, hit, sup, states := eventCells(v.table, e)
	op := e.Op.String()
	name := v.name(e.Addr)
	if name == "" {
		name = "-"
	}
	fmt.Fprintf(v.w, "%6d %-10s %4s %-3s %-18s %14s %-4s %-14s %-8s %-*s %8d\n", step, thread, "P"+strconv.Itoa(e.Core), op, name,
		"0x"+strconv.FormatUint(e.Addr, 16), hit, bus, sup, stateWidth(v.cores), states, e.End)
}

// eventCells are the text columns of an event's row: the bus
// transactions ("-" for none), hit or miss, the supplier ("-" for none)
// and the states of the line in every cache after the access.
func eventCells(table *protocol.Table, e *sim.Event) (bus, hit, supplier, states string) {
	bus = "-"
	for i, t := range e.Bus {
		if i == 0 {
			bus = ""
		} else {
			bus += ","
		}
		bus += t.Kind.String()
	}
	hit = "miss"
	if e.Hit {
		hit = "hit"
	}
	supplier = supplierName(e.Supplier)
	if supplier == "" {
		supplier = "-"
	}
	for i, s := range e.After {
		if i > 0 {
			states += " "
		}
		states += table.States[s]
	}
	return bus, hit, supplier, states
}
