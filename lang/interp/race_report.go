// This file is the race detector's reports: interned call stacks, the
// report of a race in Go's -race format, and expect race / expect norace.

package interp

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/types"
)

// RaceReport is one data race: two accesses to the same memory by two
// threads, at least one of them a write and not both atomic, with no
// happens-before edge between them.
type RaceReport struct {
	Step     uint64     // the step that made the second access
	Access   RaceAccess // the access that found the race
	Previous RaceAccess // the earlier access it races with
}

// RaceAccess is one of the two accesses of a race.
type RaceAccess struct {
	Kind   string // read, write, atomic read or atomic write
	Addr   uint64
	Var    string // counter, counts[1], w0.x, <heap>; "" when unknown
	Thread RaceThread
	Frames []RaceFrame // innermost first
}

// RaceThread is the thread that made an access, as the report found it.
type RaceThread struct {
	Name      string
	Goroutine bool
	Finished  bool        // it had ended when the race was found
	Declared  ast.Pos     // a declared thread: its declaration
	Created   []RaceFrame // a goroutine: the go statement's stack in its creator, innermost first
}

// RaceFrame is one frame of a stack.
type RaceFrame struct {
	Func string // main.incr
	Args bool   // the function has parameters: Go writes main.incr(...)
	Pos  ast.Pos
}

// String is the frame's function as Go's tracebacks write it.
func (f RaceFrame) String() string {
	if f.Args {
		return f.Func + "(...)"
	}
	return f.Func + "()"
}

// String renders the report as Go's race detector does.
func (r RaceReport) String() string {
	var b strings.Builder
	b.WriteString("==================\nWARNING: DATA RACE\n")
	writeRaceAccess(&b, r.Access, false)
	b.WriteString("\n")
	writeRaceAccess(&b, r.Previous, true)
	for _, t := range []RaceThread{r.Access.Thread, r.Previous.Thread} {
		b.WriteString("\n")
		state := "running"
		if t.Finished {
			state = "finished"
		}
		if !t.Goroutine {
			fmt.Fprintf(&b, "Thread %s (%s) declared at %s:%d\n", t.Name, state, t.Declared.File, t.Declared.Line)
			continue
		}
		fmt.Fprintf(&b, "Goroutine %s (%s) created at:\n", t.Name, state)
		writeRaceFrames(&b, t.Created)
	}
	b.WriteString("==================\n")
	return b.String()
}

func writeRaceAccess(b *strings.Builder, a RaceAccess, previous bool) {
	kind := a.Kind
	if previous {
		kind = "Previous " + kind
	} else {
		kind = strings.ToUpper(kind[:1]) + kind[1:]
	}
	name := ""
	if a.Var != "" {
		name = " (" + a.Var + ")"
	}
	who := "thread"
	if a.Thread.Goroutine {
		who = "goroutine"
	}
	fmt.Fprintf(b, "%s at 0x%012x%s by %s %s:\n", kind, a.Addr, name, who, a.Thread.Name)
	writeRaceFrames(b, a.Frames)
}

func writeRaceFrames(b *strings.Builder, frames []RaceFrame) {
	for _, f := range frames {
		fmt.Fprintf(b, "  %s\n      %s:%d\n", f, f.Pos.File, f.Pos.Line)
	}
}

// RaceSummary is the line Go's race detector ends a program with.
func RaceSummary(n int) string { return fmt.Sprintf("Found %d data race(s)", n) }

// Races returns the races found so far, in the order they were found.
func (vm *VM) Races() []RaceReport {
	if vm.race == nil {
		return nil
	}
	return vm.race.reports
}

// RaceNote says why the race detector stopped checking before the end of
// the run ("" when it did not).
func (vm *VM) RaceNote() string {
	if vm.race == nil {
		return ""
	}
	return vm.race.halted
}

