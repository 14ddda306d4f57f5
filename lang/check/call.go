// This file checks calls: functions, closures, builtins, package
// functions (atomic, fmt) and the methods of mutexes and wait groups.

package check

import (
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/types"
	"github.com/cohere-sim/cohere/sim/spell"
)

type diagError = diag.Error

// undefined is Go's "undefined: x", with a hint: cohere's name for a Go
// name, or the closest known name.
func undefined(pos ast.Pos, name string, known []string) *diag.Error {
	if h := goHint(name); h != "" {
		return diag.Errorf(pos, "undefined: %s (%s)", name, h)
	}
	e := diag.Unknown(pos, "", name, known)
	e.Msg = "undefined: " + e.Msg[len("undefined : "):]
	return e
}

// undefinedIn is undefined with a note, such as the names that exist, in
// place of the hint when no known name is close.
func undefinedIn(pos ast.Pos, name string, known []string, note string) *diag.Error {
	if spell.Nearest(name, known) != "" || goHint(name) != "" {
		return undefined(pos, name, known)
	}
	return diag.Errorf(pos, "undefined: %s (%s)", name, note)
}

var packageFuncs = map[string][]string{
	"atomic": {"Add", "Load", "Store", "CAS", "Swap"},
	"fmt":    {"Println", "Printf", "Print"},
}

var methods = map[types.Kind][]string{
	types.Mutex:     {"Lock", "Unlock", "TryLock"},
	types.WaitGroup: {"Add", "Done", "Wait"},
}

func (c *checker) call(e *ast.CallExpr, s *scope) *types.Type {
	switch fun := e.Fun.(type) {
	case *ast.Ident:
		if o := s.lookup(fun.Name); o != nil && o.Kind == BuiltinObj {
			c.info.Uses[fun] = o
			c.info.Calls[e] = fun.Name
			return c.builtin(fun.Name, e, s)
		}
		if c.expect && s.lookup(fun.Name) == nil {
			switch fun.Name {
			case "mem", "load", "state":
				c.info.Calls[e] = fun.Name
				return c.inspection(fun.Name, e, s)
			}
		}
	case *ast.SelectorExpr:
		if id, ok := fun.X.(*ast.Ident); ok {
			o := s.lookup(id.Name)
			if o != nil && o.Kind == PackageObj {
				c.info.Uses[id] = o
				return c.packageCall(id.Name, fun.Sel, e, s)
			}
			if name := id.Name + "." + fun.Sel.Name; o == nil && goHint(name) != "" {
				c.errs.Add(undefined(id.Pos, name, nil))
				c.args(e, s)
				return types.InvalidType
			}
		}
		// A method of a mutex or wait group.
		rt := c.valueIn(fun.X, s)
		recv := rt
		if rt.Kind == types.Pointer {
			recv = rt.Elem
		}
		names, ok := methods[recv.Kind]
		if !ok {
			if rt.Kind != types.Invalid {
				c.errs.Addf(fun.Sel.Pos, "%s has no method %s: it is %s; methods exist on a mutex (Lock, Unlock, TryLock) and a waitgroup (Add, Done, Wait)", exprString(fun.X), fun.Sel.Name, an(rt))
			}
			c.args(e, s)
			return types.InvalidType
		}
		found := false
		for _, n := range names {
			if n == fun.Sel.Name {
				found = true
			}
		}
		if !found {
			c.errs.Add(undefinedIn(fun.Sel.Pos, exprString(fun.X)+"."+fun.Sel.Name, prefixed(exprString(fun.X), names),
				fmt.Sprintf("%s has %s", an(recv), strings.Join(names, ", "))))
			c.args(e, s)
			return types.InvalidType
		}
		if rt.Kind != types.Pointer {
			if !c.addressable(fun.X) {
				c.errs.Addf(fun.X.Start(), "%s must be a variable to call %s on it: a %s works through its address", exprString(fun.X), fun.Sel.Name, recv)
			}
			c.markAddr(fun.X, false)
		}
		kind := "mutex."
		if recv.Kind == types.WaitGroup {
			kind = "wg."
		}
		c.info.Calls[e] = kind + fun.Sel.Name
		switch c.info.Calls[e] {
		case "wg.Add":
			c.wantArgs(e, s, types.IntType)
		case "mutex.TryLock":
			c.wantArgs(e, s)
			return types.BoolType
		default:
			c.wantArgs(e, s)
		}
		return types.TupleOf(nil)
	}
	ft := c.valueIn(e.Fun, s)
	if ft.Kind != types.Func {
		if ft.Kind != types.Invalid {
			c.errs.Addf(e.Fun.Start(), "cannot call %s: it is %s, not a function", exprString(e.Fun), an(ft))
		}
		c.args(e, s)
		return types.InvalidType
	}
	c.wantArgs(e, s, ft.Params...)
	return types.TupleOf(ft.Results)
}

