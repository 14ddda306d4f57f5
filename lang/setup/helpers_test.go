// This file builds AST values from text for the tests, positioned as the
// parser would position them.

package setup

import (
	"strings"
	"testing"
	"unicode"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
)

const file = "t.coh"

func pos(line, col int) ast.Pos { return ast.Pos{File: file, Line: line, Col: col} }

// words splits text (found at column col of line) into words: [ ] . , ! - +
// are symbols, "..." a string, a run of letters, digits and _ a number
// when it starts with a digit (a size when it ends in a letter other
// than a hex digit), else an identifier.
func words(line, col int, text string) []ast.Word {
	var out []ast.Word
	for i := 0; i < len(text); {
		c := rune(text[i])
		p := pos(line, col+i)
		switch {
		case c == ' ':
			i++
		case strings.ContainsRune("[].,!-+", c):
			out = append(out, ast.Word{Pos: p, Kind: ast.WordSymbol, Text: string(c)})
			i++
		case c == '"':
			j := strings.IndexByte(text[i+1:], '"') + i + 1
			out = append(out, ast.Word{Pos: p, Kind: ast.WordString, Text: text[i+1 : j]})
			i = j + 1
		default:
			j := i
			for j < len(text) && (unicode.IsLetter(rune(text[j])) || unicode.IsDigit(rune(text[j])) || text[j] == '_') {
				j++
			}
			if j == i {
				j++
			}
			w := text[i:j]
			kind := ast.WordIdent
			if unicode.IsDigit(rune(w[0])) {
				kind = ast.WordNumber
				if strings.ContainsAny(w, "KMGiBkmg") && !strings.HasPrefix(w, "0x") {
					kind = ast.WordSize
				}
			}
			out = append(out, ast.Word{Pos: p, Kind: kind, Text: w})
			i = j
		}
	}
	return out
}

// setting builds the setting written on line (1-based) as text, indented
// by four spaces as inside a block.
func setting(line int, text string) *ast.Setting {
	ws := words(line, 5, text)
	return &ast.Setting{Pos: ws[0].Pos, Name: ws[0], Args: ws[1:]}
}

// block builds the settings of a block opened on line 1: lines[i] is on
// line i+2.
func block(lines []string) []*ast.Setting {
	var out []*ast.Setting
	for i, l := range lines {
		out = append(out, setting(i+2, l))
	}
	return out
}

// errText renders a list as the command prints it, without the source.
func errText(l diag.List) string {
	if len(l) == 0 {
		return ""
	}
	return l.Sort().Error()
}

func checkErrs(t *testing.T, name string, got diag.List, want string) {
	t.Helper()
	if g := errText(got); g != want {
		t.Errorf("%s: errors\n got: %s\nwant: %s", name, g, want)
	}
}

// ident returns the identifier at column col of line.
func ident(line, col int, name string) *ast.Ident {
	return &ast.Ident{Pos: pos(line, col), Name: name}
}

// idents splits text found at column col of line into identifiers.
func idents(line, col int, text string) []*ast.Ident {
	var out []*ast.Ident
	for _, w := range fields(col, text) {
		out = append(out, ident(line, w.col, w.text))
	}
	return out
}

type field struct {
	col  int
	text string
}

// fields splits text found at column col at spaces, keeping columns; a
// comma ends a field.
func fields(col int, text string) []field {
	var out []field
	for i := 0; i < len(text); {
		if text[i] == ' ' || text[i] == ',' {
			i++
			continue
		}
		j := i
		for j < len(text) && text[j] != ' ' && text[j] != ',' {
			j++
		}
		out = append(out, field{col + i, text[i:j]})
		i = j
	}
	return out
}

// protocolDecl builds `protocol NAME {` on line 1, `    states ...` on
// line 2, the rows on the next lines (indented by four spaces), and
// `    dirty ...` after them when dirty is not "".
func protocolDecl(name, states, dirty string, rows ...string) *ast.ProtocolDecl {
	d := &ast.ProtocolDecl{Pos: pos(1, 1), Name: ident(1, 10, name)}
	if states != "" {
		d.States = idents(2, 12, states)
	}
	for i, text := range rows {
		d.Rows = append(d.Rows, protocolRow(i+3, text))
	}
	if dirty != "" {
		d.Dirty = idents(len(rows)+3, 11, dirty)
	}
	return d
}

// protocolRow reads FROM EVENT[, EVENT...] [when C|!C] -> TO [ACTION...]
// written on line at column 5.
func protocolRow(line int, text string) *ast.ProtocolRow {
	f := fields(5, text)
	r := &ast.ProtocolRow{Pos: pos(line, 5), From: ident(line, f[0].col, f[0].text)}
	i := 1
	for ; i < len(f) && f[i].text != "when" && f[i].text != "->"; i++ {
		r.Events = append(r.Events, ident(line, f[i].col, f[i].text))
	}
	if i < len(f) && f[i].text == "when" {
		r.When, r.WhenPos = f[i+1].text, pos(line, f[i+1].col)
		i += 2
	}
	i++ // ->
	if i < len(f) {
		r.To = ident(line, f[i].col, f[i].text)
	}
	for _, a := range f[min(i+1, len(f)):] {
		r.Actions = append(r.Actions, ident(line, a.col, a.text))
	}
	return r
}
