// This file defines the expression parser: a Pratt parser over the token
// stream participle holds, plugged into the grammar through Parseable.

package syntax

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
)

// maxExprDepth bounds the recursion of one expression (nested parens,
// unary chains, types such as [1][1]...int), so that no input exhausts the
// stack. Brackets are also capped before parsing (maxNesting).
const maxExprDepth = 200

// bailout carries a syntax error from deep inside a Parseable straight to
// Parse: once an expression or a statement has started, an error in it is
// final, and participle must not backtrack over it and report something
// vaguer.
type bailout struct{ err *diag.Error }

// grammarBailout carries a participle error out of a nested parse (the
// body of a function literal) to be translated where the tokens are known.
type grammarBailout struct{ err error }

// exprParser parses expressions and simple statements from participle's
// token stream.
type exprParser struct {
	lex   *lexer.PeekingLexer
	depth int
	// end is the offset just past the last token consumed.
	end int
}

func newExprParser(lex *lexer.PeekingLexer) *exprParser { return &exprParser{lex: lex} }

func (p *exprParser) peek() *lexer.Token { return p.lex.Peek() }

func (p *exprParser) next() *lexer.Token {
	t := p.lex.Next()
	if t.Type != tEOF {
		p.end = t.Pos.Offset + len(t.Value)
	}
	return t
}

// peek2 returns the token after the next one.
func (p *exprParser) peek2() *lexer.Token {
	cp := p.lex.MakeCheckpoint()
	p.lex.Next()
	t := p.lex.Peek()
	p.lex.LoadCheckpoint(cp)
	return t
}

func (p *exprParser) enter(t *lexer.Token) {
	p.depth++
	if p.depth > maxExprDepth {
		fail(t.Pos, "expression nested too deeply (more than %d levels): split it up", maxExprDepth)
	}
}

func (p *exprParser) leave() { p.depth-- }

// fail stops the parse with an error at pos.
func fail(pos lexer.Position, format string, args ...any) {
	panic(bailout{&diag.Error{Pos: toPos(pos), Msg: fmt.Sprintf(format, args...)}})
}

// unexpected stops the parse at t, saying what was expected instead.
func unexpected(t *lexer.Token, expected string) {
	fail(t.Pos, "unexpected %s, expected %s", describe(t), expected)
}

// describe names a token for a message.
func describe(t *lexer.Token) string {
	switch t.Type {
	case tEOF:
		return "end of input"
	case tAutoSemi:
		return "newline"
	case tIdent:
		return "name " + t.Value
	case tKeyword:
		return "keyword " + t.Value
	case tInt, tSize:
		return "number " + t.Value
	case tString:
		v := t.Value
		if r := []rune(v); len(r) > 24 {
			v = string(r[:20]) + "..." + v[:1]
		}
		return "string " + v
	case tChar:
		return "character " + t.Value
	}
	return strconv.Quote(t.Value)
}

func isPunct(t *lexer.Token, s string) bool { return t.Type == tPunct && t.Value == s }
func isKeyword(t *lexer.Token, s string) bool {
	return t.Type == tKeyword && t.Value == s
}
func isSemi(t *lexer.Token) bool { return t.Value == ";" && (t.Type == tPunct || t.Type == tAutoSemi) }

// canStartExpr reports whether t can begin an expression.
func canStartExpr(t *lexer.Token) bool {
	switch t.Type {
	case tIdent, tInt, tSize, tString, tChar:
		return true
	case tKeyword:
		return t.Value == "func" || t.Value == "chan"
	case tPunct:
		switch t.Value {
		case "(", "[", "+", "-", "!", "^", "*", "&", "<-":
			return true
		}
	}
	return false
}

// canStartType reports whether t can begin a type.
func canStartType(t *lexer.Token) bool {
	switch t.Type {
	case tIdent:
		return true
	case tKeyword:
		return t.Value == "func" || t.Value == "chan"
	case tPunct:
		return t.Value == "*" || t.Value == "[" || t.Value == "("
	}
	return false
}

// binaryPrec is Go's precedence of a binary operator, 0 for other tokens.
func binaryPrec(t *lexer.Token) int {
	if t.Type != tPunct {
		return 0
	}
	return opPrec(t.Value)
}

func opPrec(op string) int {
	switch op {
	case "||":
		return 1
	case "&&":
		return 2
	case "==", "!=", "<", "<=", ">", ">=":
		return 3
	case "+", "-", "|", "^":
		return 4
	case "*", "/", "%", "<<", ">>", "&", "&^":
		return 5
	}
	return 0
}

