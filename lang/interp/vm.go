// Package interp runs a compiled script on the coherence engine: threads
// with explicit state (frames, registers, program counters) advance one
// step at a time, a step being everything a thread does up to and
// including its next shared-memory access or synchronisation operation.
// A scheduler chooses the thread of every step; every load and store goes
// through the engine, so the caches see exactly what the program does.
package interp

// This file defines the VM, its options and its result, and the run loop.

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/compile"
	"github.com/cohere-sim/cohere/sim"
)

// Memory is the process memory map: heap allocation and thread stacks.
type Memory interface {
	Alloc(size, align int) (uint64, error)
	Stack(thread int) (top, bottom uint64)
}

// Mode is a scheduling policy.
type Mode uint8

// The modes.
const (
	Random Mode = iota
	Sequential
	RoundRobin
	Timed
	Order
)

// Schedule says how threads interleave.
type Schedule struct {
	Mode    Mode
	Seed    uint64
	Quantum int      // steps per turn under RoundRobin
	Order   []string // thread names, one per step, under Order
}

// Limits bound a run; each has a default that stops a runaway script in
// seconds.
type Limits struct {
	Steps        uint64        // memory and synchronisation steps (default 10M)
	Instructions uint64        // instructions in all (default 500M)
	Time         time.Duration // wall time (default 10s)
	Threads      int           // live threads and goroutines (default 10000)
	Memory       int64         // bytes of interpreter objects: strings, closures, boxed values (default 256 MiB)
}

// DefaultLimits are the bounds a plain `cohere run` uses.
func DefaultLimits() Limits {
	return Limits{Steps: 10_000_000, Instructions: 500_000_000, Time: 10 * time.Second, Threads: 10000, Memory: 256 << 20}
}

// StepObserver sees every access with the scheduler's step number and the
// thread that made it ("trace" for a trace block's lines).
type StepObserver interface {
	ObserveStep(step uint64, thread string, e *sim.Event)
}

// Options configure a VM.
type Options struct {
	StepObservers []StepObserver
	Schedule      Schedule
	GOMAXPROCS    int    // threads running at once (0: the core count)
	Preempt       uint64 // steps before a running thread yields to a waiting one
	Spin          int    // Lock attempts before parking
	Limits        Limits
	StoreBuffer   int // entries of each core's store buffer (x86-TSO); 0: none
	// StatementSteps makes a step run to the end of the statement that
	// makes an access (`run all atomicity statement`), not just the access.
	StatementSteps bool
	// Explore places threads on fixed cores (pinned, else thread number
	// modulo the cores) and leaves every choice to the caller: an
	// interleaving explorer steps the VM with StepThread.
	Explore bool
	Output  io.Writer       // the program's output, as it happens (nil: none)
	Stop    <-chan struct{} // closed to interrupt (Ctrl-C)
	File    string          // the script's name, for traces
	// IFetch reads each statement's code through the core's cache before
	// it runs (ifetch on); TextStart is where the code lies.
	IFetch    bool
	TextStart uint64
	// Race turns the race detector on; OnRace is called with each race
	// as it is found, and Describe names the variable at an address
	// (a global, the heap) for the reports.
	Race     bool
	OnRace   func(RaceReport)
	Describe func(addr uint64) string
}

// Outcome says how a run ended.
type Outcome uint8

// The outcomes.
const (
	Finished   Outcome = iota // every thread finished
	Panicked                  // an unrecovered panic
	Deadlocked                // every remaining thread is blocked
	BoundHit                  // a limit stopped the run
	Stopped                   // `run order` named a thread that could not run, or Ctrl-C
	FatalError                // stack overflow and other fatal runtime errors
)

// String says the outcome in words, as `cohere run` and the REPL print it
// and as the JSON report's "outcome" holds it.
func (o Outcome) String() string {
	switch o {
	case Finished:
		return "finished"
	case Panicked:
		return "panicked"
	case Deadlocked:
		return "deadlocked"
	case BoundHit:
		return "stopped by a bound"
	case Stopped:
		return "stopped"
	}
	return "fatal error"
}

// Result describes a finished run.
type Result struct {
	Outcome   Outcome
	Message   string // what ended it, printed as Go prints it (panic: ..., fatal error: ...)
	Output    []string
	Steps     uint64
	Abandoned []string // goroutines still running at the end
}

