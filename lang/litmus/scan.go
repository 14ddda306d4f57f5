// This file splits litmus text into tokens: comments out first, then the
// small token set the init block, the instructions and the condition share.

package litmus

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
)

// MaxSize is the largest test read: a litmus test is a few hundred bytes,
// and a bound keeps a stray file from costing memory and time.
const MaxSize = 1 << 20

// source is a test's text with its comments blanked, and the positions of
// its lines.
type source struct {
	file  string
	text  string // comments replaced by spaces, newlines kept
	lines []int  // the offset of each line's start
}

func newSource(file string, src []byte) (*source, *ast.Pos) {
	s := &source{file: file}
	b := append([]byte(nil), src...)
	// (* ... *) comments nest, as OCaml's (and herd's) do. Blank them so
	// that offsets, and so positions, stay those of the file.
	depth, start := 0, 0
	for i := 0; i < len(b); i++ {
		switch {
		case i+1 < len(b) && b[i] == '(' && b[i+1] == '*':
			if depth == 0 {
				start = i
			}
			depth++
			b[i], b[i+1] = ' ', ' '
			i++
		case depth > 0 && i+1 < len(b) && b[i] == '*' && b[i+1] == ')':
			depth--
			b[i], b[i+1] = ' ', ' '
			i++
		case depth > 0 && b[i] != '\n':
			b[i] = ' '
		}
	}
	s.text = string(b)
	s.lines = append(s.lines, 0)
	for i, c := range b {
		if c == '\n' {
			s.lines = append(s.lines, i+1)
		}
	}
	if depth > 0 {
		p := s.pos(start)
		return s, &p
	}
	return s, nil
}

// pos returns the position of byte offset off.
func (s *source) pos(off int) ast.Pos {
	lo, hi := 0, len(s.lines)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if s.lines[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return ast.Pos{File: s.file, Offset: off, Line: lo + 1, Col: off - s.lines[lo] + 1}
}

// tokKind is the kind of a token.
type tokKind int

const (
	tEOF    tokKind = iota
	tName           // x, EAX, movl, P0, exists
	tNum            // 1, -1, 0x10
	tImm            // $1, $-1
	tReg            // %eax
	tPunct          // ( ) [ ] { } : ; , | = ~ * /\ \/ =>
	tString         // "..." (the doc line)
)

type token struct {
	kind tokKind
	text string // as written
	off  int
	val  int64 // tNum and tImm
}

func (t token) String() string {
	if t.kind == tEOF {
		return "end of input"
	}
	return strconv.Quote(t.text)
}

// scanError is a character no token starts with, or a number out of range.
type scanError struct {
	off int
	msg string
}

// tokenize splits text[start:end] into tokens. The offsets are those of
// the whole source.
func tokenize(text string, start, end int) ([]token, *scanError) {
	var toks []token
	i := start
	for i < end {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isLetter(c) || c == '_':
			j := i + 1
			for j < end && (isLetter(text[j]) || isDigit(text[j]) || text[j] == '_' || text[j] == '.') {
				j++
			}
			toks = append(toks, token{kind: tName, text: text[i:j], off: i})
			i = j
		case isDigit(c) || c == '-' && i+1 < end && isDigit(text[i+1]):
			j, v, err := scanNumber(text, i, end, i)
			if err != nil {
				return toks, err
			}
			toks = append(toks, token{kind: tNum, text: text[i:j], off: i, val: v})
			i = j
		case c == '$':
			if i+1 < end && (isDigit(text[i+1]) || text[i+1] == '-' && i+2 < end && isDigit(text[i+2])) {
				j, v, err := scanNumber(text, i+1, end, i)
				if err != nil {
					return toks, err
				}
				toks = append(toks, token{kind: tImm, text: text[i:j], off: i, val: v})
				i = j
				continue
			}
			return toks, &scanError{i, "$ starts an immediate value such as $1"}
		case c == '%':
			j := i + 1
			for j < end && (isLetter(text[j]) || isDigit(text[j]) || text[j] == '_') {
				j++
			}
			if j == i+1 {
				return toks, &scanError{i, "% starts a register name such as %eax"}
			}
			toks = append(toks, token{kind: tReg, text: text[i:j], off: i})
			i = j
		case c == '"':
			j := strings.IndexAny(text[i+1:end], "\"\n")
			if j < 0 || text[i+1+j] != '"' {
				return toks, &scanError{i, "string not closed on its line"}
			}
			toks = append(toks, token{kind: tString, text: text[i : i+j+2], off: i})
			i += j + 2
		case strings.HasPrefix(text[i:end], `/\`), strings.HasPrefix(text[i:end], `\/`), strings.HasPrefix(text[i:end], "=>"):
			toks = append(toks, token{kind: tPunct, text: text[i : i+2], off: i})
			i += 2
		case strings.IndexByte("()[]{}:;,|=~*!", c) >= 0:
			toks = append(toks, token{kind: tPunct, text: text[i : i+1], off: i})
			i++
		default:
			return toks, &scanError{i, fmt.Sprintf("unexpected character %s", quoteChar(text[i:end]))}
		}
	}
	// End of input is reported just after the last token: "expected )"
	// belongs at the end of the condition, not on the line after it.
	eof := start
	if n := len(toks); n > 0 {
		eof = toks[n-1].off + len(toks[n-1].text)
	}
	toks = append(toks, token{kind: tEOF, off: eof})
	return toks, nil
}

// scanNumber reads a decimal or 0x hexadecimal integer, with an optional
// minus sign, from text[i:end]; errors are reported at errOff.
func scanNumber(text string, i, end, errOff int) (int, int64, *scanError) {
	j := i
	if text[j] == '-' {
		j++
	}
	digits := j
	if j+1 < end && text[j] == '0' && (text[j+1] == 'x' || text[j+1] == 'X') {
		j += 2
		for j < end && isHex(text[j]) {
			j++
		}
	} else {
		for j < end && isDigit(text[j]) {
			j++
		}
	}
	if j < end && (isLetter(text[j]) || text[j] == '_') {
		return j, 0, &scanError{errOff, fmt.Sprintf("malformed number %s", strconv.Quote(wordAt(text, i, end)))}
	}
	lit := text[digits:j]
	v, err := strconv.ParseInt(lit, 0, 64)
	if err != nil {
		// 0xffffffffffffffff is a 64-bit pattern, as herd reads it.
		u, uerr := strconv.ParseUint(lit, 0, 64)
		if uerr != nil {
			return j, 0, &scanError{errOff, fmt.Sprintf("number %s does not fit in 64 bits", text[i:j])}
		}
		v = int64(u)
	}
	if digits > i {
		v = -v
	}
	return j, v, nil
}

func wordAt(text string, i, end int) string {
	j := i
	for j < end && !strings.ContainsRune(" \t\r\n;|,()[]", rune(text[j])) {
		j++
	}
	return text[i:j]
}

func quoteChar(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return "end of input"
	}
	return strconv.QuoteRune(r[0])
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isHex(c byte) bool    { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }
