// This file walks the declarations: globals, functions, threads and
// expects, and holds the scopes.

package check

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/types"
)

// Env is what the checker needs to know of the machine.
type Env struct {
	Cores  int      // the value of ncores
	States []string // the protocol's state names, usable in expects
	// Partial accepts a script with no thread yet (a REPL session being
	// typed in).
	Partial bool
}

// scope is one block's names.
type scope struct {
	names map[string]*Object
	outer *scope
	fn    *FuncInfo // the function this scope belongs to (nil at top level)
}

func (s *scope) lookup(name string) *Object {
	for ; s != nil; s = s.outer {
		if o := s.names[name]; o != nil {
			return o
		}
	}
	return nil
}

type checker struct {
	env      Env
	info     *Info
	errs     diag.List
	top      *scope
	fn       *FuncInfo // the function being checked
	loops    int       // enclosing for statements (for break/continue)
	selects  int       // enclosing select statements (for break)
	expect   bool      // checking an expect: special names apply
	threads  map[string]*ast.ThreadDecl
	globLits int                   // function literals in global initialisers
	cyclic   map[*ast.VarDecl]bool // globals in an initialisation cycle: reported once
}

// Check checks a parsed file.
func Check(f *ast.File, env Env) (*Info, diag.List) {
	c := &checker{env: env, threads: map[string]*ast.ThreadDecl{}, cyclic: map[*ast.VarDecl]bool{}}
	c.info = &Info{
		Types: map[ast.Expr]*types.Type{}, Uses: map[*ast.Ident]*Object{}, Defs: map[*ast.Ident]*Object{},
		Funcs: map[ast.Node]*FuncInfo{}, Calls: map[*ast.CallExpr]string{}, ThreadLocals: map[*ast.SelectorExpr]*Object{}, CommaOK: map[*ast.UnaryExpr]bool{}, Spread: map[*ast.CallExpr]bool{},
	}
	c.info.Cores = int64(env.Cores)
	c.top = &scope{names: universe(env)}
	globals := &scope{names: map[string]*Object{}, outer: c.top}
	c.top = globals

	// Declare every global name first, so that order does not matter.
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			c.declare(globals, d.Name, &Object{Kind: FuncObj, Name: d.Name.Name, Pos: d.Name.Pos, Func: d})
		case *ast.ThreadDecl:
			if prev := c.threads[d.Name.Name]; prev != nil {
				c.errs.Addf(d.Name.Pos, "thread %s is declared twice (first at %d:%d): rename one of them", d.Name.Name, prev.Name.Pos.Line, prev.Name.Pos.Col)
			}
			c.threads[d.Name.Name] = d
		}
	}
	for _, d := range f.Decls {
		if d, ok := d.(*ast.FuncDecl); ok {
			o := c.info.Defs[d.Name]
			if o != nil {
				o.Type = c.signature(d.Type)
			}
		}
	}
	c.info.InitOrder = c.initOrder(f)
	for _, d := range c.info.InitOrder {
		c.globalVar(globals, d)
	}
	sortGlobals(c.info.Globals)
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if o := c.info.Defs[d.Name]; o != nil && o.Type != nil {
				c.funcBody(&FuncInfo{Name: d.Name.Name, Decl: d, Type: o.Type}, d.Type, d.Body, nil)
			}
		case *ast.ThreadDecl:
			c.thread(d)
		}
	}
	hasThread := false
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.TraceDecl:
			c.traceDecl(d)
			hasThread = true
		case *ast.InitDecl:
			c.initDecl(d)
		case *ast.ExpectDecl:
			c.expectDecl(d)
		case *ast.ThreadDecl:
			hasThread = true
		}
	}
	if !hasThread && !env.Partial {
		c.errs.Addf(ast.Pos{File: f.Name, Line: 1, Col: 1}, "the script has no thread and no trace: add `thread main { ... }` or a `trace { ... }` block")
	}
	return c.info, c.errs.Sort()
}

