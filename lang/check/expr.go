// This file checks expressions, type expressions and calls.

package check

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/types"
	"github.com/cohere-sim/cohere/sim/spell"
)

// aKind names what an object of kind k is, with its article.
func aKind(k ObjKind) string {
	return [...]string{"a variable", "a function", "a type", "a constant", "nil", "a builtin function", "a package", "a protocol state", "a thread"}[k]
}

// an names a value of type t with its article, for messages: "an int",
// "a *int", "a [4]int", "nil".
func an(t *types.Type) string {
	switch t.Kind {
	case types.Nil:
		return "nil"
	case types.Int, types.Any:
		return "an " + t.String()
	case types.Tuple:
		return fmt.Sprintf("%d values %s", len(t.Results), t)
	}
	return "a " + t.String()
}

// nilNote explains why nil does not fit a type, when v is nil.
func nilNote(v, t *types.Type) string {
	if v.Kind != types.Nil {
		return ""
	}
	return fmt.Sprintf(" (nil is the zero of pointers, channels and functions; %s's zero is %s)", an(t), zeroOf(t))
}

func zeroOf(t *types.Type) string {
	switch t.Kind {
	case types.Int:
		return "0"
	case types.Bool:
		return "false"
	case types.String:
		return `""`
	}
	return "its zero value"
}

// anAndAn names two operand types: "an int and a bool", or "two strings".
func anAndAn(x, y *types.Type) string {
	if types.Identical(x, y) && x.Kind != types.Nil {
		return "two " + x.String() + "s"
	}
	return an(x) + " and " + an(y)
}

// results describes what a function returns: "no value", "an int",
// "2 values (int, bool)".
func results(ts []*types.Type) string {
	switch len(ts) {
	case 0:
		return "no value"
	case 1:
		return an(ts[0])
	}
	return fmt.Sprintf("%d values %s", len(ts), &types.Type{Kind: types.Tuple, Results: ts})
}

// truthHint suggests the comparison a condition of type t probably meant:
// cohere, like Go, has no truthiness.
func truthHint(e ast.Expr, t *types.Type) string {
	switch t.Kind {
	case types.Int:
		return fmt.Sprintf(": compare it, as in %s != 0", exprString(e))
	case types.Pointer, types.Chan, types.Func:
		return fmt.Sprintf(": compare it, as in %s != nil", exprString(e))
	case types.String:
		return fmt.Sprintf(": compare it, as in %s != \"\"", exprString(e))
	}
	return ""
}

// exprString renders an expression compactly for messages.
func exprString(e ast.Expr) string { return ast.ExprString(e) }

// expr checks e in the current top scope.
func (c *checker) expr(e ast.Expr) *types.Type { return c.exprIn(e, c.top) }

// value checks e and requires a single value.
func (c *checker) value(e ast.Expr) *types.Type { return c.valueIn(e, c.top) }

func (c *checker) valueIn(e ast.Expr, s *scope) *types.Type {
	t := c.exprIn(e, s)
	if t.Kind == types.Tuple {
		if len(t.Results) == 0 {
			c.errs.Addf(e.Start(), "%s returns no value, so it cannot be used as one", exprString(e))
		} else {
			c.errs.Addf(e.Start(), "%s returns %d values where one is needed: write a, b := %s", exprString(e), len(t.Results), exprString(e))
		}
		return types.InvalidType
	}
	return t
}

func (c *checker) exprIn(e ast.Expr, s *scope) *types.Type {
	t := c.expr1(e, s)
	if t == nil {
		t = types.InvalidType
	}
	c.info.Types[e] = t
	return t
}

