// This file is the interleaving topic: small thread programs whose key is
// the set of every possible final outcome, found by cohere's explorer
// (`run all`) at a stated atomicity.

package exam

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cohere-sim/cohere/lang/scenario"
)

type interleavingTopic struct{}

func (interleavingTopic) Name() string    { return "interleaving" }
func (interleavingTopic) Summary() string { return "every outcome of small thread programs" }

// interleavingVariants are the program shapes, the values of Knobs.Variant.
var interleavingVariants = []string{"add", "counter", "sb", "mp", "handoff"}

// ilThread is one thread of a program: its name and its body's lines
// (nested lines carry their own extra tab).
type ilThread struct {
	name string
	body []string
}

// ilProgram is a program the topic writes; source renders it.
type ilProgram struct {
	storebuffer int // entries per core; 0: a sequentially consistent machine
	globals     []string
	threads     []ilThread
	statement   bool // atomicity statement, else access
}

// source renders the program with its run line: run all at its
// atomicity, or run (another mode) when run is not empty.
func (p ilProgram) source(run string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "machine {\n\tcores %d\n", len(p.threads))
	if p.storebuffer > 0 {
		fmt.Fprintf(&b, "\tstorebuffer %d\n", p.storebuffer)
	}
	b.WriteString("}\n\n")
	for _, g := range p.globals {
		b.WriteString(g + "\n")
	}
	for i, t := range p.threads {
		fmt.Fprintf(&b, "\nthread %s on core %d {\n%s}\n", t.name, i, indentLines(t.body))
	}
	if run == "" {
		run = "all atomicity " + p.atomicity()
	}
	fmt.Fprintf(&b, "\nrun %s\n", run)
	return b.String()
}

func (p ilProgram) atomicity() string {
	if p.statement {
		return "statement"
	}
	return "access"
}

// clone copies a program deeply enough for a mutation to change it.
func (p ilProgram) clone() ilProgram {
	c := p
	c.globals = slices.Clone(p.globals)
	c.threads = make([]ilThread, len(p.threads))
	for i, t := range p.threads {
		c.threads[i] = ilThread{name: t.name, body: slices.Clone(t.body)}
	}
	return c
}

// ilMutation is a mutated model whose outcomes make a distractor.
type ilMutation struct {
	model      string    // what it gets wrong, for the explanation
	prog       ilProgram // the mutated program
	sequential bool      // the threads run one after another, in every order
}

// ilCase is one generated problem before its key is computed.
type ilCase struct {
	variant   string
	about     string // what the program does, for the intro
	prog      ilProgram
	observe   []string // explored expressions
	labels    []string // their names in the text
	target    []string // the yes/no question's values; nil: picked among the outcomes
	mutations []ilMutation
}

func (interleavingTopic) Generate(g *Gen) (*Problem, error) {
	c, err := newInterleavingCase(g)
	if err != nil {
		return nil, err
	}
	return c.problem(g)
}