// raceExpect evaluates expect race and expect norace (ok is false for any
// other expect): whether the run reported a race.
func (vm *VM) raceExpect(d *ast.ExpectDecl) (res ExpectResult, ok bool) {
	if d.Kind != "race" && d.Kind != "norace" {
		return res, false
	}
	res = ExpectResult{Pos: d.Pos, Text: d.Text, Values: map[string]string{}}
	if vm.race == nil {
		res.Err = "the race detector is off (--race=false)"
		return res, true
	}
	n := len(vm.race.reports)
	res.Values["races"] = strconv.Itoa(n)
	res.OK = (n > 0) == (d.Kind == "race")
	return res, true
}

// racePair is a race's two source positions, in order: a pair is
// reported once, as Go does.
type racePair struct{ a, b ast.Pos }

// raceCode is a race's two instructions (function and instruction
// index, in order): a racy loop meets the same pair again and again, and
// this key is cheaper to look up than the positions.
type raceCode struct{ a, b uint64 }

// report records a race between cur (by t) and the remembered prev.
func (d *raceDetector) report(t *thread, cur raceAccess, curWrite bool, prev raceAccess, prevWrite bool, addr uint64) {
	code := raceCode{d.code(cur), d.code(prev)}
	if code.b < code.a {
		code.a, code.b = code.b, code.a
	}
	if d.seenCode[code] {
		return
	}
	d.seenCode[code] = true
	key := racePair{d.position(cur), d.position(prev)}
	if key.b.File < key.a.File || key.b.File == key.a.File && key.b.Offset < key.a.Offset {
		key.a, key.b = key.b, key.a
	}
	if d.seen[key] {
		return
	}
	d.seen[key] = true
	name := d.vm.describeAddr(addr)
	r := RaceReport{Step: d.vm.steps, Access: d.describe(cur, curWrite, addr, name), Previous: d.describe(prev, prevWrite, addr, name)}
	d.reports = append(d.reports, r)
	d.grow(512)
	if d.vm.opt.OnRace != nil {
		d.vm.opt.OnRace(r)
	}
}

// code is the instruction that made an access: its function and index.
func (d *raceDetector) code(a raceAccess) uint64 {
	return uint64(d.stacks.nodes[a.stack].fn)<<32 | uint64(a.pc&^atomicAccess)
}

// position is where an access was made.
func (d *raceDetector) position(a raceAccess) ast.Pos {
	fn := d.vm.prog.Funcs[d.stacks.nodes[a.stack].fn]
	if pc := int(a.pc &^ atomicAccess); pc < len(fn.Pos) {
		return fn.Pos[pc]
	}
	return ast.Pos{}
}

// describe turns a remembered access into a report's.
func (d *raceDetector) describe(a raceAccess, write bool, addr uint64, name string) RaceAccess {
	kind := "read"
	if write {
		kind = "write"
	}
	if a.atomic() {
		kind = "atomic " + kind
	}
	tid := int(a.thread - 1)
	return RaceAccess{Kind: kind, Addr: addr, Var: name, Thread: d.threadInfo(tid),
		Frames: d.frames(tid, a.stack, int(a.pc&^atomicAccess))}
}

// threadInfo describes thread tid as a report shows it.
func (d *raceDetector) threadInfo(tid int) RaceThread {
	t := d.vm.threads[tid]
	info := RaceThread{Name: t.name, Goroutine: t.goroutine, Finished: t.status == done}
	if !t.goroutine {
		for _, ts := range d.vm.prog.Threads {
			if ts.Name == t.name {
				info.Declared = d.withFile(ts.Pos)
			}
		}
		return info
	}
	if tid < len(d.threads) && d.threads[tid] != nil {
		rt := d.threads[tid]
		info.Created = d.frames(rt.parent, rt.createdStack, int(rt.createdPC))
	}
	return info
}

