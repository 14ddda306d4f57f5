// This file is a reference for the tests: x86-TSO (and SC) written
// directly over a Test's instructions, as the operational model of Owens,
// Sarkar and Sewell describes it. It shares nothing with the translation
// or the interpreter, so when both give the same final states, the
// translation, the store buffers and the explorer agree with the model.

package litmus

import (
	"fmt"
	"strings"
)

type refWrite struct {
	loc int
	val int64
}

type refThread struct {
	pc    int
	phase int   // 1: the load half of an unlocked read-modify-write is done
	tmp   int64 // the value that load read
	regs  []int64
	buf   []refWrite // oldest first
}

type refState struct {
	mem     []int64
	threads []refThread
}

func (s *refState) clone() *refState {
	c := &refState{mem: append([]int64(nil), s.mem...)}
	for _, t := range s.threads {
		t.regs = append([]int64(nil), t.regs...)
		t.buf = append([]refWrite(nil), t.buf...)
		c.threads = append(c.threads, t)
	}
	return c
}

func (s *refState) key() string {
	var b strings.Builder
	fmt.Fprint(&b, s.mem)
	for _, t := range s.threads {
		fmt.Fprint(&b, "|", t.pc, t.phase, t.tmp, t.regs, t.buf)
	}
	return b.String()
}

// refModel enumerates every final state of t under m.
type refModel struct {
	t     *Test
	tso   bool
	locs  map[string]int
	regs  map[string]int
	cols  []Loc
	seen  map[string]bool
	final [][]int64
}

// referenceStates returns the final states of t under m over cols.
func referenceStates(t *Test, m Model, cols []Loc) [][]int64 {
	r := &refModel{t: t, tso: m == TSO, locs: map[string]int{}, regs: map[string]int{}, cols: cols, seen: map[string]bool{}}
	note := func(l Loc) {
		if l.IsReg() {
			if _, ok := r.regs[l.Name]; !ok {
				r.regs[l.Name] = len(r.regs)
			}
		} else if _, ok := r.locs[l.Name]; !ok {
			r.locs[l.Name] = len(r.locs)
		}
	}
	for _, th := range t.Threads {
		for _, in := range th.Instrs {
			for _, o := range []Operand{in.Dst, in.Src} {
				switch o.Kind {
				case Reg:
					note(Loc{Thread: th.ID, Name: o.Name})
				case Mem:
					note(Loc{Thread: -1, Name: o.Name})
				}
			}
		}
		note(Loc{Thread: th.ID, Name: accumulator(t.Arch)})
	}
	for _, c := range cols {
		note(c)
	}
	for _, in := range t.Init {
		note(in.Loc)
	}
	s := &refState{mem: make([]int64, len(r.locs))}
	for range t.Threads {
		s.threads = append(s.threads, refThread{regs: make([]int64, len(r.regs))})
	}
	for _, in := range t.Init {
		if in.Loc.IsReg() {
			s.threads[in.Loc.Thread].regs[r.regs[in.Loc.Name]] = in.Value
		} else {
			s.mem[r.locs[in.Loc.Name]] = in.Value
		}
	}
	r.explore(s)
	return r.final
}

func (r *refModel) explore(s *refState) {
	k := s.key()
	if r.seen[k] {
		return
	}
	r.seen[k] = true
	done := true
	for i := range s.threads {
		th := &s.threads[i]
		if len(th.buf) > 0 { // the oldest buffered store reaches memory
			done = false
			n := s.clone()
			w := n.threads[i].buf[0]
			n.threads[i].buf = n.threads[i].buf[1:]
			n.mem[w.loc] = w.val
			r.explore(n)
		}
		if th.pc < len(r.t.Threads[i].Instrs) {
			done = false
			if n := r.step(s, i); n != nil {
				r.explore(n)
			}
		}
	}
	if done {
		row := make([]int64, len(r.cols))
		for j, c := range r.cols {
			if c.IsReg() {
				row[j] = s.threads[c.Thread].regs[r.regs[c.Name]]
			} else {
				row[j] = s.mem[r.locs[c.Name]]
			}
		}
		r.final = append(r.final, row)
	}
}

