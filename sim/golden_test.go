// Golden tests of the built-in protocol tables: hand-made access sequences
// (testdata/sequences/*.seq) run with data on a tiny cache, every step
// rendered as text and compared with testdata/golden/*.txt. The golden files
// were checked step by step against PROTOCOLS.md and the textbooks (Culler &
// Singh ch. 5, the Primer ch. 7-8), not merely accepted from the engine.
// Each run must also fire every row of its table (TestGoldenProtocols fails
// listing any row that never fired) and pass the invariant checker.
//
//	go test ./sim -run Golden -update   # rewrite the golden files

package sim_test

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/protocol"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenCase is one run: a protocol with its settings, on a machine of
// cores cores with 2 sets x 2 ways of 64-byte lines, fed the sequence
// testdata/sequences/<name>.seq and compared with testdata/golden/<name>.txt.
type goldenCase struct {
	name     string
	protocol string
	settings protocol.Settings
	cores    int
	// never lists rows of the table that cannot fire, with the reason; the
	// coverage check skips them (and fails if one fires after all).
	never map[string]string
}

// Rows PROTOCOLS.md says can never fire.
const (
	// "M never sees BusUpgr (nobody else holds the line)": the same holds
	// for E, the other exclusive state, so BusUpgr never finds a line in E.
	goldenExclusiveUpgr = "BusUpgr is issued only from a shared state, so no other cache holds the line in E"
	// With upgrade off nobody issues BusUpgr at all.
	goldenNoUpgr = "upgrade off: no cache issues BusUpgr"
)

var goldenCases = []goldenCase{
	{name: "none", protocol: "none", settings: protocol.DefaultSettings(), cores: 2},
	{name: "wt", protocol: "WT", settings: protocol.DefaultSettings(), cores: 2},
	{name: "wt_allocate", protocol: "WT", settings: protocol.Settings{Upgrade: true, Allocate: true}, cores: 2},
	{name: "wti", protocol: "WTI", settings: protocol.DefaultSettings(), cores: 3},
	{name: "wti_allocate", protocol: "WTI", settings: protocol.Settings{Upgrade: true, Allocate: true}, cores: 2},
	{name: "msi", protocol: "MSI", settings: protocol.DefaultSettings(), cores: 3},
	{name: "msi_noupgrade", protocol: "MSI", settings: protocol.Settings{Upgrade: false}, cores: 3,
		never: map[string]string{"S BusUpgr -> I": goldenNoUpgr}},
	{name: "mesi", protocol: "MESI", settings: protocol.DefaultSettings(), cores: 3,
		never: map[string]string{"E BusUpgr -> I": goldenExclusiveUpgr}},
	{name: "mesi_noupgrade", protocol: "MESI", settings: protocol.Settings{Upgrade: false}, cores: 3,
		never: map[string]string{"E BusUpgr -> I": goldenExclusiveUpgr, "S BusUpgr -> I": goldenNoUpgr}},
	{name: "mesi_cleansharing", protocol: "MESI", settings: protocol.Settings{Upgrade: true, CleanSharing: true}, cores: 3,
		never: map[string]string{"E BusUpgr -> I": goldenExclusiveUpgr}},
	{name: "moesi", protocol: "MOESI", settings: protocol.DefaultSettings(), cores: 3,
		never: map[string]string{"E BusUpgr -> I": goldenExclusiveUpgr}},
	{name: "moesi_noupgrade", protocol: "MOESI", settings: protocol.Settings{Upgrade: false}, cores: 3,
		never: map[string]string{"E BusUpgr -> I": goldenExclusiveUpgr, "S BusUpgr -> I": goldenNoUpgr, "O BusUpgr -> I": goldenNoUpgr}},
	{name: "moesi_cleansharing", protocol: "MOESI", settings: protocol.Settings{Upgrade: true, CleanSharing: true}, cores: 3,
		never: map[string]string{"E BusUpgr -> I": goldenExclusiveUpgr}},
	{name: "mesif", protocol: "MESIF", settings: protocol.DefaultSettings(), cores: 3,
		never: map[string]string{"E BusUpgr -> I": goldenExclusiveUpgr}},
	{name: "mesif_cleansharing", protocol: "MESIF", settings: protocol.Settings{Upgrade: true, CleanSharing: true}, cores: 3,
		// S never supplies in MESIF, even with clean sharing on: F (or E) does,
		// and memory once the F copy is gone.
		never: map[string]string{"E BusUpgr -> I": goldenExclusiveUpgr}},
	{name: "dragon", protocol: "Dragon", settings: protocol.DefaultSettings(), cores: 3},
	{name: "firefly", protocol: "Firefly", settings: protocol.DefaultSettings(), cores: 3},
}

