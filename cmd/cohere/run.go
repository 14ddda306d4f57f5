// This file is `cohere run` and `cohere check`: scenario scripts.

package main

import (
	"bufio"
	"flag"
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/inline"
	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/lang/setup"
	"github.com/cohere-sim/cohere/sim"
)

const runHelp = `usage: cohere run [flags] FILE.coh

Runs a scenario script: its threads interleave step by step on the machine
it describes, every access goes through the caches, and at the end its
expect lines are checked. The program's output comes first, then the
expects, then each core's counters. docs/language.md describes the language.

Flags (before or after the file):
  --json              the schema-1 JSON summary, with "output", "expects" and "races"
  --seed N            the seed of run random (replaces the file's)
  --events            one row per memory access, as it happens
  --classify          classify misses: cold, capacity, conflict, true and false sharing
  --protocol P        replace the machine's protocol
  --cores N           replace the machine's core count
  --quiet             print the program's output, failures and race reports only
  --race=false        turn the race detector off (it is on by default)
  --race-exit         exit with status 66 when a data race was reported and
                      the run would otherwise exit 0 (as Go's -race does)
  -m, -m=2            print the inliner's decisions first, on standard error, as
                      go build -gcflags=-m does: can inline f, inlining call to f;
                      -m=2 adds each cost and cannot inline g: reason
Bounds (each run stops at the first it reaches, and says which):
  --max-steps N           memory and synchronisation steps (default 10000000)
  --max-instructions N    interpreted instructions (default 500000000)
  --max-threads N         live threads and goroutines (default 10000)
  --timeout D             wall time such as 30s (default 10s)
  --max-memory SIZE       strings, closures and output the program makes, and the
                          race detector's state (default 256MiB)

The race detector reports every data race (two threads access the same
memory, at least one writes, and nothing orders the accesses) on standard
error as it is found, in Go's -race format, and ends with "Found N data
race(s)"; with --json the reports are the "races" array instead. A report
does not change the exit status by itself: expect norace or expect race in
the script, or --race-exit, make races part of the outcome.

A script whose run line is "run all" explores every interleaving instead
of making one run, as cohere explore does (cohere help explore).

Exit status: 0 every expect held and the run finished; 1 an expect failed,
the program panicked or deadlocked, or a bound stopped it; 2 the script does
not parse or check (errors are printed as file:line:col with the line and a
caret); 66 with --race-exit, a race was reported and the run was otherwise
fine.
`

const checkHelp = `usage: cohere check [-m | -m=2] FILE.coh

Parses and checks a script without running it, and prints every error as
file:line:col: message, with the source line and a caret.

  -m, -m=2    print the inliner's decisions on standard error, as
              go build -gcflags=-m does (see cohere help run)

Exit status: 0 the script is fine, 2 it has errors.
`

type runFlags struct {
	json, events, classify, quiet bool
	race, raceExit                bool
	seed                          intFlag
	protocol                      string
	cores                         intFlag
	bounds                        limitFlags
	inline                        levelFlag
}

// loadScript reads and loads a script, printing its errors.
func loadScript(e *env, path string, ov scenario.Overrides) (*scenario.Scenario, error) {
	src, err := scenario.ReadScript(path)
	if err != nil {
		return nil, &inputError{err}
	}
	s, errs := scenario.Load(path, src, ov)
	if len(errs) > 0 {
		fmt.Fprint(e.stderr, diag.Render(errs, src, 20))
		return nil, &failure{fmt.Sprintf("%d errors", len(errs))}
	}
	return s, nil
}

func checkCommand(e *env, args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var m levelFlag
	fs.Var(&m, "m", "")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("give one script: cohere check FILE.coh")
	}
	s, err := loadScript(e, files[0], scenario.Overrides{})
	if err != nil {
		if _, ok := err.(*failure); ok {
			return &scriptError{}
		}
		return err
	}
	writeInlining(e, s, m.n)
	return nil
}

// writeInlining prints the inliner's decisions at a level of -m (none at
// 0), on standard error as go build prints Go's.
func writeInlining(e *env, s *scenario.Scenario, level int) {
	if level == 0 {
		return
	}
	r := inline.Analyze(s.File, s.Info, inline.Config{On: s.Machine.Inline, Budget: s.Machine.InlineBudget})
	for _, l := range r.Lines(level) {
		fmt.Fprintln(e.stderr, l)
	}
}

// scriptError is a script that does not parse or check: exit status 2,
// its errors already printed.
type scriptError struct{}

func (*scriptError) Error() string { return "script errors" }

