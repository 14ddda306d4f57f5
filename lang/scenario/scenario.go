// Package scenario is the language's pipeline: a script's source is
// parsed, its machine, memory and run settings are read, it is checked and
// compiled, and then it runs on a fresh machine, after which its expects
// are evaluated. Each phase is its own package; this one only connects
// them, so that the command, the REPL and the tests load scripts the same
// way.
package scenario

import (
	"fmt"
	"io"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/check"
	"github.com/cohere-sim/cohere/lang/compile"
	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/inline"
	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/setup"
	"github.com/cohere-sim/cohere/lang/syntax"
	"github.com/cohere-sim/cohere/lang/types"
	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/protocol"
	"github.com/cohere-sim/cohere/sim/trace"
)

// Overrides replace settings of the script's machine (command-line flags).
type Overrides struct {
	Protocol string
	Cores    int
	Seed     *uint64
	// Partial accepts a script with no thread yet (a REPL session).
	Partial bool
	// Run replaces the script's run line: "roundrobin quantum 2".
	Run string
}

// Scenario is a loaded, checked and compiled script.
type Scenario struct {
	Name      string
	Src       []byte
	File      *ast.File
	Info      *check.Info
	Prog      *compile.Program
	Machine   setup.MachineConfig
	Memory    setup.MemoryMap
	Layout    *setup.Layout
	Run       setup.RunSpec
	Protocols map[string]*protocol.Table
	Expects   []*ast.ExpectDecl
	Truncated bool // a trace scenario holds only the first MaxTraceRefs references
}

// Load parses, checks and compiles a script. Every error found is
// returned, in source order.
func Load(name string, src []byte, ov Overrides) (*Scenario, diag.List) {
	f, errs := syntax.Parse(name, src)
	if len(errs) > 0 {
		return nil, errs
	}
	s := &Scenario{Name: name, Src: src, File: f, Protocols: map[string]*protocol.Table{}}
	var all diag.List
	var machines []*ast.MachineDecl
	var memories []*ast.MemoryDecl
	var runDecl *ast.RunDecl
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.ProtocolDecl:
			t, errs := setup.Protocol(d)
			all = append(all, errs...)
			if _, dup := s.Protocols[d.Name.Name]; dup {
				all.Addf(d.Name.Pos, "protocol %s declared twice", d.Name.Name)
			}
			// A broken protocol is still known by name (nil), so that the
			// machine block naming it raises no second error.
			s.Protocols[d.Name.Name] = t
		case *ast.MachineDecl:
			machines = append(machines, d)
		case *ast.MemoryDecl:
			memories = append(memories, d)
		case *ast.RunDecl:
			if runDecl != nil {
				all.Addf(d.Pos, "a second run line: a script has one (the first is at %d:%d)", runDecl.Pos.Line, runDecl.Pos.Col)
				continue
			}
			runDecl = d
		case *ast.ExpectDecl:
			s.Expects = append(s.Expects, d)
		}
	}
	mc, errs := setup.Machine(machines, s.Protocols)
	all = append(all, errs...)
	if ov.Protocol != "" {
		if t, ok := s.Protocols[ov.Protocol]; ok {
			mc.Sim.Table = t
		} else {
			mc.Sim.Table, mc.Sim.Protocol = nil, ov.Protocol
		}
	}
	if ov.Cores > 0 {
		if _, set := mc.SetAt["gomaxprocs"]; !set || mc.Gomaxprocs > ov.Cores {
			mc.Gomaxprocs = ov.Cores
		}
		mc.Sim.Cores = ov.Cores
	}
	mc.Sim.Data = true
	if _, _, err := mc.Sim.Validate(); err != nil && (ov.Protocol != "" || ov.Cores > 0) {
		flag := "--protocol " + ov.Protocol
		if ov.Protocol == "" {
			flag = fmt.Sprintf("--cores %d", ov.Cores)
		}
		all.Addf(ast.Pos{}, "%s: %v", flag, err)
	}
	s.Machine = mc
	mm, errs := setup.Memory(memories)
	all = append(all, errs...)
	s.Memory = mm
	var names []string
	for _, d := range f.Decls {
		if d, ok := d.(*ast.ThreadDecl); ok {
			if d.Count == nil {
				names = append(names, d.Name.Name)
				continue
			}
			n, _ := check.ConstCount(d.Count, mc.Sim.Cores)
			for i := int64(0); i < n && i < 1024; i++ {
				names = append(names, fmt.Sprintf("%s[%d]", d.Name.Name, i))
			}
		}
	}
	if ov.Run != "" {
		rf, errs := syntax.Parse("--run", []byte("run "+ov.Run+"\n"))
		all = append(all, errs...)
		if len(errs) == 0 && len(rf.Decls) == 1 {
			runDecl, _ = rf.Decls[0].(*ast.RunDecl)
		}
	}
	rs, errs := setup.Run(runDecl, names)
	all = append(all, errs...)
	if rs.Mode != setup.RunAll {
		for _, e := range s.Expects {
			switch e.Kind {
			case "never", "possible", "always":
				all.Addf(e.Pos, "expect %s is checked over every interleaving: it needs `run all` (or `cohere explore`)", e.Kind)
			}
		}
	}
	if ov.Seed != nil {
		rs.Seed = *ov.Seed
	}
	s.Run = rs
	var states []string
	if t, err := tableOf(mc.Sim); err == nil {
		states = t.States
	}
	info, errs := check.Check(f, check.Env{Cores: mc.Sim.Cores, States: states, Partial: ov.Partial})
	all = append(all, errs...)
	s.Info = info
	if len(all) > 0 {
		return nil, all.Sort()
	}
	s.Layout = setup.NewLayout(mm)
	copt := compile.Options{Cores: mc.Sim.Cores, Hoist: mc.Hoist, ABIStack: mc.ABI == setup.ABIStack}
	if copt.ABIStack {
		// An inlined call passes nothing through the stack.
		copt.Inlined = map[ast.Pos]bool{}
		for _, site := range inline.Analyze(f, info, inline.Config{On: mc.Inline, Budget: mc.InlineBudget}).Sites {
			copt.Inlined[site.Pos] = true
		}
	}
	prog, errs := compile.Compile(f, info, s.Layout, copt)
	if len(errs) > 0 {
		return nil, errs
	}
	s.Prog = prog
	if len(prog.InitBlock) > 0 {
		// Whether the init block is coherent depends on addresses and
		// initial values: a first machine installs it, so that a bad one
		// is reported at load time, with the lines at fault.
		if _, err := s.NewVM(Options{}); err != nil {
			if l, ok := err.(diag.List); ok {
				return nil, l
			}
		}
	}
	return s, nil
}