// goldenAccess is one line of a sequence file:
//
//	P0 R 0x40
//	P1 W 0x40 7
//	P2 RMW 0x40 add 1 | swap 5 | cas OLD NEW
//
// Every access is an aligned 8-byte word. A comment (# ...) on the line of
// an access is printed with its step.
type goldenAccess struct {
	core int
	op   sim.Op
	addr uint64
	val  uint64
	at   sim.AtomicOp
	text string // the access as written
	note string // its comment
}

func goldenParse(t *testing.T, path string) []goldenAccess {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []goldenAccess
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line, note, _ := strings.Cut(sc.Text(), "#")
		w := strings.Fields(line)
		if len(w) == 0 {
			continue
		}
		bad := func(why string) { t.Fatalf("%s:%d: %s: %q", path, n, why, sc.Text()) }
		num := func(s string) uint64 {
			v, err := strconv.ParseUint(s, 0, 64)
			if err != nil {
				bad(err.Error())
			}
			return v
		}
		if len(w) < 3 || !strings.HasPrefix(w[0], "P") {
			bad("want Pn R|W|RMW ADDR ...")
		}
		a := goldenAccess{core: int(num(w[0][1:])), addr: num(w[2]), text: strings.Join(w, " "), note: strings.TrimSpace(note)}
		switch {
		case w[1] == "R" && len(w) == 3:
			a.op = sim.Read
		case w[1] == "W" && len(w) == 4:
			a.op, a.val = sim.Write, num(w[3])
		case w[1] == "RMW" && len(w) == 5 && w[3] == "add":
			a.op, a.at = sim.RMW, sim.AtomicOp{Kind: sim.AtomicAdd, Arg: num(w[4])}
		case w[1] == "RMW" && len(w) == 5 && w[3] == "swap":
			a.op, a.at = sim.RMW, sim.AtomicOp{Kind: sim.AtomicSwap, Arg: num(w[4])}
		case w[1] == "RMW" && len(w) == 6 && w[3] == "cas":
			a.op, a.at = sim.RMW, sim.AtomicOp{Kind: sim.AtomicCAS, Arg: num(w[4]), New: num(w[5])}
		default:
			bad("want Pn R ADDR, Pn W ADDR VALUE, Pn RMW ADDR add|swap ARG or Pn RMW ADDR cas OLD NEW")
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// goldenEvent is the part of a sim.Event a step's block shows, copied out
// of the engine's reused Event.
type goldenEvent struct {
	row      int
	bus      []sim.BusTxn
	snoops   []sim.Snoop
	supplier int
	victim   sim.Victim
	value    uint64
	old      uint64
	hit      bool
	start    uint64
	end      uint64
}

var goldenCounterNames = []string{
	"reads", "writes", "read_misses", "write_misses", "invalidations", "interventions",
	"c2c", "flushes", "writebacks", "mem_reads", "mem_writes",
	"bus.BusRd", "bus.BusRdX", "bus.BusUpgr", "bus.BusUpd", "bus.BusWr",
}

func goldenCounters(c sim.Counters) []uint64 {
	return []uint64{
		c.Reads, c.Writes, c.ReadMisses, c.WriteMisses, c.Invalidations, c.Interventions,
		c.C2C, c.Flushes, c.Writebacks, c.MemReads, c.MemWrites,
		c.BusCount(protocol.BusRd), c.BusCount(protocol.BusRdX), c.BusCount(protocol.BusUpgr),
		c.BusCount(protocol.BusUpd), c.BusCount(protocol.BusWr),
	}
}

func goldenSupplier(s int) string {
	switch s {
	case sim.FromMemory:
		return "memory"
	case sim.NoData:
		return "none"
	}
	return fmt.Sprintf("P%d", s)
}

// goldenRun runs one case and returns its rendering and the number of
// times each row of the table fired.
func goldenRun(t *testing.T, gc goldenCase, seq []goldenAccess) (string, []int, *sim.Machine) {
	t.Helper()
	cfg := sim.DefaultConfig()
	cfg.Cores = gc.cores
	cfg.Protocol = gc.protocol
	cfg.Settings = gc.settings
	cfg.Line, cfg.Size, cfg.Ways = 64, 256, 2 // 2 sets x 2 ways
	cfg.Data = true
	m, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tab := m.Protocol()
	var ck *sim.Checker
	if m.Exempt() == "" {
		ck = sim.NewChecker(0)
		m.Observe(ck)
	}
	var ev goldenEvent
	fired := make([]int, len(tab.Rows))
	m.Observe(sim.ObserverFunc(func(_ *sim.Machine, e *sim.Event) {
		ev = goldenEvent{
			row:      e.Row,
			bus:      append([]sim.BusTxn(nil), e.Bus...),
			snoops:   append([]sim.Snoop(nil), e.Snoops...),
			supplier: e.Supplier,
			victim:   e.Victim,
			value:    e.Value,
			old:      e.Old,
			hit:      e.Hit,
			start:    e.Start,
			end:      e.End,
		}
		if e.Row >= 0 {
			fired[e.Row]++
		}
		for _, s := range e.Snoops {
			if s.Row >= 0 {
				fired[s.Row]++
			}
		}
		if e.Victim.Valid {
			if r := tab.Lookup(e.Victim.State, protocol.Evict, false); r >= 0 {
				fired[r]++
			} else {
				t.Errorf("step %d: evicted a line in %s, which has no Evict row", e.Step, tab.States[e.Victim.State])
			}
		}
	}))

	var b strings.Builder
	notes := ""
	if len(tab.Notes) > 0 {
		notes = " (" + strings.Join(tab.Notes, ", ") + ")"
	}
	fmt.Fprintf(&b, "# %s%s, %d cores, 2 sets x 2 ways x 64-byte lines, data on\n", tab.Name, notes, gc.cores)
	word := func(addr uint64) uint64 {
		v, err := m.Memory(addr, 8)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for i, a := range seq {
		before := make([][]uint64, gc.cores)
		for k := range before {
			before[k] = goldenCounters(m.Counters(k))
		}
		steps := m.Steps()
		switch a.op {
		case sim.Read:
			_, err = m.Load(a.core, a.addr, 8)
		case sim.Write:
			err = m.Store(a.core, a.addr, 8, a.val)
		case sim.RMW:
			_, err = m.Atomic(a.core, a.addr, 8, a.at)
		}
		if err != nil {
			t.Fatalf("step %d (%s): %v", i+1, a.text, err)
		}
		if m.Steps() != steps+1 {
			t.Fatalf("step %d (%s): %d accesses ran", i+1, a.text, m.Steps()-steps)
		}
		fmt.Fprintf(&b, "\nstep %d: %s", i+1, a.text)
		if a.note != "" {
			fmt.Fprintf(&b, "    # %s", a.note)
		}
		b.WriteString("\n")
		row := "(none)"
		if ev.row >= 0 {
			row = tab.RowString(ev.row)
		}
		hit := "miss"
		if ev.hit {
			hit = "hit"
		}
		fmt.Fprintf(&b, "  row       %s (%s)\n", row, hit)
		var bus []string
		for _, x := range ev.bus {
			s := x.Kind.String()
			if x.Supplier != sim.NoData {
				s += " <- " + goldenSupplier(x.Supplier)
			}
			bus = append(bus, s)
		}
		if len(bus) == 0 {
			bus = []string{"-"}
		}
		fmt.Fprintf(&b, "  bus       %s\n", strings.Join(bus, ", "))
		fmt.Fprintf(&b, "  supplier  %s\n", goldenSupplier(ev.supplier))
		for _, s := range ev.snoops {
			fmt.Fprintf(&b, "  snoop     P%d %s %s -> %s  [%s]\n", s.Core, s.Txn, tab.States[s.From], tab.States[s.To], tab.RowString(s.Row))
		}
		if ev.victim.Valid {
			wb := "dropped"
			if ev.victim.WroteBack {
				wb = "written back"
			}
			fmt.Fprintf(&b, "  victim    %#x in %s, %s; memory[%#x] = %d\n", ev.victim.Line, tab.States[ev.victim.State], wb, ev.victim.Line, word(ev.victim.Line))
		}
		var states []string
		for k := 0; k < gc.cores; k++ {
			st := m.State(k, a.addr)
			s := fmt.Sprintf("P%d %s", k, tab.States[st])
			if st != protocol.Invalid {
				v, err := m.Peek(k, a.addr, 8)
				if err != nil {
					t.Fatal(err)
				}
				s += fmt.Sprintf("=%d", v)
			}
			states = append(states, s)
		}
		fmt.Fprintf(&b, "  states    %s\n", strings.Join(states, ", "))
		switch a.op {
		case sim.Read:
			fmt.Fprintf(&b, "  loaded    %d\n", ev.value)
		case sim.Write:
			fmt.Fprintf(&b, "  stored    %d\n", ev.value)
		case sim.RMW:
			fmt.Fprintf(&b, "  rmw       old %d, new %d\n", ev.old, ev.value)
		}
		fmt.Fprintf(&b, "  memory    %d\n", word(a.addr))
		for k := 0; k < gc.cores; k++ {
			after := goldenCounters(m.Counters(k))
			var ch []string
			for j, v := range after {
				if v != before[k][j] {
					ch = append(ch, fmt.Sprintf("%s+%d", goldenCounterNames[j], v-before[k][j]))
				}
			}
			if len(ch) > 0 {
				fmt.Fprintf(&b, "  P%d        %s\n", k, strings.Join(ch, " "))
			}
		}
		fmt.Fprintf(&b, "  clock     P%d %d -> %d\n", a.core, ev.start, ev.end)
	}
	b.WriteString("\nfinal counters\n")
	for k := 0; k < gc.cores; k++ {
		var cs []string
		for j, v := range goldenCounters(m.Counters(k)) {
			cs = append(cs, fmt.Sprintf("%s=%d", goldenCounterNames[j], v))
		}
		fmt.Fprintf(&b, "  P%d %s\n", k, strings.Join(cs, " "))
	}
	fmt.Fprintf(&b, "cycles %d\n", m.Cycles())
	b.WriteString("\nrows fired\n")
	for i := range tab.Rows {
		fmt.Fprintf(&b, "  %3d  %s\n", fired[i], tab.RowString(i))
	}
	if ck != nil {
		if err := ck.Err(); err != nil {
			t.Errorf("%s: %v", gc.name, err)
		}
	}
	return b.String(), fired, m
}

func TestGoldenProtocols(t *testing.T) {
	for _, gc := range goldenCases {
		t.Run(gc.name, func(t *testing.T) {
			seq := goldenParse(t, filepath.Join("testdata", "sequences", gc.name+".seq"))
			got, fired, m := goldenRun(t, gc, seq)

			switch gc.protocol {
			case "none", "WT":
				if m.Exempt() == "" {
					t.Errorf("%s: Exempt() is empty; the checker must exempt it and say why", gc.protocol)
				}
			default:
				if m.Exempt() != "" {
					t.Errorf("%s: Exempt() = %q; the protocol is coherent", gc.protocol, m.Exempt())
				}
			}

			tab := m.Protocol()
			seen := map[string]bool{}
			for i := range tab.Rows {
				rs := tab.RowString(i)
				seen[rs] = true
				why, allowed := gc.never[rs]
				switch {
				case fired[i] == 0 && !allowed:
					t.Errorf("row %d %q never fired", i, rs)
				case fired[i] > 0 && allowed:
					t.Errorf("row %d %q fired %d times, but is listed as impossible (%s)", i, rs, fired[i], why)
				}
			}
			for rs := range gc.never {
				if !seen[rs] {
					t.Errorf("allow-list names %q, which is not a row of %s", rs, tab.Name)
				}
			}

			path := filepath.Join("testdata", "golden", gc.name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s (want) differs from the engine's output (got):\n%s", path, goldenDiff(string(want), got))
			}
		})
	}
}

// goldenDiff shows the blocks (steps, final counters, rows fired) that
// differ between want and got, both in full.
func goldenDiff(want, got string) string {
	wb, gb := strings.Split(want, "\n\n"), strings.Split(got, "\n\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(wb), len(gb)) && shown < 10; i++ {
		var w, g string
		if i < len(wb) {
			w = wb[i]
		}
		if i < len(gb) {
			g = gb[i]
		}
		if w != g {
			fmt.Fprintf(&b, "--- want\n%s\n+++ got\n%s\n\n", w, g)
			shown++
		}
	}
	return b.String()
}
