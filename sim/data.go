// This file defines main memory and the byte-level helpers used when lines
// carry data.

package sim

import "encoding/binary"

// memory is a sparse byte store in line-sized chunks, zero until written.
// A line's bytes, once made, stay where they are, so a small direct-mapped
// table of recently used lines can answer most lookups without the map.
type memory struct {
	line   int
	shift  uint
	lines  map[uint64][]byte
	recent [recentLines]recentLine
}

// recentLines is the size of memory's table of recently used lines.
const recentLines = 64

type recentLine struct {
	ln    uint64
	bytes []byte // nil: the entry is empty
}

func newMemory(line int) *memory {
	s := uint(0)
	for 1<<s < line {
		s++
	}
	return &memory{line: line, shift: s, lines: map[uint64][]byte{}}
}

// get returns line ln's bytes, or nil when never written (all zero).
func (mm *memory) get(ln uint64) []byte {
	r := &mm.recent[ln%recentLines]
	if r.bytes != nil && r.ln == ln {
		return r.bytes
	}
	b := mm.lines[ln]
	if b != nil {
		r.ln, r.bytes = ln, b
	}
	return b
}

// made returns line ln's bytes, making them (zero) if need be.
func (mm *memory) made(ln uint64) []byte {
	if b := mm.get(ln); b != nil {
		return b
	}
	b := make([]byte, mm.line)
	mm.lines[ln] = b
	mm.recent[ln%recentLines] = recentLine{ln, b}
	return b
}

// copyOut copies line ln into dst.
func (mm *memory) copyOut(ln uint64, dst []byte) {
	if b := mm.get(ln); b != nil {
		copy(dst, b)
		return
	}
	clear(dst)
}

// copyIn stores src as line ln.
func (mm *memory) copyIn(ln uint64, src []byte) { copy(mm.made(ln), src) }

// read returns size bytes at addr as a little-endian number.
func (mm *memory) read(addr uint64, size int) uint64 {
	b := mm.get(addr >> mm.shift)
	if b == nil {
		return 0
	}
	return getValue(b[addr&uint64(mm.line-1):], size)
}

// write stores size bytes of v at addr.
func (mm *memory) write(addr uint64, size int, v uint64) {
	b := mm.made(addr >> mm.shift)
	putValue(b[addr&uint64(mm.line-1):], size, v)
}

func getValue(b []byte, size int) uint64 {
	switch size {
	case 1:
		return uint64(b[0])
	case 2:
		return uint64(binary.LittleEndian.Uint16(b))
	case 4:
		return uint64(binary.LittleEndian.Uint32(b))
	}
	return binary.LittleEndian.Uint64(b)
}

func putValue(b []byte, size int, v uint64) {
	switch size {
	case 1:
		b[0] = byte(v)
	case 2:
		binary.LittleEndian.PutUint16(b, uint16(v))
	case 4:
		binary.LittleEndian.PutUint32(b, uint32(v))
	default:
		binary.LittleEndian.PutUint64(b, v)
	}
}
