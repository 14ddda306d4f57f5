// Package floormix generates the address mix of ../shared/bench/floor,
// the synthetic reference stream that the trace and engine benchmarks and
// bench/gentrace share: 40% sequential 8-byte steps over 256 KiB, 40% in a
// 24 KiB hot region, 20% spread over 4 MiB; 30% writes.
package floormix

import "math/rand"

// Mix is one stream of the mix, drawn from R; R stays the caller's to
// draw other choices (a core, say) between references.
type Mix struct {
	R   *rand.Rand
	seq uint64
}

// New returns the stream of the given seed.
func New(seed int64) *Mix {
	return &Mix{R: rand.New(rand.NewSource(seed))}
}

// Next returns the next reference's address and whether it is a write.
func (m *Mix) Next() (addr uint64, write bool) {
	switch k := m.R.Intn(100); {
	case k < 40:
		addr = 0x10000 + m.seq%0x40000
		m.seq += 8
	case k < 80:
		addr = 0x800000 + uint64(m.R.Intn(0x6000))
	default:
		addr = 0x4000000 + uint64(m.R.Intn(0x400000))
	}
	return addr, m.R.Intn(10) < 3
}
