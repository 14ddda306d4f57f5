package sim_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/protocol"
)

// invOp is one data access of an invariant script.
type invOp struct {
	core int
	kind byte // 'R' load, 'W' store, 'A' atomic add, 'C' CAS, 'S' swap
	addr uint64
	size int
	val  uint64 // store value, add operand, swap value, CAS expected
	val2 uint64 // CAS new value
}

// invModel is an independent model of a coherent memory: the last store to
// every byte, in program order (accesses run one at a time).
type invModel map[uint64]byte

func (m invModel) read(addr uint64, size int) uint64 {
	var v uint64
	for i := size - 1; i >= 0; i-- {
		v = v<<8 | uint64(m[addr+uint64(i)])
	}
	return v
}

func (m invModel) write(addr uint64, size int, v uint64) {
	for i := 0; i < size; i++ {
		m[addr+uint64(i)] = byte(v >> (8 * i))
	}
}

// invRun runs ops on m, checking every load and atomic against the model.
func invRun(t *testing.T, m *sim.Machine, ops []invOp) {
	t.Helper()
	model := invModel{}
	for i, o := range ops {
		what := fmt.Sprintf("op %d (P%d %c %#x/%d)", i, o.core, o.kind, o.addr, o.size)
		switch o.kind {
		case 'R':
			v, err := m.Load(o.core, o.addr, o.size)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if want := model.read(o.addr, o.size); v != want {
				t.Errorf("%s: load returned %d, the last store wrote %d", what, v, want)
			}
		case 'W':
			if err := m.Store(o.core, o.addr, o.size, o.val); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			model.write(o.addr, o.size, o.val)
		default:
			op := sim.AtomicOp{Kind: sim.AtomicAdd, Arg: o.val}
			switch o.kind {
			case 'C':
				op = sim.AtomicOp{Kind: sim.AtomicCAS, Arg: o.val, New: o.val2}
			case 'S':
				op = sim.AtomicOp{Kind: sim.AtomicSwap, Arg: o.val}
			}
			old, err := m.Atomic(o.core, o.addr, o.size, op)
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			want := model.read(o.addr, o.size)
			if old != want {
				t.Errorf("%s: atomic saw %d, the last store wrote %d", what, old, want)
			}
			next := old
			switch o.kind {
			case 'A':
				next = old + o.val
			case 'S':
				next = o.val
			case 'C':
				if old == o.val {
					next = o.val2
				}
			}
			mask := ^uint64(0)
			if o.size < 8 {
				mask = 1<<(8*o.size) - 1
			}
			model.write(o.addr, o.size, next&mask)
		}
	}
}

// invScript exercises sharing, upgrades, interventions, atomics, partial
// words and evictions of clean and dirty lines. With 64-byte lines and two
// sets of one way, 0x000, 0x080 and 0x100 fight for set 0; 0x040 sits in
// set 1.
var invScript = []invOp{
	{core: 0, kind: 'R', addr: 0x000, size: 8},
	{core: 1, kind: 'R', addr: 0x000, size: 8},
	{core: 2, kind: 'R', addr: 0x008, size: 8},
	{core: 0, kind: 'W', addr: 0x000, size: 8, val: 11},
	{core: 1, kind: 'R', addr: 0x000, size: 8},
	{core: 2, kind: 'W', addr: 0x008, size: 8, val: 22},
	{core: 0, kind: 'R', addr: 0x008, size: 8},
	{core: 1, kind: 'A', addr: 0x000, size: 8, val: 5},
	{core: 0, kind: 'R', addr: 0x000, size: 8},
	{core: 2, kind: 'W', addr: 0x080, size: 8, val: 33}, // P2 evicts 0x000
	{core: 2, kind: 'R', addr: 0x000, size: 8},          // P2 evicts dirty 0x080
	{core: 0, kind: 'W', addr: 0x100, size: 4, val: 44}, // P0 evicts 0x000
	{core: 1, kind: 'R', addr: 0x100, size: 4},
	{core: 0, kind: 'R', addr: 0x080, size: 8},
	{core: 1, kind: 'C', addr: 0x080, size: 8, val: 33, val2: 34}, // succeeds
	{core: 2, kind: 'C', addr: 0x080, size: 8, val: 33, val2: 35}, // fails, still takes the line
	{core: 2, kind: 'W', addr: 0x044, size: 4, val: 0xdeadbeef},
	{core: 0, kind: 'R', addr: 0x040, size: 8},
	{core: 1, kind: 'W', addr: 0x047, size: 1, val: 0x7f},
	{core: 0, kind: 'R', addr: 0x044, size: 4},
	{core: 2, kind: 'R', addr: 0x040, size: 8},
	{core: 2, kind: 'S', addr: 0x040, size: 2, val: 0xbeef},
	{core: 1, kind: 'R', addr: 0x040, size: 2},
	{core: 0, kind: 'W', addr: 0x000, size: 8, val: 66},
	{core: 1, kind: 'W', addr: 0x000, size: 8, val: 77},
	{core: 2, kind: 'W', addr: 0x000, size: 8, val: 88},
	{core: 0, kind: 'R', addr: 0x000, size: 8},
	{core: 1, kind: 'R', addr: 0x080, size: 8},
	{core: 2, kind: 'R', addr: 0x100, size: 8},
	{core: 0, kind: 'R', addr: 0x080, size: 8},
	{core: 1, kind: 'R', addr: 0x000, size: 8},
	{core: 2, kind: 'R', addr: 0x040, size: 8},
}

