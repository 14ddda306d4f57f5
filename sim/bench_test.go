package sim_test

import (
	"testing"

	"github.com/cohere-sim/cohere/internal/floormix"
	"github.com/cohere-sim/cohere/sim"
)

// benchRefs is the address mix of ../shared/bench/floor's generator: 40%
// sequential, 40% in a small hot region, 20% spread over 4 MiB; 30% writes.
func benchRefs(n, cores int) (addrs []uint64, ops []sim.Op, who []int) {
	m := floormix.New(1)
	for range n {
		a, write := m.Next()
		op := sim.Read
		if write {
			op = sim.Write
		}
		addrs = append(addrs, a)
		ops = append(ops, op)
		who = append(who, m.R.Intn(cores))
	}
	return
}

func benchmarkAccess(b *testing.B, protocol string, cores int) {
	cfg := sim.DefaultConfig()
	cfg.Protocol = protocol
	cfg.Cores = cores
	m, err := sim.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	const n = 1 << 20
	addrs, ops, who := benchRefs(n, cores)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := i & (n - 1)
		m.Access(who[j], ops[j], addrs[j])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrefs/s")
}

func BenchmarkAccess1CoreMESI(b *testing.B)  { benchmarkAccess(b, "MESI", 1) }
func BenchmarkAccess4CoreMESI(b *testing.B)  { benchmarkAccess(b, "MESI", 4) }
func BenchmarkAccess4CoreMOESI(b *testing.B) { benchmarkAccess(b, "MOESI", 4) }
func BenchmarkAccess4CoreDragon(b *testing.B) {
	benchmarkAccess(b, "Dragon", 4)
}
func BenchmarkAccess64CoreMESI(b *testing.B) { benchmarkAccess(b, "MESI", 64) }

// benchmarkAccessTrace runs the same references through AccessTrace, the
// batch entry trace mode uses, 8192 at a time.
func benchmarkAccessTrace(b *testing.B, protocol string, cores int) {
	cfg := sim.DefaultConfig()
	cfg.Protocol = protocol
	cfg.Cores = cores
	m, err := sim.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	const n = 1 << 20
	addrs, ops, who := benchRefs(n, cores)
	refs := make([]sim.TraceRef, n)
	for i := range refs {
		refs[i] = sim.TraceRef{Addr: addrs[i], Core: uint32(who[i])}
		if ops[i] != sim.Read {
			refs[i].Kind = sim.TraceStore
		}
	}
	const batch = 8192
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += batch {
		j := i & (n - 1)
		m.AccessTrace(refs[j : j+min(batch, b.N-i)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrefs/s")
}

func BenchmarkAccessTrace1CoreMESI(b *testing.B) { benchmarkAccessTrace(b, "MESI", 1) }
func BenchmarkAccessTrace4CoreMESI(b *testing.B) { benchmarkAccessTrace(b, "MESI", 4) }

// BenchmarkLoadStoreData4CoreMESI: the interpreter's entry, Load and Store
// on a machine whose lines carry data (every store also goes to the
// checker's record of the last store), over the floor mix. After the first
// pass every line exists, so the steady state allocates nothing.
func BenchmarkLoadStoreData4CoreMESI(b *testing.B) {
	cfg := sim.DefaultConfig()
	cfg.Cores = 4
	cfg.Data = true
	m, err := sim.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	const n = 1 << 16
	addrs, ops, who := benchRefs(n, 4)
	for j := range n { // touch every line once
		m.Store(who[j], addrs[j]&^7, 8, 1)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := i & (n - 1)
		if ops[j] == sim.Write {
			m.Store(who[j], addrs[j]&^7, 8, uint64(i))
		} else {
			m.Load(who[j], addrs[j]&^7, 8)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrefs/s")
}
