// This file is the final condition: its propositions, how they are read,
// printed the way herd prints them, and evaluated on a final state.

package litmus

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cohere-sim/cohere/sim/spell"
)

// Prop is a proposition over a final state: an Atom, Not, And, Or,
// Implies or Const.
type Prop interface{ isProp() }

// Atom says a location holds a value: 0:EAX=1, [x]=2.
type Atom struct {
	Loc   Loc
	Value int64
}

// Not negates X: ~p, not p.
type Not struct{ X Prop }

// And is X /\ Y.
type And struct{ X, Y Prop }

// Or is X \/ Y.
type Or struct{ X, Y Prop }

// Implies is X => Y.
type Implies struct{ X, Y Prop }

// Const is true or false.
type Const bool

func (*Atom) isProp()    {}
func (*Not) isProp()     {}
func (*And) isProp()     {}
func (*Or) isProp()      {}
func (*Implies) isProp() {}
func (Const) isProp()    {}

// Eval evaluates p with the value of each location from value.
func Eval(p Prop, value func(Loc) int64) bool {
	switch p := p.(type) {
	case *Atom:
		return value(p.Loc) == p.Value
	case *Not:
		return !Eval(p.X, value)
	case *And:
		return Eval(p.X, value) && Eval(p.Y, value)
	case *Or:
		return Eval(p.X, value) || Eval(p.Y, value)
	case *Implies:
		return !Eval(p.X, value) || Eval(p.Y, value)
	case Const:
		return bool(p)
	}
	panic(fmt.Sprintf("litmus: unknown proposition %T", p))
}

// Locs returns the locations p names, in the order it names them, each
// once.
func Locs(p Prop) []Loc {
	var out []Loc
	seen := map[string]bool{}
	var walk func(Prop)
	walk = func(p Prop) {
		switch p := p.(type) {
		case *Atom:
			if !seen[p.Loc.Key()] {
				seen[p.Loc.Key()] = true
				out = append(out, p.Loc)
			}
		case *Not:
			walk(p.X)
		case *And:
			walk(p.X)
			walk(p.Y)
		case *Or:
			walk(p.X)
			walk(p.Y)
		case *Implies:
			walk(p.X)
			walk(p.Y)
		}
	}
	walk(p)
	return out
}

// String prints the condition as herd's Condition line does:
// exists (0:EAX=0 /\ 1:EAX=0).
func (c *Condition) String() string {
	return c.Quant.String() + " (" + FormatProp(c.Prop) + ")"
}

// Precedence levels, loosest first.
const (
	precImplies = iota
	precOr
	precAnd
	precUnary
)

func precOf(p Prop) int {
	switch p.(type) {
	case *Implies:
		return precImplies
	case *Or:
		return precOr
	case *And:
		return precAnd
	}
	return precUnary
}

// FormatProp prints p with as few parentheses as its structure needs.
func FormatProp(p Prop) string {
	var b strings.Builder
	writeProp(&b, p, precImplies)
	return b.String()
}

func writeProp(b *strings.Builder, p Prop, min int) {
	if precOf(p) < min {
		b.WriteByte('(')
		writeProp(b, p, precImplies)
		b.WriteByte(')')
		return
	}
	switch p := p.(type) {
	case *Atom:
		fmt.Fprintf(b, "%s=%d", p.Loc, p.Value)
	case *Not:
		b.WriteString("~")
		writeProp(b, p.X, precUnary)
	case *And:
		writeProp(b, p.X, precAnd)
		b.WriteString(` /\ `)
		writeProp(b, p.Y, precAnd+1) // And groups to the left
	case *Or:
		writeProp(b, p.X, precOr)
		b.WriteString(` \/ `)
		writeProp(b, p.Y, precOr+1)
	case *Implies:
		writeProp(b, p.X, precImplies+1) // => groups to the right
		b.WriteString(" => ")
		writeProp(b, p.Y, precImplies)
	case Const:
		b.WriteString(strconv.FormatBool(bool(p)))
	}
}

// maxDepth bounds the nesting of a condition, so that no input can exhaust
// the stack.
const maxDepth = 100

// tparser reads the init block, the locations line and the condition from
// their tokens.
type tparser struct {
	src   *source
	arch  Arch
	toks  []token
	i     int
	depth int
}

