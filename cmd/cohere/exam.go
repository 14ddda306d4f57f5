// This file is `cohere exam`: exam problems with answer keys, from a
// topic or from a teacher's script, in the formats instructors use.

package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cohere-sim/cohere/lang/exam"
	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/protocol"
	"github.com/cohere-sim/cohere/sim/spell"
)

const examHelp = `usage: cohere exam --topic TOPIC [flags]
       cohere exam [flags] SCRIPT.coh...
       cohere exam --list

Generates exam problems with answer keys. Every answer is computed by
cohere: access sequences run through the engine, programs through the
interpreter or the interleaving explorer. The same topic, seed, knobs and
problem number give the same problem, byte for byte, in every format; each
problem prints its seed and number ("coherence, seed 7, problem 2").
Flags may stand before or after the scripts.

With a script, each SCRIPT.coh becomes one problem: its trace block or its
threads (and its init block, if any), with the key from running (or, under
run all, exploring) it.

Problems:
  --topic T         the kind of problem (--list shows them with a summary)
  --seed N          the seed (default 1)
  --count K         how many problems, 1 to 1000 (default 1); problem i is
                    the same whatever the count
  --list            list the topics and stop

Knobs (0 or unset: the topic's default; each topic uses those that apply):
  --cores N         processors
  --ops N           accesses or operations
  --lines N         distinct lines, addresses or variables
  --protocol P      none, WT, WTI, MSI, MESI, MOESI, MESIF, Dragon, Firefly
  --compare P       a second protocol, for comparisons
  --size SIZE       cache size: 256, 8K or 8KiB
  --line N          line size in bytes, a power of two
  --ways N          associativity, or full
  --replace R       lru or fifo
  --variant V       a topic's variant (such as table, count or compare)
  --choice          multiple choice where the topic has it

Output:
  --format F        md (default), latex, moodle, prairielearn or json
  --answers         print the key: after each problem in md, through
                    \printanswers in latex. moodle, prairielearn and json
                    always hold the key (a quiz grades with it; json names
                    its key fields answer and explain)
  -o DIR            write to DIR: exam.md or exam-key.md, exam.tex or
                    exam-key.tex, quiz.xml, exam.json, or for prairielearn
                    a question folder per problem (DIR/ID/info.json,
                    question.html, server.py); prints the files written.
                    Without -o the exam goes to standard output;
                    prairielearn needs -o.

Exit status: 0 done, 2 bad usage (an unknown topic or format, a knob out of
range), a script that does not load, or a topic that cannot make a problem
with the knobs given.

Examples:
  cohere exam --list
  cohere exam --topic coherence --seed 7 --count 3
  cohere exam --topic coherence --protocol MSI --compare MESI --variant compare --answers
  cohere exam --topic cache --size 256 --line 16 --ways 2 --format latex -o out
  cohere exam --topic interleaving --format prairielearn -o course/questions
  cohere exam examples/exam-trace.coh --answers
`

type examFlags struct {
	topic, format, dir string
	seed               uint64
	count              intFlag
	answers, list      bool
	cores, ops, lines  intFlag
	line               intFlag
	size               sizeFlag
	ways               waysFlag
	proto, compare     string
	replace, variant   string
	choice             bool
}

// knobFlags are the flags that set exam.Knobs.
var knobFlags = []string{"cores", "ops", "lines", "protocol", "compare", "size", "line", "ways", "replace", "variant", "choice"}

func examCommand(e *env, args []string) error {
	var f examFlags
	fs := flag.NewFlagSet("exam", flag.ContinueOnError)
	fs.StringVar(&f.topic, "topic", "", "")
	fs.Uint64Var(&f.seed, "seed", 1, "")
	fs.Var(&f.count, "count", "")
	fs.BoolVar(&f.list, "list", false, "")
	fs.StringVar(&f.format, "format", "md", "")
	fs.BoolVar(&f.answers, "answers", false, "")
	fs.StringVar(&f.dir, "o", "", "")
	fs.Var(&f.cores, "cores", "")
	fs.Var(&f.ops, "ops", "")
	fs.Var(&f.lines, "lines", "")
	fs.StringVar(&f.proto, "protocol", "", "")
	fs.StringVar(&f.compare, "compare", "", "")
	fs.Var(&f.size, "size", "")
	fs.Var(&f.line, "line", "")
	fs.Var(&f.ways, "ways", "")
	fs.StringVar(&f.replace, "replace", "", "")
	fs.StringVar(&f.variant, "variant", "", "")
	fs.BoolVar(&f.choice, "choice", false, "")
	scripts, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if f.list {
		listTopics(e)
		return nil
	}
	format, err := exam.ParseFormat(f.format)
	if err != nil {
		return usagef("--format: %v", err)
	}
	if format == exam.PrairieLearn && f.dir == "" {
		return usagef("the prairielearn format writes a folder per problem: give -o DIR")
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })

	var problems []*exam.Problem
	switch {
	case f.topic != "" && len(scripts) > 0:
		return usagef("give --topic or scripts, not both")
	case f.topic == "" && len(scripts) == 0:
		return usagef("give --topic TOPIC (cohere exam --list shows them) or a script")
	case len(scripts) > 0:
		for _, name := range append([]string{"count"}, knobFlags...) {
			if set[name] {
				return usagef("--%s applies to --topic: a script sets its own machine and program", name)
			}
		}
		if problems, err = scriptProblems(scripts, f.seed); err != nil {
			return err
		}
	default:
		if _, err := exam.TopicNamed(f.topic); err != nil {
			return usagef("--topic: %v", err)
		}
		knobs, err := f.knobs()
		if err != nil {
			return err
		}
		count := 1
		if f.count.set {
			if f.count.n < 1 || f.count.n > 1000 {
				return usagef("--count %d: want 1 to 1000", f.count.n)
			}
			count = f.count.n
		}
		if problems, err = exam.Generate(exam.Options{Topic: f.topic, Seed: f.seed, Count: count, Knobs: knobs}); err != nil {
			return err
		}
	}

	if f.dir == "" {
		out := bufio.NewWriter(e.stdout)
		if err := exam.Render(out, problems, format, f.answers); err != nil {
			return err
		}
		return out.Flush()
	}
	files, err := exam.Files(problems, format, f.answers)
	if err != nil {
		return err
	}
	for _, file := range files {
		path := filepath.Join(f.dir, filepath.FromSlash(file.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return &inputError{err}
		}
		if err := os.WriteFile(path, file.Data, 0o644); err != nil {
			return &inputError{err}
		}
		fmt.Fprintln(e.stdout, path)
	}
	return nil
}

