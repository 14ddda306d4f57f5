package syntax

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
)

// TestFormatGolden formats testdata/fmt/*.coh (and DESIGN.md's example)
// and compares with the .golden files; it also checks that formatting
// is idempotent, keeps every comment and does not change the tree.
func TestFormatGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/fmt/*.coh")
	if len(files) == 0 {
		t.Fatal("no format cases")
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			src, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			got := checkFormat(t, name, src)
			golden := strings.TrimSuffix(name, ".coh") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if string(got) != string(want) {
				t.Errorf("format differs from %s:\n%s", golden, got)
			}
		})
	}
}

func TestFormatDesign(t *testing.T) {
	src, err := os.ReadFile("testdata/design.coh")
	if err != nil {
		t.Fatal(err)
	}
	checkFormat(t, "design.coh", src)
}

// checkFormat formats src and checks the invariants every format must
// keep; it returns the formatted text.
func checkFormat(t *testing.T, name string, src []byte) []byte {
	t.Helper()
	f, errs := Parse(name, src)
	if len(errs) > 0 {
		t.Fatal(diag.Render(errs, src, 0))
	}
	out := Format(f, src)
	f2, errs := Parse(name, out)
	if len(errs) > 0 {
		t.Fatalf("formatted text does not parse:\n%s\n%s", diag.Render(errs, out, 0), out)
	}
	stripCondParens(f)
	clearExpectTexts(f)
	clearExpectTexts(f2)
	if a, b := dump(f.Decls), dump(f2.Decls); a != b {
		t.Errorf("formatting changed the tree:\n%s\n%s\n%s", a, b, out)
	}
	if a, b := commentTexts(f), commentTexts(f2); a != b {
		t.Errorf("formatting changed the comments:\n%s\n---\n%s\n%s", a, b, out)
	}
	if again := Format(f2, out); string(again) != string(out) {
		t.Errorf("format is not idempotent:\nonce:\n%s\ntwice:\n%s", out, again)
	}
	return out
}

func commentTexts(f *ast.File) string {
	var b strings.Builder
	for _, c := range f.Comments {
		b.WriteString(c.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

// stripCondParens does to f what Format does to conditions: if (x) {
// becomes if x {.
func stripCondParens(f *ast.File) {
	var walk func([]ast.Stmt)
	walk = func(list []ast.Stmt) {
		for _, s := range list {
			switch s := s.(type) {
			case *ast.IfStmt:
				for s != nil {
					s.Cond = stripParens(s.Cond)
					walk(s.Then.Stmts)
					if b, ok := s.Else.(*ast.BlockStmt); ok {
						walk(b.Stmts)
					}
					s, _ = s.Else.(*ast.IfStmt)
				}
			case *ast.ForStmt:
				s.Cond = stripParens(s.Cond)
				walk(s.Body.Stmts)
			case *ast.RangeStmt:
				walk(s.Body.Stmts)
			case *ast.BlockStmt:
				walk(s.Stmts)
			case *ast.SelectStmt:
				for _, c := range s.Cases {
					walk(c.Body)
				}
			}
		}
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			walk(d.Body.Stmts)
		case *ast.ThreadDecl:
			walk(d.Body.Stmts)
		}
	}
}

// clearExpectTexts blanks what formatting may change on purpose: the
// source text kept with each expect.
func clearExpectTexts(f *ast.File) {
	for _, d := range f.Decls {
		if e, ok := d.(*ast.ExpectDecl); ok {
			e.Text = ""
		}
	}
}
