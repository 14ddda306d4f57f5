// Package view renders engine and language state for people: protocol
// tables as terminal grids and as state diagrams (Graphviz DOT, TikZ), with
// one colour per protocol state shared by every view.
//
// Views only read what they are given and return text; they print nothing
// and decide nothing about terminals. The caller says whether colour is
// wanted (a terminal, NO_COLOR unset).
package view

import (
	"strings"
	"unicode/utf8"
)

// ANSI escapes used by the views.
const (
	reset = "\x1b[0m"
	bold  = "\x1b[1m"
)

// stateColors is the one colour table of protocol states: an ANSI
// foreground for terminals and a pale fill plus a strong outline for
// diagrams. States not listed keep the default colours.
var stateColors = map[string]struct{ ansi, fill, line string }{
	"M": {"\x1b[31m", "#fde0dc", "#c0392b"}, // red: modified
	"E": {"\x1b[35m", "#efe0f7", "#8e44ad"}, // purple: exclusive
	"S": {"\x1b[34m", "#dceafb", "#2471a3"}, // blue: shared
	"O": {"\x1b[33m", "#fdebd0", "#d68910"}, // orange/yellow: owned
	"I": {"\x1b[90m", "#eeeeee", "#7f8c8d"}, // grey: invalid
	"F": {"\x1b[36m", "#d5f5f6", "#17a2b8"}, // cyan: forward
}

// StateColor returns the ANSI escape that starts the terminal colour of
// protocol state name (M red, E purple, S blue, O orange/yellow, I grey,
// F cyan), or "" for a state drawn in the default colour. End a coloured
// run with "\x1b[0m".
func StateColor(name string) string {
	return stateColors[name].ansi
}

// paint wraps s in the colour of state name when color is on.
func paint(s, name string, color bool) string {
	if !color {
		return s
	}
	if c := StateColor(name); c != "" {
		return c + s + reset
	}
	return s
}

// strong makes s bold when color is on.
func strong(s string, color bool) string {
	if !color || s == "" {
		return s
	}
	return bold + s + reset
}

// width is the number of terminal columns s takes: every rune the views
// print (letters, arrows, dashes, box drawing) is one column wide.
func width(s string) int { return utf8.RuneCountInString(s) }

// wrapWords fills words into lines of at most max columns (a longer word
// gets a line of its own), each line after the first indented by indent.
func wrapWords(text string, max int, indent string) string {
	var b strings.Builder
	col := 0
	for i, w := range strings.Fields(text) {
		switch {
		case i == 0:
		case col+1+width(w) > max:
			b.WriteString("\n" + indent)
			col = width(indent)
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(w)
		col += width(w)
	}
	return b.String()
}
