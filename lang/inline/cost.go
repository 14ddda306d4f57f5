// This file prices one body in Go's nodes. Go counts the nodes of its IR
// after type checking, not of the source; each rule below says which IR
// a cohere statement or expression stands for, and the costs were checked
// against `go build -gcflags=-m=2` on the same Go code (inline_test.go).

package inline

import (
	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/check"
	"github.com/cohere-sim/cohere/lang/types"
)

// coster walks one body. Like Go with -m=2 it counts to the end, over the
// budget too; the first op that forbids inlining is the reason.
type coster struct {
	a      *analyzer
	fn     *Func
	cost   int
	nodes  int // nodes alone, for "big" functions
	reason string
}

func (c *coster) node(n int)  { c.cost += n; c.nodes += n }
func (c *coster) extra(n int) { c.cost += n }
func (c *coster) hairy(why string) {
	if c.reason == "" {
		c.reason = why
	}
}

func (c *coster) block(b *ast.BlockStmt) {
	if b == nil {
		return
	}
	c.stmts(b.Stmts)
}

func (c *coster) stmts(list []ast.Stmt) {
	for _, s := range list {
		c.stmt(s)
	}
}

func (c *coster) stmt(s ast.Stmt) {
	switch s := s.(type) {
	case nil:
	case *ast.BlockStmt:
		c.block(s) // OBLOCK costs nothing
	case *ast.ExprStmt:
		c.expr(s.X)
	case *ast.AssignStmt:
		c.assign(s.LHS, s.Op, s.RHS)
	case *ast.IncDecStmt:
		c.node(2) // OASOP and the implicit 1
		c.expr(s.X)
	case *ast.SendStmt:
		c.node(1)
		c.expr(s.Chan)
		c.expr(s.Value)
	case *ast.DeclStmt:
		d := s.Decl
		if len(d.Values) == 0 {
			// var x T: ODCL x, then x = zero (OAS with no value).
			c.node(4 * len(d.Names))
			return
		}
		lhs := make([]ast.Expr, len(d.Names))
		for i, id := range d.Names {
			lhs[i] = id
		}
		c.assign(lhs, ":=", d.Values)
	case *ast.IfStmt:
		if v, ok := c.constBool(s.Cond); ok {
			// A constant condition costs nothing, nor does the branch not taken.
			c.stmt(s.Init)
			if v {
				c.block(s.Then)
			} else {
				c.stmt(s.Else)
			}
			return
		}
		c.node(1)
		c.stmt(s.Init)
		c.expr(s.Cond)
		c.block(s.Then)
		c.stmt(s.Else)
	case *ast.ForStmt:
		c.node(1)
		c.stmt(s.Init)
		c.expr(s.Cond)
		c.stmt(s.Post)
		c.block(s.Body)
	case *ast.RangeStmt:
		c.node(1)
		c.expr(s.X)
		for _, e := range []ast.Expr{s.Key, s.Value} {
			if e == nil {
				continue
			}
			c.expr(e)
			if id, ok := e.(*ast.Ident); ok && s.Define && id.Name != "_" {
				c.node(2) // ODCL
			}
		}
		c.block(s.Body)
	case *ast.BranchStmt:
		c.node(1)
	case *ast.ReturnStmt:
		c.node(1)
		for _, e := range s.Results {
			c.expr(e)
		}
		if len(s.Results) == 1 {
			c.spread(s.Results[0])
		}
	case *ast.GoStmt:
		c.hairy("unhandled op GO")
		c.node(1)
		c.expr(s.Call)
	case *ast.DeferStmt:
		c.hairy("unhandled op DEFER")
		c.node(1)
		c.expr(s.Call)
	case *ast.SelectStmt:
		c.node(1)
		for _, cl := range s.Cases {
			c.node(1) // OCASE
			switch comm := cl.Comm.(type) {
			case *ast.ExprStmt: // <-ch: as _ = <-ch below
				c.node(3)
				c.expr(comm.X)
			case *ast.AssignStmt: // v = <-ch, v := <-ch
				c.node(1)
				c.stmt(comm)
			default:
				c.stmt(comm)
			}
			c.stmts(cl.Body)
		}
	case *ast.EmptyStmt:
	}
}

