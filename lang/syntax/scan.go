// This file defines the scanner: bytes to tokens, comments aside, with
// Go's semicolon rule applied as it goes.

package syntax

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
)

// scanned is the result of scanning one source.
type scanned struct {
	toks     []lexer.Token // ends with an EOF token
	comments []ast.Comment
	errs     diag.List
}

type scanner struct {
	file string
	src  []byte
	off  int
	line int
	col  int

	out scanned

	// insertSemi: a newline here ends a statement.
	insertSemi bool
	// prevEnd is where the last token ended, for an inserted ";".
	prevEnd lexer.Position
}

// scan turns src into tokens. It never stops early: a bad character is
// reported and skipped, so one pass finds every lexical error.
func scan(file string, src []byte) scanned {
	s := &scanner{file: file, src: src, line: 1, col: 1}
	if len(src) >= 3 && src[0] == 0xEF && src[1] == 0xBB && src[2] == 0xBF {
		s.advance(3) // byte order mark
	}
	s.run()
	return s.out
}

func (s *scanner) pos() lexer.Position {
	return lexer.Position{Filename: s.file, Offset: s.off, Line: s.line, Column: s.col}
}

// advance moves over n bytes that hold no newline.
func (s *scanner) advance(n int) {
	s.off += n
	s.col += n
}

func (s *scanner) newline() {
	s.off++
	s.line++
	s.col = 1
}

func (s *scanner) errorf(p lexer.Position, format string, args ...any) {
	s.out.errs.Add(&diag.Error{Pos: toPos(p), Msg: fmt.Sprintf(format, args...)})
}

func (s *scanner) emit(typ lexer.TokenType, start lexer.Position) {
	text := string(s.src[start.Offset:s.off])
	s.out.toks = append(s.out.toks, lexer.Token{Type: typ, Value: text, Pos: start})
	s.prevEnd = s.pos()
	switch typ {
	case tIdent, tInt, tSize, tString, tChar:
		s.insertSemi = true
	case tKeyword:
		s.insertSemi = text == "break" || text == "continue" || text == "return" || text == "fallthrough"
	case tPunct:
		switch text {
		case ")", "]", "}", "++", "--":
			s.insertSemi = true
		default:
			s.insertSemi = false
		}
	}
}

// semi inserts the ";" a newline stands for, just after the last token, so
// that an error about it points at the end of the code.
func (s *scanner) semi() {
	if s.insertSemi {
		s.out.toks = append(s.out.toks, lexer.Token{Type: tAutoSemi, Value: ";", Pos: s.prevEnd})
		s.insertSemi = false
	}
}

func (s *scanner) run() {
	for s.off < len(s.src) {
		c := s.src[s.off]
		start := s.pos()
		switch {
		case c == '\n':
			s.semi()
			s.newline()
		case c == ' ' || c == '\t' || c == '\r':
			s.advance(1)
		case c == '/' && s.peek(1) == '/':
			s.lineComment()
		case c == '/' && s.peek(1) == '*':
			s.blockComment()
		case isLetter(c) || c >= utf8.RuneSelf && s.letterRune():
			s.ident()
		case isDigit(c):
			s.number()
		case c == '"':
			s.str()
		case c == '`':
			s.rawStr()
		case c == '\'':
			s.char()
		default:
			if n := punctLen(s.src[s.off:]); n > 0 {
				s.advance(n)
				s.emit(tPunct, start)
				continue
			}
			s.badChar()
		}
	}
	s.semi()
	s.out.toks = append(s.out.toks, lexer.Token{Type: tEOF, Pos: s.pos()})
}

func (s *scanner) peek(n int) byte {
	if s.off+n < len(s.src) {
		return s.src[s.off+n]
	}
	return 0
}

