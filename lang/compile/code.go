// Package compile turns a checked script into a Program: functions of
// register bytecode that the interpreter (lang/interp) runs one step at a
// time, with explicit thread state so that a run can be stepped, replayed
// and explored. Variables in simulated memory are reached through their
// addresses; every load and store is an instruction of its own.
package compile

// This file defines the instructions and the compiled program.

import (
	"fmt"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/types"
)

// Op is an instruction's operation. Operands A, B, C are slot numbers in
// the current frame unless the comment says otherwise.
type Op uint8

// The operations.
const (
	OpNop       Op = iota
	OpConst        // A = Consts[B]
	OpMove         // A = B
	OpAdd          // A = B + C
	OpSub          // A = B - C
	OpMul          // A = B * C
	OpDiv          // A = B / C (panics on zero)
	OpMod          // A = B % C (panics on zero)
	OpAnd          // A = B & C
	OpOr           // A = B | C
	OpXor          // A = B ^ C
	OpAndNot       // A = B &^ C
	OpShl          // A = B << C (panics on a negative shift)
	OpShr          // A = B >> C
	OpNeg          // A = -B
	OpNot          // A = !B
	OpBitNot       // A = ^B
	OpEq           // A = B == C
	OpNe           // A = B != C
	OpLt           // A = B < C
	OpLe           // A = B <= C
	OpGt           // A = B > C
	OpGe           // A = B >= C
	OpStrEq        // A = string B == string C
	OpStrLt        // A = string B < string C
	OpConcat       // A = string B + string C
	OpStrLen       // A = len(string B)
	OpJmp          // pc = A
	OpJmpIf        // if A != 0 { pc = B }
	OpJmpIfNot     // if A == 0 { pc = B }
	OpLoad         // A = memory[B], C bytes: one step
	OpStore        // memory[A] = B, C bytes: one step
	OpFrameAddr    // A = the frame's base address + B (a stack-frame local)
	OpAlloc        // A = a fresh heap object of Consts[B] bytes, aligned to C
	OpBounds       // panic unless 0 <= slot A < Consts[B]
	OpNilCheck     // panic if A == 0
	OpCall         // call Funcs[A] with arguments in slots B...; results land in B...
	OpCallValue    // call the closure in slot A with arguments in B...; results land in B...
	OpReturn       // begin returning: run the deferred calls, then continue at the epilogue
	OpRet          // the epilogue's end: hand the result slots back to the caller
	OpClosure      // A = a closure of Funcs[B] capturing the C slots after A... (see compiler)
	OpGo           // start a goroutine: Funcs[A] (or, with C < 0, the closure in slot B) with arguments
	OpDefer        // push a deferred call (operands as OpGo)
	OpPanic        // panic with the value in slot A, of type Types[B]
	OpRecover      // A = recover()
	OpBox          // A = the value in slot B boxed as an any of type Types[C]
	OpPrint        // print per Prints[A], arguments in slots B...
	OpAtomic       // atomic op Atomics[A]: address in B, operands after it; result in B
	OpLock         // lock the mutex at address A (spins, then parks)
	OpUnlock       // unlock the mutex at address A
	OpTryLock      // A = try to lock the mutex at address B
	OpWgAdd        // add B to the wait group at address A (B slot)
	OpWgWait       // wait until the wait group at address A is zero
	OpMakeChan     // A = a new channel of element type Types[C], capacity in slot B
	OpSend         // send slot B on the channel in slot A
	OpRecv         // A = receive from the channel in slot B; C >= 0: slot C = whether a value came (false once closed and drained)
	OpClose        // close the channel in slot A
	OpYield        // end the step and let another thread run
	OpSleep        // advance this thread's core clock by slot A cycles
	OpFence        // a full fence: ends the step
	OpCopyMem      // copy Consts[C] bytes from address in B to address in A (array assignment, word by word)
	OpZeroMem      // zero Consts[B] bytes at the address in A, word by word (stack locals)
	OpStrIndex     // A = string B [C]
	OpChanLen      // A = the number of values buffered in the channel in slot B
	OpAddI         // A = B + C, C an immediate (a constant written in the program)
	OpSubI         // A = B - C
	OpMulI         // A = B * C
	OpEqI          // A = B == C
	OpNeI          // A = B != C
	OpLtI          // A = B < C
	OpLeI          // A = B <= C
	OpGtI          // A = B > C
	OpGeI          // A = B >= C
	OpSelect       // select per Selects[A]: slot B = the index of the case chosen (len(Cases) for default)
	OpEnd          // the end of a thread's body
	// OpCallStack and OpCallValueStack are OpCall and OpCallValue under
	// `abi stack` at a call site that is not inlined: the arguments and
	// the return address go through the caller's stack, and so do the
	// results on the way back (the VM's stackABI.go).
	OpCallStack
	OpCallValueStack
	NumOps
)

var opNames = [...]string{"nop", "const", "move", "add", "sub", "mul", "div", "mod", "and", "or", "xor", "andnot", "shl", "shr",
	"neg", "not", "bitnot", "eq", "ne", "lt", "le", "gt", "ge", "streq", "strlt", "concat", "strlen", "jmp", "jmpif", "jmpifnot",
	"load", "store", "frameaddr", "alloc", "bounds", "nilcheck", "call", "callvalue", "return", "ret", "closure", "go", "defer",
	"panic", "recover", "box", "print", "atomic", "lock", "unlock", "trylock", "wgadd", "wgwait", "makechan", "send", "recv",
	"close", "yield", "sleep", "fence", "copymem", "zeromem", "strindex", "chanlen", "addi", "subi", "muli", "eqi", "nei", "lti", "lei", "gti", "gei", "select", "end",
	"callstack", "callvaluestack"}

