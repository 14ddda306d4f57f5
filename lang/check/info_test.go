package check_test

// This file tests what Check records for the compiler, not its errors:
// which variables live in simulated memory and which of those escape to
// the heap, the types of expressions, the builtin each call resolves to,
// the variables a closure captures, and the per-iteration loop variables.

import (
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/check"
	"github.com/cohere-sim/cohere/lang/syntax"
)

// checkSrc parses and checks a script that must be free of errors.
func checkSrc(t *testing.T, src string) (*ast.File, *check.Info) {
	t.Helper()
	f, errs := syntax.Parse("test.coh", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("parse:\n%s\nin:\n%s", errs, src)
	}
	info, errs := check.Check(f, check.Env{Cores: 2, States: []string{"I", "S", "E", "M"}})
	if len(errs) > 0 {
		t.Fatalf("check:\n%s\nin:\n%s", errs, src)
	}
	return f, info
}

// variable finds the variable name declared by the function, literal or
// thread called owner ("" for a global). A literal's name is "func
// literal"; the first declaration wins.
func variable(t *testing.T, info *check.Info, owner, name string) *check.Object {
	t.Helper()
	if owner == "" {
		for _, o := range info.Globals {
			if o.Name == name {
				return o
			}
		}
		t.Fatalf("no global %s", name)
	}
	for _, fi := range info.FuncOrder {
		if fi.Name != owner {
			continue
		}
		for _, o := range fi.Locals {
			if o.Name == name {
				return o
			}
		}
	}
	t.Fatalf("no local %s in %s", name, owner)
	return nil
}

func TestMemoryResidence(t *testing.T) {
	for _, tc := range []struct {
		name           string
		src            string
		owner, v       string // the variable, owner "" for a global
		memory, escape bool
	}{
		{"global", "var g int\nthread main { g = 1 }", "", "g", true, false},
		{"global array", "var a [4]int\nthread main { a[0] = 1 }", "", "a", true, false},
		{"plain local is a register", "thread main { x := 1\n x++ }", "main", "x", false, false},
		{"local array", "thread main { var a [4]int\n a[1] = 2 }", "main", "a", true, false},
		{"local mutex", "thread main { var mu mutex\n mu.Lock()\n mu.Unlock() }", "main", "mu", true, false},
		{"local waitgroup", "thread main { var wg waitgroup\n wg.Add(1)\n wg.Done() }", "main", "wg", true, false},
		{"address kept in a local", "thread main { x := 1\n p := &x\n *p = 2 }", "main", "x", true, false},
		{"pointer local itself", "thread main { x := 1\n p := &x\n *p = 2 }", "main", "p", false, false},
		{"address passed to atomic", "thread main { x := 0\n atomic.Add(&x, 1) }", "main", "x", true, false},
		{"address of an element", "thread main { var a [2]int\n p := &a[1]\n *p = 1 }", "main", "a", true, false},
		{"address stored in a global", "var gp *int\nthread main { x := 1\n gp = &x }", "main", "x", true, true},
		{"address stored through a pointer", "var gp *int\nthread main { x := 1\n q := &gp\n *q = &x }", "main", "x", true, true},
		{"address returned", "func f() *int { x := 1\n return &x }\nthread main { f() }", "f", "x", true, true},
		{"address given to a goroutine", "func g(p *int) { *p = 1 }\nthread main { x := 0\n go g(&x) }", "main", "x", true, true},
		{"address sent on a channel", "var ch = make(chan *int, 1)\nthread main { x := 0\n ch <- &x }", "main", "x", true, true},
		{"captured by a closure", "thread main { x := 0\n f := func() { x++ }\n f() }", "main", "x", true, true},
		{"captured by a goroutine", "thread main { x := 0\n go func() { x = 1 }() }", "main", "x", true, true},
		{"parameter captured", "func f(n int) func() int { return func() int { return n } }\nthread main { f(1) }", "f", "n", true, true},
		{"closure's own local", "thread main { f := func() { y := 1\n y++ }\n f() }", "main.func1", "y", false, false},
		{"closure's own parameter", "thread main { f := func(n int) int { return n + 1 }\n f(1) }", "main.func1", "n", false, false},
		{"mutex method on a local", "thread main { var mu mutex\n p := &mu\n p.Lock()\n p.Unlock() }", "main", "mu", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, info := checkSrc(t, tc.src)
			o := variable(t, info, tc.owner, tc.v)
			if o.Memory != tc.memory || o.Escapes != tc.escape {
				t.Errorf("%s: Memory %v Escapes %v, want %v %v", tc.v, o.Memory, o.Escapes, tc.memory, tc.escape)
			}
			if o.Global != (tc.owner == "") {
				t.Errorf("%s: Global %v", tc.v, o.Global)
			}
		})
	}
}

