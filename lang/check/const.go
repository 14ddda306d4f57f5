// This file folds constant integer expressions: array lengths, thread
// counts, core numbers, addresses, alignments and trace values.

package check

import (
	"strconv"

	"github.com/cohere-sim/cohere/lang/ast"
)

// fold evaluates a constant expression: literals, named constants (ident
// resolves them) and arithmetic on them.
func fold(e ast.Expr, ident func(*ast.Ident) (int64, bool)) (int64, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind == "int" || e.Kind == "char" {
			v, err := strconv.ParseUint(e.Value, 10, 64)
			return int64(v), err == nil
		}
	case *ast.Ident:
		return ident(e)
	case *ast.ParenExpr:
		return fold(e.X, ident)
	case *ast.UnaryExpr:
		v, ok := fold(e.X, ident)
		switch e.Op {
		case "-":
			return -v, ok
		case "+":
			return v, ok
		case "^":
			return ^v, ok
		}
	case *ast.BinaryExpr:
		a, ok1 := fold(e.X, ident)
		b, ok2 := fold(e.Y, ident)
		if !ok1 || !ok2 {
			return 0, false
		}
		switch e.Op {
		case "+":
			return a + b, true
		case "-":
			return a - b, true
		case "*":
			return a * b, true
		case "/":
			if b != 0 {
				return a / b, true
			}
		case "%":
			if b != 0 {
				return a % b, true
			}
		case "<<":
			if b >= 0 && b < 64 {
				return a << uint(b), true
			}
		case ">>":
			if b >= 0 && b < 64 {
				return a >> uint(b), true
			}
		case "&":
			return a & b, true
		case "|":
			return a | b, true
		}
	}
	return 0, false
}

// constValue folds e with the names of scope s.
func constValue(e ast.Expr, s *scope) (int64, bool) {
	return fold(e, func(id *ast.Ident) (int64, bool) {
		if o := s.lookup(id.Name); o != nil && o.Kind == ConstObj {
			return o.Const, true
		}
		return 0, false
	})
}

// ConstValue folds a constant expression of a checked file (ncores
// included), as the checker did.
func (in *Info) ConstValue(e ast.Expr) (int64, bool) {
	return fold(e, func(id *ast.Ident) (int64, bool) {
		if o := in.ObjectOf(id); o != nil && o.Kind == ConstObj {
			return o.Const, true
		}
		if id.Name == "ncores" {
			return in.Cores, true
		}
		return 0, false
	})
}

// ConstCount folds a constant expression before checking, knowing only
// ncores: a thread group's count, for the names `run order` may use.
func ConstCount(e ast.Expr, cores int) (int64, bool) {
	return fold(e, func(id *ast.Ident) (int64, bool) {
		if id.Name == "ncores" {
			return int64(cores), true
		}
		return 0, false
	})
}
