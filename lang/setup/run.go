// This file interprets `run MODE ...`: how the threads interleave.

package setup

import (
	"strconv"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
)

// RunMode is how the scheduler picks the thread of the next step.
type RunMode uint8

// The modes.
const (
	RunRandom     RunMode = iota // a seeded random interleaving (the default)
	RunSequential                // each thread to its end, in declaration order
	RunRoundRobin                // threads in turn, Quantum steps each
	RunTimed                     // the thread whose core clock is lowest
	RunOrder                     // the threads Order names, then round-robin
	RunAll                       // every interleaving
)

var runModeNames = []string{"random", "sequential", "roundrobin", "timed", "order", "all"}

func (m RunMode) String() string {
	if int(m) < len(runModeNames) {
		return runModeNames[m]
	}
	return "RunMode(" + strconv.Itoa(int(m)) + ")"
}

// Atomicity is what one step of `run all` is.
type Atomicity uint8

// The atomicities.
const (
	AtomicAccess    Atomicity = iota // one shared-memory access (the default)
	AtomicStatement                  // one statement
)

func (a Atomicity) String() string {
	if a == AtomicStatement {
		return "statement"
	}
	return "access"
}

// The defaults of the run line.
const (
	DefaultSeed    = 1 // run random
	DefaultQuantum = 1 // run roundrobin: threads alternate step by step
)

// RunSpec is a script's run line, resolved.
type RunSpec struct {
	Mode      RunMode
	Seed      uint64    // random
	Quantum   int       // roundrobin: steps per turn
	Order     []string  // order: the thread of each step ("w0", "worker[2]", "main.g1")
	OrderPos  []ast.Pos // where each name of Order was written
	Atomicity Atomicity // all
	Pos       ast.Pos   // the run line; zero without one
}

// DefaultRun is `run random seed 1`: concurrent like Go, yet reproducible.
func DefaultRun() RunSpec {
	return RunSpec{Mode: RunRandom, Seed: DefaultSeed, Quantum: DefaultQuantum, Atomicity: AtomicAccess}
}

const runUsage = "run sequential, run roundrobin [quantum N], run random [seed N], run timed, run order THREAD..., or run all [atomicity statement|access]"

// Run interprets a run line (nil: DefaultRun). threadNames are the
// threads the script declares, as `order` names them: "w0", "worker[2]"
// for the threads of `thread worker[4]`, and "main" when there is a main
// thread. A name written as several words (worker [ 2 ]) is joined. A
// goroutine's name (w0.g1, w0.g1.g2) is accepted when its first part is a
// declared thread; whether it exists is known only when the run gets
// there.
func Run(d *ast.RunDecl, threadNames []string) (RunSpec, diag.List) {
	spec := DefaultRun()
	if d == nil || d.Setting == nil {
		return spec, nil
	}
	var errs diag.List
	s := d.Setting
	spec.Pos = d.Pos
	mode, ok := -1, false
	for i, name := range runModeNames {
		if s.Name.Text == name {
			mode, ok = i, true
		}
	}
	if !ok {
		if s.Name.Text == "" {
			errs.Addf(d.Pos, "run needs a mode: write %s", runUsage)
		} else {
			errs.Add(unknown(s.Name, "run mode", runModeNames, runUsage))
		}
		return spec, errs
	}
	spec.Mode = RunMode(mode)
	usage := map[RunMode]string{
		RunRandom:     "run random [seed N]",
		RunSequential: "run sequential",
		RunRoundRobin: "run roundrobin [quantum N]",
		RunTimed:      "run timed",
		RunOrder:      "run order THREAD..., as in `run order w0 w1 w0`",
		RunAll:        "run all [atomicity statement|access]",
	}[spec.Mode]
	a := newArgs(s, &errs, usage)
	option := func(name string) (ast.Word, bool) {
		if !a.more() {
			return ast.Word{}, false
		}
		if _, ok := a.keyword(a.next(), "run "+s.Name.Text+" option", []string{name}); !ok {
			return ast.Word{}, false
		}
		return a.value("run " + s.Name.Text + " " + name)
	}
	switch spec.Mode {
	case RunRandom:
		if w, ok := option("seed"); ok {
			if n, ok := a.num(w, "seed", 0, ^uint64(0), "a seed is 0 to 18446744073709551615"); ok {
				spec.Seed = n
			}
		}
	case RunRoundRobin:
		if w, ok := option("quantum"); ok {
			if n, ok := a.count(w, "quantum", 1, 1000000000, "a thread runs 1 to 1000000000 steps per turn"); ok {
				spec.Quantum = n
			}
		}
	case RunAll:
		if w, ok := option("atomicity"); ok {
			if k, ok := a.keyword(w, "atomicity", []string{"access", "statement"}); ok && k == "statement" {
				spec.Atomicity = AtomicStatement
			}
		}
	case RunOrder:
		readOrder(a, &spec, threadNames)
		return spec, errs
	}
	if len(errs) == 0 {
		a.end()
	}
	return spec, errs
}

