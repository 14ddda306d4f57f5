// Benchmarks of `run all`: states per second, and the states explored
// with and without partial-order reduction on three-thread programs.

package scenario

import (
	"fmt"
	"strings"
	"testing"
)

// threeThreads writes three threads of six accesses each: shared, every
// access is to x (nothing commutes); private, each thread has its own
// variable except one shared read and write (most steps commute).
func threeThreads(shared bool) string {
	var b strings.Builder
	b.WriteString("var x, a, b, c int\n")
	for i, v := range []string{"a", "b", "c"} {
		fmt.Fprintf(&b, "\nthread w%d {\n", i)
		if shared {
			b.WriteString("\tx = x + 1\n\tx = x + 1\n\tx = x + 1\n")
		} else {
			fmt.Fprintf(&b, "\t%s = 1\n\t%s = %s + 1\n\tx = x + 1\n\t%s = 4\n", v, v, v, v)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

func BenchmarkExplore(b *testing.B) {
	for _, shared := range []bool{true, false} {
		for _, reduce := range []bool{true, false} {
			name := fmt.Sprintf("shared=%v/reduce=%v", shared, reduce)
			b.Run(name, func(b *testing.B) {
				s, errs := Load("bench.coh", []byte(threeThreads(shared)), Overrides{Run: "all"})
				if len(errs) > 0 {
					b.Fatal(errs)
				}
				var states int
				for i := 0; i < b.N; i++ {
					x, errs := s.Explore(ExploreOptions{NoReduce: !reduce})
					if len(errs) > 0 || !x.Complete {
						b.Fatalf("%v %v", errs, x.Cut)
					}
					states = x.States
				}
				b.ReportMetric(float64(states), "states")
				b.ReportMetric(float64(states)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
			})
		}
	}
}
