// This file runs a scenario under `run all`: every interleaving is
// explored, the distinct outcomes are collected, and the expects are
// checked over all of them.

package scenario

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/check"
	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/setup"
	"github.com/cohere-sim/cohere/lang/types"
)

// ExploreOptions configure Explore.
type ExploreOptions struct {
	Observe   []string      // expressions whose values make an outcome ("x", "t0.EAX"); nil: the script's defaults
	NoReduce  bool          // plain enumeration (state hashing only)
	MaxStates int           // 0: the default bound (1,000,000)
	Timeout   time.Duration // 0: the default (10s)
	Stop      <-chan struct{}
	Limits    interp.Limits // bounds of each run
	// Race replays each outcome's witness with the race detector on.
	Race bool
}

// Exploration is the set of outcomes of every interleaving.
type Exploration struct {
	Observed    []string          // the expressions, in order
	Outcomes    []ExploredOutcome // distinct final states, sorted by their values
	States      int               // distinct states explored
	Transitions uint64            // steps taken from explored states
	Replayed    uint64            // returns to an earlier state (a copy of it, or a replay)
	Reduced     bool              // partial-order reduction was on
	Atomicity   string            // "access" or "statement"
	Complete    bool              // false: a bound cut it short
	Cut         string            // which bound, when !Complete
	Expects     []ExploredExpect  // the script's expects, checked over the outcomes
	Elapsed     time.Duration
	// Races are the data races the detector found on the witness
	// schedules (with Race), each once; RaceChecked says it ran.
	Races       []interp.RaceReport
	RaceChecked bool
}

// ExploredOutcome is one distinct final state.
type ExploredOutcome struct {
	Values  []string // one per Observed, as Go prints them
	Output  string   // what the program printed, when anything
	Count   uint64   // schedules reaching it
	Witness []string // the step names of one schedule reaching it, runs written w0*12 (see CompressWitness)
	End     string   // how those runs ended: "finished", "deadlocked", ...
	Message string   // the end's message (a panic, a deadlock)
}

// ExploredExpect is an expect checked over every outcome.
type ExploredExpect struct {
	Pos     ast.Pos
	Text    string // the expect line as written
	OK      bool
	Why     string   // what was found: "no outcome has it", "3 of 4 outcomes"
	Witness []string // a schedule showing the failure (or, for possible, the success)
}

// Failed reports whether the exploration fails the scenario: it was cut
// short, an expect failed, or some interleaving did not finish cleanly.
func (x *Exploration) Failed() bool {
	if !x.Complete {
		return true
	}
	for _, e := range x.Expects {
		if !e.OK {
			return true
		}
	}
	for _, o := range x.Outcomes {
		if o.End != "finished" {
			return true
		}
	}
	return false
}

// observed is an expression evaluated at every final state.
type observed struct {
	text string
	expr ast.Expr
	info *check.Info
}

