package syntax

import "github.com/cohere-sim/cohere/lang/ast"

func exprString(x ast.Expr) string { _ = x; return "?" }