// newInterleavingCase writes the program of a problem from the knobs and
// the problem's random stream.
func newInterleavingCase(g *Gen) (*ilCase, error) {
	r, k := g.Rand, g.Knobs
	if err := checkTopicKnobs("interleaving", k, []string{"cores", "ops", "variant", "choice"}, map[string][2]int{"cores": {2, 3}, "ops": {1, 3}}); err != nil {
		return nil, err
	}
	variant := k.Variant
	if variant == "" {
		variant = drawOne(r, interleavingVariants...)
	}
	if !slices.Contains(interleavingVariants, variant) {
		return nil, fmt.Errorf("interleaving variant %q: the variants are %s", variant, strings.Join(interleavingVariants, ", "))
	}
	c := &ilCase{variant: variant}
	p := &c.prog
	p.statement = r.IntN(2) == 0
	switch variant {
	case "add":
		v := drawOne(r, "x", "n", "total", "count")
		init := drawOne(r, 0, 0, 10)
		if init == 0 {
			p.globals = []string{"var " + v + " int"}
		} else {
			p.globals = []string{fmt.Sprintf("var %s int = %d", v, init)}
		}
		ops := knobOr(k.Ops, 1, 1, 3)
		for i := range knobOr(k.Cores, 2, 2, 3) {
			t := ilThread{name: fmt.Sprintf("t%d", i)}
			for range ops {
				t.body = append(t.body, fmt.Sprintf("%s = %s + %d", v, v, drawBetween(r, 1, 9)))
			}
			p.threads = append(p.threads, t)
		}
		c.about = fmt.Sprintf("Each thread adds to the shared variable `%s`.", v)
		c.observe, c.labels = []string{v}, []string{v}
		c.mutations = append(c.mutations, otherAtomicity(*p), sequentialModel(*p))
	case "counter":
		n := drawOne(r, "n", "hits", "count")
		iters := knobOr(k.Ops, 2, 1, 3)
		locked := r.IntN(2) == 0
		write := func(locked bool) ilProgram {
			q := ilProgram{storebuffer: p.storebuffer, statement: p.statement, globals: []string{"var " + n + " int"}}
			if locked {
				q.globals = append(q.globals, "var mu mutex")
			}
			for i := range knobOr(k.Cores, 2, 2, 3) {
				body := []string{fmt.Sprintf("for i := 0; i < %d; i++ {", iters), "\t" + n + "++", "}"}
				if locked {
					body = []string{body[0], "\tmu.Lock()", body[1], "\tmu.Unlock()", body[2]}
				}
				q.threads = append(q.threads, ilThread{name: fmt.Sprintf("t%d", i), body: body})
			}
			return q
		}
		*p = write(locked)
		if locked {
			c.about = fmt.Sprintf("Each thread increments the shared counter `%s` %d times, holding the mutex `mu` (Go's sync.Mutex) around each increment.", n, iters)
			c.mutations = append(c.mutations, ilMutation{model: "the same program without its mutex", prog: write(false)})
		} else {
			c.about = fmt.Sprintf("Each thread increments the shared counter `%s` %d times; `%s++` is `%s = %s + 1`.", n, iters, n, n, n)
			c.mutations = append(c.mutations, ilMutation{model: "the same program with a mutex around each increment", prog: write(true)})
		}
		c.observe, c.labels = []string{n}, []string{n}
		c.mutations = append(c.mutations, otherAtomicity(*p), sequentialModel(*p))
	case "sb":
		xy := drawOne(r, [2]string{"x", "y"}, [2]string{"a", "b"}, [2]string{"u", "v"})
		x, y := xy[0], xy[1]
		if r.IntN(2) == 0 {
			p.storebuffer = 2
		}
		p.globals = []string{"var " + x + ", " + y + " int"}
		p.threads = []ilThread{
			{name: "t0", body: []string{fmt.Sprintf("%s = %d", x, drawBetween(r, 1, 3)), "r1 := " + y}},
			{name: "t1", body: []string{fmt.Sprintf("%s = %d", y, drawBetween(r, 1, 3)), "r2 := " + x}},
		}
		c.about = "Store buffering: each thread stores to one variable, then loads the other (`r1` and `r2` are locals of `t0` and `t1`)."
		c.observe, c.labels, c.target = []string{"t0.r1", "t1.r2"}, []string{"r1", "r2"}, []string{"0", "0"}
		fenced := p.clone()
		for i := range fenced.threads {
			b := fenced.threads[i].body
			fenced.threads[i].body = []string{b[0], "fence()", b[1]}
		}
		c.mutations = append(c.mutations, otherMachine(*p),
			ilMutation{model: "a fence() between each store and the load after it", prog: fenced},
			sequentialModel(*p))
	case "mp", "handoff":
		names := drawOne(r, [2]string{"data", "flag"}, [2]string{"msg", "ready"}, [2]string{"buf", "done"})
		data, flag := names[0], names[1]
		if r.IntN(2) == 0 {
			p.storebuffer = 2
		}
		d := drawBetween(r, 10, 99)
		p.globals = []string{"var " + data + ", " + flag + " int"}
		producer := ilThread{name: "p", body: []string{fmt.Sprintf("%s = %d", data, d), flag + " = 1"}}
		buggy := r.IntN(3) == 0
		if buggy {
			slices.Reverse(producer.body)
		}
		var consumer ilThread
		if variant == "mp" {
			consumer = ilThread{name: "c", body: []string{"r1 := " + flag, "r2 := " + data}}
			if r.IntN(3) == 0 {
				slices.Reverse(consumer.body)
			}
			c.about = fmt.Sprintf("Message passing: the producer `p` writes `%s` and `%s`, the consumer `c` reads them into its locals `r1` (from `%s`) and `r2` (from `%s`).", data, flag, flag, data)
			c.observe, c.labels, c.target = []string{"c.r1", "c.r2"}, []string{"r1", "r2"}, []string{"1", "0"}
		} else {
			consumer = ilThread{name: "c", body: []string{"r := -1", "if " + flag + " == 1 {", "\tr = " + data, "}"}}
			c.about = fmt.Sprintf("A handoff: the producer `p` writes the value `%s` and sets `%s`; the consumer `c` takes `%s` into its local `r` if it sees `%s` set, else leaves `r` at -1.", data, flag, data, flag)
			c.observe, c.labels, c.target = []string{"c.r"}, []string{"r"}, []string{"0"}
		}
		p.threads = []ilThread{producer, consumer}
		swapped := p.clone()
		slices.Reverse(swapped.threads[0].body)
		c.mutations = append(c.mutations, ilMutation{model: "the producer storing in the other order", prog: swapped})
		if variant == "mp" {
			reads := p.clone()
			slices.Reverse(reads.threads[1].body)
			c.mutations = append(c.mutations, ilMutation{model: "the consumer loading in the other order", prog: reads})
		}
		c.mutations = append(c.mutations, otherMachine(*p), sequentialModel(*p))
	}
	return c, nil
}

