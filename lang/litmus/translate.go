// This file writes a Test as a .coh script: globals for the locations,
// one pinned thread per column with the registers as its locals, a
// machine with store buffers (x86-TSO) or without (SC), and `run all`.

package litmus

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/syntax"
)

// Model is the memory model a test runs under.
type Model int

const (
	TSO Model = iota // x86-TSO: a FIFO store buffer per core
	SC               // sequential consistency: no store buffer
)

func (m Model) String() string {
	if m == SC {
		return "sc"
	}
	return "tso"
}

// ParseModel reads a --model value.
func ParseModel(s string) (Model, error) {
	switch strings.ToLower(s) {
	case "tso", "x86-tso", "x86tso":
		return TSO, nil
	case "sc":
		return SC, nil
	}
	return TSO, fmt.Errorf("unknown model %q: want tso (x86-TSO, store buffers) or sc (sequential consistency)", s)
}

// Script is a test written as a .coh script.
type Script struct {
	Name string // the name errors in the script would carry
	Src  []byte
	// Columns are the locations of a final state, in the order herd
	// prints them: registers by thread, then memory by name.
	Columns []Loc
	// Observe holds the script expression whose value is each column's:
	// t0.EAX, x.
	Observe []string
}

// reserved are names a location cannot take in the script: Go's
// keywords, the language's predeclared names, and the names the
// translation uses itself.
var reserved = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`break case chan const continue default defer else fallthrough
		for func go goto if import interface map package range return select struct switch type var
		int bool string mutex waitgroup true false nil ncores atomic fmt
		new make len print println panic recover fence yield sleep close
		id old mem load state`) {
		reserved[w] = true
	}
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)
var coreName = regexp.MustCompile(`^[Pp][0-9]+$`)
var threadName = regexp.MustCompile(`^t[0-9]+$`)

// translator holds the names the script gives the test's parts.
type translator struct {
	t      *Test
	model  Model
	global map[string]string // location -> script name
	regs   []map[string]bool // per thread: its registers
	inits  map[string]int64  // Loc.Key() -> initial value
}

// Translate writes t as a script for model m.
func Translate(t *Test, m Model) (*Script, error) {
	tr := &translator{t: t, model: m, global: map[string]string{}, inits: map[string]int64{}}
	for _, in := range t.Init {
		tr.inits[in.Loc.Key()] = in.Value
	}
	tr.collect()
	s := &Script{Name: t.File + ".coh", Columns: tr.columns()}
	for _, c := range s.Columns {
		s.Observe = append(s.Observe, tr.expr(c))
	}
	src := tr.write()
	f, errs := syntax.Parse(s.Name, src)
	if len(errs) > 0 {
		return nil, fmt.Errorf("litmus: the translation of %s does not parse (a bug in cohere):\n%s", t.File, diag.Render(errs, src, 5))
	}
	s.Src = syntax.Format(f, src)
	return s, nil
}

// collect finds every location and register, and names the locations.
func (tr *translator) collect() {
	t := tr.t
	tr.regs = make([]map[string]bool, len(t.Threads))
	for i := range tr.regs {
		tr.regs[i] = map[string]bool{}
	}
	mems := map[string]bool{}
	add := func(l Loc) {
		if l.IsReg() {
			tr.regs[l.Thread][l.Name] = true
		} else {
			mems[l.Name] = true
		}
	}
	for _, th := range t.Threads {
		for _, in := range th.Instrs {
			for _, o := range []Operand{in.Dst, in.Src} {
				switch o.Kind {
				case Reg:
					tr.regs[th.ID][o.Name] = true
				case Mem:
					mems[o.Name] = true
				}
			}
			if in.Op == OpCmpxchg {
				tr.regs[th.ID][accumulator(t.Arch)] = true
			}
		}
	}
	for _, in := range t.Init {
		add(in.Loc)
	}
	for _, l := range t.Locations {
		add(l)
	}
	for _, l := range Locs(t.Cond.Prop) {
		add(l)
	}
	taken := map[string]bool{}
	for i := range t.Threads {
		for r := range tr.regs[i] {
			taken[r] = true
		}
	}
	// Names the script can use stay as they are; the others are renamed
	// after, so that a rename never takes a name the test uses.
	var renamed []string
	for _, name := range sortedKeys(mems) {
		if !identifier.MatchString(name) || reserved[name] || taken[name] || coreName.MatchString(name) || threadName.MatchString(name) {
			renamed = append(renamed, name)
			continue
		}
		taken[name] = true
		tr.global[name] = name
	}
	for _, name := range renamed {
		g := "m_" + notIdent.ReplaceAllString(name, "_")
		for base, k := g, 2; taken[g]; k++ {
			g = fmt.Sprintf("%s_%d", base, k)
		}
		taken[g] = true
		tr.global[name] = g
	}
}