// invRandom returns n deterministic pseudo-random accesses by cores cores
// to six lines (three per set of a two-set cache).
func invRandom(seed uint64, cores, n int) []invOp {
	x := seed*0x9E3779B97F4A7C15 | 1
	next := func(k uint64) uint64 {
		x ^= x >> 12
		x ^= x << 25
		x ^= x >> 27
		return (x * 2685821657736338717) % k
	}
	kinds := []byte("RRRRRWWWAC")
	sizes := []int{1, 2, 4, 8}
	var ops []invOp
	for i := 0; i < n; i++ {
		size := sizes[next(4)]
		line := next(6) * 0x40
		off := next(uint64(64/size)) * uint64(size)
		o := invOp{core: int(next(uint64(cores))), kind: kinds[next(uint64(len(kinds)))], addr: line + off, size: size, val: next(1000)}
		if o.kind == 'C' {
			o.val = next(3) // CAS expecting a small value: sometimes succeeds
			o.val2 = next(1000)
		}
		ops = append(ops, o)
	}
	return ops
}

type invVariant struct {
	name     string
	protocol string
	settings protocol.Settings
	replace  sim.Replacement
	ways     int
}

func invVariants() []invVariant {
	on := protocol.DefaultSettings()
	noUpg := on
	noUpg.Upgrade = false
	clean := on
	clean.CleanSharing = true
	alloc := on
	alloc.Allocate = true
	var out []invVariant
	for _, p := range []string{"WTI", "MSI", "MESI", "MOESI", "MESIF", "Dragon", "Firefly"} {
		out = append(out, invVariant{name: p, protocol: p, settings: on, ways: 1})
		out = append(out, invVariant{name: p + "/clean", protocol: p, settings: clean, ways: 1})
		out = append(out, invVariant{name: p + "/noupgrade", protocol: p, settings: noUpg, ways: 1})
		out = append(out, invVariant{name: p + "/2way-fifo", protocol: p, settings: on, replace: sim.FIFO, ways: 2})
		out = append(out, invVariant{name: p + "/2way-random", protocol: p, settings: on, replace: sim.Random, ways: 2})
	}
	out = append(out, invVariant{name: "WTI/allocate", protocol: "WTI", settings: alloc, ways: 1})
	out = append(out, invVariant{name: "WTI/allocate-2way", protocol: "WTI", settings: alloc, ways: 2})
	return out
}

func invMachine(t *testing.T, v invVariant, cores int) (*sim.Machine, *sim.Checker, *int) {
	t.Helper()
	cfg := sim.DefaultConfig()
	cfg.Cores = cores
	cfg.Protocol = v.protocol
	cfg.Settings = v.settings
	cfg.Line = 64
	cfg.Ways = v.ways
	cfg.Size = 2 * v.ways * 64 // two sets
	cfg.Replace = v.replace
	cfg.Data = true
	m, err := sim.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if e := m.Exempt(); e != "" {
		t.Fatalf("%s: Exempt() = %q, want \"\" for a coherent protocol", v.name, e)
	}
	c := sim.NewChecker(0)
	m.Observe(c)
	steps := new(int)
	m.Observe(sim.ObserverFunc(func(*sim.Machine, *sim.Event) { *steps++ }))
	return m, c, steps
}

