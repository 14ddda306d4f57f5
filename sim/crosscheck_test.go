package sim_test

// Cross-checks of the engine against the independent reference simulator in
// sim/internal/refsim (written from PROTOCOLS.md alone), against a plain
// single-core cache model, against its own invariant checker, and against
// itself with and without observers.

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/internal/refsim"
	"github.com/cohere-sim/cohere/sim/protocol"
)

// xcAccess is one access of a multi-core trace.
type xcAccess struct {
	core  int
	write bool
	addr  uint64
}

// xcTraces caches parsed traces: several tests read the same files.
var xcTraces sync.Map // name -> []xcAccess

// xcReadTrace parses ../../shared/traces/<name>: one access a line,
// "<proc> <r|w> <hexaddr>". It skips the test when the file is absent.
func xcReadTrace(t *testing.T, name string) []xcAccess {
	t.Helper()
	if v, ok := xcTraces.Load(name); ok {
		return v.([]xcAccess)
	}
	path := filepath.Join("..", "..", "shared", "traces", name)
	f, err := os.Open(path)
	if err != nil {
		if os.IsNotExist(err) {
			t.Skipf("trace %s not present", path)
		}
		t.Fatal(err)
	}
	defer f.Close()
	var out []xcAccess
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) != 3 {
			t.Fatalf("%s:%d: want <proc> <r|w> <hexaddr>, got %q", path, n, sc.Text())
		}
		core, err := strconv.Atoi(fields[0])
		if err != nil || core < 0 {
			t.Fatalf("%s:%d: bad processor %q", path, n, fields[0])
		}
		var write bool
		switch fields[1] {
		case "r", "R":
		case "w", "W":
			write = true
		default:
			t.Fatalf("%s:%d: bad op %q", path, n, fields[1])
		}
		addr, err := strconv.ParseUint(strings.TrimPrefix(fields[2], "0x"), 16, 64)
		if err != nil {
			t.Fatalf("%s:%d: bad address %q", path, n, fields[2])
		}
		out = append(out, xcAccess{core, write, addr})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	xcTraces.Store(name, out)
	return out
}

// xcNamed returns the engine's counters under PROTOCOLS.md's names, in the
// same order as refsim.Counters.Named.
func xcNamed(c sim.Counters) []refsim.NamedCount {
	out := []refsim.NamedCount{
		{Name: "reads", Value: c.Reads}, {Name: "writes", Value: c.Writes},
		{Name: "read_misses", Value: c.ReadMisses}, {Name: "write_misses", Value: c.WriteMisses},
		{Name: "writebacks", Value: c.Writebacks}, {Name: "invalidations", Value: c.Invalidations},
		{Name: "interventions", Value: c.Interventions}, {Name: "c2c", Value: c.C2C},
		{Name: "flushes", Value: c.Flushes},
		{Name: "mem_reads", Value: c.MemReads}, {Name: "mem_writes", Value: c.MemWrites},
	}
	for _, k := range []protocol.Event{protocol.BusRd, protocol.BusRdX, protocol.BusUpgr, protocol.BusUpd, protocol.BusWr} {
		out = append(out, refsim.NamedCount{Name: "bus." + k.String(), Value: c.BusCount(k)})
	}
	return out
}

type xcProto struct {
	name    string // as reported
	engine  string // the engine's protocol name
	ref     refsim.Protocol
	upgrade bool
}

var xcRefProtocols = []xcProto{
	{"MSI", "MSI", refsim.MSI, true},
	{"MSI/upgrade-off", "MSI", refsim.MSI, false},
	{"MESI", "MESI", refsim.MESI, true},
	{"MOESI", "MOESI", refsim.MOESI, true},
	{"Dragon", "Dragon", refsim.Dragon, true},
	// Beyond the required grid: the upgrade setting also applies to the
	// write hits in S and O of MESI and MOESI.
	{"MESI/upgrade-off", "MESI", refsim.MESI, false},
	{"MOESI/upgrade-off", "MOESI", refsim.MOESI, false},
}

