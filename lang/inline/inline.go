// Package inline decides, as Go's compiler does, which functions of a
// checked script could be inlined and at which call sites: a cost in
// nodes against a budget (80 by default), an extra cost for a call that
// is not inlined, and ops that stop inlining whatever the cost (defer,
// go, recover). It reads the AST and the checker's Info and changes
// neither; `cohere run -m` and `cohere check -m` print its decisions as
// `go build -gcflags=-m` prints Go's.
//
// The rules follow cmd/compile/internal/inline (hairyVisitor) of Go 1.26;
// the costs of cohere's builtins that stand for Go library calls (mutex
// and wait group methods, fmt) are what Go charges for the same calls.
package inline

// This file walks the functions bottom-up over the call graph and records
// the decisions; cost.go prices one body.

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/check"
)

// Go's constants (cmd/compile/internal/inline/inl.go).
const (
	DefaultBudget  = 80   // inlineMaxBudget
	extraCallCost  = 57   // a call that is not inlined
	paramCallCost  = 17   // a call through a parameter or a captured variable
	closureCost    = 15   // a function literal, on top of its node
	bigFuncNodes   = 5000 // a function this big ...
	bigFuncMaxCost = 20   // ... only inlines callees this cheap
)

// Config is the machine's `inline` setting.
type Config struct {
	On     bool // inline on
	Budget int  // inline budget N
}

// Func is the decision for one function or function literal.
type Func struct {
	Info      *check.FuncInfo
	Name      string  // f, or f.func1 for a literal
	Pos       ast.Pos // the name of a declared function, `func` of a literal
	Inlinable bool
	Cost      int    // counted to the end, even over the budget
	Reason    string // why not, when not inlinable
	body      *ast.BlockStmt
	big       bool // more than bigFuncNodes nodes
}

// Site is a call that would be inlined.
type Site struct {
	Pos    ast.Pos // the call's left parenthesis, as Go reports it
	Callee *Func
}

// Result is every decision of a script, in source order.
type Result struct {
	Funcs []*Func
	Sites []Site
	// Moved are the locals that escape analysis puts on the heap (Go's
	// "moved to heap: x"), decided whether inlining is on or not.
	Moved []*check.Object
}

// Analyze decides every function of a checked file. With inlining off it
// decides nothing, as `go build -gcflags=-l` prints nothing.
func Analyze(f *ast.File, info *check.Info, cfg Config) *Result {
	r := &Result{Moved: movedToHeap(info)}
	if !cfg.On {
		return r
	}
	a := &analyzer{info: info, cfg: cfg, funcs: map[*check.FuncInfo]*Func{}, static: staticFuncs(f, info)}
	for _, fi := range info.FuncOrder {
		if fi.Thread != nil {
			continue // a thread body is not a function one could inline
		}
		fn := &Func{Info: fi, Name: goName(fi)}
		switch {
		case fi.Decl != nil:
			fn.Pos, fn.body = fi.Decl.Name.Pos, fi.Decl.Body
		case fi.Lit != nil:
			fn.Pos, fn.body = fi.Lit.Type.Pos, fi.Lit.Body
		default:
			continue
		}
		a.funcs[fi] = fn
		a.order = append(a.order, fn)
	}
	a.bottomUp()
	r.Funcs = append(r.Funcs, a.order...)
	sort.SliceStable(r.Funcs, func(i, j int) bool { return before(r.Funcs[i].Pos, r.Funcs[j].Pos) })
	r.Sites = a.sites(f)
	return r
}

// goName is Go's name for a function: a literal inside a literal is
// numbered after it, main.func1.1, where the checker (and cohere's
// tracebacks) say main.func1.func1.
func goName(fi *check.FuncInfo) string {
	if fi.Lit == nil || fi.Outer == nil || fi.Outer.Lit == nil {
		return fi.Name
	}
	i := strings.LastIndex(fi.Name, ".func")
	if i < 0 {
		return fi.Name
	}
	n := fi.Name[i+len(".func"):]
	return goName(fi.Outer) + "." + n
}

func before(p, q ast.Pos) bool {
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

type analyzer struct {
	info    *check.Info
	cfg     Config
	funcs   map[*check.FuncInfo]*Func
	order   []*Func // in FuncOrder
	decided map[*Func]bool
	static  map[*check.Object]*ast.FuncLit
}

// bottomUp decides callees before their callers, one strongly connected
// component at a time, as ir.VisitFuncsBottomUp orders Go's functions:
// inside a cycle of recursive calls, a call to a function not yet
// decided costs what a call that is not inlined costs.
func (a *analyzer) bottomUp() {
	a.decided = map[*Func]bool{}
	index := map[*Func]int{}
	low := map[*Func]int{}
	onStack := map[*Func]bool{}
	var stack []*Func
	next := 0
	var visit func(fn *Func)
	visit = func(fn *Func) {
		index[fn], low[fn] = next, next
		next++
		stack = append(stack, fn)
		onStack[fn] = true
		for _, g := range a.callees(fn) {
			if _, seen := index[g]; !seen {
				visit(g)
				low[fn] = min(low[fn], low[g])
			} else if onStack[g] {
				low[fn] = min(low[fn], index[g])
			}
		}
		if low[fn] != index[fn] {
			return
		}
		i := len(stack) - 1
		for stack[i] != fn {
			i--
		}
		scc := stack[i:]
		stack = stack[:i]
		for _, g := range scc {
			onStack[g] = false
		}
		for _, g := range scc {
			a.decide(g)
		}
	}
	// Roots in declaration order, literals with their function.
	roots := append([]*Func(nil), a.order...)
	sort.SliceStable(roots, func(i, j int) bool { return roots[i].Info.Lit == nil && roots[j].Info.Lit != nil })
	for _, fn := range roots {
		if _, seen := index[fn]; !seen {
			visit(fn)
		}
	}
}

// callees lists the functions fn's body calls or holds as literals.
func (a *analyzer) callees(fn *Func) []*Func {
	var out []*Func
	walkBody(fn.body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.FuncLit:
			if g := a.funcs[a.info.Funcs[n]]; g != nil {
				out = append(out, g)
			}
		case *ast.CallExpr:
			if g := a.callee(n); g != nil {
				out = append(out, g)
			}
		}
	})
	return out
}