// expr parses a whole expression.
func (p *exprParser) expr() ast.Expr { return p.binary(1) }

func (p *exprParser) binary(prec1 int) ast.Expr {
	x := p.unary()
	for {
		t := p.peek()
		prec := binaryPrec(t)
		if prec < prec1 || prec == 0 {
			return x
		}
		op := p.next()
		y := p.binary(prec + 1)
		x = &ast.BinaryExpr{X: x, Op: op.Value, OpPos: toPos(op.Pos), Y: y}
	}
}

func (p *exprParser) unary() ast.Expr {
	t := p.peek()
	if t.Type == tPunct {
		switch t.Value {
		case "+", "-", "!", "^", "*", "&", "<-":
			p.next()
			p.enter(t)
			x := p.unary()
			p.leave()
			return &ast.UnaryExpr{Pos: toPos(t.Pos), Op: t.Value, X: x}
		}
	}
	return p.primary()
}

// primary parses an operand and its selectors, indexes, calls and, after
// an array type, a composite literal.
func (p *exprParser) primary() ast.Expr {
	x := p.operand()
	return p.postfix(x)
}

func (p *exprParser) postfix(x ast.Expr) ast.Expr {
	for {
		t := p.peek()
		switch {
		case isPunct(t, "."):
			p.next()
			n := p.peek()
			if n.Type != tIdent {
				unexpected(n, "a name after \".\"")
			}
			p.next()
			x = &ast.SelectorExpr{X: x, Sel: &ast.Ident{Pos: toPos(n.Pos), Name: n.Value}}
		case isPunct(t, "["):
			p.next()
			p.enter(t)
			if n := p.peek(); isPunct(n, "]") {
				unexpected(n, "an index inside [ ]")
			}
			idx := p.expr()
			p.leave()
			if n := p.peek(); isPunct(n, ":") {
				fail(n.Pos, "slicing with [a:b] is not supported: cohere has arrays, not slices")
			}
			end := p.closing("]", t, "index")
			x = &ast.IndexExpr{X: x, Index: idx, Rbrack: toPos(end.Pos)}
		case isPunct(t, "("):
			x = p.call(x)
		case isPunct(t, "{"):
			if _, ok := x.(*ast.ArrayType); !ok {
				return x
			}
			x = p.composite(x)
		default:
			return x
		}
	}
}

// closing consumes the bracket that closes open, or fails with a message
// naming where open was.
func (p *exprParser) closing(want string, open *lexer.Token, what string) *lexer.Token {
	t := p.peek()
	if isPunct(t, want) {
		return p.next()
	}
	if t.Type == tAutoSemi && (strings.HasSuffix(what, "list") || what == "composite literal") {
		fail(t.Pos, "unexpected newline in the %s: close the %q opened at %d:%d on this line, or end the line with \",\"", what, open.Value, open.Pos.Line, open.Pos.Column)
	}
	fail(t.Pos, "unexpected %s, expected %q to close the %q opened at %d:%d", describe(t), want, open.Value, open.Pos.Line, open.Pos.Column)
	return nil
}

// list parses "expr, expr, ..." up to the closing bracket of open, a
// trailing comma allowed.
func (p *exprParser) list(want string, open *lexer.Token, what string) ([]ast.Expr, *lexer.Token) {
	var xs []ast.Expr
	p.enter(open)
	defer p.leave()
	for {
		t := p.peek()
		if isPunct(t, want) {
			return xs, p.next()
		}
		if !canStartExpr(t) {
			if len(xs) > 0 {
				return xs, p.closing(want, open, what)
			}
			fail(t.Pos, "unexpected %s, expected an expression or %q to close the %q opened at %d:%d", describe(t), want, open.Value, open.Pos.Line, open.Pos.Column)
		}
		xs = append(xs, p.expr())
		if !isPunct(p.peek(), ",") {
			return xs, p.closing(want, open, what)
		}
		p.next()
	}
}

func (p *exprParser) call(fun ast.Expr) ast.Expr {
	open := p.next()
	args, end := p.list(")", open, "argument list")
	return &ast.CallExpr{Fun: fun, Lparen: toPos(open.Pos), Args: args, Rparen: toPos(end.Pos)}
}