type xcGeom struct{ size, ways, line int }

func (g xcGeom) String() string {
	return fmt.Sprintf("size=%s ways=%d line=%d", sim.FormatSize(g.size), g.ways, g.line)
}

func xcGrid(sizes, ways, lines []int) []xcGeom {
	var out []xcGeom
	for _, s := range sizes {
		for _, w := range ways {
			for _, l := range lines {
				out = append(out, xcGeom{s, w, l})
			}
		}
	}
	return out
}

// xcCompareTrace runs trace on the engine and the reference and reports
// every counter of every core that differs (at most a few per run).
func xcCompareTrace(t *testing.T, trace []xcAccess, p xcProto, g xcGeom) {
	t.Helper()
	const cores = 4
	cfg := sim.DefaultConfig()
	cfg.Cores = cores
	cfg.Protocol = p.engine
	cfg.Settings.Upgrade = p.upgrade
	cfg.Size, cfg.Ways, cfg.Line = g.size, g.ways, g.line
	m, err := sim.New(cfg)
	if err != nil {
		t.Fatalf("%s %v: %v", p.name, g, err)
	}
	ref, err := refsim.New(refsim.Config{Cores: cores, Protocol: p.ref, Upgrade: p.upgrade,
		Size: g.size, Line: g.line, Ways: g.ways, Replace: refsim.LRU})
	if err != nil {
		t.Fatalf("%s %v: %v", p.name, g, err)
	}
	for _, a := range trace {
		op := sim.Read
		if a.write {
			op = sim.Write
		}
		m.Access(a.core, op, a.addr)
		ref.Access(a.core, a.write, a.addr)
	}
	bad := 0
	for c := 0; c < cores; c++ {
		rc := ref.Counters(c)
		want := rc.Named()
		got := xcNamed(m.Counters(c))
		for i := range want {
			if got[i].Value != want[i].Value {
				if bad < 6 {
					t.Errorf("%s %v core %d %s: engine %d, reference %d",
						p.name, g, c, want[i].Name, got[i].Value, want[i].Value)
				}
				bad++
			}
		}
	}
	if bad > 6 {
		t.Errorf("%s %v: %d more counters differ", p.name, g, bad-6)
	}
}

func TestCannealAgainstReference(t *testing.T) {
	type job struct {
		trace string
		geoms []xcGeom
		prots []xcProto
	}
	sizes := []int{4 << 10, 8 << 10, 16 << 10, 32 << 10}
	ways := []int{1, 2, 4, 8, 16}
	lines := []int{32, 64, 128}
	var jobs []job
	if testing.Short() {
		jobs = []job{
			{"canneal.04t.debug", xcGrid([]int{4 << 10, 32 << 10}, []int{1, 4, 16}, []int{32, 128}), xcRefProtocols[:5]},
			{"canneal.04t.50k", xcGrid([]int{8 << 10}, []int{2, 8}, []int{64}), xcRefProtocols[:5]},
		}
	} else {
		jobs = []job{
			{"canneal.04t.debug", xcGrid(sizes, ways, lines), xcRefProtocols},
			{"canneal.04t.50k", xcGrid(sizes, ways, lines), xcRefProtocols},
		}
	}
	for _, j := range jobs {
		for _, p := range j.prots {
			t.Run(j.trace+"/"+p.name, func(t *testing.T) {
				t.Parallel()
				trace := xcReadTrace(t, j.trace)
				for _, g := range j.geoms {
					xcCompareTrace(t, trace, p, g)
				}
			})
		}
	}
}

