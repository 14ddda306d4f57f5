// This file renders a run's counters as text tables, and the miss
// classification as text and JSON.

package main

import (
	"bufio"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/cohere-sim/cohere/sim"
)

// machineLines describes the machine in two lines: what every report
// prints so that its numbers can be reproduced.
func machineLines(m *sim.Machine) string {
	c := m.ConfigReport()
	notes := m.Protocol().Notes
	proto := c.Protocol
	if len(notes) > 0 {
		proto += " (" + strings.Join(notes, ", ") + ")"
	}
	ways := fmt.Sprintf("%d-way", c.L1.Ways)
	if c.L1.Sets == 1 {
		ways = "fully associative"
	}
	if c.L1.Ways == 1 {
		ways = "direct-mapped"
	}
	cores := fmt.Sprintf("%d cores", c.Cores)
	if c.Cores == 1 {
		cores = "1 core"
	}
	return fmt.Sprintf("machine: %s, %s, snooping bus\nL1: %s %s, %d-byte lines, %d sets, %s replacement; latency hit %d, bus %d, memory %d, c2c %d\n",
		cores, proto, sim.FormatSize(c.L1.Size), ways, c.Line, c.L1.Sets, c.L1.Replace,
		c.Latency.Hit, c.Latency.Bus, c.Latency.Memory, c.Latency.C2C)
}

func missRate(c *sim.Counters) string {
	n := c.Reads + c.Writes
	if n == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f%%", 100*float64(c.ReadMisses+c.WriteMisses)/float64(n))
}

// writeCounters prints the per-core tables and the totals.
func writeCounters(w *bufio.Writer, m *sim.Machine) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "core\treads\twrites\tread misses\twrite misses\tmiss rate\twritebacks\tmem reads\tmem writes\t")
	row := func(name string, c sim.Counters) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%d\t%d\t%d\t\n", name, c.Reads, c.Writes, c.ReadMisses, c.WriteMisses, missRate(&c), c.Writebacks, c.MemReads, c.MemWrites)
	}
	for i := 0; i < m.Cores(); i++ {
		row(fmt.Sprintf("P%d", i), m.Counters(i))
	}
	if m.Cores() > 1 {
		row("total", m.Totals())
	}
	tw.Flush()
	w.WriteString("\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "core\tinvalidations\tinterventions\tc2c\tflushes\t%s\t\n", strings.Join(sim.BusKindNames[:], "\t"))
	row2 := func(name string, c sim.Counters) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d", name, c.Invalidations, c.Interventions, c.C2C, c.Flushes)
		for _, n := range c.Bus {
			fmt.Fprintf(tw, "\t%d", n)
		}
		fmt.Fprintln(tw, "\t")
	}
	for i := 0; i < m.Cores(); i++ {
		row2(fmt.Sprintf("P%d", i), m.Counters(i))
	}
	if m.Cores() > 1 {
		row2("total", m.Totals())
	}
	tw.Flush()
}

func writeTraceText(w *bufio.Writer, m *sim.Machine, info traceInfo, top int) {
	fmt.Fprintf(w, "trace: %s (%s), %d references\n", strings.Join(info.Files, " "), info.Format, info.Refs)
	w.WriteString(machineLines(m))
	w.WriteString("\n")
	writeCounters(w, m)
	t := m.Totals()
	fmt.Fprintf(w, "\nbus transactions: %d", busTotal(&t))
	for i, n := range sim.BusKindNames {
		fmt.Fprintf(w, ", %s %d", n, t.Bus[i])
	}
	fmt.Fprintf(w, "\ncycles: %d\n", m.Cycles())
	if k := m.Classifier(); k != nil {
		writeClassText(w, m, k, top)
	}
}

func busTotal(c *sim.Counters) uint64 {
	var n uint64
	for _, x := range c.Bus {
		n += x
	}
	return n
}

var classColumns = []sim.MissClass{sim.Cold, sim.Capacity, sim.Conflict, sim.TrueSharing, sim.FalseSharing}

func writeClassText(w *bufio.Writer, m *sim.Machine, k *sim.Classifier, top int) {
	w.WriteString("\nmisses by class:\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "core\tcold\tcapacity\tconflict\ttrue sharing\tfalse sharing\ttotal\t")
	var total sim.ClassCounts
	row := func(name string, c sim.ClassCounts) {
		fmt.Fprintf(tw, "%s", name)
		for _, cl := range classColumns {
			fmt.Fprintf(tw, "\t%d", c[cl])
		}
		fmt.Fprintf(tw, "\t%d\t\n", c.Total())
	}
	for i := 0; i < m.Cores(); i++ {
		c := k.Core(i)
		for j := range c {
			total[j] += c[j]
		}
		row(fmt.Sprintf("P%d", i), c)
	}
	if m.Cores() > 1 {
		row("total", total)
	}
	tw.Flush()
	lines := k.Lines()
	if len(lines) == 0 {
		return
	}
	n := len(lines)
	if top > 0 && n > top {
		n = top
	}
	fmt.Fprintf(w, "\nlines with the most misses (%d of %d):\n", n, len(lines))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "line\tcold\tcapacity\tconflict\ttrue sharing\tfalse sharing\ttotal\t")
	for _, l := range lines[:n] {
		row(fmt.Sprintf("%#x", l.Line), l.Counts)
	}
	tw.Flush()
}

// classCountsJSON is one row of the classification.
type classCountsJSON struct {
	Core         *int   `json:"core,omitempty"`
	Line         string `json:"line,omitempty"`
	Cold         uint64 `json:"cold"`
	Capacity     uint64 `json:"capacity"`
	Conflict     uint64 `json:"conflict"`
	TrueSharing  uint64 `json:"true_sharing"`
	FalseSharing uint64 `json:"false_sharing"`
}

type classificationJSON struct {
	Cores []classCountsJSON `json:"cores"`
	Lines []classCountsJSON `json:"lines"`
	// LinesTotal is how many lines missed; Lines lists the top ones.
	LinesTotal int `json:"lines_total"`
}

func classRow(c sim.ClassCounts) classCountsJSON {
	return classCountsJSON{Cold: c[sim.Cold], Capacity: c[sim.Capacity], Conflict: c[sim.Conflict], TrueSharing: c[sim.TrueSharing], FalseSharing: c[sim.FalseSharing]}
}

func classification(m *sim.Machine, k *sim.Classifier, top int) *classificationJSON {
	out := &classificationJSON{Cores: []classCountsJSON{}, Lines: []classCountsJSON{}}
	for i := 0; i < m.Cores(); i++ {
		r := classRow(k.Core(i))
		core := i
		r.Core = &core
		out.Cores = append(out.Cores, r)
	}
	lines := k.Lines()
	out.LinesTotal = len(lines)
	if top > 0 && len(lines) > top {
		lines = lines[:top]
	}
	for _, l := range lines {
		r := classRow(l.Counts)
		r.Line = fmt.Sprintf("%#x", l.Line)
		out.Lines = append(out.Lines, r)
	}
	return out
}