func (p *exprParser) composite(typ ast.Expr) ast.Expr {
	open := p.next()
	if t := p.peek(); isPunct(t, "{") {
		fail(t.Pos, "write the type of each inner element, such as [2][2]int{[2]int{1, 2}, [2]int{3, 4}}")
	}
	elts, _ := p.list("}", open, "composite literal")
	return &ast.CompositeLit{Type: typ, Lbrace: toPos(open.Pos), Elts: elts}
}

func (p *exprParser) operand() ast.Expr {
	t := p.peek()
	switch t.Type {
	case tIdent:
		p.next()
		return &ast.Ident{Pos: toPos(t.Pos), Name: t.Value}
	case tInt, tSize:
		p.next()
		v, _, err := numberValue(t.Value)
		if err != nil {
			fail(t.Pos, "%s", err)
		}
		return &ast.BasicLit{Pos: toPos(t.Pos), Kind: "int", Value: v, Raw: t.Value}
	case tString:
		p.next()
		return &ast.BasicLit{Pos: toPos(t.Pos), Kind: "string", Value: stringValue(t), Raw: t.Value}
	case tChar:
		p.next()
		v, err := charValue(t.Value)
		if err != nil {
			fail(t.Pos, "%s", err)
		}
		return &ast.BasicLit{Pos: toPos(t.Pos), Kind: "char", Value: v, Raw: t.Value}
	case tKeyword:
		switch t.Value {
		case "func":
			return p.funcLitOrType()
		case "chan":
			return p.typ()
		}
	case tPunct:
		switch t.Value {
		case "(":
			p.next()
			p.enter(t)
			if n := p.peek(); isPunct(n, ")") {
				unexpected(n, "an expression inside ( )")
			}
			x := p.expr()
			p.leave()
			p.closing(")", t, "parenthesised expression")
			return &ast.ParenExpr{Pos: toPos(t.Pos), X: x}
		case "[":
			return p.typ()
		}
	}
	unexpected(t, "an expression")
	return nil
}

// stringValue unquotes a string token; the scanner has checked it.
func stringValue(t *lexer.Token) string {
	raw := t.Value
	if strings.HasPrefix(raw, "`") {
		body := strings.TrimSuffix(raw[1:], "`")
		return strings.ReplaceAll(body, "\r", "")
	}
	v, err := strconv.Unquote(raw)
	if err != nil {
		fail(t.Pos, "invalid string %s", raw)
	}
	return v
}

// typ parses a type: a name (or pkg.Name), *T, [N]T, chan T, func(...)...
// or (T).
func (p *exprParser) typ() ast.Expr {
	t := p.peek()
	p.enter(t)
	defer p.leave()
	switch t.Type {
	case tIdent:
		p.next()
		var x ast.Expr = &ast.Ident{Pos: toPos(t.Pos), Name: t.Value}
		if isPunct(p.peek(), ".") {
			p.next()
			n := p.peek()
			if n.Type != tIdent {
				unexpected(n, "a type name after \".\"")
			}
			p.next()
			x = &ast.SelectorExpr{X: x, Sel: &ast.Ident{Pos: toPos(n.Pos), Name: n.Value}}
		}
		return x
	case tKeyword:
		switch t.Value {
		case "chan":
			p.next()
			if n := p.peek(); isPunct(n, "<-") {
				fail(n.Pos, "send-only channel types (chan<- T) are not supported: write chan T")
			}
			return &ast.ChanType{Pos: toPos(t.Pos), Elem: p.typ()}
		case "func":
			p.next()
			return &ast.FuncTypeExpr{Type: p.signature(t)}
		case "map", "struct", "interface":
			fail(t.Pos, "%s types are not supported by cohere: use arrays, channels and pointers", t.Value)
		}
	case tPunct:
		switch t.Value {
		case "*":
			p.next()
			return &ast.PointerType{Pos: toPos(t.Pos), Elem: p.typ()}
		case "[":
			p.next()
			n := p.peek()
			if isPunct(n, "]") {
				fail(n.Pos, "slices are not supported: give the array a length, such as [8]int")
			}
			if isPunct(n, "...") {
				fail(n.Pos, "[...] is not supported: write the array's length, such as [3]int{1, 2, 3}")
			}
			length := p.expr()
			p.closing("]", t, "array length")
			return &ast.ArrayType{Pos: toPos(t.Pos), Len: length, Elem: p.typ()}
		case "(":
			p.next()
			x := p.typ()
			p.closing(")", t, "parenthesised type")
			return &ast.ParenExpr{Pos: toPos(t.Pos), X: x}
		case "<-":
			fail(t.Pos, "receive-only channel types (<-chan T) are not supported: write chan T")
		}
	}
	unexpected(t, "a type, such as int or [8]int")
	return nil
}