// Describe names the variable at addr: a global (counts[1]), or the
// region it lies in (<heap>, <stack of thread 2>).
func (s *Scenario) Describe(addr uint64) string {
	for _, g := range s.Prog.Globals {
		if addr < g.Addr || addr >= g.Addr+uint64(g.Type.Size()) {
			continue
		}
		name, t, off := g.Name, g.Type, addr-g.Addr
		for t.Kind == types.Array {
			es := uint64(t.Elem.Size())
			name += fmt.Sprintf("[%d]", off/es)
			t, off = t.Elem, off%es
		}
		if off != 0 {
			name += fmt.Sprintf("+%d", off)
		}
		return name
	}
	if r := s.Layout.RegionOf(addr); r != "" {
		return "<" + r + ">"
	}
	return ""
}

// Table returns the machine's protocol table.
func (s *Scenario) Table() *protocol.Table {
	t, _ := tableOf(s.Machine.Sim)
	return t
}

func tableOf(c sim.Config) (*protocol.Table, error) {
	_, t, err := c.Validate()
	return t, err
}

// MaxTraceRefs bounds the references a trace scenario steps through.
const MaxTraceRefs = 1_000_000

// LoadTrace makes a scenario of a trace file (any format cohere trace
// reads): a machine with the default settings and the trace's cores, no
// threads, and the trace's accesses as the steps (the first MaxTraceRefs
// of them). Writes store 0: a trace carries no values.
func LoadTrace(path string, ov Overrides) (*Scenario, error) {
	src, err := trace.Open([]string{path}, trace.Options{Cores: ov.Cores})
	if err != nil {
		return nil, err
	}
	defer src.Close()
	refs, more, err := src.Refs(MaxTraceRefs)
	if err != nil {
		return nil, err
	}
	mc := setup.DefaultMachine()
	mc.Sim.Cores = src.Cores()
	mc.Gomaxprocs = mc.Sim.Cores
	if ov.Protocol != "" {
		mc.Sim.Protocol = ov.Protocol
	}
	mc.Sim.Data = true
	if _, _, err := mc.Sim.Validate(); err != nil {
		return nil, err
	}
	s := &Scenario{Name: path, File: &ast.File{Name: path}, Machine: mc, Memory: setup.DefaultMemoryMap(),
		Run: setup.DefaultRun(), Protocols: map[string]*protocol.Table{}, Prog: &compile.Program{GlobalOf: map[string]compile.GlobalSpec{},
			// An initialiser with nothing to initialise.
			Funcs: []*compile.Func{{Name: "init", Code: []compile.Instr{{Op: compile.OpReturn}, {Op: compile.OpRet}}, Pos: make([]ast.Pos, 2), Epilogue: 1}}}}
	s.Layout = setup.NewLayout(s.Memory)
	for _, r := range refs {
		if r.Kind == trace.Compute {
			continue
		}
		s.Prog.Trace = append(s.Prog.Trace, compile.TraceOp{Core: int(r.Core), Write: r.Kind == trace.Store, Addr: r.Addr, Size: 1})
	}
	s.Info, _ = check.Check(s.File, check.Env{Cores: mc.Sim.Cores, Partial: true})
	s.Truncated = more
	return s, nil
}

