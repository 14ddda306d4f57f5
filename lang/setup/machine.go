// This file interprets `machine { ... }`: the engine's configuration and
// the run settings that live beside it.

package setup

import (
	"sort"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/protocol"
)

// ABI is the calling convention the compiler uses.
type ABI uint8

// The calling conventions. Under ABIStack (Go before 1.17) a call passes
// its arguments and results on the stack, so they are memory traffic.
const (
	ABIRegister ABI = iota
	ABIStack
)

func (a ABI) String() string {
	if a == ABIStack {
		return "stack"
	}
	return "register"
}

// The defaults of the run settings (DESIGN.md).
const (
	DefaultPreempt      = 10000 // steps under gomaxprocs before a thread is preempted
	DefaultSpin         = 4     // tries of a contended Lock before it parks
	DefaultInlineBudget = 80    // Go's inlining budget
)

// MachineConfig is a script's machine: the engine's configuration and the
// run settings written in the machine block.
type MachineConfig struct {
	// Sim is the engine's configuration. Data is on: a script's lines
	// carry values. Sim.Table is set for a protocol the script declares.
	Sim          sim.Config
	Interconnect string // "bus"
	Gomaxprocs   int    // at most this many threads run at once (default: the cores)
	Preempt      int    // steps a thread runs before it is preempted
	Spin         int    // tries of a contended Lock before it parks
	StoreBuffer  int    // entries of each core's FIFO store buffer (x86-TSO); 0: none
	ABI          ABI
	Inline       bool
	InlineBudget int
	// Hoist lets the compiler keep a loop's loads of a global in a
	// register, as Go's compiler does: a loop that polls a plain flag
	// never sees another thread's store.
	Hoist bool
	// IFetch sends each statement's code address through the core's
	// cache as a read, before the statement runs.
	IFetch bool
	// SetAt holds where each setting was written, by name ("cores",
	// "l1"); a setting left at its default is absent. A command-line
	// override of cores should reset Gomaxprocs when "gomaxprocs" is
	// absent.
	SetAt map[string]ast.Pos
	Pos   ast.Pos // the first machine block; zero when there is none
}

// DefaultMachine is DESIGN.md's machine for a script without a machine
// block: 2 cores, MESI, 64-byte lines, a 32 KiB 8-way LRU L1, a snooping
// bus, latencies 1/20/100/10, gomaxprocs 2, preempt 10000, spin 4,
// abi register, inline on with budget 80, hoist off.
func DefaultMachine() MachineConfig {
	c := sim.DefaultConfig()
	c.Data = true
	return MachineConfig{
		Sim:          c,
		Interconnect: "bus",
		Gomaxprocs:   c.Cores,
		Preempt:      DefaultPreempt,
		Spin:         DefaultSpin,
		ABI:          ABIRegister,
		Inline:       true,
		InlineBudget: DefaultInlineBudget,
		SetAt:        map[string]ast.Pos{},
	}
}

// machineSetting is one setting a machine block knows.
type machineSetting struct {
	name, usage string
	read        func(*machineReader, *args)
}

var machineSettings = []machineSetting{
	{"cores", "cores N, with N from 1 to 1024", (*machineReader).cores},
	{"protocol", "protocol NAME, a built-in protocol (" + strings.Join(protocol.Names(), ", ") + ") or one this script declares", (*machineReader).protocol},
	{"line", "line BYTES, a power of two from 8 to 4096", (*machineReader).line},
	{"l1", "l1 [size BYTES] [ways N|full] [replace lru|fifo|random] [seed N]", (*machineReader).l1},
	{"interconnect", "interconnect bus", (*machineReader).interconnect},
	{"latency", "latency [hit N] [bus N] [memory N] [c2c N], in cycles", (*machineReader).latency},
	{"upgrade", "upgrade on|off", (*machineReader).upgrade},
	{"cleansharing", "cleansharing on|off", (*machineReader).cleanSharing},
	{"allocate", "allocate on|off", (*machineReader).allocate},
	{"gomaxprocs", "gomaxprocs N, with N from 1 to the number of cores", (*machineReader).gomaxprocs},
	{"preempt", "preempt STEPS, with STEPS from 1 to 1000000000", (*machineReader).preempt},
	{"spin", "spin N, with N from 0 to 1000000", (*machineReader).spin},
	{"storebuffer", "storebuffer N, entries per core from 0 (none: sequentially consistent) to 1024", (*machineReader).storeBuffer},
	{"abi", "abi stack|register", (*machineReader).abi},
	{"inline", "inline on|off, or inline budget N", (*machineReader).inline},
	{"hoist", "hoist on|off", (*machineReader).hoist},
	{"ifetch", "ifetch on|off", (*machineReader).ifetch},
}