func (c *checker) expr1(e ast.Expr, s *scope) *types.Type {
	switch e := e.(type) {
	case *ast.Ident:
		return c.ident(e, s)
	case *ast.BasicLit:
		switch e.Kind {
		case "int", "char":
			return types.IntType
		case "string":
			return types.StringType
		}
		c.errs.Addf(e.Pos, "unsupported literal %s", e.Raw)
		return types.InvalidType
	case *ast.ParenExpr:
		return c.exprIn(e.X, s)
	case *ast.UnaryExpr:
		return c.unary(e, s)
	case *ast.BinaryExpr:
		x := c.valueIn(e.X, s)
		y := c.valueIn(e.Y, s)
		return c.binaryTypes(e.Op, x, y, e.OpPos)
	case *ast.IndexExpr:
		x := c.valueIn(e.X, s)
		i := c.valueIn(e.Index, s)
		if i.Kind != types.Int && i.Kind != types.Invalid {
			c.errs.Addf(e.Index.Start(), "an index must be an int, not %s", an(i))
		}
		switch {
		case x.Kind == types.Array:
			c.constIndex(e, x.Len, s)
			return x.Elem
		case x.Kind == types.Pointer && x.Elem.Kind == types.Array:
			c.constIndex(e, x.Elem.Len, s)
			return x.Elem.Elem
		case x.Kind == types.String:
			return types.IntType // a byte, as an int
		case x.Kind == types.Invalid:
			return types.InvalidType
		}
		c.errs.Addf(e.X.Start(), "cannot index %s: it is %s, and only arrays and strings can be indexed", exprString(e.X), an(x))
		return types.InvalidType
	case *ast.SelectorExpr:
		return c.selector(e, s)
	case *ast.CallExpr:
		return c.call(e, s)
	case *ast.FuncLit:
		fi := &FuncInfo{Name: c.litName(), Lit: e, Type: c.signatureIn(e.Type, s), Outer: c.fn}
		c.funcBody(fi, e.Type, e.Body, s)
		return fi.Type
	case *ast.CompositeLit:
		t := c.typeExprIn(e.Type, s)
		if t.Kind != types.Array {
			c.errs.Addf(e.Lbrace, "composite literals build arrays only: [N]T{...}")
			return types.InvalidType
		}
		if len(e.Elts) > t.Len {
			c.errs.Addf(e.Elts[t.Len].Start(), "too many elements: a %s holds %d, this literal gives %d", t, t.Len, len(e.Elts))
		}
		for _, el := range e.Elts {
			if et := c.valueIn(el, s); !types.AssignableTo(et, t.Elem) {
				c.errs.Addf(el.Start(), "an element of a %s must be %s, not %s", t, an(t.Elem), an(et))
			}
		}
		return t
	case *ast.ArrayType, *ast.ChanType, *ast.PointerType, *ast.FuncTypeExpr:
		c.errs.Addf(e.Start(), "%s is a type, not a value", exprString(e))
		return types.InvalidType
	}
	c.errs.Addf(e.Start(), "unsupported expression")
	return types.InvalidType
}

// litName names a function literal as Go's tracebacks do: the enclosing
// function's name, then .func1, .func2 ... in order.
func (c *checker) litName() string {
	outer := "glob"
	if c.fn != nil {
		outer = c.fn.Name
		c.fn.lits++
		return fmt.Sprintf("%s.func%d", outer, c.fn.lits)
	}
	c.globLits++
	return fmt.Sprintf("%s.func%d", outer, c.globLits)
}

func (c *checker) constIndex(e *ast.IndexExpr, n int, s *scope) {
	if v, ok := constValue(e.Index, s); ok && (v < 0 || v >= int64(n)) {
		c.errs.Addf(e.Index.Start(), "index %d out of range: %s has %d elements, 0 to %d", v, exprString(e.X), n, n-1)
	}
}