func runCommand(e *env, args []string) error {
	var f runFlags
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.BoolVar(&f.json, "json", false, "")
	fs.BoolVar(&f.events, "events", false, "")
	fs.BoolVar(&f.classify, "classify", false, "")
	fs.BoolVar(&f.quiet, "quiet", false, "")
	fs.BoolVar(&f.race, "race", true, "")
	fs.BoolVar(&f.raceExit, "race-exit", false, "")
	fs.Var(&f.seed, "seed", "")
	fs.StringVar(&f.protocol, "protocol", "", "")
	fs.Var(&f.cores, "cores", "")
	fs.Var(&f.inline, "m", "")
	f.bounds.add(fs, true)
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("give one script: cohere run FILE.coh")
	}
	lim, err := f.bounds.limits()
	if err != nil {
		return err
	}
	if f.seed.set && f.seed.n < 0 {
		return usagef("--seed %d: want a whole number from 0 up", f.seed.n)
	}
	if f.cores.set && (f.cores.n < 1 || f.cores.n > sim.MaxCores) {
		return usagef("--cores %d: a machine has 1 to %d cores", f.cores.n, sim.MaxCores)
	}
	ov := scenario.Overrides{Protocol: f.protocol, Cores: f.cores.n}
	if f.seed.set {
		s := uint64(f.seed.n)
		ov.Seed = &s
	}
	s, err := loadScript(e, files[0], ov)
	if err != nil {
		if _, ok := err.(*failure); ok {
			return &scriptError{}
		}
		return err
	}
	writeInlining(e, s, f.inline.n)
	if s.Run.Mode == setup.RunAll {
		if f.events || f.classify {
			return usagef("--events and --classify show one run; this script explores every interleaving (run all): replay a witness in the REPL to see its events")
		}
		return explore(e, s, scenario.ExploreOptions{Timeout: lim.Time, Stop: e.stop(), Limits: lim, Race: f.race}, f.json, f.raceExit)
	}
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	defer out.Flush()
	opt := scenario.Options{Stop: e.stop(), Classify: f.classify,
		Limits: lim, Race: f.race}
	if !f.json {
		opt.Output = out
		// Reports go to standard error as they are found, as Go's do;
		// the program's output so far goes first, so that on a terminal
		// the two read in the order they happened.
		opt.OnRace = func(r interp.RaceReport) {
			out.Flush()
			fmt.Fprint(e.stderr, r)
		}
	}
	if f.events && !f.json {
		// Events interleave with the program's output, in run order.
		v := &runEventView{w: out, table: s.Table(), name: s.Describe, cores: s.Machine.Sim.Cores}
		v.header()
		opt.StepObservers = append(opt.StepObservers, v)
	}
	rep, err := s.Execute(opt)
	if err != nil {
		return &inputError{err}
	}
	if f.json {
		if err := writeRunJSON(out, s, rep, f.race); err != nil {
			return err
		}
	} else {
		writeRunText(out, s, rep, f.quiet)
	}
	out.Flush()
	if rep.Result.Message != "" {
		fmt.Fprintln(e.stderr, rep.Result.Message)
	}
	if !f.json {
		if rep.RaceNote != "" {
			fmt.Fprintln(e.stderr, rep.RaceNote)
		}
		if len(rep.Races) > 0 {
			fmt.Fprintln(e.stderr, interp.RaceSummary(len(rep.Races)))
		}
	}
	if rep.Failed {
		return &failure{"scenario failed"}
	}
	if f.raceExit && len(rep.Races) > 0 {
		return &raceExit{}
	}
	return nil
}

// raceExit is a run that went well but reported a data race, with
// --race-exit: exit status 66.
type raceExit struct{}

func (*raceExit) Error() string { return "data race" }

// writeRunText prints the expects, how the run ended and the counters
// (the program's output has been printed as it happened).
func writeRunText(w *bufio.Writer, s *scenario.Scenario, rep *scenario.Report, quiet bool) {
	r := rep.Result
	if len(r.Output) > 0 && !quiet {
		w.WriteString("\n")
	}
	for _, x := range rep.Expects {
		if x.OK && quiet {
			continue
		}
		status := "ok  "
		if !x.OK {
			status = "FAIL"
		}
		fmt.Fprintf(w, "%s %s:%d: expect %s", status, s.Name, x.Pos.Line, x.Text)
		var parts []string
		for _, kv := range x.SortedValues() {
			parts = append(parts, kv[0]+" = "+kv[1])
		}
		if x.Err != "" {
			parts = append(parts, "error: "+x.Err)
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "\n     %s", strings.Join(parts, ", "))
		}
		w.WriteString("\n")
	}
	if quiet {
		return
	}
	m := rep.Machine
	fmt.Fprintf(w, "\nrun: %s after %d steps, %d cycles (%s)\n", r.Outcome.String(), r.Steps, m.Cycles(), runDescription(s.Run, len(s.Prog.Threads)))
	if len(r.Abandoned) > 0 {
		fmt.Fprintf(w, "goroutines still running at the end, abandoned: %s\n", strings.Join(r.Abandoned, ", "))
	}
	if n := len(rep.Races); n > 0 {
		word := "races"
		if n == 1 {
			word = "race"
		}
		fmt.Fprintf(w, "races: %d data %s reported on standard error\n", n, word)
	}
	w.WriteString(machineLines(m))
	mc := s.Machine
	hoist := ""
	if mc.Hoist {
		hoist = ", hoist on" // loops keep loads of globals in registers
	}
	if mc.IFetch {
		hoist += ", ifetch on" // each statement's code is read through the cache
	}
	fmt.Fprintf(w, "threads: gomaxprocs %d, preempt %d, spin %d%s\n", mc.Gomaxprocs, mc.Preempt, mc.Spin, hoist)
	// Under abi stack a call that is not inlined makes memory traffic,
	// so the inliner's decisions change the counters: say which calls
	// do. Under abi register the inline budget changes what -m reports,
	// not the run.
	switch {
	case mc.ABI == setup.ABIStack && !mc.Inline:
		fmt.Fprintf(w, "calls: abi stack, inline off: every call passes its arguments, results and return address through the stack\n")
	case mc.ABI == setup.ABIStack:
		fmt.Fprintf(w, "calls: abi stack, inline budget %d: a call that is not inlined passes its arguments, results and return address through the stack\n", mc.InlineBudget)
	case mc.Inline && mc.InlineBudget != setup.DefaultInlineBudget:
		fmt.Fprintf(w, "note: inline budget %d decides what -m reports; under abi register an inlined call and a call make the same memory traffic (none)\n", mc.InlineBudget)
	}
	w.WriteString("\n")
	writeCounters(w, m)
	if k := m.Classifier(); k != nil {
		writeClassText(w, m, k, 10)
	}
}

