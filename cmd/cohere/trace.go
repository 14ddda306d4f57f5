// This file is `cohere trace`: a trace-driven run through the engine.

package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/protocol"
	"github.com/cohere-sim/cohere/sim/trace"
)

const traceHelp = `usage: cohere trace [flags] TRACE...

Runs a memory reference trace through the coherence engine and prints each
core's counters (PROTOCOLS.md defines them), the bus totals and the cycles.
Flags may stand before or after the trace files. "-" reads standard input;
gzip files are read as they are.

Formats (--format, default auto: detected from the first lines):
  din     Dinero: "<label> <hexaddr>"; 0 read, 1 write, 2 instruction fetch (1 core)
  lackey  valgrind --tool=lackey --trace-mem=yes: "I addr,size", " L", " S", " M" (load then store)
  proc    "<proc> <r|w> <hexaddr>", one access per line, every core in one file
  cs4223  one file per core, "<label> <hex>": 0 load, 1 store, 2 compute cycles
          added to that core's clock; cores interleave by time. A name such as
          "bodytrack" stands for bodytrack_0.data, bodytrack_1.data, ...

Machine:
  --protocol P      none, WT, WTI, MSI, MESI (default), MOESI, MESIF, Dragon, Firefly
  --cores N         1 to 1024 (default: from the trace: proc, highest processor + 1;
                    cs4223, one per file; din and lackey, 1)
  --size SIZE       L1 size per core: 8192, 8K or 8KiB (default 32KiB)
  --ways N          associativity, or full (default 8)
  --line N          line size in bytes, a power of two (default 64)
  --replace R       lru (default), fifo or random
  --seed N          seed for random replacement (default 1)
  --no-upgrade      a write hit in S/O/F issues BusRdX instead of BusUpgr
  --clean-sharing   caches supply clean lines instead of memory
  --allocate        WT and WTI fetch the line on a write miss
  --hit-latency N, --bus-latency N, --mem-latency N, --c2c-latency N
                    timing model in cycles (default 1, 20, 100, 10)

Output:
  --json            the schema-1 JSON summary
  --steps           one row per access (with --json: one JSON object per line,
                    then the summary as the last line)
  --classify        classify misses: cold, capacity, conflict, true and false
                    sharing, per core and per line
  --top N           lines listed by --classify (default 10; 0 for all)
  --check           check the coherence invariants after every access (slow);
                    a violation fails the run (exit 1)

Bounds:
  --limit N         stop after N references (exit 1 if the trace was longer;
                    0, the default: no limit)
  --timeout D       stop after a duration such as 30s or 5m (exit 1; 0, the
                    default: no limit)

Profiling:
  --cpuprofile F    write a Go CPU profile of the run to F (see go tool pprof)

Exit status: 0 done, 1 a bound or a check stopped the run, 2 bad usage or a
malformed trace line (reported as file:line: message).

Example:
  cohere trace --protocol MESI --size 8KiB --ways 4 examples/trace/pingpong.proc
`

type traceFlags struct {
	format, protocol, replace string
	cores                     intFlag
	size                      sizeFlag
	ways                      waysFlag
	line                      intFlag
	seed                      uint64
	noUpgrade, cleanSharing   bool
	allocate                  bool
	hit, bus, mem, c2c        uint64
	json, steps, classify     bool
	check                     bool
	top                       int
	limit                     uint64
	timeout                   time.Duration
	cpuprofile                string
}

func parseSize(v string) (int, error) { return sim.ParseSize(v) }