// xcStream is a din-like single-core address stream: runs of sequential
// addresses, loops over a small region and random addresses, reads and
// writes mixed.
func xcStream(seed uint64, n int) []xcAccess {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	out := make([]xcAccess, 0, n)
	base := uint64(0x10000)
	for len(out) < n {
		switch r.IntN(3) {
		case 0: // sequential run
			a := base + uint64(r.IntN(1<<16))&^3
			step := uint64([]int{1, 2, 4, 8}[r.IntN(4)])
			for k := r.IntN(200) + 1; k > 0 && len(out) < n; k-- {
				out = append(out, xcAccess{0, r.IntN(4) == 0, a})
				a += step
			}
		case 1: // a loop over a region, several times
			a := base + uint64(r.IntN(1<<15))&^7
			span := r.IntN(48) + 2
			stride := uint64([]int{4, 16, 64, 1 << 10}[r.IntN(4)])
			for rep := r.IntN(6) + 1; rep > 0; rep-- {
				for k := 0; k < span && len(out) < n; k++ {
					out = append(out, xcAccess{0, r.IntN(5) == 0, a + uint64(k)*stride})
				}
			}
		case 2: // random addresses, some far away
			for k := r.IntN(100) + 1; k > 0 && len(out) < n; k-- {
				a := base + uint64(r.IntN(1<<17))
				if r.IntN(10) == 0 {
					a = uint64(r.Uint32())
				}
				out = append(out, xcAccess{0, r.IntN(3) == 0, a})
			}
		}
	}
	return out
}

func TestSingleCoreAgainstPlainCache(t *testing.T) {
	sizes := []int{512, 2 << 10, 8 << 10, 32 << 10}
	lines := []int{16, 32, 64, 128}
	ways := []int{1, 2, 4, 8, 0}
	n := 20000
	seeds := []uint64{1, 2}
	if testing.Short() {
		sizes = []int{512, 4 << 10}
		lines = []int{16, 64}
		n = 5000
		seeds = seeds[:1]
	}
	for _, seed := range seeds {
		stream := xcStream(seed, n)
		for _, proto := range []string{"MESI", "MSI"} {
			for _, repl := range []sim.Replacement{sim.LRU, sim.FIFO} {
				for _, size := range sizes {
					for _, line := range lines {
						for _, w := range ways {
							if size < w*line {
								continue // fewer lines than ways
							}
							cfg := sim.DefaultConfig()
							cfg.Cores = 1
							cfg.Protocol = proto
							cfg.Replace = repl
							cfg.Size, cfg.Line, cfg.Ways = size, line, w
							m, err := sim.New(cfg)
							if err != nil {
								t.Fatalf("%s %v size=%d line=%d ways=%d: %v", proto, repl, size, line, w, err)
							}
							rr := refsim.LRU
							if repl == sim.FIFO {
								rr = refsim.FIFO
							}
							pc := refsim.NewPlain(size, line, w, rr)
							for _, a := range stream {
								op := sim.Read
								if a.write {
									op = sim.Write
								}
								m.Access(0, op, a.addr)
								pc.Access(a.addr)
							}
							c := m.Counters(0)
							if got := c.ReadMisses + c.WriteMisses; got != pc.Misses {
								t.Errorf("seed %d %s %v size=%d line=%d ways=%d: engine %d misses (%d read, %d write), plain cache %d",
									seed, proto, repl, size, line, w, got, c.ReadMisses, c.WriteMisses, pc.Misses)
							}
							if c.Reads+c.Writes != uint64(len(stream)) {
								t.Errorf("seed %d %s: engine counted %d accesses, want %d", seed, proto, c.Reads+c.Writes, len(stream))
							}
						}
					}
				}
			}
		}
	}
}

// xcVariant is a built-in protocol with settings.
type xcVariant struct {
	name     string
	protocol string
	settings protocol.Settings
}

func xcVariants() []xcVariant {
	def := protocol.DefaultSettings()
	var out []xcVariant
	for _, name := range protocol.Names() {
		out = append(out, xcVariant{name, name, def})
		switch name {
		case "WT", "WTI":
			s := def
			s.Allocate = true
			out = append(out, xcVariant{name + "/allocate", name, s})
		case "MSI", "MESI", "MOESI", "MESIF":
			s := def
			s.Upgrade = false
			out = append(out, xcVariant{name + "/upgrade-off", name, s})
			s = def
			s.CleanSharing = true
			out = append(out, xcVariant{name + "/clean-sharing", name, s})
			s.Upgrade = false
			out = append(out, xcVariant{name + "/upgrade-off/clean-sharing", name, s})
		case "Dragon", "Firefly":
			s := def
			s.CleanSharing = true
			out = append(out, xcVariant{name + "/clean-sharing", name, s})
		}
	}
	return out
}