func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return fmt.Sprintf("op%d", o)
}

// Instr is one instruction.
type Instr struct {
	Op      Op
	A, B, C int32
}

// Func is one compiled function, function literal or thread body.
type Func struct {
	Name      string
	Code      []Instr
	Pos       []ast.Pos // the source position of each instruction
	Slots     int       // registers per frame
	Params    int       // parameters occupy slots 0...Params-1
	Results   int       // results occupy slots Params...Params+Results-1 at return
	FrameSize int       // bytes of stack frame for memory locals
	Captures  int       // a literal's captured addresses arrive in slots after the results
	Thread    bool      // a thread's body (OpEnd ends it)
	HasDefer  bool
	Epilogue  int // where a return continues after the deferred calls
	// Locals maps a thread body's outermost locals to their slots, for
	// thread.local in expects: a register holds the value, a memory
	// local its address.
	Locals map[string]LocalInfo
	// StmtStart marks the instructions where a statement begins: a step
	// of `run all atomicity statement` ends before one.
	StmtStart []bool
}

// markStatement records that the instruction at pc begins a statement.
func (f *Func) markStatement(pc int) {
	for len(f.StmtStart) <= pc {
		f.StmtStart = append(f.StmtStart, false)
	}
	f.StmtStart[pc] = true
}

// StatementStart reports whether a statement begins at pc.
func (f *Func) StatementStart(pc int) bool { return pc < len(f.StmtStart) && f.StmtStart[pc] }

// LocalInfo says where a local lives.
type LocalInfo struct {
	Slot   int
	Memory bool
	Type   *types.Type
}

// PrintKind is which printing function.
type PrintKind uint8

// The printing functions.
const (
	PrintBuiltin   PrintKind = iota // print
	PrintlnBuiltin                  // println
	FmtPrint                        // fmt.Print
	FmtPrintln                      // fmt.Println
	FmtPrintf                       // fmt.Printf
)

// PrintSpec describes one print call: its kind and its arguments' types.
type PrintSpec struct {
	Kind PrintKind
	Args []*types.Type
}

// AtomicKind is which atomic operation.
type AtomicKind uint8

// The atomic operations.
const (
	AtomicAdd AtomicKind = iota
	AtomicLoad
	AtomicStore
	AtomicCAS
	AtomicSwap
)

// SelectCase is one communicating case of a select; its operands are
// slots of the frame, evaluated before the select runs.
type SelectCase struct {
	Send  bool
	Chan  int32 // the channel
	Value int32 // a send: the value sent; a receive: where the value lands
	Ok    int32 // a receive: where whether a value came lands, or -1
}

// SelectSpec describes one select statement.
type SelectSpec struct {
	Cases   []SelectCase // in source order, default left out
	Default bool
}

// ThreadSpec is one thread to start at time 0.
type ThreadSpec struct {
	Name string // w0, or worker[2]
	Func int
	Core int   // a pinned core, or -1
	ID   int64 // the value of id for thread groups
	Pos  ast.Pos
}

// GlobalSpec is one global variable.
type GlobalSpec struct {
	Name string
	Addr uint64
	Type *types.Type
	Pos  ast.Pos
}

// TraceOp is one line of a trace block, resolved.
type TraceOp struct {
	Core  int
	Write bool
	Addr  uint64
	Size  int
	Value int64
	Pos   ast.Pos
}

// InitOp is one line of an init block, resolved: a word of a global that
// a core's cache holds in a state when the run starts.
type InitOp struct {
	Core     int
	Name     string // the global or element, as written: a, counts[2]
	Addr     uint64
	Size     int
	State    string // a state of the machine's protocol
	Value    int64
	HasValue bool // false: the value comes from memory or another copy
	Pos      ast.Pos
}

// Program is a compiled script.
type Program struct {
	InitBlock []InitOp  // cache contents installed before the first step
	Trace     []TraceOp // run in order before the threads
	Funcs     []*Func
	Threads   []ThreadSpec
	Globals   []GlobalSpec
	Init      int // the function that initialises globals, run before the threads
	Consts    []int64
	Strings   []string
	Types     []*types.Type
	Prints    []PrintSpec
	Atomics   []AtomicKind
	Selects   []SelectSpec
	GlobalOf  map[string]GlobalSpec
	// Hoisted lists the loads that hoist on moved out of loops.
	Hoisted []HoistedLoad
}

// HoistedLoad is a load of a global that a loop reads from a register:
// done once, before the loop, at Loop.
type HoistedLoad struct {
	Name string  // the global, or an element with constant indexes: flags[1]
	Loop ast.Pos // the for statement
}

// Layout places globals in simulated memory (lang/setup implements it).
type Layout interface {
	AddGlobal(name string, size, align int, zero bool, at *uint64, pos ast.Pos) (uint64, error)
}

// Accesses reports whether the operation reaches memory or synchronises:
// the operations that end a step.
func (o Op) Accesses() bool {
	switch o {
	case OpLoad, OpStore, OpCopyMem, OpZeroMem, OpAtomic, OpLock, OpUnlock, OpTryLock, OpWgAdd, OpWgWait,
		OpSend, OpRecv, OpClose, OpSelect, OpFence, OpYield, OpCallStack, OpCallValueStack:
		return true
	}
	return false
}
