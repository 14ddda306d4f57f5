// This file defines the productions parsed by hand (participle's
// Parseable): expressions, simple statements, the headers of if and for,
// settings lines and the body of an expect. In grammar.ebnf they are the
// lower-case names.

package syntax

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cohere-sim/cohere/lang/ast"
)

// expr is an expression: Go's operators and precedence.
type expr struct{ X ast.Expr }

func (e *expr) Parse(lex *lexer.PeekingLexer) error {
	if !canStartExpr(lex.Peek()) {
		return participle.NextMatch
	}
	e.X = newExprParser(lex).expr()
	return nil
}

// target is what a trace or init line touches: a variable, an element
// (a[3]), a selector, or an address; no binary operator, so that a value
// may follow (P1 write a -1).
type target struct{ X ast.Expr }

func (e *target) Parse(lex *lexer.PeekingLexer) error {
	if !canStartExpr(lex.Peek()) {
		return participle.NextMatch
	}
	e.X = newExprParser(lex).unary()
	return nil
}

// typeExpr is a type: int, *T, [N]T, chan T, func(...) ..., pkg.T.
type typeExpr struct{ X ast.Expr }

func (e *typeExpr) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if !canStartType(t) || t.Type == tIdent && (t.Value == "at" || t.Value == "align") {
		return participle.NextMatch
	}
	e.X = newExprParser(lex).typ()
	return nil
}

// signature is a function's (parameters) results.
type signature struct{ T *ast.FuncType }

func (s *signature) Parse(lex *lexer.PeekingLexer) error {
	p := newExprParser(lex)
	t := p.peek()
	if !isPunct(t, "(") {
		unexpected(t, "\"(\" to start the parameter list")
	}
	s.T = p.signature(&lexer.Token{Pos: t.Pos})
	return nil
}

// simpleStmt is an expression statement, an assignment (= := op=), x++,
// x-- or a send (ch <- v).
type simpleStmt struct{ S ast.Stmt }

func (s *simpleStmt) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if !canStartExpr(t) {
		if t.Type == tKeyword {
			switch t.Value {
			case "else":
				fail(t.Pos, "unexpected else: write else on the same line as the \"}\" that closes the if block, as in } else {")
			case "switch", "goto", "fallthrough", "const", "type", "import", "package", "struct", "interface", "map":
				fail(t.Pos, "%s is not supported by cohere", t.Value)
			case "range":
				fail(t.Pos, "unexpected range: range belongs in a for loop, as in for i := range n {")
			}
		}
		return participle.NextMatch
	}
	p := newExprParser(lex)
	s.S, _ = p.simpleStmt(false)
	return nil
}

// assignOps are the assignment operators.
var assignOps = map[string]bool{
	"=": true, ":=": true, "+=": true, "-=": true, "*=": true, "/=": true, "%=": true,
	"&=": true, "|=": true, "^=": true, "<<=": true, ">>=": true, "&^=": true,
}

// rangeClause is the header of a for over range.
type rangeClause struct {
	Key, Value ast.Expr
	Define     bool
	X          ast.Expr
}

// simpleStmt parses a simple statement; with rangeOK a range clause too
// (returned instead of a statement).
func (p *exprParser) simpleStmt(rangeOK bool) (ast.Stmt, *rangeClause) {
	start := p.peek()
	pos := toPos(start.Pos)
	if rangeOK && isKeyword(start, "range") {
		p.next()
		return nil, &rangeClause{X: p.rangeOperand(start)}
	}
	lhs := p.exprList()
	t := p.peek()
	switch {
	case t.Type == tPunct && assignOps[t.Value]:
		p.next()
		if t.Value == ":=" {
			for _, x := range lhs {
				if _, ok := x.(*ast.Ident); !ok {
					fail(posOf(x), "the left side of := must be names; use = to assign to an existing variable")
				}
			}
		}
		if t.Value != ":=" && t.Value != "=" && len(lhs) > 1 {
			fail(t.Pos, "%s assigns to one variable only", t.Value)
		}
		if r := p.peek(); isKeyword(r, "range") && (t.Value == ":=" || t.Value == "=") {
			if !rangeOK {
				fail(r.Pos, "unexpected range: range belongs in a for loop, as in for i := range n {")
			}
			if len(lhs) > 2 {
				fail(posOf(lhs[2]), "range gives at most two values (index and element)")
			}
			p.next()
			rc := &rangeClause{Key: lhs[0], Define: t.Value == ":=", X: p.rangeOperand(r)}
			if len(lhs) == 2 {
				rc.Value = lhs[1]
			}
			return nil, rc
		}
		rhs := p.exprList()
		return &ast.AssignStmt{Pos: pos, LHS: lhs, Op: t.Value, OpPos: toPos(t.Pos), RHS: rhs}, nil
	case isPunct(t, "++") || isPunct(t, "--"):
		p.single(lhs, t)
		p.next()
		return &ast.IncDecStmt{Pos: pos, X: lhs[0], Inc: t.Value == "++"}, nil
	case isPunct(t, "<-"):
		p.single(lhs, t)
		p.next()
		return &ast.SendStmt{Pos: pos, Chan: lhs[0], Value: p.expr()}, nil
	}
	if len(lhs) > 1 {
		if isPunct(t, "==") {
			fail(t.Pos, "unexpected ==, expected = or := after a list of variables")
		}
		unexpected(t, "= or := after a list of variables")
	}
	return &ast.ExprStmt{X: lhs[0]}, nil
}