// VM runs one compiled program on one machine.
type VM struct {
	prog    *compile.Program
	m       *sim.Machine
	mem     Memory
	opt     Options
	threads []*thread // every thread ever started, in creation order
	ready   []*thread // runnable threads waiting for a P, FIFO
	running []*thread // threads holding a P (at most GOMAXPROCS; nil = a free P)
	// pickScratch is pickRandom's list of runnable threads; only its
	// first entries, written in the same call, are read.
	pickScratch [pickBuffer]*thread
	rng         uint64

	strings  []string
	boxes    []box
	closures []closure
	chans    []*channel
	mutexes  map[uint64]*waitQueue
	groups   map[uint64]*waitQueue
	race     *raceDetector // nil: races are not looked for

	objBytes    int64 // interpreter objects allocated, for the memory bound
	out         strings.Builder
	output      []string
	steps       uint64
	instrs      uint64
	deadline    time.Time
	result      *Result
	timed       bool    // run timed: accesses wait for earlier clocks
	tracePos    int     // the next line of the trace block
	cur         *thread // the thread taking the current step
	longStep    bool    // the last step was a long stretch of register work
	liveThreads int     // declared threads not yet finished
	rrTurn      int     // round robin: index into running
	rrLeft      int
	orderPos    int

	sbufs     []storeBuffer // each core's store buffer (storebuffer N)
	drainCore int           // the core whose buffer the last step drained, or -1
	stepMode  uint8         // where a step ends (stepAtAccess...)
	rec       *recorder     // the explorer's record of what a step touches (nil: none)
	choice    choiceState   // the explorer's choices inside a step (select)

	agentScratch []int
	textBase     []uint64 // each function's code address, with ifetch on (else nil)
}

// New prepares a VM: globals are initialised, the threads are created.
func New(prog *compile.Program, m *sim.Machine, mem Memory, opt Options) (*VM, error) {
	if opt.GOMAXPROCS <= 0 {
		opt.GOMAXPROCS = m.Cores()
	}
	if opt.Preempt == 0 {
		opt.Preempt = 10000
	}
	if opt.Spin < 0 {
		opt.Spin = 0
	}
	def := DefaultLimits()
	if opt.Limits.Steps == 0 {
		opt.Limits.Steps = def.Steps
	}
	if opt.Limits.Instructions == 0 {
		opt.Limits.Instructions = def.Instructions
	}
	if opt.Limits.Time == 0 {
		opt.Limits.Time = def.Time
	}
	if opt.Limits.Threads == 0 {
		opt.Limits.Threads = def.Threads
	}
	if opt.Limits.Memory == 0 {
		opt.Limits.Memory = def.Memory
	}
	vm := &VM{prog: prog, m: m, mem: mem, opt: opt, rng: opt.Schedule.Seed*0x9E3779B97F4A7C15 | 1,
		mutexes: map[uint64]*waitQueue{}, groups: map[uint64]*waitQueue{}, drainCore: -1}
	switch {
	case opt.StatementSteps:
		vm.stepMode = stepAtStatement
	case opt.Explore:
		vm.stepMode = stepBeforeNext
	}
	if opt.StoreBuffer > 0 {
		vm.sbufs = make([]storeBuffer, m.Cores())
	}
	if len(opt.StepObservers) > 0 {
		vm.watchSteps()
	}
	if opt.Race {
		vm.race = newRaceDetector(vm)
	}
	vm.strings = append([]string(nil), prog.Strings...)
	if opt.IFetch {
		for _, r := range prog.TextRanges(opt.TextStart) {
			vm.textBase = append(vm.textBase, r.Start)
		}
	}
	vm.boxes = []box{{}}        // handle 0: nil
	vm.closures = []closure{{}} // handle 0: nil
	vm.chans = []*channel{nil}  // handle 0: nil
	vm.running = make([]*thread, opt.GOMAXPROCS)
	// Globals' initial values, straight to memory.
	init := vm.newThread("init", prog.Init, -1, nil)
	init.direct = true
	vm.threads = vm.threads[:0]
	for init.status != done {
		if err := vm.runInit(init); err != nil {
			return nil, err
		}
		if init.status == blocked {
			return nil, fmt.Errorf("initialising globals: the initial value blocks (%s)", init.waitReason)
		}
	}
	// The init block's cache contents, over the globals' initial values.
	if err := vm.installInit(); err != nil {
		return nil, err
	}
	vm.rrLeft = max(opt.Schedule.Quantum, 1)
	vm.timed = opt.Schedule.Mode == Timed
	for _, ts := range prog.Threads {
		var args []int64
		if prog.Funcs[ts.Func].Params == 1 {
			args = []int64{ts.ID}
		}
		t := vm.newThread(ts.Name, ts.Func, ts.Core, args)
		vm.ready = append(vm.ready, t)
		vm.liveThreads++
	}
	return vm, nil
}

