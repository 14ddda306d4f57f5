// Package check resolves the names of a parsed script, gives every
// expression a type, decides which variables live in simulated memory, and
// reports every error at once with its position. Its result, Info, is what
// the compiler reads; the AST is not changed.
package check

// This file defines the objects names resolve to and the checker's result.

import (
	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/types"
)

// ObjKind says what a name denotes.
type ObjKind uint8

// The object kinds.
const (
	VarObj     ObjKind = iota // a variable: global, local, parameter, result
	FuncObj                   // a declared function
	TypeObj                   // a type name (int, bool, mutex, ...)
	ConstObj                  // true, false, ncores
	NilObj                    // nil
	BuiltinObj                // new, make, len, print, panic, ...
	PackageObj                // atomic, fmt
	StateObj                  // a protocol state name in an expect (M, S, ...)
	ThreadObj                 // a thread, in an expect's thread.local
)

// Object is what a name denotes.
type Object struct {
	Kind  ObjKind
	Name  string
	Pos   ast.Pos
	Type  *types.Type
	Const int64 // ConstObj's value

	// Variables.
	Global  bool
	Memory  bool         // lives in simulated memory: a global, an array, an address-taken or captured local
	Escapes bool         // a memory local that must live on the heap rather than the stack frame
	Owner   *FuncInfo    // the function or thread that declares a local
	Param   int          // index among the parameters (-1: not a parameter)
	Result  int          // index among the named results (-1)
	LoopVar bool         // declared by a for statement's init or range: fresh per iteration
	Decl    *ast.VarDecl // the declaration of a global, or nil
	Slot    int          // assigned by the compiler

	Func   *ast.FuncDecl   // FuncObj
	Thread *ast.ThreadDecl // ThreadObj
}

// FuncInfo describes one function body: a declared function, a function
// literal or a thread.
type FuncInfo struct {
	Name       string
	Decl       *ast.FuncDecl   // one of these three
	Lit        *ast.FuncLit    //
	Thread     *ast.ThreadDecl //
	Type       *types.Type     // the signature (threads: func())
	Params     []*Object
	Results    []*Object // named results, or unnamed placeholders
	Named      bool      // the results are named
	Locals     []*Object // every local, parameters and results included, in declaration order
	Captures   []*Object // free variables of a literal, from enclosing functions
	Outer      *FuncInfo // the enclosing function of a literal
	HasDefer   bool
	lits       int // function literals inside, for their names
	HasRecover bool
	Scope      map[string]*Object // the outermost scope of a thread's body, for thread.local in expects
}

// Info is what the checker found.
type Info struct {
	Types   map[ast.Expr]*types.Type
	Uses    map[*ast.Ident]*Object
	Defs    map[*ast.Ident]*Object
	Funcs   map[ast.Node]*FuncInfo // keyed by *ast.FuncDecl, *ast.FuncLit or *ast.ThreadDecl
	Globals []*Object              // in declaration order
	// InitOrder is the global declarations in initialisation order: after
	// the globals their values name.
	InitOrder []*ast.VarDecl
	// Builtin call sites: the builtin or method name ("len", "atomic.Add",
	// "Lock", "wg.Add"...).
	Calls map[*ast.CallExpr]string
	// ThreadLocals resolves `thread.local` in expects.
	ThreadLocals map[*ast.SelectorExpr]*Object
	FuncOrder    []*FuncInfo
	// Cores is the value of ncores.
	Cores int64
	// Spread marks the calls whose one argument is a call with several
	// results, passed on as several arguments.
	Spread map[*ast.CallExpr]bool
	// CommaOK marks the receives that also yield whether a value came.
	CommaOK map[*ast.UnaryExpr]bool
}

// TypeOf returns the type of an expression.
func (in *Info) TypeOf(e ast.Expr) *types.Type {
	if t, ok := in.Types[e]; ok {
		return t
	}
	return types.InvalidType
}

// ObjectOf returns what an identifier denotes (a use or a definition).
func (in *Info) ObjectOf(id *ast.Ident) *Object {
	if o := in.Uses[id]; o != nil {
		return o
	}
	return in.Defs[id]
}
