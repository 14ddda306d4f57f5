// Package ast defines the syntax tree of a cohere script (.coh): the
// declarations, statements and expressions the parser in lang/syntax
// produces and every later phase (check, compile, fmt) reads. Every node
// keeps the position where it starts, so every error can point at it.
package ast

// This file defines positions, the file and the declarations.

import "fmt"

// Pos is a position in a source file. Line and Col count from 1; Col
// counts bytes. The zero Pos means "no position".
type Pos struct {
	File   string
	Offset int
	Line   int
	Col    int
}

func (p Pos) String() string {
	if p.File == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Node is any node of the tree.
type Node interface {
	Start() Pos
}

// Comment is one comment, kept for `cohere fmt`: "// ..." or "/* ... */"
// exactly as written.
type Comment struct {
	Pos  Pos
	Text string
}

// File is a whole script.
type File struct {
	Name     string
	Decls    []Decl
	Comments []Comment // every comment in source order
}

// Decl is a top-level declaration.
type Decl interface {
	Node
	declNode()
}

// Word is one item of a settings line: an identifier, a number, a size
// (32KiB), a string or a symbol, exactly as written.
type Word struct {
	Pos  Pos
	Kind WordKind
	Text string
}

// WordKind says what a Word is.
type WordKind int

// The word kinds.
const (
	WordIdent WordKind = iota
	WordNumber
	WordSize   // a number with a unit: 32KiB, 16MiB, 8K
	WordString // Text is the unquoted value
	WordSymbol // punctuation such as "!" or ","
)

// Setting is one line of a machine or memory block, or the words after
// `run`: a name and its arguments, interpreted by the checker
// ("l1 size 32KiB ways 8" → Name "l1", Args [size 32KiB ways 8]).
type Setting struct {
	Pos  Pos
	Name Word
	Args []Word
}

// MachineDecl is `machine { setting... }`.
type MachineDecl struct {
	Pos      Pos
	Settings []*Setting
}

// MemoryDecl is `memory { setting... }`.
type MemoryDecl struct {
	Pos      Pos
	Settings []*Setting
}

// VarDecl is `var NAME [, NAME...] [TYPE] [= EXPR, ...] [at EXPR] [align EXPR]`,
// at top level (a global) or as a statement (a local).
type VarDecl struct {
	Pos    Pos
	Names  []*Ident
	Type   Expr   // nil when inferred from the values
	Values []Expr // nil when zero
	At     Expr   // explicit address, or nil
	Align  Expr   // alignment in bytes, or nil
}

// Param is one parameter or named result; Name is nil for an unnamed one.
type Param struct {
	Name *Ident
	Type Expr
}

// FuncType is a function's signature.
type FuncType struct {
	Pos     Pos
	Params  []*Param
	Results []*Param // all named or all unnamed
}

// FuncDecl is `func NAME(params) results { body }`.
type FuncDecl struct {
	Pos  Pos
	Name *Ident
	Type *FuncType
	Body *BlockStmt
}

// ThreadDecl is `thread NAME [ "[" COUNT "]" ] [on core CORE] { body }`.
// With a count it declares COUNT threads NAME[0]... whose body sees `id`.
type ThreadDecl struct {
	Pos   Pos
	Name  *Ident
	Count Expr // nil for one thread
	Core  Expr // nil when not pinned
	Body  *BlockStmt
}

// TraceDecl is `trace { P0 read x; P1 write x 7; ... }`.
type TraceDecl struct {
	Pos   Pos
	Steps []*TraceStep
}

// TraceStep is one line of a trace block: CORE OP TARGET [VALUE], OP one
// of read, write (and later ones the checker knows).
type TraceStep struct {
	Pos    Pos
	Core   *Ident // P0, P1, ...
	Op     *Ident
	Target Expr
	Value  Expr // nil for a read
}

// InitDecl is `init { P0 a M 5; P1 b S; ... }`: starting cache contents.
type InitDecl struct {
	Pos   Pos
	Lines []*InitLine
}

// InitLine is CORE TARGET STATE [VALUE].
type InitLine struct {
	Pos    Pos
	Core   *Ident
	Target Expr
	State  *Ident
	Value  Expr // nil: the value memory holds
}

// ProtocolDecl is `protocol NAME { states ...; rows...; dirty ... }`.
type ProtocolDecl struct {
	Pos    Pos
	Name   *Ident
	States []*Ident // from the `states` line; the first is the invalid state
	Dirty  []*Ident // from a `dirty` line, or nil
	Rows   []*ProtocolRow
}

// ProtocolRow is `FROM EVENT[, EVENT...] [when C|!C] -> TO [ACTION...]`.
type ProtocolRow struct {
	Pos     Pos
	From    *Ident
	Events  []*Ident
	When    string // "", "C" or "!C"
	WhenPos Pos
	To      *Ident
	Actions []*Ident
}

// RunDecl is `run MODE [words...]`: how threads interleave.
type RunDecl struct {
	Pos     Pos
	Setting *Setting // Name is the mode: sequential, roundrobin, random, timed, order, all
}

// ExpectDecl is `expect [never|possible|always] EXPR`, or `expect norace`
// / `expect race` (Expr is then nil and Kind says which).
type ExpectDecl struct {
	Pos  Pos
	Kind string // "", "never", "possible", "always", "norace", "race"
	Expr Expr
	Text string // the source text after `expect`, for reports
}

// Start returns the node's position.
func (d *MachineDecl) Start() Pos  { return d.Pos }
func (d *MemoryDecl) Start() Pos   { return d.Pos }
func (d *VarDecl) Start() Pos      { return d.Pos }
func (d *FuncDecl) Start() Pos     { return d.Pos }
func (d *ThreadDecl) Start() Pos   { return d.Pos }
func (d *TraceDecl) Start() Pos    { return d.Pos }
func (d *InitDecl) Start() Pos     { return d.Pos }
func (d *ProtocolDecl) Start() Pos { return d.Pos }
func (d *RunDecl) Start() Pos      { return d.Pos }
func (d *ExpectDecl) Start() Pos   { return d.Pos }
func (s *Setting) Start() Pos      { return s.Pos }
func (t *FuncType) Start() Pos     { return t.Pos }
func (s *TraceStep) Start() Pos    { return s.Pos }
func (l *InitLine) Start() Pos     { return l.Pos }
func (r *ProtocolRow) Start() Pos  { return r.Pos }

func (*MachineDecl) declNode()  {}
func (*MemoryDecl) declNode()   {}
func (*VarDecl) declNode()      {}
func (*FuncDecl) declNode()     {}
func (*ThreadDecl) declNode()   {}
func (*TraceDecl) declNode()    {}
func (*InitDecl) declNode()     {}
func (*ProtocolDecl) declNode() {}
func (*RunDecl) declNode()      {}
func (*ExpectDecl) declNode()   {}
