// This file is the coherence topic: a sequence of reads and writes by a
// few processors on a few variables, run through the engine under a
// protocol; the key is every cache's state after each access, the bus
// transactions, the supplier and the values read (variant table), the
// counters over the sequence (count), or two protocols side by side
// (compare).

package exam

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

type coherenceTopic struct{}

func (coherenceTopic) Name() string { return "coherence" }
func (coherenceTopic) Summary() string {
	return "states, bus transactions and data of a sequence of reads and writes under a protocol"
}

// cohProtocols are the protocols the topic draws from.
var cohProtocols = []string{"MSI", "MESI", "MOESI", "MESIF", "Dragon", "Firefly", "WT", "WTI"}

// cohVariants are the topic's variants.
var cohVariants = []string{"table", "count", "compare"}

// maxInterestDraws bounds the redraws of the interest filter.
const maxInterestDraws = 400

// cohSetup is one drawn problem before it is written up.
type cohSetup struct {
	cores int
	names []string
	addrs []uint64
	ops   []cohOp
	// prefix makes a given starting state: these accesses run first,
	// silently; the problem states the copies they leave.
	prefix []cohOp
	runs   []*cohRun // the problem's model (and the compared one)
	tables cohTables
}

func (coherenceTopic) Generate(g *Gen) (*Problem, error) {
	k := g.Knobs
	r := g.Rand
	variant := k.Variant
	if variant == "" {
		variant = "table"
	}
	if !slices.Contains(cohVariants, variant) {
		return nil, fmt.Errorf("coherence variant %q: the variants are %s", variant, strings.Join(cohVariants, ", "))
	}
	proto, err := canonicalProtocol(k.Protocol)
	if err != nil {
		return nil, err
	}
	other, err := canonicalProtocol(k.Compare)
	if err != nil {
		return nil, err
	}
	if k.Cores != 0 && (k.Cores < 2 || k.Cores > 8) {
		return nil, fmt.Errorf("coherence: cores %d: use 2 to 8", k.Cores)
	}
	if k.Ops != 0 && (k.Ops < 2 || k.Ops > 30) {
		return nil, fmt.Errorf("coherence: ops %d: use 2 to 30", k.Ops)
	}
	if k.Lines != 0 && (k.Lines < 1 || k.Lines > 4) {
		return nil, fmt.Errorf("coherence: lines %d: use 1 to 4", k.Lines)
	}

	// The models: the protocol (drawn unless given) and, for compare, a
	// second one that differs from it.
	if proto == "" {
		proto = cohProtocols[r.IntN(len(cohProtocols))]
		if variant == "compare" && other != "" {
			for proto == other {
				proto = cohProtocols[r.IntN(len(cohProtocols))]
			}
		}
	}
	model := cohModel{Protocol: proto, Upgrade: true}
	if hasUpgrade(proto) && r.IntN(4) == 0 {
		model.Upgrade = false // as in plain MSI texts
	}
	models := []cohModel{model}
	if variant == "compare" {
		if other == "" {
			partners := comparePartners(proto)
			other = partners[r.IntN(len(partners))]
		}
		if other == proto {
			return nil, fmt.Errorf("coherence compare: the two protocols are both %s", proto)
		}
		models = append(models, cohModel{Protocol: other, Upgrade: model.Upgrade || !hasUpgrade(proto)})
	}

	var s *cohSetup
	var last error
	tables := cohTables{}
	for try := 0; try < maxInterestDraws && s == nil; try++ {
		cand := drawCoherence(g, models, variant != "compare", tables)
		ok, err := cand.interesting(variant, k.Choice)
		if err != nil {
			return nil, err
		}
		if ok {
			s = cand
		} else {
			last = errors.New("no drawn sequence exercised the protocol's transitions")
		}
	}
	if s == nil {
		return nil, fmt.Errorf("coherence %s (%d draws): %v; try more ops or cores", proto, maxInterestDraws, last)
	}

	p := &Problem{Code: s.code()}
	switch variant {
	case "table":
		err = s.writeTable(p, r, k.Choice)
	case "count":
		err = s.writeCount(p, r, k.Choice)
	case "compare":
		err = s.writeCompare(p, r, k.Choice)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// canonicalProtocol accepts a protocol of the topic in any case; "" stays
// "" (draw one).
func canonicalProtocol(p string) (string, error) {
	if p == "" {
		return "", nil
	}
	for _, c := range cohProtocols {
		if strings.EqualFold(c, p) {
			return c, nil
		}
	}
	return "", fmt.Errorf("coherence protocol %q: use one of %s", p, strings.Join(cohProtocols, ", "))
}

// comparePartners are the protocols a comparison sets against p.
func comparePartners(p string) []string {
	switch p {
	case "MSI":
		return []string{"MESI"}
	case "MESI":
		return []string{"MSI", "MOESI", "Dragon"}
	case "MOESI":
		return []string{"MESI"}
	case "MESIF":
		return []string{"MESI"}
	case "Dragon":
		return []string{"MESI", "Firefly"}
	case "Firefly":
		return []string{"Dragon", "MESI"}
	case "WT":
		return []string{"WTI", "MSI"}
	}
	return []string{"MSI", "MESI"} // WTI
}

// mutants are the models whose answers make the distractors: the
// neighbouring protocols and the other upgrade setting.
func mutants(m cohModel) []cohModel {
	var out []cohModel
	add := func(p string) {
		out = append(out, cohModel{Protocol: p, Upgrade: m.Upgrade || !hasUpgrade(m.Protocol)})
	}
	switch m.Protocol {
	case "MSI":
		add("MESI")
		add("MOESI")
	case "MESI":
		add("MSI")
		add("MOESI")
		add("MESIF")
	case "MOESI":
		add("MESI")
		add("MSI")
	case "MESIF":
		add("MESI")
		add("MOESI")
	case "Dragon":
		add("Firefly")
		add("MESI")
	case "Firefly":
		add("Dragon")
		add("MESI")
	case "WT":
		add("WTI")
		add("MSI")
	case "WTI":
		add("WT")
		add("MSI")
	}
	if hasUpgrade(m.Protocol) {
		out = append(out, cohModel{Protocol: m.Protocol, Upgrade: !m.Upgrade})
	}
	return out
}

// drawCoherence draws cores, variables and a sequence, and runs it under
// every model. When given is true, one problem in three starts from a
// given state: the copies a short silent prefix leaves.
func drawCoherence(g *Gen, models []cohModel, given bool, tables cohTables) *cohSetup {
	r, k := g.Rand, g.Knobs
	s := &cohSetup{cores: k.Cores, tables: tables}
	if s.cores == 0 {
		s.cores = 2 + r.IntN(2)
	}
	lines := k.Lines
	if lines == 0 {
		lines = 1 + r.IntN(2)
	}
	n := k.Ops
	if n == 0 {
		n = 6 + r.IntN(3)
	}
	addr := uint64(0x600000 + 0x40*r.IntN(16))
	for i := 0; i < lines; i++ {
		s.names = append(s.names, string(rune('a'+i)))
		s.addrs = append(s.addrs, addr)
		addr += uint64(0x40 * (1 + r.IntN(3)))
	}
	values := r.Perm(19) // writes store 1..19, each at most once
	nv := 0
	v := r.IntN(lines)
	draw := func() cohOp {
		if lines > 1 && r.IntN(3) == 0 {
			v = r.IntN(lines)
		}
		op := cohOp{Core: r.IntN(s.cores), Var: v, Write: r.IntN(5) < 2}
		if op.Write {
			op.Value = uint64(values[nv%len(values)] + 1)
			nv++
		}
		return op
	}
	if given && r.IntN(3) == 0 {
		for i := 2 + r.IntN(3); i > 0; i-- {
			s.prefix = append(s.prefix, draw())
		}
		v = r.IntN(lines)
	}
	for i := 0; i < n; i++ {
		s.ops = append(s.ops, draw())
	}
	for _, m := range models {
		run, err := runCoherence(s.tables, m, s.cores, s.addrs, s.prefix, s.ops)
		if err != nil {
			panic(err) // the configuration is the topic's own: a bug
		}
		s.runs = append(s.runs, run)
	}
	return s
}

// interesting is the interest filter: the sequence must exercise the
// transitions its protocol is about.
func (s *cohSetup) interesting(variant string, choice bool) (bool, error) {
	run := s.runs[0]
	hits, misses := 0, 0
	cores := map[int]bool{}
	used := map[int]bool{}
	for _, op := range s.ops {
		used[op.Var] = true
	}
	if len(used) < len(s.names) {
		return false, nil // a variable the sequence never touches
	}
	writes := 0
	seen := map[string]bool{}
	c2c, inv, upd := false, false, false
	for i, st := range run.Steps {
		if st.Hit {
			hits++
		} else {
			misses++
		}
		cores[s.ops[i].Core] = true
		if s.ops[i].Write {
			writes++
		}
		for _, a := range st.After {
			seen[a] = true
		}
		if strings.HasPrefix(st.Supplier, "P") {
			c2c = true
		}
		if st.Invalidated > 0 {
			inv = true
		}
		if slices.Contains(st.Bus, "BusUpd") {
			upd = true
		}
	}
	if hits == 0 || misses < 2 || len(cores) < 2 || writes == 0 || writes == len(s.ops) {
		return false, nil
	}
	ok := true
	switch run.Model.Protocol {
	case "MSI":
		ok = inv && c2c
	case "MESI":
		ok = seen["E"] && inv && c2c
	case "MOESI":
		ok = seen["O"] && inv
	case "MESIF":
		ok = seen["F"] && c2c && inv
	case "Dragon":
		ok = seen["Sm"] && upd
	case "Firefly":
		ok = upd && (seen["D"] || seen["VE"])
	case "WT":
		ok = run.Stale > 0
	case "WTI":
		ok = inv
	}
	if !ok {
		return false, nil
	}
	if variant == "compare" {
		a, b := s.runs[0], s.runs[1]
		if a.Cycles == b.Cycles {
			return false, nil
		}
	}
	if choice {
		// A multiple-choice question needs at least two wrong answers
		// from the mutated models.
		if variant == "table" {
			_, _, d, err := s.stateQuestion()
			return err == nil && len(d) >= 2, err
		}
	}
	return true, nil
}

// code is the sequence as a trace block's body.
func (s *cohSetup) code() string {
	var b strings.Builder
	for _, op := range s.ops {
		if op.Write {
			fmt.Fprintf(&b, "P%d write %s %d\n", op.Core, s.names[op.Var], op.Value)
		} else {
			fmt.Fprintf(&b, "P%d read %s\n", op.Core, s.names[op.Var])
		}
	}
	return b.String()
}

// access is step i's access as the table shows it.
func (s *cohSetup) access(i int) string {
	op := s.ops[i]
	if op.Write {
		return fmt.Sprintf("P%d write %s = %d", op.Core, s.names[op.Var], op.Value)
	}
	return fmt.Sprintf("P%d read %s", op.Core, s.names[op.Var])
}

// intro states the machine and every convention the key depends on.
func (s *cohSetup) intro(models []cohModel, timing bool) string {
	var b strings.Builder
	var vars []string
	for i, n := range s.names {
		vars = append(vars, fmt.Sprintf("`%s` at %#x", n, s.addrs[i]))
	}
	procs := fmt.Sprintf("P0 to P%d", s.cores-1)
	if s.cores == 2 {
		procs = "P0 and P1"
	}
	fmt.Fprintf(&b, "Processors %s have private caches on an atomic snooping bus. ", procs)
	if len(vars) == 1 {
		fmt.Fprintf(&b, "The 8-byte variable %s has a 64-byte line of its own", vars[0])
	} else {
		fmt.Fprintf(&b, "The 8-byte variables %s and %s lie in different 64-byte lines", strings.Join(vars[:len(vars)-1], ", "), vars[len(vars)-1])
	}
	b.WriteString("; the caches are large enough that nothing is evicted. ")
	if len(s.prefix) == 0 {
		b.WriteString("All caches start empty (every line in state I) and memory holds 0 everywhere. ")
	} else {
		b.WriteString(s.startText(s.runs[0]))
	}
	b.WriteString("Each access completes before the next one starts, in the order given.")
	for _, m := range models {
		b.WriteString("\n\n")
		b.WriteString(conventions(m))
	}
	if timing {
		b.WriteString("\n\n")
		b.WriteString(timingText)
	}
	return b.String()
}

// startText states the given starting state: every variable's copies
// and memory value.
func (s *cohSetup) startText(run *cohRun) string {
	var b strings.Builder
	b.WriteString("At the start (this is a given state; caches not named hold the line in state I): ")
	for i, st := range run.Start {
		if i > 0 {
			b.WriteString(" ")
		}
		var held []string
		for c, name := range st.States {
			if name != "I" {
				held = append(held, fmt.Sprintf("P%d in %s (value %d)", c, name, st.Values[c]))
			}
		}
		if len(held) == 0 {
			fmt.Fprintf(&b, "no cache holds `%s`;", s.names[i])
		} else {
			fmt.Fprintf(&b, "`%s` is held by %s;", s.names[i], strings.Join(held, " and "))
		}
		fmt.Fprintf(&b, " memory holds %d for `%s`.", st.Memory, s.names[i])
	}
	b.WriteString(" ")
	return b.String()
}

// timingText is the cost model of the compare variant.
const timingText = "Timing: an access costs 1 cycle (the cache lookup) plus, for each bus transaction it issues, " +
	"20 cycles of bus time plus 100 cycles when memory supplies the line (or takes a written word, BusWr) " +
	"or 10 cycles when another cache supplies it; a transaction that moves no line (BusUpgr, BusUpd) costs the 20 cycles only. " +
	"Accesses run one after another, so the total is the sum of their costs."

// conventions states a model's protocol, variant and write policy as
// PROTOCOLS.md fixes them.
func conventions(m cohModel) string {
	up := "a write hit in S issues BusUpgr (no data moves)"
	if !m.Upgrade {
		up = "a write hit in S issues BusRdX (the writer keeps its own data; the transaction only invalidates)"
	}
	switch m.Protocol {
	case "MSI":
		return "**MSI** (states M, S, I), write-back and write-allocate: " + up + ". " +
			"Memory supplies clean lines; a cache in M answers a BusRd or BusRdX by flushing the line (Flush), which also updates memory."
	case "MESI":
		return "**MESI** (Illinois; states M, E, S, I), write-back and write-allocate: a read miss takes E when no other cache holds the line, else S; " +
			"a write in E is silent; " + up + ". Clean sharing is off: memory supplies clean lines; " +
			"a cache in M answers a BusRd or BusRdX by flushing the line (Flush), which also updates memory."
	case "MOESI":
		return "**MOESI** (states M, O, E, S, I), write-back and write-allocate: as MESI, and a cache in M that sees a BusRd flushes the line and keeps it in O " +
			"(owned: memory is not updated); a cache in O answers every later BusRd; " + strings.Replace(up, "in S", "in S or O", 1) +
			". Clean sharing is off: memory supplies clean lines."
	case "MESIF":
		return "**MESIF** (states M, E, S, I, F), write-back and write-allocate: a read miss takes E when no other cache holds the line; " +
			"otherwise it takes F (forward) and the previous F or E copy becomes S; the F or E copy supplies the line to a reader (S never does); " +
			strings.Replace(up, "in S", "in S or F", 1) + "; a cache in M flushes on a BusRd or BusRdX (memory is updated)."
	case "Dragon":
		return "**Dragon** (update; states E, Sc, Sm, M, and I for a line not present), write-back: a read miss takes Sc when another cache holds the line, else E; " +
			"a write miss issues BusRd and then, if another cache holds the line, BusUpd (→ Sm), else → M; a write in Sc or Sm issues BusUpd " +
			"(→ Sm if another cache still holds the line, else M), and the other copies take the word and become Sc; a write in E is silent (→ M). " +
			"A cache in M or Sm answers a BusRd by flushing (Flush) and keeps Sm: memory is not updated. Memory supplies clean lines."
	case "Firefly":
		return "**Firefly** (update; states VE, S, D, and I for a line not present): a read miss takes S when another cache holds the line, else VE; " +
			"a write miss issues BusRd and then, if another cache holds the line, BusUpd (→ S), else → D; a write in S issues BusUpd, which updates the other copies and memory " +
			"(→ S if another cache still holds the line, else VE); a write in VE is silent (→ D); a cache in D answers a BusRd by flushing (→ S, memory updated). Memory supplies clean lines."
	case "WT":
		return "**WT**: write-through with no write-allocate and no snooping (states V, I): a read miss fetches the line (BusRd); " +
			"every write goes to memory (BusWr) and updates this cache's copy if it holds one, but a write miss does not bring the line in; " +
			"other caches do not snoop, so their copies are not changed."
	}
	return "**WTI**: write-through with invalidation and no write-allocate (states V, I): a read miss fetches the line (BusRd); " +
		"every write goes to memory (BusWr) and updates this cache's copy if it holds one, but a write miss does not bring the line in; " +
		"every other cache holding the line invalidates it on seeing the BusWr."
}