// Explore runs every interleaving of the scenario's threads (its run line
// gives the atomicity) and checks its expects over the outcomes.
func (s *Scenario) Explore(opt ExploreOptions) (*Exploration, diag.List) {
	start := time.Now()
	names := opt.Observe
	if names == nil {
		names = s.defaultObserved()
	}
	var obs []observed
	var errs diag.List
	for _, n := range names {
		o, l := s.observe(n)
		errs = append(errs, l...)
		obs = append(obs, o)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	caches := s.cachesMatter(obs)
	nexp := len(s.Expects)
	cfg := interp.ExploreConfig{
		Start: func() (*interp.VM, error) {
			return s.NewVM(Options{Limits: opt.Limits, Explore: true})
		},
		Outcome: func(vm *interp.VM) []string {
			out := make([]string, 0, len(obs)+1+nexp)
			for _, o := range obs {
				v, err := vm.Inspect(o.expr, o.info)
				if err != nil {
					out = append(out, "<"+err.Error()+">")
					continue
				}
				out = append(out, v.String())
			}
			out = append(out, strings.Join(vm.Output(), "\n"))
			for _, e := range s.Expects {
				out = append(out, expectBit(vm, e, s.Info))
			}
			return out
		},
		CloneMemory: func(m interp.Memory) interp.Memory {
			if l, ok := m.(*setup.Layout); ok {
				return l.Clone()
			}
			return nil
		},
		Reduce:       !opt.NoReduce,
		CachesMatter: caches,
		MaxStates:    opt.MaxStates,
		Timeout:      opt.Timeout,
		Stop:         opt.Stop,
	}
	res, err := interp.Explore(cfg)
	if err != nil {
		var l diag.List
		l.Addf(ast.Pos{}, "run all: %v", err)
		return nil, l
	}
	x := &Exploration{Observed: names, States: res.States, Transitions: res.Transitions, Replayed: res.Replayed,
		Reduced: !opt.NoReduce, Atomicity: s.Run.Atomicity.String(), Complete: res.Complete, Cut: res.Cut}
	x.Outcomes = mergeOutcomes(res.Outcomes, len(obs))
	if opt.Race {
		x.Races, x.RaceChecked = s.witnessRaces(x.Outcomes, opt.Limits), true
	}
	x.Expects = s.checkExplored(res, len(obs)+1, x)
	x.Elapsed = time.Since(start)
	return x, nil
}

// witnessRaces replays each outcome's witness with the race detector on
// and returns the races found, each pair of source positions once. A
// happens-before detector finds a race in any run where both accesses
// happen unordered, whatever their order in time; a race only on paths
// that no witness takes is not found.
func (s *Scenario) witnessRaces(outcomes []ExploredOutcome, lim interp.Limits) []interp.RaceReport {
	var races []interp.RaceReport
	seen := map[string]bool{}
	for _, o := range outcomes {
		vm, err := s.NewVM(Options{Explore: true, Race: true, Limits: lim, OnRace: func(r interp.RaceReport) {
			key := raceKey(r)
			if !seen[key] {
				seen[key] = true
				races = append(races, r)
			}
		}})
		if err != nil {
			continue
		}
		steps, _ := ExpandWitness(o.Witness)
		for _, step := range steps {
			if vm.StepThread(step) != nil {
				break
			}
		}
	}
	return races
}

// raceKey names a race by the kinds and positions of its two accesses,
// in either order.
func raceKey(r interp.RaceReport) string {
	at := func(a interp.RaceAccess) string {
		if len(a.Frames) == 0 {
			return a.Kind
		}
		return a.Kind + " " + a.Frames[0].Pos.String()
	}
	a, b := at(r.Access), at(r.Previous)
	if b < a {
		a, b = b, a // the same race, found the other way round
	}
	return a + " / " + b
}

// expectBit evaluates an expect at a final state: "1", "0", or "!" when
// it cannot be evaluated there.
func expectBit(vm *interp.VM, e *ast.ExpectDecl, info *check.Info) string {
	switch e.Kind {
	case "norace", "race":
		return "-"
	}
	r := vm.Evaluate(e, info)
	switch {
	case r.Err != "":
		return "!"
	case r.OK:
		return "1"
	}
	return "0"
}

// mergeOutcomes drops the expects' columns and joins outcomes that then
// look the same, sorted by their values.
func mergeOutcomes(raw []interp.ExploredOutcome, nobs int) []ExploredOutcome {
	var out []ExploredOutcome
	index := map[string]int{}
	for _, r := range raw {
		o := ExploredOutcome{Values: r.Values[:nobs], Output: r.Values[nobs], Count: r.Count, Witness: CompressWitness(r.Witness), End: r.End, Message: r.Message}
		key := strings.Join(r.Values[:nobs+1], "\x00") + "\x00" + r.End
		if i, ok := index[key]; ok {
			out[i].Count += r.Count
			continue
		}
		index[key] = len(out)
		out = append(out, o)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		for k := range a.Values {
			if a.Values[k] != b.Values[k] {
				return lessValue(a.Values[k], b.Values[k])
			}
		}
		if a.Output != b.Output {
			return a.Output < b.Output
		}
		return a.End < b.End
	})
	return out
}