// xcSlot is a location the property test uses: an address and a size.
type xcSlot struct {
	addr uint64
	size int
}

// xcOp is one step of a data sequence.
type xcOp struct {
	kind  int // 0 load, 1 store, 2 atomic, 3 compute
	core  int
	slot  xcSlot
	value uint64 // store value
	atom  sim.AtomicOp
	cyc   uint64
}

type xcSeq struct {
	cores int
	line  int
	size  int
	ways  int
	repl  sim.Replacement
	slots []xcSlot
	ops   []xcOp
}

func xcMask(size int) uint64 {
	if size == 8 {
		return ^uint64(0)
	}
	return 1<<(8*size) - 1
}

// xcRandomSeq builds a random multi-core sequence over a few lines with
// several words each, in caches so small that lines get evicted.
func xcRandomSeq(seed uint64, nops int) xcSeq {
	r := rand.New(rand.NewPCG(seed, 0xc0de))
	q := xcSeq{
		cores: 2 + r.IntN(7),
		line:  []int{16, 32}[r.IntN(2)],
		repl:  []sim.Replacement{sim.LRU, sim.FIFO}[r.IntN(2)],
	}
	q.ways = []int{1, 2}[r.IntN(2)]
	q.size = q.line * q.ways * []int{1, 2}[r.IntN(2)]
	nlines := 2 + r.IntN(5)
	// Lines spread over a few distinct tags so they conflict in the sets.
	for i := 0; i < nlines; i++ {
		base := uint64(0x1000 + i*q.line + r.IntN(4)*0x400)
		// Word layout inside a line: 8-byte words, and in a 32-byte line a
		// 4-, a 2- and two 1-byte slots in the last word.
		q.slots = append(q.slots, xcSlot{base, 8})
		if q.line == 16 {
			q.slots = append(q.slots, xcSlot{base + 8, 4}, xcSlot{base + 12, 4})
		} else {
			q.slots = append(q.slots, xcSlot{base + 8, 8}, xcSlot{base + 16, 8},
				xcSlot{base + 24, 4}, xcSlot{base + 28, 2}, xcSlot{base + 30, 1}, xcSlot{base + 31, 1})
		}
	}
	// Remove duplicate lines (two random bases may coincide).
	seen := map[uint64]bool{}
	slots := q.slots[:0]
	for _, s := range q.slots {
		if !seen[s.addr] {
			seen[s.addr] = true
			slots = append(slots, s)
		}
	}
	q.slots = slots
	// Values the test knows, so CAS can succeed: the latest per slot.
	latest := map[uint64]uint64{}
	for i := 0; i < nops; i++ {
		op := xcOp{core: r.IntN(q.cores), slot: q.slots[r.IntN(len(q.slots))]}
		mask := xcMask(op.slot.size)
		switch k := r.IntN(20); {
		case k < 9:
			op.kind = 0
		case k < 16:
			op.kind = 1
			op.value = r.Uint64() & mask
			if r.IntN(4) == 0 {
				op.value = uint64(r.IntN(4))
			}
			latest[op.slot.addr] = op.value
		case k < 19:
			if op.slot.size < 4 {
				op.kind = 0
				break
			}
			op.kind = 2
			old := latest[op.slot.addr]
			switch r.IntN(3) {
			case 0:
				op.atom = sim.AtomicOp{Kind: sim.AtomicAdd, Arg: uint64(r.IntN(5) + 1)}
				latest[op.slot.addr] = (old + op.atom.Arg) & mask
			case 1:
				op.atom = sim.AtomicOp{Kind: sim.AtomicSwap, Arg: r.Uint64() & mask}
				latest[op.slot.addr] = op.atom.Arg
			case 2:
				arg := old
				if r.IntN(2) == 0 {
					arg = r.Uint64() & mask
				}
				op.atom = sim.AtomicOp{Kind: sim.AtomicCAS, Arg: arg, New: r.Uint64() & mask}
				if old == arg {
					latest[op.slot.addr] = op.atom.New
				}
			}
		default:
			op.kind = 3
			op.cyc = uint64(r.IntN(50))
		}
		q.ops = append(q.ops, op)
	}
	return q
}