// TestCheckerBuiltins: every built-in coherent protocol, in every setting
// that changes its table, runs a scripted sequence and a pseudo-random one
// with the checker attached and no violation.
func TestCheckerBuiltins(t *testing.T) {
	for _, v := range invVariants() {
		t.Run(v.name, func(t *testing.T) {
			m, c, steps := invMachine(t, v, 3)
			invRun(t, m, invScript)
			if *steps != len(invScript) {
				t.Errorf("the checker saw %d events for %d accesses", *steps, len(invScript))
			}
			if err := c.Err(); err != nil {
				t.Errorf("scripted sequence: %v", err)
			}
			for ln := uint64(0); ln < 0x140; ln += 0x40 {
				if msgs := m.CheckLine(ln); len(msgs) != 0 {
					t.Errorf("CheckLine(%#x) after the script: %q", ln, msgs)
				}
			}

			for seed := uint64(1); seed <= 3; seed++ {
				m, c, _ := invMachine(t, v, 4)
				invRun(t, m, invRandom(seed, 4, 600))
				if err := c.Err(); err != nil {
					t.Errorf("random sequence, seed %d: %v", seed, err)
				}
			}
		})
	}
}

// TestCheckerExempt: none and WT keep no coherence. The checker says why,
// and finds nothing even though a copy is stale.
func TestCheckerExempt(t *testing.T) {
	for _, p := range []struct{ name, reason string }{
		{"none", "keeps no coherence"},
		{"WT", "does not snoop"},
	} {
		t.Run(p.name, func(t *testing.T) {
			cfg := sim.DefaultConfig()
			cfg.Protocol = p.name
			cfg.Data = true
			m, err := sim.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			ex := m.Exempt()
			if !strings.Contains(ex, p.name) || !strings.Contains(ex, p.reason) || !strings.Contains(ex, "stale") {
				t.Errorf("Exempt() = %q: want it to name %s, say it %s and that copies go stale", ex, p.name, p.reason)
			}
			c := sim.NewChecker(0)
			m.Observe(c)
			if _, err := m.Load(0, 0x40, 8); err != nil {
				t.Fatal(err)
			}
			if err := m.Store(1, 0x40, 8, 42); err != nil {
				t.Fatal(err)
			}
			// P0's copy is stale: it still reads 0 while the last store wrote 42.
			v, err := m.Load(0, 0x40, 8)
			if err != nil {
				t.Fatal(err)
			}
			latest, _ := m.Latest(0x40, 8)
			if v != 0 || latest != 42 {
				t.Fatalf("P0 loaded %d, last store %d: want a stale 0 and 42", v, latest)
			}
			if msgs := m.CheckLine(0x40); msgs != nil {
				t.Errorf("CheckLine(0x40) = %q, want nothing for an exempt protocol", msgs)
			}
			if err := c.Err(); err != nil {
				t.Errorf("checker on %s: %v", p.name, err)
			}
		})
	}
}

// invTable builds a table from rows written as a script writes them.
func invTable(t *testing.T, name, states string, dirty []bool, rows ...string) *protocol.Table {
	t.Helper()
	tb := &protocol.Table{Name: name, States: strings.Fields(states), Dirty: dirty}
	for _, text := range rows {
		rs, err := protocol.ParseRows(tb.States, text)
		if err != nil {
			t.Fatalf("ParseRows(%q): %v", text, err)
		}
		tb.Rows = append(tb.Rows, rs...)
	}
	if err := tb.Compile(); err != nil {
		t.Fatalf("Compile %s: %v", name, err)
	}
	return tb
}

// invMSIRows are PROTOCOLS.md's MSI rows; a broken table replaces some.
var invMSIRows = []string{
	"I PrRd -> S BusRd", "I PrWr -> M BusRdX",
	"S PrRd -> S", "S PrWr -> M BusUpgr", "S BusRd -> S", "S BusRdX -> I", "S BusUpgr -> I", "S Evict -> I",
	"M PrRd -> M", "M PrWr -> M", "M BusRd -> S Flush", "M BusRdX -> I Flush", "M Evict -> I WriteBack",
}

