package trace

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/internal/refsim"
)

// cannealPath finds ../shared/traces/NAME from this package's directory.
func cannealPath(t *testing.T, name string) string {
	p := filepath.Join("..", "..", "..", "shared", "traces", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not found (the shared traces are not here): %v", p, err)
	}
	return p
}

// TestCannealFileAgainstReference reads the canneal traces through the
// proc reader (as `cohere trace --format proc` does) and compares every
// counter of every core with the independent reference simulator.
func TestCannealFileAgainstReference(t *testing.T) {
	type geometry struct{ size, ways, line int }
	geos := []geometry{{4 << 10, 1, 32}, {8 << 10, 2, 64}, {16 << 10, 4, 128}, {32 << 10, 8, 64}, {32 << 10, 16, 32}, {4 << 10, 16, 128}}
	names := []string{"canneal.04t.debug", "canneal.04t.50k"}
	if testing.Short() {
		geos, names = geos[:2], names[:1]
	}
	protos := []struct {
		name    string
		ref     refsim.Protocol
		upgrade bool
	}{{"MSI", refsim.MSI, true}, {"MSI", refsim.MSI, false}, {"MESI", refsim.MESI, true}, {"MOESI", refsim.MOESI, true}, {"Dragon", refsim.Dragon, true}}
	for _, name := range names {
		path := cannealPath(t, name)
		for _, g := range geos {
			for _, p := range protos {
				cfg := sim.DefaultConfig()
				cfg.Cores, cfg.Protocol, cfg.Size, cfg.Ways, cfg.Line = 4, p.name, g.size, g.ways, g.line
				cfg.Settings.Upgrade = p.upgrade
				m, err := sim.New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				src, err := Open([]string{path}, Options{Format: Proc, Cores: 4})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := src.Run(m, Limits{}); err != nil {
					t.Fatal(err)
				}
				src.Close()
				ref, err := refsim.New(refsim.Config{Cores: 4, Protocol: p.ref, Upgrade: p.upgrade, Size: g.size, Line: g.line, Ways: g.ways})
				if err != nil {
					t.Fatal(err)
				}
				feedProc(t, path, ref)
				for c := 0; c < 4; c++ {
					if got, want := engineNamed(m.Counters(c)), refNamed(ref.Counters(c)); got != want {
						t.Errorf("%s %s upgrade=%v %d/%d/%d P%d:\nengine    %s\nreference %s", name, p.name, p.upgrade, g.size, g.ways, g.line, c, got, want)
					}
				}
			}
		}
	}
}

func feedProc(t *testing.T, path string, ref *refsim.Sim) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var p int
		var op string
		var addr uint64
		if _, err := fmt.Sscanf(line, "%d %s %x", &p, &op, &addr); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		ref.Access(p, op == "w", addr)
	}
}

func engineNamed(c sim.Counters) string {
	return fmt.Sprint(c.Reads, c.Writes, c.ReadMisses, c.WriteMisses, c.Writebacks, c.Invalidations, c.Interventions, c.C2C, c.Flushes, c.MemReads, c.MemWrites, c.Bus)
}

func refNamed(c refsim.Counters) string {
	return fmt.Sprint(c.Reads, c.Writes, c.ReadMisses, c.WriteMisses, c.Writebacks, c.Invalidations, c.Interventions, c.C2C, c.Flushes, c.MemReads, c.MemWrites, c.Bus)
}

// TestDinFileAgainstPlainCache runs din files through the reader on one
// core and compares the demand misses with a plain LRU or FIFO cache,
// direct-mapped to fully associative.
func TestDinFileAgainstPlainCache(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	var text strings.Builder
	var addrs []uint64
	for i := 0; i < 20000; i++ {
		var a uint64
		switch k := r.Intn(10); {
		case k < 4:
			a = 0x10000 + uint64(i*8)%0x6000
		case k < 8:
			a = 0x800000 + uint64(r.Intn(0x3000))
		default:
			a = 0x4000000 + uint64(r.Intn(0x100000))
		}
		fmt.Fprintf(&text, "%d %x\n", r.Intn(3), a)
		addrs = append(addrs, a)
	}
	path := filepath.Join(t.TempDir(), "t.din")
	os.WriteFile(path, []byte(text.String()), 0o644)
	for _, rp := range []struct {
		sim sim.Replacement
		ref refsim.Replacement
	}{{sim.LRU, refsim.LRU}, {sim.FIFO, refsim.FIFO}} {
		for _, ways := range []int{1, 2, 4, 8, 0} {
			for _, size := range []int{1 << 10, 8 << 10, 32 << 10} {
				cfg := sim.DefaultConfig()
				cfg.Cores, cfg.Size, cfg.Ways, cfg.Line, cfg.Replace = 1, size, ways, 32, rp.sim
				m, err := sim.New(cfg)
				if err != nil {
					t.Fatal(err)
				}
				src, err := Open([]string{path}, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if _, err := src.Run(m, Limits{}); err != nil {
					t.Fatal(err)
				}
				src.Close()
				plain := refsim.NewPlain(size, 32, ways, rp.ref)
				for _, a := range addrs {
					plain.Access(a)
				}
				c := m.Counters(0)
				if got := c.ReadMisses + c.WriteMisses; got != plain.Misses {
					t.Errorf("%s ways %d size %d: engine %d misses, plain cache %d", rp.sim, ways, size, got, plain.Misses)
				}
			}
		}
	}
}
