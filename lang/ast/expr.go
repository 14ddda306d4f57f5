// This file defines the expressions, types included: in cohere, as in Go,
// a type is written where an expression may stand (new(T), make(chan T)).

package ast

// Expr is an expression or a type.
type Expr interface {
	Node
	exprNode()
}

// Ident is a name.
type Ident struct {
	Pos  Pos
	Name string
}

// BasicLit is a literal: Kind is "int" (decimal, 0x, 0o, 0b, with _; and
// sizes such as 32KiB, whose Value is the byte count), "string" (Value is
// the unquoted string) or "char" (Value is the code point, in decimal).
type BasicLit struct {
	Pos   Pos
	Kind  string
	Value string
	Raw   string // as written
}

// ParenExpr is `( X )`.
type ParenExpr struct {
	Pos Pos
	X   Expr
}

// UnaryExpr is `OP X` for OP one of + - ! ^ * & <-.
type UnaryExpr struct {
	Pos Pos
	Op  string
	X   Expr
}

// BinaryExpr is `X OP Y`.
type BinaryExpr struct {
	X     Expr
	Op    string
	OpPos Pos
	Y     Expr
}

// SelectorExpr is `X.Sel`: a method (mu.Lock), a package function
// (atomic.Add, fmt.Println) or a thread's local (w1.r1).
type SelectorExpr struct {
	X   Expr
	Sel *Ident
}

// IndexExpr is `X[Index]`.
type IndexExpr struct {
	X      Expr
	Index  Expr
	Rbrack Pos
}

// CallExpr is `Fun(Args...)`.
type CallExpr struct {
	Fun    Expr
	Lparen Pos
	Args   []Expr
	Rparen Pos
}

// FuncLit is `func(params) results { body }`.
type FuncLit struct {
	Type *FuncType
	Body *BlockStmt
}

// CompositeLit is `TYPE{elems...}`, for arrays: `[3]int{1, 2, 3}`.
type CompositeLit struct {
	Type   Expr
	Lbrace Pos
	Elts   []Expr
}

// ArrayType is `[LEN]ELEM`.
type ArrayType struct {
	Pos  Pos
	Len  Expr
	Elem Expr
}

// PointerType is `*ELEM` where a type is expected; in an expression the
// parser produces a UnaryExpr "*" and the checker decides.
type PointerType struct {
	Pos  Pos
	Elem Expr
}

// ChanType is `chan ELEM`.
type ChanType struct {
	Pos  Pos
	Elem Expr
}

// FuncTypeExpr is a function type written as a type: `func(int) int`.
type FuncTypeExpr struct {
	Type *FuncType
}

// Start returns the expression's position.
func (e *Ident) Start() Pos        { return e.Pos }
func (e *BasicLit) Start() Pos     { return e.Pos }
func (e *ParenExpr) Start() Pos    { return e.Pos }
func (e *UnaryExpr) Start() Pos    { return e.Pos }
func (e *BinaryExpr) Start() Pos   { return e.X.Start() }
func (e *SelectorExpr) Start() Pos { return e.X.Start() }
func (e *IndexExpr) Start() Pos    { return e.X.Start() }
func (e *CallExpr) Start() Pos     { return e.Fun.Start() }
func (e *FuncLit) Start() Pos      { return e.Type.Pos }
func (e *CompositeLit) Start() Pos { return e.Type.Start() }
func (e *ArrayType) Start() Pos    { return e.Pos }
func (e *PointerType) Start() Pos  { return e.Pos }
func (e *ChanType) Start() Pos     { return e.Pos }
func (e *FuncTypeExpr) Start() Pos { return e.Type.Pos }

func (*Ident) exprNode()        {}
func (*BasicLit) exprNode()     {}
func (*ParenExpr) exprNode()    {}
func (*UnaryExpr) exprNode()    {}
func (*BinaryExpr) exprNode()   {}
func (*SelectorExpr) exprNode() {}
func (*IndexExpr) exprNode()    {}
func (*CallExpr) exprNode()     {}
func (*FuncLit) exprNode()      {}
func (*CompositeLit) exprNode() {}
func (*ArrayType) exprNode()    {}
func (*PointerType) exprNode()  {}
func (*ChanType) exprNode()     {}
func (*FuncTypeExpr) exprNode() {}
