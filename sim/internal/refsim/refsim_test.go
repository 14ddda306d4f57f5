package refsim

import "testing"

type step struct {
	core  int
	write bool
}

// run plays steps on one line (address 0x40) with 3 cores and big caches.
func run(t *testing.T, p Protocol, upgrade bool, steps []step) *Sim {
	t.Helper()
	s, err := New(Config{Cores: 3, Protocol: p, Upgrade: upgrade, Size: 1024, Line: 64, Ways: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		s.Access(st.core, st.write, 0x40)
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func expect(t *testing.T, s *Sim, want []Counters, states []State) {
	t.Helper()
	for c := range want {
		if got := s.Counters(c); got != want[c] {
			t.Errorf("core %d:\n got %+v\nwant %+v", c, got, want[c])
		}
		if st := s.State(c, 0x40); st != states[c] {
			t.Errorf("core %d in %v, want %v", c, st, states[c])
		}
	}
}

func bus(rd, rdx, upgr, upd uint64) [NumTxns]uint64 {
	return [NumTxns]uint64{rd, rdx, upgr, upd, 0}
}

// Culler & Singh's running example: P1 reads u, P3 reads u, P3 writes u,
// P1 reads u, P2 reads u (cores 0, 2, 2, 0, 1 here).
var culler = []step{{0, false}, {2, false}, {2, true}, {0, false}, {1, false}}

func TestMSICuller(t *testing.T) {
	s := run(t, MSI, true, culler)
	expect(t, s, []Counters{
		{Reads: 2, ReadMisses: 2, Invalidations: 1, C2C: 1, MemReads: 1, MemWrites: 1, Bus: bus(2, 0, 0, 0)},
		{Reads: 1, ReadMisses: 1, MemReads: 1, Bus: bus(1, 0, 0, 0)},
		{Reads: 1, Writes: 1, ReadMisses: 1, Interventions: 1, Flushes: 1, MemReads: 1, Bus: bus(1, 0, 1, 0)},
	}, []State{S, S, S})
	s = run(t, MSI, false, culler)
	expect(t, s, []Counters{
		{Reads: 2, ReadMisses: 2, Invalidations: 1, C2C: 1, MemReads: 1, MemWrites: 1, Bus: bus(2, 0, 0, 0)},
		{Reads: 1, ReadMisses: 1, MemReads: 1, Bus: bus(1, 0, 0, 0)},
		{Reads: 1, Writes: 1, ReadMisses: 1, Interventions: 1, Flushes: 1, MemReads: 1, Bus: bus(1, 1, 0, 0)},
	}, []State{S, S, S})
}

func TestMESICuller(t *testing.T) {
	s := run(t, MESI, true, culler)
	expect(t, s, []Counters{
		{Reads: 2, ReadMisses: 2, Invalidations: 1, Interventions: 1, C2C: 1, MemReads: 1, MemWrites: 1, Bus: bus(2, 0, 0, 0)},
		{Reads: 1, ReadMisses: 1, MemReads: 1, Bus: bus(1, 0, 0, 0)},
		{Reads: 1, Writes: 1, ReadMisses: 1, Interventions: 1, Flushes: 1, MemReads: 1, Bus: bus(1, 0, 1, 0)},
	}, []State{S, S, S})
}

func TestMOESICuller(t *testing.T) {
	// P3's M becomes O on P1's read (no memory write), and O flushes again
	// for P2.
	s := run(t, MOESI, true, culler)
	expect(t, s, []Counters{
		{Reads: 2, ReadMisses: 2, Invalidations: 1, Interventions: 1, C2C: 1, MemReads: 1, Bus: bus(2, 0, 0, 0)},
		{Reads: 1, ReadMisses: 1, C2C: 1, Bus: bus(1, 0, 0, 0)},
		{Reads: 1, Writes: 1, ReadMisses: 1, Interventions: 1, Flushes: 2, MemReads: 1, Bus: bus(1, 0, 1, 0)},
	}, []State{S, S, O})
	// Then P1 writes: with upgrade off, BusRdX; the owner flushes (memory
	// updated, counted on the requester) but P1 needs no data.
	s = run(t, MOESI, false, append(culler, step{0, true}))
	expect(t, s, []Counters{
		{Reads: 2, Writes: 1, ReadMisses: 2, Invalidations: 1, Interventions: 1, C2C: 1, MemReads: 1, MemWrites: 1, Bus: bus(2, 1, 0, 0)},
		{Reads: 1, ReadMisses: 1, C2C: 1, Invalidations: 1, Bus: bus(1, 0, 0, 0)},
		{Reads: 1, Writes: 1, ReadMisses: 1, Interventions: 1, Invalidations: 1, Flushes: 3, MemReads: 1, Bus: bus(1, 1, 0, 0)},
	}, []State{M, I, I})
}

func TestDragonCuller(t *testing.T) {
	s := run(t, Dragon, true, culler)
	expect(t, s, []Counters{
		{Reads: 2, ReadMisses: 1, Interventions: 1, MemReads: 1, Bus: bus(1, 0, 0, 0)},
		{Reads: 1, ReadMisses: 1, C2C: 1, Bus: bus(1, 0, 0, 0)},
		{Reads: 1, Writes: 1, ReadMisses: 1, Flushes: 1, MemReads: 1, Bus: bus(1, 0, 0, 1)},
	}, []State{Sc, Sc, Sm})
	// A write miss to a line another cache holds: BusRd, then BusUpd.
	s = run(t, Dragon, true, []step{{0, true}, {1, true}, {2, true}})
	expect(t, s, []Counters{
		{Writes: 1, WriteMisses: 1, Interventions: 1, Flushes: 1, MemReads: 1, Bus: bus(1, 0, 0, 0)},
		{Writes: 1, WriteMisses: 1, C2C: 1, Flushes: 1, Bus: bus(1, 0, 0, 1)},
		{Writes: 1, WriteMisses: 1, C2C: 1, Bus: bus(1, 0, 0, 1)},
	}, []State{Sc, Sc, Sm})
}

func TestEvictionAndLRU(t *testing.T) {
	// One set of two ways: lines 0, 2, 4 (line 64, 2 sets) conflict.
	s, _ := New(Config{Cores: 1, Protocol: MESI, Upgrade: true, Size: 256, Line: 64, Ways: 2})
	s.Access(0, true, 0)    // miss, M
	s.Access(0, false, 128) // miss, E
	s.Access(0, false, 0)   // hit: 0 is now the most recent
	s.Access(0, false, 256) // miss: evicts 128 (clean)
	s.Access(0, false, 128) // miss: evicts 0 (dirty)
	c := s.Counters(0)
	if c.ReadMisses != 3 || c.WriteMisses != 1 || c.Writebacks != 1 || c.MemWrites != 1 || c.MemReads != 4 {
		t.Errorf("got %+v", c)
	}
	// FIFO: the hit does not refresh line 0, so 0 is evicted first.
	s, _ = New(Config{Cores: 1, Protocol: MESI, Upgrade: true, Size: 256, Line: 64, Ways: 2, Replace: FIFO})
	for _, a := range []uint64{0, 128, 0, 256} {
		s.Access(0, a == 0, a)
	}
	if st := s.State(0, 0); st != I {
		t.Errorf("FIFO kept line 0 (%v)", st)
	}
	if c := s.Counters(0); c.Writebacks != 1 {
		t.Errorf("FIFO: %+v", c)
	}
}

func TestPlain(t *testing.T) {
	c := NewPlain(256, 64, 0, LRU) // 4 lines, fully associative
	for _, a := range []uint64{0, 64, 128, 192, 0, 256, 64} {
		c.Access(a)
	}
	// 0,64,128,192 miss; 0 hits; 256 evicts 64 (LRU); 64 misses.
	if c.Misses != 6 || c.Hits != 1 {
		t.Errorf("LRU: %d misses, %d hits", c.Misses, c.Hits)
	}
	c = NewPlain(256, 64, 0, FIFO)
	for _, a := range []uint64{0, 64, 128, 192, 0, 256, 64} {
		c.Access(a)
	}
	// 256 evicts 0 (first in); 64 hits.
	if c.Misses != 5 || c.Hits != 2 {
		t.Errorf("FIFO: %d misses, %d hits", c.Misses, c.Hits)
	}
	c = NewPlain(256, 64, 1, LRU) // direct-mapped, 4 sets
	for _, a := range []uint64{0, 256, 0, 64} {
		c.Access(a)
	}
	if c.Misses != 4 {
		t.Errorf("direct-mapped: %d misses", c.Misses)
	}
}
