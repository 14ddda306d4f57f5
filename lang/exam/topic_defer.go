// This file is the defer topic: Go-style programs with defer, panic and
// recover, whose key is the exact output of running them with cohere's
// interpreter. Distractors are the outputs of mutated programs: the
// deferred calls first in, first out; arguments evaluated late; one loop
// variable for the whole loop; no recover; no defer at all.

package exam

import (
	"fmt"
	"slices"
	"strings"
)

type deferTopic struct{}

func (deferTopic) Name() string { return "defer" }
func (deferTopic) Summary() string {
	return "what a Go-style program with defer, panic and recover prints"
}

// deferVariants are the program templates, the values of Knobs.Variant.
var deferVariants = []string{"order", "args", "loop", "result", "recover", "panic"}

// deferMutation is a way to get defer wrong.
type deferMutation int

const (
	deferAsWritten deferMutation = iota
	deferFIFO                    // deferred calls run first in, first out
	deferLate                    // arguments evaluated when the deferred call runs
	deferShared                  // one loop variable for the whole loop (Go before 1.22)
	deferNoRecover               // recover() left out
	deferNow                     // no defer: each call runs where the defer statement is
	numDeferMutations
)

var deferModels = [numDeferMutations]string{
	deferFIFO:      "running the deferred calls first in, first out",
	deferLate:      "evaluating a deferred call's arguments when it runs, not at the defer statement",
	deferShared:    "one loop variable shared by every iteration (Go before 1.22)",
	deferNoRecover: "the program without its recover()",
	deferNow:       "running each deferred call at once, where its defer statement stands",
}

// deferProgram is one template with its random constants.
type deferProgram struct {
	variant string
	// Constants: a small count, values, names.
	n, a, b, c, limit int
	small             int
	name, label, msg  string
	word              string // a panic's value
	mulFirst, extra   bool
}

// newDeferProgram picks a template and its constants.
func newDeferProgram(g *Gen) (*deferProgram, error) {
	r := g.Rand
	if err := checkTopicKnobs("defer", g.Knobs, []string{"ops", "variant", "choice"}, map[string][2]int{"ops": {1, 6}}); err != nil {
		return nil, err
	}
	v := g.Knobs.Variant
	if v == "" {
		v = drawOne(r, deferVariants...)
	}
	if !slices.Contains(deferVariants, v) {
		return nil, fmt.Errorf("defer variant %q: the variants are %s", v, strings.Join(deferVariants, ", "))
	}
	p := &deferProgram{variant: v, n: knobOr(g.Knobs.Ops, drawBetween(r, 2, 4), 1, 6)}
	p.a, p.b, p.c = drawBetween(r, 1, 9), drawBetween(r, 10, 19), drawBetween(r, 20, 29)
	p.limit = drawBetween(r, 3, 9)
	p.name = drawOne(r, "work", "run", "step", "task")
	p.label = drawOne(r, "deferred", "cleanup", "undo", "exit")
	p.msg = drawOne(r, "returning", "body done", "work done")
	p.word = drawOne(r, "too big", "out of range", "boom")
	p.small = p.limit - drawBetween(r, 0, 2)
	p.mulFirst = r.IntN(2) == 0
	p.extra = r.IntN(2) == 0
	return p, nil
}

