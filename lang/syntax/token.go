// This file defines the tokens and the participle lexer definition that
// names them.

package syntax

import (
	"io"

	"github.com/alecthomas/participle/v2/lexer"
)

// Token types. participle reserves -1 for EOF; the others follow it.
const (
	tEOF      = lexer.EOF
	tIdent    = lexer.TokenType(-2 - iota)
	tKeyword  // a Go keyword: if, for, func, var, ...
	tInt      // 42, 0x2a, 0o52, 0b101010, 1_000
	tSize     // 32KiB, 8K, 16MiB
	tString   // "..." or `...`, as written
	tChar     // 'a', as written
	tPunct    // operators and delimiters, explicit ";" included
	tAutoSemi // a ";" inserted for a newline (Value ";")
)

// keywords are Go's keywords: never identifiers, even those cohere does not
// use, so that a Go habit gets a clear message instead of a strange parse.
var keywords = map[string]bool{
	"break": true, "case": true, "chan": true, "const": true, "continue": true,
	"default": true, "defer": true, "else": true, "fallthrough": true,
	"for": true, "func": true, "go": true, "goto": true, "if": true,
	"import": true, "interface": true, "map": true, "package": true,
	"range": true, "return": true, "select": true, "struct": true,
	"switch": true, "type": true, "var": true,
}

// definition is the lexer.Definition participle is built with. Parsing
// itself scans with scan and hands participle a ready token slice, so Lex
// only serves participle's own API.
type definition struct{}

// Symbols names the token types for the grammar (@Ident ...). It builds
// the map each time: the parsers are built during package initialisation,
// before a package-level map would be.
func (definition) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF":      tEOF,
		"Ident":    tIdent,
		"Keyword":  tKeyword,
		"Int":      tInt,
		"Size":     tSize,
		"String":   tString,
		"Char":     tChar,
		"Punct":    tPunct,
		"AutoSemi": tAutoSemi,
	}
}

func (definition) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	s := scan(filename, src)
	if len(s.errs) > 0 {
		return nil, s.errs[0]
	}
	return &sliceLexer{toks: s.toks}, nil
}

// sliceLexer replays scanned tokens; its last token is EOF.
type sliceLexer struct {
	toks []lexer.Token
	i    int
}

func (l *sliceLexer) Next() (lexer.Token, error) {
	t := l.toks[l.i]
	if l.i < len(l.toks)-1 {
		l.i++
	}
	return t, nil
}
