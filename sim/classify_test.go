package sim_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/sim"
)

// clAcc is one access of a classification script. With a data-carrying
// machine it runs as Load/Store of size bytes; without, as Access.
type clAcc struct {
	core  int
	write bool
	addr  uint64
	size  int // 0 means 8 (data) or 1 (trace)
}

func clRd(core int, addr uint64) clAcc  { return clAcc{core: core, addr: addr} }
func clWr(core int, addr uint64) clAcc  { return clAcc{core: core, write: true, addr: addr} }
func clRd4(core int, addr uint64) clAcc { return clAcc{core: core, addr: addr, size: 4} }
func clWr4(core int, addr uint64) clAcc { return clAcc{core: core, write: true, addr: addr, size: 4} }

// clCounts builds ClassCounts from named counts, so expectations read plainly.
type clCounts struct{ cold, capacity, conflict, trueS, falseS uint64 }

func (c clCounts) counts() sim.ClassCounts {
	var k sim.ClassCounts
	k[sim.Cold] = c.cold
	k[sim.Capacity] = c.capacity
	k[sim.Conflict] = c.conflict
	k[sim.TrueSharing] = c.trueS
	k[sim.FalseSharing] = c.falseS
	return k
}

func clFmt(k sim.ClassCounts) string {
	var parts []string
	for c := sim.Cold; c < sim.NumClasses; c++ {
		parts = append(parts, fmt.Sprintf("%s=%d", c, k[c]))
	}
	return strings.Join(parts, " ")
}

const (
	clHit   = sim.NotMiss
	clCold  = sim.Cold
	clCap   = sim.Capacity
	clConf  = sim.Conflict
	clTrue  = sim.TrueSharing
	clFalse = sim.FalseSharing
)

type clCase struct {
	name    string
	cfg     sim.Config
	ops     []clAcc
	classes []sim.MissClass // Event.Class of every access, in order
	cores   []clCounts      // Core(i) for every core
	lines   []sim.LineClasses
	values  map[int]uint64 // index of a load in ops → the value it must return
}

// clConfig returns a copy of the default config with the given shape.
func clConfig(protocol string, cores, line, size, ways int, data bool) sim.Config {
	cfg := sim.DefaultConfig()
	cfg.Protocol = protocol
	cfg.Cores = cores
	cfg.Line = line
	cfg.Size = size
	cfg.Ways = ways
	cfg.Data = data
	return cfg
}

