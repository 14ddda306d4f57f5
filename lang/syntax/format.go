// This file defines Format, the canonical printer behind `cohere fmt`:
// gofmt's layout (tabs, spacing by precedence, one statement per line,
// blank lines kept but collapsed) with every comment kept in place.

package syntax

import (
	"bytes"
	"sort"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cohere-sim/cohere/lang/ast"
)

// Format prints f, parsed from src, in canonical form. Comments are placed
// by their position in src. Format of a file that does not parse is not
// meaningful: format only what Parse accepted without errors.
func Format(f *ast.File, src []byte) []byte {
	p := newPrinter(src, f.Comments)
	for _, d := range f.Decls {
		start := d.Start().Offset
		p.flush(start)
		if p.out.Len() > 0 && !p.beforeCode {
			nl := 1
			if p.blankBefore(start) {
				nl = 2
			}
			p.newlines(nl)
		}
		p.decl(d)
	}
	p.flush(len(src) + 1)
	p.newlines(1)
	p.emitNewlines()
	return alignComments(p.out.Bytes())
}

// exprString prints an expression for a message.
func exprString(x ast.Expr) string {
	p := newPrinter(nil, nil)
	p.expr(x)
	return p.out.String()
}

// commentMark stands before a trailing // comment until alignComments
// lines those comments up.
const commentMark = '\x00'

type printer struct {
	src      []byte
	out      bytes.Buffer
	indent   int
	comments []ast.Comment
	ci       int
	// trailing[i]: comment i follows code on its line in the source;
	// codeAfter[i]: code follows comment i on its line.
	trailing, codeAfter []bool

	toks    []lexer.Token          // the source's tokens, comments aside
	tokIdx  int                    // the next source token to print
	closers map[int]lexer.Position // offset of an open bracket → its closer

	pendingNL int  // newlines owed before the next output (at most 2 written)
	afterOpen bool // nothing written since a "{"
	space     bool // a space is owed before the next code
	// lineComment: a // comment ends the current line
	lineComment bool
	// beforeCode: a comment was just written where code follows on its line
	beforeCode bool
	last       string
}

func newPrinter(src []byte, comments []ast.Comment) *printer {
	p := &printer{src: src, comments: comments, closers: map[int]lexer.Position{}}
	if src == nil {
		return p
	}
	s := scan("", src)
	for _, t := range s.toks {
		if t.Type != tAutoSemi && t.Type != tEOF {
			p.toks = append(p.toks, t)
		}
	}
	var stack []lexer.Token
	for _, t := range p.toks {
		switch d := bracketDelta(&t); {
		case d > 0:
			stack = append(stack, t)
		case d < 0:
			// Pop to the opener of the same kind: a setting may hold a
			// lone "(" as a word.
			for k := len(stack) - 1; k >= 0; k-- {
				if closerOf(stack[k].Value) == t.Value {
					p.closers[stack[k].Pos.Offset] = t.Pos
					stack = stack[:k]
					break
				}
			}
		}
	}
	p.trailing = make([]bool, len(comments))
	p.codeAfter = make([]bool, len(comments))
	for i, c := range comments {
		if j := p.tokenBefore(c.Pos.Offset); j >= 0 && p.toks[j].Pos.Line == c.Pos.Line {
			p.trailing[i] = true
		}
		endLine := c.Pos.Line + strings.Count(c.Text, "\n")
		if j := p.tokenBefore(c.Pos.Offset) + 1; j < len(p.toks) && p.toks[j].Pos.Line == endLine {
			p.codeAfter[i] = true
		}
	}
	return p
}

// tokenBefore is the index of the last token starting before off, or -1.
func (p *printer) tokenBefore(off int) int {
	return sort.Search(len(p.toks), func(i int) bool { return p.toks[i].Pos.Offset >= off }) - 1
}

// lineEndingBefore is the line of the last token before off that is not
// a comma: where the previous element of a list ends.
func (p *printer) lineEndingBefore(off int) int {
	for j := p.tokenBefore(off); j >= 0; j-- {
		if t := p.toks[j]; !(t.Type == tPunct && (t.Value == "," || t.Value == ";")) {
			return t.Pos.Line + strings.Count(t.Value, "\n")
		}
	}
	return 0
}

