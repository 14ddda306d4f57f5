// This file defines the statements.

package ast

// Stmt is a statement inside a function, thread or block.
type Stmt interface {
	Node
	stmtNode()
}

// BlockStmt is `{ stmt; ... }`.
type BlockStmt struct {
	Pos   Pos
	Stmts []Stmt
	End   Pos // the closing brace
}

// ExprStmt is an expression used as a statement: a call or a receive.
type ExprStmt struct {
	X Expr
}

// AssignStmt is `LHS op RHS` for op one of = := += -= *= /= %= &= |= ^=
// <<= >>= &^=. For `a, b := f()` LHS has two exprs and RHS one.
type AssignStmt struct {
	Pos   Pos
	LHS   []Expr
	Op    string
	OpPos Pos
	RHS   []Expr
}

// IncDecStmt is `X++` or `X--`.
type IncDecStmt struct {
	Pos Pos
	X   Expr
	Inc bool
}

// SendStmt is `CH <- VALUE`.
type SendStmt struct {
	Pos   Pos
	Chan  Expr
	Value Expr
}

// DeclStmt is a local `var` declaration.
type DeclStmt struct {
	Decl *VarDecl
}

// IfStmt is `if [INIT;] COND { ... } [else ...]`; Else is a *BlockStmt,
// an *IfStmt or nil.
type IfStmt struct {
	Pos  Pos
	Init Stmt // nil
	Cond Expr
	Then *BlockStmt
	Else Stmt
}

// ForStmt is `for [INIT]; [COND]; [POST] { }`, `for COND { }` or `for { }`.
type ForStmt struct {
	Pos  Pos
	Init Stmt // nil
	Cond Expr // nil: forever
	Post Stmt // nil
	Body *BlockStmt
}

// RangeStmt is `for [KEY [, VALUE] (:= | =)] range X { }`: X an integer, an
// array or a channel.
type RangeStmt struct {
	Pos    Pos
	Key    Expr // nil
	Value  Expr // nil
	Define bool // := rather than =
	X      Expr
	Body   *BlockStmt
}

// BranchStmt is `break` or `continue` (no labels).
type BranchStmt struct {
	Pos Pos
	Tok string // "break" or "continue"
}

// ReturnStmt is `return [EXPR, ...]`.
type ReturnStmt struct {
	Pos     Pos
	Results []Expr
}

// GoStmt is `go CALL`.
type GoStmt struct {
	Pos  Pos
	Call *CallExpr
}

// DeferStmt is `defer CALL`.
type DeferStmt struct {
	Pos  Pos
	Call *CallExpr
}

// SelectStmt is `select { case ...: ... default: ... }`.
type SelectStmt struct {
	Pos   Pos
	Cases []*CommClause
}

// CommClause is one case of a select: Comm is a *SendStmt, an *ExprStmt
// holding a receive, an *AssignStmt whose RHS is a receive, or nil for
// `default`.
type CommClause struct {
	Pos  Pos
	Comm Stmt
	Body []Stmt
}

// EmptyStmt is a lone `;`.
type EmptyStmt struct {
	Pos Pos
}

// Start returns the statement's position.
func (s *BlockStmt) Start() Pos  { return s.Pos }
func (s *ExprStmt) Start() Pos   { return s.X.Start() }
func (s *AssignStmt) Start() Pos { return s.Pos }
func (s *IncDecStmt) Start() Pos { return s.Pos }
func (s *SendStmt) Start() Pos   { return s.Pos }
func (s *DeclStmt) Start() Pos   { return s.Decl.Pos }
func (s *IfStmt) Start() Pos     { return s.Pos }
func (s *ForStmt) Start() Pos    { return s.Pos }
func (s *RangeStmt) Start() Pos  { return s.Pos }
func (s *BranchStmt) Start() Pos { return s.Pos }
func (s *ReturnStmt) Start() Pos { return s.Pos }
func (s *GoStmt) Start() Pos     { return s.Pos }
func (s *DeferStmt) Start() Pos  { return s.Pos }
func (s *SelectStmt) Start() Pos { return s.Pos }
func (s *CommClause) Start() Pos { return s.Pos }
func (s *EmptyStmt) Start() Pos  { return s.Pos }

func (*BlockStmt) stmtNode()  {}
func (*ExprStmt) stmtNode()   {}
func (*AssignStmt) stmtNode() {}
func (*IncDecStmt) stmtNode() {}
func (*SendStmt) stmtNode()   {}
func (*DeclStmt) stmtNode()   {}
func (*IfStmt) stmtNode()     {}
func (*ForStmt) stmtNode()    {}
func (*RangeStmt) stmtNode()  {}
func (*BranchStmt) stmtNode() {}
func (*ReturnStmt) stmtNode() {}
func (*GoStmt) stmtNode()     {}
func (*DeferStmt) stmtNode()  {}
func (*SelectStmt) stmtNode() {}
func (*EmptyStmt) stmtNode()  {}