// otherAtomicity is the program at the other atomicity.
func otherAtomicity(p ilProgram) ilMutation {
	q := p.clone()
	q.statement = !p.statement
	return ilMutation{model: q.atomicity() + " atomicity instead of " + p.atomicity() + " atomicity", prog: q}
}

// sequentialModel runs the threads one after the other, in every order.
func sequentialModel(p ilProgram) ilMutation {
	return ilMutation{model: "running the threads one after the other", sequential: true, prog: p}
}

// otherMachine is the program with store buffers if it has none, or
// without them if it has.
func otherMachine(p ilProgram) ilMutation {
	q := p.clone()
	if p.storebuffer > 0 {
		q.storebuffer = 0
		return ilMutation{model: "a sequentially consistent machine, without store buffers", prog: q}
	}
	q.storebuffer = 2
	return ilMutation{model: "a machine with store buffers (x86-TSO)", prog: q}
}

// ilOutcomes is a set of final outcomes: each the observed values in order.
type ilOutcomes struct {
	values  [][]string
	witness [][]string // a schedule reaching each (explored sets only)
}

// exploreProgram runs every interleaving of p and returns its outcomes.
func exploreProgram(p ilProgram, observe []string) (ilOutcomes, error) {
	s, err := loadTopicProgram("interleaving.coh", p.source(""))
	if err != nil {
		return ilOutcomes{}, err
	}
	x, errs := s.Explore(scenario.ExploreOptions{Observe: observe})
	if len(errs) > 0 {
		return ilOutcomes{}, fmt.Errorf("exploring: %v\n%s", errs, p.source(""))
	}
	if !x.Complete {
		return ilOutcomes{}, fmt.Errorf("exploring was cut short (%s)\n%s", x.Cut, p.source(""))
	}
	var out ilOutcomes
	for _, o := range x.Outcomes {
		if o.End != "finished" {
			return ilOutcomes{}, fmt.Errorf("an interleaving %s: %s\n%s", o.End, o.Message, p.source(""))
		}
		out.values = append(out.values, o.Values)
		out.witness = append(out.witness, expandWitness(o.Witness))
	}
	return out, nil
}

// expandWitness writes a witness one step per name (the explorer writes
// runs as t0*3): a student follows it step by step.
func expandWitness(w []string) []string {
	steps, err := scenario.ExpandWitness(w)
	if err != nil {
		return w
	}
	return steps
}