// source writes the program, mutated by m; false when m does not apply
// to this template.
func (p *deferProgram) source(m deferMutation) (string, bool) {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	kw := "defer "
	if m == deferNow {
		kw = ""
	}
	switch p.variant {
	case "order":
		if m != deferAsWritten && m != deferFIFO && m != deferNow && m != deferLate {
			return "", false
		}
		w("func %s() {", p.name)
		switch m {
		case deferFIFO:
			w("\tfor i := %d; i >= 0; i-- {", p.n-1)
		default:
			w("\tfor i := 0; i < %d; i++ {", p.n)
		}
		if m == deferLate {
			w("\t\tdefer func() { fmt.Println(%q, i) }()", p.label)
		} else {
			w("\t\t%sfmt.Println(%q, i)", kw, p.label)
		}
		w("\t}")
		w("\tfmt.Println(%q)", p.msg)
		w("}")
		w("")
		w("thread main {")
		if p.extra {
			w("\t%sfmt.Println(\"main's deferred call\")", kw)
		}
		w("\t%s()", p.name)
		w("\tfmt.Println(\"back in main\")")
		w("}")
	case "args":
		if m == deferShared || m == deferNoRecover {
			return "", false
		}
		w("func %s() {", p.name)
		w("\tx := %d", p.a)
		switch m {
		case deferFIFO:
			// The calls at the end, first in first out, each argument
			// taken where its defer statement stands.
			w("\tdeferred := x")
			w("\tx = %d", p.b)
			w("\tx = %d", p.c)
			w("\tfmt.Println(\"now:\", x)")
			w("\tfmt.Println(\"deferred:\", deferred)")
			w("\tfunc() { fmt.Println(\"closure:\", x) }()")
		default:
			if m == deferLate {
				w("\tdefer func() { fmt.Println(\"deferred:\", x) }()")
			} else {
				w("\t%sfmt.Println(\"deferred:\", x)", kw)
			}
			w("\tx = %d", p.b)
			w("\t%sfunc() { fmt.Println(\"closure:\", x) }()", kw)
			w("\tx = %d", p.c)
			w("\tfmt.Println(\"now:\", x)")
		}
		w("}")
		w("")
		w("thread main {")
		w("\t%s()", p.name)
		w("}")
	case "loop":
		if m == deferLate || m == deferNoRecover {
			return "", false
		}
		w("func %s() {", p.name)
		switch m {
		case deferShared:
			w("\ti := 0")
			w("\tfor i < %d {", p.n)
			w("\t\tdefer func() { fmt.Println(\"i =\", i) }()")
			w("\t\ti++")
			w("\t}")
		case deferFIFO:
			w("\tfor i := %d; i >= 0; i-- {", p.n-1)
			w("\t\tdefer func() { fmt.Println(\"i =\", i) }()")
			w("\t}")
		default:
			w("\tfor i := 0; i < %d; i++ {", p.n)
			w("\t\t%sfunc() { fmt.Println(\"i =\", i) }()", kw)
			w("\t}")
		}
		w("\tfmt.Println(%q)", p.msg)
		w("}")
		w("")
		w("thread main {")
		w("\t%s()", p.name)
		w("\tfmt.Println(\"back in main\")")
		w("}")
	case "result":
		if m != deferAsWritten && m != deferFIFO && m != deferNow {
			return "", false
		}
		mul := fmt.Sprintf("\t%sfunc() { n = n * %d }()", kw, p.limit)
		add := fmt.Sprintf("\t%sfunc() { n = n + %d }()", kw, p.a)
		defers := []string{mul, add}
		if !p.mulFirst {
			defers = []string{add, mul}
		}
		if m == deferFIFO {
			slices.Reverse(defers)
		}
		w("func %s(v int) (n int) {", p.name)
		for _, d := range defers {
			w("%s", d)
		}
		w("\treturn v")
		w("}")
		w("")
		w("thread main {")
		w("\tfmt.Println(%s(%d))", p.name, p.b)
		w("}")
	case "recover":
		if m != deferAsWritten && m != deferNoRecover && m != deferNow {
			return "", false
		}
		w("func divide(a, b int) (q int, ok bool) {")
		writeRecover(w, m, kw)
		w("\treturn a / b, true")
		w("}")
		w("")
		w("thread main {")
		first, second := p.a+p.limit*p.n, p.n
		if p.extra {
			w("\tq, ok := divide(%d, 0)", first)
			w("\tfmt.Println(q, ok)")
			w("\tq, ok = divide(%d, %d)", first, second)
		} else {
			w("\tq, ok := divide(%d, %d)", first, second)
			w("\tfmt.Println(q, ok)")
			w("\tq, ok = divide(%d, 0)", first)
		}
		w("\tfmt.Println(q, ok)")
		w("\tfmt.Println(\"end\")")
		w("}")
	case "panic":
		if m != deferAsWritten && m != deferNoRecover && m != deferNow {
			return "", false
		}
		w("func risky(n int) {")
		w("\t%sfmt.Println(\"risky's deferred call\", n)", kw)
		w("\tif n > %d {", p.limit)
		w("\t\tpanic(%q)", p.word)
		w("\t}")
		w("\tfmt.Println(\"risky ok\", n)")
		w("}")
		w("")
		w("func %s(n int) {", p.name)
		writeRecover(w, m, kw)
		w("\trisky(n)")
		w("\tfmt.Println(\"%s ok\", n)", p.name)
		w("}")
		w("")
		w("thread main {")
		small, big := p.small, p.limit+p.a
		if p.extra {
			small, big = big, small
		}
		w("\t%s(%d)", p.name, small)
		w("\t%s(%d)", p.name, big)
		w("\tfmt.Println(\"end\")")
		w("}")
	}
	return b.String(), true
}