func (c *checker) ident(e *ast.Ident, s *scope) *types.Type {
	if e.Name == "_" {
		c.errs.Addf(e.Pos, "_ can only be assigned to, not read")
		return types.InvalidType
	}
	o := s.lookup(e.Name)
	if o == nil {
		if c.expect {
			if m := coreName.FindStringSubmatch(e.Name); m != nil {
				o = &Object{Kind: ConstObj, Name: e.Name, Type: types.IntType}
				fmt.Sscan(m[1], &o.Const)
				if int(o.Const) >= c.env.Cores {
					c.errs.Addf(e.Pos, "core %s does not exist: the machine has cores P0 to P%d", e.Name, c.env.Cores-1)
				}
				c.info.Uses[e] = o
				return o.Type
			}
			if d := c.threads[e.Name]; d != nil {
				c.errs.Addf(e.Pos, "%s is a thread, not a value: %s", e.Name, c.threadLocalsHint(d))
				return types.InvalidType
			}
		}
		names := c.visibleNames(s)
		if c.expect {
			for n := range c.threads {
				names = append(names, n)
			}
			names = append(names, "mem", "load", "state")
			if near := spell.Nearest(e.Name, names); len(c.env.States) > 0 && e.Name[0] >= 'A' && e.Name[0] <= 'Z' && (near == "" || slices.Contains(c.env.States, near)) {
				c.errs.Addf(e.Pos, "undefined: %s (the protocol's states are %s)", e.Name, strings.Join(c.env.States, ", "))
				return types.InvalidType
			}
		}
		c.errs.Add(unknownName(e, names))
		return types.InvalidType
	}
	c.info.Uses[e] = o
	switch o.Kind {
	case VarObj:
		if o.Owner != nil && c.fn != nil && o.Owner != c.fn && !o.Global {
			c.capture(o)
		}
		return o.Type
	case ConstObj, NilObj, StateObj:
		return o.Type
	case FuncObj:
		if o.Type == nil {
			return types.InvalidType
		}
		return o.Type
	case TypeObj:
		c.errs.Addf(e.Pos, "%s is a type, not a value", e.Name)
	case BuiltinObj:
		c.errs.Addf(e.Pos, "%s is a builtin function: call it, %s(...)", e.Name, e.Name)
	case PackageObj:
		c.errs.Addf(e.Pos, "%s is a package, not a value: call one of its functions, %s", e.Name, strings.Join(prefixed(e.Name, packageFuncs[e.Name]), ", "))
	}
	return types.InvalidType
}

// threadLocalsHint tells how to name a thread's local in an expect, with
// one of its locals as the example.
func (c *checker) threadLocalsHint(d *ast.ThreadDecl) string {
	if fi := c.info.Funcs[d]; fi != nil {
		for _, o := range fi.Locals {
			if o.Param < 0 && fi.Scope[o.Name] == o {
				return fmt.Sprintf("name one of its locals, as in %s.%s", d.Name.Name, o.Name)
			}
		}
	}
	return fmt.Sprintf("name one of its locals, as in %s.r1; thread %s declares none in its outermost block", d.Name.Name, d.Name.Name)
}

// unknownName reports an undefined name with a hint.
func unknownName(e *ast.Ident, names []string) *diagError {
	return undefined(e.Pos, e.Name, names)
}

// capture records that the current function literal (and every literal
// between it and the variable's owner) uses an outer variable: the
// variable then lives on the heap, shared by reference as Go shares it.
func (c *checker) capture(o *Object) {
	o.Memory, o.Escapes = true, true
	for fi := c.fn; fi != nil && fi != o.Owner; fi = fi.Outer {
		already := false
		for _, x := range fi.Captures {
			if x == o {
				already = true
			}
		}
		if !already {
			fi.Captures = append(fi.Captures, o)
		}
	}
}

func (c *checker) unary(e *ast.UnaryExpr, s *scope) *types.Type {
	switch e.Op {
	case "&":
		t := c.valueIn(e.X, s)
		if !c.addressable(e.X) {
			if t.Kind != types.Invalid {
				c.errs.Addf(e.X.Start(), "cannot take the address of %s: only a variable, an array element or *p has one%s", exprString(e.X), addrHint(e.X, t))
			}
			return types.InvalidType
		}
		c.markAddr(e.X, false)
		return types.PointerTo(t)
	case "*":
		t := c.valueIn(e.X, s)
		if t.Kind == types.Pointer {
			return t.Elem
		}
		if t.Kind == types.Nil {
			c.errs.Addf(e.X.Start(), "cannot dereference nil: it points to nothing")
		} else if t.Kind != types.Invalid {
			c.errs.Addf(e.X.Start(), "cannot dereference %s: it is %s, not a pointer", exprString(e.X), an(t))
		}
		return types.InvalidType
	case "<-":
		t := c.valueIn(e.X, s)
		if t.Kind == types.Chan {
			return t.Elem
		}
		if t.Kind != types.Invalid {
			c.errs.Addf(e.X.Start(), "cannot receive from %s: it is %s, not a channel", exprString(e.X), an(t))
		}
		return types.InvalidType
	}
	t := c.valueIn(e.X, s)
	switch e.Op {
	case "!":
		if t.Kind != types.Bool && t.Kind != types.Invalid {
			c.errs.Addf(e.Pos, "! needs a bool, not %s%s", an(t), truthHint(e.X, t))
		}
		return types.BoolType
	case "-", "+", "^":
		if t.Kind != types.Int && t.Kind != types.Invalid {
			c.errs.Addf(e.Pos, "%s needs an int, not %s", e.Op, an(t))
		}
		return types.IntType
	}
	c.errs.Addf(e.Pos, "unknown operator %s", e.Op)
	return types.InvalidType
}