func machineSettingNames() []string {
	var names []string
	for _, s := range machineSettings {
		names = append(names, s.name)
	}
	return names
}

// machineReader accumulates a machine block's settings.
type machineReader struct {
	m         *MachineConfig
	protocols map[string]*protocol.Table
	errs      diag.List
	seen      once
	vals      map[string]ast.Pos // where the value of cores, line, size, ways, gomaxprocs was written
	script    string             // the script protocol chosen, if any
}

// Machine interprets the machine blocks of a script on top of
// DefaultMachine. Several blocks act as one; a setting may appear once.
// protocols holds the protocols the script declares, by name; a nil
// table marks one that failed to build (its errors are reported already),
// which Machine accepts without more errors. Script protocol names are
// matched exactly and win over a built-in of the same name; built-in
// names are matched in any case.
func Machine(decls []*ast.MachineDecl, protocols map[string]*protocol.Table) (MachineConfig, diag.List) {
	m := DefaultMachine()
	r := &machineReader{m: &m, protocols: protocols, seen: once{}, vals: map[string]ast.Pos{}}
	for _, d := range decls {
		if !m.Pos.IsValid() {
			m.Pos = d.Pos
		}
		for _, s := range d.Settings {
			r.setting(s)
		}
	}
	r.finish()
	for name, pos := range r.seen {
		m.SetAt[name] = pos
	}
	return m, r.errs
}

func (r *machineReader) setting(s *ast.Setting) {
	for _, ms := range machineSettings {
		if ms.name == s.Name.Text {
			if r.seen.first(s, &r.errs) {
				ms.read(r, newArgs(s, &r.errs, ms.usage))
			}
			return
		}
	}
	names := machineSettingNames()
	r.errs.Add(unknown(s.Name, "machine setting", names, "one of "+strings.Join(names, ", ")))
}

func (r *machineReader) cores(a *args) {
	if w, ok := a.value("cores"); ok {
		if n, ok := a.count(w, "cores", 1, sim.MaxCores, "a machine has 1 to 1024 cores"); ok {
			r.m.Sim.Cores = n
			r.vals["cores"] = w.Pos
		}
		a.end()
	}
}

func (r *machineReader) protocol(a *args) {
	w, ok := a.value("protocol")
	if !ok {
		return
	}
	a.end()
	if t, ok := r.protocols[w.Text]; ok {
		r.script = w.Text
		r.m.Sim.Protocol = w.Text
		r.m.Sim.Table = t
		return
	}
	if name, ok := protocol.Canonical(w.Text); ok {
		r.m.Sim.Protocol = name
		r.m.Sim.Table = nil
		return
	}
	var declared []string
	for name := range r.protocols {
		declared = append(declared, name)
	}
	sort.Strings(declared)
	list := "the built-in protocols are " + and(protocol.Names())
	if len(declared) > 0 {
		list += "; this script declares " + and(declared)
	}
	r.errs.Add(undefined(w.Pos, "protocol", w.Text, append(protocol.Names(), declared...), list))
}

func (r *machineReader) line(a *args) {
	w, ok := a.value("line")
	if !ok {
		return
	}
	if n, ok := a.size(w, "line"); ok {
		if n < 8 || n > 4096 || n&(n-1) != 0 {
			a.errs.Addf(w.Pos, "line %s: the line size must be a power of two from 8 to 4096 bytes (a line holds at least one 8-byte word)", w.Text)
		} else {
			r.m.Sim.Line = int(n)
			r.vals["line"] = w.Pos
		}
	}
	a.end()
}

