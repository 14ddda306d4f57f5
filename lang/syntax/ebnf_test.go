package syntax

import (
	"os"
	"strings"
	"testing"
)

const ebnfPath = "../grammar.ebnf"

// ebnfHeader explains the file; the rest is what participle prints.
const ebnfHeader = `(* The grammar of cohere scripts (.coh), as participle prints it from
   lang/syntax/grammar.go. Generated: go test ./lang/syntax -run TestGrammarEBNF -update

   Tokens: <ident> names, <int> numbers, <size> sizes (32KiB), <string>,
   <char>; Go's keywords are never names. A newline after a name, a
   literal, ")", "]", "}", "++", "--", return, break or continue is read
   as ";" (Go's rule). Words such as machine, thread, states, at, on are
   keywords only where this grammar uses them.

   Lower-case productions are parsed by hand (lang/syntax/custom.go,
   expr.go):
     expr        Go's expressions and precedence: || && (== != < <= > >=)
                 (+ - | ^) (* / % << >> & &^), unary + - ! ^ * & <-,
                 x.f x[i] f(args) [N]T{elems} func(params) results {body},
                 types [N]T chan T *T func(...)...
     target      an operand with its selectors and indexes, no binary operator
     typeExpr    a type; signature: (params) results, Go style
     simpleStmt  x = y, x := y, x op= y, x++, x--, ch <- v, or an expression
     ifHeader    [simpleStmt ";"] expr
     forHeader   expr | [simpleStmt] ";" [expr] ";" [simpleStmt]
                 | [expr ["," expr] (":=" | "=")] "range" expr
     setting     a line of words: a name, then names, numbers, sizes,
                 strings and symbols; runSetting is the same after run
     expectBody  ["never" | "possible" | "always"] expr | "norace" | "race"
     end         ";", or nothing before "}" (or case/default in a select) *)

`

func grammarText() string {
	repl, _, _ := strings.Cut(stmtListParser.String(), "\n")
	return ebnfHeader + fileParser.String() + "\n\n(* A REPL line (ParseStmts). *)\n" + repl + "\n"
}

// TestGrammarEBNF fails when lang/grammar.ebnf is not what the grammar
// prints; -update rewrites it.
func TestGrammarEBNF(t *testing.T) {
	got := grammarText()
	if *update {
		if err := os.WriteFile(ebnfPath, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(ebnfPath)
	if err != nil {
		t.Fatalf("%v (run go test ./lang/syntax -run TestGrammarEBNF -update)", err)
	}
	if string(want) != got {
		t.Errorf("lang/grammar.ebnf is stale: run go test ./lang/syntax -run TestGrammarEBNF -update and review the diff")
	}
	if !strings.Contains(got, "ThreadDecl") {
		t.Errorf("grammar lacks ThreadDecl:\n%s", got)
	}
}