// assign prices `lhs op rhs`: OAS or OAS2 (1), each side's nodes, and an
// ODCL (2) for each variable := declares. Unified IR's temporaries for
// `a, b := f()` are what Go's own compensation takes back.
func (c *coster) assign(lhs []ast.Expr, op string, rhs []ast.Expr) {
	c.node(1)
	for _, e := range lhs {
		c.expr(e)
		if op == ":=" {
			if id, ok := e.(*ast.Ident); ok && id.Name != "_" && c.a.info.Defs[id] != nil {
				c.node(2)
			}
		}
	}
	for _, e := range rhs {
		c.expr(e)
	}
}

// spread prices the temporaries Go makes for a call whose several
// results are passed on (return f(), g(f())): tmp1, tmp2 := f(), then
// the temporaries: 4 per result and 1, which Go's compensation for OAS2
// does not take back here.
func (c *coster) spread(e ast.Expr) {
	if t := c.a.info.TypeOf(e); t.Kind == types.Tuple {
		c.node(4*len(t.Results) + 1)
	}
}

func (c *coster) constBool(e ast.Expr) (bool, bool) {
	if e == nil || c.a.info.TypeOf(e).Kind != types.Bool {
		return false, false
	}
	v, ok := c.a.info.ConstValue(e)
	return v != 0, ok
}

func (c *coster) expr(e ast.Expr) {
	switch e := e.(type) {
	case nil:
	case *ast.Ident:
		if o := c.a.info.ObjectOf(e); o != nil && o.Kind == check.TypeObj {
			return // types produce no code
		}
		c.node(1)
	case *ast.BasicLit:
		c.node(1)
	case *ast.ParenExpr:
		c.expr(e.X)
	case *ast.UnaryExpr:
		if _, ok := c.a.info.ConstValue(e); ok {
			c.node(1) // folded to a literal
			return
		}
		c.node(1)
		if x, ok := unparen(e.X).(*ast.UnaryExpr); ok && e.Op == "*" && x.Op == "&" {
			c.extra(-1) // *&x: half of ODEREF+OADDR is taken back
		}
		c.expr(e.X)
	case *ast.BinaryExpr:
		if _, ok := c.a.info.ConstValue(e); ok {
			c.node(1)
			return
		}
		if x, ok := e.X.(*ast.BinaryExpr); ok && e.Op == "+" && x.Op == "+" && c.a.info.TypeOf(e).Kind == types.String {
			c.expr(x) // a + b + c is one OADDSTR of three operands
			c.expr(e.Y)
			return
		}
		c.node(1)
		c.expr(e.X)
		c.expr(e.Y)
	case *ast.SelectorExpr:
		c.node(1)
		c.expr(e.X)
	case *ast.IndexExpr:
		c.node(1)
		c.expr(e.X)
		c.expr(e.Index)
	case *ast.CallExpr:
		c.call(e)
	case *ast.FuncLit:
		// OCLOSURE: its node and 15 more; the literal's body is priced
		// on its own.
		c.node(1)
		c.extra(closureCost)
	case *ast.CompositeLit:
		c.node(1)
		for _, el := range e.Elts {
			c.expr(el)
		}
	case *ast.ArrayType, *ast.PointerType, *ast.ChanType, *ast.FuncTypeExpr:
		// types produce no code
	}
}

func (c *coster) args(list []ast.Expr) {
	for _, e := range list {
		c.expr(e)
	}
}

