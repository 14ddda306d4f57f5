// This file turns participle's parse tree into lang/ast, and checks the
// few rules the grammar cannot say (a var needs a type or a value, go and
// defer need a call, a select case must communicate).

package syntax

import (
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
)

type converter struct {
	src  []byte
	errs diag.List
}

func (c *converter) errorf(pos ast.Pos, format string, args ...any) {
	c.errs.Addf(pos, format, args...)
}

func (c *converter) file(f *file) []ast.Decl {
	var out []ast.Decl
	for _, d := range f.Decls {
		if x := c.decl(d); x != nil {
			out = append(out, x)
		}
	}
	return out
}

func (c *converter) decl(d *decl) ast.Decl {
	switch {
	case d.Machine != nil:
		return &ast.MachineDecl{Pos: toPos(d.Machine.Pos), Settings: settings(d.Machine.Settings)}
	case d.Memory != nil:
		return &ast.MemoryDecl{Pos: toPos(d.Memory.Pos), Settings: settings(d.Memory.Settings)}
	case d.Var != nil:
		return c.varDecl(d.Var)
	case d.Func != nil:
		f := d.Func
		sig := f.Sig.T
		sig.Pos = toPos(f.Pos)
		return &ast.FuncDecl{Pos: toPos(f.Pos), Name: c.ident(f.Name), Type: sig, Body: c.block(f.Body)}
	case d.Thread != nil:
		t := d.Thread
		return &ast.ThreadDecl{Pos: toPos(t.Pos), Name: c.ident(t.Name), Count: exprOf(t.Count), Core: exprOf(t.Core), Body: c.block(t.Body)}
	case d.Trace != nil:
		out := &ast.TraceDecl{Pos: toPos(d.Trace.Pos)}
		for _, s := range d.Trace.Steps {
			out.Steps = append(out.Steps, &ast.TraceStep{Pos: toPos(s.Pos), Core: c.ident(s.Core), Op: c.ident(s.Op), Target: s.Target.X, Value: exprOf(s.Value)})
		}
		return out
	case d.Init != nil:
		out := &ast.InitDecl{Pos: toPos(d.Init.Pos)}
		for _, l := range d.Init.Lines {
			out.Lines = append(out.Lines, &ast.InitLine{Pos: toPos(l.Pos), Core: c.ident(l.Core), Target: l.Target.X, State: c.ident(l.State), Value: exprOf(l.Value)})
		}
		return out
	case d.Protocol != nil:
		return c.protocol(d.Protocol)
	case d.Run != nil:
		return &ast.RunDecl{Pos: toPos(d.Run.Pos), Setting: d.Run.Setting.S}
	case d.Expect != nil:
		b := d.Expect.Body
		e := &ast.ExpectDecl{Pos: toPos(d.Expect.Pos), Kind: b.Kind, Expr: b.X}
		if b.Start <= b.End && b.End <= len(c.src) {
			e.Text = strings.TrimSpace(string(c.src[b.Start:b.End]))
		}
		return e
	}
	return nil
}

func settings(in []*setting) []*ast.Setting {
	out := make([]*ast.Setting, 0, len(in))
	for _, s := range in {
		out = append(out, s.S)
	}
	return out
}

func exprOf(e *expr) ast.Expr {
	if e == nil {
		return nil
	}
	return e.X
}

func exprs(in []*expr) []ast.Expr {
	var out []ast.Expr
	for _, e := range in {
		out = append(out, e.X)
	}
	return out
}

func (c *converter) ident(i *ident) *ast.Ident {
	if i == nil {
		return nil
	}
	return &ast.Ident{Pos: toPos(i.Pos), Name: i.Name}
}

func (c *converter) idents(in []*ident) []*ast.Ident {
	var out []*ast.Ident
	for _, i := range in {
		out = append(out, c.ident(i))
	}
	return out
}

func (c *converter) varDecl(v *varDecl) *ast.VarDecl {
	out := &ast.VarDecl{Pos: toPos(v.Pos), Names: c.idents(v.Names), Values: exprs(v.Values), At: exprOf(v.At), Align: exprOf(v.Align)}
	if v.Type != nil {
		out.Type = v.Type.X
	}
	if out.Type == nil && out.Values == nil {
		n := out.Names[0].Name
		c.errorf(out.Names[0].Pos, "var %s needs a type or a value, as in var %s int or var %s = 0", n, n, n)
	}
	return out
}

func (c *converter) protocol(p *protocolDecl) *ast.ProtocolDecl {
	out := &ast.ProtocolDecl{Pos: toPos(p.Pos), Name: c.ident(p.Name)}
	for _, l := range p.Lines {
		switch {
		case l.States != nil:
			if out.States != nil {
				c.errorf(toPos(l.States[0].Pos), "protocol %s lists its states twice: one states line only", out.Name.Name)
			}
			out.States = c.idents(l.States)
		case l.Dirty != nil:
			out.Dirty = append(out.Dirty, c.idents(l.Dirty)...)
		case l.Row != nil:
			r := l.Row
			row := &ast.ProtocolRow{Pos: toPos(r.Pos), From: c.ident(r.From), Events: c.idents(r.Events), To: c.ident(r.To), Actions: c.idents(r.Actions)}
			if r.When != nil {
				row.WhenPos = toPos(r.When.Pos)
				row.When = r.When.Cond.Name
				if r.When.Not {
					row.When = "!C"
				}
				if r.When.Cond.Name != "C" {
					c.errorf(toPos(r.When.Cond.Pos), "unknown condition %s: a row's condition is C (another cache holds the line) or !C", r.When.Cond.Name)
				}
			}
			out.Rows = append(out.Rows, row)
		}
	}
	return out
}