// sequentialOutcomes runs the threads of p one after the other, in every
// order, and returns the distinct outcomes.
func sequentialOutcomes(p ilProgram, observe []string) (ilOutcomes, error) {
	var out ilOutcomes
	seen := map[string]bool{}
	for _, perm := range threadOrders(len(p.threads)) {
		q := p.clone()
		for i, j := range perm {
			q.threads[i] = p.threads[j]
		}
		// The threads keep their cores: the program is the same, only the
		// order they are declared in (which run sequential follows) moves.
		src := q.source("sequential")
		s, err := loadTopicProgram("interleaving.coh", src)
		if err != nil {
			return out, err
		}
		vm, err := s.NewVM(scenario.Options{})
		if err != nil {
			return out, err
		}
		vm.Run()
		var vals []string
		for _, o := range observe {
			v, errs := s.Inspect(o, vm)
			if len(errs) > 0 {
				return out, fmt.Errorf("%s: %v", o, errs)
			}
			vals = append(vals, v.String())
		}
		if key := strings.Join(vals, " "); !seen[key] {
			seen[key] = true
			out.values = append(out.values, vals)
		}
	}
	slices.SortFunc(out.values, compareOutcomes)
	return out, nil
}

// compareOutcomes orders outcomes value by value, numbers numerically.
func compareOutcomes(a, b []string) int {
	for i := range a {
		var x, y int64
		_, e1 := fmt.Sscan(a[i], &x)
		_, e2 := fmt.Sscan(b[i], &y)
		switch {
		case e1 == nil && e2 == nil && x != y:
			if x < y {
				return -1
			}
			return 1
		case (e1 != nil || e2 != nil) && a[i] != b[i]:
			return strings.Compare(a[i], b[i])
		}
	}
	return 0
}

// threadOrders lists every order of 0 ... n-1.
func threadOrders(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range threadOrders(n - 1) {
		for i := 0; i <= len(p); i++ {
			q := append(append(append([]int{}, p[:i]...), n-1), p[i:]...)
			out = append(out, q)
		}
	}
	return out
}