var invDragonRows = []string{
	"I PrRd when !C -> E BusRd", "I PrRd when C -> Sc BusRd",
	"I PrWr when !C -> M BusRd", "I PrWr when C -> Sm BusRd BusUpd",
	"E PrRd -> E", "E PrWr -> M", "E BusRd -> Sc", "E Evict -> I",
	"Sc PrRd -> Sc", "Sc PrWr when C -> Sm BusUpd", "Sc PrWr when !C -> M BusUpd",
	"Sc BusRd -> Sc", "Sc BusUpd -> Sc Update", "Sc Evict -> I",
	"Sm PrRd -> Sm", "Sm PrWr when C -> Sm BusUpd", "Sm PrWr when !C -> M BusUpd",
	"Sm BusRd -> Sm Flush", "Sm BusUpd -> Sc Update", "Sm Evict -> I WriteBack",
	"M PrRd -> M", "M PrWr -> M", "M BusRd -> Sm Flush", "M Evict -> I WriteBack",
}

// invEdit returns rows without the ones in drop, plus add.
func invEdit(rows []string, drop []string, add ...string) []string {
	var out []string
	for _, r := range rows {
		keep := true
		for _, d := range drop {
			if r == d {
				keep = false
			}
		}
		if keep {
			out = append(out, r)
		}
	}
	return append(out, add...)
}

type invBroken struct {
	name   string
	table  func(t *testing.T) *protocol.Table
	cores  int
	size   int // bytes per L1 (direct-mapped, 64-byte lines); 0: 32 KiB
	ops    []invOp
	values map[int]uint64 // op index → what the broken machine really loads
	// want lists violations that must be reported: each is a set of
	// fragments that one message must contain.
	want [][]string
	// never lists fragments no message may contain.
	never []string
}

