// This file parses trace lines into references, one format at a time, with
// hand-written scanners (the trace path's cost is mostly here).

package trace

import "fmt"

// Kind is what a reference does.
type Kind uint8

// The kinds. A fetch is a read of an instruction through the same L1.
const (
	Load Kind = iota
	Store
	Fetch
	Compute // Addr holds a cycle count for the core's clock (cs4223 label 2)
)

// Ref is one reference of a trace.
type Ref struct {
	Addr uint64
	Core uint32
	Kind Kind
}

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
	if len(b) < 64 || b[1] != ' ' {
		return Ref{}, 0
	}
	d := uint32(b[0] - '0')
	if d > 9 {
		return Ref{}, 0
	}
	r := Ref{}
	i := 2
	if p.format == Din {
		if d > 2 {
			return Ref{}, 0
		}
		r.Kind = [3]Kind{Load, Store, Fetch}[d]
	} else {
		if d >= p.cores || b[3] != ' ' {
			return Ref{}, 0
		}
		switch b[2] {
		case 'r':
		case 'w':
			r.Kind = Store
		default:
			return Ref{}, 0
		}
		r.Core = d
		i = 4
	}
	start := i
	var v uint64
	for i < start+16 {
		x := hexDigit[b[i]]
		if x == 0xff {
			break
		}
		v = v<<4 | uint64(x)
		i++
	}
	if i == start || b[i] != '\n' {
		return Ref{}, 0
	}
	r.Addr = v
	return r, i + 1
}
