// This file is the false-sharing topic: threads on their own cores each
// increment their own variable (an array element, or one of a few
// globals), and variables that share a cache line make the line bounce.
// The student says which variables share a line, how many coherence
// misses the round-robin run causes under MESI, and the padding or
// alignment that removes them. Both layouts run through the engine with
// miss classification on.

package exam

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cohere-sim/cohere/sim"
)

type falseSharingTopic struct{}

func (falseSharingTopic) Name() string { return "false-sharing" }
func (falseSharingTopic) Summary() string {
	return "which accesses share a line, the coherence misses, and the padding that fixes it"
}

// fsVar is one variable of the layout.
type fsVar struct {
	Name   string
	Type   string // int64 or int32
	Size   int
	Addr   uint64
	Thread int // the thread that increments it, or -1
}

// fsLayout is a drawn problem.
type fsLayout struct {
	array   bool // the variables are the elements of one array
	line    int
	threads int
	iters   int
	vars    []fsVar
	mine    []int // mine[t]: the variable thread t increments
}

// fsResult is a run's outcome.
type fsResult struct {
	coherence     uint64 // true and false sharing misses
	falseSharing  uint64
	misses        uint64
	invalidations uint64
	perStep       []string // the classification of each access
}

var fsVariants = []string{"array", "vars"}