func invBrokenCases() []invBroken {
	return []invBroken{
		{
			// S ignores BusRdX: P0 keeps a readable copy while P1 writes.
			name: "MSI whose S ignores BusRdX",
			table: func(t *testing.T) *protocol.Table {
				return invTable(t, "MSI-noinv", "I S M", nil, invEdit(invMSIRows, []string{"S BusRdX -> I"})...)
			},
			cores: 2,
			ops: []invOp{
				{core: 0, kind: 'R', addr: 0x40, size: 8},
				{core: 1, kind: 'W', addr: 0x40, size: 8, val: 7},
				{core: 0, kind: 'R', addr: 0x40, size: 8},
			},
			values: map[int]uint64{2: 0},
			want: [][]string{
				{"step 2", "line 0x40", "single writer violated", "P0 in S", "P1 in M"},
				{"step 2", "line 0x40", "P0's copy (S)", "holds 0", "last store wrote 7"},
				{"step 3", "0x40", "load returned 0, the last store wrote 7"},
			},
		},
		{
			// As above, and M answers BusUpgr: the writer sees an upgrade
			// from a cache that should not have held the line.
			name: "MSI whose M sees BusUpgr",
			table: func(t *testing.T) *protocol.Table {
				return invTable(t, "MSI-upgr", "I S M", nil, invEdit(invMSIRows, []string{"S BusRdX -> I"}, "M BusUpgr -> I")...)
			},
			cores: 2,
			ops: []invOp{
				{core: 0, kind: 'R', addr: 0x40, size: 8},
				{core: 1, kind: 'W', addr: 0x40, size: 8, val: 7},
				{core: 0, kind: 'W', addr: 0x48, size: 8, val: 8},
			},
			want: [][]string{
				{"step 2", "line 0x40", "single writer violated", "P0 in S", "P1 in M"},
				{"step 3", "P1 held the line in M and saw BusUpgr"},
			},
		},
		{
			// M answers BusRd without Flush: memory supplies an old value
			// and stays stale although no cache holds the line dirty.
			name: "MSI whose M BusRd has no Flush",
			table: func(t *testing.T) *protocol.Table {
				return invTable(t, "MSI-noflush", "I S M", nil, invEdit(invMSIRows, []string{"M BusRd -> S Flush"}, "M BusRd -> S")...)
			},
			cores: 2,
			ops: []invOp{
				{core: 0, kind: 'W', addr: 0x80, size: 8, val: 5},
				{core: 1, kind: 'R', addr: 0x80, size: 8},
			},
			values: map[int]uint64{1: 0},
			want: [][]string{
				{"step 2", "line 0x80", "P1's copy (S)", "holds 0 at 0x80", "last store wrote 5"},
				{"step 2", "line 0x80", "memory holds 0 at 0x80", "last store wrote 5", "no cache holds the line dirty"},
				{"step 2", "load returned 0, the last store wrote 5"},
			},
			never: []string{"P0's copy"},
		},
		{
			// Sc has no BusUpd row: its copy keeps the old value.
			name: "Dragon whose Sc ignores BusUpd",
			table: func(t *testing.T) *protocol.Table {
				return invTable(t, "Dragon-noupd", "I E Sc Sm M", nil, invEdit(invDragonRows, []string{"Sc BusUpd -> Sc Update"})...)
			},
			cores: 2,
			ops: []invOp{
				{core: 0, kind: 'R', addr: 0xc0, size: 8}, // E
				{core: 1, kind: 'R', addr: 0xc0, size: 8}, // both Sc
				{core: 1, kind: 'W', addr: 0xc0, size: 8, val: 9},
				{core: 0, kind: 'R', addr: 0xc0, size: 8},
			},
			values: map[int]uint64{3: 0},
			want: [][]string{
				{"step 3", "line 0xc0", "P0's copy (Sc)", "holds 0 at 0xc0", "last store wrote 9"},
				{"step 4", "load returned 0, the last store wrote 9"},
			},
			// An update protocol allows several writable copies.
			never: []string{"single writer", "P1's copy"},
		},
		{
			// M's Evict row forgets WriteBack; M is declared dirty, so the
			// line is fine until it is evicted, then the value is lost.
			name: "MSI whose M Evict has no WriteBack (M declared dirty)",
			table: func(t *testing.T) *protocol.Table {
				return invTable(t, "MSI-nowb", "I S M", []bool{false, false, true},
					invEdit(invMSIRows, []string{"M Evict -> I WriteBack"}, "M Evict -> I")...)
			},
			cores: 2,
			size:  128, // two sets: 0x000 and 0x080 share set 0
			ops: []invOp{
				{core: 0, kind: 'W', addr: 0x000, size: 8, val: 3},
				{core: 0, kind: 'R', addr: 0x080, size: 8}, // evicts 0x000, no write-back
				{core: 1, kind: 'R', addr: 0x000, size: 8},
			},
			values: map[int]uint64{2: 0},
			want: [][]string{
				{"step 2", "line 0x0:", "memory holds 0 at 0x0", "last store wrote 3", "no cache holds the line dirty"},
				{"step 3", "load returned 0, the last store wrote 3"},
			},
			never: []string{"step 1 "},
		},
		{
			// The same table with dirty states left to Compile: M is not
			// dirty (its Evict row does not write back), so memory is
			// already stale with no dirty holder after the store.
			name: "MSI whose M Evict has no WriteBack (dirty derived)",
			table: func(t *testing.T) *protocol.Table {
				return invTable(t, "MSI-nowb2", "I S M", nil,
					invEdit(invMSIRows, []string{"M Evict -> I WriteBack"}, "M Evict -> I")...)
			},
			cores: 2,
			size:  128,
			ops: []invOp{
				{core: 0, kind: 'W', addr: 0x000, size: 8, val: 3},
				{core: 0, kind: 'R', addr: 0x080, size: 8},
				{core: 1, kind: 'R', addr: 0x000, size: 8},
			},
			values: map[int]uint64{2: 0},
			want: [][]string{
				{"step 1", "line 0x0:", "memory holds 0 at 0x0", "last store wrote 3", "no cache holds the line dirty"},
				{"step 2", "line 0x0:", "memory holds 0 at 0x0", "no cache holds the line dirty"},
				{"step 3", "load returned 0, the last store wrote 3"},
			},
		},
	}
}

