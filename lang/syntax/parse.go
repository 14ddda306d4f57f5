// Package syntax reads cohere scripts (.coh): a scanner applying Go's
// semicolon rule, a participle grammar for declarations and statements, a
// Pratt parser for expressions, and Format, the canonical printer behind
// `cohere fmt`. Parse never panics and reports several errors when it can,
// each written for someone new to the language.
package syntax

// This file defines the entry points and the splitting of a file into
// declarations, so that one bad declaration does not hide the next.

import (
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
)

// Limits checked before parsing: participle has no depth limit, so deep
// nesting would exhaust the stack, and memory grows with the tokens.
const (
	maxSource  = 4 << 20 // bytes
	maxTokens  = 500_000
	maxNesting = 200 // open brackets at once
)

// eofPrefix starts every message about input that ended too soon, and
// only those: Incomplete relies on it.
const eofPrefix = "unexpected end of input"

// declKeywords start a top-level declaration.
var declKeywords = map[string]bool{
	"machine": true, "memory": true, "var": true, "func": true, "thread": true,
	"trace": true, "init": true, "protocol": true, "run": true, "expect": true,
}

// Parse reads a whole script. It returns the declarations that parsed and
// every error found, in source order; Comments holds every comment.
func Parse(filename string, src []byte) (*ast.File, diag.List) {
	f := &ast.File{Name: filename}
	toks, errs, ok := prepare(filename, src)
	if !ok {
		return f, errs
	}
	f.Comments = toks.comments
	from := 0
	for _, ch := range chunks(toks.toks) {
		skip := hasErrorIn(toks.errs, from, ch, len(src))
		from = ch[len(ch)-1].Pos.Offset
		if skip {
			continue // a lexical error: parsing would only add noise
		}
		if e := checkNesting(ch); e != nil {
			errs.Add(e)
			continue
		}
		decls, cerrs := parseChunk(src, ch)
		addContinuationHints(cerrs, ch)
		if end := ch[len(ch)-1]; end.Pos.Offset < len(src) {
			cutShort(cerrs, end, src)
		}
		f.Decls = append(f.Decls, decls...)
		errs = append(errs, cerrs...)
	}
	atLastToken(errs, toks.toks, len(src))
	return f, errs.Sort()
}

// atLastToken moves the errors about the end of input from the very end
// (often an empty line) to just after the last token, where the code
// stops.
func atLastToken(errs diag.List, toks []lexer.Token, size int) {
	if len(toks) < 2 {
		return
	}
	last := toks[len(toks)-2]
	pos := last.Pos
	if last.Type != tAutoSemi {
		pos = endOf(last)
	}
	for _, e := range errs {
		if e.Pos.Offset == size && strings.HasPrefix(e.Msg, eofPrefix) {
			e.Pos = toPos(pos)
		}
	}
}

// endOf is the position just after t.
func endOf(t lexer.Token) lexer.Position {
	p := t.Pos
	p.Offset += len(t.Value)
	if i := strings.LastIndexByte(t.Value, '\n'); i >= 0 {
		p.Line += strings.Count(t.Value, "\n")
		p.Column = len(t.Value) - i
	} else {
		p.Column += len(t.Value)
	}
	return p
}

// prepare checks the size and scans; ok is false when there is nothing to
// parse.
func prepare(filename string, src []byte) (scanned, diag.List, bool) {
	if len(src) > maxSource {
		return scanned{}, diag.List{{Pos: ast.Pos{File: filename, Line: 1, Col: 1},
			Msg: fmt.Sprintf("file too large: %d bytes, the limit is %d (4 MiB)", len(src), maxSource)}}, false
	}
	s := scan(filename, src)
	s.toks = dropEmptyStatements(s.toks)
	if len(s.toks) > maxTokens {
		return s, diag.List{{Pos: ast.Pos{File: filename, Line: 1, Col: 1},
			Msg: fmt.Sprintf("file too large: %d tokens, the limit is %d", len(s.toks), maxTokens)}}, false
	}
	return s, append(diag.List(nil), s.errs...), true
}