// xcRunData runs seq with data on and returns every load's value (and every
// RMW's old value), in order. Errors from the engine fail the test.
func xcRunData(t *testing.T, v xcVariant, q xcSeq, obs sim.Observer, class bool) (*sim.Machine, []uint64) {
	t.Helper()
	cfg := sim.DefaultConfig()
	cfg.Cores = q.cores
	cfg.Protocol = v.protocol
	cfg.Settings = v.settings
	cfg.Line, cfg.Size, cfg.Ways, cfg.Replace = q.line, q.size, q.ways, q.repl
	cfg.Data = true
	m, err := sim.New(cfg)
	if err != nil {
		t.Fatalf("%s: %v", v.name, err)
	}
	if class {
		if err := m.EnableClassification(); err != nil {
			t.Fatal(err)
		}
	}
	if obs != nil {
		m.Observe(obs)
	}
	var loads []uint64
	for i, op := range q.ops {
		switch op.kind {
		case 0:
			x, err := m.Load(op.core, op.slot.addr, op.slot.size)
			if err != nil {
				t.Fatalf("%s op %d: Load(%d, %#x, %d): %v", v.name, i, op.core, op.slot.addr, op.slot.size, err)
			}
			loads = append(loads, x)
		case 1:
			if err := m.Store(op.core, op.slot.addr, op.slot.size, op.value); err != nil {
				t.Fatalf("%s op %d: Store: %v", v.name, i, err)
			}
		case 2:
			old, err := m.Atomic(op.core, op.slot.addr, op.slot.size, op.atom)
			if err != nil {
				t.Fatalf("%s op %d: Atomic(%d, %#x, %d, %+v): %v", v.name, i, op.core, op.slot.addr, op.slot.size, op.atom, err)
			}
			loads = append(loads, old)
		case 3:
			m.Compute(op.core, op.cyc)
		}
	}
	return m, loads
}

func TestInvariantsProperty(t *testing.T) {
	seeds, nops := 120, 500
	if testing.Short() {
		seeds, nops = 8, 200
	}
	variants := xcVariants()
	for seed := 1; seed <= seeds; seed++ {
		q := xcRandomSeq(uint64(seed), nops)
		// The values a coherent machine must return: the last store.
		want, final := xcExpected(q)
		var first []uint64
		var firstName string
		for _, v := range variants {
			chk := sim.NewChecker(0)
			m, loads := xcRunData(t, v, q, chk, false)
			if v.protocol == "none" || v.protocol == "WT" {
				if m.Exempt() == "" {
					t.Errorf("%s: Exempt() is empty; the checker must say why it does not apply", v.name)
				}
				continue
			}
			if m.Exempt() != "" {
				t.Errorf("%s: coherent protocol claims exemption %q", v.name, m.Exempt())
			}
			if err := chk.Err(); err != nil {
				t.Errorf("seed %d %s (cores %d, %d B %d-way %v, line %d): invariant violations:\n%v",
					seed, v.name, q.cores, q.size, q.ways, q.repl, q.line, err)
			}
			for i := range loads {
				if i < len(want) && loads[i] != want[i].value {
					o := q.ops[want[i].op]
					t.Errorf("seed %d %s: op %d (kind %d, core %d, %#x/%d) returned %#x, last store was %#x",
						seed, v.name, want[i].op, o.kind, o.core, o.slot.addr, o.slot.size, loads[i], want[i].value)
					break
				}
			}
			for _, s := range q.slots {
				got, err := m.Latest(s.addr, s.size)
				if err != nil {
					t.Fatal(err)
				}
				if exp := final[s.addr]; got != exp {
					t.Errorf("seed %d %s: Latest(%#x, %d) = %#x, want %#x", seed, v.name, s.addr, s.size, got, exp)
				}
			}
			if first == nil {
				first, firstName = loads, v.name
			} else if !reflect.DeepEqual(first, loads) {
				for i := range loads {
					if loads[i] != first[i] {
						t.Errorf("seed %d: load %d: %s returned %#x, %s returned %#x", seed, i, v.name, loads[i], firstName, first[i])
						break
					}
				}
			}
		}
	}
}