func (r *machineReader) l1(a *args) {
	if a.none() {
		return
	}
	given := map[string]bool{}
	for a.more() {
		k := a.next()
		key, ok := a.keyword(k, "l1 option", []string{"size", "ways", "replace", "seed"})
		if !ok {
			return
		}
		if given[key] {
			a.errs.Addf(k.Pos, "l1 %s is given twice: keep one", key)
			return
		}
		given[key] = true
		w, ok := a.value("l1 " + key)
		if !ok {
			return
		}
		switch key {
		case "size":
			if n, ok := a.size(w, "l1 size"); ok {
				if n > 1<<30 {
					a.errs.Addf(w.Pos, "l1 size %s: an L1 holds at most 1GiB", w.Text)
				} else {
					r.m.Sim.Size = int(n)
					r.vals["size"] = w.Pos
				}
			}
		case "ways":
			if w.Text == "full" {
				r.m.Sim.Ways = 0
				r.vals["ways"] = w.Pos
			} else if n, ok := a.count(w, "l1 ways", 1, 1<<24, "an L1 has 1 to 16777216 ways, or is fully associative (ways full)"); ok {
				r.m.Sim.Ways = n
				r.vals["ways"] = w.Pos
			}
		case "replace":
			if p, err := sim.ParseReplacement(w.Text); err == nil {
				r.m.Sim.Replace = p
			} else {
				a.errs.Add(unknown(w, "replacement policy", []string{"lru", "fifo", "random"}, "l1 replace lru|fifo|random"))
			}
		case "seed":
			if n, ok := a.num(w, "l1 seed", 0, ^uint64(0), "a seed is 0 to 18446744073709551615"); ok {
				r.m.Sim.Seed = n
			}
		}
	}
}

func (r *machineReader) interconnect(a *args) {
	w, ok := a.value("interconnect")
	if !ok {
		return
	}
	a.end()
	if kind, ok := a.keyword(w, "interconnect", []string{"bus", "directory"}); ok && kind == "directory" {
		a.errs.Addf(w.Pos, "interconnect directory is not built yet: use interconnect bus (an atomic snooping bus)")
	}
}

func (r *machineReader) latency(a *args) {
	if a.none() {
		return
	}
	lat := &r.m.Sim.Latency
	fields := map[string]*uint64{"hit": &lat.Hit, "bus": &lat.Bus, "memory": &lat.Memory, "c2c": &lat.C2C}
	given := map[string]bool{}
	for a.more() {
		k := a.next()
		key, ok := a.keyword(k, "latency", []string{"hit", "bus", "memory", "c2c"})
		if !ok {
			return
		}
		if given[key] {
			a.errs.Addf(k.Pos, "latency %s is given twice: keep one", key)
			return
		}
		given[key] = true
		w, ok := a.value("latency " + key)
		if !ok {
			return
		}
		if n, ok := a.num(w, "latency "+key, 0, 1000000, "a latency is 0 to 1000000 cycles"); ok {
			*fields[key] = n
		}
	}
}

func (r *machineReader) flag(a *args, name string, dst *bool) {
	if w, ok := a.value(name); ok {
		if v, ok := a.onOff(w, name); ok {
			*dst = v
		}
		a.end()
	}
}

func (r *machineReader) upgrade(a *args) { r.flag(a, "upgrade", &r.m.Sim.Settings.Upgrade) }
func (r *machineReader) cleanSharing(a *args) {
	r.flag(a, "cleansharing", &r.m.Sim.Settings.CleanSharing)
}
func (r *machineReader) allocate(a *args) { r.flag(a, "allocate", &r.m.Sim.Settings.Allocate) }
func (r *machineReader) hoist(a *args)    { r.flag(a, "hoist", &r.m.Hoist) }
func (r *machineReader) ifetch(a *args)   { r.flag(a, "ifetch", &r.m.IFetch) }

func (r *machineReader) gomaxprocs(a *args) {
	if w, ok := a.value("gomaxprocs"); ok {
		if n, ok := a.count(w, "gomaxprocs", 1, sim.MaxCores, "at least 1 and at most the number of cores"); ok {
			r.m.Gomaxprocs = n
			r.vals["gomaxprocs"] = w.Pos
		}
		a.end()
	}
}