// blankBefore reports whether a blank line precedes offset off, white
// space only between.
func (p *printer) blankBefore(off int) bool {
	if p.src == nil {
		return false
	}
	n := 0
	for i := off - 1; i >= 0 && i < len(p.src); i-- {
		switch p.src[i] {
		case '\n':
			n++
		case ' ', '\t', '\r':
		default:
			return n >= 2
		}
	}
	return false
}

func (p *printer) newlines(n int) {
	if n > p.pendingNL {
		p.pendingNL = n
	}
}

func (p *printer) emitNewlines() {
	if p.pendingNL == 0 {
		return
	}
	n := min(p.pendingNL, 2)
	p.pendingNL = 0
	p.lineComment = false
	for range n {
		p.out.WriteByte('\n')
	}
	for range p.indent {
		p.out.WriteByte('\t')
	}
	p.space = false
	p.last = ""
}

// write prints code. Each word is first matched with the source's next
// tokens, and the comments before the matching token are printed first:
// so a comment stays between the same two tokens, and a // comment never
// ends up after a token where its newline would end the statement.
func (p *printer) write(s string) {
	if p.toks == nil {
		p.writeRun(s)
		return
	}
	for s != "" {
		i := strings.IndexFunc(s, func(r rune) bool { return r != ' ' })
		if i != 0 {
			if i < 0 {
				i = len(s)
			}
			p.writeRun(s[:i])
			s = s[i:]
			continue
		}
		i = strings.IndexByte(s, ' ')
		if i < 0 {
			i = len(s)
		}
		p.sync(s[:i])
		p.writeRun(s[:i])
		s = s[i:]
	}
}

// syncWindow is how many source tokens ahead a printed word is looked
// for: the printer drops a few (parentheses around a condition).
const syncWindow = 6

// sync finds word among the next source tokens and prints the comments
// before it.
func (p *printer) sync(word string) {
	for k := p.tokIdx; k < len(p.toks) && k < p.tokIdx+syncWindow; k++ {
		if p.toks[k].Value == word {
			p.flush(p.toks[k].Pos.Offset)
			p.tokIdx = k + 1
			return
		}
	}
}

// writeRun prints code as it is.
func (p *printer) writeRun(s string) {
	if s == "" {
		return
	}
	p.emitNewlines()
	if p.space && s[0] != ' ' && s[0] != ',' && s[0] != ')' && s[0] != ']' && s[0] != ';' && s[0] != ':' {
		p.out.WriteByte(' ')
	} else if mayCombine(p.last, s[0]) {
		p.out.WriteByte(' ')
	}
	p.space = false
	p.afterOpen = false
	p.beforeCode = false
	p.out.WriteString(s)
	p.last = s
}

// mayCombine reports whether printing next right after prev would make
// another token (- -x, not --x).
func mayCombine(prev string, next byte) bool {
	switch prev {
	case "+":
		return next == '+'
	case "-":
		return next == '-' || next == '>'
	case "/":
		return next == '*' || next == '/'
	case "<":
		return next == '-' || next == '<'
	case "&":
		return next == '&' || next == '^'
	}
	return false
}

// ---- declarations ----

func (p *printer) decl(d ast.Decl) {
	switch d := d.(type) {
	case *ast.MachineDecl:
		p.write("machine")
		p.settingsBlock(d.Settings, d.Pos)
	case *ast.MemoryDecl:
		p.write("memory")
		p.settingsBlock(d.Settings, d.Pos)
	case *ast.VarDecl:
		p.varDecl(d)
	case *ast.FuncDecl:
		p.write("func ")
		p.ident(d.Name)
		p.signature(d.Type)
		p.write(" ")
		p.funcBody(d.Body)
	case *ast.ThreadDecl:
		p.write("thread ")
		p.ident(d.Name)
		if d.Count != nil {
			p.write("[")
			p.expr(d.Count)
			p.write("]")
		}
		if d.Core != nil {
			p.write(" on core ")
			p.expr(d.Core)
		}
		p.write(" ")
		p.funcBody(d.Body)
	case *ast.TraceDecl:
		p.write("trace {")
		p.lines(len(d.Steps), d.Pos, func(i int) ast.Pos { return d.Steps[i].Pos }, func(i int) {
			s := d.Steps[i]
			p.ident(s.Core)
			p.write(" ")
			p.ident(s.Op)
			p.write(" ")
			p.expr(s.Target)
			if s.Value != nil {
				p.write(" ")
				p.expr(s.Value)
			}
		})
	case *ast.InitDecl:
		p.write("init {")
		p.lines(len(d.Lines), d.Pos, func(i int) ast.Pos { return d.Lines[i].Pos }, func(i int) {
			l := d.Lines[i]
			p.ident(l.Core)
			p.write(" ")
			p.expr(l.Target)
			p.write(" ")
			p.ident(l.State)
			if l.Value != nil {
				p.write(" ")
				p.expr(l.Value)
			}
		})
	case *ast.ProtocolDecl:
		p.protocol(d)
	case *ast.RunDecl:
		p.write("run ")
		p.words(d.Setting)
	case *ast.ExpectDecl:
		p.write("expect")
		if d.Kind != "" {
			p.write(" " + d.Kind)
		}
		if d.Expr != nil {
			p.write(" ")
			p.expr(d.Expr)
		}
	}
}

