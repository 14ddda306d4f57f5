// This file reads a litmus test's text into a Test: the header, the
// optional doc string and metadata lines, the init block, the thread
// table, the locations line and the final condition.

package litmus

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/sim"
)

// otherArchs are the architectures herd reads that cohere does not.
var otherArchs = []string{"AArch64", "ARM", "PPC", "RISCV", "MIPS", "C", "LISA", "BPF", "GPU_PTX", "OpenCL", "Java", "ASL"}

type parser struct {
	src  *source
	t    *Test
	errs diag.List
}

func (p *parser) errorf(off int, format string, args ...any) {
	p.errs.Addf(p.src.pos(off), format, args...)
}

func (p *parser) scanErr(e *scanError) { p.errorf(e.off, "%s", e.msg) }

// line returns the text of line i (from 0) and its start offset.
func (p *parser) line(i int) (string, int) {
	start := p.src.lines[i]
	end := len(p.src.text)
	if i+1 < len(p.src.lines) {
		end = p.src.lines[i+1] - 1
	}
	return strings.TrimRight(p.src.text[start:end], "\r"), start
}

// Parse reads a litmus test. Every error found is returned, in source
// order; the test is nil when there is one.
func Parse(file string, src []byte) (*Test, diag.List) {
	if len(src) > MaxSize {
		var l diag.List
		l.Addf(ast.Pos{File: file, Line: 1, Col: 1}, "the file is %d bytes: a litmus test is at most %d", len(src), MaxSize)
		return nil, l
	}
	s, open := newSource(file, src)
	p := &parser{src: s, t: &Test{File: file}}
	if open != nil {
		p.errs.Addf(*open, "comment (* not closed with *)")
		return nil, p.errs
	}
	p.parse()
	if len(p.errs) > 0 {
		return nil, p.errs.Sort()
	}
	return p.t, nil
}

func (p *parser) parse() {
	n := len(p.src.lines)
	i := 0
	for i < n {
		if text, _ := p.line(i); strings.TrimSpace(text) != "" {
			break
		}
		i++
	}
	if i == n {
		p.errs.Addf(ast.Pos{File: p.src.file, Line: 1, Col: 1}, "empty test: a litmus test starts with its architecture and name, as in X86 SB")
		return
	}
	if !p.header(i) {
		return
	}
	// The doc string and metadata (Cycle=..., Variant=...) stand between
	// the header and the init block.
	i++
	initAt := -1
	for ; i < n && initAt < 0; i++ {
		text, start := p.line(i)
		trimmed := strings.TrimSpace(text)
		off := start + strings.Index(text, trimmed)
		switch {
		case trimmed == "":
		case strings.HasPrefix(trimmed, "{"):
			initAt = off
		case strings.HasPrefix(trimmed, `"`):
			if p.t.Doc == "" {
				p.t.Doc = strings.Trim(trimmed, `"`)
			}
		case metadata.MatchString(trimmed):
		default:
			p.errorf(off, "expected the init block { ... } after the test's name, found %q", firstWord(trimmed))
			return
		}
	}
	if initAt < 0 {
		p.errorf(len(p.src.text), "missing the init block: write { } when every location and register starts at 0")
		return
	}
	closeAt := p.initBlock(initAt)
	if closeAt < 0 {
		return
	}
	tail := p.findTail(closeAt + 1)
	p.table(closeAt+1, tail)
	if tail == len(p.src.text) {
		p.errorf(tail, "missing the final condition: exists (...), ~exists (...) or forall (...)")
		return
	}
	p.tail(tail)
	p.validate()
}

