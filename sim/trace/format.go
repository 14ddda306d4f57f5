// Package trace reads memory reference traces (din, lackey, proc, cs4223)
// and runs them through the engine in package sim: the same engine code
// scripts use, with no data carried. Reading is streamed in fixed-size
// batches on a second goroutine, so memory use does not grow with the
// trace's length.
package trace

// This file names the trace formats and detects them.

import (
	"bytes"
	"fmt"
	"strings"
)

// Format is a trace file format.
type Format uint8

// The formats.
const (
	Auto   Format = iota
	Din           // Dinero: "label hexaddr"; 0 read, 1 write, 2 instruction fetch
	Lackey        // valgrind --tool=lackey --trace-mem=yes: "I addr,size", " L", " S", " M"
	Proc          // "<proc> <r|w> <hexaddr>", one access per line, all cores in one file
	CS4223        // one file per core: "<label> <hex>"; 0 load, 1 store, 2 compute cycles
)

var formatNames = []string{"auto", "din", "lackey", "proc", "cs4223"}

func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", f)
}

// ParseFormat reads a format name.
func ParseFormat(s string) (Format, error) {
	for i, n := range formatNames {
		if strings.EqualFold(n, s) {
			return Format(i), nil
		}
	}
	return 0, fmt.Errorf("unknown trace format %q; formats: %s", s, strings.Join(formatNames, ", "))
}

// Detect guesses the format of a trace from its first bytes. files is the
// number of trace files given: several files of "<label> <hex>" lines are
// cs4223's per-core files, one is din.
func Detect(head []byte, files int) (Format, error) {
	seen := 0
	for len(head) > 0 && seen < 32 {
		var line []byte
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			line, head = head, nil
		}
		line = bytes.TrimRight(line, "\r")
		trimmed := bytes.TrimSpace(line)
		if len(trimmed) == 0 || trimmed[0] == '#' {
			continue
		}
		seen++
		if bytes.HasPrefix(trimmed, []byte("==")) || bytes.HasPrefix(trimmed, []byte("--")) {
			return Lackey, nil // valgrind's own lines
		}
		f := bytes.Fields(trimmed)
		if len(f) == 2 && len(f[0]) == 1 && bytes.IndexByte(f[1], ',') > 0 && bytes.ContainsAny(f[0], "ILSM") {
			return Lackey, nil
		}
		if len(f) == 3 && isDecimal(f[0]) && len(f[1]) == 1 && bytes.ContainsAny(f[1], "rwRW") {
			return Proc, nil
		}
		if len(f) >= 2 && isDecimal(f[0]) {
			if files > 1 {
				return CS4223, nil
			}
			return Din, nil
		}
		return Auto, fmt.Errorf("cannot tell the trace format from the line %q; name it with --format din|lackey|proc|cs4223", shorten(trimmed))
	}
	return Auto, fmt.Errorf("cannot tell the trace format: no access in the first lines; name it with --format din|lackey|proc|cs4223")
}

func isDecimal(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
