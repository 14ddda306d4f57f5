// This file prints what a step did and what the machine holds: the show
// command and the step display.

package repl

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/cohere-sim/cohere/lang/types"
	"github.com/cohere-sim/cohere/lang/view"
	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/protocol"
	"github.com/cohere-sim/cohere/sim/spell"
)

// state renders a state name, coloured on a terminal (the colours of
// every view: view.StateColor). Every coloured name carries escape codes
// of the same length, so tables stay aligned (see colored).
func (s *Session) state(name string) string {
	if !s.opt.Color {
		return name
	}
	c := view.StateColor(name)
	if len(c) != len(defaultColor) {
		c = defaultColor
	}
	return c + name + resetColor
}

const (
	defaultColor = "\x1b[39m" // the terminal's own colour, as long as the others
	resetColor   = "\x1b[0m"
)

// colored pads a table header cell with the same invisible bytes as a
// coloured state, so that a tabwriter column holding states lines up.
func (s *Session) colored(header string) string {
	if !s.opt.Color {
		return header
	}
	return defaultColor + header + resetColor
}

func (s *Session) table() *protocol.Table { return s.vm.Machine().Protocol() }

// name says which variable an address belongs to.
func (s *Session) varName(addr uint64) string {
	if n := s.scen.Describe(addr); n != "" {
		return n
	}
	return fmt.Sprintf("%#x", addr)
}

// showStep prints the events of the last step.
func (s *Session) showStep() {
	step := len(s.choices)
	thread := s.vm.Current()
	if len(s.last) == 0 {
		what := "no memory access"
		if b := s.bufferedBy(thread); b != "" {
			what = b
		}
		for _, t := range s.vm.Threads() {
			if t.Name == thread && t.Status != "runnable" {
				what += "; now " + t.Status
			}
		}
		s.printf("step %d: %s: %s\n", step, thread, what)
		return
	}
	for _, e := range s.last {
		s.showEvent(step, e)
	}
	s.checkWatches()
}

// showEvent prints one access: what, hit or miss, the row, the bus, the
// supplier, the snoopers, and the states before and after.
func (s *Session) showEvent(step int, se stepEvent) {
	e := &se.ev
	t := s.table()
	hit := "miss"
	if e.Hit {
		hit = "hit"
	}
	val := fmt.Sprintf(" = %d", int64(e.Value))
	if e.Op == sim.RMW {
		val = fmt.Sprintf(" %d -> %d", int64(e.Old), int64(e.Value))
	}
	s.printf("step %d: %s on P%d %s %s%s (%#x): %s\n", step, se.thread, e.Core, opVerb(e.Op), s.varName(e.Addr), val, e.Addr, hit)
	if e.Row >= 0 {
		s.printf("  row      %s\n", t.RowString(e.Row))
	}
	if len(e.Bus) > 0 {
		var bus []string
		for _, b := range e.Bus {
			bus = append(bus, b.Kind.String())
		}
		s.printf("  bus      %s, cycles %d -> %d\n", strings.Join(bus, ", "), e.Start, e.End)
	}
	switch {
	case e.Supplier >= 0:
		s.printf("  data     from P%d's cache\n", e.Supplier)
	case e.Supplier == sim.FromMemory:
		s.printf("  data     from memory\n")
	}
	for _, sn := range e.Snoops {
		s.printf("  snoop    P%d %s -> %s  (%s)\n", sn.Core, s.state(t.States[sn.From]), s.state(t.States[sn.To]), t.RowString(sn.Row))
	}
	if e.Victim.Valid {
		wb := "dropped"
		if e.Victim.WroteBack {
			wb = "written back"
		}
		s.printf("  evicted  %s (%s, %s)\n", s.varName(e.Victim.Line), t.States[e.Victim.State], wb)
	}
	var states []string
	for c := range e.After {
		if e.Before[c] != e.After[c] {
			states = append(states, fmt.Sprintf("P%d %s -> %s", c, s.state(t.States[e.Before[c]]), s.state(t.States[e.After[c]])))
		} else {
			states = append(states, fmt.Sprintf("P%d %s", c, s.state(t.States[e.After[c]])))
		}
	}
	s.printf("  states   %s\n", strings.Join(states, ", "))
}

func opVerb(o sim.Op) string {
	switch o {
	case sim.Write:
		return "write"
	case sim.RMW:
		return "atomic"
	}
	return "read"
}