// Go's costs of the library calls cohere's methods stand for: the call
// as Go prices it (sync.(*Mutex).Lock is itself inlined, so its own cost
// counts), less the receiver, which is priced as &x (or the pointer).
var methodCost = map[string]int{
	"mutex.Lock":    69, // sync.(*Mutex).Lock
	"mutex.Unlock":  75,
	"mutex.TryLock": 31,
	"wg.Add":        58, // sync.(*WaitGroup).Add, before its argument
	"wg.Done":       61,
	"wg.Wait":       58,
}

func (c *coster) call(e *ast.CallExpr) {
	name := c.a.info.Calls[e]
	switch name {
	case "":
	case "recover":
		c.hairy("call to recover")
		c.node(1)
		return
	case "len":
		if _, ok := c.a.info.ConstValue(e); ok || c.a.info.TypeOf(e.Args[0]).Kind == types.Array {
			c.node(1) // len of an array is a constant
			return
		}
		c.node(1)
		c.args(e.Args)
		return
	case "panic":
		// OPANIC and its extra cost (1), less one for the implicit
		// conversion to any, then the conversion and the value.
		c.node(1)
		c.extra(1)
		c.args(e.Args)
		c.node(1)
		c.extra(-1)
		return
	case "new", "make", "print", "println", "close", "fence":
		c.node(1) // one op; the type argument costs nothing
		c.args(e.Args)
		if c.a.info.Spread[e] {
			c.spread(e.Args[0])
		}
		return
	case "yield", "sleep":
		// runtime.Gosched and time.Sleep: calls Go does not inline.
		c.node(2)
		c.extra(extraCallCost)
		c.args(e.Args)
		return
	case "atomic.Add", "atomic.Load", "atomic.Store", "atomic.CAS", "atomic.Swap":
		c.node(2) // intrinsics: the call and its name
		c.args(e.Args)
		return
	case "fmt.Println", "fmt.Print", "fmt.Printf":
		// fmt.Println(a, b) is inlined in Go: 75 with no argument, and
		// 1 more for the slice plus 2 per argument (converted to any).
		args := e.Args
		base := 75
		if name == "fmt.Printf" && len(args) > 0 {
			base++
			c.expr(args[0])
			args = args[1:]
		}
		c.extra(base)
		c.node(0)
		if len(args) > 0 {
			c.extra(1)
		}
		for _, a := range args {
			c.node(1)
			c.expr(a)
		}
		return
	default:
		if base, ok := methodCost[name]; ok {
			c.extra(base)
			if sel, ok := unparen(e.Fun).(*ast.SelectorExpr); ok {
				if c.a.info.TypeOf(sel.X).Kind != types.Pointer {
					c.node(1) // &mu
				}
				c.expr(sel.X)
			}
			c.args(e.Args)
			return
		}
		// Another builtin: one op and its arguments.
		c.node(1)
		c.args(e.Args)
		return
	}
	// A call of a function value: OCALLFUNC, the function, the arguments,
	// and the callee's cost if Go would inline it, else the extra cost.
	c.node(1)
	c.expr(e.Fun)
	c.args(e.Args)
	if c.a.info.Spread[e] {
		c.spread(e.Args[0])
	}
	if g := c.a.callee(e); g != nil && c.a.decided[g] && g.Inlinable && (!c.fnBig() || g.Cost <= bigFuncMaxCost) {
		c.extra(g.Cost)
		return
	}
	if id, ok := unparen(e.Fun).(*ast.Ident); ok {
		if o := c.a.info.ObjectOf(id); o != nil && o.Kind == check.VarObj && (o.Param >= 0 || (o.Owner != nil && o.Owner != c.fn.Info)) {
			c.extra(paramCallCost) // a parameter or a captured variable
			return
		}
	}
	c.extra(extraCallCost)
}

// fnBig reports whether the function being priced is big, by its nodes so
// far (Go counts them first; the calls come after most of them).
func (c *coster) fnBig() bool { return c.nodes > bigFuncNodes }