// lastAssigned returns the value of the last statement of the thread
// main, which must be `_ = EXPR`.
func lastAssigned(t *testing.T, f *ast.File) ast.Expr {
	t.Helper()
	for _, d := range f.Decls {
		if th, ok := d.(*ast.ThreadDecl); ok && th.Name.Name == "main" {
			ss := th.Body.Stmts
			if as, ok := ss[len(ss)-1].(*ast.AssignStmt); ok && len(as.RHS) == 1 {
				return as.RHS[0]
			}
		}
	}
	t.Fatal("thread main does not end in `_ = EXPR`")
	return nil
}

func TestExpressionTypes(t *testing.T) {
	const decls = `
var g int
var ok bool
var arr [4]int
var p *int
var ch = make(chan int, 1)
var mu mutex
var wg waitgroup
func f(n int) int { return n }
func two() (int, bool) { return 1, true }
`
	for _, tc := range []struct {
		expr string
		want string // the type
		call string // what info.Calls records for a call, or ""
	}{
		{"1 + 2", "int", ""},
		{"'a'", "int", ""},
		{`"a" + "b"`, "string", ""},
		{"g < 3 && ok", "bool", ""},
		{"!ok", "bool", ""},
		{"&g", "*int", ""},
		{"*p", "int", ""},
		{"arr[1]", "int", ""},
		{"&arr", "*[4]int", ""},
		{"&arr[2]", "*int", ""},
		{"(&arr)[2]", "int", ""},
		{"<-ch", "int", ""},
		{"p == nil", "bool", ""},
		{"make(chan bool, 1)", "chan bool", "make"},
		{"new(int)", "*int", "new"},
		{"new([2]bool)", "*[2]bool", "new"},
		{"len(arr)", "int", "len"},
		{`len("abc")`, "int", "len"},
		{"recover()", "any", "recover"},
		{"atomic.Add(&g, 1)", "int", "atomic.Add"},
		{"atomic.Load(&arr[0])", "int", "atomic.Load"},
		{"atomic.CAS(&g, 0, 1)", "bool", "atomic.CAS"},
		{"atomic.Swap(&g, 2)", "int", "atomic.Swap"},
		{"mu.TryLock()", "bool", "mutex.TryLock"},
		{"f(2)", "int", ""},
		{"f", "func(int) int", ""},
		{"two", "func() (int, bool)", ""},
		{"func(x int) bool { return x > 0 }", "func(int) bool", ""},
		{"[2]int{1, 2}", "[2]int", ""},
		{"ncores", "int", ""},
	} {
		t.Run(tc.expr, func(t *testing.T) {
			f, info := checkSrc(t, decls+"thread main {\n\t_ = "+tc.expr+"\n}\n")
			e := lastAssigned(t, f)
			if got := info.TypeOf(e).String(); got != tc.want {
				t.Errorf("type of %s = %s, want %s", tc.expr, got, tc.want)
			}
			call, _ := e.(*ast.CallExpr)
			if call == nil && tc.call != "" {
				t.Fatalf("%s is not a call", tc.expr)
			}
			if call != nil && info.Calls[call] != tc.call {
				t.Errorf("Calls[%s] = %q, want %q", tc.expr, info.Calls[call], tc.call)
			}
		})
	}
}