// knobs checks the knob flags one by one (a topic checks how they go
// together) and returns them.
func (f *examFlags) knobs() (exam.Knobs, error) {
	k := exam.Knobs{Variant: f.variant, Choice: f.choice}
	positive := func(name string, v intFlag, max int) (int, error) {
		if !v.set {
			return 0, nil
		}
		if v.n < 1 || v.n > max {
			return 0, usagef("--%s %d: want 1 to %d", name, v.n, max)
		}
		return v.n, nil
	}
	var err error
	if k.Cores, err = positive("cores", f.cores, sim.MaxCores); err != nil {
		return k, err
	}
	if k.Ops, err = positive("ops", f.ops, 1000); err != nil {
		return k, err
	}
	if k.Lines, err = positive("lines", f.lines, 1000); err != nil {
		return k, err
	}
	if k.Protocol, err = builtinProtocol("protocol", f.proto); err != nil {
		return k, err
	}
	if k.Compare, err = builtinProtocol("compare", f.compare); err != nil {
		return k, err
	}
	if k.Compare != "" && k.Compare == k.Protocol {
		return k, usagef("--compare %s: compare %s with another protocol", f.compare, k.Protocol)
	}
	if f.size.set {
		if f.size.n < 1 {
			return k, usagef("--size %d: want a size above 0, such as 256 or 8KiB", f.size.n)
		}
		k.Size = f.size.n
	}
	if f.line.set {
		if n := f.line.n; n < 1 || n&(n-1) != 0 {
			return k, usagef("--line %d: want a power of two, such as 16 or 64", n)
		}
		k.Line = f.line.n
	}
	if f.ways.set {
		k.Ways = f.ways.n
		if k.Ways == 0 { // full
			k.Ways = -1
		}
	}
	if f.size.set && f.line.set && f.ways.set {
		probe := sim.DefaultConfig()
		probe.Cores, probe.Size, probe.Line, probe.Ways = 1, f.size.n, f.line.n, f.ways.n
		if _, _, err := probe.Validate(); err != nil {
			return k, usagef("%v", err)
		}
	}
	switch r := strings.ToLower(f.replace); r {
	case "":
	case "lru", "fifo":
		k.Replace = r
	default:
		return k, usagef("--replace %s: want lru or fifo%s", f.replace, spell.Hint(r, []string{"lru", "fifo"}))
	}
	return k, nil
}

// builtinProtocol returns a built-in protocol's canonical name, or "" for
// none given.
func builtinProtocol(flagName, name string) (string, error) {
	if name == "" {
		return "", nil
	}
	canon, ok := protocol.Canonical(name)
	if !ok {
		return "", usagef("--%s %s: no such protocol%s; the built-in protocols are %s", flagName, name, spell.Hint(name, protocol.Names()), strings.Join(protocol.Names(), ", "))
	}
	return canon, nil
}

// scriptProblems makes a problem of each script. A problem made from a
// script is named by its ID, not by its place on the command line, so
// that its PrairieLearn UUID does not depend on the order of the scripts.
func scriptProblems(scripts []string, seed uint64) ([]*exam.Problem, error) {
	var problems []*exam.Problem
	for _, name := range scripts {
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, &inputError{err}
		}
		p, err := exam.FromScenario(name, src, seed)
		if err != nil {
			return nil, &inputError{err}
		}
		if p.Topic == "" {
			p.Topic = "scenario"
		}
		if p.ID == "" {
			p.ID = strings.TrimSuffix(filepath.Base(name), ".coh")
		}
		problems = append(problems, p)
	}
	return problems, nil
}

func listTopics(e *env) {
	for _, t := range exam.Topics() {
		fmt.Fprintf(e.stdout, "%-14s %s\n", t.Name(), t.Summary())
	}
}
