// This file turns a teacher's own scenario into a problem: a trace block
// becomes a table of cache states to fill in, a `run all` script the set
// of its outcomes, any other script its output and the values its
// expects name.

package exam

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/lang/setup"
	"github.com/cohere-sim/cohere/lang/syntax"
	"github.com/cohere-sim/cohere/sim"
)

// ScenarioTopic is the topic of problems made from a script.
const ScenarioTopic = "scenario"

// FromScenario makes a problem from a .coh script: its trace block or its
// threads, with the key computed by running (or exploring) it. A script
// that does not load returns its errors, a diag.List (each error prints
// as file:line:col: message). A seed other than 0 replaces the script's
// run seed, as `cohere run --seed` does; it matters only to `run random`.
func FromScenario(name string, src []byte, seed uint64) (*Problem, error) {
	ov := scenario.Overrides{}
	if seed != 0 {
		ov.Seed = &seed
	}
	s, errs := scenario.Load(name, src, ov)
	if len(errs) > 0 {
		return nil, errs
	}
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	p := &Problem{ID: fmt.Sprintf("%s-%s-%d", ScenarioTopic, base, seed), Topic: ScenarioTopic, Seed: seed, Title: base, Code: studentCode(s.File, src)}
	var err error
	switch {
	case len(s.Prog.Trace) > 0:
		err = traceProblem(s, p)
	case s.Run.Mode == setup.RunAll:
		err = exploreProblem(s, p)
	default:
		err = runProblem(s, p)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}

// studentCode is the script as the problem shows it: formatted, without
// its comments and its expects, which often give the answers away
// ("// P2 flushes: M -> S", "expect x == 6").
func studentCode(f *ast.File, src []byte) string {
	g := &ast.File{Name: f.Name}
	for _, d := range f.Decls {
		if _, ok := d.(*ast.ExpectDecl); !ok {
			g.Decls = append(g.Decls, d)
		}
	}
	return string(syntax.Format(g, src))
}

// scenarioMachineText states the conventions of the script's machine.
func scenarioMachineText(s *scenario.Scenario) string {
	mc := s.Machine.Sim
	t := s.Table()
	proto := mc.Protocol
	var notes []string
	if t != nil {
		proto = t.Name
		notes = t.Notes
	}
	text := fmt.Sprintf("The machine has %d cores, each with a private cache (%d-byte lines), kept coherent by the %s protocol", mc.Cores, mc.Line, proto)
	if len(notes) > 0 {
		text += " (" + strings.Join(notes, ", ") + ")"
	}
	start := "the caches start empty"
	for _, d := range s.File.Decls {
		if _, ok := d.(*ast.InitDecl); ok {
			start = "the caches start as the `init` block says"
		}
	}
	text += "; " + start + ", and the conventions are those of cohere's PROTOCOLS.md."
	if s.Machine.StoreBuffer > 0 {
		text += fmt.Sprintf(" Each core has a FIFO store buffer of %d entries (x86-TSO).", s.Machine.StoreBuffer)
	}
	return text
}

// traceStep is one access of the trace block as the engine saw it.
type traceStep struct {
	core   int
	op     sim.Op
	what   string
	value  int64
	after  []string
	bus    string
	source string
}

// traceObserver collects the trace block's accesses.
type traceObserver struct {
	s     *scenario.Scenario
	steps []traceStep
}

func (o *traceObserver) ObserveStep(step uint64, thread string, e *sim.Event) {
	if thread != "trace" {
		return
	}
	t := o.s.Table()
	st := traceStep{core: e.Core, op: e.Op, what: o.s.Describe(e.Addr), value: int64(e.Value), bus: "-", source: "-"}
	if st.what == "" {
		st.what = fmt.Sprintf("%#x", e.Addr)
	}
	var bus []string
	for _, b := range e.Bus {
		bus = append(bus, b.Kind.String())
	}
	if len(bus) > 0 {
		st.bus = strings.Join(bus, " ")
	}
	switch e.Supplier {
	case sim.FromMemory:
		st.source = "memory"
	case sim.NoData:
	default:
		st.source = fmt.Sprintf("P%d", e.Supplier)
	}
	for _, a := range e.After {
		st.after = append(st.after, t.States[a])
	}
	o.steps = append(o.steps, st)
}

// traceProblem asks for the states of every cache after each access of
// the trace, the bus transactions, who supplied the data and the values
// read.
func traceProblem(s *scenario.Scenario, p *Problem) error {
	obs := &traceObserver{s: s}
	rep, err := s.Execute(scenario.Options{StepObservers: []interp.StepObserver{obs}})
	if err != nil {
		return err
	}
	if rep.Result.Outcome != interp.Finished {
		return fmt.Errorf("the run did not finish: %s", rep.Result.Message)
	}
	cores := s.Machine.Sim.Cores
	tb := &Table{Header: []string{"#", "access"}}
	for c := range cores {
		tb.Header = append(tb.Header, fmt.Sprintf("P%d", c))
	}
	tb.Header = append(tb.Header, "bus", "data from", "value read")
	for i, st := range obs.steps {
		access := fmt.Sprintf("P%d read %s", st.core, st.what)
		value := Given("-")
		if st.op == sim.Write {
			access = fmt.Sprintf("P%d write %s %d", st.core, st.what, st.value)
		} else {
			value = Blank(fmt.Sprint(st.value))
		}
		row := []Cell{Given(fmt.Sprint(i + 1)), Given(access)}
		for _, a := range st.after {
			row = append(row, Blank(a))
		}
		row = append(row, Blank(st.bus), Blank(st.source), value)
		tb.Rows = append(tb.Rows, row)
	}
	p.Intro = scenarioMachineText(s) + "\n\nThe trace block's accesses run in order, one at a time."
	p.Parts = []Part{{
		Prompt:  "Fill in the state of the line in every cache after each access, the bus transactions it causes (- for none), where the data comes from (memory, a core, or - for none) and the value each read returns.",
		Table:   tb,
		Explain: "Computed by running the trace through cohere's engine with the " + s.Table().Name + " table.",
	}}
	return nil
}

// exploreProblem asks for every outcome of a `run all` script, and
// whether each of its possible/never expects can happen.
func exploreProblem(s *scenario.Scenario, p *Problem) error {
	x, errs := s.Explore(scenario.ExploreOptions{})
	if len(errs) > 0 {
		return errs
	}
	if !x.Complete {
		return fmt.Errorf("run all was cut short (%s): the outcomes are not known", x.Cut)
	}
	if len(x.Observed) == 0 {
		return fmt.Errorf("run all observes nothing: declare a global or name one in an expect")
	}
	var values [][]string
	var witness []string
	for _, o := range x.Outcomes {
		if o.End != "finished" {
			return fmt.Errorf("an interleaving %s: %s", o.End, o.Message)
		}
		values = append(values, o.Values)
		witness = append(witness, fmt.Sprintf("`%s` after, for example, `%s`", outcomeCondition(x.Observed, o.Values), strings.Join(expandWitness(o.Witness), " ")))
	}
	atom := "Atomicity is per access: a step is one load or one store (or one synchronisation), and another thread may run between the load and the store of `x = x + 1`."
	if s.Run.Atomicity == setup.AtomicStatement {
		atom = "Atomicity is per statement: a statement that accesses memory runs as one step, with no other thread in between."
	}
	p.Intro = scenarioMachineText(s) + "\n\n`run all` asks for every interleaving of the threads. " + atom
	p.Parts = []Part{{
		Prompt:  "List every possible final value of " + observedText(x.Observed) + ", as a set.",
		Answer:  outcomeSetText(values),
		Explain: "Every interleaving ends in one of these: " + strings.Join(witness, "; ") + ".",
	}}
	for _, e := range x.Expects {
		kind, cond, _ := strings.Cut(strings.TrimPrefix(e.Text, "expect "), " ")
		if kind != "possible" && kind != "never" {
			continue
		}
		can := e.OK == (kind == "possible")
		part := Part{Prompt: fmt.Sprintf("Can the program end with `%s`?", cond), Choices: []string{"yes", "no"}, Answer: "no",
			Explain: fmt.Sprintf("No: no interleaving ends with `%s`; the possible outcomes are %s.", cond, outcomeSetText(values))}
		if can {
			part.Answer = "yes"
			if len(e.Witness) > 0 {
				part.Explain = fmt.Sprintf("Yes: for example the schedule `%s`.", strings.Join(expandWitness(e.Witness), " "))
			}
		}
		p.Parts = append(p.Parts, part)
	}
	return nil
}

// runProblem asks what a script prints and the values its expects name.
func runProblem(s *scenario.Scenario, p *Problem) error {
	rep, err := s.Execute(scenario.Options{})
	if err != nil {
		return err
	}
	out := slices.Clone(rep.Result.Output)
	switch rep.Result.Outcome {
	case interp.Finished:
	case interp.Panicked:
		first, _, _ := strings.Cut(rep.Result.Message, "\n")
		out = append(out, first)
	default:
		return fmt.Errorf("the run did not finish: %s", rep.Result.Message)
	}
	p.Intro = scenarioMachineText(s) + "\n\nThe threads run under `" + runLineText(s.Run) + "`."
	if len(out) > 0 {
		p.Parts = append(p.Parts, programOutputPart(out, "The output of running the script with cohere."))
	}
	tb := &Table{Header: []string{"expression", "value at the end"}}
	seen := map[string]bool{}
	for _, e := range rep.Expects {
		var names []string
		for n := range e.Values {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			if !seen[n] {
				seen[n] = true
				tb.Rows = append(tb.Rows, []Cell{Given(n), Blank(e.Values[n])})
			}
		}
	}
	if len(tb.Rows) > 0 {
		p.Parts = append(p.Parts, Part{Prompt: "Give the value of each expression when the run ends.", Table: tb, Explain: "The values the script's expects saw when the run ended."})
	}
	if len(p.Parts) == 0 {
		return fmt.Errorf("the script prints nothing and its expects name no value: there is nothing to ask")
	}
	return nil
}

// runLineText is a run line as a script would write it.
func runLineText(r setup.RunSpec) string {
	switch r.Mode {
	case setup.RunSequential:
		return "run sequential"
	case setup.RunRoundRobin:
		return fmt.Sprintf("run roundrobin quantum %d", r.Quantum)
	case setup.RunTimed:
		return "run timed"
	case setup.RunOrder:
		return "run order " + strings.Join(r.Order, " ")
	}
	return fmt.Sprintf("run random seed %d", r.Seed)
}