// step runs thread i's next instruction (or its next half), or returns
// nil when it must wait for its store buffer to drain.
func (r *refModel) step(s *refState, i int) *refState {
	in := r.t.Threads[i].Instrs[s.threads[i].pc]
	fences := in.Op == OpMfence || in.Lock
	if fences && len(s.threads[i].buf) > 0 {
		return nil
	}
	n := s.clone()
	th := &n.threads[i]
	load := func(loc int) int64 {
		for k := len(th.buf) - 1; k >= 0; k-- {
			if th.buf[k].loc == loc {
				return th.buf[k].val
			}
		}
		return n.mem[loc]
	}
	store := func(loc int, v int64) {
		if r.tso && !in.Lock {
			th.buf = append(th.buf, refWrite{loc, v})
		} else {
			n.mem[loc] = v
		}
	}
	val := func(o Operand) int64 {
		switch o.Kind {
		case Reg:
			return th.regs[r.regs[o.Name]]
		case Mem:
			return load(r.locs[o.Name])
		}
		return o.Value
	}
	reg := func(name string) *int64 { return &th.regs[r.regs[name]] }
	acc := reg(accumulator(r.t.Arch))
	next := func() *refState { th.pc++; th.phase = 0; return n }
	arith := func(op Op, a, b int64) int64 {
		switch op {
		case OpAdd, OpInc:
			return a + b
		case OpSub, OpDec:
			return a - b
		case OpAnd:
			return a & b
		case OpOr:
			return a | b
		case OpXor:
			return a ^ b
		}
		panic(op)
	}
	src := in.Src
	if in.Op == OpInc || in.Op == OpDec {
		src = Operand{Kind: Imm, Value: 1}
	}
	if in.Dst.Kind == Reg {
		d := reg(in.Dst.Name)
		switch in.Op {
		case OpMov:
			*d = val(src)
		case OpAdd, OpSub, OpAnd, OpOr, OpXor, OpInc, OpDec:
			*d = arith(in.Op, *d, val(src))
		case OpXchg:
			sr := reg(src.Name)
			*d, *sr = *sr, *d
		case OpXadd:
			sr := reg(src.Name)
			sum := *d + *sr
			*sr = *d
			*d = sum
		case OpCmpxchg:
			if *d == *acc {
				*d = val(src)
			} else {
				*acc = *d
			}
		}
		return next()
	}
	loc := -1
	if in.Dst.Kind == Mem {
		loc = r.locs[in.Dst.Name]
	}
	switch {
	case in.Op == OpMfence || in.Op == OpNop:
		return next()
	case in.Op == OpMov:
		store(loc, val(src))
		return next()
	case in.Lock: // one atomic step on memory, the buffer empty
		old := n.mem[loc]
		switch in.Op {
		case OpXchg:
			n.mem[loc] = *reg(src.Name)
			*reg(src.Name) = old
		case OpXadd:
			n.mem[loc] = old + *reg(src.Name)
			*reg(src.Name) = old
		case OpCmpxchg:
			if old == *acc {
				n.mem[loc] = val(src)
			} else {
				*acc = old
			}
		default:
			n.mem[loc] = arith(in.Op, old, val(src))
		}
		return next()
	case th.phase == 0: // an unlocked read-modify-write: first the load
		th.tmp = load(loc)
		th.phase = 1
		return n
	}
	old := th.tmp
	switch in.Op {
	case OpXadd:
		store(loc, old+*reg(src.Name))
		*reg(src.Name) = old
	case OpCmpxchg:
		if old == *acc {
			store(loc, val(src))
		} else {
			store(loc, old)
			*acc = old
		}
	default:
		store(loc, arith(in.Op, old, val(src)))
	}
	return next()
}