// runInit runs the initialiser thread to its end.
func (vm *VM) runInit(t *thread) error {
	vm.step(t)
	if vm.result != nil {
		return fmt.Errorf("initialising globals: %s", vm.result.Message)
	}
	return nil
}

// Run runs the program to its end: the trace block's accesses first, in
// order, then the threads.
func (vm *VM) Run() *Result {
	for vm.Step() {
	}
	return vm.Result()
}

// Step takes one step: the next line of the trace block, else a step of
// the thread the scheduler picks. It reports whether the run goes on.
func (vm *VM) Step() bool {
	if vm.result != nil {
		return false
	}
	vm.startClock()
	if vm.tracePos < len(vm.prog.Trace) {
		vm.traceStep()
		return vm.result == nil
	}
	if vm.threadsDone() {
		if vm.buffered() > 0 {
			vm.drainStep(vm.pickBuffer())
			vm.afterStep()
			return vm.result == nil
		}
		vm.finishOrDeadlock()
		return false
	}
	if vm.opt.Explore {
		// A VM made for exploring steps the first thread (or buffer) that
		// can: the explorer and a witness's replay name every step.
		agents := vm.enabledAgents(vm.agentScratch[:0])
		if len(agents) == 0 {
			vm.finishOrDeadlock()
			return false
		}
		vm.stepAgent(agents[0], 0)
		return vm.result == nil
	}
	vm.fillPs()
	if vm.sbufs != nil && vm.opt.Schedule.Mode == Random {
		if c := vm.randomDrain(); c >= 0 {
			vm.drainStep(c)
			vm.afterStep()
			return vm.result == nil
		}
	}
	t := vm.pick()
	if t == nil {
		vm.finishOrDeadlock()
		return false
	}
	vm.runStep(t)
	if vm.sbufs != nil && vm.opt.Schedule.Mode != Random {
		vm.lagDrain(t)
	}
	vm.afterStep()
	return vm.result == nil
}

// StepThread takes one step of the named thread, as `run order` names
// them: the interleaving chosen by hand.
func (vm *VM) StepThread(name string) error {
	if vm.result != nil {
		return fmt.Errorf("the run is over")
	}
	if vm.tracePos < len(vm.prog.Trace) {
		return fmt.Errorf("the trace block's %d accesses come first: step through them", len(vm.prog.Trace)-vm.tracePos)
	}
	vm.startClock()
	if core, ok := vm.drainNamed(name); ok {
		if core < 0 || core >= len(vm.sbufs) || len(vm.sbufs[core].entries) == 0 {
			return fmt.Errorf("%s: that core's store buffer is empty", name)
		}
		vm.drainStep(core)
		vm.afterStep()
		return nil
	}
	choice := 0
	if vm.opt.Explore {
		name, choice = splitChoice(name)
	}
	t, err := vm.threadNamed(name)
	if err != nil {
		return err
	}
	if vm.opt.Explore {
		vm.stepAgent(t.id, choice)
		return nil
	}
	if t.p < 0 {
		vm.takeP(t)
	}
	vm.runStep(t)
	vm.afterStep()
	return nil
}

// startClock starts the wall-time bound at the first step.
func (vm *VM) startClock() {
	if vm.deadline.IsZero() {
		vm.deadline = time.Now().Add(vm.opt.Limits.Time)
	}
}

// RestartClock gives the next steps a fresh wall-time bound (a REPL's
// `run` command is bounded on its own).
func (vm *VM) RestartClock() { vm.deadline = time.Time{} }

// SetStop replaces the channel that interrupts the run (Ctrl-C).
func (vm *VM) SetStop(stop <-chan struct{}) { vm.opt.Stop = stop }

// afterStep checks the bounds and whether the run is over: every thread
// done, or nothing left that can run (a deadlock is reported right after
// the step that caused it).
func (vm *VM) afterStep() {
	if vm.result == nil {
		vm.checkBounds()
	}
	if vm.result != nil {
		return
	}
	if t := vm.cur; t != nil && t.status == runnable {
		return // the thread that just stepped can go on: not over
	}
	if vm.threadsDone() && vm.buffered() > 0 {
		return // the store buffers drain before the run ends
	}
	if vm.threadsDone() || !vm.anyRunnable() {
		vm.finishOrDeadlock()
	}
}