// writeRecover writes the deferred function that recovers (or, for
// deferNoRecover, does nothing).
func writeRecover(w func(string, ...any), m deferMutation, kw string) {
	if m == deferNoRecover {
		w("\tdefer func() {}()")
		return
	}
	w("\t%sfunc() {", kw)
	w("\t\tif r := recover(); r != nil {")
	w("\t\t\tfmt.Println(\"recovered:\", r)")
	w("\t\t}")
	w("\t}()")
}

// deferWhy says what the key hinges on, per template.
var deferWhy = map[string]string{
	"order":   "Deferred calls run when the function returns, last in first out, after everything else in the function.",
	"args":    "A deferred call's arguments are evaluated when the defer statement runs; a deferred closure reads the variable when it runs, at the return.",
	"loop":    "Since Go 1.22 each iteration of a for loop has its own loop variable, so each deferred closure sees its own i; the calls run last in first out.",
	"result":  "`return v` sets the named result n, then the deferred closures run last in first out and change n before the caller sees it.",
	"recover": "A division by zero panics; the deferred closure's recover() stops the panic, and divide returns its results as they are: zero values, since the return statement never finished.",
	"panic":   "A panic runs the deferred calls of each frame on its way out (innermost first) until a deferred recover() stops it; the function that deferred the recover then returns normally, so its caller goes on.",
}

func (deferTopic) Generate(g *Gen) (*Problem, error) {
	p, err := newDeferProgram(g)
	if err != nil {
		return nil, err
	}
	src, _ := p.source(deferAsWritten)
	out, err := programOutput("defer.coh", src)
	if err != nil {
		return nil, err
	}
	key := strings.Join(out, "\n")
	pr := &Problem{Title: "What does it print?", Code: src}
	pr.Intro = "The program follows Go's semantics (Go 1.22 or later, where each iteration of a for loop has its own loop variable); `thread main` is Go's `func main`, and `fmt.Println` prints as Go's does. A panic that nothing recovers ends the program with `panic: VALUE` (and a goroutine trace, left out here)."
	part := programOutputPart(out, deferWhy[p.variant])
	if g.Knobs.Choice {
		var wrong []string
		models := map[string][]string{}
		for m := deferFIFO; m < numDeferMutations; m++ {
			msrc, ok := p.source(m)
			if !ok {
				continue
			}
			mout, err := programOutput("defer-mutated.coh", msrc)
			if err != nil {
				return nil, err
			}
			text := strings.Join(mout, "\n")
			if text == key {
				continue
			}
			if models[text] == nil {
				wrong = append(wrong, text)
			}
			models[text] = append(models[text], deferModels[m])
		}
		if ch := distinctChoices(g.Rand, key, wrong); ch != nil {
			part = Part{Prompt: "What does the program print?", Choices: ch, Answer: key, Explain: part.Explain}
			var why []string
			for i, c := range ch {
				if c != key {
					why = append(why, fmt.Sprintf("choice %d would come from %s", i+1, strings.Join(models[c], ", or ")))
				}
			}
			part.Explain += " " + joinSentence(why)
		}
	}
	pr.Parts = []Part{part}
	return pr, nil
}