// dropEmptyStatements removes the ";" that follow two ";" (for ;; keeps
// its two) or a "{", or start the input: empty statements mean nothing,
// and participle spends as long on each as on a real one.
func dropEmptyStatements(toks []lexer.Token) []lexer.Token {
	out := toks[:0]
	for _, t := range toks {
		n := len(out)
		if isSemi(&t) && (n == 0 || isPunct(&out[n-1], "{") || n >= 2 && isSemi(&out[n-1]) && isSemi(&out[n-2])) {
			continue
		}
		out = append(out, t)
	}
	return out
}

// chunks splits the tokens into runs of whole top-level declarations:
// a new one starts at a declaration keyword after a ";" outside brackets.
// When the brackets do not balance, a declaration keyword at the start of
// a line starts one too, so that a missing "}" costs one declaration, not
// the rest of the file. Each chunk ends with an EOF token standing where
// the next chunk starts.
func chunks(toks []lexer.Token) [][]lexer.Token {
	body := toks[:len(toks)-1]
	balanced := true
	depth := 0
	for _, t := range body {
		depth += bracketDelta(&t)
		if depth < 0 {
			balanced = false
			depth = 0
		}
	}
	balanced = balanced && depth == 0
	var out [][]lexer.Token
	start := 0
	depth = 0
	for i := range body {
		t := &body[i]
		if i > start && declKeywords[t.Value] && (t.Type == tIdent || t.Type == tKeyword) {
			afterSemi := isSemi(&body[i-1])
			if depth == 0 && afterSemi || !balanced && t.Pos.Column == 1 {
				out = append(out, withEOF(body[start:i], lexer.Token{Type: tEOF, Pos: t.Pos}))
				start = i
				depth = 0
			}
		}
		depth += bracketDelta(t)
		if depth < 0 {
			depth = 0
		}
	}
	return append(out, withEOF(body[start:], toks[len(toks)-1]))
}

func withEOF(toks []lexer.Token, eof lexer.Token) []lexer.Token {
	out := make([]lexer.Token, len(toks)+1)
	copy(out, toks)
	out[len(toks)] = eof
	return out
}

func bracketDelta(t *lexer.Token) int {
	if t.Type != tPunct || len(t.Value) != 1 {
		return 0
	}
	switch t.Value {
	case "(", "[", "{":
		return 1
	case ")", "]", "}":
		return -1
	}
	return 0
}

// hasErrorIn reports whether a lexical error lies within the chunk.
func hasErrorIn(errs diag.List, from int, ch []lexer.Token, lastOffset int) bool {
	to := ch[len(ch)-1].Pos.Offset
	last := ch[len(ch)-1].Pos.Offset == lastOffset
	for _, e := range errs {
		if e.Pos.Offset >= from && (e.Pos.Offset < to || last) {
			return true
		}
	}
	return false
}

// checkNesting refuses input nested deeper than maxNesting brackets.
func checkNesting(toks []lexer.Token) *diag.Error {
	depth := 0
	for i := range toks {
		depth += bracketDelta(&toks[i])
		if depth > maxNesting {
			return &diag.Error{Pos: toPos(toks[i].Pos), Msg: fmt.Sprintf("nested too deeply: more than %d brackets open at once", maxNesting)}
		}
	}
	return nil
}

// cutShort rewrites the errors about a chunk ending too soon: the input
// goes on, with the next declaration.
func cutShort(errs diag.List, end lexer.Token, src []byte) {
	word := string(src[end.Pos.Offset:])
	if i := strings.IndexFunc(word, func(r rune) bool { return !isLetter(byte(r)) }); i >= 0 {
		word = word[:i]
	}
	for _, e := range errs {
		if e.Pos.Offset == end.Pos.Offset && strings.HasPrefix(e.Msg, eofPrefix) {
			e.Msg = fmt.Sprintf("unexpected %q: a new declaration starts here%s", word, strings.TrimPrefix(e.Msg, eofPrefix))
		}
	}
}