func universe(env Env) map[string]*Object {
	u := map[string]*Object{
		"int":       {Kind: TypeObj, Name: "int", Type: types.IntType},
		"bool":      {Kind: TypeObj, Name: "bool", Type: types.BoolType},
		"string":    {Kind: TypeObj, Name: "string", Type: types.StringType},
		"mutex":     {Kind: TypeObj, Name: "mutex", Type: types.MutexType},
		"waitgroup": {Kind: TypeObj, Name: "waitgroup", Type: types.WaitGroupType},
		"true":      {Kind: ConstObj, Name: "true", Type: types.BoolType, Const: 1},
		"false":     {Kind: ConstObj, Name: "false", Type: types.BoolType},
		"nil":       {Kind: NilObj, Name: "nil", Type: types.NilType},
		"ncores":    {Kind: ConstObj, Name: "ncores", Type: types.IntType, Const: int64(env.Cores)},
		"atomic":    {Kind: PackageObj, Name: "atomic"},
		"fmt":       {Kind: PackageObj, Name: "fmt"},
	}
	for _, b := range []string{"new", "make", "len", "print", "println", "panic", "recover", "fence", "yield", "sleep", "close"} {
		u[b] = &Object{Kind: BuiltinObj, Name: b}
	}
	return u
}

// universeNames lists the predeclared names, for "did you mean".
func (c *checker) visibleNames(s *scope) []string {
	seen := map[string]bool{}
	var out []string
	for ; s != nil; s = s.outer {
		for n := range s.names {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

func (c *checker) declare(s *scope, id *ast.Ident, o *Object) {
	if id.Name == "_" {
		c.info.Defs[id] = o
		return
	}
	if prev := s.names[id.Name]; prev != nil {
		where := ""
		if prev.Pos.IsValid() {
			where = fmt.Sprintf(" (first at %d:%d)", prev.Pos.Line, prev.Pos.Col)
		}
		c.errs.Addf(id.Pos, "%s is declared twice in this block%s: rename one of them", id.Name, where)
		return
	}
	s.names[id.Name] = o
	c.info.Defs[id] = o
}

// globalVar declares the names of a global var declaration.
func (c *checker) globalVar(s *scope, d *ast.VarDecl) {
	var t *types.Type
	if d.Type != nil {
		t = c.typeExpr(d.Type)
	}
	var vals []*types.Type
	if !c.cyclic[d] {
		vals = c.values(d, t)
	}
	for i, id := range d.Names {
		vt := t
		if vt == nil && i < len(vals) {
			vt = vals[i]
		}
		if vt == nil {
			vt = types.InvalidType
		}
		o := &Object{Kind: VarObj, Name: id.Name, Pos: id.Pos, Type: vt, Global: true, Memory: true, Param: -1, Result: -1, Decl: d}
		c.declare(s, id, o)
		c.info.Globals = append(c.info.Globals, o)
	}
	if d.At != nil {
		c.constInt(d.At, "an address")
	}
	if d.Align != nil {
		if n, ok := c.constInt(d.Align, "an alignment"); ok && (n <= 0 || n&(n-1) != 0) {
			c.errs.Addf(d.Align.Start(), "align %d: an alignment must be a power of two, such as 8, 16 or 64", n)
		}
	}
}

// values checks a var declaration's values against its type and returns
// their types.
func (c *checker) values(d *ast.VarDecl, t *types.Type) []*types.Type {
	if len(d.Values) == 0 {
		if t == nil {
			n := d.Names[0].Name
			c.errs.Addf(d.Names[0].Pos, "var %s needs a type or a value, as in var %s int or var %s = 0", n, n, n)
		}
		return nil
	}
	var ts []*types.Type
	if len(d.Values) == 1 && len(d.Names) > 1 {
		vt := c.expr(d.Values[0])
		if vt.Kind == types.Tuple {
			ts = vt.Results
		} else {
			ts = []*types.Type{vt}
		}
	} else {
		for _, v := range d.Values {
			ts = append(ts, c.value(v))
		}
	}
	if len(ts) != len(d.Names) {
		pos := d.Names[0].Pos
		if len(d.Values) > 0 {
			pos = d.Values[0].Start()
		}
		c.errs.Addf(pos, "assignment mismatch: %d variable%s but %d value%s", len(d.Names), plural(len(d.Names)), len(ts), plural(len(ts)))
		return nil
	}
	for i, vt := range ts {
		if t != nil && !types.AssignableTo(vt, t) {
			c.errs.Addf(d.Values[min(i, len(d.Values)-1)].Start(), "cannot use %s as the value of %s: %s is %s%s", an(vt), d.Names[i].Name, d.Names[i].Name, an(t), nilNote(vt, t))
		}
		if t == nil && vt.Kind == types.Nil {
			n := d.Names[i].Name
			c.errs.Addf(d.Values[i].Start(), "use of untyped nil: nil has no type of its own; give %s one, as in var %s *int = nil", n, n)
			ts[i] = types.InvalidType
		}
	}
	return ts
}

// signature resolves a function type.
func (c *checker) signature(ft *ast.FuncType) *types.Type {
	t := &types.Type{Kind: types.Func}
	for _, p := range ft.Params {
		t.Params = append(t.Params, c.typeExpr(p.Type))
	}
	for _, r := range ft.Results {
		t.Results = append(t.Results, c.typeExpr(r.Type))
	}
	return t
}

// funcBody checks a function's (or literal's) body in a new scope holding
// its parameters and named results.
func (c *checker) funcBody(fi *FuncInfo, ft *ast.FuncType, body *ast.BlockStmt, outer *scope) {
	if outer == nil {
		outer = c.top
	}
	node := ast.Node(fi.Decl)
	if fi.Lit != nil {
		node = fi.Lit
	}
	c.info.Funcs[node] = fi
	c.info.FuncOrder = append(c.info.FuncOrder, fi)
	s := &scope{names: map[string]*Object{}, outer: outer, fn: fi}
	for i, p := range ft.Params {
		o := &Object{Kind: VarObj, Pos: ft.Pos, Type: fi.Type.Params[i], Owner: fi, Param: i, Result: -1}
		o.Memory = inMemory(o.Type) // an array parameter is a copy in the frame
		if p.Name != nil {
			o.Name, o.Pos = p.Name.Name, p.Name.Pos
			c.declare(s, p.Name, o)
		}
		fi.Params = append(fi.Params, o)
		fi.Locals = append(fi.Locals, o)
	}
	for i, r := range ft.Results {
		o := &Object{Kind: VarObj, Pos: ft.Pos, Type: fi.Type.Results[i], Owner: fi, Param: -1, Result: i}
		if inMemory(o.Type) { // an array result outlives the frame: the caller copies it
			o.Memory, o.Escapes = true, true
		}
		if r.Name != nil {
			fi.Named = true
			o.Name, o.Pos = r.Name.Name, r.Name.Pos
			c.declare(s, r.Name, o)
		}
		fi.Results = append(fi.Results, o)
		fi.Locals = append(fi.Locals, o)
	}
	saved, savedLoops, savedSelects := c.fn, c.loops, c.selects
	c.fn, c.loops, c.selects = fi, 0, 0
	c.block(body.Stmts, s)
	if len(fi.Results) > 0 && !terminates(body) {
		c.errs.Addf(body.End, "missing return at the end of %s: it returns %s, so every path must end in a return (or a panic)", fi.Name, results(fi.Type.Results))
	}
	c.fn, c.loops, c.selects = saved, savedLoops, savedSelects
}

// thread checks a thread's body: a function of no parameters, plus `id`
// when the declaration has a count.
func (c *checker) thread(d *ast.ThreadDecl) {
	fi := &FuncInfo{Name: d.Name.Name, Thread: d, Type: &types.Type{Kind: types.Func}}
	c.info.Funcs[d] = fi
	c.info.FuncOrder = append(c.info.FuncOrder, fi)
	if d.Count != nil {
		if n, ok := c.constInt(d.Count, "a thread count"); ok && (n < 1 || n > 1024) {
			c.errs.Addf(d.Count.Start(), "thread %s[%d]: the count must be 1 to 1024", d.Name.Name, n)
		}
	}
	if d.Core != nil {
		if n, ok := c.constInt(d.Core, "a core number"); ok && (n < 0 || int(n) >= c.env.Cores) {
			c.errs.Addf(d.Core.Start(), "core %d does not exist: the machine has cores 0 to %d (set cores in the machine block for more)", n, c.env.Cores-1)
		}
	}
	s := &scope{names: map[string]*Object{}, outer: c.top, fn: fi}
	if d.Count != nil {
		id := &Object{Kind: VarObj, Name: "id", Pos: d.Pos, Type: types.IntType, Owner: fi, Param: 0, Result: -1}
		s.names["id"] = id
		fi.Params = append(fi.Params, id)
		fi.Locals = append(fi.Locals, id)
		fi.Type = &types.Type{Kind: types.Func, Params: []*types.Type{types.IntType}}
	}
	fi.Scope = s.names
	saved, savedLoops, savedSelects := c.fn, c.loops, c.selects
	c.fn, c.loops, c.selects = fi, 0, 0
	c.stmts(d.Body.Stmts, s)
	c.fn, c.loops, c.selects = saved, savedLoops, savedSelects
}

var coreName = regexp.MustCompile(`^P([0-9]+)$`)

// traceDecl checks a trace block: each line is CORE read|write TARGET
// [VALUE], the target a global or an element with a constant index, the
// value a constant.
func (c *checker) traceDecl(d *ast.TraceDecl) {
	for _, st := range d.Steps {
		m := coreName.FindStringSubmatch(st.Core.Name)
		if m == nil {
			c.errs.Addf(st.Core.Pos, "%s: a trace line starts with a core, P0 to P%d", st.Core.Name, c.env.Cores-1)
		} else if n, _ := strconv.Atoi(m[1]); n >= c.env.Cores {
			c.errs.Addf(st.Core.Pos, "core %s: the machine has cores P0 to P%d", st.Core.Name, c.env.Cores-1)
		}
		switch st.Op.Name {
		case "read":
			if st.Value != nil {
				c.errs.Addf(st.Value.Start(), "a read takes no value: %s read %s", st.Core.Name, exprString(st.Target))
			}
		case "write":
			if st.Value == nil {
				c.errs.Addf(st.Target.Start(), "a write needs a value: %s write %s 1", st.Core.Name, exprString(st.Target))
			} else if _, ok := constValue(st.Value, c.top); !ok {
				c.errs.Addf(st.Value.Start(), "a trace writes constants: a number, or arithmetic on numbers")
			} else {
				c.valueIn(st.Value, c.top) // records the names it uses (true), for the compiler's folding
			}
		default:
			c.errs.Addf(st.Op.Pos, "unknown trace operation %s: a trace line is `%s read x` or `%s write x VALUE`", st.Op.Name, st.Core.Name, st.Core.Name)
		}
		t := c.valueIn(st.Target, c.top)
		if t.Kind == types.Invalid {
			continue // already reported
		}
		if !c.traceTarget(st.Target) {
			c.errs.Addf(st.Target.Start(), "a trace accesses globals: a variable, or an array element with a constant index")
		} else if !t.Scalar() && t.Kind != types.Invalid {
			c.errs.Addf(st.Target.Start(), "%s is a %s: a trace accesses one word, name an element", exprString(st.Target), t)
		}
	}
}

// traceTarget reports whether e is a global or a constant-index element.
func (c *checker) traceTarget(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		o := c.info.ObjectOf(e)
		return o != nil && o.Global
	case *ast.IndexExpr:
		_, ok := constValue(e.Index, c.top)
		return ok && c.info.TypeOf(e.X).Kind == types.Array && c.traceTarget(e.X)
	case *ast.ParenExpr:
		return c.traceTarget(e.X)
	}
	return false
}

// Inspect is the Kind of an ExpectDecl that stands for an expression typed
// at a REPL prompt: checked with the expect rules, of any type.
const Inspect = "inspect"

// expectDecl checks an expect: its expression must be a bool.
func (c *checker) expectDecl(d *ast.ExpectDecl) {
	switch d.Kind {
	case "norace", "race":
		return // whether the race detector reported a race: checked after the run
	}
	c.expect = true
	defer func() { c.expect = false }()
	s := &scope{names: map[string]*Object{}, outer: c.top}
	for _, st := range c.env.States {
		if c.top.lookup(st) == nil {
			s.names[st] = &Object{Kind: StateObj, Name: st, Type: types.StringType}
		}
	}
	saved := c.top
	c.top = s
	t := c.exprIn(d.Expr, s)
	c.top = saved
	if d.Kind == Inspect {
		return // a REPL's expression: any value
	}
	if t.Kind != types.Bool && t.Kind != types.Invalid {
		c.errs.Addf(d.Expr.Start(), "expect needs a condition (a bool), not %s: write for example `expect %s == 1`", an(t), d.Text)
	}
}

// inMemory reports whether values of t always live in simulated memory.
func inMemory(t *types.Type) bool {
	return t.Kind == types.Array || t.Kind == types.Mutex || t.Kind == types.WaitGroup
}

// constInt evaluates a constant integer expression: literals, ncores,
// true/false and arithmetic on them.
func (c *checker) constInt(e ast.Expr, what string) (int64, bool) {
	v, ok := constValue(e, c.top)
	if !ok {
		c.errs.Addf(e.Start(), "%s must be a constant (a number, ncores, or arithmetic on them)", what)
		return 0, false
	}
	c.info.Types[e] = types.IntType
	return v, true
}

// terminates reports whether a block surely ends in a return or panic.
func terminates(b *ast.BlockStmt) bool {
	if len(b.Stmts) == 0 {
		return false
	}
	switch s := b.Stmts[len(b.Stmts)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.ExprStmt:
		if call, ok := s.X.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "panic" {
				return true
			}
		}
	case *ast.BlockStmt:
		return terminates(s)
	case *ast.IfStmt:
		if s.Else == nil {
			return false
		}
		switch e := s.Else.(type) {
		case *ast.BlockStmt:
			return terminates(s.Then) && terminates(e)
		case *ast.IfStmt:
			return terminates(s.Then) && terminates(&ast.BlockStmt{Stmts: []ast.Stmt{e}})
		}
	case *ast.ForStmt:
		return s.Cond == nil && !hasBreak(s.Body)
	case *ast.SelectStmt:
		// Go's rule: no break refers to the select, and every clause
		// ends in a terminating statement (select {} never ends).
		for _, cc := range s.Cases {
			body := &ast.BlockStmt{Stmts: cc.Body}
			if !terminates(body) || hasBreak(body) {
				return false
			}
		}
		return true
	}
	return false
}

// hasBreak reports whether a loop body (or a select clause) has a break
// that refers to the loop (or the select): one not inside an inner for or
// select.
func hasBreak(b *ast.BlockStmt) bool {
	found := false
	var walk func(ss []ast.Stmt)
	walk = func(ss []ast.Stmt) {
		for _, s := range ss {
			switch s := s.(type) {
			case *ast.BranchStmt:
				if s.Tok == "break" {
					found = true
				}
			case *ast.BlockStmt:
				walk(s.Stmts)
			case *ast.IfStmt:
				walk(s.Then.Stmts)
				if s.Else != nil {
					walk([]ast.Stmt{s.Else})
				}
			}
		}
	}
	walk(b.Stmts)
	return found
}