func (s *scanner) letterRune() bool {
	r, _ := utf8.DecodeRune(s.src[s.off:])
	return r != utf8.RuneError && unicode.IsLetter(r)
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

func (s *scanner) badChar() {
	start := s.pos()
	r, n := utf8.DecodeRune(s.src[s.off:])
	switch {
	case r == utf8.RuneError && n == 1:
		s.errorf(start, "invalid UTF-8 byte 0x%02x: a script must be UTF-8 text", s.src[s.off])
	case r == 0:
		s.errorf(start, "invalid NUL character")
	case r == '#':
		s.errorf(start, "invalid character '#': comments start with //")
	case r == '\u00a0' || unicode.IsSpace(r):
		s.errorf(start, "invalid white space U+%04X: use spaces or tabs", r)
	default:
		s.errorf(start, "invalid character %q", r)
	}
	s.advance(n)
}

func (s *scanner) lineComment() {
	start := s.pos()
	end := s.off
	for end < len(s.src) && s.src[end] != '\n' {
		end++
	}
	text := strings.TrimRight(string(s.src[s.off:end]), "\r")
	s.checkText(start, s.src[s.off:end])
	s.out.comments = append(s.out.comments, ast.Comment{Pos: toPos(start), Text: text})
	s.advance(end - s.off)
}

func (s *scanner) blockComment() {
	start := s.pos()
	end := strings.Index(string(s.src[s.off+2:]), "*/")
	if end < 0 {
		s.errorf(start, "unexpected end of input: the /* comment that starts here is never closed with */")
		s.skipTo(len(s.src))
		return
	}
	end += s.off + 4
	body := s.src[s.off:end]
	s.checkText(start, body)
	s.out.comments = append(s.out.comments, ast.Comment{Pos: toPos(start), Text: string(body)})
	if strings.IndexByte(string(body), '\n') >= 0 {
		s.semi() // a comment over several lines counts as a newline
	}
	s.skipTo(end)
}

// checkText reports NUL bytes and bad UTF-8 inside comments and strings.
func (s *scanner) checkText(start lexer.Position, b []byte) {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || r == 0 {
			p := s.posAt(start, i)
			if r == 0 {
				s.errorf(p, "invalid NUL character")
			} else {
				s.errorf(p, "invalid UTF-8 byte 0x%02x: a script must be UTF-8 text", b[i])
			}
			return
		}
		i += n
	}
}

// posAt is the position i bytes after start on the same line, or later
// lines when the bytes between hold newlines.
func (s *scanner) posAt(start lexer.Position, i int) lexer.Position {
	p := start
	for j := start.Offset; j < start.Offset+i && j < len(s.src); j++ {
		if s.src[j] == '\n' {
			p.Line++
			p.Column = 1
		} else {
			p.Column++
		}
	}
	p.Offset += i
	return p
}

// skipTo moves to offset end, counting the newlines on the way.
func (s *scanner) skipTo(end int) {
	for s.off < end {
		if s.src[s.off] == '\n' {
			s.newline()
		} else {
			s.advance(1)
		}
	}
}

func (s *scanner) ident() {
	start := s.pos()
	for s.off < len(s.src) {
		c := s.src[s.off]
		if isLetter(c) || isDigit(c) {
			s.advance(1)
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(s.src[s.off:])
			if r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				s.advance(n)
				continue
			}
		}
		break
	}
	if keywords[string(s.src[start.Offset:s.off])] {
		s.emit(tKeyword, start)
		return
	}
	s.emit(tIdent, start)
}

func (s *scanner) number() {
	start := s.pos()
	for s.off < len(s.src) && (isLetter(s.src[s.off]) || isDigit(s.src[s.off])) {
		s.advance(1)
	}
	if s.off+1 < len(s.src) && s.src[s.off] == '.' && isDigit(s.src[s.off+1]) {
		s.advance(1)
		for s.off < len(s.src) && (isLetter(s.src[s.off]) || isDigit(s.src[s.off])) {
			s.advance(1)
		}
		s.errorf(start, "%s: cohere has integers only, no floating-point numbers", s.src[start.Offset:s.off])
		s.emit(tInt, start)
		return
	}
	text := string(s.src[start.Offset:s.off])
	if _, isSize, err := numberValue(text); err != nil {
		s.errorf(start, "%s", err)
	} else if isSize {
		s.emit(tSize, start)
		return
	}
	s.emit(tInt, start)
}