// parseChunk parses the declarations of one chunk.
func parseChunk(src []byte, toks []lexer.Token) (decls []ast.Decl, errs diag.List) {
	defer func() {
		if r := recover(); r != nil {
			decls, errs = nil, diag.List{recovered(r, toks)}
		}
	}()
	lex, err := lexer.Upgrade(&sliceLexer{toks: toks})
	if err != nil {
		return nil, diag.List{translate(err, toks)}
	}
	f, err := fileParser.ParseFromLexer(lex)
	if err != nil {
		return nil, diag.List{translate(err, toks)}
	}
	c := &converter{src: src}
	return c.file(f), c.errs
}

// recovered turns what a Parseable panicked with into an error.
func recovered(r any, toks []lexer.Token) *diag.Error {
	switch r := r.(type) {
	case bailout:
		return r.err
	case grammarBailout:
		return translate(r.err, toks)
	}
	return &diag.Error{Pos: toPos(toks[0].Pos), Msg: fmt.Sprintf("internal error in the parser, please report it: %v", r)}
}

// ParseExpr reads one expression, as the REPL prints it.
func ParseExpr(src string) (ast.Expr, diag.List) {
	toks, errs, ok := prepare("", []byte(src))
	if !ok || len(errs) > 0 {
		return nil, errs
	}
	x, errs := parseExpr(toks)
	atLastToken(errs, toks.toks, len(src))
	return x, errs
}

func parseExpr(toks scanned) (x ast.Expr, errs diag.List) {
	if e := checkNesting(toks.toks); e != nil {
		return nil, diag.List{e}
	}
	defer func() {
		if r := recover(); r != nil {
			x, errs = nil, diag.List{recovered(r, toks.toks)}
		}
	}()
	lex, err := lexer.Upgrade(&sliceLexer{toks: toks.toks})
	if err != nil {
		return nil, diag.List{translate(err, toks.toks)}
	}
	p := newExprParser(lex)
	if t := p.peek(); !canStartExpr(t) {
		unexpected(t, "an expression")
	}
	x = p.expr()
	if t := p.peek(); isSemi(t) {
		p.next()
	}
	if t := p.peek(); t.Type != tEOF {
		unexpected(t, "the end of the expression")
	}
	return x, nil
}

// ParseStmts reads statements, as a REPL line or block holds them.
func ParseStmts(filename string, src []byte) ([]ast.Stmt, diag.List) {
	toks, errs, ok := prepare(filename, src)
	if !ok || len(errs) > 0 {
		return nil, errs
	}
	stmts, errs := parseStmts(src, toks)
	addContinuationHints(errs, toks.toks)
	atLastToken(errs, toks.toks, len(src))
	return stmts, errs
}

func parseStmts(src []byte, toks scanned) (stmts []ast.Stmt, errs diag.List) {
	if e := checkNesting(toks.toks); e != nil {
		return nil, diag.List{e}
	}
	defer func() {
		if r := recover(); r != nil {
			stmts, errs = nil, diag.List{recovered(r, toks.toks)}
		}
	}()
	lex, err := lexer.Upgrade(&sliceLexer{toks: toks.toks})
	if err != nil {
		return nil, diag.List{translate(err, toks.toks)}
	}
	l, err := stmtListParser.ParseFromLexer(lex)
	if err != nil {
		return nil, diag.List{translate(err, toks.toks)}
	}
	c := &converter{src: src}
	return c.stmts(l.Stmts), c.errs
}

// Incomplete reports whether parsing failed only because the input ended
// too soon (an open block, a trailing operator, an unclosed raw string or
// comment): a REPL then reads another line instead of reporting.
func Incomplete(errs diag.List) bool {
	if len(errs) == 0 {
		return false
	}
	for _, e := range errs {
		if !strings.HasPrefix(e.Msg, eofPrefix) {
			return false
		}
	}
	return true
}