// metadata matches herd's Key=Value lines (Cycle=..., Hash=...).
var metadata = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*\s*=`)

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}

// header reads `X86 NAME` or `X86_64 NAME` on line i.
func (p *parser) header(i int) bool {
	text, start := p.line(i)
	fields := strings.Fields(text)
	off := start + strings.Index(text, fields[0])
	switch {
	case strings.EqualFold(fields[0], "X86"):
		p.t.Arch = X86
	case strings.EqualFold(fields[0], "X86_64"):
		p.t.Arch = X86_64
	default:
		for _, a := range otherArchs {
			if strings.EqualFold(fields[0], a) {
				p.errorf(off, "cohere reads X86 and X86_64 litmus tests, not %s", fields[0])
				return false
			}
		}
		p.errorf(off, "a litmus test starts with its architecture and name, as in X86 SB; found %q", fields[0])
		return false
	}
	if len(fields) < 2 {
		p.errorf(off, "the header names the test after its architecture, as in %s SB", fields[0])
		return false
	}
	p.t.Name = fields[1]
	return true
}

// initBlock reads the init block whose { is at offset open, and returns
// the offset of its }, or -1.
func (p *parser) initBlock(open int) int {
	text := p.src.text
	depth, closeAt := 0, -1
	for j := open; j < len(text) && closeAt < 0; j++ {
		switch text[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				closeAt = j
			}
		}
	}
	if closeAt < 0 {
		p.errorf(open, "init block not closed with }")
		return -1
	}
	toks, err := tokenize(text, open+1, closeAt)
	if err != nil {
		p.scanErr(err)
		return closeAt
	}
	seen := map[string]bool{}
	for len(toks) > 1 {
		// One item runs to the next ; outside braces.
		end, depth := 0, 0
		for ; toks[end].kind != tEOF; end++ {
			t := toks[end]
			switch {
			case t.kind == tPunct && t.text == "{":
				depth++
			case t.kind == tPunct && t.text == "}":
				depth--
			}
			if depth == 0 && t.kind == tPunct && t.text == ";" {
				break
			}
		}
		item := append(toks[:end:end], token{kind: tEOF, off: toks[end].off})
		if end > 0 {
			if in, err := p.initItem(item); err != nil {
				p.scanErr(err)
			} else if seen[in.Loc.Key()] {
				p.errorf(in.Loc.Pos.Offset, "%s is given a value twice in the init block", in.Loc)
			} else {
				seen[in.Loc.Key()] = true
				p.t.Init = append(p.t.Init, in)
			}
		}
		if toks[end].kind == tEOF {
			break
		}
		toks = toks[end+1:]
	}
	return closeAt
}

// initItem reads one item of the init block: [TYPE] LOC [= VALUE].
func (p *parser) initItem(toks []token) (Init, *scanError) {
	eq := len(toks) - 1
	for k, t := range toks {
		if t.kind == tPunct && t.text == "=" {
			eq = k
			break
		}
	}
	lhs := toks[:eq]
	// The location is the last part of the left side: x, [x] or 0:EAX;
	// the words before it are a C type (int, uint64_t ...).
	locAt := len(lhs) - 1
	switch {
	case len(lhs) == 0:
		return Init{}, &scanError{toks[0].off, "expected a location before ="}
	case lhs[len(lhs)-1].kind == tPunct && lhs[len(lhs)-1].text == "]":
		locAt = len(lhs) - 3
		if locAt >= 1 && lhs[locAt-1].kind == tName && lhs[locAt+1].kind == tNum {
			return Init{}, &scanError{lhs[locAt-1].off, "arrays are not supported: give each location its own name"}
		}
	case len(lhs) >= 3 && lhs[len(lhs)-2].kind == tPunct && lhs[len(lhs)-2].text == ":":
		locAt = len(lhs) - 3
	}
	if locAt < 0 {
		locAt = 0
	}
	for _, t := range lhs[:locAt] {
		if t.kind == tPunct && t.text == "*" {
			return Init{}, &scanError{t.off, "pointers are not supported: locations hold integers"}
		}
		if t.kind != tName {
			return Init{}, &scanError{t.off, fmt.Sprintf("unexpected %s in the init block", t)}
		}
	}
	tp := &tparser{src: p.src, arch: p.t.Arch, toks: append(lhs[locAt:len(lhs):len(lhs)], token{kind: tEOF, off: toks[eq].off})}
	l, err := tp.loc()
	if err != nil {
		return Init{}, err
	}
	if t := tp.peek(); t.kind != tEOF {
		return Init{}, &scanError{t.off, fmt.Sprintf("unexpected %s in the init block", t)}
	}
	in := Init{Loc: l}
	if toks[eq].kind == tEOF {
		return in, nil // a declaration: int x;
	}
	rhs := &tparser{src: p.src, arch: p.t.Arch, toks: toks[eq+1:]}
	switch t := rhs.peek(); {
	case t.kind == tPunct && t.text == "{":
		return Init{}, &scanError{t.off, "arrays are not supported: give each location its own name"}
	case t.kind == tName:
		return Init{}, &scanError{t.off, fmt.Sprintf("%s=%s: locations holding addresses are not supported; give an integer", l.Key(), t.text)}
	}
	v, err := rhs.value()
	if err != nil {
		return Init{}, err
	}
	if t := rhs.peek(); t.kind != tEOF {
		return Init{}, &scanError{t.off, fmt.Sprintf("unexpected %s after the value of %s", t, l.Key())}
	}
	in.Value = v
	return in, nil
}

// tailStart matches the first line after the thread table.
var tailStart = regexp.MustCompile(`^\s*(locations|exists|~\s*exists|forall|~\s*forall|filter|cases|observed)\b`)

// findTail returns the offset of the line where the thread table ends,
// or the end of the text.
func (p *parser) findTail(from int) int {
	for i, start := range p.src.lines {
		if start < from {
			continue
		}
		if text, _ := p.line(i); tailStart.MatchString(text) {
			return start
		}
	}
	return len(p.src.text)
}

// procName matches a column's header: P0, P1 ...
var procName = regexp.MustCompile(`^P([0-9]+)$`)

// table reads the thread table in text[from:to]: rows ending with ;,
// cells separated by |, the first row naming the threads.
func (p *parser) table(from, to int) {
	text := p.src.text
	rowStart := from
	header := true
	for j := from; j < to; j++ {
		if text[j] != ';' {
			continue
		}
		if header {
			if !p.tableHeader(rowStart, j) {
				return
			}
			header = false
		} else {
			p.row(rowStart, j)
		}
		rowStart = j + 1
	}
	if rest := strings.TrimSpace(text[rowStart:to]); rest != "" {
		off := rowStart + strings.Index(text[rowStart:to], rest)
		p.errorf(off, "a row of the thread table ends with ;")
		return
	}
	if header {
		p.errorf(from, "missing the thread table: a first row naming the threads, P0 | P1 ;, then one row per instruction")
	}
}

// cells splits text[from:to] at | and returns each cell's bounds.
func cells(text string, from, to int) [][2]int {
	var out [][2]int
	start := from
	for j := from; j <= to; j++ {
		if j == to || text[j] == '|' {
			out = append(out, [2]int{start, j})
			start = j + 1
		}
	}
	return out
}

func (p *parser) tableHeader(from, to int) bool {
	for k, c := range cells(p.src.text, from, to) {
		cell := p.src.text[c[0]:c[1]]
		name := strings.TrimSpace(cell)
		off := c[0] + strings.Index(cell, name)
		m := procName.FindStringSubmatch(name)
		if m == nil || m[1] != fmt.Sprint(k) {
			if name == "" {
				off = c[0]
			}
			p.errorf(off, "column %d of the thread table is headed P%d, not %q", k, k, name)
			return false
		}
		if k >= sim.MaxCores {
			p.errorf(off, "a test has at most %d threads, one per core", sim.MaxCores)
			return false
		}
		p.t.Threads = append(p.t.Threads, &Thread{ID: k, Pos: p.src.pos(off)})
	}
	return true
}

func (p *parser) row(from, to int) {
	for k, c := range cells(p.src.text, from, to) {
		cell := p.src.text[c[0]:c[1]]
		trimmed := strings.TrimSpace(cell)
		if k >= len(p.t.Threads) {
			if trimmed != "" {
				p.errorf(c[0]-1, "this row has more columns than the %d threads the header names", len(p.t.Threads))
			}
			continue
		}
		if trimmed == "" {
			continue
		}
		toks, err := tokenize(p.src.text, c[0], c[1])
		if err != nil {
			p.scanErr(err)
			continue
		}
		in, err := decodeInstr(p.t.Arch, toks)
		if err != nil {
			p.scanErr(err)
			continue
		}
		if in == nil {
			continue
		}
		off := c[0] + strings.Index(cell, trimmed)
		in.Pos = p.src.pos(off)
		in.Text = strings.Join(strings.Fields(trimmed), " ")
		th := p.t.Threads[k]
		th.Instrs = append(th.Instrs, in)
	}
}

// tail reads the locations line and the final condition.
func (p *parser) tail(from int) {
	toks, err := tokenize(p.src.text, from, len(p.src.text))
	if err != nil {
		p.scanErr(err)
		return
	}
	tp := &tparser{src: p.src, arch: p.t.Arch, toks: toks}
	if tp.isWord("locations") {
		tp.next()
		if err := tp.expect("["); err != nil {
			p.scanErr(err)
			return
		}
		for !tp.is("]") {
			l, err := tp.loc()
			if err != nil {
				p.scanErr(err)
				return
			}
			p.t.Locations = append(p.t.Locations, l)
			if tp.is(";") {
				tp.next()
			} else if !tp.is("]") {
				t := tp.peek()
				p.errorf(t.off, "expected ; or ] in the locations list, found %s", t)
				return
			}
		}
		tp.next()
	}
	if t := tp.peek(); t.kind == tName && (t.text == "filter" || t.text == "cases" || t.text == "observed") {
		p.errorf(t.off, "%s clauses are not supported: the condition is exists, ~exists or forall", t.text)
		return
	}
	if tp.is("~") && tp.i+1 < len(tp.toks) && tp.toks[tp.i+1].text == "forall" {
		p.errorf(tp.peek().off, "~forall is not a litmus condition: write exists (~(...)) for some state where the proposition fails")
		return
	}
	c, err := tp.condition()
	if err != nil {
		p.scanErr(err)
		return
	}
	p.t.Cond = c
}

// validate checks what the parts say about each other: registers of
// threads that exist.
func (p *parser) validate() {
	check := func(l Loc) {
		if l.IsReg() && l.Thread >= len(p.t.Threads) {
			p.errs.Addf(l.Pos, "%s: the test has %d threads, P0 to P%d", l, len(p.t.Threads), len(p.t.Threads)-1)
		}
	}
	for _, in := range p.t.Init {
		check(in.Loc)
	}
	for _, l := range p.t.Locations {
		check(l)
	}
	if p.t.Cond != nil {
		for _, l := range Locs(p.t.Cond.Prop) {
			check(l)
		}
	}
}