func (p *exprParser) rangeOperand(kw *lexer.Token) ast.Expr {
	if t := p.peek(); !canStartExpr(t) {
		unexpected(t, "what to range over (an integer, an array or a channel)")
	}
	return p.expr()
}

// single fails unless lhs holds one expression, for op.
func (p *exprParser) single(lhs []ast.Expr, op *lexer.Token) {
	if len(lhs) > 1 {
		fail(op.Pos, "%s applies to one expression, not a list", op.Value)
	}
}

// ifHeader is `[INIT ;] COND` after if.
type ifHeader struct {
	Init ast.Stmt
	Cond ast.Expr
}

func (h *ifHeader) Parse(lex *lexer.PeekingLexer) error {
	p := newExprParser(lex)
	t := p.peek()
	if isPunct(t, "{") {
		fail(t.Pos, "missing condition: write it between if and {, as in if x > 0 {")
	}
	if !canStartExpr(t) {
		unexpected(t, "a condition after if")
	}
	s, _ := p.simpleStmt(false)
	if semi := p.peek(); isSemi(semi) {
		p.next()
		if n := p.peek(); isPunct(n, "{") {
			if semi.Type == tAutoSemi {
				fail(semi.Pos, "unexpected newline: put the \"{\" on the same line as the if condition")
			}
			fail(n.Pos, "missing condition after %q: write it before {", ";")
		}
		if n := p.peek(); !canStartExpr(n) {
			if semi.Type == tAutoSemi {
				fail(semi.Pos, "unexpected newline after the if condition, expected \"{\" on the same line")
			}
			unexpected(n, "a condition after the init statement")
		}
		h.Init = s
		h.Cond = p.expr()
	} else {
		h.Cond = condition(s, "if")
	}
	p.blockFollows("if condition")
	return nil
}

// condition returns s as the condition of an if or for, or fails.
func condition(s ast.Stmt, kw string) ast.Expr {
	switch s := s.(type) {
	case *ast.ExprStmt:
		return s.X
	case *ast.AssignStmt:
		if s.Op == "=" {
			fail(posOf(s), "expected a condition after %s, found an assignment: did you mean ==?", kw)
		}
		fail(posOf(s), "expected a condition after %s, found an assignment: to declare a variable here, end it with \";\" and add the condition, as in %s x := f(); x > 0 {", kw, kw)
	}
	fail(posOf(s), "expected a condition after %s, found a statement", kw)
	return nil
}

// blockFollows fails unless a "{" comes next.
func (p *exprParser) blockFollows(after string) {
	t := p.peek()
	if isPunct(t, "{") {
		return
	}
	if t.Type == tAutoSemi {
		fail(t.Pos, "unexpected newline, expected \"{\": put it on the same line as the %s", after)
	}
	unexpected(t, "\"{\" after the "+after)
}

// forHeader is what stands between for and the body.
type forHeader struct {
	Init  ast.Stmt
	Cond  ast.Expr
	Post  ast.Stmt
	Range *rangeClause
}

func (h *forHeader) Parse(lex *lexer.PeekingLexer) error {
	p := newExprParser(lex)
	t := p.peek()
	if isPunct(t, "{") {
		return participle.NextMatch
	}
	if !isSemi(t) {
		if !canStartExpr(t) && !isKeyword(t, "range") {
			unexpected(t, "a condition, a range clause or \"{\" after for")
		}
		s, rc := p.simpleStmt(true)
		if rc != nil {
			h.Range = rc
			p.blockFollows("range clause")
			return nil
		}
		if isPunct(p.peek(), "{") {
			h.Cond = condition(s, "for")
			return nil
		}
		h.Init = s
	}
	semi := p.peek()
	if !isSemi(semi) {
		unexpected(semi, "\"{\" or \";\" after the for clause")
	}
	if semi.Type == tAutoSemi {
		fail(semi.Pos, "unexpected newline, expected \"{\": put it on the same line as the for clause")
	}
	p.next()
	if t := p.peek(); !isSemi(t) {
		if isPunct(t, "{") {
			fail(t.Pos, "a for loop with an init statement needs two \";\": for i := 0; i < n; i++ {")
		}
		h.Cond = p.expr()
	}
	semi = p.peek()
	if !isSemi(semi) || semi.Type == tAutoSemi {
		if isPunct(semi, "{") {
			fail(semi.Pos, "a for loop with an init statement needs two \";\": for i := 0; i < n; i++ {")
		}
		unexpected(semi, "\";\" after the loop condition")
	}
	p.next()
	if t := p.peek(); !isPunct(t, "{") {
		post, _ := p.simpleStmt(false)
		if a, ok := post.(*ast.AssignStmt); ok && a.Op == ":=" {
			fail(lexPos(a.OpPos), "cannot declare a variable in the post statement of a for loop")
		}
		h.Post = post
	}
	p.blockFollows("for clause")
	return nil
}