type xcWant struct {
	op    int
	value uint64
}

// xcExpected replays q on a flat memory: each load's value (and each RMW's
// old value) is the value of the last store to the slot. It also returns
// the final value of every slot.
func xcExpected(q xcSeq) ([]xcWant, map[uint64]uint64) {
	mem := map[uint64]uint64{}
	var out []xcWant
	for i, op := range q.ops {
		a := op.slot.addr
		mask := xcMask(op.slot.size)
		switch op.kind {
		case 0:
			out = append(out, xcWant{i, mem[a]})
		case 1:
			mem[a] = op.value & mask
		case 2:
			old := mem[a]
			out = append(out, xcWant{i, old})
			switch op.atom.Kind {
			case sim.AtomicAdd:
				mem[a] = (old + op.atom.Arg) & mask
			case sim.AtomicSwap:
				mem[a] = op.atom.Arg & mask
			case sim.AtomicCAS:
				if old == op.atom.Arg {
					mem[a] = op.atom.New & mask
				}
			}
		}
	}
	return out, mem
}

// xcRun is what one run leaves behind, for comparing two runs.
type xcRun struct {
	counters []sim.Counters
	clocks   []uint64
	cycles   uint64
	steps    uint64
	classes  []sim.ClassCounts
	lines    []sim.LineClasses
	loads    []uint64
}

func xcCollect(m *sim.Machine, loads []uint64) xcRun {
	r := xcRun{cycles: m.Cycles(), steps: m.Steps(), loads: loads}
	for c := 0; c < m.Cores(); c++ {
		r.counters = append(r.counters, m.Counters(c))
		r.clocks = append(r.clocks, m.Clock(c))
	}
	if k := m.Classifier(); k != nil {
		for c := 0; c < m.Cores(); c++ {
			r.classes = append(r.classes, k.Core(c))
		}
		r.lines = append(r.lines, k.Lines()...)
	}
	return r
}

// xcTraceSeq is a random multi-core trace with sharing, for the no-data runs.
func xcTraceSeq(seed uint64, cores, n int) []xcAccess {
	r := rand.New(rand.NewPCG(seed, 0xfa57))
	out := make([]xcAccess, 0, n)
	for i := 0; i < n; i++ {
		c := r.IntN(cores)
		var a uint64
		switch r.IntN(4) {
		case 0: // shared hot lines
			a = 0x8000 + uint64(r.IntN(8))*8
		case 1: // shared, larger
			a = 0x10000 + uint64(r.IntN(1<<12))
		default: // mostly private
			a = 0x100000*uint64(c+1) + uint64(r.IntN(1<<13))
		}
		out = append(out, xcAccess{c, r.IntN(3) == 0, a})
	}
	return out
}

