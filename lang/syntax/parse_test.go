package syntax

import (
	"os"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
)

// parseStmt parses src as the body of a thread and dumps its statements.
func parseBody(t *testing.T, body string) string {
	t.Helper()
	src := "thread t {\n" + body + "\n}\n"
	f, errs := Parse("t.coh", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("%q:\n%s", body, diag.Render(errs, []byte(src), 0))
	}
	return dump(f.Decls[0].(*ast.ThreadDecl).Body.Stmts)
}

func TestParseExpressions(t *testing.T) {
	cases := []struct{ src, want string }{
		{"a + b*c", `BinaryExpr{X:a Op:"+" Y:BinaryExpr{X:b Op:"*" Y:c}}`},
		{"a*b + c", `BinaryExpr{X:BinaryExpr{X:a Op:"*" Y:b} Op:"+" Y:c}`},
		{"a - b - c", `BinaryExpr{X:BinaryExpr{X:a Op:"-" Y:b} Op:"-" Y:c}`},
		{"a || b && c == d", `BinaryExpr{X:a Op:"||" Y:BinaryExpr{X:b Op:"&&" Y:BinaryExpr{X:c Op:"==" Y:d}}}`},
		{"x << 2 | y &^ z", `BinaryExpr{X:BinaryExpr{X:x Op:"<<" Y:2} Op:"|" Y:BinaryExpr{X:y Op:"&^" Y:z}}`},
		{"-x * ^y", `BinaryExpr{X:UnaryExpr{Op:"-" X:x} Op:"*" Y:UnaryExpr{Op:"^" X:y}}`},
		{"!ok", `UnaryExpr{Op:"!" X:ok}`},
		{"*p + &a", `BinaryExpr{X:UnaryExpr{Op:"*" X:p} Op:"+" Y:UnaryExpr{Op:"&" X:a}}`},
		{"<-ch", `UnaryExpr{Op:"<-" X:ch}`},
		{"(a + b) * c", `BinaryExpr{X:ParenExpr{X:BinaryExpr{X:a Op:"+" Y:b}} Op:"*" Y:c}`},
		{"w1.r1", `SelectorExpr{X:w1 Sel:r1}`},
		{"a[i+1]", `IndexExpr{X:a Index:BinaryExpr{X:i Op:"+" Y:1}}`},
		{"atomic.Add(&a, 1)", `CallExpr{Fun:SelectorExpr{X:atomic Sel:Add} Args:[UnaryExpr{Op:"&" X:a} 1]}`},
		{"f()", `CallExpr{Fun:f}`},
		{"f(a,\n b,\n)", `CallExpr{Fun:f Args:[a b]}`},
		{"[3]int{1, 2, 3}", `CompositeLit{Type:ArrayType{Len:3 Elem:int} Elts:[1 2 3]}`},
		{"[3]int{1, 2, 3}[1]", `IndexExpr{X:CompositeLit{Type:ArrayType{Len:3 Elem:int} Elts:[1 2 3]} Index:1}`},
		{"[2][2]int{}", `CompositeLit{Type:ArrayType{Len:2 Elem:ArrayType{Len:2 Elem:int}}}`},
		{"make(chan int, 1)", `CallExpr{Fun:make Args:[ChanType{Elem:int} 1]}`},
		{"new([8]int)", `CallExpr{Fun:new Args:[ArrayType{Len:8 Elem:int}]}`},
		{"new(*int)", `CallExpr{Fun:new Args:[UnaryExpr{Op:"*" X:int}]}`},
		{"0x2a + 0o52 + 0b101010 + 1_000", `BinaryExpr{X:BinaryExpr{X:BinaryExpr{X:0x2a="42" Op:"+" Y:0o52="42"} Op:"+" Y:0b101010="42"} Op:"+" Y:1_000="1000"}`},
		{"32KiB + 8K + 16MiB + 64B", `BinaryExpr{X:BinaryExpr{X:BinaryExpr{X:32KiB="32768" Op:"+" Y:8K="8192"} Op:"+" Y:16MiB="16777216"} Op:"+" Y:64B="64"}`},
		{`"a\tb"`, `"a\tb"="a\tb"`},
		{"`raw\\n`", "`raw\\n`=\"raw\\\\n\""},
		{`'a'`, `'a'="97"`},
		{`'\n'`, `'\n'="10"`},
		{"func(a, b int) int { return a + b }", `FuncLit{Type:FuncType{Params:[Param{Name:a Type:int} Param{Name:b Type:int}] Results:[Param{Type:int}]} Body:BlockStmt{Stmts:[ReturnStmt{Results:[BinaryExpr{X:a Op:"+" Y:b}]}]}}`},
		{"func(int) (int, bool)", `FuncTypeExpr{Type:FuncType{Params:[Param{Type:int}] Results:[Param{Type:int} Param{Type:bool}]}}`},
		{"f(func() {})", `CallExpr{Fun:f Args:[FuncLit{Type:FuncType{} Body:BlockStmt{}}]}`},
		{"func() { defer func() { recover() }() }", `FuncLit{Type:FuncType{} Body:BlockStmt{Stmts:[DeferStmt{Call:CallExpr{Fun:FuncLit{Type:FuncType{} Body:BlockStmt{Stmts:[ExprStmt{X:CallExpr{Fun:recover}}]}}}}]}}`},
		{"state(P0, a) == M", `BinaryExpr{X:CallExpr{Fun:state Args:[P0 a]} Op:"==" Y:M}`},
		{"size + line + core + data + read", `BinaryExpr{X:BinaryExpr{X:BinaryExpr{X:BinaryExpr{X:size Op:"+" Y:line} Op:"+" Y:core} Op:"+" Y:data} Op:"+" Y:read}`},
	}
	for _, c := range cases {
		x, errs := ParseExpr(c.src)
		if len(errs) > 0 {
			t.Errorf("%q: %v", c.src, errs)
			continue
		}
		if got := dump(x); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

func TestParseStatements(t *testing.T) {
	cases := []struct{ src, want string }{
		{"x := 1", `[AssignStmt{LHS:[x] Op:":=" RHS:[1]}]`},
		{"a, b = b, a", `[AssignStmt{LHS:[a b] Op:"=" RHS:[b a]}]`},
		{"x <<= 2", `[AssignStmt{LHS:[x] Op:"<<=" RHS:[2]}]`},
		{"a[i]++; p.n--", `[IncDecStmt{X:IndexExpr{X:a Index:i} Inc:true} IncDecStmt{X:SelectorExpr{X:p Sel:n}}]`},
		{"ch <- v + 1", `[SendStmt{Chan:ch Value:BinaryExpr{X:v Op:"+" Y:1}}]`},
		{"v, ok := <-ch", `[AssignStmt{LHS:[v ok] Op:":=" RHS:[UnaryExpr{Op:"<-" X:ch}]}]`},
		{"var x, y int = 1, 2", `[DeclStmt{Decl:VarDecl{Names:[x y] Type:int Values:[1 2]}}]`},
		{"var p *int", `[DeclStmt{Decl:VarDecl{Names:[p] Type:PointerType{Elem:int}}}]`},
		{"if x := f(); x > 0 {\n} else if x < 0 {\n} else {\n}", `[IfStmt{Init:AssignStmt{LHS:[x] Op:":=" RHS:[CallExpr{Fun:f}]} Cond:BinaryExpr{X:x Op:">" Y:0} Then:BlockStmt{} Else:IfStmt{Cond:BinaryExpr{X:x Op:"<" Y:0} Then:BlockStmt{} Else:BlockStmt{}}}]`},
		{"for {\n\tbreak\n}", `[ForStmt{Body:BlockStmt{Stmts:[BranchStmt{Tok:"break"}]}}]`},
		{"for x < 3 { continue }", `[ForStmt{Cond:BinaryExpr{X:x Op:"<" Y:3} Body:BlockStmt{Stmts:[BranchStmt{Tok:"continue"}]}}]`},
		{"for i := 0; i < n; i++ {}", `[ForStmt{Init:AssignStmt{LHS:[i] Op:":=" RHS:[0]} Cond:BinaryExpr{X:i Op:"<" Y:n} Post:IncDecStmt{X:i Inc:true} Body:BlockStmt{}}]`},
		{"for ; ; {}", `[ForStmt{Body:BlockStmt{}}]`},
		{"for i := range 10 {}", `[RangeStmt{Key:i Define:true X:10 Body:BlockStmt{}}]`},
		{"for i, v := range arr {}", `[RangeStmt{Key:i Value:v Define:true X:arr Body:BlockStmt{}}]`},
		{"for v = range ch {}", `[RangeStmt{Key:v X:ch Body:BlockStmt{}}]`},
		{"for range n {}", `[RangeStmt{X:n Body:BlockStmt{}}]`},
		{"for i := range [3]int{1, 2, 3} {}", `[RangeStmt{Key:i Define:true X:CompositeLit{Type:ArrayType{Len:3 Elem:int} Elts:[1 2 3]} Body:BlockStmt{}}]`},
		{"return", `[ReturnStmt{}]`},
		{"return 1, x", `[ReturnStmt{Results:[1 x]}]`},
		{"go f(x)", `[GoStmt{Call:CallExpr{Fun:f Args:[x]}}]`},
		{"go func() { a++ }()", `[GoStmt{Call:CallExpr{Fun:FuncLit{Type:FuncType{} Body:BlockStmt{Stmts:[IncDecStmt{X:a Inc:true}]}}}}]`},
		{"defer mu.Unlock()", `[DeferStmt{Call:CallExpr{Fun:SelectorExpr{X:mu Sel:Unlock}}}]`},
		{"select {\ncase v := <-ch:\n\tx = v\ncase ch2 <- 1:\ncase <-done:\n\treturn\ndefault:\n}", `[SelectStmt{Cases:[CommClause{Comm:AssignStmt{LHS:[v] Op:":=" RHS:[UnaryExpr{Op:"<-" X:ch}]} Body:[AssignStmt{LHS:[x] Op:"=" RHS:[v]}]} CommClause{Comm:SendStmt{Chan:ch2 Value:1}} CommClause{Comm:ExprStmt{X:UnaryExpr{Op:"<-" X:done}} Body:[ReturnStmt{}]} CommClause{}]}]`},
		{"{\n\tx := 1\n}", `[BlockStmt{Stmts:[AssignStmt{LHS:[x] Op:":=" RHS:[1]}]}]`},
		{"size := 1; line := size; core := line", `[AssignStmt{LHS:[size] Op:":=" RHS:[1]} AssignStmt{LHS:[line] Op:":=" RHS:[size]} AssignStmt{LHS:[core] Op:":=" RHS:[line]}]`},
		{"var states, all, never, read, data int", `[DeclStmt{Decl:VarDecl{Names:[states all never read data] Type:int}}]`},
		{"x := 1 +\n\t2", `[AssignStmt{LHS:[x] Op:":=" RHS:[BinaryExpr{X:1 Op:"+" Y:2}]}]`},
		{"f(1,\n\t2)", `[ExprStmt{X:CallExpr{Fun:f Args:[1 2]}}]`},
		{"x := 1 /* a\n comment */ y := 2", `[AssignStmt{LHS:[x] Op:":=" RHS:[1]} AssignStmt{LHS:[y] Op:":=" RHS:[2]}]`},
		{"x := 1 /* one line */ + 2", `[AssignStmt{LHS:[x] Op:":=" RHS:[BinaryExpr{X:1 Op:"+" Y:2}]}]`},
	}
	for _, c := range cases {
		if got := parseBody(t, c.src); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

func TestParseDeclarations(t *testing.T) {
	cases := []struct{ src, want string }{
		{"machine {\n\tcores 4\n\tl1 size 32KiB ways 8\n\tname \"big one\"\n}", `[MachineDecl{Settings:[Setting{Name:"cores" Args:["4"]} Setting{Name:"l1" Args:["size" "32KiB" "ways" "8"]} Setting{Name:"name" Args:["big one"]}]}]`},
		{"machine { cores 4 }", `[MachineDecl{Settings:[Setting{Name:"cores" Args:["4"]}]}]`},
		{"memory {\n\theap at 0x1000000 size 16MiB\n}", `[MemoryDecl{Settings:[Setting{Name:"heap" Args:["at" "0x1000000" "size" "16MiB"]}]}]`},
		{"var a int", `[VarDecl{Names:[a] Type:int}]`},
		{"var pad [8]int align 64", `[VarDecl{Names:[pad] Type:ArrayType{Len:8 Elem:int} Align:64}]`},
		{"var flag int at 0x600040", `[VarDecl{Names:[flag] Type:int At:0x600040="6291520"}]`},
		{"var x = 5 at 0x10 align 8", `[VarDecl{Names:[x] Values:[5] At:0x10="16" Align:8}]`},
		{"var f func(int) int", `[VarDecl{Names:[f] Type:FuncTypeExpr{Type:FuncType{Params:[Param{Type:int}] Results:[Param{Type:int}]}}}]`},
		{"func f(a, b int, c *int) (x int, err int) {\n\treturn\n}", `[FuncDecl{Name:f Type:FuncType{Params:[Param{Name:a Type:int} Param{Name:b Type:int} Param{Name:c Type:PointerType{Elem:int}}] Results:[Param{Name:x Type:int} Param{Name:err Type:int}]} Body:BlockStmt{Stmts:[ReturnStmt{}]}}]`},
		{"thread w0 on core 0 {}", `[ThreadDecl{Name:w0 Core:0 Body:BlockStmt{}}]`},
		{"thread worker[ncores] {}", `[ThreadDecl{Name:worker Count:ncores Body:BlockStmt{}}]`},
		{"thread worker[4] on core id + 1 {}", `[ThreadDecl{Name:worker Count:4 Core:BinaryExpr{X:id Op:"+" Y:1} Body:BlockStmt{}}]`},
		{"trace {\n\tP0 read a\n\tP1 write a -1\n\tP2 write arr[3] 7\n}", `[TraceDecl{Steps:[TraceStep{Core:P0 Op:read Target:a} TraceStep{Core:P1 Op:write Target:a Value:UnaryExpr{Op:"-" X:1}} TraceStep{Core:P2 Op:write Target:IndexExpr{X:arr Index:3} Value:7}]}]`},
		{"init {\n\tP0 a M 5\n\tP1 b S\n}", `[InitDecl{Lines:[InitLine{Core:P0 Target:a State:M Value:5} InitLine{Core:P1 Target:b State:S}]}]`},
		{"protocol P {\n\tstates I S M\n\tI PrRd when !C -> S BusRd\n\tS BusRdX, BusUpgr -> I\n\tM Evict -> I WriteBack\n\tdirty M\n}", `[ProtocolDecl{Name:P States:[I S M] Dirty:[M] Rows:[ProtocolRow{From:I Events:[PrRd] When:"!C" To:S Actions:[BusRd]} ProtocolRow{From:S Events:[BusRdX BusUpgr] To:I} ProtocolRow{From:M Events:[Evict] To:I Actions:[WriteBack]}]}]`},
		{"run order w0 w1 w1", `[RunDecl{Setting:Setting{Name:"order" Args:["w0" "w1" "w1"]}}]`},
		{"run all atomicity statement", `[RunDecl{Setting:Setting{Name:"all" Args:["atomicity" "statement"]}}]`},
		{"expect a == 1000", `[ExpectDecl{Expr:BinaryExpr{X:a Op:"==" Y:1000} Text:"a == 1000"}]`},
		{"expect never w1.r1 == 0 // c", `[ExpectDecl{Kind:"never" Expr:BinaryExpr{X:SelectorExpr{X:w1 Sel:r1} Op:"==" Y:0} Text:"never w1.r1 == 0"}]`},
		{"expect possible (a == 1)", `[ExpectDecl{Kind:"possible" Expr:ParenExpr{X:BinaryExpr{X:a Op:"==" Y:1}} Text:"possible (a == 1)"}]`},
		{"expect always == 1", `[ExpectDecl{Expr:BinaryExpr{X:always Op:"==" Y:1} Text:"always == 1"}]`},
		{"expect norace", `[ExpectDecl{Kind:"norace" Text:"norace"}]`},
		{"expect race", `[ExpectDecl{Kind:"race" Text:"race"}]`},
		{"expect norace == 1", `[ExpectDecl{Expr:BinaryExpr{X:norace Op:"==" Y:1} Text:"norace == 1"}]`},
	}
	for _, c := range cases {
		f, errs := Parse("t.coh", []byte(c.src))
		if len(errs) > 0 {
			t.Errorf("%q:\n%s", c.src, diag.Render(errs, []byte(c.src), 0))
			continue
		}
		if got := dump(f.Decls); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

// TestPositions checks the positions of a few nodes, 1-based, columns in
// bytes.
func TestPositions(t *testing.T) {
	src := "var a int\n\nthread w {\n\tx := a + 1 // c\n\tgo f(\"é\", x)\n}\n"
	f, errs := Parse("p.coh", []byte(src))
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	th := f.Decls[1].(*ast.ThreadDecl)
	as := th.Body.Stmts[0].(*ast.AssignStmt)
	bin := as.RHS[0].(*ast.BinaryExpr)
	gs := th.Body.Stmts[1].(*ast.GoStmt)
	checks := []struct {
		what string
		got  ast.Pos
		want string
	}{
		{"var", f.Decls[0].Start(), "p.coh:1:1"},
		{"thread", th.Pos, "p.coh:3:1"},
		{"thread name", th.Name.Pos, "p.coh:3:8"},
		{"body", th.Body.Pos, "p.coh:3:10"},
		{"body end", th.Body.End, "p.coh:6:1"},
		{"assign", as.Pos, "p.coh:4:2"},
		{"op", as.OpPos, "p.coh:4:4"},
		{"binary", bin.Start(), "p.coh:4:7"},
		{"+", bin.OpPos, "p.coh:4:9"},
		{"go", gs.Pos, "p.coh:5:2"},
		{"x after é", gs.Call.Args[1].Start(), "p.coh:5:13"},
		{"rparen", gs.Call.Rparen, "p.coh:5:14"},
		{"comment", f.Comments[0].Pos, "p.coh:4:13"},
	}
	for _, c := range checks {
		if c.got.String() != c.want {
			t.Errorf("%s at %s, want %s", c.what, c.got, c.want)
		}
	}
	if c := f.Comments[0]; c.Text != "// c" || c.Pos.Offset != strings.Index(src, "//") {
		t.Errorf("comment %+v", c)
	}
}

// TestSemicolons checks Go's rule: where a newline ends a statement.
func TestSemicolons(t *testing.T) {
	cases := []struct{ src, want string }{
		{"x\n", "x ;"},
		{"42\n32KiB\n\"s\"\n'c'\n`r`\n", "42 ; 32KiB ; \"s\" ; 'c' ; `r` ;"},
		{")\n]\n}\n", ") ; ] ; } ;"},
		{"x++\ny--\n", "x ++ ; y -- ;"},
		{"return\nbreak\ncontinue\n", "return ; break ; continue ;"},
		{"x +\ny\n", "x + y ;"},
		{"f(\na,\n)\n", "f ( a , ) ;"},
		{"{\n", "{"},
		{"if\n", "if"},
		{"x // c\ny", "x ; y ;"},
		{"x /* one */ y", "x y ;"},
		{"x /* two\nlines */ y", "x ; y ;"},
		{"x /* two\nlines */\ny", "x ; y ;"},
		{"x", "x ;"},
		{"x +", "x +"},
		{"x;\ny\n", "x ; y ;"},
		{"machine\n", "machine ;"},
	}
	for _, c := range cases {
		s := scan("", []byte(c.src))
		var words []string
		for _, tok := range s.toks {
			if tok.Type != tEOF {
				words = append(words, tok.Value)
			}
		}
		if got := strings.Join(words, " "); got != c.want {
			t.Errorf("%q: got %q, want %q", c.src, got, c.want)
		}
	}
}

// TestDesignExample parses DESIGN.md's example: every construct it shows.
func TestDesignExample(t *testing.T) {
	src, err := os.ReadFile("testdata/design.coh")
	if err != nil {
		t.Fatal(err)
	}
	f, errs := Parse("design.coh", src)
	if len(errs) > 0 {
		t.Fatal(diag.Render(errs, src, 0))
	}
	kinds := map[string]int{}
	for _, d := range f.Decls {
		kinds[strings.TrimPrefix(strings.SplitN(dump(d), "{", 2)[0], "*")]++
	}
	want := map[string]int{"MachineDecl": 1, "MemoryDecl": 1, "VarDecl": 7, "FuncDecl": 1, "ThreadDecl": 3,
		"TraceDecl": 1, "InitDecl": 1, "ProtocolDecl": 1, "RunDecl": 1, "ExpectDecl": 6}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d %s, want %d", kinds[k], k, n)
		}
	}
	if len(f.Comments) != 32 {
		t.Errorf("%d comments, want 32", len(f.Comments))
	}
	p := f.Decls[len(f.Decls)-8].(*ast.ProtocolDecl)
	if len(p.States) != 4 || len(p.Rows) != 10 || len(p.Dirty) != 1 {
		t.Errorf("protocol: %s", dump(p))
	}
}

func TestParseStmtsAndIncomplete(t *testing.T) {
	stmts, errs := ParseStmts("repl", []byte("x := 1; y := x * 2\nprint(y)"))
	if len(errs) > 0 || len(stmts) != 3 {
		t.Fatalf("%d stmts, %v", len(stmts), errs)
	}
	incomplete := []string{
		"thread t {", "for i := 0; i < 3; i++ {", "x := 1 +", "f(1,", "var s = `abc", "/* c", "if x {\n} else {",
		"func f(", "x := [3]int{1,",
	}
	for _, src := range incomplete {
		_, errs := ParseStmts("repl", []byte(src))
		_, ferrs := Parse("repl", []byte(src))
		if !Incomplete(errs) && !Incomplete(ferrs) {
			t.Errorf("%q: not incomplete: %v / %v", src, errs, ferrs)
		}
	}
	complete := []string{"x := )", "f(1))", "x := 1 2", "\"abc", "}"}
	for _, src := range complete {
		_, errs := ParseStmts("repl", []byte(src))
		if len(errs) == 0 || Incomplete(errs) {
			t.Errorf("%q: errors %v, incomplete %v", src, errs, Incomplete(errs))
		}
	}
	if Incomplete(nil) {
		t.Error("no errors is not incomplete")
	}
	if _, errs := ParseExpr("1 +"); !Incomplete(errs) {
		t.Errorf("ParseExpr(\"1 +\"): %v", errs)
	}
	if _, errs := ParseExpr("1 + 2 )"); len(errs) == 0 {
		t.Error("ParseExpr accepted a trailing )")
	}
}

func TestLimits(t *testing.T) {
	big := make([]byte, maxSource+1)
	for i := range big {
		big[i] = ' '
	}
	if _, errs := Parse("big.coh", big); len(errs) != 1 || !strings.Contains(errs[0].Msg, "too large") {
		t.Errorf("big input: %v", errs)
	}
	deep := "thread t {\n\tx := " + strings.Repeat("!", 5000) + "1\n}\n"
	if _, errs := Parse("deep.coh", []byte(deep)); len(errs) != 1 || !strings.Contains(errs[0].Msg, "too deeply") {
		t.Errorf("deep unary: %v", errs)
	}
	types := "var x " + strings.Repeat("[1]", 5000) + "int\n"
	if _, errs := Parse("types.coh", []byte(types)); len(errs) != 1 || !strings.Contains(errs[0].Msg, "too deeply") {
		t.Errorf("deep types: %v", errs)
	}
	chain := "thread t {\n\tif a {\n\t}" + strings.Repeat(" else if a {\n\t}", 2000) + "\n}\n"
	if _, errs := Parse("chain.coh", []byte(chain)); len(errs) != 0 {
		t.Errorf("long else-if chain: %v", errs)
	}
}
