// This file opens trace files (plain or gzip, or standard input) and reads
// them in fixed-size batches of references.

package trace

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

const (
	chunkSize = 1 << 20 // bytes read at a time; also the longest line allowed
	batchSize = 8192    // references handed to the engine at a time
)

// reader reads one trace file.
type reader struct {
	name   string
	src    io.Reader
	closer io.Closer
	buf    []byte
	start  int
	end    int
	eof    bool
	line   int
	parser lineParser
}

// open opens a trace file; "-" is standard input. A gzip file is
// decompressed on the fly.
func open(name string, stdin io.Reader) (*reader, error) {
	var raw io.Reader
	var closer io.Closer
	if name == "-" {
		raw = stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		if st, err := f.Stat(); err == nil && st.IsDir() {
			f.Close()
			return nil, fmt.Errorf("%s is a directory, not a trace file", name)
		}
		raw, closer = f, f
	}
	br := bufio.NewReaderSize(raw, 64<<10)
	var src io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		z, err := gzip.NewReader(br)
		if err != nil {
			if closer != nil {
				closer.Close()
			}
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		src = z
	}
	if name == "-" {
		name = "<stdin>"
	}
	return &reader{name: name, src: src, closer: closer, buf: make([]byte, chunkSize)}, nil
}

func (r *reader) close() {
	if r.closer != nil {
		r.closer.Close()
	}
}

// head returns the first bytes of the file, read without consuming them.
func (r *reader) head() ([]byte, error) {
	for !r.eof && r.end < 64<<10 {
		if err := r.fill(); err != nil {
			return nil, err
		}
	}
	return r.buf[r.start:r.end], nil
}

// fill reads more bytes after the unread ones.
func (r *reader) fill() error {
	if r.start > 0 {
		copy(r.buf, r.buf[r.start:r.end])
		r.end -= r.start
		r.start = 0
	}
	if r.end == len(r.buf) {
		return &Error{File: r.name, Line: r.line + 1, Msg: fmt.Sprintf("line longer than %d bytes: is this a trace file?", len(r.buf))}
	}
	n, err := r.src.Read(r.buf[r.end:])
	r.end += n
	if err == io.EOF {
		r.eof = true
	} else if err != nil {
		return fmt.Errorf("%s: %v", r.name, err)
	}
	return nil
}

// next appends up to max references to refs. It returns io.EOF once the
// file is done and nothing was appended.
func (r *reader) next(refs []Ref, max int) ([]Ref, error) {
	n0 := len(refs)
	fast := r.parser.format == Din || r.parser.format == Proc
	for len(refs) < max-1 { // a lackey M line yields two
		if fast && r.end-r.start >= 64 {
			refs = r.quickRun(refs, max-1)
			if len(refs) >= max-1 {
				break
			}
		}
		i := bytes.IndexByte(r.buf[r.start:r.end], '\n')
		var line []byte
		switch {
		case i >= 0:
			line = r.buf[r.start : r.start+i]
			r.start += i + 1
		case r.eof:
			if r.start == r.end {
				if len(refs) == n0 {
					return refs, io.EOF
				}
				return refs, nil
			}
			line = r.buf[r.start:r.end]
			r.start = r.end
		default:
			if err := r.fill(); err != nil {
				return refs, err
			}
			continue
		}
		r.line++
		var msg string
		refs, msg = r.parser.parse(line, refs)
		if msg != "" {
			return refs, &Error{File: r.name, Line: r.line, Msg: fmt.Sprintf("%s: %q", msg, shorten(line))}
		}
	}
	return refs, nil
}

// quickRun parses lines with the single-pass parser while at least 64
// bytes are left and there is room in refs (up to max), and stops at the
// first line it declines.
func (r *reader) quickRun(refs []Ref, max int) []Ref {
	n0 := len(refs)
	if cap(refs) < max {
		refs = slices.Grow(refs, max-n0)
	}
	pos, n := r.parser.quickLines(r.buf[:r.end], r.start, refs[n0:max])
	r.start = pos
	r.line += n
	return refs[:n0+n]
}

func shorten(b []byte) string {
	s := strings.TrimRight(string(b), "\r")
	if len(s) > 60 {
		s = s[:60] + "..."
	}
	return s
}

// ExpandCS4223 turns a benchmark name such as "bodytrack" into its
// per-core files bodytrack_0.data, bodytrack_1.data, ... when the name
// itself is not a file. It returns nil when there are none.
func ExpandCS4223(name string) []string {
	if _, err := os.Stat(name); err == nil || name == "-" {
		return nil
	}
	var out []string
	for k := 0; k < 1024; k++ {
		f := fmt.Sprintf("%s_%d.data", name, k)
		if _, err := os.Stat(f); err != nil {
			break
		}
		out = append(out, f)
	}
	return out
}