var notIdent = regexp.MustCompile(`[^A-Za-z0-9_]`)

// printable replaces what cannot stand in a comment of the script
// (control characters, bytes that are not UTF-8) with U+FFFD.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) {
			return utf8.RuneError
		}
		return r
	}, s)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// columns lists the locations of a final state: those of the condition
// and of the locations line, registers first.
func (tr *translator) columns() []Loc {
	seen := map[string]bool{}
	var out []Loc
	for _, l := range append(Locs(tr.t.Cond.Prop), tr.t.Locations...) {
		if !seen[l.Key()] {
			seen[l.Key()] = true
			out = append(out, l)
		}
	}
	SortLocs(tr.t.Arch, out)
	return out
}

// SortLocs orders locations as herd prints them: registers by thread and
// register, then memory locations by name.
func SortLocs(arch Arch, locs []Loc) {
	sort.SliceStable(locs, func(i, j int) bool {
		a, b := locs[i], locs[j]
		if a.IsReg() != b.IsReg() {
			return a.IsReg()
		}
		if a.IsReg() {
			if a.Thread != b.Thread {
				return a.Thread < b.Thread
			}
			return regOrder(arch, a.Name) < regOrder(arch, b.Name)
		}
		return a.Name < b.Name
	})
}

func threadVar(i int) string { return fmt.Sprintf("t%d", i) }

// expr is the script expression for a location's final value.
func (tr *translator) expr(l Loc) string {
	if l.IsReg() {
		return threadVar(l.Thread) + "." + l.Name
	}
	return tr.global[l.Name]
}

// operand is the script expression for an operand.
func (tr *translator) operand(o Operand) string {
	switch o.Kind {
	case Reg:
		return o.Name
	case Mem:
		return tr.global[o.Name]
	}
	return strconv.FormatInt(o.Value, 10)
}

// negated is -o, folded for an immediate.
func (tr *translator) negated(o Operand) string {
	if o.Kind == Imm {
		return strconv.FormatInt(-o.Value, 10)
	}
	return "-" + tr.operand(o)
}

// storeCount is how many stores in could leave in the store buffer.
func storeCount(in *Instr) int {
	if in.Dst.Kind != Mem || in.Lock {
		return 0
	}
	return 1
}

func (tr *translator) write() []byte {
	t := tr.t
	var b strings.Builder
	fmt.Fprintf(&b, "// %s %s, translated from %s by `cohere litmus --model %s`.\n", t.Arch, printable(t.Name), printable(t.File), tr.model)
	if tr.model == TSO {
		b.WriteString("// x86-TSO: each core's stores wait in a FIFO store buffer; loads read\n// their own buffer first; fence() and atomics drain it.\n")
	} else {
		b.WriteString("// Sequential consistency: no store buffer, every store is seen at once.\n")
	}
	b.WriteString("// Each statement is the instruction in its comment; registers are the\n// threads' locals, each location a global on a line of its own.\n\n")
	stores := 0
	for _, th := range t.Threads {
		n := 0
		for _, in := range th.Instrs {
			n += storeCount(in)
		}
		stores = max(stores, n)
	}
	buffer := max(1, stores)
	if tr.model == SC {
		buffer = 0
	}
	fmt.Fprintf(&b, "machine {\n\tcores %d\n\tstorebuffer %d\n}\n\n", max(1, len(t.Threads)), buffer)
	mems := make([]string, 0, len(tr.global))
	for name := range tr.global {
		mems = append(mems, name)
	}
	sort.Strings(mems)
	for _, name := range mems {
		if v, ok := tr.inits[name]; ok && v != 0 {
			fmt.Fprintf(&b, "var %s int = %d align 64\n", tr.global[name], v)
		} else {
			fmt.Fprintf(&b, "var %s int align 64\n", tr.global[name])
		}
	}
	for _, th := range t.Threads {
		fmt.Fprintf(&b, "\nthread %s on core %d { // P%d\n", threadVar(th.ID), th.ID, th.ID)
		regs := sortedKeys(tr.regs[th.ID])
		sort.SliceStable(regs, func(i, j int) bool { return regOrder(t.Arch, regs[i]) < regOrder(t.Arch, regs[j]) })
		for _, r := range regs {
			fmt.Fprintf(&b, "\t%s := %d\n", r, tr.inits[Loc{Thread: th.ID, Name: r}.Key()])
		}
		for _, in := range th.Instrs {
			tr.instr(&b, in)
		}
		b.WriteString("}\n")
	}
	b.WriteString("\nrun all\n\n")
	fmt.Fprintf(&b, "// The final condition: %s\n", t.Cond)
	kind := map[Quantifier]string{Exists: "possible", NotExists: "never", Forall: "always"}[t.Cond.Quant]
	fmt.Fprintf(&b, "expect %s %s\n", kind, tr.goProp(t.Cond.Prop, 0))
	return []byte(b.String())
}