// lessValue orders numbers numerically, anything else as text.
func lessValue(a, b string) bool {
	var x, y int64
	if _, err := fmt.Sscan(a, &x); err == nil {
		if _, err := fmt.Sscan(b, &y); err == nil {
			return x < y
		}
	}
	return a < b
}

// checkExplored checks each expect over the outcomes; col is the column
// of the first expect's bit.
func (s *Scenario) checkExplored(res *interp.Exploration, col int, x *Exploration) []ExploredExpect {
	var out []ExploredExpect
	total := len(res.Outcomes)
	for i, e := range s.Expects {
		ee := ExploredExpect{Pos: e.Pos, Text: expectText(e)}
		var yes, no, bad []int
		for k, o := range res.Outcomes {
			switch o.Values[col+i] {
			case "1":
				yes = append(yes, k)
			case "0":
				no = append(no, k)
			case "!":
				bad = append(bad, k)
			}
		}
		witness := func(ks []int) []string {
			if len(ks) == 0 {
				return nil
			}
			return CompressWitness(res.Outcomes[ks[0]].Witness)
		}
		switch e.Kind {
		case "norace", "race":
			n := len(x.Races)
			switch {
			case !x.RaceChecked:
				ee.Why = "the race detector is off"
			case e.Kind == "norace":
				ee.OK = n == 0
				ee.Why = fmt.Sprintf("%d data races on the %d witness schedules", n, len(x.Outcomes))
			default:
				ee.OK = n > 0
				ee.Why = fmt.Sprintf("%d data races on the %d witness schedules", n, len(x.Outcomes))
			}
		case "possible":
			ee.OK = len(yes) > 0
			ee.Witness = witness(yes)
			ee.Why = fmt.Sprintf("%d of %d outcomes", len(yes), total)
			if !ee.OK {
				ee.Why = "no outcome has it"
			}
		case "never":
			ee.OK = len(yes) == 0 && len(bad) == 0
			ee.Witness = witness(append(yes, bad...))
			ee.Why = fmt.Sprintf("%d of %d outcomes have it", len(yes), total)
			if ee.OK {
				ee.Why = "no outcome has it"
			}
		default: // always, or a plain expect: in every outcome
			ee.OK = len(no) == 0 && len(bad) == 0
			ee.Witness = witness(append(no, bad...))
			ee.Why = fmt.Sprintf("%d of %d outcomes do not have it", len(no)+len(bad), total)
			if ee.OK {
				ee.Why = fmt.Sprintf("all %d outcomes have it", total)
			}
			if total == 0 {
				ee.Why = "no outcome reached"
			}
		}
		if !res.Complete && !(e.Kind == "possible" && ee.OK) {
			ee.OK = false
			ee.Why = "inconclusive: the search was cut short; " + ee.Why + " so far"
		}
		out = append(out, ee)
	}
	return out
}

// expectText is an expect as written: expect and its text (which holds
// the kind).
func expectText(e *ast.ExpectDecl) string { return "expect " + e.Text }

// observe checks an observed expression against the script.
func (s *Scenario) observe(src string) (observed, diag.List) {
	// Errors name the expression, not a place in the script.
	plain := func(errs diag.List) diag.List {
		var l diag.List
		for _, e := range errs {
			l.Addf(ast.Pos{}, "observed expression %s: %s", src, e.Msg)
		}
		return l
	}
	e, info, errs := s.checkExpr(src)
	if len(errs) > 0 {
		return observed{}, plain(errs)
	}
	return observed{text: src, expr: e, info: info}, nil
}

