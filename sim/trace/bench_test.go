package trace

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/cohere-sim/cohere/internal/floormix"
	"github.com/cohere-sim/cohere/sim"
)

// benchLines is the number of references in the benchmark traces.
const benchLines = 1 << 20

// writeBenchTrace writes the address mix of ../shared/bench/floor's
// generator (40% sequential, 40% in a small hot region, 20% spread over
// 4 MiB; 30% writes) as a din trace, or as a proc trace over 4 cores.
func writeBenchTrace(b *testing.B, format Format) string {
	b.Helper()
	p := filepath.Join(b.TempDir(), "bench."+format.String())
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	m := floormix.New(1)
	for i := range benchLines {
		a, write := m.Next()
		label := 0
		if write {
			label = 1
		}
		if format == Proc {
			fmt.Fprintf(w, "%d %c %x\n", i%4, "rw"[label], a)
		} else {
			fmt.Fprintf(w, "%d %x\n", label, a)
		}
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return p
}

// benchmarkRead measures the parse side alone: reading every batch.
func benchmarkRead(b *testing.B, format Format) {
	p := writeBenchTrace(b, format)
	b.ReportAllocs()
	b.ResetTimer()
	refs := make([]Ref, 0, batchSize)
	for i := 0; i < b.N; i++ {
		src, err := Open([]string{p}, Options{Format: format})
		if err != nil {
			b.Fatal(err)
		}
		r := src.readers[0]
		for {
			refs, err = r.next(refs[:0], batchSize)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		src.Close()
	}
	b.ReportMetric(float64(b.N)*benchLines/b.Elapsed().Seconds()/1e6, "Mrefs/s")
}

func BenchmarkReadDin(b *testing.B)  { benchmarkRead(b, Din) }
func BenchmarkReadProc(b *testing.B) { benchmarkRead(b, Proc) }

// benchmarkRun measures the whole pipeline: parsing on one goroutine, the
// engine (MESI, 32 KiB 8-way, 64-byte lines) on the other.
func benchmarkRun(b *testing.B, format Format, cores int) {
	p := writeBenchTrace(b, format)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		src, err := Open([]string{p}, Options{Format: format, Cores: cores})
		if err != nil {
			b.Fatal(err)
		}
		cfg := sim.DefaultConfig()
		cfg.Cores = cores
		m, err := sim.New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := src.Run(m, Limits{}); err != nil {
			b.Fatal(err)
		}
		src.Close()
	}
	b.ReportMetric(float64(b.N)*benchLines/b.Elapsed().Seconds()/1e6, "Mrefs/s")
}

func BenchmarkRunDin1Core(b *testing.B)   { benchmarkRun(b, Din, 1) }
func BenchmarkRunProc4Cores(b *testing.B) { benchmarkRun(b, Proc, 4) }