// instr writes the statements of one instruction, its text as a comment.
func (tr *translator) instr(b *strings.Builder, in *Instr) {
	dst, src := tr.operand(in.Dst), tr.operand(in.Src)
	var lines []string
	say := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	ops := map[Op]string{OpAdd: "+", OpSub: "-", OpAnd: "&", OpOr: "|", OpXor: "^"}
	acc := accumulator(tr.t.Arch)
	switch in.Op {
	case OpMov:
		say("%s = %s", dst, src)
	case OpAdd, OpSub, OpAnd, OpOr, OpXor:
		switch {
		case !in.Lock:
			say("%s %s= %s", dst, ops[in.Op], src)
		case in.Op == OpAdd:
			say("atomic.Add(&%s, %s)", dst, src)
		case in.Op == OpSub:
			say("atomic.Add(&%s, %s)", dst, tr.negated(in.Src))
		default: // no atomic.And/Or/Xor: a CAS loop, exact on the line
			say("for {")
			say("old := atomic.Load(&%s)", dst)
			say("if atomic.CAS(&%s, old, old %s %s) {", dst, ops[in.Op], src)
			say("break")
			say("}")
			say("}")
		}
	case OpInc, OpDec:
		delta, step := "1", "++"
		if in.Op == OpDec {
			delta, step = "-1", "--"
		}
		if in.Lock {
			say("atomic.Add(&%s, %s)", dst, delta)
		} else {
			say("%s%s", dst, step)
		}
	case OpXchg:
		switch {
		case in.Dst.Kind == Mem:
			say("%s = atomic.Swap(&%s, %s)", src, dst, src)
		case dst != src:
			say("%s, %s = %s, %s", dst, src, src, dst)
		}
	case OpXadd:
		switch {
		case in.Dst.Kind == Mem && in.Lock:
			say("%s = atomic.Add(&%s, %s) - %s", src, dst, src, src)
		case dst == src:
			say("%s += %s", dst, dst)
		default: // a load and a store, not atomic
			say("{")
			say("old := %s", dst)
			say("%s = old + %s", dst, src)
			say("%s = old", src)
			say("}")
		}
	case OpCmpxchg:
		switch {
		case in.Dst.Kind == Mem && in.Lock:
			// Retry until a CAS either swaps or confirms the value that
			// failed the comparison: one atomic step on the line, as the
			// instruction is.
			say("for {")
			say("old := atomic.Load(&%s)", dst)
			say("if old == %s {", acc)
			say("if atomic.CAS(&%s, old, %s) {", dst, src)
			say("break")
			say("}")
			say("} else if atomic.CAS(&%s, old, old) {", dst)
			say("%s = old", acc)
			say("break")
			say("}")
			say("}")
		case in.Dst.Kind == Mem: // without LOCK: a load, then a store either way
			say("if old := %s; old == %s {", dst, acc)
			say("%s = %s", dst, src)
			say("} else {")
			say("%s = old", dst)
			say("%s = old", acc)
			say("}")
		default:
			say("if %s == %s {", dst, acc)
			say("%s = %s", dst, src)
			say("} else {")
			say("%s = %s", acc, dst)
			say("}")
		}
	case OpMfence:
		say("fence()")
	case OpNop:
	}
	if len(lines) == 0 {
		fmt.Fprintf(b, "\t// %s: no effect on x86-TSO\n", in.Text)
		return
	}
	fmt.Fprintf(b, "\t%s // %s\n", lines[0], in.Text)
	for _, l := range lines[1:] {
		fmt.Fprintf(b, "\t%s\n", l)
	}
}

// goProp writes a proposition as a script expression; prec is the
// binding of the context: 0 anything, 1 inside &&, 2 an operand of !.
func (tr *translator) goProp(p Prop, prec int) string {
	paren := func(s string, need bool) string {
		if need {
			return "(" + s + ")"
		}
		return s
	}
	switch p := p.(type) {
	case *Atom:
		return paren(fmt.Sprintf("%s == %d", tr.expr(p.Loc), p.Value), prec >= 2)
	case *Not:
		return "!" + tr.goProp(p.X, 2)
	case *And:
		return paren(tr.goProp(p.X, 1)+" && "+tr.goProp(p.Y, 1), prec >= 2)
	case *Or:
		return paren(tr.goProp(p.X, 0)+" || "+tr.goProp(p.Y, 0), prec >= 1)
	case *Implies:
		return paren("!"+tr.goProp(p.X, 2)+" || "+tr.goProp(p.Y, 0), prec >= 1)
	case Const:
		return strconv.FormatBool(bool(p))
	}
	return "false"
}