func (c *converter) block(b *block) *ast.BlockStmt {
	if b == nil {
		return nil
	}
	return &ast.BlockStmt{Pos: toPos(b.Pos), Stmts: c.stmts(b.Stmts), End: toPos(b.End.Pos)}
}

func (c *converter) stmts(in []*stmt) []ast.Stmt {
	var out []ast.Stmt
	for _, s := range in {
		if x := c.stmt(s); x != nil {
			out = append(out, x)
		}
	}
	return out
}

func (c *converter) stmt(s *stmt) ast.Stmt {
	switch {
	case s.Var != nil:
		return &ast.DeclStmt{Decl: c.varDecl(s.Var)}
	case s.If != nil:
		return c.ifStmt(s.If)
	case s.For != nil:
		return c.forStmt(s.For)
	case s.Select != nil:
		out := &ast.SelectStmt{Pos: toPos(s.Select.Pos)}
		for _, cc := range s.Select.Cases {
			clause := &ast.CommClause{Pos: toPos(cc.Pos), Body: c.stmts(cc.Body)}
			if cc.Comm != nil {
				clause.Comm = cc.Comm.S
				c.checkComm(clause.Comm)
			}
			out.Cases = append(out.Cases, clause)
		}
		return out
	case s.Return != nil:
		return &ast.ReturnStmt{Pos: toPos(s.Return.Pos), Results: exprs(s.Return.Results)}
	case s.Branch != nil:
		return &ast.BranchStmt{Pos: toPos(s.Branch.Pos), Tok: s.Branch.Tok}
	case s.Go != nil:
		return &ast.GoStmt{Pos: toPos(s.Go.Pos), Call: c.call("go", s.Go.Call.X)}
	case s.Defer != nil:
		return &ast.DeferStmt{Pos: toPos(s.Defer.Pos), Call: c.call("defer", s.Defer.Call.X)}
	case s.Block != nil:
		return c.block(s.Block)
	case s.Simple != nil:
		return s.Simple.S
	}
	return nil
}

// call returns x as the call of a go or defer statement.
func (c *converter) call(kw string, x ast.Expr) *ast.CallExpr {
	if call, ok := x.(*ast.CallExpr); ok {
		return call
	}
	switch x.(type) {
	case *ast.Ident, *ast.SelectorExpr:
		c.errorf(x.Start(), "%s needs a function call: write %s()", kw, exprString(x))
	case *ast.ParenExpr:
		c.errorf(x.Start(), "the call after %s must not be in parentheses", kw)
	default:
		c.errorf(x.Start(), "%s needs a function call, as in %s f(x)", kw, kw)
	}
	return &ast.CallExpr{Fun: x, Lparen: x.Start(), Rparen: x.Start()}
}

// checkComm reports a select case that neither sends nor receives.
func (c *converter) checkComm(s ast.Stmt) {
	isRecv := func(x ast.Expr) bool {
		for {
			p, ok := x.(*ast.ParenExpr)
			if !ok {
				break
			}
			x = p.X // Go allows a parenthesized receive
		}
		u, ok := x.(*ast.UnaryExpr)
		return ok && u.Op == "<-"
	}
	switch s := s.(type) {
	case *ast.SendStmt:
		return
	case *ast.ExprStmt:
		if isRecv(s.X) {
			return
		}
	case *ast.AssignStmt:
		if (s.Op == "=" || s.Op == ":=") && len(s.RHS) == 1 && len(s.LHS) <= 2 && isRecv(s.RHS[0]) {
			return
		}
	}
	c.errorf(s.Start(), "a select case must send or receive, as in case ch <- v: or case v := <-ch:")
}

func (c *converter) ifStmt(s *ifStmt) *ast.IfStmt {
	var tail ast.Stmt
	if s.Else != nil {
		tail = c.block(s.Else)
	}
	for i := len(s.ElseIfs) - 1; i >= 0; i-- {
		e := s.ElseIfs[i]
		tail = &ast.IfStmt{Pos: toPos(e.If.Pos), Init: e.Header.Init, Cond: e.Header.Cond, Then: c.block(e.Then), Else: tail}
	}
	return &ast.IfStmt{Pos: toPos(s.Pos), Init: s.Header.Init, Cond: s.Header.Cond, Then: c.block(s.Then), Else: tail}
}

func (c *converter) forStmt(s *forStmt) ast.Stmt {
	pos := toPos(s.Pos)
	h := s.Header
	if h == nil {
		return &ast.ForStmt{Pos: pos, Body: c.block(s.Body)}
	}
	if r := h.Range; r != nil {
		return &ast.RangeStmt{Pos: pos, Key: r.Key, Value: r.Value, Define: r.Define, X: r.X, Body: c.block(s.Body)}
	}
	return &ast.ForStmt{Pos: pos, Init: h.Init, Cond: h.Cond, Post: h.Post, Body: c.block(s.Body)}
}
