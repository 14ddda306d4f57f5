// This file renders expressions compactly, for messages: a[i] + 1,
// state(P0, x), w1.r1.

package ast

import "strings"

// ExprString renders an expression on one line as it would be written.
func ExprString(e Expr) string {
	switch e := e.(type) {
	case *Ident:
		return e.Name
	case *BasicLit:
		return e.Raw
	case *ParenExpr:
		return "(" + ExprString(e.X) + ")"
	case *UnaryExpr:
		return e.Op + ExprString(e.X)
	case *BinaryExpr:
		return ExprString(e.X) + " " + e.Op + " " + ExprString(e.Y)
	case *SelectorExpr:
		return ExprString(e.X) + "." + e.Sel.Name
	case *IndexExpr:
		return ExprString(e.X) + "[" + ExprString(e.Index) + "]"
	case *CallExpr:
		var args []string
		for _, a := range e.Args {
			args = append(args, ExprString(a))
		}
		return ExprString(e.Fun) + "(" + strings.Join(args, ", ") + ")"
	case *FuncLit:
		return "func literal"
	case *CompositeLit:
		return ExprString(e.Type) + "{...}"
	case *ArrayType:
		return "[" + ExprString(e.Len) + "]" + ExprString(e.Elem)
	case *ChanType:
		return "chan " + ExprString(e.Elem)
	case *PointerType:
		return "*" + ExprString(e.Elem)
	case *FuncTypeExpr:
		return "func type"
	}
	return "expression"
}
