package scenario_test

import (
	"testing"

	"github.com/cohere-sim/cohere/lang/scenario"
)

// benchScript loads a script once and runs it b.N times, reporting the
// interpreted operations per second: statements executed for the compute
// loop, steps (memory accesses) for the memory loop.
func benchScript(b *testing.B, src string, perRun float64, unit string) {
	benchScriptWith(b, src, perRun, unit, scenario.Options{})
}

// benchScriptWith is benchScript with the run's options (the race
// detector on).
func benchScriptWith(b *testing.B, src string, perRun float64, unit string, opt scenario.Options) {
	s, errs := scenario.Load("bench.coh", []byte(src), scenario.Overrides{})
	if len(errs) > 0 {
		b.Fatal(errs)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep, err := s.Execute(opt)
		if err != nil || rep.Failed {
			b.Fatalf("%v %v", err, rep.Result.Message)
		}
		if len(rep.Races) > 0 {
			b.Fatalf("a race in the benchmark:\n%s", rep.Races[0])
		}
	}
	b.ReportMetric(perRun*float64(b.N)/b.Elapsed().Seconds()/1e6, unit)
}

// BenchmarkComputeLoop: register-only work, one thread. Each iteration
// runs four statements (the condition, two assignments, the increment).
func BenchmarkComputeLoop(b *testing.B) {
	benchScript(b, computeLoop, 4e6, "Mstmts/s")
}

// BenchmarkComputeLoopRace is the compute loop with the race detector on:
// it makes one access, so the detector should cost nothing here.
func BenchmarkComputeLoopRace(b *testing.B) {
	benchScriptWith(b, computeLoop, 4e6, "Mstmts/s", scenario.Options{Race: true})
}

const computeLoop = `
var out int
thread main {
	s := 0
	t := 1
	for i := 0; i < 1000000; i++ {
		s += i
		t = t*3 + s
	}
	out = s + t
}
`

// BenchmarkMemoryLoop: every access through a 4-core MESI engine; four
// threads each update their own padded counter and read a shared one.
func BenchmarkMemoryLoop(b *testing.B) {
	benchScript(b, memoryLoop, 4*25000*3, "Msteps/s")
}

// BenchmarkMemoryLoopRace is the memory loop with the race detector on:
// every access is checked against its shadow word (the goal is less than
// twice MemoryLoop's time).
func BenchmarkMemoryLoopRace(b *testing.B) {
	benchScriptWith(b, memoryLoop, 4*25000*3, "Msteps/s", scenario.Options{Race: true})
}

const memoryLoop = `
machine {
	cores 4
	protocol MESI
}
var shared int align 64
var counts [32]int align 64
thread worker[4] {
	for i := 0; i < 25000; i++ {
		counts[id*8] += shared
	}
}
`