func clCases() []clCase {
	return []clCase{
		{
			name: "pure cold",
			cfg:  clConfig("MESI", 2, 64, 32<<10, 8, false),
			ops: []clAcc{
				clRd(0, 0x000), clRd(0, 0x040), clWr(0, 0x080), clRd(0, 0x0c8),
				clRd(0, 0x000), clWr(0, 0x040), clRd(0, 0x088), clRd(0, 0x0c0),
				clRd(1, 0x1000), clRd(1, 0x1000),
			},
			classes: []sim.MissClass{clCold, clCold, clCold, clCold, clHit, clHit, clHit, clHit, clCold, clHit},
			cores:   []clCounts{{cold: 4}, {cold: 1}},
			lines: []sim.LineClasses{
				{Line: 0x000, Counts: clCounts{cold: 1}.counts()},
				{Line: 0x040, Counts: clCounts{cold: 1}.counts()},
				{Line: 0x080, Counts: clCounts{cold: 1}.counts()},
				{Line: 0x0c0, Counts: clCounts{cold: 1}.counts()},
				{Line: 0x1000, Counts: clCounts{cold: 1}.counts()},
			},
		},
		{
			// Fully associative, 4 lines; a cyclic sweep over 5 lines
			// misses every time under LRU: 5 cold, then capacity.
			name: "capacity: cyclic sweep, fully associative",
			cfg:  clConfig("MESI", 1, 64, 256, 0, false),
			ops: []clAcc{
				clRd(0, 0x000), clRd(0, 0x040), clRd(0, 0x080), clRd(0, 0x0c0), clRd(0, 0x100),
				clRd(0, 0x000), clRd(0, 0x040), clRd(0, 0x080), clRd(0, 0x0c0), clRd(0, 0x100),
				clRd(0, 0x000), clRd(0, 0x040), clRd(0, 0x080), clRd(0, 0x0c0), clRd(0, 0x100),
			},
			classes: []sim.MissClass{
				clCold, clCold, clCold, clCold, clCold,
				clCap, clCap, clCap, clCap, clCap,
				clCap, clCap, clCap, clCap, clCap,
			},
			cores: []clCounts{{cold: 5, capacity: 10}},
		},
		{
			// Direct-mapped, 4 sets: 0x000 and 0x100 share set 0. Two lines
			// fit a 4-line cache, so every re-miss is a conflict.
			name:    "conflict: direct-mapped, two lines in one set",
			cfg:     clConfig("MESI", 1, 64, 256, 1, false),
			ops:     []clAcc{clRd(0, 0x000), clRd(0, 0x100), clRd(0, 0x000), clWr(0, 0x100), clRd(0, 0x000), clRd(0, 0x040), clRd(0, 0x040)},
			classes: []sim.MissClass{clCold, clCold, clConf, clConf, clConf, clCold, clHit},
			cores:   []clCounts{{cold: 3, conflict: 3}},
			lines: []sim.LineClasses{
				{Line: 0x000, Counts: clCounts{cold: 1, conflict: 2}.counts()},
				{Line: 0x100, Counts: clCounts{cold: 1, conflict: 1}.counts()},
				{Line: 0x040, Counts: clCounts{cold: 1}.counts()},
			},
		},
		{
			// Direct-mapped, 2 sets (lines 0,2 → set 0; 1,3 → set 1), a
			// 2-line shadow. Shadow after each access (MRU first):
			// 0:[0] 2:[2 0] 0:[0 2] conflict 1:[1 0] 3:[3 1] 0 hit:[0 3]
			// 2 capacity:[2 0] 1 capacity:[1 2] 2 hit:[2 1] 0 capacity:[0 2].
			name: "conflict and capacity mixed, direct-mapped",
			cfg:  clConfig("MSI", 1, 64, 128, 1, false),
			ops: []clAcc{
				clRd(0, 0x000), clRd(0, 0x080), clRd(0, 0x000), clRd(0, 0x040), clRd(0, 0x0c0),
				clRd(0, 0x000), clRd(0, 0x080), clRd(0, 0x040), clRd(0, 0x080), clRd(0, 0x000),
			},
			classes: []sim.MissClass{clCold, clCold, clConf, clCold, clCold, clHit, clCap, clCap, clHit, clCap},
			cores:   []clCounts{{cold: 4, capacity: 3, conflict: 1}},
		},
		{
			// P1 writes the word P0 reads, twice: the second time by an
			// upgrade from S (a write hit that still invalidates P0).
			name: "true sharing: P1 writes the word P0 later reads",
			cfg:  clConfig("MESI", 2, 64, 32<<10, 8, true),
			ops: []clAcc{
				clRd(0, 0x1000), // P0 cold, E
				clWr(1, 0x1000), // P1 cold, M; P0 invalidated
				clRd(0, 0x1000), // P0 true sharing; P1 M→S
				clWr(1, 0x1000), // P1 hit (upgrade); P0 invalidated
				clRd(0, 0x1000), // P0 true sharing
				clRd(0, 0x1000), // hit
			},
			classes: []sim.MissClass{clCold, clCold, clTrue, clHit, clTrue, clHit},
			cores:   []clCounts{{cold: 1, trueS: 2}, {cold: 1}},
			lines:   []sim.LineClasses{{Line: 0x1000, Counts: clCounts{cold: 2, trueS: 2}.counts()}},
			values:  map[int]uint64{2: 101, 4: 103, 5: 103},
		},
		{
			// Words are 8 bytes: a 4-byte store at 0x1004 and a 4-byte load
			// at 0x1000 touch the same word, so that is true sharing.
			name:    "true sharing: same 8-byte word, different bytes",
			cfg:     clConfig("MESI", 2, 64, 32<<10, 8, true),
			ops:     []clAcc{clRd4(0, 0x1000), clWr4(1, 0x1004), clRd4(0, 0x1000)},
			classes: []sim.MissClass{clCold, clCold, clTrue},
			cores:   []clCounts{{cold: 1, trueS: 1}, {cold: 1}},
		},
		{
			name: "false sharing: P1 writes a different word of the line",
			cfg:  clConfig("MESI", 2, 64, 32<<10, 8, true),
			ops: []clAcc{
				clRd(0, 0x1000), // P0 cold
				clWr(1, 0x1008), // P1 cold; P0 invalidated
				clRd(0, 0x1000), // P0 false sharing (word 0 untouched)
				clWr(1, 0x1008), // P1 upgrade; P0 invalidated
				clRd(0, 0x1008), // P0 true sharing (word 1 written)
				clWr(1, 0x1038), // P1 upgrade; P0 invalidated
				clWr(0, 0x1000), // P0 write miss, false sharing; P1 invalidated
				clWr(1, 0x1038), // P1 write miss: P0 wrote word 0 only → false sharing
			},
			classes: []sim.MissClass{clCold, clCold, clFalse, clHit, clTrue, clHit, clFalse, clFalse},
			cores:   []clCounts{{cold: 1, trueS: 1, falseS: 2}, {cold: 1, falseS: 1}},
			lines:   []sim.LineClasses{{Line: 0x1000, Counts: clCounts{cold: 2, trueS: 1, falseS: 3}.counts()}},
		},
		{
			// P1 wrote word 0 before P0's copy was invalidated (by P1's
			// write to word 1): only writes since the invalidation count.
			name: "false sharing: the word was written before the invalidation",
			cfg:  clConfig("MESI", 2, 64, 32<<10, 8, true),
			ops: []clAcc{
				clWr(1, 0x2000), // P1 cold, M
				clRd(0, 0x2000), // P0 cold; both S
				clWr(1, 0x2008), // P1 upgrade; P0 invalidated
				clRd(0, 0x2000), // word 0 not written since → false sharing
			},
			classes: []sim.MissClass{clCold, clCold, clHit, clFalse},
			cores:   []clCounts{{cold: 1, falseS: 1}, {cold: 1}},
			values:  map[int]uint64{1: 100, 3: 100},
		},
		{
			// upgrade off: the write hit in S issues BusRdX, which also
			// invalidates the other copy.
			name: "MSI with upgrade off",
			cfg: func() sim.Config {
				c := clConfig("MSI", 2, 64, 32<<10, 8, true)
				c.Settings.Upgrade = false
				return c
			}(),
			ops: []clAcc{
				clRd(0, 0x1000), clRd(1, 0x1000),
				clWr(1, 0x1000), // hit, BusRdX; P0 invalidated
				clRd(0, 0x1000), // true sharing
				clWr(1, 0x1008), // hit, BusRdX; P0 invalidated
				clRd(0, 0x1000), // false sharing
			},
			classes: []sim.MissClass{clCold, clCold, clHit, clTrue, clHit, clFalse},
			cores:   []clCounts{{cold: 1, trueS: 1, falseS: 1}, {cold: 1}},
			values:  map[int]uint64{3: 102, 5: 102},
		},
		{
			// The same accesses as the two cases above under an update
			// protocol: copies are updated, never invalidated.
			name: "Dragon has no coherence misses",
			cfg:  clConfig("Dragon", 2, 64, 32<<10, 8, true),
			ops: []clAcc{
				clRd(0, 0x1000), clWr(1, 0x1000), clRd(0, 0x1000), clWr(1, 0x1000), clRd(0, 0x1000),
				clWr(1, 0x1008), clRd(0, 0x1000), clRd(0, 0x1008), clWr(0, 0x1000), clWr(1, 0x1038),
			},
			classes: []sim.MissClass{clCold, clCold, clHit, clHit, clHit, clHit, clHit, clHit, clHit, clHit},
			cores:   []clCounts{{cold: 1}, {cold: 1}},
			values:  map[int]uint64{2: 101, 4: 103, 7: 105},
		},
		{
			name: "Firefly has no coherence misses",
			cfg:  clConfig("Firefly", 2, 64, 32<<10, 8, true),
			ops: []clAcc{
				clRd(0, 0x1000), clWr(1, 0x1000), clRd(0, 0x1000), clWr(1, 0x1000), clRd(0, 0x1000),
				clWr(1, 0x1008), clRd(0, 0x1000), clRd(0, 0x1008), clWr(0, 0x1000), clWr(1, 0x1038),
			},
			classes: []sim.MissClass{clCold, clCold, clHit, clHit, clHit, clHit, clHit, clHit, clHit, clHit},
			cores:   []clCounts{{cold: 1}, {cold: 1}},
			values:  map[int]uint64{2: 101, 4: 103, 7: 105},
		},
		{
			// The same accesses under MESI, for contrast.
			name: "MESI on the Dragon sequence",
			cfg:  clConfig("MESI", 2, 64, 32<<10, 8, true),
			ops: []clAcc{
				clRd(0, 0x1000), clWr(1, 0x1000), clRd(0, 0x1000), clWr(1, 0x1000), clRd(0, 0x1000),
				clWr(1, 0x1008), clRd(0, 0x1000), clRd(0, 0x1008), clWr(0, 0x1000), clWr(1, 0x1038),
			},
			// P0: cold, true, true, false (P1 wrote word 1), hit, upgrade
			// hit; P1: cold, upgrades, then a write miss on word 7 after
			// P0's upgrade wrote word 0: false.
			classes: []sim.MissClass{clCold, clCold, clTrue, clHit, clTrue, clHit, clFalse, clHit, clHit, clFalse},
			cores:   []clCounts{{cold: 1, trueS: 2, falseS: 1}, {cold: 1, falseS: 1}},
			values:  map[int]uint64{2: 101, 4: 103, 7: 105},
		},
		{
			// WTI without write-allocate: a write miss is classified but
			// does not enter the shadow, so the read after it is a capacity
			// miss (not cold: the core touched the line already).
			name: "WTI: no-allocate write misses are not fed to the shadow",
			cfg:  clConfig("WTI", 2, 64, 32<<10, 8, true),
			ops: []clAcc{
				clWr(0, 0x3000), // P0 cold write miss, no allocate
				clRd(0, 0x3000), // P0 miss: seen, not lost, not in shadow → capacity
				clRd(0, 0x3000), // hit
				clWr(1, 0x3008), // P1 cold write miss (BusWr); P0 invalidated
				clRd(0, 0x3000), // false sharing
				clWr(1, 0x3000), // P1 write miss: not lost, shadow never fed → capacity; P0 invalidated
				clRd(0, 0x3000), // true sharing
			},
			classes: []sim.MissClass{clCold, clCap, clHit, clCold, clFalse, clCap, clTrue},
			cores:   []clCounts{{cold: 1, capacity: 1, trueS: 1, falseS: 1}, {cold: 1, capacity: 1}},
			values:  map[int]uint64{1: 100, 4: 100, 6: 105},
		},
		{
			// Per-line counts, most misses first, ties by address.
			name: "per-line counts from Lines()",
			cfg:  clConfig("MESI", 2, 64, 32<<10, 8, false),
			ops: []clAcc{
				clWr(0, 0x100), clWr(1, 0x100), clWr(0, 0x100), clWr(1, 0x100), // cold, cold, true, true
				clRd(0, 0x080), clWr(1, 0x088), clRd(0, 0x080), // cold, cold, false
				clRd(0, 0x040), clWr(1, 0x040), clRd(0, 0x040), // cold, cold, true
				clRd(1, 0x000), // cold
			},
			classes: []sim.MissClass{clCold, clCold, clTrue, clTrue, clCold, clCold, clFalse, clCold, clCold, clTrue, clCold},
			cores:   []clCounts{{cold: 3, trueS: 2, falseS: 1}, {cold: 4, trueS: 1}},
			lines: []sim.LineClasses{
				{Line: 0x100, Counts: clCounts{cold: 2, trueS: 2}.counts()},
				{Line: 0x040, Counts: clCounts{cold: 2, trueS: 1}.counts()},
				{Line: 0x080, Counts: clCounts{cold: 2, falseS: 1}.counts()},
				{Line: 0x000, Counts: clCounts{cold: 1}.counts()},
			},
		},
		{
			// 1-byte lines, direct-mapped, 4 sets (address mod 4). Shadow:
			// 0:[0] 4:[4 0] 0 conflict:[0 4] 1,2,3:[3 2 1 0] 4 capacity
			// (cache set 0 holds 0; shadow lost 4) ... P1 writes byte 1,
			// P0's copy is invalidated; its re-read is true sharing (the
			// line is one word). 5 evicts 1 from set 1: cold.
			name: "1-byte lines",
			cfg:  clConfig("MESI", 2, 1, 4, 1, false),
			ops: []clAcc{
				clRd(0, 0), clRd(0, 4), clRd(0, 0), clRd(0, 1), clRd(0, 2), clRd(0, 3), clRd(0, 4),
				clWr(1, 1), clRd(0, 1), clRd(0, 5), clRd(0, 1),
			},
			classes: []sim.MissClass{clCold, clCold, clConf, clCold, clCold, clCold, clCap, clCold, clTrue, clCold, clConf},
			cores:   []clCounts{{cold: 6, capacity: 1, conflict: 2, trueS: 1}, {cold: 1}},
			lines: []sim.LineClasses{
				{Line: 1, Counts: clCounts{cold: 2, trueS: 1, conflict: 1}.counts()},
				{Line: 0, Counts: clCounts{cold: 1, conflict: 1}.counts()},
				{Line: 4, Counts: clCounts{cold: 1, capacity: 1}.counts()},
				{Line: 2, Counts: clCounts{cold: 1}.counts()},
				{Line: 3, Counts: clCounts{cold: 1}.counts()},
				{Line: 5, Counts: clCounts{cold: 1}.counts()},
			},
		},
		{
			// 128-byte lines hold 16 words: 0x1000 and 0x1078 share a line
			// (they would not with 64-byte lines), so P1's store to word 0
			// makes P0's re-read of word 15 false sharing.
			name: "128-byte lines",
			cfg:  clConfig("MESI", 2, 128, 32<<10, 8, true),
			ops: []clAcc{
				clRd(0, 0x1078), // P0 cold
				clWr(1, 0x1000), // P1 cold; P0 invalidated
				clRd(0, 0x1078), // false sharing
				clWr(1, 0x1078), // P1 upgrade; P0 invalidated
				clRd(0, 0x1078), // true sharing
				clRd(0, 0x1040), // hit
				clWr(1, 0x1040), // P1 upgrade; P0 invalidated
				clRd(0, 0x1038), // word 7: false sharing (P1 wrote words 0, 15, 8)
				clRd(1, 0x1080), // P1 cold: the next line
			},
			classes: []sim.MissClass{clCold, clCold, clFalse, clHit, clTrue, clHit, clHit, clFalse, clCold},
			cores:   []clCounts{{cold: 1, trueS: 1, falseS: 2}, {cold: 2}},
			lines: []sim.LineClasses{
				{Line: 0x1000, Counts: clCounts{cold: 2, trueS: 1, falseS: 2}.counts()},
				{Line: 0x1080, Counts: clCounts{cold: 1}.counts()},
			},
			values: map[int]uint64{2: 0, 4: 103},
		},
		{
			// The definition's words are 8 bytes whatever the line size:
			// a store to 0x8 and a load of 0x0 touch different words, so
			// the re-read is false sharing with 1 KiB and 4 KiB lines too.
			name: "1024-byte lines keep 8-byte words",
			cfg:  clConfig("MESI", 2, 1024, 8<<10, 0, true),
			ops: []clAcc{
				clRd(0, 0x000), clWr(1, 0x008), clRd(0, 0x000),
				clWr(1, 0x3f8), clRd(0, 0x3f0),
			},
			classes: []sim.MissClass{clCold, clCold, clFalse, clHit, clFalse},
			cores:   []clCounts{{cold: 1, falseS: 2}, {cold: 1}},
		},
		{
			name: "4096-byte lines keep 8-byte words",
			cfg:  clConfig("MESI", 2, 4096, 8<<10, 0, true),
			ops: []clAcc{
				clRd(0, 0x000), clWr(1, 0x008), clRd(0, 0x000),
				clWr(1, 0xff8), clRd(0, 0xfc0),
			},
			classes: []sim.MissClass{clCold, clCold, clFalse, clHit, clFalse},
			cores:   []clCounts{{cold: 1, falseS: 2}, {cold: 1}},
		},
	}
}

