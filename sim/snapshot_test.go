// Tests of Clone and CopyFrom: a copy goes on exactly as the original.

package sim

import (
	"math/rand"
	"testing"
)

// TestCopyGoesOnTheSame runs random accesses on a machine, copies it (by
// Clone, and by CopyFrom into a machine that ran other accesses), and
// checks that the copies and the original then agree on every load, on
// the counters, and on DataHash.
func TestCopyGoesOnTheSame(t *testing.T) {
	for _, proto := range []string{"MESI", "MOESI", "Dragon", "none"} {
		for _, ways := range []int{1, 2, 3} {
			cfg := DefaultConfig()
			cfg.Protocol, cfg.Cores, cfg.Size, cfg.Ways, cfg.Data = proto, 3, ways*32*8, ways, true
			cfg.Line = 32
			rng := rand.New(rand.NewSource(int64(ways)))
			step := func(ms ...*Machine) {
				core, addr := rng.Intn(3), uint64(0x1000+8*rng.Intn(400))
				write, v := rng.Intn(3) == 0, uint64(rng.Intn(100))
				var first uint64
				for i, m := range ms {
					var got uint64
					var err error
					if write {
						err = m.Store(core, addr, 8, v)
					} else {
						got, err = m.Load(core, addr, 8)
					}
					if err != nil {
						t.Fatal(err)
					}
					if i == 0 {
						first = got
					} else if got != first {
						t.Fatalf("%s ways %d: a copy loaded %d, the original %d", proto, ways, got, first)
					}
				}
			}
			orig, err := New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			other, _ := New(cfg)
			for i := 0; i < 300; i++ {
				step(orig)
				step(other)
			}
			clone := orig.Clone()
			if !other.CopyFrom(orig) {
				t.Fatal("CopyFrom refused a machine of the same configuration")
			}
			for i := 0; i < 2000; i++ {
				step(orig, clone, other)
			}
			for _, c := range []*Machine{clone, other} {
				if c.DataHash(true) != orig.DataHash(true) {
					t.Errorf("%s ways %d: the copy's data differ", proto, ways)
				}
				if c.Totals() != orig.Totals() {
					t.Errorf("%s ways %d: counters %+v, want %+v", proto, ways, c.Totals(), orig.Totals())
				}
			}
		}
	}
}

func TestCopyFromRefusesAnotherShape(t *testing.T) {
	a, _ := New(DefaultConfig())
	cfg := DefaultConfig()
	cfg.Cores = 4
	b, _ := New(cfg)
	if a.CopyFrom(b) {
		t.Error("CopyFrom took a machine with other cores")
	}
}

// TestDataHashIgnoresOrder: equal data give equal hashes however they
// were written; different data differ.
func TestDataHashIgnoresOrder(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Data = true
	a, _ := New(cfg)
	b, _ := New(cfg)
	a.Store(0, 0x1000, 8, 1)
	a.Store(1, 0x2000, 8, 2)
	b.Store(1, 0x2000, 8, 2)
	b.Store(0, 0x1000, 8, 1)
	if a.DataHash(false) != b.DataHash(false) {
		t.Error("the same values, stored in another order, hash differently")
	}
	b.Store(0, 0x1000, 8, 3)
	if a.DataHash(false) == b.DataHash(false) {
		t.Error("different values hash the same")
	}
	c, _ := New(cfg)
	d, _ := New(cfg)
	c.Store(0, 0x3000, 8, 0) // a zero written is the same as never written
	if c.DataHash(false) != d.DataHash(false) {
		t.Error("a line of zeros hashes unlike memory never written")
	}
}