// args checks arguments without a signature. A single call with several
// results passes them all (f(g()), fmt.Println(g())).
func (c *checker) args(e *ast.CallExpr, s *scope) []*types.Type {
	if len(e.Args) == 1 {
		if _, ok := unparen(e.Args[0]).(*ast.CallExpr); ok {
			if t := c.exprIn(e.Args[0], s); t.Kind == types.Tuple && len(t.Results) > 1 {
				c.info.Spread[e] = true
				return t.Results
			} else {
				if t.Kind == types.Tuple {
					c.errs.Addf(e.Args[0].Start(), "%s returns no value to pass", exprString(e.Args[0]))
					return []*types.Type{types.InvalidType}
				}
				return []*types.Type{t}
			}
		}
	}
	var ts []*types.Type
	for _, a := range e.Args {
		ts = append(ts, c.valueIn(a, s))
	}
	return ts
}

// wantArgs checks the arguments against parameter types.
func (c *checker) wantArgs(e *ast.CallExpr, s *scope, params ...*types.Type) {
	ts := c.args(e, s)
	if len(ts) != len(params) {
		c.argCount(e, len(params), (&types.Type{Kind: types.Tuple, Results: params}).String())
		return
	}
	for i, t := range ts {
		if !types.AssignableTo(t, params[i]) {
			hint := ""
			if params[i].Kind == types.Pointer && types.Identical(t, params[i].Elem) && c.addressable(e.Args[i]) {
				hint = fmt.Sprintf(": pass its address, &%s", exprString(e.Args[i]))
			}
			c.errs.Addf(e.Args[i].Start(), "argument %d of %s must be %s, not %s%s", i+1, exprString(e.Fun), an(params[i]), an(t), hint)
		}
	}
}

// argCount reports a call with too many arguments (at the first one too
// many) or too few (at the closing parenthesis). sig, when not empty, is
// the parameters' types: "(int, int)".
func (c *checker) argCount(e *ast.CallExpr, want int, sig string) {
	takes := fmt.Sprintf("%s takes %d argument%s", exprString(e.Fun), want, plural(want))
	if want == 0 {
		takes = exprString(e.Fun) + " takes no arguments"
	} else if sig != "" {
		takes += " " + sig
	}
	if n := len(e.Args); n > want {
		c.errs.Addf(e.Args[want].Start(), "too many arguments: %s, not %d", takes, n)
	} else {
		c.errs.Addf(e.Rparen, "not enough arguments: %s, not %d", takes, n)
	}
}

func (c *checker) builtin(name string, e *ast.CallExpr, s *scope) *types.Type {
	n := len(e.Args)
	need := func(k int) bool {
		if n != k {
			c.argCount(e, k, "")
			return false
		}
		return true
	}
	switch name {
	case "new":
		if need(1) {
			t := c.typeExprIn(e.Args[0], s)
			c.info.Types[e.Args[0]] = t
			return types.PointerTo(t)
		}
	case "make":
		if n < 1 || n > 2 {
			pos := e.Rparen
			if n > 2 {
				pos = e.Args[2].Start()
			}
			c.errs.Addf(pos, "make takes a channel type and an optional capacity: make(chan int, 1)")
			return types.InvalidType
		}
		t := c.typeExprIn(e.Args[0], s)
		c.info.Types[e.Args[0]] = t
		if t.Kind != types.Chan && t.Kind != types.Invalid {
			c.errs.Addf(e.Args[0].Start(), "make builds channels only, as in make(chan %s, 1), not %s", t, an(t))
		}
		if n == 2 {
			if ct := c.valueIn(e.Args[1], s); ct.Kind != types.Int && ct.Kind != types.Invalid {
				c.errs.Addf(e.Args[1].Start(), "a channel's capacity must be an int, not %s", an(ct))
			}
		}
		return t
	case "len":
		if need(1) {
			t := c.valueIn(e.Args[0], s)
			if t.Kind == types.Pointer {
				t = t.Elem
			}
			if t.Kind != types.Array && t.Kind != types.String && t.Kind != types.Chan && t.Kind != types.Invalid {
				c.errs.Addf(e.Args[0].Start(), "len takes an array, a string or a channel, not %s", an(t))
			}
		}
		return types.IntType
	case "print", "println":
		c.args(e, s)
		return types.TupleOf(nil)
	case "panic":
		if need(1) {
			c.valueIn(e.Args[0], s)
		}
		return types.TupleOf(nil)
	case "recover":
		need(0)
		if c.fn != nil {
			c.fn.HasRecover = true
		}
		return types.AnyType
	case "fence", "yield":
		need(0)
		return types.TupleOf(nil)
	case "sleep":
		if need(1) {
			if t := c.valueIn(e.Args[0], s); t.Kind != types.Int && t.Kind != types.Invalid {
				c.errs.Addf(e.Args[0].Start(), "sleep takes a number of cycles (an int), not %s", an(t))
			}
		}
		return types.TupleOf(nil)
	case "close":
		if need(1) {
			if t := c.valueIn(e.Args[0], s); t.Kind != types.Chan && t.Kind != types.Invalid {
				c.errs.Addf(e.Args[0].Start(), "close takes a channel, not %s", an(t))
			}
		}
		return types.TupleOf(nil)
	}
	return types.InvalidType
}

