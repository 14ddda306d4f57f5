// Package diag holds the errors every phase of the language reports:
// values with a position and a message, collected in a List, and printed
// as `file:line:col: message`, then the source line and a caret.
package diag

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/sim/spell"
)

// Error is one problem at one position.
type Error struct {
	Pos ast.Pos
	Msg string
}

func (e *Error) Error() string {
	if !e.Pos.IsValid() {
		return e.Msg // not from the source: a command-line flag
	}
	return fmt.Sprintf("%s: %s", e.Pos, e.Msg)
}

// Errorf builds an Error.
func Errorf(pos ast.Pos, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// Unknown builds "undefined: NAME (did you mean X?)" style messages: what
// is the kind of thing ("variable", "protocol"), name what was written,
// known the names that exist.
func Unknown(pos ast.Pos, what, name string, known []string) *Error {
	return &Error{Pos: pos, Msg: fmt.Sprintf("undefined %s: %s%s", what, name, spell.Hint(name, known))}
}

// List is the errors of one run of a phase, in source order.
type List []*Error

// Add appends an error.
func (l *List) Add(e *Error) { *l = append(*l, e) }

// Addf appends an error built from a format.
func (l *List) Addf(pos ast.Pos, format string, args ...any) { l.Add(Errorf(pos, format, args...)) }

// Sort orders the errors by position and drops exact duplicates.
func (l List) Sort() List {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	out := l[:0]
	for i, e := range l {
		if i > 0 && e.Pos == l[i-1].Pos && e.Msg == l[i-1].Msg {
			continue
		}
		out = append(out, e)
	}
	return out
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

func (l List) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Render prints every error as `file:line:col: message`, then the line of
// src it points into and a caret under the column. Tabs in the source line
// are kept so that the caret lines up in a terminal. At most max errors
// are printed (0: all), then a count of the rest.
func Render(l List, src []byte, max int) string {
	lines := strings.Split(string(src), "\n")
	var b strings.Builder
	for i, e := range l {
		if max > 0 && i == max {
			fmt.Fprintf(&b, "(and %d more errors)\n", len(l)-max)
			break
		}
		fmt.Fprintf(&b, "%s\n", e.Error())
		if e.Pos.Line >= 1 && e.Pos.Line <= len(lines) {
			line, col := excerpt(strings.TrimRight(lines[e.Pos.Line-1], "\r"), e.Pos.Col)
			fmt.Fprintf(&b, "\t%s\n\t%s^\n", line, caretPad(line, col))
		}
	}
	return b.String()
}

// A source line longer than excerptMax characters is shown as a window of
// excerptWidth characters around the column, cut ends marked with "...".
const (
	excerptMax    = 120
	excerptWidth  = 100
	excerptBefore = 60 // characters of the window before the column
)

// excerpt returns the part of line to show for an error at byte column
// col, and the column in it.
func excerpt(line string, col int) (string, int) {
	line, col = printable(line, col)
	if utf8.RuneCountInString(line) <= excerptMax {
		return line, col
	}
	runes := []rune(line)
	inLine := min(max(col-1, 0), len(line))
	at := utf8.RuneCountInString(line[:inLine]) + (col - 1 - inLine) // the column in characters, from 0
	start := max(0, at-excerptBefore)
	end := min(len(runes), start+excerptWidth)
	start = max(0, min(start, end-excerptWidth))
	prefix, suffix := "", ""
	if start > 0 {
		prefix = "..."
	}
	if end < len(runes) {
		suffix = "..."
	}
	upTo := min(at, end)
	newCol := len(prefix) + len(string(runes[start:upTo])) + (at - upTo) + 1
	return prefix + string(runes[start:end]) + suffix, newCol
}

// printable replaces what a terminal would not show as one character
// (control characters but tab, bytes that are not UTF-8) with U+FFFD, and
// moves byte column col to match.
func printable(line string, col int) (string, int) {
	clean := true
	for _, r := range line {
		if r == utf8.RuneError || r < ' ' && r != '\t' || r == 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return line, col
	}
	var b strings.Builder
	newCol := 0
	for i := 0; i < len(line); {
		if i == col-1 {
			newCol = b.Len() + 1
		}
		r, size := utf8.DecodeRuneInString(line[i:])
		if r == utf8.RuneError || r < ' ' && r != '\t' || r == 0x7f {
			r = utf8.RuneError
		}
		b.WriteRune(r)
		i += size
	}
	if newCol == 0 { // the column is past the line's end, or inside a character
		newCol = b.Len() + 1 + max(0, col-1-len(line))
	}
	return b.String(), newCol
}

// caretPad returns the white space that puts a caret under byte column
// col of line, copying tabs so the caret lines up.
func caretPad(line string, col int) string {
	var b strings.Builder
	for i := 0; i < col-1 && i < len(line); i++ {
		if line[i] == '\t' {
			b.WriteByte('\t')
		} else if line[i]&0xC0 != 0x80 { // one space per character, not per byte
			b.WriteByte(' ')
		}
	}
	for i := len(line); i < col-1; i++ {
		b.WriteByte(' ')
	}
	return b.String()
}
