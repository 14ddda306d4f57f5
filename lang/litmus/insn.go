// This file reads one instruction in either syntax, Intel's (X86: MOV
// [x],$1) or AT&T's (X86_64: movl $1,(x)), into the same Instr, and knows
// the registers of both.

package litmus

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cohere-sim/cohere/sim/spell"
)

// A register family is one architectural register and the names of its
// parts: a write to %eax, %ax or %al is a write to rax, as far as a litmus
// test's small values are concerned.
type regFamily struct {
	canon regCanon
	names []string
}

// regCanon is a family's canonical name in each dialect.
type regCanon struct{ x86, x86_64 string }

var regFamilies = []regFamily{
	{regCanon{"EAX", "rax"}, []string{"rax", "eax", "ax", "al", "ah"}},
	{regCanon{"EBX", "rbx"}, []string{"rbx", "ebx", "bx", "bl", "bh"}},
	{regCanon{"ECX", "rcx"}, []string{"rcx", "ecx", "cx", "cl", "ch"}},
	{regCanon{"EDX", "rdx"}, []string{"rdx", "edx", "dx", "dl", "dh"}},
	{regCanon{"ESI", "rsi"}, []string{"rsi", "esi", "si", "sil"}},
	{regCanon{"EDI", "rdi"}, []string{"rdi", "edi", "di", "dil"}},
	{regCanon{"EBP", "rbp"}, []string{"rbp", "ebp", "bp", "bpl"}},
	{regCanon{"ESP", "rsp"}, []string{"rsp", "esp", "sp", "spl"}},
}

func init() {
	for i := 8; i <= 15; i++ {
		r := fmt.Sprintf("r%d", i)
		regFamilies = append(regFamilies, regFamily{regCanon{"", r}, []string{r, r + "d", r + "w", r + "b"}})
	}
}

// canonReg returns the canonical name of register name in arch (EAX for
// X86, rax for X86_64, from any part's name in any case), its order among
// the registers, and whether it is one.
func canonReg(arch Arch, name string) (string, int, bool) {
	lower := strings.ToLower(name)
	for i, f := range regFamilies {
		for _, n := range f.names {
			if n != lower {
				continue
			}
			if arch == X86 {
				if f.canon.x86 == "" || strings.HasPrefix(lower, "r") {
					return "", 0, false // X86 is the 32-bit machine
				}
				return f.canon.x86, i, true
			}
			return f.canon.x86_64, i, true
		}
	}
	return "", 0, false
}

// regOrder is the order herd lists registers in: EAX, EBX, ECX, EDX, ESI,
// EDI, EBP, ESP, then r8 to r15.
func regOrder(arch Arch, canon string) int {
	if _, i, ok := canonReg(arch, canon); ok {
		return i
	}
	return len(regFamilies)
}

// regNames lists arch's register names, for "did you mean".
func regNames(arch Arch) []string {
	var out []string
	for _, f := range regFamilies {
		if arch == X86 {
			if f.canon.x86 != "" {
				out = append(out, f.canon.x86)
			}
			continue
		}
		out = append(out, f.names...)
	}
	return out
}

// accumulator is the register CMPXCHG compares with.
func accumulator(arch Arch) string {
	if arch == X86 {
		return "EAX"
	}
	return "rax"
}

// mnemonics are the instructions cohere translates.
var mnemonics = map[string]Op{
	"MOV": OpMov, "ADD": OpAdd, "SUB": OpSub, "AND": OpAnd, "OR": OpOr, "XOR": OpXor,
	"INC": OpInc, "DEC": OpDec, "XCHG": OpXchg, "XADD": OpXadd, "CMPXCHG": OpCmpxchg,
	"MFENCE": OpMfence, "LFENCE": OpNop, "SFENCE": OpNop, "NOP": OpNop,
}

// unsupported are instructions herd knows that cohere does not translate,
// with the reason.
var unsupported = map[string]string{
	"JMP": "branches", "JE": "branches", "JNE": "branches", "JZ": "branches", "JNZ": "branches",
	"JLE": "branches", "JLT": "branches", "JL": "branches", "JGT": "branches", "JG": "branches",
	"JGE": "branches", "JS": "branches", "JNS": "branches",
	"CMP": "flags (CMP, CMOVC, SETNB)", "CMOVC": "flags (CMP, CMOVC, SETNB)", "SETNB": "flags (CMP, CMOVC, SETNB)",
	"TEST":   "flags (CMP, CMOVC, SETNB)",
	"MOVNTI": "non-temporal stores", "MOVNTIL": "non-temporal stores", "MOVNTIQ": "non-temporal stores",
	"MOVSD": "string instructions", "MOVT": "string instructions",
	"UXCH": "unlocked exchange (UXCH)",
	"RET":  "calls and returns", "CALL": "calls and returns", "PUSH": "the stack", "POP": "the stack",
	"LEA": "address arithmetic", "SHL": "shifts", "SHR": "shifts", "SAR": "shifts",
	"IMUL": "multiplication", "MUL": "multiplication", "NEG": "NEG and NOT", "NOT": "NEG and NOT",
	"ENDBR64": "",
}