// frames expands an interned stack, innermost first: the innermost
// function stands at pc, each caller at its call.
func (d *raceDetector) frames(tid int, stack uint32, pc int) []RaceFrame {
	var out []RaceFrame
	for stack != 0 {
		n := d.stacks.nodes[stack]
		fn := d.vm.prog.Funcs[n.fn]
		name := "main." + fn.Name
		if fn.Thread {
			name = "main." + d.vm.threads[tid].name
		}
		var pos ast.Pos
		if pc >= 0 && pc < len(fn.Pos) {
			pos = fn.Pos[pc]
		}
		out = append(out, RaceFrame{Func: name, Args: fn.Params > 0, Pos: d.withFile(pos)})
		stack, pc = n.parent, int(n.callPC)
	}
	return out
}

func (d *raceDetector) withFile(p ast.Pos) ast.Pos {
	if p.File == "" {
		p.File = d.vm.opt.File
	}
	return p
}

// describeAddr names the variable at addr: a global (through
// Options.Describe), a thread's local (w0.x), the stack it lies in, or the
// region (<heap>).
func (vm *VM) describeAddr(addr uint64) string {
	for _, t := range vm.threads {
		if addr >= t.stackLo && addr < t.sp0(vm) {
			return vm.stackLocalName(t, addr)
		}
	}
	if vm.opt.Describe != nil {
		return vm.opt.Describe(addr)
	}
	return ""
}

// stackLocalName names an address in t's stack: a local of the thread's
// body, as expects write it (w0.x, w0.buf[1]), else the stack.
func (vm *VM) stackLocalName(t *thread, addr uint64) string {
	f := t.final
	if len(t.frames) > 0 {
		f = t.frames[0]
	}
	if f.fn != nil {
		for name, l := range f.fn.Locals {
			if !l.Memory || f.base+l.Slot >= len(t.regs) {
				continue
			}
			base := uint64(t.regs[f.base+l.Slot])
			if addr < base || addr >= base+uint64(l.Type.Size()) {
				continue
			}
			name = t.name + "." + name
			for ty, off := l.Type, addr-base; ; {
				if ty.Kind != types.Array {
					if off != 0 {
						name += fmt.Sprintf("+%d", off)
					}
					break
				}
				es := uint64(ty.Elem.Size())
				name += fmt.Sprintf("[%d]", off/es)
				ty, off = ty.Elem, off%es
			}
			return name
		}
	}
	return "<stack of " + t.name + ">"
}

// stackNode is one frame of an interned call stack: the stack of the
// caller, the call's instruction in the caller's function, and the
// function called. Node 0 is the empty stack.
type stackNode struct {
	parent uint32
	callPC int32
	fn     int32
}

// raceStacks interns call stacks, so that an access remembers its whole
// stack in one number.
type raceStacks struct {
	nodes []stackNode
	index map[stackNode]uint32
}

func newRaceStacks() raceStacks {
	return raceStacks{nodes: make([]stackNode, 1), index: map[stackNode]uint32{}}
}

// stackOf returns the interned stack of t's frames 0 to i. A frame keeps
// its stack's number from its first access to its return: its caller
// stands at the call all that time.
func (d *raceDetector) stackOf(t *thread, i int) uint32 {
	if id := t.frames[i].raceStack; id != 0 {
		return id
	}
	j := i
	for j > 0 && t.frames[j-1].raceStack == 0 {
		j--
	}
	for ; j <= i; j++ {
		n := stackNode{callPC: -1, fn: int32(t.frames[j].fnIdx)}
		if j > 0 {
			caller := &t.frames[j-1]
			n.parent, n.callPC = caller.raceStack, int32(max(caller.pc-1, 0))
		}
		id, ok := d.stacks.index[n]
		if !ok {
			d.stacks.nodes = append(d.stacks.nodes, n)
			id = uint32(len(d.stacks.nodes) - 1)
			d.stacks.index[n] = id
			d.grow(48)
		}
		t.frames[j].raceStack = id
	}
	return t.frames[i].raceStack
}