// callee is the function a call statically calls: a declared function,
// a literal called where it stands, or a local bound once to a literal.
func (a *analyzer) callee(call *ast.CallExpr) *Func {
	switch fun := unparen(call.Fun).(type) {
	case *ast.Ident:
		o := a.info.ObjectOf(fun)
		if o == nil {
			return nil
		}
		if o.Kind == check.FuncObj && o.Func != nil {
			return a.funcs[a.info.Funcs[o.Func]]
		}
		if lit := a.static[o]; lit != nil {
			return a.funcs[a.info.Funcs[lit]]
		}
	case *ast.FuncLit:
		return a.funcs[a.info.Funcs[fun]]
	}
	return nil
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}

// decide prices fn's body with what is decided so far.
func (a *analyzer) decide(fn *Func) {
	budget := a.budget()
	if fn.Info.Lit != nil {
		// Go gives a closure ten times the budget (inlineClosureCalledOnceCost).
		budget = max(budget, 10*budget)
	}
	c := &coster{a: a, fn: fn}
	c.block(fn.body)
	fn.Cost = c.cost
	fn.big = c.nodes > bigFuncNodes
	switch {
	case c.reason != "":
		fn.Reason = c.reason
	case fn.Cost > budget:
		fn.Reason = fmt.Sprintf("function too complex: cost %d exceeds budget %d", fn.Cost, budget)
	default:
		fn.Inlinable = true
	}
	a.decided[fn] = true
}

func (a *analyzer) budget() int { return a.cfg.Budget }

// sites lists the calls to inlinable functions, everywhere in the file:
// functions, literals, threads and global initialisers.
func (a *analyzer) sites(f *ast.File) []Site {
	var out []Site
	// go f() and defer f() of a function without arguments or results
	// call f itself, later; any other go or defer statement calls a
	// wrapper Go makes, into which the call is inlined.
	direct := map[*ast.CallExpr]bool{}
	later := func(call *ast.CallExpr) {
		if g := a.callee(call); g != nil && len(call.Args) == 0 && len(g.Info.Type.Results) == 0 {
			direct[call] = true
		}
	}
	var visit func(n ast.Node, caller *Func)
	visit = func(n ast.Node, caller *Func) {
		walk(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				later(n.Call)
			case *ast.DeferStmt:
				later(n.Call)
			case *ast.FuncLit:
				visit(n.Body, a.funcs[a.info.Funcs[n]])
				return false
			case *ast.CallExpr:
				if g := a.callee(n); g != nil && g.Inlinable && !direct[n] {
					if caller == nil || !caller.big || g.Cost <= bigFuncMaxCost {
						out = append(out, Site{Pos: n.Lparen, Callee: g})
					}
				}
			}
			return true
		})
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			visit(d.Body, a.funcs[a.info.Funcs[d]])
		case *ast.ThreadDecl:
			visit(d.Body, nil)
		case *ast.VarDecl:
			for _, v := range d.Values {
				visit(v, nil)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return before(out[i].Pos, out[j].Pos) })
	return out
}

// staticFuncs finds the locals bound once to a function literal (`f :=
// func...` or `var f = func...`), never assigned again nor addressed:
// calling one calls that literal, as ir.StaticValue sees it.
func staticFuncs(f *ast.File, info *check.Info) map[*check.Object]*ast.FuncLit {
	bound := map[*check.Object]*ast.FuncLit{}
	spoilt := map[*check.Object]bool{}
	bind := func(id *ast.Ident, v ast.Expr, define bool) {
		o := info.ObjectOf(id)
		if o == nil {
			return
		}
		if lit, ok := unparen(v).(*ast.FuncLit); ok && define && info.Defs[id] == o {
			bound[o] = lit
			return
		}
		spoilt[o] = true
	}
	target := func(e ast.Expr) {
		if id, ok := unparen(e).(*ast.Ident); ok {
			if o := info.ObjectOf(id); o != nil {
				spoilt[o] = true
			}
		}
	}
	for _, d := range f.Decls {
		walk(d, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				for i, l := range n.LHS {
					id, ok := unparen(l).(*ast.Ident)
					if ok && len(n.LHS) == len(n.RHS) && (n.Op == ":=" || n.Op == "=") {
						bind(id, n.RHS[i], n.Op == ":=")
					} else {
						target(l)
					}
				}
			case *ast.VarDecl:
				for i, id := range n.Names {
					if len(n.Values) == len(n.Names) {
						bind(id, n.Values[i], true)
					}
				}
			case *ast.IncDecStmt:
				target(n.X)
			case *ast.RangeStmt:
				target(n.Key)
				target(n.Value)
			case *ast.UnaryExpr:
				if n.Op == "&" {
					target(n.X)
				}
			}
			return true
		})
	}
	for o := range spoilt {
		delete(bound, o)
	}
	return bound
}
