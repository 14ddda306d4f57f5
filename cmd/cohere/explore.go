// This file is `cohere explore` and `cohere run` on a `run all` script:
// every interleaving, its distinct outcomes and the expects over them.

package main

import (
	"bufio"
	"flag"
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/lang/setup"
	"github.com/cohere-sim/cohere/lang/view"
	"github.com/cohere-sim/cohere/sim"
)

const exploreHelp = `usage: cohere explore [flags] FILE.coh

Runs every interleaving of a scenario's threads (as its run line were
"run all") and prints the distinct outcomes: the values of the chosen
variables and thread locals (and the output, when the program prints),
how many schedules reach each, and one witness schedule each, which the
REPL replays step by step (replay WITNESS). Equal states are explored once,
and partial-order reduction skips orders of independent steps; with
reduction the schedule counts are those of the reduced search.

The expects are checked over every outcome: expect possible COND holds in
some outcome, expect never COND in none, expect always COND (and a plain
expect) in all. A search cut short by its bound says so and fails (exit 1);
it never passes a never or always expect.

The race detector replays each outcome's witness schedule and reports the
data races it finds there on standard error, each once, in Go's format
(expect norace and expect race are checked on them).

Flags (before or after the file):
  --observe LIST      comma-separated expressions that make an outcome, such as
                      x,w1.r1 (default: the variables the expects name, else
                      every global)
  --atomicity A       access (default; a step is one shared-memory access) or
                      statement (a step is a whole statement)
  --reduce=false      no partial-order reduction: enumerate every interleaving
  --race=false        do not run the race detector on the witness schedules
  --race-exit         exit with status 66 when a race was found and the
                      exploration would otherwise exit 0
  --max-states N      distinct states before the search stops (default 1000000)
  --timeout D         wall time such as 30s (default 10s)
  --json              the outcomes as JSON
  --protocol P        replace the machine's protocol
  --cores N           replace the machine's core count

Exit status: 0 every interleaving finished and every expect held; 1 an
expect failed, some interleaving panicked or deadlocked, or the search was
cut short; 2 the script does not parse or check.
`

type exploreFlags struct {
	json      bool
	reduce    bool
	race      bool
	raceExit  bool
	observe   string
	atomicity string
	protocol  string
	cores     intFlag
	maxStates intFlag
	bounds    limitFlags
}

func exploreCommand(e *env, args []string) error {
	f := exploreFlags{reduce: true, race: true}
	fs := flag.NewFlagSet("explore", flag.ContinueOnError)
	fs.BoolVar(&f.json, "json", false, "")
	fs.BoolVar(&f.reduce, "reduce", true, "")
	fs.BoolVar(&f.race, "race", true, "")
	fs.BoolVar(&f.raceExit, "race-exit", false, "")
	fs.StringVar(&f.observe, "observe", "", "")
	fs.StringVar(&f.atomicity, "atomicity", "", "")
	fs.StringVar(&f.protocol, "protocol", "", "")
	fs.Var(&f.cores, "cores", "")
	fs.Var(&f.maxStates, "max-states", "")
	f.bounds.add(fs, false)
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("give one script: cohere explore FILE.coh")
	}
	if f.atomicity != "" && f.atomicity != "access" && f.atomicity != "statement" {
		return usagef("--atomicity %s: want access or statement", f.atomicity)
	}
	if f.cores.set && (f.cores.n < 1 || f.cores.n > sim.MaxCores) {
		return usagef("--cores %d: a machine has 1 to %d cores", f.cores.n, sim.MaxCores)
	}
	if f.maxStates.set && f.maxStates.n < 1 {
		return usagef("--max-states %d: want a number of states from 1 up", f.maxStates.n)
	}
	lim, err := f.bounds.limits()
	if err != nil {
		return err
	}
	ov := scenario.Overrides{Protocol: f.protocol, Cores: f.cores.n, Run: "all"}
	src, err := scenario.ReadScript(files[0])
	if err != nil {
		return &inputError{err}
	}
	if f.atomicity != "" {
		ov.Run = "all atomicity " + f.atomicity
	} else if s, errs := scenario.Load(files[0], src, scenario.Overrides{Protocol: f.protocol, Cores: f.cores.n}); len(errs) == 0 && s.Run.Mode == setup.RunAll {
		ov.Run = "all atomicity " + s.Run.Atomicity.String()
	}
	s, errs := scenario.Load(files[0], src, ov)
	if len(errs) > 0 {
		fmt.Fprint(e.stderr, diag.Render(errs, src, 20))
		return &scriptError{}
	}
	opt := scenario.ExploreOptions{NoReduce: !f.reduce, MaxStates: f.maxStates.n, Timeout: lim.Time, Stop: e.stop(), Limits: lim, Race: f.race}
	if f.observe != "" {
		for _, o := range strings.Split(f.observe, ",") {
			if o = strings.TrimSpace(o); o != "" {
				opt.Observe = append(opt.Observe, o)
			}
		}
	}
	return explore(e, s, opt, f.json, f.raceExit)
}

