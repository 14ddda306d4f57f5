// This file installs a script's init block: the cache contents a run
// starts from, checked against the protocol's invariants first, since a
// start the protocol could never reach would teach the wrong thing.

package interp

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/lang/compile"
	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/sim/protocol"
)

// initLine is one cache line the init block names, with its copies.
type initLine struct {
	addr   uint64
	ops    []*compile.InitOp // in block order
	state  map[int]protocol.State
	first  map[int]*compile.InitOp // each core's first line for it
	cores  []int                   // the cores holding it, in block order
	values map[uint64]*compile.InitOp
}

// installInit checks the init block and installs it, after the globals
// have their initial values and before the first step. Its errors are a
// diag.List, with the positions of the lines at fault.
func (vm *VM) installInit() error {
	ops := vm.prog.InitBlock
	if len(ops) == 0 {
		return nil
	}
	m := vm.m
	t := m.Protocol()
	coherent := t.Kind() != protocol.Incoherent
	var errs diag.List
	var lines []*initLine
	byAddr := map[uint64]*initLine{}
	words := map[[2]uint64]*compile.InitOp{} // (core, addr): the line giving that word
	for i := range ops {
		op := &ops[i]
		st, ok := t.StateNamed(op.State)
		if !ok || st == protocol.Invalid || op.Core >= m.Cores() {
			errs.Addf(op.Pos, "init: %s %s %s: no such core or state in this machine", coreName(op.Core), op.Name, op.State)
			continue
		}
		if prev := words[[2]uint64{uint64(op.Core), op.Addr}]; prev != nil {
			errs.Addf(op.Pos, "init: %s %s is given twice (first at %d:%d)", coreName(op.Core), op.Name, prev.Pos.Line, prev.Pos.Col)
			continue
		}
		words[[2]uint64{uint64(op.Core), op.Addr}] = op
		la := m.LineAddr(op.Addr)
		l := byAddr[la]
		if l == nil {
			l = &initLine{addr: la, state: map[int]protocol.State{}, first: map[int]*compile.InitOp{}, values: map[uint64]*compile.InitOp{}}
			byAddr[la] = l
			lines = append(lines, l)
		}
		if prev, held := l.first[op.Core]; held {
			if l.state[op.Core] != st {
				errs.Addf(op.Pos, "init: %s and %s share a line (%#x), so %s holds them in one state, not %s and %s", prev.Name, op.Name, la, coreName(op.Core), prev.State, op.State)
				continue
			}
		} else {
			l.first[op.Core], l.state[op.Core] = op, st
			l.cores = append(l.cores, op.Core)
		}
		if coherent && op.HasValue {
			if prev := l.values[op.Addr]; prev != nil && prev.Value != op.Value {
				errs.Addf(op.Pos, "init: %s gives %s %d and %s gives it %d: the valid copies of a line hold the same value", coreName(prev.Core), op.Name, prev.Value, coreName(op.Core), op.Value)
				continue
			}
			l.values[op.Addr] = op
		}
		l.ops = append(l.ops, op)
	}
	errs = append(errs, vm.initFits(lines)...)
	if coherent {
		for _, l := range lines {
			errs = append(errs, vm.initCoherent(l)...)
		}
	}
	if len(errs) > 0 {
		return errs.Sort()
	}
	for _, l := range lines {
		if err := vm.installLine(l, coherent); err != nil {
			errs.Addf(l.ops[0].Pos, "init: %v", err)
			continue
		}
		if coherent {
			for _, v := range m.CheckLine(l.addr) {
				errs.Addf(l.ops[0].Pos, "init: %s (found by the invariant checker)", v)
			}
		}
	}
	return errs.Err()
}

// initFits checks that no core is given more lines of one set than the
// cache has ways: an init block never evicts.
func (vm *VM) initFits(lines []*initLine) diag.List {
	var errs diag.List
	m := vm.m
	ways := m.Geometry().Ways
	held := map[[2]int][]uint64{} // (core, set): its lines
	for _, l := range lines {
		for _, core := range l.cores {
			key := [2]int{core, m.SetOf(l.addr)}
			if n := held[key]; len(n) == ways {
				var prev []string
				for _, a := range n {
					prev = append(prev, fmt.Sprintf("%#x", a))
				}
				op := l.first[core]
				errs.Addf(op.Pos, "init: %s cannot also hold %s's line (%#x): it falls in set %d, whose %d ways already hold %s", coreName(core), op.Name, l.addr, key[1], ways, strings.Join(prev, ", "))
				continue
			}
			held[key] = append(held[key], l.addr)
		}
	}
	return errs
}