// TestCheckerBrokenProtocols: tables that break an invariant are caught,
// and each message names the line and the problem.
func TestCheckerBrokenProtocols(t *testing.T) {
	for _, bc := range invBrokenCases() {
		t.Run(bc.name, func(t *testing.T) {
			tb := bc.table(t)
			cfg := sim.DefaultConfig()
			cfg.Table = tb
			cfg.Cores = bc.cores
			cfg.Data = true
			if bc.size != 0 {
				cfg.Size, cfg.Ways = bc.size, 1
			}
			m, err := sim.New(cfg)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if m.Exempt() != "" {
				t.Fatalf("Exempt() = %q for a script's table", m.Exempt())
			}
			c := sim.NewChecker(0)
			m.Observe(c)
			for i, o := range bc.ops {
				switch o.kind {
				case 'R':
					v, err := m.Load(o.core, o.addr, o.size)
					if err != nil {
						t.Fatal(err)
					}
					if want, ok := bc.values[i]; ok && v != want {
						t.Errorf("op %d: the broken machine loaded %d, want %d", i, v, want)
					}
				case 'W':
					if err := m.Store(o.core, o.addr, o.size, o.val); err != nil {
						t.Fatal(err)
					}
				}
			}
			if c.Err() == nil {
				t.Fatalf("no violation reported")
			}
			if !strings.Contains(c.Err().Error(), fmt.Sprintf("%d invariant violation(s)", len(c.Violations))) {
				t.Errorf("Err() = %q does not count the violations", c.Err())
			}
			for _, frags := range bc.want {
				found := false
				for _, v := range c.Violations {
					all := true
					for _, f := range frags {
						if !strings.Contains(v, f) {
							all = false
							break
						}
					}
					if all {
						found = true
						break
					}
				}
				if !found {
					t.Errorf("no violation contains all of %q; got:\n%s", frags, strings.Join(c.Violations, "\n"))
				}
			}
			for _, f := range bc.never {
				for _, v := range c.Violations {
					if strings.Contains(v, f) {
						t.Errorf("unexpected violation %q", v)
					}
				}
			}
		})
	}
}

// TestCheckLineSingleWriterTrace: without data the single-writer check
// still applies (there is nothing to compare values with).
func TestCheckLineSingleWriterTrace(t *testing.T) {
	cfg := sim.DefaultConfig()
	cfg.Table = invTable(t, "MSI-noinv", "I S M", nil, invEdit(invMSIRows, []string{"S BusRdX -> I"})...)
	m, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	m.Access(0, sim.Read, 0x1040)
	m.Access(1, sim.Write, 0x1048)
	got := m.CheckLine(0x1050)
	want := []string{"line 0x1040: single writer violated: P0 in S, P1 in M"}
	if len(got) != 1 || got[0] != want[0] {
		t.Errorf("CheckLine = %q, want %q", got, want)
	}
	if msgs := m.CheckLine(0x2000); msgs != nil {
		t.Errorf("CheckLine of an untouched line = %q", msgs)
	}
}

// TestCheckerLimit: the checker keeps at most limit messages.
func TestCheckerLimit(t *testing.T) {
	cfg := sim.DefaultConfig()
	cfg.Table = invTable(t, "MSI-noinv", "I S M", nil, invEdit(invMSIRows, []string{"S BusRdX -> I"})...)
	cfg.Data = true
	m, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Each store below breaks two invariants at once (single writer, and
	// P0's stale copy), so the limits 1 and 3 fall within one step.
	var checkers []*sim.Checker
	for _, limit := range []int{1, 2, 3, 0} {
		c := sim.NewChecker(limit)
		m.Observe(c)
		checkers = append(checkers, c)
	}
	for i := uint64(0); i < 60; i++ {
		if _, err := m.Load(0, i*64, 8); err != nil {
			t.Fatal(err)
		}
		if err := m.Store(1, i*64, 8, i+1); err != nil {
			t.Fatal(err)
		}
	}
	for i, want := range []int{1, 2, 3, 100} {
		if got := len(checkers[i].Violations); got != want {
			t.Errorf("checker with limit %d (0 means 100) kept %d violations, want %d", []int{1, 2, 3, 0}[i], got, want)
		}
	}
	if c := sim.NewChecker(0); c.Err() != nil {
		t.Errorf("a fresh checker reports %v", c.Err())
	}
}