func (falseSharingTopic) Generate(g *Gen) (*Problem, error) {
	k, r := g.Knobs, g.Rand
	variant := k.Variant
	if variant != "" && !slices.Contains(fsVariants, variant) {
		return nil, fmt.Errorf("false-sharing variant %q: the variants are %s", variant, strings.Join(fsVariants, ", "))
	}
	if k.Cores != 0 && (k.Cores < 2 || k.Cores > 8) {
		return nil, fmt.Errorf("false-sharing: cores %d: use 2 to 8 threads", k.Cores)
	}
	if k.Ops != 0 && (k.Ops < 2 || k.Ops > 20) {
		return nil, fmt.Errorf("false-sharing: ops %d: use 2 to 20 increments per thread (one each cannot miss twice)", k.Ops)
	}
	if k.Line != 0 && k.Line != 32 && k.Line != 64 && k.Line != 128 {
		return nil, fmt.Errorf("false-sharing: line %d: use 32, 64 or 128 bytes", k.Line)
	}
	var l *fsLayout
	var before, after fsResult
	for try := 0; try < maxInterestDraws && l == nil; try++ {
		cand := drawLayout(g, variant)
		res, err := runLayout(cand, cand.vars)
		if err != nil {
			return nil, err
		}
		if res.coherence > 0 && res.coherence == res.falseSharing {
			l, before = cand, res
		}
	}
	if l == nil {
		return nil, fmt.Errorf("false-sharing: no drawn layout had threads sharing a line")
	}
	padded := l.padded()
	after, err := runLayout(l, padded)
	if err != nil {
		return nil, err
	}
	if after.coherence != 0 {
		return nil, fmt.Errorf("false-sharing: the padded layout still has %d coherence misses (a bug)", after.coherence)
	}

	p := &Problem{Code: l.code()}
	lineWord := fmt.Sprintf("%d-byte", l.line)
	p.Title = fmt.Sprintf("False sharing: %d threads, %s lines", l.threads, lineWord)
	p.Intro = fmt.Sprintf("%d threads %s run on processors %s, one thread per processor (Tn on Pn); "+
		"each private cache has %s lines, is large enough that nothing is evicted, and starts empty. "+
		"The caches are kept coherent by MESI (write-back; a write hit in S issues BusUpgr, invalidating the other copies). "+
		"Each thread increments its own variable %d times; each increment `x++` is a load of x then a store to x. "+
		"The threads run round robin, one increment at a time: %s, then T0 again. "+
		"The variables are at the addresses shown (sizes in bytes: int64 8, int32 4).",
		l.threads, seriesText("T", l.threads), seriesText("P", l.threads), lineWord, l.iters, roundText(l.threads))

	// Part 1: which variables share a line.
	t := &Table{Header: []string{"variable", "address", "incremented by", "line address", "shares the line with"}}
	for _, v := range l.vars {
		by := "—"
		if v.Thread >= 0 {
			by = fmt.Sprintf("T%d", v.Thread)
		}
		t.Rows = append(t.Rows, []Cell{Given(v.Name), Given(fmt.Sprintf("%#x", v.Addr)), Given(by),
			Blank(fmt.Sprintf("%#x", fsLineOf(v.Addr, l.line))), Blank(l.sharers(v))})
	}
	p.Parts = append(p.Parts, Part{
		Prompt: fmt.Sprintf("For each variable, give the address of its %s line and the other variables in that line that another thread increments (— for none).", lineWord),
		Table:  t,
		Explain: fmt.Sprintf("A line address is the address with its low %d bits cleared (%s lines). "+
			"Two variables share a line when their line addresses are equal.", fsLog2(l.line), lineWord),
	})

	// Part 2: coherence misses.
	q := fmt.Sprintf("How many coherence misses (misses on a line the processor held before but lost to another processor's write) "+
		"do the %d increments cause in all?", l.threads*l.iters)
	key := strconv.FormatUint(before.coherence, 10)
	explain := fmt.Sprintf("cohere's engine with miss classification: %d misses in all, of which %d are cold (first touches) and %d coherence misses, "+
		"all of them false sharing (no thread reads a word another writes); %d invalidations.\n%s",
		before.misses, before.misses-before.coherence, before.coherence, before.invalidations, strings.Join(before.perStep, "\n"))
	part := Part{Prompt: q, Answer: key, Explain: explain}
	if k.Choice {
		var wrong []string
		add := func(x uint64) {
			if s := strconv.FormatUint(x, 10); s != key && !slices.Contains(wrong, s) && len(wrong) < 3 {
				wrong = append(wrong, s)
			}
		}
		// Mutated models: counting the cold misses too, counting
		// invalidations, and the other line size.
		add(before.misses)
		add(before.invalidations)
		other := *l
		other.line = 96 - l.line // 64 ↔ 32
		if l.line == 128 {
			other.line = 64
		}
		if res, err := runLayout(&other, l.vars); err == nil {
			add(res.coherence)
		}
		for d := uint64(1); len(wrong) < 3; d++ {
			add(before.coherence + d)
			if before.coherence > d {
				add(before.coherence - d)
			}
		}
		part.Choices = shuffleChoices(r, append([]string{key}, wrong...))
	}
	p.Parts = append(p.Parts, part)

	// Part 3: the fix.
	fixExplain := fmt.Sprintf("With the padded layout the engine counts %d misses, all cold, and 0 coherence misses:\n%s",
		after.misses, strings.Join(describeLayout(padded), "\n"))
	if l.array {
		v := l.vars[0]
		p.Parts = append(p.Parts, Part{
			Prompt: fmt.Sprintf("The array becomes an array of structs, each holding one %s and then padding bytes, so that no two threads' counters share a line "+
				"whatever the array's alignment. What is the smallest padding, in bytes?", v.Type),
			Answer:  strconv.Itoa(l.line - v.Size),
			Explain: fmt.Sprintf("Each element must take a whole %s line: %d − %d = %d bytes of padding.", lineWord, l.line, v.Size, l.line-v.Size),
		})
	} else {
		var names []string
		for _, ti := range l.mine {
			names = append(names, l.vars[ti].Name)
		}
		p.Parts = append(p.Parts, Part{
			Prompt:  "Which alignment N, given to each variable a thread increments (`var x int64 align N`), is the smallest that puts each of them on a line of its own?",
			Answer:  strconv.Itoa(l.line),
			Explain: fmt.Sprintf("Aligning %s to the %s line size starts each on a line of its own; a variable no thread increments may follow it in that line harmlessly.", strings.Join(names, ", "), lineWord),
		})
	}
	// Part 4: what the fix leaves, from the engine's run of the new layout.
	p.Parts = append(p.Parts, Part{
		Prompt:  "With that change, how many coherence misses does the same run have?",
		Answer:  strconv.FormatUint(after.coherence, 10),
		Explain: fixExplain,
	})
	return p, nil
}