func (s *Session) cmdShow(args []string) {
	if s.vm == nil {
		s.printf("nothing to show: the script did not load\n")
		return
	}
	what := ""
	if len(args) > 0 {
		what = args[0]
	}
	switch what {
	case "caches":
		for c := 0; c < s.vm.Machine().Cores(); c++ {
			s.showCache(c)
		}
	case "cache":
		if len(args) != 2 {
			s.printf("usage: show cache N (a core, 0 to %d)\n", s.vm.Machine().Cores()-1)
			return
		}
		var c int
		if _, err := fmt.Sscanf(strings.TrimPrefix(args[1], "P"), "%d", &c); err != nil || c < 0 || c >= s.vm.Machine().Cores() {
			s.printf("cache %s: the cores are 0 to %d\n", args[1], s.vm.Machine().Cores()-1)
			return
		}
		s.showCache(c)
	case "line":
		if len(args) < 2 {
			s.printf("usage: show line VAR\n")
			return
		}
		s.showLine(strings.Join(args[1:], ""))
	case "bus":
		s.showBus()
	case "memory":
		s.showMemory()
	case "map":
		s.printf("%s", view.MemoryMap(s.scen, s.vm))
	case "threads":
		s.showThreads()
	case "buffers":
		s.showBuffers()
	case "stats":
		s.showStats()
	case "races":
		s.showRaces()
	case "protocol":
		t := s.table()
		if len(args) > 1 {
			var err error
			if t, err = protocol.Builtin(args[1], protocol.DefaultSettings()); err != nil {
				if p := s.scen.Protocols[args[1]]; p != nil {
					t = p
				} else {
					s.printf("%v\n", err)
					return
				}
			}
		}
		s.printf("protocol %s\n%s", t.Name, view.ProtocolGrid(t, s.opt.Color))
	default:
		opts := []string{"caches", "cache", "line", "bus", "memory", "map", "threads", "buffers", "stats", "races", "protocol"}
		s.printf("show what? %s%s\n", strings.Join(opts, ", "), spell.Hint(what, opts))
	}
}

// words renders a line's bytes as 8-byte words.
func words(b []byte) string {
	out := make([]byte, 0, len(b)*2)
	for i := 0; i+8 <= len(b); i += 8 {
		if i > 0 {
			out = append(out, ' ')
		}
		out = strconv.AppendInt(out, int64(binary.LittleEndian.Uint64(b[i:])), 10)
	}
	return string(out)
}

func (s *Session) showCache(c int) {
	m := s.vm.Machine()
	lines := m.CacheContents(c)
	s.printf("P%d: %d of %d lines valid\n", c, len(lines), m.Geometry().Sets*m.Geometry().Ways)
	if len(lines) == 0 {
		return
	}
	var b []byte
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	b = append(b, "  set\tway\tline\tvariable\t"...)
	b = append(b, s.colored("state")...)
	b = append(b, "\tdata (words)\n"...)
	names := map[uint64]string{} // lines of one variable repeat: name each once
	for _, l := range lines {
		name, ok := names[l.Line]
		if !ok {
			name = s.varName(l.Line)
			names[l.Line] = name
		}
		b = append(b, "  "...)
		b = strconv.AppendInt(b, int64(l.Set), 10)
		b = append(b, '\t')
		b = strconv.AppendInt(b, int64(l.Way), 10)
		b = append(b, "\t0x"...)
		b = strconv.AppendUint(b, l.Line, 16)
		b = append(b, '\t')
		b = append(b, name...)
		b = append(b, '\t')
		b = append(b, s.state(s.table().States[l.State])...)
		b = append(b, '\t')
		b = append(b, words(l.Data)...)
		b = append(b, '\n')
	}
	tw.Write(b)
	tw.Flush()
}

func (s *Session) showLine(name string) {
	lo, _, ok := s.varRange(name)
	if !ok {
		return
	}
	m := s.vm.Machine()
	line := m.LineAddr(lo)
	s.printf("%s is at %#x: line %#x, set %d\n", name, lo, line, m.SetOf(lo))
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for c := 0; c < m.Cores(); c++ {
		data := ""
		if v, err := m.PeekLine(c, lo); err == nil && v != nil {
			data = words(v)
		}
		fmt.Fprintf(tw, "  P%d\t%s\t%s\n", c, s.state(m.StateName(c, lo)), data)
	}
	fmt.Fprintf(tw, "  memory\t%s\t%s\n", s.colored(""), words(m.MemoryLine(line)))
	tw.Flush()
	for _, l := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
		s.printf("%s\n", strings.TrimRight(l, " "))
	}
	if v, errs := s.scen.Inspect(name, s.vm); len(errs) == 0 {
		s.printf("  the last store to %s wrote %s\n", name, v)
	}
}

func (s *Session) showBus() {
	m := s.vm.Machine()
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "core\t%s\t\n", strings.Join(sim.BusKindNames[:], "\t"))
	for c := 0; c < m.Cores(); c++ {
		cnt := m.Counters(c)
		fmt.Fprintf(tw, "P%d", c)
		for _, n := range cnt.Bus {
			fmt.Fprintf(tw, "\t%d", n)
		}
		fmt.Fprintln(tw, "\t")
	}
	tw.Flush()
	s.printf("cycles: %d\n", m.Cycles())
}