// anyRunnable reports whether some thread can take a step.
func (vm *VM) anyRunnable() bool {
	for _, t := range vm.threads {
		if t.status == runnable || t.status == yielded {
			return true
		}
	}
	return false
}

// traceStep runs the next line of the trace block.
func (vm *VM) traceStep() {
	op := vm.prog.Trace[vm.tracePos]
	vm.tracePos++
	vm.cur, vm.drainCore = nil, -1
	vm.steps++
	var err error
	if op.Write {
		err = vm.m.Store(op.Core, op.Addr, op.Size, uint64(op.Value))
	} else {
		_, err = vm.m.Load(op.Core, op.Addr, op.Size)
	}
	if err != nil {
		vm.end(FatalError, fmt.Sprintf("%s: %v", op.Pos, err))
	}
}

// threadNamed finds a thread that can take a step.
func (vm *VM) threadNamed(name string) (*thread, error) {
	for _, t := range vm.threads {
		if t.name != name {
			continue
		}
		switch t.status {
		case done:
			return nil, fmt.Errorf("%s has finished", name)
		case blocked:
			return nil, fmt.Errorf("%s is blocked (%s)", name, t.waitReason)
		}
		return t, nil
	}
	return nil, fmt.Errorf("%s is not a thread (yet)", name)
}

// Done reports whether the run is over.
func (vm *VM) Done() bool { return vm.result != nil }

// Result returns how the run ended (nil while it goes on), with the
// program's output.
func (vm *VM) Result() *Result {
	if vm.result == nil {
		return nil
	}
	vm.output = vm.Output()
	vm.result.Output = vm.output
	vm.result.Steps = vm.steps
	return vm.result
}