func TestFastPathMatchesObserved(t *testing.T) {
	n := 6000
	seeds := 3
	if testing.Short() {
		n, seeds = 1500, 1
	}
	type geom struct {
		cores, size, line, ways int
		repl                    sim.Replacement
	}
	geoms := []geom{
		{4, 1 << 10, 32, 2, sim.LRU},
		{3, 512, 64, 0, sim.FIFO},
		{4, 2 << 10, 32, 4, sim.Random},
	}
	var canneal []xcAccess
	if _, err := os.Stat(filepath.Join("..", "..", "shared", "traces", "canneal.04t.debug")); err == nil {
		canneal = xcReadTrace(t, "canneal.04t.debug")
		if testing.Short() {
			canneal = canneal[:3000]
		}
	}
	for _, v := range xcVariants() {
		t.Run(v.name, func(t *testing.T) {
			for gi, g := range geoms {
				for _, class := range []bool{false, true} {
					// Without data: trace mode.
					traces := [][]xcAccess{}
					for s := 1; s <= seeds; s++ {
						traces = append(traces, xcTraceSeq(uint64(s*10+gi), g.cores, n))
					}
					if canneal != nil && g.cores == 4 {
						traces = append(traces, canneal)
					}
					for ti, tr := range traces {
						run := func(observe bool) xcRun {
							cfg := sim.DefaultConfig()
							cfg.Cores = g.cores
							cfg.Protocol = v.protocol
							cfg.Settings = v.settings
							cfg.Size, cfg.Line, cfg.Ways, cfg.Replace = g.size, g.line, g.ways, g.repl
							cfg.Seed = uint64(7 + gi)
							m, err := sim.New(cfg)
							if err != nil {
								t.Fatal(err)
							}
							if class {
								if err := m.EnableClassification(); err != nil {
									t.Fatal(err)
								}
							}
							events := 0
							if observe {
								m.Observe(sim.ObserverFunc(func(*sim.Machine, *sim.Event) { events++ }))
							}
							for i, a := range tr {
								op := sim.Read
								if a.write {
									op = sim.Write
									if i%7 == 0 {
										op = sim.RMW
									}
								}
								m.Access(a.core, op, a.addr)
								if i%97 == 0 {
									m.Compute(a.core, uint64(i%13))
								}
							}
							if observe && events != len(tr) {
								t.Errorf("observer saw %d events for %d accesses", events, len(tr))
							}
							return xcCollect(m, nil)
						}
						xcSameRun(t, fmt.Sprintf("%s trace %d geom %d class=%v data=false", v.name, ti, gi, class), run(false), run(true))
					}
					// With data.
					for s := 1; s <= seeds; s++ {
						q := xcRandomSeq(uint64(1000+s*10+gi), n/4)
						q.cores = g.cores
						for i := range q.ops {
							q.ops[i].core %= q.cores
						}
						q.size, q.line, q.ways, q.repl = g.size, g.line, g.ways, g.repl
						// The slots, laid out for 16- or 32-byte lines from
						// 32-byte aligned bases, stay inside one line of any
						// of these geometries.
						m1, l1 := xcRunData(t, v, q, nil, class)
						events := 0
						m2, l2 := xcRunData(t, v, q, sim.ObserverFunc(func(*sim.Machine, *sim.Event) { events++ }), class)
						xcSameRun(t, fmt.Sprintf("%s data seed %d geom %d class=%v", v.name, s, gi, class), xcCollect(m1, l1), xcCollect(m2, l2))
						if uint64(events) != m2.Steps() {
							t.Errorf("%s: observer saw %d events, machine ran %d steps", v.name, events, m2.Steps())
						}
					}
				}
			}
		})
	}
}

func xcSameRun(t *testing.T, what string, fast, obs xcRun) {
	t.Helper()
	for c := range fast.counters {
		a, b := xcNamed(fast.counters[c]), xcNamed(obs.counters[c])
		for i := range a {
			if a[i].Value != b[i].Value {
				t.Errorf("%s core %d %s: unobserved %d, observed %d", what, c, a[i].Name, a[i].Value, b[i].Value)
			}
		}
		if fast.clocks[c] != obs.clocks[c] {
			t.Errorf("%s core %d clock: unobserved %d, observed %d", what, c, fast.clocks[c], obs.clocks[c])
		}
	}
	if fast.cycles != obs.cycles {
		t.Errorf("%s cycles: unobserved %d, observed %d", what, fast.cycles, obs.cycles)
	}
	if fast.steps != obs.steps {
		t.Errorf("%s steps: unobserved %d, observed %d", what, fast.steps, obs.steps)
	}
	if !reflect.DeepEqual(fast.classes, obs.classes) {
		t.Errorf("%s per-core miss classes: unobserved %v, observed %v", what, fast.classes, obs.classes)
	}
	if !reflect.DeepEqual(fast.lines, obs.lines) {
		t.Errorf("%s per-line miss classes differ (%d and %d lines)", what, len(fast.lines), len(obs.lines))
	}
	if !reflect.DeepEqual(fast.loads, obs.loads) {
		t.Errorf("%s loaded values differ", what)
	}
}