// addrHint suggests what to do instead of taking the address of e.
func addrHint(e ast.Expr, t *types.Type) string {
	switch e := e.(type) {
	case *ast.CallExpr:
		return "; store the result in a variable first, then take that variable's address"
	case *ast.Ident:
		switch t.Kind {
		case types.Func:
			return fmt.Sprintf("; %s is a function, which is already a value: use %s", e.Name, e.Name)
		case types.Nil:
			return ""
		}
		return fmt.Sprintf("; %s is a constant", e.Name)
	case *ast.BasicLit, *ast.BinaryExpr:
		return "; store the value in a variable first, then take that variable's address"
	case *ast.ParenExpr:
		return addrHint(e.X, t)
	}
	return ""
}

// addressable reports whether &e is allowed: variables, array elements and
// dereferences.
func (c *checker) addressable(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		o := c.info.ObjectOf(e)
		return o != nil && o.Kind == VarObj
	case *ast.IndexExpr:
		t := c.info.TypeOf(e.X)
		return t.Kind == types.Pointer || c.addressable(e.X)
	case *ast.UnaryExpr:
		return e.Op == "*"
	case *ast.ParenExpr:
		return c.addressable(e.X)
	}
	return false
}

// markAddr puts the variable under &e in memory; escape says whether the
// address leaves the function (then the heap, else the stack frame).
func (c *checker) markAddr(e ast.Expr, escape bool) {
	switch e := e.(type) {
	case *ast.Ident:
		if o := c.info.ObjectOf(e); o != nil && o.Kind == VarObj && !o.Global {
			o.Memory = true
			if escape {
				o.Escapes = true
			}
		}
	case *ast.IndexExpr:
		if c.info.TypeOf(e.X).Kind == types.Array {
			c.markAddr(e.X, escape)
		}
	case *ast.ParenExpr:
		c.markAddr(e.X, escape)
	}
}

// escapes marks the variables whose addresses e yields as escaping: e is
// stored somewhere other than a plain local, returned, sent or passed to a
// goroutine.
func (c *checker) escapes(e ast.Expr) {
	switch e := e.(type) {
	case *ast.UnaryExpr:
		if e.Op == "&" {
			c.markAddr(e.X, true)
		}
	case *ast.ParenExpr:
		c.escapes(e.X)
	case *ast.Ident:
		// A local array's address escapes with a slice of it: not in cohere.
	}
}

// escapesIfPointer: p := &x keeps x on the stack (Go would look further).
func (c *checker) escapesIfPointer(e ast.Expr) {}