// defaultObserved is what an outcome shows when nothing is chosen: the
// globals and thread locals the expects name, in order, else every
// global of a basic type.
func (s *Scenario) defaultObserved() []string {
	var names []string
	seen := map[string]bool{}
	addName := func(n string) {
		if !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	for _, e := range s.Expects {
		if e.Expr == nil {
			continue
		}
		walkExpr(e.Expr, func(n ast.Expr) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok && s.isThread(id.Name) {
					addName(id.Name + "." + n.Sel.Name)
					return false
				}
			case *ast.Ident:
				if g, ok := s.Prog.GlobalOf[n.Name]; ok && basic(g.Type) {
					addName(n.Name)
				}
			case *ast.CallExpr:
				// state(P0, a), load(P1, a), mem(a): the variable is not an outcome by itself.
				if id, ok := n.Fun.(*ast.Ident); ok && (id.Name == "state" || id.Name == "load" || id.Name == "mem") {
					return false
				}
			}
			return true
		})
	}
	if len(names) > 0 {
		return names
	}
	for _, g := range s.Prog.Globals {
		if basic(g.Type) && !strings.HasPrefix(g.Name, "_") {
			addName(g.Name)
		}
	}
	return names
}

// basic reports whether a variable's value prints as one word.
func basic(t *types.Type) bool {
	switch t.Kind {
	case types.Int, types.Bool, types.String, types.Pointer:
		return true
	}
	return false
}

func (s *Scenario) isThread(name string) bool {
	for _, t := range s.Prog.Threads {
		if t.Name == name {
			return true
		}
	}
	return false
}

// cachesMatter reports whether an outcome depends on the caches' contents
// and not only on the values a coherent machine shows: an expression
// looks at states, main memory or one core's view, or the protocol is not
// a built-in coherent one.
func (s *Scenario) cachesMatter(obs []observed) bool {
	if t := s.Table(); t == nil || t.Exempt != "" || s.Protocols[t.Name] != nil {
		return true
	}
	looks := false
	visit := func(n ast.Expr) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if id, ok := c.Fun.(*ast.Ident); ok && (id.Name == "state" || id.Name == "load" || id.Name == "mem") {
				looks = true
			}
		}
		return !looks
	}
	for _, o := range obs {
		walkExpr(o.expr, visit)
	}
	for _, e := range s.Expects {
		if e.Expr != nil {
			walkExpr(e.Expr, visit)
		}
	}
	return looks
}

// walkExpr calls visit on e and, while visit returns true, on the
// expressions inside it.
func walkExpr(e ast.Expr, visit func(ast.Expr) bool) {
	if e == nil || !visit(e) {
		return
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		walkExpr(e.X, visit)
	case *ast.UnaryExpr:
		walkExpr(e.X, visit)
	case *ast.BinaryExpr:
		walkExpr(e.X, visit)
		walkExpr(e.Y, visit)
	case *ast.SelectorExpr:
		walkExpr(e.X, visit)
	case *ast.IndexExpr:
		walkExpr(e.X, visit)
		walkExpr(e.Index, visit)
	case *ast.CallExpr:
		walkExpr(e.Fun, visit)
		for _, a := range e.Args {
			walkExpr(a, visit)
		}
	}
}

// CompressWitness writes a run of three or more steps of one thread as
// name*N: a witness of a loop stays readable, and replay reads it back.
func CompressWitness(steps []string) []string {
	var out []string
	for i := 0; i < len(steps); {
		j := i
		for j < len(steps) && steps[j] == steps[i] {
			j++
		}
		if n := j - i; n >= 3 {
			out = append(out, fmt.Sprintf("%s*%d", steps[i], n))
		} else {
			out = append(out, steps[i:j]...)
		}
		i = j
	}
	return out
}

// ExpandWitness undoes CompressWitness: w0*3 is w0 w0 w0.
func ExpandWitness(tokens []string) ([]string, error) {
	var out []string
	for _, t := range tokens {
		name, count, ok := strings.Cut(t, "*")
		if !ok {
			out = append(out, t)
			continue
		}
		n, err := strconv.Atoi(count)
		if err != nil || n < 1 || n > 100_000_000 {
			return nil, fmt.Errorf("%s: write a step as NAME or NAME*COUNT, with COUNT a number from 1 up", t)
		}
		if len(out)+n > 100_000_000 {
			return nil, fmt.Errorf("%s: the witness is longer than 100000000 steps", t)
		}
		for ; n > 0; n-- {
			out = append(out, name)
		}
	}
	return out, nil
}
