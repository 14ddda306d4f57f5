// This file prints expressions: gofmt's spacing, where operators of the
// tighter precedence lose their spaces in a mixed expression (a + b*c),
// and line breaks in argument lists and literals kept from the source.

package syntax

import (
	"github.com/cohere-sim/cohere/lang/ast"
)

const (
	lowestPrec  = 0
	unaryPrec   = 6
	highestPrec = 7
)

func (p *printer) expr(x ast.Expr)             { p.expr1(x, lowestPrec, 1) }
func (p *printer) expr0(x ast.Expr, depth int) { p.expr1(x, lowestPrec, depth) }

func (p *printer) expr1(x ast.Expr, prec1, depth int) {
	if x == nil {
		return
	}
	p.flush(x.Start().Offset)
	switch x := x.(type) {
	case *ast.Ident:
		p.write(x.Name)
	case *ast.BasicLit:
		p.write(x.Raw)
	case *ast.ParenExpr:
		p.write("(")
		p.expr0(x.X, reduceDepth(depth))
		p.closeAt(")", x.Pos)
	case *ast.UnaryExpr:
		p.write(x.Op)
		p.expr1(x.X, unaryPrec, depth)
	case *ast.BinaryExpr:
		p.binaryExpr(x, prec1, cutoff(x, depth), depth)
	case *ast.SelectorExpr:
		p.expr1(x.X, highestPrec, depth)
		p.write(".")
		p.ident(x.Sel)
	case *ast.IndexExpr:
		p.expr1(x.X, highestPrec, 1)
		p.write("[")
		p.expr0(x.Index, depth+1)
		p.flush(x.Rbrack.Offset)
		p.write("]")
	case *ast.CallExpr:
		p.expr1(x.Fun, highestPrec, depth)
		if len(x.Args) > 1 {
			depth++
		}
		p.list("(", x.Lparen, x.Args, depth, ")", x.Rparen.Offset, x.Rparen.Line)
	case *ast.CompositeLit:
		p.expr1(x.Type, highestPrec, depth)
		end := p.closers[x.Lbrace.Offset]
		if end.Line == 0 {
			end.Offset = x.Lbrace.Offset
		}
		p.list("{", x.Lbrace, x.Elts, 1, "}", end.Offset, end.Line)
	case *ast.FuncLit:
		p.write("func")
		p.signature(x.Type)
		p.write(" ")
		p.funcBody(x.Body)
	case *ast.FuncTypeExpr:
		p.write("func")
		p.signature(x.Type)
	case *ast.ArrayType:
		p.write("[")
		p.expr(x.Len)
		p.write("]")
		p.expr(x.Elem)
	case *ast.PointerType:
		p.write("*")
		p.expr(x.Elem)
	case *ast.ChanType:
		p.write("chan ")
		p.expr(x.Elem)
	}
}

// closeAt writes the closer of the bracket opened at open, after the
// comments before it.
func (p *printer) closeAt(closer string, open ast.Pos) {
	if c, ok := p.closers[open.Offset]; ok {
		p.flush(c.Offset)
	}
	p.write(closer)
}

// list prints "(a, b)" or "{a, b}", keeping the source's line breaks
// between elements: an element that started a line still does, one tab
// in, and a closer on its own line gets a trailing comma.
func (p *printer) list(open string, openPos ast.Pos, xs []ast.Expr, depth int, closer string, closeOff, closeLine int) {
	p.write(open)
	indented := false
	prevLine := openPos.Line
	for i, x := range xs {
		start := x.Start()
		if i > 0 {
			p.write(",")
			prevLine = p.lineEndingBefore(start.Offset)
		}
		if p.src != nil && start.Line > prevLine {
			if !indented {
				p.indent++
				indented = true
			}
			p.flush(start.Offset)
			p.newlines(1)
		} else if i > 0 {
			p.write(" ")
		}
		p.expr0(x, depth)
	}
	if p.src != nil && len(xs) > 0 && closeLine > p.lineEndingBefore(closeOff) {
		p.write(",")
		p.flush(closeOff)
		if indented {
			p.indent--
			indented = false
		}
		p.newlines(1)
	} else {
		p.flush(closeOff)
	}
	if indented {
		p.indent--
	}
	p.write(closer)
}

func (p *printer) exprList(xs []ast.Expr, depth int) {
	for i, x := range xs {
		if i > 0 {
			p.write(", ")
		}
		p.expr0(x, depth)
	}
}

func (p *printer) binaryExpr(x *ast.BinaryExpr, prec1, cutoff, depth int) {
	prec := opPrec(x.Op)
	printBlank := prec < cutoff
	p.expr1(x.X, prec, depth+diffPrec(x.X, prec))
	if printBlank {
		p.write(" ")
	}
	p.flush(x.OpPos.Offset)
	p.write(x.Op)
	broke := false
	if p.src != nil && x.Y.Start().Line > x.OpPos.Line {
		p.indent++
		broke = true
		p.flush(x.Y.Start().Offset)
		p.newlines(1)
	} else if printBlank {
		p.write(" ")
	}
	p.expr1(x.Y, prec+1, depth+1)
	if broke {
		p.indent--
	}
}

// The rest follows go/printer: whether a binary expression prints its
// operators with blanks depends on the mix of precedences in it.

func reduceDepth(depth int) int {
	depth--
	if depth < 1 {
		depth = 1
	}
	return depth
}

func diffPrec(x ast.Expr, prec int) int {
	b, ok := x.(*ast.BinaryExpr)
	if !ok || prec != opPrec(b.Op) {
		return 1
	}
	return 0
}

func cutoff(e *ast.BinaryExpr, depth int) int {
	has4, has5, maxProblem := walkBinary(e)
	if maxProblem > 0 {
		return maxProblem + 1
	}
	if has4 && has5 {
		if depth == 1 {
			return 5
		}
		return 4
	}
	if depth == 1 {
		return 6
	}
	return 4
}

func walkBinary(e *ast.BinaryExpr) (has4, has5 bool, maxProblem int) {
	switch opPrec(e.Op) {
	case 4:
		has4 = true
	case 5:
		has5 = true
	}
	if l, ok := e.X.(*ast.BinaryExpr); ok && opPrec(l.Op) >= opPrec(e.Op) {
		h4, h5, mp := walkBinary(l)
		has4 = has4 || h4
		has5 = has5 || h5
		maxProblem = max(maxProblem, mp)
	}
	switch r := e.Y.(type) {
	case *ast.BinaryExpr:
		if opPrec(r.Op) > opPrec(e.Op) {
			h4, h5, mp := walkBinary(r)
			has4 = has4 || h4
			has5 = has5 || h5
			maxProblem = max(maxProblem, mp)
		}
	case *ast.UnaryExpr:
		switch e.Op + r.Op {
		case "/*", "&&", "&^":
			maxProblem = 5
		case "++", "--":
			maxProblem = max(maxProblem, 4)
		}
	}
	return
}