// binaryTypes checks X op Y. In an expect, addresses are numbers:
// `&x == 0x600040`, `&x % 64 == 0`.
func (c *checker) binaryTypes(op string, x, y *types.Type, pos ast.Pos) *types.Type {
	if c.expect && x.Kind != types.Nil && y.Kind != types.Nil { // p == nil stays a pointer comparison
		if x.Kind == types.Pointer {
			x = types.IntType
		}
		if y.Kind == types.Pointer {
			y = types.IntType
		}
	}
	if x.Kind == types.Invalid || y.Kind == types.Invalid {
		switch op {
		case "==", "!=", "<", "<=", ">", ">=", "&&", "||":
			return types.BoolType
		}
		return types.InvalidType
	}
	switch op {
	case "&&", "||":
		if x.Kind != types.Bool || y.Kind != types.Bool {
			c.errs.Addf(pos, "%s needs two bools, not %s", op, anAndAn(x, y))
		}
		return types.BoolType
	case "==", "!=":
		switch {
		case x.Kind == types.Nil && y.Kind == types.Nil:
			c.errs.Addf(pos, "cannot compare nil with nil: nil has no type of its own")
		case !types.AssignableTo(x, y) && !types.AssignableTo(y, x):
			c.errs.Addf(pos, "cannot compare %s with %s: %s compares two values of the same type", an(x), an(y), op)
		case x.Kind == types.Nil || y.Kind == types.Nil:
			// a pointer, channel or function against nil: assignability said so
		case !x.Comparable():
			if x.Kind == types.Func {
				c.errs.Addf(pos, "cannot compare %s values with %s: a function can only be compared with nil", x, op)
			} else {
				c.errs.Addf(pos, "cannot compare %s values with %s", x, op)
			}
		}
		return types.BoolType
	case "<", "<=", ">", ">=":
		if !(x.Kind == types.Int && y.Kind == types.Int) && !(x.Kind == types.String && y.Kind == types.String) {
			c.errs.Addf(pos, "%s needs two ints or two strings, not %s", op, anAndAn(x, y))
		}
		return types.BoolType
	case "+":
		if x.Kind == types.String && y.Kind == types.String {
			return types.StringType
		}
		if x.Kind != types.Int || y.Kind != types.Int {
			c.errs.Addf(pos, "+ needs two ints or two strings, not %s", anAndAn(x, y))
			return types.InvalidType
		}
		return types.IntType
	case "-", "*", "/", "%", "&", "|", "^", "&^", "<<", ">>":
		if x.Kind != types.Int || y.Kind != types.Int {
			c.errs.Addf(pos, "%s needs two ints, not %s", op, anAndAn(x, y))
			return types.InvalidType
		}
		return types.IntType
	}
	c.errs.Addf(pos, "unknown operator %s", op)
	return types.InvalidType
}

// selector checks X.Sel outside a call: a thread's local in an expect.
func (c *checker) selector(e *ast.SelectorExpr, s *scope) *types.Type {
	if id, ok := e.X.(*ast.Ident); ok && c.expect && s.lookup(id.Name) == nil {
		if d := c.threads[id.Name]; d != nil {
			fi := c.info.Funcs[d]
			var o *Object
			if fi != nil {
				o = fi.Scope[e.Sel.Name]
			}
			if o == nil {
				var names []string
				if fi != nil {
					for n := range fi.Scope {
						names = append(names, n)
					}
				}
				sort.Strings(names)
				note := fmt.Sprintf("thread %s declares no locals in its outermost block", id.Name)
				if len(names) > 0 {
					note = fmt.Sprintf("the locals of thread %s's outermost block are %s", id.Name, strings.Join(names, ", "))
				}
				c.errs.Add(undefinedIn(e.Sel.Pos, id.Name+"."+e.Sel.Name, prefixed(id.Name, names), note))
				return types.InvalidType
			}
			if d.Count != nil {
				c.errs.Addf(e.Sel.Pos, "%s is a group of threads (%s[N]): thread locals can be named for single threads only", id.Name, id.Name)
			}
			c.info.ThreadLocals[e] = o
			return o.Type
		}
	}
	if id, ok := e.X.(*ast.Ident); ok {
		o := s.lookup(id.Name)
		switch {
		case o == nil && c.expect:
			names := c.visibleNames(s)
			for n := range c.threads {
				names = append(names, n)
			}
			c.errs.Add(unknownName(id, names))
			return types.InvalidType
		case o == nil:
			c.errs.Add(unknownName(id, c.visibleNames(s)))
			return types.InvalidType
		case o.Kind == PackageObj:
			c.info.Uses[id] = o
			if slices.Contains(packageFuncs[id.Name], e.Sel.Name) {
				c.errs.Addf(e.Sel.Pos, "%s.%s is a function: call it, as in %s", id.Name, e.Sel.Name, callExample(id.Name+"."+e.Sel.Name))
			} else {
				c.errs.Add(undefinedIn(e.Sel.Pos, id.Name+"."+e.Sel.Name, prefixed(id.Name, packageFuncs[id.Name]), id.Name+" has "+strings.Join(packageFuncs[id.Name], ", ")))
			}
			return types.InvalidType
		}
	}
	t := c.valueIn(e.X, s)
	if t.Kind == types.Pointer {
		t = t.Elem
	}
	if names, ok := methods[t.Kind]; ok && slices.Contains(names, e.Sel.Name) {
		c.errs.Addf(e.Sel.Pos, "%s is a method: call it, as in %s()", exprString(e), exprString(e))
	} else if t.Kind != types.Invalid && e.Sel.Name == "len" {
		c.errs.Addf(e.Sel.Pos, "%s has no field len: write len(%s)", exprString(e.X), exprString(e.X))
	} else if t.Kind != types.Invalid {
		c.errs.Addf(e.Sel.Pos, "%s has no field %s: cohere has no structs; a selector calls a method (mu.Lock()) or a package function (atomic.Add(&x, 1))", exprString(e.X), e.Sel.Name)
	}
	return types.InvalidType
}