// funcLitOrType parses func(...)... and, when a "{" follows, the body of a
// function literal.
func (p *exprParser) funcLitOrType() ast.Expr {
	kw := p.next()
	sig := p.signature(kw)
	if !isPunct(p.peek(), "{") {
		return &ast.FuncTypeExpr{Type: sig}
	}
	p.enter(kw)
	defer p.leave()
	return &ast.FuncLit{Type: sig, Body: p.body()}
}

// body parses a block with the participle grammar, from where this parser
// stands.
func (p *exprParser) body() *ast.BlockStmt {
	b, err := blockParser.ParseFromLexer(p.lex, participle.AllowTrailing(true))
	if err != nil {
		panic(grammarBailout{err})
	}
	c := &converter{}
	out := c.block(b)
	if len(c.errs) > 0 {
		panic(bailout{c.errs[0]})
	}
	p.end = out.End.Offset + 1
	return out
}

// signature parses (params) results; kw is the func keyword.
func (p *exprParser) signature(kw *lexer.Token) *ast.FuncType {
	ft := &ast.FuncType{Pos: toPos(kw.Pos)}
	open := p.peek()
	if !isPunct(open, "(") {
		unexpected(open, "\"(\" to start the parameters")
	}
	ft.Params = p.params("parameter")
	t := p.peek()
	switch {
	case isPunct(t, "("):
		ft.Results = p.params("result")
	case canStartType(t):
		ft.Results = []*ast.Param{{Type: p.typ()}}
	}
	return ft
}

// params parses a parenthesised parameter or result list, Go style:
// (int, string), (a, b int, c string).
func (p *exprParser) params(what string) []*ast.Param {
	open := p.next()
	p.enter(open)
	defer p.leave()
	type entry struct {
		first ast.Expr // a name or a type
		typ   ast.Expr // the type when first is a name
	}
	var entries []entry
	named := false
	for {
		if isPunct(p.peek(), ")") {
			p.next()
			break
		}
		t := p.peek()
		if !canStartType(t) {
			if t.Type == tAutoSemi {
				fail(t.Pos, "unexpected newline in the %s list: end the line with \",\" or close it with \")\"", what)
			}
			fail(t.Pos, "unexpected %s, expected a %s (name and type, such as n int) or \")\"", describe(t), what)
		}
		e := entry{first: p.typ()}
		if n := p.peek(); !isPunct(n, ",") && !isPunct(n, ")") {
			if _, ok := e.first.(*ast.Ident); !ok || !canStartType(n) {
				p.closing(")", open, what+" list")
			}
			e.typ = p.typ()
			named = true
		}
		entries = append(entries, e)
		if n := p.peek(); canStartType(n) {
			unexpected(n, "\",\" between two "+what+"s")
		}
		if !isPunct(p.peek(), ",") {
			p.closing(")", open, what+" list")
			break
		}
		p.next()
	}
	var out []*ast.Param
	if !named {
		for _, e := range entries {
			out = append(out, &ast.Param{Type: e.first})
		}
		return out
	}
	// Named: a lone name takes the type of the next entry that has one.
	var pending []*ast.Ident
	for _, e := range entries {
		name, ok := e.first.(*ast.Ident)
		if !ok {
			fail(posOf(e.first), "mixed named and unnamed %ss: give every %s a name, such as (a int, b int)", what, what)
		}
		pending = append(pending, name)
		if e.typ == nil {
			continue
		}
		for _, n := range pending {
			out = append(out, &ast.Param{Name: n, Type: e.typ})
		}
		pending = nil
	}
	if len(pending) > 0 {
		fail(posOf(pending[0]), "mixed named and unnamed %ss: give each %s a name and a type, as in (a int, s string)", what, what)
	}
	return out
}

// posOf turns a node's position back into a lexer position for fail.
func posOf(n ast.Node) lexer.Position { return lexPos(n.Start()) }

func lexPos(p ast.Pos) lexer.Position {
	return lexer.Position{Filename: p.File, Offset: p.Offset, Line: p.Line, Column: p.Col}
}

// exprList parses "expr, expr, ...".
func (p *exprParser) exprList() []ast.Expr {
	xs := []ast.Expr{p.expr()}
	for isPunct(p.peek(), ",") {
		p.next()
		xs = append(xs, p.expr())
	}
	return xs
}