// sizeUnits are the suffixes of a size, as sim.ParseSize reads them (K and
// KB mean 1024 too, as cache sizes always do). Longest first.
var sizeUnits = []struct {
	s string
	m uint64
}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"tib", 1 << 40},
	{"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30}, {"tb", 1 << 40},
	{"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"t", 1 << 40}, {"b", 1}}

// numberValue reads an integer literal or a size and returns its value in
// decimal.
func numberValue(text string) (value string, isSize bool, err error) {
	n, perr := strconv.ParseUint(text, 0, 64)
	if perr == nil {
		return strconv.FormatUint(n, 10), false, nil
	}
	if perr.(*strconv.NumError).Err == strconv.ErrRange {
		return "", false, fmt.Errorf("integer %s is too large (the largest is %d)", text, uint64(math.MaxUint64))
	}
	lower := strings.ToLower(text)
	if !strings.HasPrefix(lower, "0x") && !strings.HasPrefix(lower, "0b") && !strings.HasPrefix(lower, "0o") {
		for _, u := range sizeUnits {
			digits, ok := strings.CutSuffix(lower, u.s)
			if !ok || digits == "" || !isDigit(digits[len(digits)-1]) {
				continue
			}
			if strings.IndexFunc(digits, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
				break
			}
			n, perr := strconv.ParseUint(digits, 10, 64)
			if perr != nil || n > math.MaxUint64/u.m {
				return "", true, fmt.Errorf("size %s is too large", text)
			}
			return strconv.FormatUint(n*u.m, 10), true, nil
		}
	}
	return "", false, fmt.Errorf("malformed number %s: write an integer such as 42, 0x2a, 0b101, 1_000 or a size such as 32KiB", text)
}

// quotedEnd is the offset of the quote that closes the quoted text
// starting at the current offset, of the newline that ends it too soon, or
// the source's length. A backslash escapes the next byte but a newline.
func (s *scanner) quotedEnd(quote byte) int {
	i := s.off + 1
	for ; i < len(s.src); i++ {
		c := s.src[i]
		if c == '\\' && i+1 < len(s.src) && s.src[i+1] != '\n' {
			i++
			continue
		}
		if c == quote || c == '\n' {
			break
		}
	}
	return i
}

func (s *scanner) str() {
	start := s.pos()
	i := s.quotedEnd('"')
	if i >= len(s.src) || s.src[i] == '\n' {
		s.errorf(start, "string not terminated: a \"...\" string ends on the line it starts (use `...` for a string over several lines)")
		s.advance(i - s.off)
		s.emit(tString, start)
		return
	}
	s.checkText(start, s.src[s.off:i+1])
	s.advance(i + 1 - s.off)
	body := string(s.src[start.Offset+1 : s.off-1])
	s.checkEscapes(start, body, '"')
	s.emit(tString, start)
}

// checkEscapes reports the first bad escape of a quoted body.
func (s *scanner) checkEscapes(start lexer.Position, body string, quote byte) {
	rest := body
	for len(rest) > 0 {
		_, _, tail, err := strconv.UnquoteChar(rest, quote)
		if err != nil {
			at := len(body) - len(rest) + 1
			esc := rest
			if len(esc) > 2 {
				esc = esc[:2]
			}
			if rest[0] == '\\' {
				s.errorf(s.posAt(start, at), "invalid escape %s: use \\n, \\t, \\\\, \\%c, \\xFF, \\u1234 or \\U00012345", esc, quote)
			} else {
				s.errorf(s.posAt(start, at), "invalid character in quoted text")
			}
			return
		}
		rest = tail
	}
}

func (s *scanner) rawStr() {
	start := s.pos()
	end := strings.IndexByte(string(s.src[s.off+1:]), '`')
	if end < 0 {
		s.errorf(start, "unexpected end of input: the `...` string that starts here is never closed")
		s.skipTo(len(s.src))
		s.emit(tString, start)
		return
	}
	s.checkText(start, s.src[s.off:s.off+end+2])
	s.skipTo(s.off + end + 2)
	s.emit(tString, start)
}

func (s *scanner) char() {
	start := s.pos()
	i := s.quotedEnd('\'')
	if i >= len(s.src) || s.src[i] == '\n' {
		s.errorf(start, "character not terminated: write one character between single quotes, such as 'a'")
		s.advance(i - s.off)
		s.emit(tChar, start)
		return
	}
	s.checkText(start, s.src[s.off:i+1])
	s.advance(i + 1 - s.off)
	text := string(s.src[start.Offset:s.off])
	if _, err := charValue(text); err != nil {
		s.errorf(start, "%s", err)
	}
	s.emit(tChar, start)
}

// charValue reads a character literal as written ('a', '\n') and returns
// its code point in decimal.
func charValue(text string) (string, error) {
	body := text[1 : len(text)-1]
	if body == "" {
		return "", fmt.Errorf("empty character '': write one character between single quotes, such as 'a'")
	}
	r, _, tail, err := strconv.UnquoteChar(body, '\'')
	if err != nil {
		return "", fmt.Errorf("invalid character %s: use a character or an escape such as '\\n' or '\\x41'", text)
	}
	if tail != "" {
		return "", fmt.Errorf("%s holds more than one character: strings use double quotes, \"...\"", text)
	}
	return strconv.Itoa(int(r)), nil
}

// puncts are the operators and delimiters, longest first within each
// length so that the longest match wins.
var puncts = [3][]string{
	{"+", "-", "*", "/", "%", "&", "|", "^", "<", ">", "=", "!", "(", ")", "[", "]", "{", "}", ",", ";", ".", ":"},
	{"<<", ">>", "&^", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "&&", "||", "<-", "++", "--", "==", "!=", "<=", ">=", ":=", "->"},
	{"<<=", ">>=", "&^=", "..."},
}

func punctLen(b []byte) int {
	for n := 3; n >= 1; n-- {
		if len(b) < n {
			continue
		}
		for _, p := range puncts[n-1] {
			if string(b[:n]) == p {
				return n
			}
		}
	}
	return 0
}

func toPos(p lexer.Position) ast.Pos {
	return ast.Pos{File: p.Filename, Offset: p.Offset, Line: p.Line, Col: p.Column}
}