// callExample shows how a package function is called.
func callExample(name string) string {
	switch name {
	case "atomic.Add", "atomic.Swap", "atomic.Store":
		return name + "(&x, 1)"
	case "atomic.Load":
		return name + "(&x)"
	case "atomic.CAS":
		return name + "(&x, old, new)"
	}
	return name + "(x)"
}

func prefixed(p string, names []string) []string {
	var out []string
	for _, n := range names {
		out = append(out, p+"."+n)
	}
	return out
}

// typeExpr resolves a type written in the source.
func (c *checker) typeExpr(e ast.Expr) *types.Type { return c.typeExprIn(e, c.top) }

func (c *checker) signatureIn(ft *ast.FuncType, s *scope) *types.Type {
	saved := c.top
	c.top = s
	t := c.signature(ft)
	c.top = saved
	return t
}

func (c *checker) typeExprIn(e ast.Expr, s *scope) *types.Type {
	switch e := e.(type) {
	case *ast.Ident:
		o := s.lookup(e.Name)
		if o == nil {
			c.errs.Add(undefined(e.Pos, e.Name, []string{"int", "bool", "string", "mutex", "waitgroup"}))
			return types.InvalidType
		}
		c.info.Uses[e] = o
		if o.Kind != TypeObj {
			c.errs.Addf(e.Pos, "%s is not a type: it is %s; the types are int, bool, string, mutex, waitgroup, *T, [N]T, chan T and func types", e.Name, aKind(o.Kind))
			return types.InvalidType
		}
		return o.Type
	case *ast.ParenExpr:
		return c.typeExprIn(e.X, s)
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok && s.lookup(id.Name) == nil && goHint(id.Name+"."+e.Sel.Name) != "" {
			c.errs.Add(undefined(id.Pos, id.Name+"."+e.Sel.Name, nil))
			return types.InvalidType
		}
	case *ast.ArrayType:
		elem := c.typeExprIn(e.Elem, s)
		n, ok := constValue(e.Len, s)
		if !ok {
			c.errs.Addf(e.Len.Start(), "an array length must be a constant (a number, ncores, or arithmetic on them)")
			return types.InvalidType
		}
		if n < 0 || n > 1<<24 {
			c.errs.Addf(e.Len.Start(), "array length %d is out of range: a length is 0 to %d", n, 1<<24)
			return types.InvalidType
		}
		c.info.Types[e.Len] = types.IntType
		return types.ArrayOf(int(n), elem)
	case *ast.PointerType:
		return types.PointerTo(c.typeExprIn(e.Elem, s))
	case *ast.UnaryExpr:
		if e.Op == "*" {
			return types.PointerTo(c.typeExprIn(e.X, s))
		}
	case *ast.ChanType:
		return types.ChanOf(c.typeExprIn(e.Elem, s))
	case *ast.FuncTypeExpr:
		return c.signatureIn(e.Type, s)
	}
	c.errs.Addf(e.Start(), "%s is not a type: the types are int, bool, string, mutex, waitgroup, *T, [N]T, chan T and func types", exprString(e))
	return types.InvalidType
}