// clRun runs c.ops on a fresh machine with classification on. With
// observe, an observer records every Event.Class (the engine then takes
// its general path for every access); without, plain hits take the fast
// path. It returns the classifier and the recorded classes.
func clRun(t *testing.T, c clCase, observe bool) (*sim.Classifier, []sim.MissClass) {
	t.Helper()
	m, err := sim.New(c.cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if m.Classifier() != nil {
		t.Fatalf("Classifier() is not nil before EnableClassification")
	}
	if err := m.EnableClassification(); err != nil {
		t.Fatalf("EnableClassification: %v", err)
	}
	var got []sim.MissClass
	if observe {
		m.Observe(sim.ObserverFunc(func(_ *sim.Machine, e *sim.Event) { got = append(got, e.Class) }))
	}
	for i, a := range c.ops {
		op := sim.Read
		if a.write {
			op = sim.Write
		}
		if !c.cfg.Data {
			m.Access(a.core, op, a.addr)
			continue
		}
		size := a.size
		if size == 0 {
			size = 8
		}
		if a.write {
			if err := m.Store(a.core, a.addr, size, uint64(100+i)); err != nil {
				t.Fatalf("op %d: Store: %v", i, err)
			}
			continue
		}
		v, err := m.Load(a.core, a.addr, size)
		if err != nil {
			t.Fatalf("op %d: Load: %v", i, err)
		}
		if want, ok := c.values[i]; ok && v != want {
			t.Errorf("op %d: P%d load %#x returned %d, want %d", i, a.core, a.addr, v, want)
		}
	}
	return m.Classifier(), got
}

func TestClassification(t *testing.T) {
	for _, c := range clCases() {
		t.Run(c.name, func(t *testing.T) {
			if len(c.classes) != len(c.ops) {
				t.Fatalf("bad case: %d ops, %d classes", len(c.ops), len(c.classes))
			}
			for _, observe := range []bool{true, false} {
				k, got := clRun(t, c, observe)
				path := "without observer"
				if observe {
					path = "with observer"
					for i := range c.ops {
						if i < len(got) && got[i] != c.classes[i] {
							a := c.ops[i]
							op := "R"
							if a.write {
								op = "W"
							}
							t.Errorf("op %d (P%d %s %#x): Event.Class = %s, want %s", i, a.core, op, a.addr, got[i], c.classes[i])
						}
					}
					if len(got) != len(c.ops) {
						t.Errorf("%d events for %d accesses", len(got), len(c.ops))
					}
				}
				// The per-core counts must agree with the per-access classes.
				var fromEvents = make([]sim.ClassCounts, len(c.cores))
				for i, cl := range c.classes {
					if cl != sim.NotMiss {
						fromEvents[c.ops[i].core][cl]++
					}
				}
				for core, want := range c.cores {
					if fromEvents[core] != want.counts() {
						t.Fatalf("bad case: P%d classes sum to %s, cores say %s", core, clFmt(fromEvents[core]), clFmt(want.counts()))
					}
					if g := k.Core(core); g != want.counts() {
						t.Errorf("%s: Core(%d) = %s, want %s", path, core, clFmt(g), clFmt(want.counts()))
					}
				}
				lines := k.Lines()
				var total, lineTotal sim.ClassCounts
				for _, want := range c.cores {
					w := want.counts()
					for i := range total {
						total[i] += w[i]
					}
				}
				for _, l := range lines {
					for i := range lineTotal {
						lineTotal[i] += l.Counts[i]
					}
				}
				if lineTotal != total {
					t.Errorf("%s: Lines() sum to %s, cores to %s", path, clFmt(lineTotal), clFmt(total))
				}
				if c.lines != nil {
					if len(lines) != len(c.lines) {
						t.Errorf("%s: Lines() has %d lines, want %d: %v", path, len(lines), len(c.lines), lines)
					}
					for i := range min(len(lines), len(c.lines)) {
						if lines[i] != c.lines[i] {
							t.Errorf("%s: Lines()[%d] = %#x %s, want %#x %s", path, i,
								lines[i].Line, clFmt(lines[i].Counts), c.lines[i].Line, clFmt(c.lines[i].Counts))
						}
					}
				}
			}
		})
	}
}

// TestClassificationTrace runs a capacity sweep through Access (the trace
// path) and checks that hits are not counted and Total adds the classes.
func TestClassificationTrace(t *testing.T) {
	m, err := sim.New(clConfig("MESI", 2, 64, 512, 2, false)) // 4 sets × 2 ways
	if err != nil {
		t.Fatal(err)
	}
	if err := m.EnableClassification(); err != nil {
		t.Fatal(err)
	}
	// 16 lines over 4 sets, swept 3 times by P0: 16 cold, then 32 capacity
	// (an 8-line LRU shadow never holds a line reused 16 lines later).
	for r := 0; r < 3; r++ {
		for l := uint64(0); l < 16; l++ {
			m.Access(0, sim.Read, l*64)
		}
	}
	// P1 re-reads one line 10 times: 1 cold, 9 hits.
	for range 10 {
		m.Access(1, sim.Read, 0x40)
	}
	k := m.Classifier()
	p0, p1 := k.Core(0), k.Core(1)
	if want := (clCounts{cold: 16, capacity: 32}).counts(); p0 != want {
		t.Errorf("P0: %s, want %s", clFmt(p0), clFmt(want))
	}
	if want := (clCounts{cold: 1}).counts(); p1 != want {
		t.Errorf("P1: %s, want %s", clFmt(p1), clFmt(want))
	}
	if p0.Total() != 48 || p1.Total() != 1 {
		t.Errorf("Total: P0 %d (want 48), P1 %d (want 1)", p0.Total(), p1.Total())
	}
	lines := k.Lines()
	if len(lines) != 16 {
		t.Fatalf("Lines(): %d lines, want 16", len(lines))
	}
	// Line 0x40: P0 cold+2 capacity, P1 cold = 4 misses, the most.
	if lines[0].Line != 0x40 || lines[0].Counts != (clCounts{cold: 2, capacity: 2}).counts() {
		t.Errorf("Lines()[0] = %#x %s, want 0x40 cold=2 capacity=2", lines[0].Line, clFmt(lines[0].Counts))
	}
	for i, l := range lines[1:] {
		want := uint64(i) * 64
		if i >= 1 {
			want += 64 // 0x40 came first
		}
		if l.Line != want || l.Counts != (clCounts{cold: 1, capacity: 2}).counts() {
			t.Errorf("Lines()[%d] = %#x %s, want %#x cold=1 capacity=2", i+1, l.Line, clFmt(l.Counts), want)
		}
	}
}

func TestEnableClassificationAfterAccess(t *testing.T) {
	m, err := sim.New(sim.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	m.Access(0, sim.Read, 0)
	if err := m.EnableClassification(); err == nil {
		t.Fatal("EnableClassification after an access: no error")
	} else if !strings.Contains(err.Error(), "before the first access") {
		t.Errorf("error %q does not say it must come before the first access", err)
	}
	if m.Classifier() != nil {
		t.Error("Classifier() is not nil after a refused EnableClassification")
	}
}

func TestMissClassString(t *testing.T) {
	want := map[sim.MissClass]string{
		sim.NotMiss: "hit", sim.Cold: "cold", sim.Capacity: "capacity", sim.Conflict: "conflict",
		sim.TrueSharing: "true_sharing", sim.FalseSharing: "false_sharing",
	}
	for c, s := range want {
		if c.String() != s {
			t.Errorf("%d.String() = %q, want %q", c, c.String(), s)
		}
	}
}