func (p *tparser) peek() token { return p.toks[p.i] }
func (p *tparser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func (p *tparser) is(text string) bool {
	t := p.peek()
	return t.kind == tPunct && t.text == text
}

func (p *tparser) isWord(word string) bool {
	t := p.peek()
	return t.kind == tName && t.text == word
}

func (p *tparser) expect(text string) *scanError {
	if !p.is(text) {
		t := p.peek()
		return &scanError{t.off, fmt.Sprintf("expected %s, found %s", text, t)}
	}
	p.next()
	return nil
}

// condition reads `exists P`, `~exists P` or `forall P`.
func (p *tparser) condition() (*Condition, *scanError) {
	t := p.peek()
	c := &Condition{}
	switch {
	case p.isWord("exists"):
		p.next()
	case p.is("~"):
		p.next()
		if !p.isWord("exists") {
			u := p.peek()
			return nil, &scanError{u.off, fmt.Sprintf("expected exists after ~, found %s", u)}
		}
		p.next()
		c.Quant = NotExists
	case p.isWord("forall"):
		p.next()
		c.Quant = Forall
	default:
		return nil, &scanError{t.off, fmt.Sprintf("expected the final condition (exists, ~exists or forall), found %s", t)}
	}
	c.Pos = p.src.pos(t.off)
	prop, err := p.prop()
	if err != nil {
		return nil, err
	}
	c.Prop = prop
	if u := p.peek(); u.kind != tEOF {
		return nil, &scanError{u.off, fmt.Sprintf("unexpected %s after the condition", u)}
	}
	return c, nil
}

// prop reads an implication, the loosest level.
func (p *tparser) prop() (Prop, *scanError) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, &scanError{p.peek().off, fmt.Sprintf("condition nested more than %d deep", maxDepth)}
	}
	x, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.is("=>") {
		p.next()
		y, err := p.prop()
		if err != nil {
			return nil, err
		}
		return &Implies{x, y}, nil
	}
	return x, nil
}

func (p *tparser) or() (Prop, *scanError) {
	x, err := p.and()
	for err == nil && p.is(`\/`) {
		p.next()
		var y Prop
		if y, err = p.and(); err == nil {
			x = &Or{x, y}
		}
	}
	return x, err
}

func (p *tparser) and() (Prop, *scanError) {
	x, err := p.unary()
	for err == nil && p.is(`/\`) {
		p.next()
		var y Prop
		if y, err = p.unary(); err == nil {
			x = &And{x, y}
		}
	}
	return x, err
}

func (p *tparser) unary() (Prop, *scanError) {
	switch {
	case p.is("~"), p.isWord("not"):
		p.next()
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxDepth {
			return nil, &scanError{p.peek().off, fmt.Sprintf("condition nested more than %d deep", maxDepth)}
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &Not{x}, nil
	case p.is("("):
		p.next()
		x, err := p.prop()
		if err != nil {
			return nil, err
		}
		return x, p.expect(")")
	case p.isWord("true"):
		p.next()
		return Const(true), nil
	case p.isWord("false"):
		p.next()
		return Const(false), nil
	}
	return p.atom()
}

// atom reads LOC=VALUE.
func (p *tparser) atom() (Prop, *scanError) {
	l, err := p.loc()
	if err != nil {
		return nil, err
	}
	if err := p.expect("="); err != nil {
		return nil, err
	}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	return &Atom{Loc: l, Value: v}, nil
}

// value reads an integer.
func (p *tparser) value() (int64, *scanError) {
	t := p.next()
	switch t.kind {
	case tNum, tImm:
		return t.val, nil
	case tName:
		return 0, &scanError{t.off, fmt.Sprintf("%s is not a number: values that are addresses of locations are not supported", t.text)}
	}
	return 0, &scanError{t.off, fmt.Sprintf("expected a number, found %s", t)}
}

// loc reads a location: 0:EAX, 1:rax, x or [x]. Register names are made
// canonical (rax for %eax), so that two spellings are one location.
func (p *tparser) loc() (Loc, *scanError) {
	t := p.next()
	switch {
	case t.kind == tNum && p.is(":"):
		if t.val < 0 || t.text[0] == '-' || t.val > 1<<20 {
			return Loc{}, &scanError{t.off, fmt.Sprintf("thread %s: threads are numbered from 0", t.text)}
		}
		p.next()
		r := p.next()
		if r.kind != tName && r.kind != tReg {
			return Loc{}, &scanError{r.off, fmt.Sprintf("expected a register after %s:, found %s", t.text, r)}
		}
		name := strings.TrimPrefix(r.text, "%")
		canon, _, ok := canonReg(p.arch, name)
		if !ok {
			return Loc{}, &scanError{r.off, fmt.Sprintf("unknown %s register %s%s", p.arch, r.text, hintReg(p.arch, name))}
		}
		return Loc{Thread: int(t.val), Name: canon, Pos: p.src.pos(t.off)}, nil
	case t.kind == tName:
		if _, _, ok := canonReg(p.arch, t.text); ok {
			return Loc{}, &scanError{t.off, fmt.Sprintf("%s is a register: name its thread, as in 0:%s", t.text, t.text)}
		}
		return Loc{Thread: -1, Name: t.text, Pos: p.src.pos(t.off)}, nil
	case t.kind == tPunct && t.text == "[":
		n := p.next()
		if n.kind != tName {
			return Loc{}, &scanError{n.off, fmt.Sprintf("expected a location name after [, found %s", n)}
		}
		if err := p.expect("]"); err != nil {
			return Loc{}, err
		}
		return Loc{Thread: -1, Name: n.text, Pos: p.src.pos(t.off)}, nil
	}
	return Loc{}, &scanError{t.off, fmt.Sprintf("expected a location (0:EAX, x or [x]), found %s", t)}
}

func hintReg(arch Arch, name string) string {
	return spell.Hint(name, regNames(arch))
}