// initCoherent checks one line against the invariants: a copy in a
// writable state is the only valid one, at most one copy is in an owner
// state, and with no dirty copy, a clean copy's value is memory's.
func (vm *VM) initCoherent(l *initLine) diag.List {
	var errs diag.List
	t := vm.m.Protocol()
	name := func(s protocol.State) string { return t.States[s] }
	for i, k := range l.cores {
		s, op := l.state[k], l.first[k]
		for _, j := range l.cores[:i] {
			r := l.state[j]
			var why string
			switch {
			case t.Writable(s) && t.Writable(r):
				why = "at most one cache may hold a line in a writable state"
			case t.Writable(s) || t.Writable(r):
				w := s
				if t.Writable(r) {
					w = r
				}
				why = fmt.Sprintf("a cache holding a line in a writable state (%s) holds its only valid copy", name(w))
			case t.Owns(s) && t.Owns(r):
				why = fmt.Sprintf("at most one cache may hold a line in an owner state (%s)", strings.Join(statesWhere(t, t.Owns), ", "))
			default:
				continue
			}
			other := l.first[j]
			switch {
			case other.Name != op.Name:
				errs.Addf(op.Pos, "init: %s holds %s in %s and %s holds %s in %s, and they share a line (%#x): %s", coreName(j), other.Name, name(r), coreName(k), op.Name, name(s), l.addr, why)
			case s == r:
				errs.Addf(op.Pos, "init: %s and %s both hold %s's line (%#x) in %s: %s", coreName(j), coreName(k), op.Name, l.addr, name(s), why)
			default:
				errs.Addf(op.Pos, "init: %s holds %s's line (%#x) in %s and %s in %s: %s", coreName(j), op.Name, l.addr, name(r), coreName(k), name(s), why)
			}
			return errs // one conflict is enough to say about a line
		}
	}
	for _, k := range l.cores {
		if t.IsDirty(l.state[k]) {
			return errs // memory may be stale: the copies agree with each other
		}
	}
	for _, op := range l.ops {
		if !op.HasValue {
			continue
		}
		mem, _ := vm.m.Memory(op.Addr, op.Size)
		if op.Value != int64(mem) {
			errs.Addf(op.Pos, "init: %s holds %s in %s, a clean state, with %d, but memory holds %d: a clean copy equals memory; give %d as %s's initial value in its declaration, or hold the line in a dirty state (%s)",
				coreName(op.Core), op.Name, op.State, op.Value, int64(mem), op.Value, baseName(op.Name), strings.Join(statesWhere(t, t.IsDirty), ", "))
		}
	}
	return errs
}

// installLine installs every copy of l, dirty ones first (a clean copy
// then leaves memory stale, as the dirty one says it is). Under a
// coherent protocol every copy holds the line's values: those given,
// else memory's; under an exempt one each copy holds its own.
func (vm *VM) installLine(l *initLine, coherent bool) error {
	m := vm.m
	t := m.Protocol()
	order := make([]int, 0, len(l.cores))
	for _, dirty := range []bool{true, false} {
		for _, k := range l.cores {
			if t.IsDirty(l.state[k]) == dirty {
				order = append(order, k)
			}
		}
	}
	base := m.MemoryLine(l.addr)
	for _, k := range order {
		data := append([]byte(nil), base...)
		for _, op := range l.ops {
			if coherent {
				op = l.values[op.Addr]
			} else if op.Core != k {
				continue
			}
			if op != nil && op.HasValue {
				putWord(data[op.Addr-l.addr:], op.Size, op.Value)
			}
		}
		if err := m.Install(k, l.addr, l.state[k], data); err != nil {
			return err
		}
	}
	return nil
}

func statesWhere(t *protocol.Table, f func(protocol.State) bool) []string {
	var out []string
	for s := range t.States {
		if f(protocol.State(s)) {
			out = append(out, t.States[s])
		}
	}
	return out
}

func coreName(k int) string { return fmt.Sprintf("P%d", k) }

// baseName is the variable an element belongs to: counts[2] -> counts.
func baseName(name string) string {
	if i := strings.IndexByte(name, '['); i > 0 {
		return name[:i]
	}
	return name
}

func putWord(b []byte, size int, v int64) {
	switch size {
	case 1:
		b[0] = byte(v)
	case 2:
		binary.LittleEndian.PutUint16(b, uint16(v))
	case 4:
		binary.LittleEndian.PutUint32(b, uint32(v))
	default:
		binary.LittleEndian.PutUint64(b, uint64(v))
	}
}