// TestSharedTrafficAgainstReference goes beyond the canneal traces, which
// share little: random traces over a few hot lines, with 2 to 8 cores, tiny
// caches, LRU and FIFO, so that every row of every table fires often.
func TestSharedTrafficAgainstReference(t *testing.T) {
	seeds, n := 100, 4000
	if testing.Short() {
		seeds, n = 10, 1000
	}
	for seed := 1; seed <= seeds; seed++ {
		r := rand.New(rand.NewPCG(uint64(seed), 0x5a7e))
		cores := 2 + r.IntN(7)
		line := []int{16, 32, 64}[r.IntN(3)]
		ways := []int{1, 2, 4, 0}[r.IntN(4)]
		lines := []int{1, 2, 4, 8}[r.IntN(4)]
		if ways != 0 && lines%ways != 0 {
			ways = lines
		}
		size := lines * line
		repl := []sim.Replacement{sim.LRU, sim.FIFO}[r.IntN(2)]
		hot := 2 + r.IntN(3*lines+2)
		wfrac := 2 + r.IntN(6)
		tr := make([]xcAccess, n)
		for i := range tr {
			a := 0x4000 + uint64(r.IntN(hot))*uint64(line)*uint64([]int{1, 3}[seed%2]) + uint64(r.IntN(line))
			tr[i] = xcAccess{r.IntN(cores), r.IntN(wfrac) == 0, a}
		}
		for _, p := range xcRefProtocols {
			cfg := sim.DefaultConfig()
			cfg.Cores = cores
			cfg.Protocol = p.engine
			cfg.Settings.Upgrade = p.upgrade
			cfg.Size, cfg.Line, cfg.Ways, cfg.Replace = size, line, ways, repl
			m, err := sim.New(cfg)
			if err != nil {
				t.Fatalf("%s: %v", p.name, err)
			}
			rr := refsim.LRU
			if repl == sim.FIFO {
				rr = refsim.FIFO
			}
			ref, err := refsim.New(refsim.Config{Cores: cores, Protocol: p.ref, Upgrade: p.upgrade,
				Size: size, Line: line, Ways: ways, Replace: rr})
			if err != nil {
				t.Fatal(err)
			}
			what := fmt.Sprintf("seed %d %s cores=%d size=%d line=%d ways=%d %v", seed, p.name, cores, size, line, ways, repl)
			stateBad := false
			for i, a := range tr {
				op := sim.Read
				if a.write {
					op = sim.Write
				}
				m.Access(a.core, op, a.addr)
				ref.Access(a.core, a.write, a.addr)
				if err := ref.Check(); err != nil {
					t.Fatalf("%s: access %d: reference broke an invariant: %v", what, i, err)
				}
				if stateBad {
					continue
				}
				// The accessed line's state in every cache, step by step.
				for c := 0; c < cores; c++ {
					if g, w := m.StateName(c, a.addr), ref.State(c, a.addr).String(); g != w {
						t.Errorf("%s: access %d (core %d %v %#x): core %d holds the line in %s, reference %s",
							what, i, a.core, op, a.addr, c, g, w)
						stateBad = true
					}
				}
			}
			bad := 0
			for c := 0; c < cores; c++ {
				rc := ref.Counters(c)
				want, got := rc.Named(), xcNamed(m.Counters(c))
				for i := range want {
					if got[i].Value != want[i].Value && bad < 4 {
						bad++
						t.Errorf("%s core %d %s: engine %d, reference %d", what, c, want[i].Name, got[i].Value, want[i].Value)
					}
				}
			}
		}
	}
}