// lines prints the body of a block of lines (trace, init, settings,
// protocol): "{" is written; each line on its own, then "}".
func (p *printer) lines(n int, open ast.Pos, pos func(int) ast.Pos, line func(int)) {
	p.afterOpen = true
	p.indent++
	for i := range n {
		start := pos(i).Offset
		p.flush(start)
		if !p.beforeCode {
			nl := 1
			if p.blankBefore(start) && !p.afterOpen {
				nl = 2
			}
			p.newlines(nl)
		}
		line(i)
	}
	closer := p.closerAfter(open)
	p.flush(closer.Offset)
	p.indent--
	p.newlines(1)
	p.write("}")
}

// closerAfter finds the "}" closing the first "{" at or after pos.
func (p *printer) closerAfter(pos ast.Pos) lexer.Position {
	for j := p.tokenBefore(pos.Offset) + 1; j < len(p.toks); j++ {
		if t := p.toks[j]; isPunct(&t, "{") {
			if c, ok := p.closers[t.Pos.Offset]; ok {
				return c
			}
			break
		}
	}
	return lexer.Position{Offset: len(p.src) + 1}
}

func (p *printer) settingsBlock(settings []*ast.Setting, pos ast.Pos) {
	p.write(" {")
	p.lines(len(settings), pos, func(i int) ast.Pos { return settings[i].Pos }, func(i int) { p.words(settings[i]) })
}

// words prints a setting as written, one space between words except where
// the source had none (order w0,w1).
func (p *printer) words(s *ast.Setting) {
	all := append([]ast.Word{s.Name}, s.Args...)
	prevEnd := -1
	for i, w := range all {
		text := p.wordText(w)
		p.flush(w.Pos.Offset)
		if i > 0 && w.Pos.Offset != prevEnd && p.pendingNL == 0 {
			p.write(" ")
		}
		p.write(text)
		prevEnd = w.Pos.Offset + len(text)
	}
}

// wordText is a word as written in the source.
func (p *printer) wordText(w ast.Word) string {
	if j := p.tokenBefore(w.Pos.Offset + 1); j >= 0 && p.toks[j].Pos.Offset == w.Pos.Offset {
		return p.toks[j].Value
	}
	if w.Kind == ast.WordString {
		return strconv.Quote(w.Text)
	}
	return w.Text
}

func (p *printer) varDecl(d *ast.VarDecl) {
	p.write("var ")
	for i, n := range d.Names {
		if i > 0 {
			p.write(", ")
		}
		p.ident(n)
	}
	if d.Type != nil {
		p.write(" ")
		p.expr(d.Type)
	}
	if len(d.Values) > 0 {
		p.write(" = ")
		p.exprList(d.Values, 1)
	}
	if d.At != nil {
		p.write(" at ")
		p.expr(d.At)
	}
	if d.Align != nil {
		p.write(" align ")
		p.expr(d.Align)
	}
}

func (p *printer) protocol(d *ast.ProtocolDecl) {
	p.write("protocol ")
	p.ident(d.Name)
	p.write(" {")
	type item struct {
		pos   ast.Pos
		print func()
	}
	var items []item
	if len(d.States) > 0 {
		items = append(items, item{p.keywordBefore(d.States[0].Pos), func() { p.identLine("states", d.States) }})
	}
	if len(d.Dirty) > 0 {
		items = append(items, item{p.keywordBefore(d.Dirty[0].Pos), func() { p.identLine("dirty", d.Dirty) }})
	}
	for _, r := range d.Rows {
		items = append(items, item{r.Pos, func() { p.row(r) }})
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].pos.Offset < items[j].pos.Offset })
	p.lines(len(items), d.Pos, func(i int) ast.Pos { return items[i].pos }, func(i int) { items[i].print() })
}