func fsLog2(n int) int {
	b := 0
	for 1<<b < n {
		b++
	}
	return b
}

func fsLineOf(a uint64, line int) uint64 { return a &^ uint64(line-1) }

// sharers lists the variables other threads increment in v's line.
func (l *fsLayout) sharers(v fsVar) string {
	var out []string
	for _, w := range l.vars {
		if w.Name != v.Name && w.Thread >= 0 && w.Thread != v.Thread && fsLineOf(w.Addr, l.line) == fsLineOf(v.Addr, l.line) {
			out = append(out, w.Name)
		}
	}
	if len(out) == 0 {
		return "—"
	}
	return strings.Join(out, ", ")
}

// drawLayout draws threads, iterations, line size and variables.
func drawLayout(g *Gen, variant string) *fsLayout {
	k, r := g.Knobs, g.Rand
	l := &fsLayout{threads: k.Cores, iters: k.Ops, line: k.Line}
	if l.threads == 0 {
		l.threads = 2 + r.IntN(3)
	}
	if l.iters == 0 {
		l.iters = 2 + r.IntN(2)
	}
	if l.line == 0 {
		l.line = []int{32, 64}[r.IntN(2)]
	}
	if variant == "" {
		variant = fsVariants[r.IntN(2)]
	}
	l.array = variant == "array"
	base := uint64(0x601000 + l.line*r.IntN(8))
	if l.array {
		size, typ := 8, "int64"
		if r.IntN(3) == 0 {
			size, typ = 4, "int32"
		}
		n := l.threads
		addr := base + uint64(size*r.IntN(l.line/size))
		for i := 0; i < n; i++ {
			l.vars = append(l.vars, fsVar{Name: fmt.Sprintf("count[%d]", i), Type: typ, Size: size, Addr: addr, Thread: i})
			l.mine = append(l.mine, i)
			addr += uint64(size)
		}
		return l
	}
	n := l.threads + r.IntN(3)
	addr := base + uint64(8*r.IntN(l.line/8))
	for i := 0; i < n; i++ {
		size, typ := 8, "int64"
		if r.IntN(3) == 0 {
			size, typ = 4, "int32"
		}
		addr = (addr + uint64(size) - 1) &^ uint64(size-1)
		l.vars = append(l.vars, fsVar{Name: string(rune('a' + i)), Type: typ, Size: size, Addr: addr, Thread: -1})
		addr += uint64(size)
		if r.IntN(4) == 0 {
			addr += 8 // another variable the threads do not touch, left out
		}
	}
	for t, vi := range r.Perm(n)[:l.threads] {
		l.vars[vi].Thread = t
	}
	l.mine = make([]int, l.threads)
	for i, v := range l.vars {
		if v.Thread >= 0 {
			l.mine[v.Thread] = i
		}
	}
	return l
}

// padded returns the layout with each thread's variable on its own line:
// array elements padded to a line, globals aligned to one.
func (l *fsLayout) padded() []fsVar {
	out := slices.Clone(l.vars)
	if l.array {
		for i := range out {
			out[i].Addr = l.vars[0].Addr + uint64(i*l.line)
		}
		return out
	}
	addr := l.vars[0].Addr
	for i := range out {
		size := uint64(out[i].Size)
		align := size
		if out[i].Thread >= 0 {
			align = uint64(l.line)
		}
		addr = (addr + align - 1) &^ (align - 1)
		out[i].Addr = addr
		addr += size
	}
	return out
}