// NewVM prepares a run on a fresh machine without starting it: the REPL
// steps it by hand.
func (s *Scenario) NewVM(opt Options) (*interp.VM, error) {
	m, err := sim.New(s.Machine.Sim)
	if err != nil {
		return nil, err
	}
	if opt.Classify {
		if err := m.EnableClassification(); err != nil {
			return nil, err
		}
	}
	for _, o := range opt.Observers {
		m.Observe(o)
	}
	sched := interp.Schedule{Seed: s.Run.Seed, Quantum: s.Run.Quantum, Order: s.Run.Order}
	switch s.Run.Mode {
	case setup.RunSequential:
		sched.Mode = interp.Sequential
	case setup.RunRoundRobin:
		sched.Mode = interp.RoundRobin
	case setup.RunTimed:
		sched.Mode = interp.Timed
	case setup.RunOrder:
		sched.Mode = interp.Order
	default:
		sched.Mode = interp.Random
	}
	return interp.New(s.Prog, m, s.Layout.Clone(), interp.Options{
		Schedule: sched, GOMAXPROCS: s.Machine.Gomaxprocs, Preempt: uint64(s.Machine.Preempt), Spin: s.Machine.Spin,
		StoreBuffer: s.Machine.StoreBuffer, IFetch: s.Machine.IFetch, TextStart: s.Memory.Text.Start, Explore: opt.Explore, StatementSteps: opt.Explore && s.Run.Atomicity == setup.AtomicStatement,
		Limits: opt.Limits, Output: opt.Output, Stop: opt.Stop, File: s.Name, StepObservers: opt.StepObservers,
		Race: opt.Race, OnRace: opt.OnRace, Describe: s.Describe,
	})
}

// Inspect evaluates an expression typed at a REPL prompt (src) against
// the run in vm, with the expect rules, changing nothing.
func (s *Scenario) Inspect(src string, vm *interp.VM) (interp.Value, diag.List) {
	e, info, errs := s.checkExpr(src)
	if len(errs) > 0 {
		return interp.Value{}, errs
	}
	v, err := vm.Inspect(e, info)
	if err != nil {
		var l diag.List
		l.Addf(e.Start(), "%v", err)
		return interp.Value{}, l
	}
	return v, nil
}

// checkExpr parses an expression and checks it against the script with
// the expect rules (of any type).
func (s *Scenario) checkExpr(src string) (ast.Expr, *check.Info, diag.List) {
	e, errs := syntax.ParseExpr(src)
	if len(errs) > 0 {
		return nil, nil, errs
	}
	d := &ast.ExpectDecl{Kind: check.Inspect, Expr: e, Text: src}
	f := *s.File
	f.Decls = append(append([]ast.Decl(nil), s.File.Decls...), d)
	var states []string
	if t := s.Table(); t != nil {
		states = t.States
	}
	info, errs := check.Check(&f, check.Env{Cores: s.Machine.Sim.Cores, States: states, Partial: true})
	if len(errs) > 0 {
		return nil, nil, errs
	}
	return e, info, nil
}

// Options configure one execution.
type Options struct {
	Output        io.Writer       // the program's output as it happens
	Stop          <-chan struct{} // Ctrl-C
	Limits        interp.Limits
	Classify      bool
	Observers     []sim.Observer        // see every access
	StepObservers []interp.StepObserver // see every access with its step and thread
	// Explore makes a VM for the explorer, or for replaying one of its
	// witnesses: threads on fixed cores, steps that end before the next
	// access.
	Explore bool
	// Race runs the race detector (cohere run and the REPL turn it on);
	// OnRace sees each race as it is found.
	Race   bool
	OnRace func(interp.RaceReport)
}

// Report is one execution's outcome.
type Report struct {
	Result  *interp.Result
	Expects []interp.ExpectResult
	Machine *sim.Machine
	Failed  bool // an expect failed or the run did not finish cleanly
	// Races are the data races the detector reported (none when it was
	// off); RaceNote says why it stopped early, if it did.
	Races    []interp.RaceReport
	RaceNote string
}

// Execute runs the scenario on a fresh machine and evaluates its expects.
func (s *Scenario) Execute(opt Options) (*Report, error) {
	vm, err := s.NewVM(opt)
	if err != nil {
		return nil, err
	}
	m := vm.Machine()
	res := vm.Run()
	rep := &Report{Result: res, Machine: m, Races: vm.Races(), RaceNote: vm.RaceNote()}
	for _, e := range s.Expects {
		rep.Expects = append(rep.Expects, vm.Evaluate(e, s.Info))
	}
	rep.Failed = res.Outcome != interp.Finished
	for _, e := range rep.Expects {
		if !e.OK {
			rep.Failed = true
		}
	}
	return rep, nil
}
