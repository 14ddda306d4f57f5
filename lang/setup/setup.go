// Package setup interprets the declarative parts of a cohere script: the
// `machine` block (a sim.Config plus the run settings that live there),
// script `protocol` blocks (protocol.Tables), the `memory` block (a
// MemoryMap, and the Layout that places globals, heap objects and stacks
// in it) and the `run` line (a RunSpec). Every function returns what it
// could build on top of DESIGN.md's defaults and a diag.List holding
// every problem at the position of the word that caused it.
package setup

// This file holds what the setting readers share: walking a setting's
// words, numbers, sizes, on/off, and the messages for unknown words.

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/spell"
)

// args walks the arguments of one setting and reports what is wrong with
// them, each problem at its word, each message ending with the usage.
type args struct {
	s     *ast.Setting
	i     int
	errs  *diag.List
	usage string // "cores N, with N from 1 to 1024"
}

func newArgs(s *ast.Setting, errs *diag.List, usage string) *args {
	return &args{s: s, errs: errs, usage: usage}
}

// more reports whether words are left.
func (a *args) more() bool { return a.i < len(a.s.Args) }

// next returns the next word; call it only when more says so.
func (a *args) next() ast.Word {
	w := a.s.Args[a.i]
	a.i++
	return w
}

// last returns the word read last, or the setting's name before any.
func (a *args) last() ast.Word {
	if a.i == 0 {
		return a.s.Name
	}
	return a.s.Args[a.i-1]
}

// value returns the word after the one just read (the setting's name or
// an option such as `size`), reporting at that word when there is none.
func (a *args) value(what string) (ast.Word, bool) {
	if !a.more() {
		a.errs.Addf(a.last().Pos, "%s needs a value: write %s", what, a.usage)
		return ast.Word{}, false
	}
	w := a.next()
	// A sign arrives as a word of its own: read -1 as one value.
	if w.Kind == ast.WordSymbol && (w.Text == "-" || w.Text == "+") && a.more() && a.s.Args[a.i].Kind == ast.WordNumber {
		w = ast.Word{Pos: w.Pos, Kind: ast.WordNumber, Text: w.Text + a.next().Text}
	}
	return w, true
}

// end reports the first word left over, if any.
func (a *args) end() {
	if a.more() {
		w := a.next()
		a.errs.Addf(w.Pos, "unexpected %s after %s: write %s", quote(w), a.text(a.i-1), a.usage)
	}
}

// text is the setting as written up to (not including) argument n.
func (a *args) text(n int) string {
	parts := []string{a.s.Name.Text}
	for _, w := range a.s.Args[:n] {
		parts = append(parts, w.Text)
	}
	return strings.Join(parts, " ")
}

// none reports a setting that needs options and got none.
func (a *args) none() bool {
	if a.more() {
		return false
	}
	a.errs.Addf(a.s.Name.Pos, "%s needs at least one option: write %s", a.s.Name.Text, a.usage)
	return true
}

// quote shows a word in a message, in double quotes.
func quote(w ast.Word) string { return strconv.Quote(w.Text) }

// num reads a whole number (decimal, 0x, 0o, 0b, with _) in [min, max];
// why explains the range to a number outside it (negative ones included).
func (a *args) num(w ast.Word, what string, min, max uint64, why string) (uint64, bool) {
	if w.Kind != ast.WordString {
		n, err := strconv.ParseUint(w.Text, 0, 64)
		if err == nil && n >= min && n <= max {
			return n, true
		}
		_, serr := strconv.ParseInt(w.Text, 0, 64)
		if err == nil || errors.Is(err, strconv.ErrRange) || serr == nil {
			a.errs.Addf(w.Pos, "%s %s: %s", what, w.Text, why)
			return 0, false
		}
	}
	a.errs.Addf(w.Pos, "%s wants a whole number, not %s: write %s", what, quote(w), a.usage)
	return 0, false
}

// count is num for values that fit an int.
func (a *args) count(w ast.Word, what string, min, max int, why string) (int, bool) {
	n, ok := a.num(w, what, uint64(min), uint64(max), why)
	return int(n), ok
}