// readOrder reads the thread names of `run order`.
func readOrder(a *args, spec *RunSpec, threads []string) {
	if !a.more() {
		a.errs.Addf(a.s.Name.Pos, "run order needs the thread of each step: write %s", a.usage)
		return
	}
	known := map[string]bool{}
	for _, t := range threads {
		known[t] = true
	}
	for a.more() {
		w := a.next()
		name, ok := threadName(a, w)
		if !ok {
			return // the words after a malformed name cannot be trusted
		}
		parent, _, goroutine := strings.Cut(name, ".")
		switch {
		case known[name]:
		case goroutine && known[parent] && goroutineSuffix(name[len(parent):]):
		case goroutine && known[parent]:
			a.errs.Addf(w.Pos, "%s is not a goroutine name: goroutines are named after their parent and spawn order, as in %s.g1", name, parent)
			continue
		default:
			a.errs.Add(unknownThread(w.Pos, name, threads))
			continue
		}
		spec.Order = append(spec.Order, name)
		spec.OrderPos = append(spec.OrderPos, w.Pos)
	}
}

// threadName joins the words of one thread name starting at w: worker,
// [, 2, ] is worker[2]; w0, ., g1 is w0.g1.
func threadName(a *args, w ast.Word) (string, bool) {
	if w.Kind != ast.WordIdent {
		a.errs.Addf(w.Pos, "run order wants thread names, not %s: write %s", quote(w), a.usage)
		return "", false
	}
	name := w.Text
	for a.more() {
		sym := a.s.Args[a.i]
		if sym.Kind != ast.WordSymbol || sym.Text != "[" && sym.Text != "." {
			break
		}
		a.i++
		if sym.Text == "." {
			if !a.more() || a.s.Args[a.i].Kind != ast.WordIdent {
				a.errs.Addf(sym.Pos, "%s. must be followed by a goroutine name, as in %s.g1", name, name)
				return "", false
			}
			name += "." + a.next().Text
			continue
		}
		var n uint64
		var err error
		if a.more() {
			n, err = strconv.ParseUint(a.s.Args[a.i].Text, 0, 64)
		}
		if !a.more() || a.s.Args[a.i].Kind != ast.WordNumber || err != nil {
			a.errs.Addf(sym.Pos, "%s[ must be followed by the thread's number and ], as in %s[0]", name, name)
			return "", false
		}
		a.i++
		if !a.more() || a.s.Args[a.i].Text != "]" {
			a.errs.Addf(a.last().Pos, "%s[%d must be closed by ], as in %s[%d]", name, n, name, n)
			return "", false
		}
		a.i++
		name += "[" + strconv.FormatUint(n, 10) + "]"
	}
	return name, true
}

// unknownThread reports a name that is no thread, with what a group of
// threads (thread worker[4]) holds when the name refers to one.
func unknownThread(pos ast.Pos, name string, threads []string) *diag.Error {
	base, _, _ := strings.Cut(name, "[")
	n := 0
	for _, t := range threads {
		if strings.HasPrefix(t, base+"[") {
			n++
		}
	}
	switch {
	case n > 0 && base == name:
		return diag.Errorf(pos, "%s is a group of %d threads: name one of them, %s[0] to %s[%d]", name, n, name, name, n-1)
	case n > 0:
		return diag.Errorf(pos, "undefined thread: %s; the threads of group %s are %s[0] to %s[%d]", name, base, base, base, n-1)
	}
	return undefined(pos, "thread", name, threads, threadList(threads))
}

// goroutineSuffix reports whether s is ".g1", ".g1.g2" ...
func goroutineSuffix(s string) bool {
	for _, part := range strings.Split(s, ".")[1:] {
		n, ok := strings.CutPrefix(part, "g")
		if !ok || n == "" || strings.Trim(n, "0123456789") != "" {
			return false
		}
	}
	return s != ""
}

// threadList names the threads for a message, the first few when there
// are many.
func threadList(threads []string) string {
	switch {
	case len(threads) == 0:
		return "this script declares no thread"
	case len(threads) > 8:
		return "the threads are " + strings.Join(threads[:8], ", ") + " and " + strconv.Itoa(len(threads)-8) + " more"
	}
	return "the threads are " + and(threads)
}
