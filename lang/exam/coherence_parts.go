// This file writes a coherence problem's parts from its runs: the table
// of every access, the counters, the comparison of two protocols, the
// multiple-choice questions with distractors from mutated models, and
// the explanations.

package exam

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// stepsTable is the full table of the key: given step and access, blanks
// for the rest when blank is true.
func (s *cohSetup) stepsTable(run *cohRun, blank bool) *Table {
	cell := Given
	if blank {
		cell = Blank
	}
	t := &Table{Header: []string{"#", "access"}}
	for c := 0; c < s.cores; c++ {
		t.Header = append(t.Header, fmt.Sprintf("P%d", c))
	}
	t.Header = append(t.Header, "bus", "data from", "value read")
	for i, st := range run.Steps {
		row := []Cell{Given(strconv.Itoa(i + 1)), Given(s.access(i))}
		for _, a := range st.After {
			row = append(row, cell(a))
		}
		row = append(row, cell(busText(st.Bus)), cell(st.Supplier))
		if s.ops[i].Write {
			row = append(row, Given("—"))
		} else {
			row = append(row, cell(strconv.FormatUint(st.Value, 10)))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func (s *cohSetup) writeTable(p *Problem, r choiceRand, choice bool) error {
	run := s.runs[0]
	m := run.Model
	p.Title = fmt.Sprintf("%s: states, bus transactions and data", m.label())
	p.Intro = s.intro([]cohModel{m}, false)
	if !choice {
		p.Parts = append(p.Parts, Part{
			Prompt: "Fill in the table: after each access, the state of the accessed variable's line in every cache " +
				"(I when absent), the bus transactions the access issues (— for none), who supplied the data " +
				"(memory, a processor, or — when no line moved) and the value each read returns.",
			Table:   s.stepsTable(run, true),
			Explain: s.explainSteps(run),
		})
		return nil
	}
	q, key, wrong, err := s.stateQuestion()
	if err != nil {
		return err
	}
	choices := shuffleChoices(r, append([]string{key}, wrong...))
	p.Parts = append(p.Parts, Part{
		Prompt:  q,
		Choices: choices,
		Answer:  key,
		Explain: s.explainSteps(run),
	})
	return nil
}

// protocolStates are a protocol's state names, the invalid one last.
func protocolStates(p string) []string {
	switch p {
	case "MSI":
		return []string{"M", "S", "I"}
	case "MESI":
		return []string{"M", "E", "S", "I"}
	case "MOESI":
		return []string{"M", "O", "E", "S", "I"}
	case "MESIF":
		return []string{"M", "E", "S", "F", "I"}
	case "Dragon":
		return []string{"E", "Sc", "Sm", "M", "I"}
	case "Firefly":
		return []string{"VE", "S", "D", "I"}
	}
	return []string{"V", "I"}
}

// choiceRand is the part of *rand.Rand the writers use.
type choiceRand interface{ IntN(int) int }

// shuffleChoices returns a permutation of xs drawn from r.
func shuffleChoices(r choiceRand, xs []string) []string {
	out := slices.Clone(xs)
	for i := len(out) - 1; i > 0; i-- {
		j := r.IntN(i + 1)
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// stateQuestion picks the (step, processor) cell whose state the mutated
// models get most variously wrong, preferring later steps, and returns its
// question, key and distinct wrong answers.
func (s *cohSetup) stateQuestion() (string, string, []string, error) {
	run := s.runs[0]
	var muts []*cohRun
	for _, m := range mutants(run.Model) {
		mr, err := runCoherence(s.tables, m, s.cores, s.addrs, s.prefix, s.ops)
		if err != nil {
			return "", "", nil, err
		}
		muts = append(muts, mr)
	}
	bestStep, bestCore := -1, -1
	var best []string
	for i := range run.Steps {
		for c := 0; c < s.cores; c++ {
			key := run.Steps[i].After[c]
			var wrong []string
			for _, mr := range muts {
				a := mr.Steps[i].After[c]
				if a != key && !slices.Contains(wrong, a) {
					wrong = append(wrong, a)
				}
			}
			if len(wrong) >= len(best) && len(wrong) > 0 {
				bestStep, bestCore, best = i, c, wrong
			}
		}
	}
	if bestStep < 0 {
		return "", "", nil, nil
	}
	// Pad with the protocol's other states: wrong too, if less telling.
	key := run.Steps[bestStep].After[bestCore]
	for _, st := range protocolStates(run.Model.Protocol) {
		if len(best) < 3 && st != key && !slices.Contains(best, st) {
			best = append(best, st)
		}
	}
	op := s.ops[bestStep]
	q := fmt.Sprintf("After access %d (%s), in which state is the line of `%s` in P%d's cache?",
		bestStep+1, s.access(bestStep), s.names[op.Var], bestCore)
	return q, run.Steps[bestStep].After[bestCore], best, nil
}

// explainSteps says how the key follows, one access per line.
func (s *cohSetup) explainSteps(run *cohRun) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Run through cohere's engine under %s", run.Model.label())
	if len(s.prefix) > 0 {
		var pre []string
		for _, op := range s.prefix {
			if op.Write {
				pre = append(pre, fmt.Sprintf("P%d write %s %d", op.Core, s.names[op.Var], op.Value))
			} else {
				pre = append(pre, fmt.Sprintf("P%d read %s", op.Core, s.names[op.Var]))
			}
		}
		fmt.Fprintf(&b, " (the starting state is what %s leave, not counted)", strings.Join(pre, ", "))
	}
	b.WriteString(":")
	for i, st := range run.Steps {
		hit := "miss"
		if st.Hit {
			hit = "hit"
		}
		fmt.Fprintf(&b, "\n%d. %s: %s; bus %s; data from %s; states %s", i+1, s.access(i), hit, busText(st.Bus), st.Supplier, strings.Join(st.After, " "))
		if !s.ops[i].Write {
			fmt.Fprintf(&b, "; reads %d", st.Value)
		}
		if st.Invalidated > 0 {
			fmt.Fprintf(&b, "; %s invalidated", nounCount(st.Invalidated, "copy", "copies"))
		}
	}
	return b.String()
}

// counterRow is one row of the count variant.
type counterRow struct {
	name string
	get  func(r *cohRun) uint64
}

func countRows(m cohModel) []counterRow {
	var rows []counterRow
	for _, k := range busKinds(m) {
		rows = append(rows, counterRow{k + " transactions", func(r *cohRun) uint64 { return busCount(&r.Totals, k) }})
	}
	if invalidating(m.Protocol) {
		rows = append(rows, counterRow{"invalidations (copies made invalid by another core's transaction)", func(r *cohRun) uint64 { return r.Totals.Invalidations }})
	}
	if m.Protocol != "WT" && m.Protocol != "WTI" {
		rows = append(rows, counterRow{"cache-to-cache transfers (a cache, not memory, supplied the line)", func(r *cohRun) uint64 { return r.Totals.C2C }})
	}
	rows = append(rows, counterRow{"memory writes (flushes that update memory, write-through words)", func(r *cohRun) uint64 { return r.Totals.MemWrites }})
	return rows
}

func (s *cohSetup) writeCount(p *Problem, r choiceRand, choice bool) error {
	run := s.runs[0]
	m := run.Model
	p.Title = fmt.Sprintf("%s: counting bus transactions", m.label())
	p.Intro = s.intro([]cohModel{m}, false) + "\n\nCount over the whole sequence, all processors together, " +
		"as PROTOCOLS.md defines the counters: a transaction counts once, for the processor that issues it."
	rows := countRows(m)
	if choice {
		// The question is the total number of bus transactions.
		key := strconv.FormatUint(busTotal(&run.Totals), 10)
		var wrong []string
		for _, mm := range mutants(m) {
			mr, err := runCoherence(s.tables, mm, s.cores, s.addrs, s.prefix, s.ops)
			if err != nil {
				return err
			}
			if a := strconv.FormatUint(busTotal(&mr.Totals), 10); a != key && !slices.Contains(wrong, a) {
				wrong = append(wrong, a)
			}
		}
		for d := uint64(1); len(wrong) < 3; d++ { // near misses when the models agree
			for _, a := range []uint64{busTotal(&run.Totals) + d, busTotal(&run.Totals) - d} {
				if a < 1<<60 && a > 0 && len(wrong) < 3 {
					if as := strconv.FormatUint(a, 10); as != key && !slices.Contains(wrong, as) {
						wrong = append(wrong, as)
					}
				}
			}
		}
		p.Parts = append(p.Parts, Part{
			Prompt:  "How many bus transactions does the sequence issue in all?",
			Choices: shuffleChoices(r, append([]string{key}, wrong...)),
			Answer:  key,
			Explain: s.explainSteps(run),
		})
		return nil
	}
	t := &Table{Header: []string{"counter", "count"}}
	for _, row := range rows {
		t.Rows = append(t.Rows, []Cell{Given(row.name), Blank(strconv.FormatUint(row.get(run), 10))})
	}
	p.Parts = append(p.Parts, Part{
		Prompt:  "Count, over the whole sequence:",
		Table:   t,
		Explain: s.explainSteps(run),
	})
	return nil
}

func (s *cohSetup) writeCompare(p *Problem, r choiceRand, choice bool) error {
	a, b := s.runs[0], s.runs[1]
	p.Title = fmt.Sprintf("%s against %s: traffic and time", a.Model.label(), b.Model.label())
	p.Intro = s.intro([]cohModel{a.Model, b.Model}, true)
	var kinds []string
	for _, k := range append(busKinds(a.Model), busKinds(b.Model)...) {
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	t := &Table{Header: []string{"", a.Model.Protocol, b.Model.Protocol}}
	for _, k := range kinds {
		t.Rows = append(t.Rows, []Cell{Given(k), Blank(strconv.FormatUint(busCount(&a.Totals, k), 10)), Blank(strconv.FormatUint(busCount(&b.Totals, k), 10))})
	}
	t.Rows = append(t.Rows,
		[]Cell{Given("bus transactions in all"), Blank(strconv.FormatUint(busTotal(&a.Totals), 10)), Blank(strconv.FormatUint(busTotal(&b.Totals), 10))},
		[]Cell{Given("cycles"), Blank(strconv.FormatUint(a.Cycles, 10)), Blank(strconv.FormatUint(b.Cycles, 10))})
	explain := s.explainCosts(a) + "\n\n" + s.explainCosts(b)
	if !choice {
		p.Parts = append(p.Parts, Part{
			Prompt:  "Run the sequence under each protocol and fill in the table.",
			Table:   t,
			Explain: explain,
		}, Part{
			Prompt:  "Which protocol is faster on this sequence, and by how many cycles?",
			Answer:  fasterText(a, b),
			Explain: fmt.Sprintf("From the table: %d cycles under %s, %d under %s.", a.Cycles, a.Model.label(), b.Cycles, b.Model.label()),
		})
		return nil
	}
	key := fasterText(a, b)
	var wrong []string
	add := func(x string) {
		if x != key && !slices.Contains(wrong, x) && len(wrong) < 3 {
			wrong = append(wrong, x)
		}
	}
	winner, loser := a, b
	if b.Cycles < a.Cycles {
		winner, loser = b, a
	}
	margin := loser.Cycles - winner.Cycles
	// The mutated models' margins first (MSI for MESI, upgrade off, ...),
	// then the wrong winner, then slips of one transaction's cost.
	for _, side := range []int{0, 1} {
		for _, mm := range mutants(s.runs[side].Model) {
			mr, err := runCoherence(s.tables, mm, s.cores, s.addrs, s.prefix, s.ops)
			if err != nil {
				return err
			}
			x, y := *a, *b
			if side == 0 {
				x.Cycles = mr.Cycles
			} else {
				y.Cycles = mr.Cycles
			}
			if x.Cycles != y.Cycles {
				add(fasterText(&x, &y))
			}
		}
	}
	add(marginText(loser.Model.Protocol, margin))
	for _, d := range []uint64{margin + 90, margin + 20, margin - 20, margin + 110} {
		if d > 0 && d < 1<<32 {
			add(marginText(winner.Model.Protocol, d))
		}
	}
	p.Parts = append(p.Parts, Part{
		Prompt:  "Which protocol is faster on this sequence, and by how many cycles?",
		Choices: shuffleChoices(r, append([]string{key}, wrong...)),
		Answer:  key,
		Explain: explain,
	})
	return nil
}

// fasterText says which run is faster and by how much.
func fasterText(a, b *cohRun) string {
	if a.Cycles < b.Cycles {
		return marginText(a.Model.Protocol, b.Cycles-a.Cycles)
	}
	return marginText(b.Model.Protocol, a.Cycles-b.Cycles)
}

// marginText is the answer "P, by d cycles".
func marginText(p string, d uint64) string {
	return fmt.Sprintf("%s, by %d cycles", p, d)
}

// explainCosts lists each access's cost under one run.
func (s *cohSetup) explainCosts(run *cohRun) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s:", run.Model.label())
	for i, st := range run.Steps {
		fmt.Fprintf(&b, "\n%d. %s: bus %s, data from %s: %s", i+1, s.access(i), busText(st.Bus), st.Supplier, nounCount(int(st.Cost), "cycle", "cycles"))
	}
	fmt.Fprintf(&b, "\ntotal %d cycles, %d bus transactions", run.Cycles, busTotal(&run.Totals))
	return b.String()
}

// nounCount says n things.
func nounCount(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