// TestStatementCalls checks the calls recorded for statements that give
// no value: methods and builtins with no result.
func TestStatementCalls(t *testing.T) {
	_, info := checkSrc(t, `
var mu mutex
var wg waitgroup
var ch = make(chan int)
thread main {
	mu.Lock()
	mu.Unlock()
	wg.Add(1)
	wg.Done()
	wg.Wait()
	fence()
	yield()
	sleep(10)
	close(ch)
	println(1)
	fmt.Println(2)
	fmt.Printf("%d\n", 3)
	atomic.Store(new(int), 4)
}
`)
	var got []string
	for _, c := range info.Calls {
		got = append(got, c)
	}
	want := []string{"mutex.Lock", "mutex.Unlock", "wg.Add", "wg.Done", "wg.Wait", "fence", "yield", "sleep", "close", "println", "fmt.Println", "fmt.Printf", "atomic.Store", "new", "make"}
	for _, w := range want {
		found := false
		for _, g := range got {
			if g == w {
				found = true
			}
		}
		if !found {
			t.Errorf("no call recorded as %q; recorded: %v", w, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d calls recorded, want %d: %v", len(got), len(want), got)
	}
}

func TestExpectTypes(t *testing.T) {
	src := `
var g int
var p *int
thread main {
	r1 := g
	r1++
}
expect state(P0, g) == M
expect mem(g) == 0
expect load(P1, g) == 0
expect main.r1 == 1
expect &g % 64 == 0
expect p == nil
`
	f, info := checkSrc(t, src)
	var expects []*ast.ExpectDecl
	for _, d := range f.Decls {
		if e, ok := d.(*ast.ExpectDecl); ok {
			expects = append(expects, e)
		}
	}
	for _, e := range expects {
		if got := info.TypeOf(e.Expr).String(); got != "bool" {
			t.Errorf("expect %s: type %s, want bool", e.Text, got)
		}
	}
	side := func(i int) *ast.BinaryExpr { return expects[i].Expr.(*ast.BinaryExpr) }
	for i, want := range []struct{ typ, call string }{
		{"string", "state"}, {"int", "mem"}, {"int", "load"},
	} {
		call := side(i).X.(*ast.CallExpr)
		if got := info.TypeOf(call).String(); got != want.typ {
			t.Errorf("expect %s: %s has type %s, want %s", expects[i].Text, want.call, got, want.typ)
		}
		if info.Calls[call] != want.call {
			t.Errorf("expect %s: Calls = %q, want %q", expects[i].Text, info.Calls[call], want.call)
		}
	}
	// The protocol state M and the core P0 are constants of an expect.
	if o := info.ObjectOf(side(0).Y.(*ast.Ident)); o == nil || o.Kind != check.StateObj {
		t.Errorf("M resolves to %+v, want a protocol state", o)
	}
	if o := info.ObjectOf(side(0).X.(*ast.CallExpr).Args[0].(*ast.Ident)); o == nil || o.Kind != check.ConstObj || o.Const != 0 {
		t.Errorf("P0 resolves to %+v, want the constant 0", o)
	}
	sel := side(3).X.(*ast.SelectorExpr)
	if o := info.ThreadLocals[sel]; o != variable(t, info, "main", "r1") {
		t.Errorf("main.r1 resolves to %+v, want main's local r1", o)
	}
}

func TestCaptures(t *testing.T) {
	src := `
var g int
thread main {
	a := 1
	b := 2
	c := 3
	outer := func(n int) {
		inner := func() {
			a++
			g++
			n++
		}
		inner()
		b++
		b++
	}
	outer(c)
	go func() {
		own := 0
		own++
	}()
}
`
	_, info := checkSrc(t, src)
	var lits []*check.FuncInfo
	for _, fi := range info.FuncOrder {
		if fi.Lit != nil {
			lits = append(lits, fi)
		}
	}
	if len(lits) != 3 {
		t.Fatalf("%d function literals, want 3", len(lits))
	}
	names := func(fi *check.FuncInfo) string {
		var s []string
		for _, o := range fi.Captures {
			s = append(s, o.Name)
		}
		return strings.Join(s, " ")
	}
	// FuncOrder lists a literal when its body is checked: outer, inner,
	// then the goroutine.
	outer, inner, gor := lits[0], lits[1], lits[2]
	if inner.Outer != outer || outer.Outer == nil || outer.Outer.Name != "main" {
		t.Errorf("Outer links: inner.Outer=%p outer=%p, outer.Outer=%v", inner.Outer, outer, outer.Outer)
	}
	// inner captures a from main and n from outer; outer captures a on
	// inner's behalf, and b itself, once. Globals are never captured.
	if got := names(inner); got != "a n" {
		t.Errorf("inner captures %q, want \"a n\"", got)
	}
	if got := names(outer); got != "a b" {
		t.Errorf("outer captures %q, want \"a b\"", got)
	}
	if got := names(gor); got != "" {
		t.Errorf("the goroutine captures %q, want nothing", got)
	}
	for _, v := range []struct {
		owner, name    string
		memory, escape bool
	}{
		{"main", "a", true, true}, {"main", "b", true, true}, {"main", "c", false, false},
		{"main.func1", "n", true, true},
	} {
		o := variable(t, info, v.owner, v.name)
		if o.Memory != v.memory || o.Escapes != v.escape {
			t.Errorf("%s.%s: Memory %v Escapes %v, want %v %v", v.owner, v.name, o.Memory, o.Escapes, v.memory, v.escape)
		}
	}
	if own := variable(t, info, "main", "outer"); own.Memory {
		t.Errorf("the closure variable outer is only called, yet lives in memory")
	}
}

func TestLoopVars(t *testing.T) {
	src := `
var arr [3]int
var ch = make(chan int)
thread main {
	before := 0
	for i := 0; i < 3; i++ {
		inside := i
		inside++
	}
	for k, v := range arr {
		before += k + v
	}
	for n := range 4 {
		before += n
	}
	for x := range ch {
		before += x
	}
	j := 0
	for j = 0; j < 2; j++ {
	}
	for m, w := 0, 1; m < w; m++ {
	}
}
`
	_, info := checkSrc(t, src)
	for _, v := range []struct {
		name string
		loop bool
	}{
		{"before", false}, {"i", true}, {"inside", false}, {"k", true}, {"v", true},
		{"n", true}, {"x", true}, {"j", false}, {"m", true}, {"w", true},
	} {
		if o := variable(t, info, "main", v.name); o.LoopVar != v.loop {
			t.Errorf("%s: LoopVar %v, want %v", v.name, o.LoopVar, v.loop)
		}
	}
}

func TestFuncInfo(t *testing.T) {
	src := `
var g int
func plain(a, b int) (sum int, ok bool) {
	sum = a + b
	return sum, true
}
func guarded() {
	defer func() {
		if r := recover(); r != nil {
			g = 1
		}
	}()
	panic("x")
}
thread worker[2] {
	g += id
}
thread main {
	plain(1, 2)
	guarded()
}
`
	_, info := checkSrc(t, src)
	funcs := map[string]*check.FuncInfo{}
	for _, fi := range info.FuncOrder {
		if _, dup := funcs[fi.Name]; !dup {
			funcs[fi.Name] = fi
		}
	}
	plain := funcs["plain"]
	if plain == nil || len(plain.Params) != 2 || len(plain.Results) != 2 || !plain.Named {
		t.Fatalf("plain: %+v", plain)
	}
	if plain.Params[1].Name != "b" || plain.Params[1].Param != 1 || plain.Results[1].Name != "ok" || plain.Results[1].Result != 1 {
		t.Errorf("plain's parameters and results are not indexed: %+v %+v", plain.Params[1], plain.Results[1])
	}
	if g := funcs["guarded"]; !g.HasDefer || g.HasRecover {
		t.Errorf("guarded: HasDefer %v HasRecover %v, want true false (recover is in the literal)", g.HasDefer, g.HasRecover)
	}
	if lit := funcs["guarded.func1"]; !lit.HasRecover || lit.Outer != funcs["guarded"] {
		t.Errorf("the deferred literal: HasRecover %v Outer %v", lit.HasRecover, lit.Outer)
	}
	w := funcs["worker"]
	if w.Thread == nil || len(w.Params) != 1 || w.Params[0].Name != "id" || w.Scope["id"] != w.Params[0] {
		t.Errorf("worker[2]: id is not its parameter: %+v", w)
	}
	if len(info.Globals) != 1 || info.Globals[0].Name != "g" || !info.Globals[0].Memory {
		t.Errorf("Globals = %+v", info.Globals)
	}
}