func (s *Session) showStats() {
	m := s.vm.Machine()
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "core\treads\twrites\trd miss\twr miss\twb\tinval\tinterv\tc2c\tflush\tmem rd\tmem wr\t")
	row := func(name string, c sim.Counters) {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", name, c.Reads, c.Writes, c.ReadMisses, c.WriteMisses,
			c.Writebacks, c.Invalidations, c.Interventions, c.C2C, c.Flushes, c.MemReads, c.MemWrites)
	}
	for c := 0; c < m.Cores(); c++ {
		row(fmt.Sprintf("P%d", c), m.Counters(c))
	}
	row("total", m.Totals())
	tw.Flush()
	s.printf("step %d, cycles %d\n", len(s.choices), m.Cycles())
}

func (s *Session) showMemory() {
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "variable\taddress\tmemory\tlast store")
	for _, g := range s.scen.Prog.Globals {
		s.memoryRows(tw, g.Name, g.Addr, g.Type)
	}
	tw.Flush()
}

// maxElements is how many elements of an array show memory lists.
const maxElements = 16

// memoryRows prints a variable's words: one row, or one per element (the
// first maxElements of a long array; show line VAR[i] shows any other).
func (s *Session) memoryRows(tw *tabwriter.Writer, name string, addr uint64, t *types.Type) {
	if t.Kind == types.Array {
		for i := 0; i < t.Len && i < maxElements; i++ {
			s.memoryRows(tw, fmt.Sprintf("%s[%d]", name, i), addr+uint64(i*t.Elem.Size()), t.Elem)
		}
		if t.Len > maxElements {
			fmt.Fprintf(tw, "%s[%d...%d]\t\t\t(%d more elements: show line %s[i] for any of them)\n", name, maxElements, t.Len-1, t.Len-maxElements, name)
		}
		return
	}
	if !t.Scalar() {
		return
	}
	size := 8
	if t.Size() == 1 {
		size = 1
	}
	m := s.vm.Machine()
	mem, _ := m.Memory(addr, size)
	last, _ := m.Latest(addr, size)
	mark := ""
	if mem != last {
		mark = "  (stale: a cache holds a newer value)"
	}
	fmt.Fprintf(tw, "%s\t%#x\t%d\t%d%s\n", name, addr, int64(mem), int64(last), mark)
}

func (s *Session) showThreads() {
	threads := s.vm.Threads()
	if len(threads) == 0 {
		s.printf("no threads (%s)\n", map[bool]string{true: "a trace: step through its accesses", false: "declare one: thread NAME { ... }"}[len(s.scen.Prog.Trace) > 0])
		return
	}
	tw := tabwriter.NewWriter(s.out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "thread\tstatus\tcore\tat\tsteps")
	for _, t := range threads {
		at := "-"
		if t.Pos.IsValid() && t.Status != "done" {
			at = fmt.Sprintf("line %d", t.Pos.Line)
		}
		core := "-"
		if t.Core >= 0 {
			core = fmt.Sprintf("P%d", t.Core)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", t.Name, t.Status, core, at, t.Steps)
	}
	tw.Flush()
}

// bufferedBy describes a step that left its store in a store buffer
// (no access reached the caches): the newest entry of the thread's core.
func (s *Session) bufferedBy(thread string) string {
	for _, t := range s.vm.Threads() {
		if t.Name != thread || t.Core < 0 {
			continue
		}
		b := s.vm.StoreBuffer(t.Core)
		if len(b) == 0 || s.buffered() <= s.bufferedBefore {
			return ""
		}
		e := b[len(b)-1]
		return fmt.Sprintf("store %s = %d waits in P%d's store buffer (%d waiting)", s.varName(e.Addr), e.Value, t.Core, len(b))
	}
	return ""
}

// showBuffers lists the stores waiting in each core's store buffer.
func (s *Session) showBuffers() {
	if s.scen.Machine.StoreBuffer == 0 {
		s.printf("no store buffers: the machine is sequentially consistent (machine { storebuffer N } adds them)\n")
		return
	}
	for c := 0; c < s.vm.Machine().Cores(); c++ {
		b := s.vm.StoreBuffer(c)
		if len(b) == 0 {
			s.printf("P%d: empty\n", c)
			continue
		}
		var parts []string
		for _, e := range b {
			parts = append(parts, fmt.Sprintf("%s = %d", s.varName(e.Addr), e.Value))
		}
		s.printf("P%d: %s (oldest first; %s drains the oldest)\n", c, strings.Join(parts, ", "), fmt.Sprintf("P%d.drain", c))
	}
}