// Output returns the program's output so far, line by line.
func (vm *VM) Output() []string {
	s := vm.out.String()
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// StepCount is how many steps have been taken.
func (vm *VM) StepCount() uint64 { return vm.steps }

// Current is the name of the thread that took the last step ("trace"
// for a trace line, "" before the first).
func (vm *VM) Current() string {
	if vm.cur == nil {
		if vm.drainCore >= 0 {
			return drainName(vm.drainCore)
		}
		if vm.steps > 0 {
			return "trace"
		}
		return ""
	}
	return vm.cur.name
}

// ThreadInfo describes a thread for a person.
type ThreadInfo struct {
	Name      string
	Status    string  // runnable, "blocked: reason", done
	Core      int     // -1 before it first runs (unless pinned)
	Pos       ast.Pos // where it stands: the next instruction's position
	Steps     uint64
	Goroutine bool
	// SP is the stack pointer: the lowest address of its stack in use,
	// the stack's top once the thread is done.
	SP     uint64
	Frames int    // calls under way, its body's included; 0 once done
	Func   string // the function running now: the innermost frame's
}

// Threads describes every thread started so far.
func (vm *VM) Threads() []ThreadInfo {
	var out []ThreadInfo
	for _, t := range vm.threads {
		ti := ThreadInfo{Name: t.name, Core: t.core, Steps: t.steps, Goroutine: t.goroutine, SP: t.sp}
		if t.pinned < 0 && t.p < 0 && t.steps == 0 {
			ti.Core = -1 // no core until it first runs
		}
		switch t.status {
		case done:
			ti.Status = "done"
			ti.SP = t.sp0(vm)
		case blocked:
			ti.Status = "blocked: " + t.waitReason
		default:
			ti.Status = "runnable"
		}
		if t.status == blocked && t.blockedAt.IsValid() {
			ti.Pos = t.blockedAt
		} else if n := len(t.frames); n > 0 {
			f := t.frames[n-1]
			if f.pc < len(f.fn.Pos) {
				ti.Pos = f.fn.Pos[f.pc]
			}
		}
		if n := len(t.frames); n > 0 {
			ti.Frames, ti.Func = n, t.frames[n-1].fn.Name
		}
		out = append(out, ti)
	}
	return out
}

// runStep runs one step of t and does the scheduler's bookkeeping.
func (vm *VM) runStep(t *thread) {
	vm.cur, vm.drainCore = t, -1
	vm.steps++
	t.steps++
	t.slice++
	vm.step(t)
	switch t.status {
	case done, blocked:
		vm.release(t)
	case yielded:
		t.status = runnable
		vm.release(t)
		vm.ready = append(vm.ready, t)
	default:
		if t.slice >= vm.opt.Preempt && len(vm.ready) > 0 {
			vm.release(t)
			vm.ready = append(vm.ready, t)
		}
	}
}

// checkBounds ends the run when a limit is reached.
func (vm *VM) checkBounds() {
	lim := &vm.opt.Limits
	if vm.steps < lim.Steps && vm.instrs < lim.Instructions && vm.steps%256 != 0 && !vm.longStep {
		return // the common case: the clock and Ctrl-C are looked at every 256 steps
	}
	switch {
	case vm.steps >= lim.Steps:
		vm.end(BoundHit, fmt.Sprintf("stopped after %d steps: the step limit (raise it with --max-steps)", vm.steps))
	case vm.instrs >= lim.Instructions:
		vm.end(BoundHit, fmt.Sprintf("stopped after %d instructions: the instruction limit (raise it with --max-instructions)", vm.instrs))
	case (vm.steps%1024 == 0 || vm.longStep) && time.Now().After(vm.deadline):
		vm.end(BoundHit, fmt.Sprintf("stopped after %s: the time limit (raise it with --timeout)", lim.Time))
	case vm.opt.Stop != nil && vm.steps%256 == 0:
		select {
		case <-vm.opt.Stop:
			vm.end(Stopped, fmt.Sprintf("interrupted after %d steps", vm.steps))
		default:
		}
	}
}

func (vm *VM) end(o Outcome, msg string) {
	if vm.result == nil {
		vm.result = &Result{Outcome: o, Message: msg}
	}
}

// threadsDone reports whether every declared thread has finished: the run
// is over, whatever goroutines are left.
func (vm *VM) threadsDone() bool { return vm.liveThreads == 0 }

// finishOrDeadlock ends a run when no thread can take a step.
func (vm *VM) finishOrDeadlock() {
	if vm.result != nil {
		return
	}
	var blockedMain []string
	var left []string
	for _, t := range vm.threads {
		if t.status == done {
			continue
		}
		if t.goroutine {
			left = append(left, t.name)
			continue
		}
		blockedMain = append(blockedMain, t.name)
	}
	if len(blockedMain) == 0 {
		vm.result = &Result{Outcome: Finished, Abandoned: left}
		return
	}
	var b strings.Builder
	b.WriteString("fatal error: all goroutines are asleep - deadlock!\n")
	for _, t := range vm.threads {
		if t.status == blocked {
			fmt.Fprintf(&b, "\n%s%s", vm.header(t), vm.traceback(t))
		}
	}
	vm.result = &Result{Outcome: Deadlocked, Message: strings.TrimRight(b.String(), "\n")}
}

// print appends program output.
func (vm *VM) print(s string) {
	if vm.grow(int64(len(s))); vm.result != nil {
		return
	}
	vm.objBytes -= int64(len(s)) // counted as output
	vm.out.WriteString(s)
	if vm.opt.Output != nil {
		io.WriteString(vm.opt.Output, s)
	}
}

// Machine returns the machine the VM runs on.
func (vm *VM) Machine() *sim.Machine { return vm.m }

// random is xorshift64*, seeded from the schedule.
func (vm *VM) random() uint64 {
	vm.rng ^= vm.rng >> 12
	vm.rng ^= vm.rng << 25
	vm.rng ^= vm.rng >> 27
	return vm.rng * 2685821657736338717
}

// watchSteps forwards the machine's events to the step observers.
func (vm *VM) watchSteps() {
	vm.m.Observe(sim.ObserverFunc(func(_ *sim.Machine, e *sim.Event) {
		name := vm.Current()
		for _, o := range vm.opt.StepObservers {
			o.ObserveStep(vm.steps, name, e)
		}
	}))
}

// AddStepObserver attaches a step observer to a run under way (a REPL
// replays steps unobserved, on the engine's fast path, then watches).
func (vm *VM) AddStepObserver(o StepObserver) {
	vm.opt.StepObservers = append(vm.opt.StepObservers, o)
	if len(vm.opt.StepObservers) == 1 {
		vm.watchSteps()
	}
}

// Memory returns the process memory map the run allocates from.
func (vm *VM) Memory() Memory { return vm.mem }