// setting is one line of a machine or memory block: a name, then words.
type setting struct{ S *ast.Setting }

func (s *setting) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if isSemi(t) || isPunct(t, "}") || t.Type == tEOF {
		return participle.NextMatch
	}
	s.S = settingWords(lex, "the name of a setting, such as cores or protocol")
	return nil
}

// runSetting is what follows run: a mode, then words.
type runSetting struct{ S *ast.Setting }

func (s *runSetting) Parse(lex *lexer.PeekingLexer) error {
	s.S = settingWords(lex, "a run mode: sequential, roundrobin, random, timed, order or all")
	return nil
}

// settingWords reads words up to the end of the line (or a "}").
func settingWords(lex *lexer.PeekingLexer, expected string) *ast.Setting {
	t := lex.Peek()
	if t.Type != tIdent && t.Type != tKeyword {
		unexpected(t, expected)
	}
	lex.Next()
	st := &ast.Setting{Pos: toPos(t.Pos), Name: ast.Word{Pos: toPos(t.Pos), Kind: ast.WordIdent, Text: t.Value}}
	for {
		t := lex.Peek()
		if isSemi(t) || isPunct(t, "}") || t.Type == tEOF {
			return st
		}
		w := ast.Word{Pos: toPos(t.Pos), Text: t.Value}
		switch t.Type {
		case tIdent, tKeyword:
			w.Kind = ast.WordIdent
		case tInt:
			w.Kind = ast.WordNumber
		case tSize:
			w.Kind = ast.WordSize
		case tString:
			w.Kind = ast.WordString
			w.Text = stringValue(t)
		case tPunct:
			if t.Value == "{" {
				unexpected(t, "a word of the setting (a setting is one line: name and values)")
			}
			w.Kind = ast.WordSymbol
		default:
			unexpected(t, "a name, a number, a size, a string or a symbol")
		}
		st.Args = append(st.Args, w)
		lex.Next()
	}
}

// expectBody is what follows expect: [never|possible|always] EXPR, norace
// or race.
type expectBody struct {
	Kind       string
	X          ast.Expr
	Start, End int // source offsets of the text after expect
}

func (e *expectBody) Parse(lex *lexer.PeekingLexer) error {
	p := newExprParser(lex)
	t := p.peek()
	e.Start = t.Pos.Offset
	if t.Type == tIdent {
		n := p.peek2()
		switch t.Value {
		case "norace", "race":
			if isSemi(n) || n.Type == tEOF {
				p.next()
				e.Kind, e.End = t.Value, p.end
				return nil
			}
		case "never", "possible", "always":
			if canStartExpr(n) && !isPunct(n, "[") {
				p.next()
				e.Kind = t.Value
				if !canStartExpr(p.peek()) {
					unexpected(p.peek(), "an expression after expect "+t.Value)
				}
			}
		}
	}
	if !canStartExpr(p.peek()) {
		unexpected(p.peek(), "what to expect: an expression such as a == 1, or norace")
	}
	e.X = p.expr()
	e.End = p.end
	return nil
}

// end ends a statement or a line of a block: a ";" (a newline, mostly),
// or nothing before a "}" (and before the next case of a select).
type end struct{}

func (e *end) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	switch {
	case isSemi(t):
		lex.Next()
		return nil
	case isPunct(t, "}") || isKeyword(t, "case") || isKeyword(t, "default") || t.Type == tEOF:
		return nil
	}
	return participle.NextMatch
}

// call is the call after go or defer.
type call struct{ X ast.Expr }

func (c *call) Parse(lex *lexer.PeekingLexer) error {
	if t := lex.Peek(); !canStartExpr(t) {
		unexpected(t, "a function call after go or defer, as in go f(x) or defer mu.Unlock()")
	}
	c.X = newExprParser(lex).expr()
	return nil
}