// keywordBefore is the position of the word before pos (the states or
// dirty keyword of a protocol line).
func (p *printer) keywordBefore(pos ast.Pos) ast.Pos {
	if j := p.tokenBefore(pos.Offset); j >= 0 {
		return toPos(p.toks[j].Pos)
	}
	return pos
}

func (p *printer) identLine(kw string, ids []*ast.Ident) {
	p.write(kw)
	for _, id := range ids {
		p.write(" ")
		p.ident(id)
	}
}

func (p *printer) row(r *ast.ProtocolRow) {
	p.ident(r.From)
	p.write(" ")
	for i, e := range r.Events {
		if i > 0 {
			p.write(", ")
		}
		p.ident(e)
	}
	if r.When != "" {
		p.write(" when " + r.When)
	}
	p.write(" -> ")
	p.ident(r.To)
	for _, a := range r.Actions {
		p.write(" ")
		p.ident(a)
	}
}

func (p *printer) ident(id *ast.Ident) {
	if id == nil {
		return
	}
	p.flush(id.Pos.Offset)
	p.write(id.Name)
}

func (p *printer) signature(t *ast.FuncType) {
	p.params(t.Params)
	switch {
	case len(t.Results) == 1 && t.Results[0].Name == nil:
		p.write(" ")
		p.expr(t.Results[0].Type)
	case len(t.Results) > 0:
		p.write(" ")
		p.params(t.Results)
	}
}

// params prints a parameter list, names sharing a type grouped as the
// source had them (a, b int).
func (p *printer) params(ps []*ast.Param) {
	p.write("(")
	p.indent++ // for a parameter a comment pushed to the next line
	defer func() { p.indent-- }()
	for i, q := range ps {
		if i > 0 {
			p.write(", ")
		}
		if q.Name != nil {
			p.ident(q.Name)
			if i+1 < len(ps) && ps[i+1].Type == q.Type && ps[i+1].Name != nil {
				continue
			}
			p.write(" ")
		}
		p.expr(q.Type)
	}
	p.write(")")
}

// ---- statements ----

// funcBody prints the body of a func or thread: on one line when the
// source had it so and it holds only simple statements, like gofmt.
func (p *printer) funcBody(b *ast.BlockStmt) {
	if p.oneLine(b) {
		p.flush(b.Pos.Offset)
		if len(b.Stmts) == 0 {
			p.write("{}")
			return
		}
		p.write("{ ")
		for i, s := range b.Stmts {
			if i > 0 {
				p.write("; ")
			}
			p.stmt(s)
		}
		p.write(" }")
		return
	}
	p.block(b)
}

func (p *printer) oneLine(b *ast.BlockStmt) bool {
	if p.src == nil || b.Pos.Line != b.End.Line || p.commentsWithin(b.Pos.Offset, b.End.Offset) {
		return false
	}
	for _, s := range b.Stmts {
		switch s.(type) {
		case *ast.ExprStmt, *ast.AssignStmt, *ast.IncDecStmt, *ast.SendStmt, *ast.ReturnStmt,
			*ast.BranchStmt, *ast.GoStmt, *ast.DeferStmt, *ast.DeclStmt:
		default:
			return false
		}
	}
	return b.End.Offset-b.Pos.Offset < 100
}

func (p *printer) commentsWithin(from, to int) bool {
	for _, c := range p.comments[p.ci:] {
		if c.Pos.Offset > from && c.Pos.Offset < to {
			return true
		}
	}
	return false
}

func (p *printer) block(b *ast.BlockStmt) {
	p.flush(b.Pos.Offset)
	if len(b.Stmts) == 0 && !p.commentsWithin(b.Pos.Offset, b.End.Offset) {
		p.write("{}")
		return
	}
	p.write("{")
	p.afterOpen = true
	p.indent++
	p.stmtList(b.Stmts)
	p.flush(b.End.Offset)
	p.indent--
	p.newlines(1)
	p.write("}")
}