// size reads a byte count: a number (4096, 0x1000) or a size (64KiB, 8K).
func (a *args) size(w ast.Word, what string) (uint64, bool) {
	if w.Kind != ast.WordString {
		if n, err := strconv.ParseUint(w.Text, 0, 64); err == nil {
			return n, true
		}
		if n, err := sim.ParseSize(w.Text); err == nil {
			return uint64(n), true
		}
	}
	a.errs.Addf(w.Pos, "%s wants a size such as 4096, 64KiB or 16MiB, not %s: write %s", what, quote(w), a.usage)
	return 0, false
}

// addr reads an address: a whole number, usually written in hex.
func (a *args) addr(w ast.Word, what string) (uint64, bool) {
	n, err := strconv.ParseUint(w.Text, 0, 64)
	if w.Kind == ast.WordString || err != nil {
		a.errs.Addf(w.Pos, "%s wants an address such as 0x600000, not %s: write %s", what, quote(w), a.usage)
		return 0, false
	}
	return n, true
}

// onOff reads on or off.
func (a *args) onOff(w ast.Word, what string) (bool, bool) {
	switch w.Text {
	case "on":
		return true, true
	case "off":
		return false, true
	}
	a.errs.Addf(w.Pos, "%s wants on or off, not %s%s: write %s", what, quote(w), spell.Hint(w.Text, []string{"on", "off"}), a.usage)
	return false, false
}

// keyword reads one of options, reporting an unknown one with a hint.
func (a *args) keyword(w ast.Word, what string, options []string) (string, bool) {
	for _, o := range options {
		if w.Text == o {
			return o, true
		}
	}
	a.errs.Add(unknown(w, what, options, a.usage))
	return "", false
}

// unknown reports a word that is not one of the keywords known:
// "unknown l1 option sise (did you mean size?): write l1 [size BYTES] ...".
func unknown(w ast.Word, what string, known []string, usage string) *diag.Error {
	return diag.Errorf(w.Pos, "unknown %s %s%s: write %s", what, w.Text, spell.Hint(w.Text, known), usage)
}

// undefined reports a name that is not one of the names known, with the
// list of them: "undefined state: Q; the states are ...", as
// diag.Unknown does, except that a one-letter name is only offered the
// same letter in the other case (any letter is one edit from another).
func undefined(pos ast.Pos, what, name string, known []string, list string) *diag.Error {
	hint := spell.Hint(name, known)
	if len(name) == 1 && !strings.EqualFold(spell.Nearest(name, known), name) {
		hint = ""
	}
	e := diag.Errorf(pos, "undefined %s: %s%s", what, name, hint)
	if list != "" {
		e.Msg += "; " + list
	}
	return e
}

// once remembers where each setting was written and reports a repeat.
type once map[string]ast.Pos

func (o once) first(s *ast.Setting, errs *diag.List) bool {
	name := s.Name.Text
	if p, ok := o[name]; ok {
		errs.Addf(s.Name.Pos, "%s is set twice (first on line %d): keep one", name, p.Line)
		return false
	}
	o[name] = s.Name.Pos
	return true
}

// later returns the later of two positions in the source, a valid one
// before the zero position.
func later(a, b ast.Pos) ast.Pos {
	switch {
	case !a.IsValid():
		return b
	case !b.IsValid():
		return a
	case b.File == a.File && (b.Line > a.Line || b.Line == a.Line && b.Col > a.Col):
		return b
	}
	return a
}

// hex prints an address.
func hex(a uint64) string { return fmt.Sprintf("%#x", a) }

// span prints a half-open address range.
func span(start, end uint64) string { return fmt.Sprintf("[%#x, %#x)", start, end) }

// sizeText prints a byte count the way the settings read it.
func sizeText(n uint64) string {
	if n >= 1<<40 && n%(1<<40) == 0 {
		return fmt.Sprintf("%dTiB", n>>40)
	}
	if n > math.MaxInt {
		return strconv.FormatUint(n, 10)
	}
	return sim.FormatSize(int(n))
}

// and joins names for a message: "a, b and c".
func and(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