// explore runs the exploration and prints it; run uses it for `run all`.
func explore(e *env, s *scenario.Scenario, opt scenario.ExploreOptions, asJSON, exitOnRace bool) error {
	x, errs := s.Explore(opt)
	if len(errs) > 0 {
		fmt.Fprint(e.stderr, diag.Render(errs, s.Src, 20))
		return &scriptError{}
	}
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	defer out.Flush()
	if asJSON {
		if err := writeExploreJSON(out, s, x); err != nil {
			return err
		}
	} else {
		view.Exploration(out, s.Name, x)
	}
	out.Flush()
	if !asJSON && len(x.Races) > 0 {
		for _, r := range x.Races {
			fmt.Fprint(e.stderr, r)
		}
		fmt.Fprintln(e.stderr, interp.RaceSummary(len(x.Races)))
	}
	if x.Failed() {
		return &failure{"scenario failed"}
	}
	if exitOnRace && len(x.Races) > 0 {
		return &raceExit{}
	}
	return nil
}

// exploreJSON is `explore --json` (and `run --json` on a run all script).
type exploreJSON struct {
	Schema    int                  `json:"schema"`
	Run       string               `json:"run"`
	Atomicity string               `json:"atomicity"`
	Reduction bool                 `json:"reduction"`
	Complete  bool                 `json:"complete"`
	Cut       string               `json:"cut,omitempty"`
	States    int                  `json:"states"`
	Steps     uint64               `json:"steps"`
	Replayed  uint64               `json:"replayed"`
	Observed  []string             `json:"observed"`
	Outcomes  []exploredOutcomeDoc `json:"outcomes"`
	Expects   []exploredExpectDoc  `json:"expects"`
	Race      bool                 `json:"race"`  // the race detector ran on the witnesses
	Races     []raceJSON           `json:"races"` // the races it found
}

type exploredOutcomeDoc struct {
	Values    map[string]string `json:"values"`
	Output    string            `json:"output"`
	End       string            `json:"end"`
	Message   string            `json:"message,omitempty"`
	Schedules uint64            `json:"schedules"`
	Witness   []string          `json:"witness"`
}

type exploredExpectDoc struct {
	Line    int      `json:"line"`
	Text    string   `json:"text"`
	OK      bool     `json:"ok"`
	Why     string   `json:"why"`
	Witness []string `json:"witness,omitempty"`
}

func writeExploreJSON(w *bufio.Writer, s *scenario.Scenario, x *scenario.Exploration) error {
	doc := exploreJSON{Schema: 1, Run: runLine(s.Run), Atomicity: x.Atomicity, Reduction: x.Reduced, Complete: x.Complete, Cut: x.Cut,
		States: x.States, Steps: x.Transitions, Replayed: x.Replayed, Observed: x.Observed,
		Outcomes: []exploredOutcomeDoc{}, Expects: []exploredExpectDoc{}, Race: x.RaceChecked, Races: racesJSON(x.Races)}
	for _, o := range x.Outcomes {
		d := exploredOutcomeDoc{Values: map[string]string{}, Output: o.Output, End: o.End, Message: o.Message, Schedules: o.Count, Witness: o.Witness}
		for i, name := range x.Observed {
			d.Values[name] = o.Values[i]
		}
		if d.Witness == nil {
			d.Witness = []string{}
		}
		doc.Outcomes = append(doc.Outcomes, d)
	}
	for _, ex := range x.Expects {
		doc.Expects = append(doc.Expects, exploredExpectDoc{Line: ex.Pos.Line, Text: ex.Text, OK: ex.OK, Why: ex.Why, Witness: ex.Witness})
	}
	return writeJSONLine(w, doc)
}