func (c *checker) packageCall(pkg string, sel *ast.Ident, e *ast.CallExpr, s *scope) *types.Type {
	names := packageFuncs[pkg]
	found := false
	for _, n := range names {
		if n == sel.Name {
			found = true
		}
	}
	if !found {
		c.errs.Add(undefinedIn(sel.Pos, pkg+"."+sel.Name, prefixed(pkg, names), pkg+" has "+strings.Join(names, ", ")))
		c.args(e, s)
		return types.InvalidType
	}
	c.info.Calls[e] = pkg + "." + sel.Name
	if pkg == "fmt" {
		ts := c.args(e, s)
		if sel.Name == "Printf" && len(ts) == 0 {
			c.errs.Addf(e.Rparen, "fmt.Printf needs a format string first, as in fmt.Printf(\"%%d\\n\", n)")
		} else if sel.Name == "Printf" && ts[0].Kind != types.String && ts[0].Kind != types.Invalid {
			c.errs.Addf(e.Args[0].Start(), "fmt.Printf needs a format string first, not %s: write fmt.Printf(\"%%d\\n\", %s), or use fmt.Println", an(ts[0]), exprString(e.Args[0]))
		}
		return types.TupleOf(nil)
	}
	// atomic: the first argument is the address of an int.
	if len(e.Args) == 0 {
		c.errs.Addf(e.Rparen, "atomic.%s needs the address of an int first: atomic.%s(&x, ...)", sel.Name, sel.Name)
		return types.InvalidType
	}
	ip := types.PointerTo(types.IntType)
	switch sel.Name {
	case "Add", "Swap":
		c.wantArgs(e, s, ip, types.IntType)
		return types.IntType
	case "Load":
		c.wantArgs(e, s, ip)
		return types.IntType
	case "Store":
		c.wantArgs(e, s, ip, types.IntType)
		return types.TupleOf(nil)
	case "CAS":
		c.wantArgs(e, s, ip, types.IntType, types.IntType)
		return types.BoolType
	}
	return types.InvalidType
}

// inspection checks mem(x), load(P, x) and state(P, x) in an expect.
func (c *checker) inspection(name string, e *ast.CallExpr, s *scope) *types.Type {
	want := 2
	if name == "mem" {
		want = 1
	}
	if len(e.Args) != want {
		pos := e.Rparen
		if len(e.Args) > want {
			pos = e.Args[want].Start()
		}
		if name == "mem" {
			c.errs.Addf(pos, "mem takes one variable: mem(x)")
		} else {
			c.errs.Addf(pos, "%s takes a core and a variable: %s(P0, x)", name, name)
		}
		c.args(e, s)
		return types.InvalidType
	}
	target := e.Args[want-1]
	if want == 2 {
		if t := c.valueIn(e.Args[0], s); t.Kind != types.Int && t.Kind != types.Invalid {
			c.errs.Addf(e.Args[0].Start(), "the first argument of %s is a core, P0 to P%d, not %s: %s(P0, %s)", name, c.env.Cores-1, an(t), name, exprString(e.Args[1]))
		}
	}
	t := c.valueIn(target, s)
	if t.Kind != types.Invalid && !c.addressable(target) { // an invalid target has its error already
		c.errs.Addf(target.Start(), "%s needs a variable in memory, such as a global or an array element", name)
	}
	if name == "state" {
		return types.StringType
	}
	if !t.Scalar() && t.Kind != types.Invalid {
		c.errs.Addf(target.Start(), "%s reads one word: name an element, as in %s[0], not a whole %s", name, exprString(target), t)
		return types.InvalidType
	}
	return t
}
