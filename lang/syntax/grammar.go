// This file defines the participle grammar of declarations and statements.
// Its structs are a parse tree private to this package; convert.go turns
// them into lang/ast. lang/grammar.ebnf is what participle prints of it.

package syntax

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// The statement separators: a ";" (usually an inserted newline) or, before
// a closing brace, nothing.

type file struct {
	Decls []*decl `parser:"( @@ \";\" | \";\" )*"`
}

type decl struct {
	Machine  *machineDecl  `parser:"@@"`
	Memory   *memoryDecl   `parser:"| @@"`
	Var      *varDecl      `parser:"| @@"`
	Func     *funcDecl     `parser:"| @@"`
	Thread   *threadDecl   `parser:"| @@"`
	Trace    *traceDecl    `parser:"| @@"`
	Init     *initDecl     `parser:"| @@"`
	Protocol *protocolDecl `parser:"| @@"`
	Run      *runDecl      `parser:"| @@"`
	Expect   *expectDecl   `parser:"| @@"`
}

type machineDecl struct {
	Pos      lexer.Position
	Settings []*setting `parser:"\"machine\" \"{\" ( @@"`
	Ends     []*end     `parser:"@@ | \";\" )* \"}\""`
}

type memoryDecl struct {
	Pos      lexer.Position
	Settings []*setting `parser:"\"memory\" \"{\" ( @@"`
	Ends     []*end     `parser:"@@ | \";\" )* \"}\""`
}

type varDecl struct {
	Pos    lexer.Position
	Names  []*ident  `parser:"\"var\" @@ ( \",\" @@ )*"`
	Type   *typeExpr `parser:"@@?"`
	Values []*expr   `parser:"( \"=\" @@ ( \",\" @@ )* )?"`
	At     *expr     `parser:"( \"at\" @@ )?"`
	Align  *expr     `parser:"( \"align\" @@ )?"`
}

type funcDecl struct {
	Pos  lexer.Position
	Name *ident     `parser:"\"func\" @@"`
	Sig  *signature `parser:"@@"`
	Body *block     `parser:"@@"`
}

type threadDecl struct {
	Pos   lexer.Position
	Name  *ident `parser:"\"thread\" @@"`
	Count *expr  `parser:"( \"[\" @@ \"]\" )?"`
	Core  *expr  `parser:"( \"on\" \"core\" @@ )?"`
	Body  *block `parser:"@@"`
}

type traceDecl struct {
	Pos   lexer.Position
	Steps []*traceStep `parser:"\"trace\" \"{\" ( @@"`
	Ends  []*end       `parser:"@@ | \";\" )* \"}\""`
}

type traceStep struct {
	Pos    lexer.Position
	Core   *ident  `parser:"@@"`
	Op     *ident  `parser:"@@"`
	Target *target `parser:"@@"`
	Value  *expr   `parser:"@@?"`
}

type initDecl struct {
	Pos   lexer.Position
	Lines []*initLine `parser:"\"init\" \"{\" ( @@"`
	Ends  []*end      `parser:"@@ | \";\" )* \"}\""`
}

type initLine struct {
	Pos    lexer.Position
	Core   *ident  `parser:"@@"`
	Target *target `parser:"@@"`
	State  *ident  `parser:"@@"`
	Value  *expr   `parser:"@@?"`
}

type protocolDecl struct {
	Pos   lexer.Position
	Name  *ident          `parser:"\"protocol\" @@"`
	Lines []*protocolLine `parser:"\"{\" ( @@"`
	Ends  []*end          `parser:"@@ | \";\" )* \"}\""`
}

type protocolLine struct {
	States []*ident     `parser:"\"states\" @@+"`
	Dirty  []*ident     `parser:"| \"dirty\" @@+"`
	Row    *protocolRow `parser:"| @@"`
}

type protocolRow struct {
	Pos     lexer.Position
	From    *ident   `parser:"@@"`
	Events  []*ident `parser:"@@ ( \",\" @@ )*"`
	When    *when    `parser:"@@?"`
	To      *ident   `parser:"\"->\" @@"`
	Actions []*ident `parser:"@@*"`
}

type when struct {
	Pos  lexer.Position
	Not  bool   `parser:"\"when\" @\"!\"?"`
	Cond *ident `parser:"@@"`
}

type runDecl struct {
	Pos     lexer.Position
	Setting *runSetting `parser:"\"run\" @@"`
}

type expectDecl struct {
	Pos  lexer.Position
	Body *expectBody `parser:"\"expect\" @@"`
}

type ident struct {
	Pos  lexer.Position
	Name string `parser:"@Ident"`
}

type block struct {
	Pos   lexer.Position
	Stmts []*stmt     `parser:"\"{\" ( @@"`
	Ends  []*end      `parser:"@@ | \";\" )*"`
	End   lexer.Token `parser:"@\"}\""`
}

type stmt struct {
	Var    *varDecl    `parser:"@@"`
	If     *ifStmt     `parser:"| @@"`
	For    *forStmt    `parser:"| @@"`
	Select *selectStmt `parser:"| @@"`
	Return *returnStmt `parser:"| @@"`
	Branch *branchStmt `parser:"| @@"`
	Go     *goStmt     `parser:"| @@"`
	Defer  *deferStmt  `parser:"| @@"`
	Block  *block      `parser:"| @@"`
	Simple *simpleStmt `parser:"| @@"`
}

type ifStmt struct {
	Pos     lexer.Position
	Header  *ifHeader `parser:"\"if\" @@"`
	Then    *block    `parser:"@@"`
	ElseIfs []*elseIf `parser:"@@*"`
	Else    *block    `parser:"( \"else\" @@ )?"`
}

type elseIf struct {
	If     lexer.Token `parser:"\"else\" @\"if\""`
	Header *ifHeader   `parser:"@@"`
	Then   *block      `parser:"@@"`
}

type forStmt struct {
	Pos    lexer.Position
	Header *forHeader `parser:"\"for\" @@?"`
	Body   *block     `parser:"@@"`
}

type selectStmt struct {
	Pos   lexer.Position
	Cases []*commClause `parser:"\"select\" \"{\" ( @@ | \";\" )* \"}\""`
}

type commClause struct {
	Pos   lexer.Position
	Comm  *simpleStmt `parser:"( \"case\" @@ | \"default\" )"`
	Colon lexer.Token `parser:"@\":\""`
	Body  []*stmt     `parser:"( @@"`
	Ends  []*end      `parser:"@@ | \";\" )*"`
}

type returnStmt struct {
	Pos     lexer.Position
	Results []*expr `parser:"\"return\" ( @@ ( \",\" @@ )* )?"`
}

type branchStmt struct {
	Pos lexer.Position
	Tok string `parser:"@( \"break\" | \"continue\" )"`
}

type goStmt struct {
	Pos  lexer.Position
	Call *call `parser:"\"go\" @@"`
}

type deferStmt struct {
	Pos  lexer.Position
	Call *call `parser:"\"defer\" @@"`
}

// stmtList is what a REPL line holds.
type stmtList struct {
	Stmts []*stmt `parser:"( @@ \";\" | \";\" )*"`
}

// The parsers. Built once; participle parsers are safe for concurrent use.
var (
	fileParser     = build[file]()
	blockParser    = build[block]()
	stmtListParser = build[stmtList]()
)

func build[G any]() *participle.Parser[G] {
	return participle.MustBuild[G](participle.Lexer(definition{}))
}
