// Package sim is cohere's coherence engine: private L1 caches kept coherent
// (or not) by a protocol table over an atomic snooping bus, with main
// memory, per-core clocks, counters, events, an invariant checker and miss
// classification. Lines carry data when asked to, so a load returns what
// that core would really read. The engine never prints and never imports
// the language; views consume its events and counters.
package sim

// This file defines the machine's configuration, its defaults and its
// validation.

import (
	"fmt"
	"math/bits"
	"strconv"
	"strings"

	"github.com/cohere-sim/cohere/sim/protocol"
)

// MaxCores bounds the number of cores of one machine.
const MaxCores = 1024

// Replacement is a cache's victim policy.
type Replacement uint8

// The replacement policies.
const (
	LRU Replacement = iota
	FIFO
	Random
)

func (r Replacement) String() string {
	switch r {
	case FIFO:
		return "fifo"
	case Random:
		return "random"
	}
	return "lru"
}

// ParseReplacement reads lru, fifo or random.
func ParseReplacement(s string) (Replacement, error) {
	switch strings.ToLower(s) {
	case "lru":
		return LRU, nil
	case "fifo":
		return FIFO, nil
	case "random":
		return Random, nil
	}
	return 0, fmt.Errorf("unknown replacement %q; use lru, fifo or random", s)
}

// Latency holds the timing model's costs in cycles.
type Latency struct {
	Hit    uint64 // a cache lookup
	Bus    uint64 // holding the bus for one transaction
	Memory uint64 // main memory supplies or takes a line
	C2C    uint64 // another cache supplies the line
}

// Config describes a machine.
type Config struct {
	Cores    int
	Protocol string          // a built-in protocol; ignored when Table is set
	Table    *protocol.Table // a compiled protocol of the script's own
	Settings protocol.Settings
	Line     int         // bytes per line, a power of two
	Size     int         // bytes per L1
	Ways     int         // associativity; 0 means fully associative
	Replace  Replacement // victim policy
	Seed     uint64      // for random replacement
	Latency  Latency
	// Data makes lines carry values. Trace mode runs without.
	Data bool
}

// DefaultConfig is DESIGN.md's default machine: 2 cores, MESI, 64-byte
// lines, a 32 KiB 8-way LRU L1 per core, hit 1 / bus 20 / memory 100 /
// c2c 10.
func DefaultConfig() Config {
	return Config{
		Cores:    2,
		Protocol: "MESI",
		Settings: protocol.DefaultSettings(),
		Line:     64,
		Size:     32 << 10,
		Ways:     8,
		Replace:  LRU,
		Seed:     1,
		Latency:  Latency{Hit: 1, Bus: 20, Memory: 100, C2C: 10},
	}
}

// Geometry is a validated cache shape.
type Geometry struct {
	Line, Size, Ways, Sets int
}

// Validate checks c and returns the cache geometry and the compiled
// protocol it names. Each error says what is allowed.
func (c Config) Validate() (Geometry, *protocol.Table, error) {
	var g Geometry
	if c.Cores < 1 || c.Cores > MaxCores {
		return g, nil, fmt.Errorf("cores %d: a machine has 1 to %d cores", c.Cores, MaxCores)
	}
	if c.Line < 1 || c.Line > 4096 || bits.OnesCount(uint(c.Line)) != 1 {
		return g, nil, fmt.Errorf("line %d: the line size must be a power of two from 1 to 4096 bytes", c.Line)
	}
	if c.Data && c.Line < 8 {
		return g, nil, fmt.Errorf("line %d: lines that carry data must hold a word (8 bytes or more)", c.Line)
	}
	if c.Size < c.Line {
		return g, nil, fmt.Errorf("size %s: the cache must hold at least one %d-byte line", FormatSize(c.Size), c.Line)
	}
	ways := c.Ways
	if ways < 0 {
		return g, nil, fmt.Errorf("ways %d: associativity must be 1 or more (0 for fully associative)", c.Ways)
	}
	if ways == 0 {
		ways = c.Size / c.Line
	}
	if c.Size%(ways*c.Line) != 0 {
		hint := fmt.Sprintf("try --size %s", FormatSize(roundUp(c.Size, ways*c.Line)))
		if w := divisorWays(c.Size, c.Line, ways); w > 0 {
			hint += fmt.Sprintf(" or --ways %d", w)
		}
		return g, nil, fmt.Errorf("size %s is not a multiple of ways × line = %d × %d = %d bytes; %s",
			FormatSize(c.Size), ways, c.Line, ways*c.Line, hint)
	}
	g = Geometry{Line: c.Line, Size: c.Size, Ways: ways, Sets: c.Size / (ways * c.Line)}
	if g.Sets*g.Ways > 1<<24 {
		return g, nil, fmt.Errorf("size %s: at most %d lines per cache", FormatSize(c.Size), 1<<24)
	}
	t := c.Table
	if t == nil {
		var err error
		t, err = protocol.Builtin(c.Protocol, c.Settings)
		if err != nil {
			return g, nil, err
		}
	} else if !t.Compiled() {
		if err := t.Compile(); err != nil {
			return g, nil, err
		}
	}
	return g, t, nil
}

func roundUp(n, m int) int { return (n + m - 1) / m * m }

// divisorWays suggests the associativity nearest below want that makes
// the size a whole number of sets, or 0 when the size is not even a whole
// number of lines.
func divisorWays(size, line, want int) int {
	if size%line != 0 {
		return 0
	}
	for w := want; w > 1; w-- {
		if size%(w*line) == 0 {
			return w
		}
	}
	return 1
}

// ParseSize reads a byte count: 8192, 8K, 8KiB, 8KB, 2M, 1MiB (K and KB
// mean 1024 here, as cache sizes always do).
func ParseSize(s string) (int, error) {
	t := strings.TrimSpace(s)
	mult := 1
	lower := strings.ToLower(t)
	for _, suf := range []struct {
		s string
		m int
	}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30}, {"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1}} {
		if strings.HasSuffix(lower, suf.s) {
			mult = suf.m
			t = t[:len(t)-len(suf.s)]
			break
		}
	}
	n, err := strconv.Atoi(strings.TrimSpace(t))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("size %q: want a number of bytes such as 8192, 8K or 8KiB", s)
	}
	if n > (1<<40)/mult {
		return 0, fmt.Errorf("size %q is too large", s)
	}
	return n * mult, nil
}

// FormatSize prints a byte count the way ParseSize reads it: 32KiB, 1MiB, 100.
func FormatSize(n int) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%dGiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKiB", n>>10)
	}
	return strconv.Itoa(n)
}