func (r *machineReader) preempt(a *args) {
	if w, ok := a.value("preempt"); ok {
		if n, ok := a.count(w, "preempt", 1, 1000000000, "a thread runs 1 to 1000000000 steps before it is preempted"); ok {
			r.m.Preempt = n
		}
		a.end()
	}
}

func (r *machineReader) spin(a *args) {
	if w, ok := a.value("spin"); ok {
		if n, ok := a.count(w, "spin", 0, 1000000, "a contended Lock tries 0 to 1000000 times before it parks"); ok {
			r.m.Spin = n
		}
		a.end()
	}
}

func (r *machineReader) storeBuffer(a *args) {
	if w, ok := a.value("storebuffer"); ok {
		if n, ok := a.count(w, "storebuffer", 0, 1024, "a store buffer holds 0 to 1024 stores"); ok {
			r.m.StoreBuffer = n
		}
		a.end()
	}
}

func (r *machineReader) abi(a *args) {
	if w, ok := a.value("abi"); ok {
		if k, ok := a.keyword(w, "abi", []string{"stack", "register"}); ok {
			r.m.ABI = map[string]ABI{"stack": ABIStack, "register": ABIRegister}[k]
		}
		a.end()
	}
}

func (r *machineReader) inline(a *args) {
	w, ok := a.value("inline")
	if !ok {
		return
	}
	mode, ok := a.keyword(w, "inline option", []string{"on", "off", "budget"})
	if !ok {
		return
	}
	r.m.Inline = mode != "off"
	if mode == "on" && a.more() {
		if k := a.next(); k.Text != "budget" {
			a.errs.Addf(k.Pos, "unexpected %s after inline on: write %s", quote(k), a.usage)
			return
		}
		mode = "budget"
	}
	if mode == "budget" {
		if w, ok := a.value("inline budget"); ok {
			if n, ok := a.count(w, "inline budget", 0, 100000, "the budget is 0 to 100000 (Go's is 80)"); ok {
				r.m.InlineBudget = n
			}
		}
	}
	a.end()
}

// finish checks what depends on several settings, then the whole
// configuration with the engine's own validation.
func (r *machineReader) finish() {
	m := r.m
	if p, ok := r.vals["gomaxprocs"]; !ok {
		m.Gomaxprocs = m.Sim.Cores
	} else if m.Gomaxprocs > m.Sim.Cores {
		r.errs.Addf(p, "gomaxprocs %d: the machine has %d cores, so at most %d threads can run at once: write gomaxprocs 1 to %d",
			m.Gomaxprocs, m.Sim.Cores, m.Sim.Cores, m.Sim.Cores)
	}
	if r.script != "" {
		for _, name := range []string{"upgrade", "cleansharing", "allocate"} {
			if p, ok := r.seen[name]; ok {
				r.errs.Addf(p, "%s applies to the built-in protocols only: %s is declared in this script, and its rows say what happens", name, r.script)
			}
		}
	}
	if len(r.errs) > 0 {
		return
	}
	cfg := m.Sim
	if r.script != "" && cfg.Table == nil {
		// The script's protocol failed to build and said so; check the rest.
		cfg.Protocol = "MESI"
	}
	if _, _, err := cfg.Validate(); err != nil {
		r.errs.Add(r.validateError(err.Error()))
	}
}

// validateError places a message of sim.Config.Validate at the value it
// is about, and rewrites its command-line hints as settings.
func (r *machineReader) validateError(msg string) *diag.Error {
	pos := r.m.Pos
	pick := func(keys ...string) {
		for _, k := range keys {
			if p, ok := r.vals[k]; ok {
				pos = p
				return
			}
		}
	}
	switch {
	case strings.HasPrefix(msg, "cores "):
		pick("cores")
	case strings.HasPrefix(msg, "line "):
		pick("line")
	case strings.HasPrefix(msg, "size "):
		pick("size", "ways", "line")
		msg = "l1 " + msg
	case strings.HasPrefix(msg, "ways "):
		pick("ways")
		msg = "l1 " + msg
	}
	msg = strings.NewReplacer("--size ", "size ", "--ways ", "ways ").Replace(msg)
	return diag.Errorf(pos, "%s", msg)
}