// outcomeSetText prints an outcome set: {1, 2, 3}, or {(0, 1), (1, 0)} for
// several observed values.
func outcomeSetText(values [][]string) string {
	var parts []string
	for _, v := range values {
		if len(v) == 1 {
			parts = append(parts, v[0])
		} else {
			parts = append(parts, "("+strings.Join(v, ", ")+")")
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// observedText names the observed values: x, or (r1, r2).
func observedText(labels []string) string {
	if len(labels) == 1 {
		return "`" + labels[0] + "`"
	}
	return "`(" + strings.Join(labels, ", ") + ")`"
}

// outcomeCondition is `r1 == 0 && r2 == 0`.
func outcomeCondition(labels, values []string) string {
	var parts []string
	for i, l := range labels {
		parts = append(parts, l+" == "+values[i])
	}
	return strings.Join(parts, " && ")
}

// problem computes the key of a case and writes the problem.
func (c *ilCase) problem(g *Gen) (*Problem, error) {
	key, err := exploreProgram(c.prog, c.observe)
	if err != nil {
		return nil, err
	}
	keyText := outcomeSetText(key.values)
	type wrong struct{ model, text string }
	var wrongs []wrong
	union := slices.Clone(key.values)
	for _, m := range c.mutations {
		var o ilOutcomes
		if m.sequential {
			o, err = sequentialOutcomes(m.prog, c.observe)
		} else {
			o, err = exploreProgram(m.prog, c.observe)
		}
		if err != nil {
			return nil, err
		}
		union = append(union, o.values...)
		wrongs = append(wrongs, wrong{m.model, outcomeSetText(o.values)})
	}
	p := &Problem{Title: "Every possible outcome", Code: c.prog.source("")}
	var intro []string
	names := make([]string, len(c.prog.threads))
	for i, t := range c.prog.threads {
		names[i] = "`" + t.name + "`"
	}
	intro = append(intro, fmt.Sprintf("The threads %s run at the same time, each on its own core (`on core N`), and start together. %s Every global starts at 0 unless it is initialised.",
		strings.Join(names, " and "), c.about))
	if c.prog.storebuffer > 0 {
		intro = append(intro, fmt.Sprintf("Each core has a FIFO store buffer of %d entries (x86-TSO): a store waits in its core's buffer and reaches the (coherent) caches later, oldest first; a load reads the newest store to its address in its own core's buffer, else the caches; `fence()` empties the core's buffer first.", c.prog.storebuffer))
	} else {
		intro = append(intro, "The machine is sequentially consistent: there are no store buffers, the caches are coherent, and every load sees the latest store to its address in one global order of the steps.")
	}
	if c.prog.statement {
		intro = append(intro, "Atomicity is per statement: a statement that accesses memory runs as one step, with no other thread in between (so `x = x + 1` cannot be split).")
	} else {
		intro = append(intro, "Atomicity is per access: a step is one load or one store (or one lock operation), so `x = x + 1` is a load and a store, and another thread may run between them.")
	}
	last := "`run all` asks for every interleaving of the steps."
	switch c.variant {
	case "counter":
		last += " The loop counter `i` is a register: only the shared variables are memory."
	case "sb", "mp":
		last += " `r1` and `r2` are registers: only the globals are memory."
	case "handoff":
		last += " `r` is a register: only the globals are memory."
	}
	intro = append(intro, last)
	p.Intro = strings.Join(intro, "\n\n")

	var explain []string
	for i, v := range key.values {
		explain = append(explain, fmt.Sprintf("`%s` after, for example, the schedule `%s`", outcomeCondition(c.labels, v), strings.Join(key.witness[i], " ")))
	}
	stepNote := " (each name is one step of that thread"
	if c.prog.storebuffer > 0 {
		stepNote += "; `P0.drain` is core 0's buffer writing its oldest store to the cache"
	}
	stepNote += ")."
	listPrompt := "List every possible final value of " + observedText(c.labels) + ", as a set in increasing order."
	first := Part{Prompt: listPrompt, Answer: keyText, Explain: "Every interleaving ends in one of these: " + strings.Join(explain, "; ") + stepNote}
	if g.Knobs.Choice {
		var ws []string
		for _, w := range wrongs {
			ws = append(ws, w.text)
		}
		if ch := distinctChoices(g.Rand, keyText, ws); ch != nil {
			first.Prompt = "Which is the set of every possible final value of " + observedText(c.labels) + "?"
			first.Choices = ch
			var why []string
			models := map[string][]string{}
			for _, w := range wrongs {
				if w.text == keyText {
					continue
				}
				if models[w.text] == nil {
					why = append(why, w.text)
				}
				models[w.text] = append(models[w.text], w.model)
			}
			for i, w := range why {
				why[i] = fmt.Sprintf("%s is what %s would give", w, strings.Join(models[w], ", or "))
			}
			first.Explain += " " + joinSentence(why)
		}
	}
	p.Parts = append(p.Parts, first)

	target := c.target
	if target == nil {
		slices.SortFunc(union, compareOutcomes)
		union = slices.CompactFunc(union, func(a, b []string) bool { return compareOutcomes(a, b) == 0 })
		target = union[g.Rand.IntN(len(union))]
	}
	cond := outcomeCondition(c.labels, target)
	yn := Part{Prompt: fmt.Sprintf("Can the program end with `%s`?", cond), Choices: []string{"yes", "no"}}
	yn.Answer, yn.Explain = "no", fmt.Sprintf("No: no interleaving ends with `%s`; the possible outcomes are %s.", cond, keyText)
	for i, v := range key.values {
		if slices.Equal(v, target) {
			yn.Answer = "yes"
			yn.Explain = fmt.Sprintf("Yes: for example the schedule `%s`%s", strings.Join(key.witness[i], " "), stepNote)
		}
	}
	p.Parts = append(p.Parts, yn)
	return p, nil
}

// joinSentence joins clauses into one sentence: "a; b." with a capital.
func joinSentence(clauses []string) string {
	if len(clauses) == 0 {
		return ""
	}
	s := strings.Join(clauses, "; ") + "."
	return strings.ToUpper(s[:1]) + s[1:]
}