func traceCommand(e *env, args []string) error {
	var f traceFlags
	def := sim.DefaultConfig()
	fs := flag.NewFlagSet("trace", flag.ContinueOnError)
	fs.StringVar(&f.format, "format", "auto", "")
	fs.StringVar(&f.protocol, "protocol", def.Protocol, "")
	fs.Var(&f.cores, "cores", "")
	fs.Var(&f.size, "size", "")
	fs.Var(&f.ways, "ways", "")
	fs.Var(&f.line, "line", "")
	fs.StringVar(&f.replace, "replace", "lru", "")
	fs.Uint64Var(&f.seed, "seed", def.Seed, "")
	fs.BoolVar(&f.noUpgrade, "no-upgrade", false, "")
	fs.BoolVar(&f.cleanSharing, "clean-sharing", false, "")
	fs.BoolVar(&f.allocate, "allocate", false, "")
	fs.Uint64Var(&f.hit, "hit-latency", def.Latency.Hit, "")
	fs.Uint64Var(&f.bus, "bus-latency", def.Latency.Bus, "")
	fs.Uint64Var(&f.mem, "mem-latency", def.Latency.Memory, "")
	fs.Uint64Var(&f.c2c, "c2c-latency", def.Latency.C2C, "")
	fs.BoolVar(&f.json, "json", false, "")
	fs.BoolVar(&f.steps, "steps", false, "")
	fs.BoolVar(&f.classify, "classify", false, "")
	fs.BoolVar(&f.check, "check", false, "")
	fs.IntVar(&f.top, "top", 10, "")
	fs.Uint64Var(&f.limit, "limit", 0, "")
	fs.DurationVar(&f.timeout, "timeout", 0, "")
	fs.StringVar(&f.cpuprofile, "cpuprofile", "", "")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("no trace file given")
	}
	if f.timeout < 0 {
		return usagef("--timeout %s: want a duration such as 30s, or 0 for none", f.timeout)
	}
	format, err := trace.ParseFormat(f.format)
	if err != nil {
		return usagef("%v", err)
	}
	if f.cores.set && (f.cores.n < 1 || f.cores.n > sim.MaxCores) {
		return usagef("--cores %d: a machine has 1 to %d cores", f.cores.n, sim.MaxCores)
	}
	if _, ok := protocol.Canonical(f.protocol); !ok {
		_, err := protocol.Builtin(f.protocol, protocol.DefaultSettings())
		return usagef("--protocol: %v", err)
	}
	cfg := def
	cfg.Protocol = f.protocol
	cfg.Settings = protocol.Settings{Upgrade: !f.noUpgrade, CleanSharing: f.cleanSharing, Allocate: f.allocate}
	if f.size.set {
		cfg.Size = f.size.n
	}
	if f.ways.set {
		cfg.Ways = f.ways.n
	}
	if f.line.set {
		cfg.Line = f.line.n
	}
	if cfg.Replace, err = sim.ParseReplacement(f.replace); err != nil {
		return usagef("--replace: %v", err)
	}
	cfg.Seed = f.seed
	cfg.Latency = sim.Latency{Hit: f.hit, Bus: f.bus, Memory: f.mem, C2C: f.c2c}
	if f.cores.set {
		cfg.Cores = f.cores.n
	}
	// Check the geometry before opening anything.
	probe := cfg
	probe.Cores = 1
	if _, _, err := probe.Validate(); err != nil {
		return usagef("%v", err)
	}

	opt := trace.Options{Format: format, Stdin: e.stdin}
	if f.cores.set {
		opt.Cores = f.cores.n
	}
	src, err := trace.Open(files, opt)
	if err != nil {
		return &inputError{err}
	}
	defer src.Close()
	cfg.Cores = src.Cores()
	m, err := sim.New(cfg)
	if err != nil {
		return usagef("%v", err)
	}
	if f.classify {
		if err := m.EnableClassification(); err != nil {
			return err
		}
	}
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	defer out.Flush()
	if f.steps {
		m.Observe(newStepView(out, f.json, m.Protocol()))
	}
	var checker *sim.Checker
	if f.check {
		checker = sim.NewChecker(20)
		m.Observe(checker)
	}
	lim := trace.Limits{MaxRefs: f.limit, Stop: e.stop()}
	if f.timeout > 0 {
		lim.Deadline = time.Now().Add(f.timeout)
	}
	if f.steps && !f.json {
		writeStepHeader(out, m.Cores())
	}
	if f.cpuprofile != "" {
		stop, err := startProfile(f.cpuprofile)
		if err != nil {
			return usagef("--cpuprofile: %v", err)
		}
		defer stop()
	}
	stats, runErr := src.Run(m, lim)
	if runErr != nil {
		out.Flush()
		var te *trace.Error
		if errors.As(runErr, &te) {
			return &inputError{runErr}
		}
		return runErr
	}
	info := traceInfo{Files: src.Files, Format: src.Format.String(), Refs: stats.Refs, Stopped: stats.Stopped}
	if f.json {
		if err := writeTraceJSON(out, m, info, f.top); err != nil {
			return err
		}
	} else {
		writeTraceText(out, m, info, f.top)
	}
	var failed []string
	if stats.Stopped != "" {
		failed = append(failed, stopMessage(stats, f))
	}
	if checker != nil {
		if m.Exempt() != "" {
			fmt.Fprintf(e.stderr, "cohere trace: no invariant applies: %s\n", m.Exempt())
		} else if err := checker.Err(); err != nil {
			failed = append(failed, err.Error())
		}
	}
	if len(failed) > 0 {
		out.Flush()
		for _, msg := range failed {
			fmt.Fprintf(e.stderr, "cohere trace: %s\n", msg)
		}
		return &failure{strings.Join(failed, "; ")}
	}
	return nil
}

func stopMessage(st trace.Stats, f traceFlags) string {
	switch st.Stopped {
	case "limit":
		return fmt.Sprintf("stopped after %d references: the --limit bound (the trace is longer)", st.Refs)
	case "timeout":
		return fmt.Sprintf("stopped after %d references: the --timeout bound of %s", st.Refs, f.timeout)
	}
	return fmt.Sprintf("interrupted after %d references", st.Refs)
}

// traceInfo describes what was run, for the views.
type traceInfo struct {
	Files   []string `json:"files"`
	Format  string   `json:"format"`
	Refs    uint64   `json:"references"`
	Stopped string   `json:"stopped,omitempty"`
}

// traceJSON is the schema-1 summary plus what trace mode adds.
type traceJSON struct {
	sim.Summary
	Trace          traceInfo           `json:"trace"`
	Classification *classificationJSON `json:"classification,omitempty"`
}

func writeTraceJSON(w *bufio.Writer, m *sim.Machine, info traceInfo, top int) error {
	doc := traceJSON{Summary: m.Summary(), Trace: info}
	if k := m.Classifier(); k != nil {
		doc.Classification = classification(m, k, top)
	}
	return writeJSONLine(w, doc)
}

// writeJSONLine writes doc as one line of JSON.
func writeJSONLine(w *bufio.Writer, doc any) error {
	b, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	w.Write(b)
	w.WriteByte('\n')
	return nil
}