// expectJSON is one expect in the JSON summary.
type expectJSON struct {
	Line   int               `json:"line"`
	Text   string            `json:"text"`
	OK     bool              `json:"ok"`
	Values map[string]string `json:"values"`
	Error  string            `json:"error,omitempty"`
}

// runConfig is the machine's configuration with the settings a script's
// machine block adds (scheduling, calls), all as resolved.
type runConfig struct {
	sim.ConfigReport
	Gomaxprocs   int    `json:"gomaxprocs"`
	Preempt      int    `json:"preempt"`
	Spin         int    `json:"spin"`
	ABI          string `json:"abi"`
	Inline       bool   `json:"inline"`
	InlineBudget int    `json:"inline_budget"`
	Hoist        bool   `json:"hoist"`
	IFetch       bool   `json:"ifetch"`
	Run          string `json:"run"`
	Race         bool   `json:"race"` // the race detector ran
}

// runJSON is the schema-1 summary plus what `run` adds.
type runJSON struct {
	Schema         int                 `json:"schema"`
	Config         runConfig           `json:"config"`
	Cores          []sim.CounterSet    `json:"cores"`
	Totals         sim.CounterSet      `json:"totals"`
	Cycles         uint64              `json:"cycles"`
	Output         []string            `json:"output"`
	Expects        []expectJSON        `json:"expects"`
	Outcome        string              `json:"outcome"`
	Message        string              `json:"message,omitempty"`
	Steps          uint64              `json:"steps"`
	Races          []raceJSON          `json:"races"` // empty when none was found or the detector was off (config.race)
	Classification *classificationJSON `json:"classification,omitempty"`
}

func runConfigOf(s *scenario.Scenario, m *sim.Machine, race bool) runConfig {
	mc := s.Machine
	return runConfig{ConfigReport: m.ConfigReport(), Gomaxprocs: mc.Gomaxprocs, Preempt: mc.Preempt, Spin: mc.Spin,
		ABI: mc.ABI.String(), Inline: mc.Inline, InlineBudget: mc.InlineBudget, Hoist: mc.Hoist, IFetch: mc.IFetch, Run: runLine(s.Run), Race: race}
}

func writeRunJSON(w *bufio.Writer, s *scenario.Scenario, rep *scenario.Report, race bool) error {
	sum := rep.Machine.Summary()
	doc := runJSON{Schema: sum.Schema, Config: runConfigOf(s, rep.Machine, race), Cores: sum.Cores, Totals: sum.Totals, Cycles: sum.Cycles,
		Output: rep.Result.Output, Expects: []expectJSON{},
		Outcome: rep.Result.Outcome.String(), Message: rep.Result.Message, Steps: rep.Result.Steps, Races: racesJSON(rep.Races)}
	if k := rep.Machine.Classifier(); k != nil {
		doc.Classification = classification(rep.Machine, k, 10)
	}
	if doc.Output == nil {
		doc.Output = []string{}
	}
	for _, x := range rep.Expects {
		doc.Expects = append(doc.Expects, expectJSON{Line: x.Pos.Line, Text: x.Text, OK: x.OK, Values: x.Values, Error: x.Err})
	}
	return writeJSONLine(w, doc)
}

// runLine is the run line as resolved.
func runLine(r setup.RunSpec) string {
	switch r.Mode {
	case setup.RunRandom:
		return fmt.Sprintf("run random seed %d", r.Seed)
	case setup.RunRoundRobin:
		return fmt.Sprintf("run roundrobin quantum %d", r.Quantum)
	case setup.RunOrder:
		return "run order " + strings.Join(r.Order, " ")
	}
	return "run " + r.Mode.String()
}

// runDescription says how the run interleaved its threads.
func runDescription(r setup.RunSpec, threads int) string {
	mode := runLine(r)
	plural := "s"
	if threads == 1 {
		plural = ""
	}
	if threads == 0 {
		return "a trace block, no threads"
	}
	return fmt.Sprintf("%d thread%s, %s", threads, plural, mode)
}