// code is the layout and threads as a cohere script.
func (l *fsLayout) code() string {
	var b strings.Builder
	if l.array {
		v := l.vars[0]
		fmt.Fprintf(&b, "var count [%d]%s at %#x\n\n", len(l.vars), v.Type, v.Addr)
		fmt.Fprintf(&b, "thread T[%d] {   // thread Tn runs on core n; id is n\n", l.threads)
		fmt.Fprintf(&b, "    for i := 0; i < %d; i++ {\n        count[id]++\n    }\n}\n", l.iters)
	} else {
		for _, v := range l.vars {
			fmt.Fprintf(&b, "var %s %s at %#x\n", v.Name, v.Type, v.Addr)
		}
		for t, vi := range l.mine {
			fmt.Fprintf(&b, "\nthread T%d on core %d {\n    for i := 0; i < %d; i++ {\n        %s++\n    }\n}\n", t, t, l.iters, l.vars[vi].Name)
		}
	}
	b.WriteString("\nrun roundrobin   // one increment per turn\n")
	return b.String()
}

// describeLayout lists variables and addresses.
func describeLayout(vs []fsVar) []string {
	var out []string
	for _, v := range vs {
		out = append(out, fmt.Sprintf("%s at %#x", v.Name, v.Addr))
	}
	return out
}

// runLayout runs the round-robin increments on vars (the addresses of
// l's variables, or of their padded copies) under MESI with miss
// classification on.
func runLayout(l *fsLayout, vars []fsVar) (fsResult, error) {
	cfg := sim.DefaultConfig()
	cfg.Cores = l.threads
	cfg.Protocol = "MESI"
	cfg.Line = l.line
	cfg.Size, cfg.Ways = 4096, 8
	cfg.Data = true
	m, err := sim.New(cfg)
	if err != nil {
		return fsResult{}, fmt.Errorf("false-sharing: %v", err)
	}
	if err := m.EnableClassification(); err != nil {
		return fsResult{}, err
	}
	var res fsResult
	var cur *sim.Event
	m.Observe(sim.ObserverFunc(func(_ *sim.Machine, e *sim.Event) { cur = e }))
	for it := 0; it < l.iters; it++ {
		for t := 0; t < l.threads; t++ {
			v := vars[l.mine[t]]
			x, err := m.Load(t, v.Addr, v.Size)
			if err != nil {
				return res, fmt.Errorf("false-sharing: %v", err)
			}
			res.perStep = append(res.perStep, fmt.Sprintf("T%d load %s: %s", t, v.Name, classText(cur)))
			if err := m.Store(t, v.Addr, v.Size, x+1); err != nil {
				return res, fmt.Errorf("false-sharing: %v", err)
			}
			res.perStep = append(res.perStep, fmt.Sprintf("T%d store %s: %s", t, v.Name, classText(cur)))
		}
	}
	k := m.Classifier()
	for c := 0; c < l.threads; c++ {
		cc := k.Core(c)
		res.coherence += cc[sim.TrueSharing] + cc[sim.FalseSharing]
		res.falseSharing += cc[sim.FalseSharing]
		res.misses += cc.Total()
	}
	res.invalidations = m.Totals().Invalidations
	return res, nil
}

// classText says what an access did.
func classText(e *sim.Event) string {
	var s string
	switch {
	case e.Hit && len(e.Bus) == 0:
		s = "hit"
	case e.Hit:
		s = "hit, " + busText(busNames(e))
	default:
		s = strings.ReplaceAll(e.Class.String(), "_", " ") + " miss, " + busText(busNames(e))
	}
	var inv int
	for _, sn := range e.Snoops {
		if sn.To == 0 {
			inv++
		}
	}
	if inv > 0 {
		s += fmt.Sprintf(", invalidates %s", nounCount(inv, "copy", "copies"))
	}
	return s
}

func busNames(e *sim.Event) []string {
	var out []string
	for _, t := range e.Bus {
		out = append(out, t.Kind.String())
	}
	return out
}

// seriesText names n numbered things: "T0 and T1", "T0 to T3".
func seriesText(prefix string, n int) string {
	if n == 2 {
		return prefix + "0 and " + prefix + "1"
	}
	return fmt.Sprintf("%s0 to %s%d", prefix, prefix, n-1)
}

// roundText is one round of the round robin.
func roundText(n int) string {
	var ts []string
	for t := 0; t < n; t++ {
		ts = append(ts, fmt.Sprintf("T%d", t))
	}
	return strings.Join(ts, ", ")
}
