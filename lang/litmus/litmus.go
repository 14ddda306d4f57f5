// Package litmus reads herdtools7 litmus tests for x86 and answers them
// the way herd7 does, with cohere's own machine instead of an axiomatic
// model.
//
// A test goes through four phases, one file each:
//
//   - parse.go (with scan.go for the tokens and insn.go for the two
//     instruction syntaxes) reads the text into a Test: its header, init
//     block, thread table, locations and final condition, every part with
//     its position for errors;
//   - translate.go writes the Test as a .coh script: one global per
//     location on a line of its own, one thread per column pinned to its
//     core, the registers as the thread's locals, a machine whose store
//     buffers give x86-TSO (or none, for sequential consistency), and
//     `run all`;
//   - cond.go parses the final condition and evaluates it on a final
//     state;
//   - report.go prints herd7's result shape (Test, States, Ok/No,
//     Witnesses, Condition, Observation) from the set of final states
//     the exploration of every interleaving found.
//
// The exploration itself is the scenario package's; explore.go connects
// the two.
package litmus

// This file holds the values a parsed test is made of.

import (
	"fmt"

	"github.com/cohere-sim/cohere/lang/ast"
)

// Arch is the assembly dialect of a test.
type Arch int

const (
	X86    Arch = iota // Intel syntax: MOV [x],$1, registers EAX ...
	X86_64             // AT&T syntax: movl $1,(x), registers %eax ...
)

func (a Arch) String() string {
	if a == X86_64 {
		return "X86_64"
	}
	return "X86"
}

// Test is one litmus test.
type Test struct {
	File string
	Arch Arch
	Name string
	Doc  string // the quoted line after the header, if any

	// Init holds the initial values the init block gives; everything
	// else starts at 0.
	Init []Init
	// Threads are the columns of the thread table, P0 first.
	Threads []*Thread
	// Locations are the extra locations the `locations [...]` line asks
	// to print in every final state.
	Locations []Loc
	Cond      *Condition
}

// Loc is a location of a final state: a register of a thread, or a memory
// location (Thread < 0).
type Loc struct {
	Thread int    // the thread of a register; -1 for memory
	Name   string // the register's canonical name (EAX, rax) or the location's
	Pos    ast.Pos
}

// IsReg reports whether l is a register.
func (l Loc) IsReg() bool { return l.Thread >= 0 }

// Key identifies the location, whatever its position.
func (l Loc) Key() string {
	if l.IsReg() {
		return fmt.Sprintf("%d:%s", l.Thread, l.Name)
	}
	return l.Name
}

// String prints the location as herd does in states and conditions:
// 0:EAX, [x].
func (l Loc) String() string {
	if l.IsReg() {
		return fmt.Sprintf("%d:%s", l.Thread, l.Name)
	}
	return "[" + l.Name + "]"
}

// Init is one initial value.
type Init struct {
	Loc   Loc
	Value int64
}

// Thread is one column of the thread table.
type Thread struct {
	ID     int
	Pos    ast.Pos // of its P header
	Instrs []*Instr
}

// Op is what an instruction does, whatever its syntax.
type Op int

const (
	OpMov     Op = iota // Dst = Src
	OpAdd               // Dst += Src
	OpSub               // Dst -= Src
	OpAnd               // Dst &= Src
	OpOr                // Dst |= Src
	OpXor               // Dst ^= Src
	OpInc               // Dst++
	OpDec               // Dst--
	OpXchg              // swap Dst and Src (locked when one is memory)
	OpXadd              // Src, Dst = Dst, Dst+Src
	OpCmpxchg           // if Dst == EAX { Dst = Src } else { EAX = Dst }
	OpMfence            // drain the store buffer
	OpNop               // LFENCE, SFENCE, NOP: no effect on x86-TSO
)

var opNames = [...]string{"MOV", "ADD", "SUB", "AND", "OR", "XOR", "INC", "DEC", "XCHG", "XADD", "CMPXCHG", "MFENCE", "NOP"}

func (o Op) String() string { return opNames[o] }

// Instr is one instruction of a thread.
type Instr struct {
	Pos  ast.Pos
	Text string // as written, trimmed
	Op   Op
	// Lock is true for a LOCK prefix, and for XCHG with a memory operand
	// (which the processor locks by itself).
	Lock bool
	// Dst and Src are in Intel order whatever the syntax: the destination
	// first. Single-operand instructions use Dst only.
	Dst, Src Operand
}

// OperandKind says what an operand is.
type OperandKind int

const (
	None OperandKind = iota
	Reg              // a register: Name is its canonical name
	Mem              // a memory location: Name is the location
	Imm              // an immediate: Value
)

// Operand is one operand of an instruction.
type Operand struct {
	Kind  OperandKind
	Name  string
	Value int64
}

// Condition is the final condition: a quantifier over a proposition.
type Condition struct {
	Pos   ast.Pos
	Quant Quantifier
	Prop  Prop
}

// Quantifier is exists, ~exists or forall.
type Quantifier int

const (
	Exists Quantifier = iota
	NotExists
	Forall
)

func (q Quantifier) String() string {
	switch q {
	case NotExists:
		return "~exists"
	case Forall:
		return "forall"
	}
	return "exists"
}

// Kind is the word herd prints after the test's name: what the condition
// claims about the outcome it describes.
func (q Quantifier) Kind() string {
	switch q {
	case NotExists:
		return "Forbidden"
	case Forall:
		return "Required"
	}
	return "Allowed"
}