func (p *printer) stmtList(list []ast.Stmt) {
	for _, s := range list {
		start := s.Start().Offset
		p.flush(start)
		if !p.beforeCode {
			nl := 1
			if p.blankBefore(start) && !p.afterOpen {
				nl = 2
			}
			p.newlines(nl)
		}
		p.stmt(s)
	}
}

func (p *printer) stmt(s ast.Stmt) {
	p.flush(s.Start().Offset)
	switch s := s.(type) {
	case *ast.BlockStmt:
		p.block(s)
	case *ast.ExprStmt:
		p.expr(s.X)
	case *ast.AssignStmt:
		depth := 1
		if len(s.LHS) > 1 && len(s.RHS) > 1 {
			depth++
		}
		p.exprList(s.LHS, depth)
		p.write(" ")
		p.flush(s.OpPos.Offset)
		p.write(s.Op)
		p.write(" ")
		p.exprList(s.RHS, depth)
	case *ast.IncDecStmt:
		p.expr0(s.X, 2)
		if s.Inc {
			p.write("++")
		} else {
			p.write("--")
		}
	case *ast.SendStmt:
		p.expr(s.Chan)
		p.write(" <- ")
		p.expr(s.Value)
	case *ast.DeclStmt:
		p.varDecl(s.Decl)
	case *ast.IfStmt:
		p.ifStmt(s)
	case *ast.ForStmt:
		p.write("for ")
		switch {
		case s.Init == nil && s.Post == nil && s.Cond != nil:
			p.expr(stripParens(s.Cond))
			p.write(" ")
		case s.Init != nil || s.Post != nil:
			if s.Init != nil {
				p.stmt(s.Init)
			}
			p.write("; ")
			if s.Cond != nil {
				p.expr(stripParens(s.Cond))
			}
			p.write("; ")
			if s.Post != nil {
				p.stmt(s.Post)
				p.write(" ")
			}
		}
		p.block(s.Body)
	case *ast.RangeStmt:
		p.write("for ")
		if s.Key != nil {
			p.expr(s.Key)
			if s.Value != nil {
				p.write(", ")
				p.expr(s.Value)
			}
			if s.Define {
				p.write(" := ")
			} else {
				p.write(" = ")
			}
		}
		p.write("range ")
		p.expr(s.X)
		p.write(" ")
		p.block(s.Body)
	case *ast.BranchStmt:
		p.write(s.Tok)
	case *ast.ReturnStmt:
		p.write("return")
		if len(s.Results) > 0 {
			p.write(" ")
			p.exprList(s.Results, 1)
		}
	case *ast.GoStmt:
		p.write("go ")
		p.expr(s.Call)
	case *ast.DeferStmt:
		p.write("defer ")
		p.expr(s.Call)
	case *ast.SelectStmt:
		p.selectStmt(s)
	case *ast.EmptyStmt:
	}
}

func (p *printer) ifStmt(s *ast.IfStmt) {
	p.write("if ")
	if s.Init != nil {
		p.stmt(s.Init)
		p.write("; ")
	}
	p.expr(stripParens(s.Cond))
	p.write(" ")
	p.block(s.Then)
	switch e := s.Else.(type) {
	case *ast.IfStmt:
		p.write(" else ")
		p.ifStmt(e)
	case *ast.BlockStmt:
		p.write(" else ")
		p.block(e)
	}
}

func (p *printer) selectStmt(s *ast.SelectStmt) {
	closer := p.closerAfter(s.Pos)
	if len(s.Cases) == 0 && !p.commentsWithin(s.Pos.Offset, closer.Offset) {
		p.write("select {}") // as gofmt prints a select that blocks forever
		return
	}
	p.write("select {")
	p.afterOpen = true
	for _, c := range s.Cases {
		p.flush(c.Pos.Offset)
		p.newlines(1)
		if c.Comm == nil {
			p.write("default:")
		} else {
			p.write("case ")
			p.stmt(c.Comm)
			p.write(":")
		}
		p.afterOpen = true
		p.indent++
		p.stmtList(c.Body)
		p.indent--
	}
	p.indent++
	p.flush(closer.Offset)
	p.indent--
	p.newlines(1)
	p.write("}")
}

// stripParens removes the parentheses gofmt removes around a condition.
func stripParens(x ast.Expr) ast.Expr {
	for {
		px, ok := x.(*ast.ParenExpr)
		if !ok {
			return x
		}
		x = px.X
	}
}