// knownMnemonic returns the instruction word w names, without AT&T's size
// suffix (b, w, l, q) when arch is X86_64.
func knownMnemonic(arch Arch, w string) string {
	up := strings.ToUpper(w)
	if _, ok := mnemonics[up]; ok {
		return up
	}
	if _, ok := unsupported[up]; ok {
		return up
	}
	if arch == X86_64 && len(up) > 1 && strings.ContainsRune("BWLQ", rune(up[len(up)-1])) {
		base := up[:len(up)-1]
		if _, ok := mnemonics[base]; ok {
			return base
		}
		if _, ok := unsupported[base]; ok {
			return base
		}
	}
	return ""
}

func mnemonicNames() []string {
	var out []string
	for m := range mnemonics {
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// decoder reads the instruction of one cell of the thread table.
type decoder struct {
	arch Arch
	toks []token
	i    int
}

func (d *decoder) peek() token { return d.toks[d.i] }
func (d *decoder) next() token {
	t := d.toks[d.i]
	if t.kind != tEOF {
		d.i++
	}
	return t
}

func (d *decoder) is(text string) bool {
	t := d.peek()
	return t.kind == tPunct && t.text == text
}

// decodeInstr reads toks (one cell, ending in tEOF) into an instruction,
// or nil for an empty cell or a lone label.
func decodeInstr(arch Arch, toks []token) (*Instr, *scanError) {
	d := &decoder{arch: arch, toks: toks}
	// Labels (L0:) mark branch targets; without branches they are no-ops.
	for d.peek().kind == tName && d.i+1 < len(toks) && toks[d.i+1].kind == tPunct && toks[d.i+1].text == ":" {
		d.i += 2
	}
	if d.peek().kind == tEOF {
		return nil, nil
	}
	in := &Instr{}
	w := d.next()
	start := w.off
	if w.kind != tName {
		return nil, &scanError{w.off, fmt.Sprintf("expected an instruction, found %s", w)}
	}
	if strings.EqualFold(w.text, "lock") {
		in.Lock = true
		w = d.next()
		if w.kind != tName {
			return nil, &scanError{w.off, fmt.Sprintf("expected an instruction after LOCK, found %s", w)}
		}
	}
	m := knownMnemonic(arch, w.text)
	if m == "" {
		return nil, &scanError{w.off, fmt.Sprintf("unknown instruction %s%s", w.text, spell.Hint(strings.ToUpper(w.text), mnemonicNames()))}
	}
	if why, ok := unsupported[m]; ok {
		if why == "" {
			return nil, nil // ENDBR64: a no-op marker
		}
		return nil, &scanError{w.off, fmt.Sprintf("%s is not supported: cohere does not translate %s; it translates %s", strings.ToUpper(w.text), why, strings.Join(mnemonicNames(), ", "))}
	}
	in.Op = mnemonics[m]
	if in.Op == OpNop || in.Op == OpMfence {
		if in.Op == OpNop && m == "NOP" {
			return in, nil // nopl 0(%rax,%eax,0): operands that do nothing
		}
		if t := d.peek(); t.kind != tEOF {
			return nil, &scanError{t.off, fmt.Sprintf("%s takes no operand", m)}
		}
		if in.Lock {
			return nil, &scanError{start, fmt.Sprintf("LOCK cannot prefix %s", m)}
		}
		return in, nil
	}
	var ops []Operand
	var offs []int
	for {
		off := d.peek().off
		o, err := d.operand()
		if err != nil {
			return nil, err
		}
		ops = append(ops, o)
		offs = append(offs, off)
		if !d.is(",") {
			break
		}
		d.next()
	}
	if t := d.peek(); t.kind != tEOF {
		return nil, &scanError{t.off, fmt.Sprintf("unexpected %s after the operands of %s", t, m)}
	}
	if arch == X86_64 { // AT&T: source first
		for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
			ops[i], ops[j] = ops[j], ops[i]
			offs[i], offs[j] = offs[j], offs[i]
		}
	}
	want := 2
	if in.Op == OpInc || in.Op == OpDec {
		want = 1
	}
	if len(ops) != want {
		return nil, &scanError{w.off, fmt.Sprintf("%s takes %d operand%s, not %d", m, want, plural(want), len(ops))}
	}
	in.Dst = ops[0]
	if want == 2 {
		in.Src = ops[1]
	}
	return in, d.check(in, m, start, offs)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// operand reads one operand.
func (d *decoder) operand() (Operand, *scanError) {
	t := d.next()
	switch {
	case t.kind == tImm, t.kind == tNum && !(d.is("(") || d.is("[")):
		return Operand{Kind: Imm, Value: t.val}, nil
	case t.kind == tNum:
		return Operand{}, &scanError{t.off, "displacements such as 8(%rax) are not supported: write the location, (x)"}
	case t.kind == tReg:
		return d.register(t, t.text[1:])
	case t.kind == tName:
		if _, _, ok := canonReg(d.arch, t.text); ok {
			return d.register(t, t.text)
		}
		hint := fmt.Sprintf("[%s]", t.text)
		if d.arch == X86_64 {
			hint = fmt.Sprintf("(%s)", t.text)
		}
		if n := spell.Nearest(t.text, regNames(d.arch)); n != "" {
			return Operand{}, &scanError{t.off, fmt.Sprintf("unknown register %s (did you mean %s?)", t.text, n)}
		}
		return Operand{}, &scanError{t.off, fmt.Sprintf("%s is not a register: write %s for the memory location %s", t.text, hint, t.text)}
	case t.kind == tPunct && (t.text == "[" || t.text == "("):
		closer := "]"
		if t.text == "(" {
			closer = ")"
		}
		in := d.next()
		switch {
		case in.kind == tReg, in.kind == tName && isRegName(d.arch, in.text):
			return Operand{}, &scanError{in.off, "indirect addressing through a register is not supported: write the location, as in [x] or (x)"}
		case in.kind != tName:
			return Operand{}, &scanError{in.off, fmt.Sprintf("expected a location name after %s, found %s", t.text, in)}
		}
		if c := d.next(); c.kind != tPunct || c.text != closer {
			return Operand{}, &scanError{c.off, fmt.Sprintf("expected %s after %s, found %s", closer, in.text, c)}
		}
		return Operand{Kind: Mem, Name: in.text}, nil
	}
	return Operand{}, &scanError{t.off, fmt.Sprintf("expected an operand, found %s", t)}
}

func isRegName(arch Arch, name string) bool {
	_, _, ok := canonReg(arch, name)
	return ok
}

func (d *decoder) register(t token, name string) (Operand, *scanError) {
	canon, _, ok := canonReg(d.arch, name)
	if !ok {
		return Operand{}, &scanError{t.off, fmt.Sprintf("unknown register %s%s", t.text, spell.Hint(name, regNames(d.arch)))}
	}
	if d.arch == X86 && t.kind == tReg {
		return Operand{}, &scanError{t.off, fmt.Sprintf("X86 tests write registers without %%: %s", canon)}
	}
	return Operand{Kind: Reg, Name: canon}, nil
}

// check rejects operand combinations the processor does not have.
func (d *decoder) check(in *Instr, m string, off int, offs []int) *scanError {
	dst, src := in.Dst, in.Src
	if dst.Kind == Imm {
		return &scanError{offs[0], fmt.Sprintf("the destination of %s cannot be an immediate value", m)}
	}
	if dst.Kind == Mem && src.Kind == Mem {
		return &scanError{off, fmt.Sprintf("%s cannot have two memory operands", m)}
	}
	switch in.Op {
	case OpXchg:
		if src.Kind == Imm {
			return &scanError{offs[1], "XCHG exchanges two registers, or a register and memory"}
		}
		if src.Kind == Mem { // XCHG EAX,[x]: the same instruction as XCHG [x],EAX
			in.Dst, in.Src = src, dst
		}
		if in.Dst.Kind == Mem {
			in.Lock = true // the processor locks XCHG with memory by itself
		}
	case OpXadd, OpCmpxchg:
		if src.Kind != Reg {
			return &scanError{offs[1], fmt.Sprintf("the source of %s is a register", m)}
		}
	}
	if in.Lock && in.Op == OpMov {
		return &scanError{off, "LOCK cannot prefix MOV: a plain load or store is already atomic"}
	}
	if in.Lock && in.Dst.Kind != Mem {
		return &scanError{off, fmt.Sprintf("LOCK needs a memory destination: %s", in.Op)}
	}
	return nil
}
