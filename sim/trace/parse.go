// This file parses trace lines into references, one format at a time, with
// hand-written scanners; quickLines takes the commonest din and proc
// lines a word at a time.

package trace

import (
	"encoding/binary"
	"fmt"
	"math/bits"

	"github.com/cohere-sim/cohere/sim"
)

// Kind is what a reference does.
type Kind = sim.TraceKind

// The kinds. A fetch is a read of an instruction through the same L1.
const (
	Load    = sim.TraceLoad
	Store   = sim.TraceStore
	Fetch   = sim.TraceFetch
	Compute = sim.TraceCompute // Addr holds a cycle count for the core's clock (cs4223 label 2)
)

// Ref is one reference of a trace: the engine's own batch element, so a
// batch goes to the engine as it is (sim.Machine.AccessTrace).
type Ref = sim.TraceRef

// Error is a malformed trace line: "file:line: message".
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// hexDigit maps a byte to its hex value, or 0xff.
var hexDigit = func() (t [256]uint8) {
	for i := range t {
		t[i] = 0xff
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = uint8(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = uint8(c - 'a' + 10)
		t[c-'a'+'A'] = uint8(c - 'a' + 10)
	}
	return t
}()

// lineParser turns one line into references appended to refs. A blank or
// comment line yields nothing. It returns a message for a malformed line.
type lineParser struct {
	format Format
	cores  uint32 // references to cores >= cores are errors
	core   uint32 // the core of a per-core file (cs4223); din and lackey use 0
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

// hexAt reads a hex number (optionally 0x-prefixed) at b[i:], ending at a
// space, a comma or the end of the line.
func hexAt(b []byte, i int) (uint64, int, string) {
	if i+1 < len(b) && b[i] == '0' && (b[i+1] == 'x' || b[i+1] == 'X') {
		i += 2
	}
	start := i
	var v uint64
	for i < len(b) {
		d := hexDigit[b[i]]
		if d == 0xff {
			break
		}
		v = v<<4 | uint64(d)
		i++
	}
	switch {
	case i == start:
		return 0, i, "want a hexadecimal address"
	case i-start > 16:
		return 0, i, "address has more than 64 bits"
	case i < len(b) && b[i] != ' ' && b[i] != '\t' && b[i] != ',' && b[i] != '\r':
		return 0, i, fmt.Sprintf("unexpected %q in a hexadecimal address", b[i])
	}
	return v, i, ""
}

// decAt reads a small decimal number at b[i:].
func decAt(b []byte, i int) (uint64, int, bool) {
	start := i
	var v uint64
	for i < len(b) && b[i] >= '0' && b[i] <= '9' && i-start < 10 {
		v = v*10 + uint64(b[i]-'0')
		i++
	}
	return v, i, i > start
}

func (p *lineParser) parse(b []byte, refs []Ref) ([]Ref, string) {
	i := skipSpace(b, 0)
	if i == len(b) || b[i] == '#' || b[i] == '\r' {
		return refs, ""
	}
	switch p.format {
	case Din, CS4223:
		label, j, ok := decAt(b, i)
		if !ok || j == len(b) || (b[j] != ' ' && b[j] != '\t') {
			return refs, "want \"<label> <hex address>\""
		}
		v, _, msg := hexAt(b, skipSpace(b, j))
		if msg != "" {
			return refs, msg
		}
		k := Load
		switch {
		case label == 0:
		case label == 1:
			k = Store
		case label == 2 && p.format == Din:
			k = Fetch
		case label == 2:
			k = Compute
		case p.format == Din:
			return refs, fmt.Sprintf("label %d: din labels are 0 (read), 1 (write) and 2 (instruction fetch)", label)
		default:
			return refs, fmt.Sprintf("label %d: cs4223 labels are 0 (load), 1 (store) and 2 (compute cycles)", label)
		}
		return append(refs, Ref{Addr: v, Core: p.core, Kind: k}), ""
	case Proc:
		proc, j, ok := decAt(b, i)
		if !ok {
			return refs, "want \"<proc> <r|w> <hex address>\""
		}
		j = skipSpace(b, j)
		if j+1 >= len(b) || (b[j+1] != ' ' && b[j+1] != '\t') {
			return refs, "want \"<proc> <r|w> <hex address>\""
		}
		k := Load
		switch b[j] {
		case 'r', 'R':
		case 'w', 'W':
			k = Store
		default:
			return refs, fmt.Sprintf("operation %q: want r or w", b[j])
		}
		v, _, msg := hexAt(b, skipSpace(b, j+1))
		if msg != "" {
			return refs, msg
		}
		if proc >= uint64(p.cores) {
			return refs, fmt.Sprintf("processor %d, but the machine has %d cores (0 to %d); use --cores %d", proc, p.cores, p.cores-1, proc+1)
		}
		return append(refs, Ref{Addr: v, Core: uint32(proc), Kind: k}), ""
	case Lackey:
		if b[i] == '=' || b[i] == '-' {
			return refs, "" // valgrind's own lines: ==pid== ...
		}
		op := b[i]
		j := skipSpace(b, i+1)
		if j == i+1 {
			return refs, "want \"I|L|S|M <hex address>,<size>\""
		}
		v, j, msg := hexAt(b, j)
		if msg != "" {
			return refs, msg
		}
		if j >= len(b) || b[j] != ',' {
			return refs, "want \"<hex address>,<size>\""
		}
		if _, _, ok := decAt(b, j+1); !ok {
			return refs, "want a decimal size after the comma"
		}
		switch op {
		case 'I':
			return append(refs, Ref{Addr: v, Kind: Fetch}), ""
		case 'L':
			return append(refs, Ref{Addr: v, Kind: Load}), ""
		case 'S':
			return append(refs, Ref{Addr: v, Kind: Store}), ""
		case 'M':
			return append(refs, Ref{Addr: v, Kind: Load}, Ref{Addr: v, Kind: Store}), ""
		}
		return refs, fmt.Sprintf("operation %q: lackey lines are I, L, S or M", op)
	}
	return refs, "unknown format"
}

// quick parses the commonest line shapes in one pass: din "L hex\n" and
// proc "P r hex\n" with single spaces and a one-digit label or processor
// number. It returns the bytes consumed, or 0 to let parse handle the line
// (anything else, including every malformed line). b holds at least 64
// bytes, so a line that fits is complete within b.
func (p *lineParser) quick(b []byte) (Ref, int) {
	var one [1]Ref
	n, k := p.quickLines(b, 0, one[:])
	if k == 0 {
		return Ref{}, 0
	}
	return one[0], n
}

// quickLines parses lines as quick does, from buf[pos:], into refs, while
// at least 64 bytes are left, and stops at the first line quick declines.
// It returns the position after the lines parsed and their number.
func (p *lineParser) quickLines(buf []byte, pos int, refs []Ref) (int, int) {
	din := p.format == Din
	cores, core := p.cores, p.core
	n := 0
	for n < len(refs) && len(buf)-pos >= 64 {
		b := buf[pos : pos+64 : pos+64]
		d := uint32(b[0]) - '0'
		if d > 9 || b[1] != ' ' {
			break
		}
		var r Ref
		j := 2
		if din {
			if d > 2 {
				break
			}
			r.Core, r.Kind = core, Kind(d) // 0 Load, 1 Store, 2 Fetch
		} else {
			op := b[2] | 0x20 // 'r' or 'w', either case
			if d >= cores || b[3] != ' ' || (op != 'r' && op != 'w') {
				break
			}
			r.Core, r.Kind = d, Kind(op>>2)&1 // 'r' = 0x72 Load, 'w' = 0x77 Store
			j = 4
		}
		// The address: its 1 to 16 digits end at the first newline, found
		// a word at a time.
		w1 := binary.LittleEndian.Uint64(b[j : j+8 : j+8])
		w2 := binary.LittleEndian.Uint64(b[j+8 : j+16 : j+16])
		nd := uint(16)
		if z := newlines(w1); z != 0 {
			nd = uint(bits.TrailingZeros64(z) >> 3)
		} else if z := newlines(w2); z != 0 {
			nd = 8 + uint(bits.TrailingZeros64(z)>>3)
		} else if b[j+16] != '\n' {
			break // more than 16 digits, or not a plain line
		}
		// Keep the digits, set the bytes after them to '0', convert, and
		// shift the value back. (Written out here: a call would make the
		// loop keep its variables on the stack.)
		var v uint64
		var ok bool
		if nd <= 8 {
			keep := ^uint64(0) >> ((64 - 8*nd) & 63)
			w := w1&keep | zeros&^keep
			v, ok = nibbles(w)>>((32-4*nd)&63), hexDigits(w) == highBytes
		} else {
			keep := ^uint64(0) >> ((128 - 8*nd) & 63)
			w := w2&keep | zeros&^keep
			v = (nibbles(w1)<<32 | nibbles(w)) >> ((64 - 4*nd) & 63)
			ok = hexDigits(w1)&hexDigits(w) == highBytes
		}
		if !ok || nd == 0 {
			break
		}
		r.Addr = v
		k := j + int(nd) + 1
		refs[n] = r
		n++
		pos += k
	}
	return pos, n
}

const (
	lowBytes  = 0x0101010101010101
	highBytes = 0x8080808080808080
)

// newlines returns the high bit of each byte of w that may be a newline:
// the lowest one set is the first newline (borrows flag only bytes above
// a true one).
func newlines(w uint64) uint64 {
	x := w ^ 0x0a0a0a0a0a0a0a0a
	return (x - lowBytes) &^ x & highBytes
}

// zeros is eight '0' bytes: the padding after an address's digits, which
// are checked and converted eight bytes at a time.
const zeros = 0x3030303030303030

// hexDigits returns the high bit of each byte of w set where the byte is
// a hex digit (0-9, a-f, A-F). From bit 7 of c+0x50 (c >= '0'), c+0x46
// (c > '9'), and of l+0x1f (l >= 'a') and l+0x19 (l > 'f') with l = c|0x20:
// bytes of 0x80 and up may carry into the next one, but they are not
// digits themselves (&^ w), so the answer stays right.
func hexDigits(w uint64) uint64 {
	l := w | 0x2020202020202020
	return ((w+0x5050505050505050)&^(w+0x4646464646464646) | (l+0x1f1f1f1f1f1f1f1f)&^(l+0x1919191919191919)) &^ w & highBytes
}

// nibbles returns the value of the 8 hex digits of w, the first in the
// lowest byte.
func nibbles(w uint64) uint64 {
	// Digit values: c&15, plus 9 for a letter (bit 6 set).
	v := w&0x0f0f0f0f0f0f0f0f + (w>>6&lowBytes)*9
	// Put the last digit in the lowest byte, then pack nibbles.
	v = bits.ReverseBytes64(v)
	v = (v | v>>4) & 0x00ff00ff00ff00ff
	v = (v | v>>8) & 0x0000ffff0000ffff
	return (v | v>>16) & 0xffffffff
}
