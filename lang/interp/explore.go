// This file explores every interleaving of a program (`run all`): a
// depth-first search over the run's states, each step a thread's step or
// a store buffer's drain, with equal states (by hash) explored once and,
// with reduction, dynamic partial-order reduction (Flanagan and Godefroid,
// POPL 2005) so that independent steps are not permuted. Revisiting a
// state already explored adds the backtracking its subtree's steps would
// have caused (Yang et al., "Efficient stateful dynamic partial order
// reduction", SPIN 2008), so the two stay sound together.

package interp

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cohere-sim/cohere/sim"
)

// ExploreConfig configures Explore.
type ExploreConfig struct {
	// Start returns a fresh VM, made with Options.Explore, at the start
	// of the run. Explore replays a schedule from it to return to a state.
	Start func() (*VM, error)
	// Outcome describes a final state: the values that make an outcome.
	Outcome func(vm *VM) []string
	// Reduce turns on partial-order reduction; without it every
	// interleaving is enumerated (equal states still merge).
	Reduce bool
	// CachesMatter: the outcome looks at cache states (or the protocol
	// keeps no coherence), so the caches' contents are part of a state and
	// two accesses to one cache set never commute.
	CachesMatter bool
	// CloneMemory copies the process memory map; with it the search keeps
	// a copy of the run at each state on its stack and branches from it,
	// else it replays the schedule from the start.
	CloneMemory func(Memory) Memory
	MaxStates   int           // distinct states before the search is cut short (default 1,000,000)
	Timeout     time.Duration // wall time before it is cut short (default 10s)
	Stop        <-chan struct{}
}

// Exploration is what Explore found.
type Exploration struct {
	Outcomes    []ExploredOutcome // in the order they were first reached
	States      int               // distinct states explored
	Transitions uint64            // steps taken from explored states
	Replayed    uint64            // returns to an earlier state (a copy of it, or a replay)
	Complete    bool              // every interleaving was covered
	Cut         string            // why not, when not
}

// ExploredOutcome is one distinct final state.
type ExploredOutcome struct {
	Values  []string
	End     string // how the run ended: finished, deadlocked, panicked: ...
	Count   uint64 // schedules explored that reach it (see docs: merged states count once per path through them)
	Witness []string
	Message string // the run's end message (a panic, a deadlock), if any
}

// transition is one step choice: an agent and, inside its step, which
// alternative a select takes.
type transition struct{ agent, choice int }

// sumEntry is one access somewhere below a state, for revisits.
type sumEntry struct {
	agent int
	acc   access
}

// stateInfo is what is kept of a state once seen.
type stateInfo struct {
	finished bool           // its subtree is explored (else it is on the stack)
	depth    int            // its place on the stack while not finished
	counts   []outcomeCount // schedules to each outcome below it
	// summary is every access below it, sorted (with reduction); while
	// the state is on the stack, pending collects them unsorted.
	summary []sumEntry
	pending []sumEntry
	reduce  bool
}

// exNode is a state on the search stack.
type exNode struct {
	info    *stateInfo
	enabled []int
	todo    []transition
	done    []transition
	taken   transition // the step under exploration from this state
	fp      []access   // what it touched
	clock   []int32    // its vector clock (happens-before over steps), by agent index
	woke    []int      // threads it made runnable (woken or started)
	snap    *VM        // a copy of the run in this state (with CloneMemory)
}

type explorer struct {
	cfg          ExploreConfig
	vm           *VM
	vmDepth      int // the stack depth whose state vm is in, or -1
	stack        []*exNode
	visited      map[uint64]*stateInfo
	rec          recorder
	res          Exploration
	outcomeIndex map[string]int // outcome key to index in res.Outcomes
	start        time.Time
	spare        []*sim.Machine // machines of popped snapshots, to reuse
	snaps        int            // copies on the stack
	index        stepIndex      // the stack's steps by key and agent
	cands        []int          // scratch for races
}

// Explore runs every interleaving of the program that cfg.Start makes and
// returns the distinct outcomes. An error means the VM could not be made
// or a replay diverged (a bug: the run is not deterministic).
func Explore(cfg ExploreConfig) (*Exploration, error) {
	if cfg.MaxStates <= 0 {
		cfg.MaxStates = 1_000_000
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	x := &explorer{cfg: cfg, visited: map[uint64]*stateInfo{}, outcomeIndex: map[string]int{}, start: time.Now(), index: newStepIndex()}
	x.rec.bySet = cfg.CachesMatter
	vm, err := x.fresh()
	if err != nil {
		return nil, err
	}
	x.vm, x.vmDepth = vm, 0
	root := x.arrive()
	if root != nil {
		x.res.Complete = true
	} else {
		root = x.stack[0].info
		if err := x.search(); err != nil {
			return nil, err
		}
	}
	x.finishCounts(root)
	return &x.res, nil
}

// fresh makes a VM at the start, past the trace block.
func (x *explorer) fresh() (*VM, error) {
	vm, err := x.cfg.Start()
	if err != nil {
		return nil, err
	}
	if !vm.opt.Explore {
		return nil, errors.New("explore: the VM was not made for exploring")
	}
	for vm.result == nil && vm.tracePos < len(vm.prog.Trace) {
		vm.Step()
	}
	return vm, nil
}

// search is the depth-first loop.
func (x *explorer) search() error {
	x.res.Complete = true
	defer func() { x.vm = nil }()
	for len(x.stack) > 0 {
		if cut := x.bound(); cut != "" {
			x.res.Complete, x.res.Cut = false, cut
			for len(x.stack) > 0 {
				x.pop() // what was found so far counts
			}
			return nil
		}
		top := len(x.stack) - 1
		n := x.stack[top]
		tr, ok := n.next()
		if !ok {
			x.pop()
			continue
		}
		if x.vmDepth != top {
			if err := x.restore(top); err != nil {
				return err
			}
		}
		x.take(n, tr)
		x.arrive()
	}
	return nil
}

// bound says which bound, if any, cuts the search short.
func (x *explorer) bound() string {
	if len(x.visited) >= x.cfg.MaxStates {
		return fmt.Sprintf("stopped after %d states: the state limit (raise it with --max-states)", len(x.visited))
	}
	if x.res.Transitions%256 == 0 {
		if time.Since(x.start) > x.cfg.Timeout {
			return fmt.Sprintf("stopped after %s: the time limit (raise it with --timeout)", x.cfg.Timeout)
		}
		if x.cfg.Stop != nil {
			select {
			case <-x.cfg.Stop:
				return "interrupted"
			default:
			}
		}
	}
	return ""
}

// snapEvery is how often, in depth, the stack keeps a copy of the run:
// a copy costs about as much as a few steps, so returning to a state
// copies the nearest one above it and replays the few steps from there.
const snapEvery = 4

// maxSnaps bounds the copies on the stack (each holds a machine): below
// that depth, returns replay from the deepest copy.
const maxSnaps = 512

// restore brings the VM to the state at stack depth d: from the nearest
// copy at or above it, else by replaying from the start.
func (x *explorer) restore(d int) error {
	from := d
	for from >= 0 && x.stack[from].snap == nil {
		from--
	}
	if from < 0 {
		return x.replay(d)
	}
	x.recycle(x.vm)
	vm := x.stack[from].snap.cloneInto(x.spareMachine(), x.cfg.CloneMemory)
	for i := from; i < d; i++ {
		tr := x.stack[i].taken
		vm.stepAgent(tr.agent, tr.choice)
	}
	x.vm, x.vmDepth = vm, d
	x.res.Replayed++
	return nil
}

// replay brings a fresh VM to the state at stack depth d.
func (x *explorer) replay(d int) error {
	vm, err := x.fresh()
	if err != nil {
		return err
	}
	for i := 0; i < d; i++ {
		tr := x.stack[i].taken
		vm.stepAgent(tr.agent, tr.choice)
		x.res.Replayed++
	}
	x.vm, x.vmDepth = vm, d
	return nil
}

// take runs one step from the state on top of the stack.
func (x *explorer) take(n *exNode, tr transition) {
	vm := x.vm
	if len(n.done) > 0 {
		x.index.remove(len(x.stack)-1, n.taken.agent, n.fp, n.woke) // the step taken before from here
	}
	n.taken = tr
	n.done = append(n.done, tr)
	before := len(vm.threads)
	var wasBlocked []bool
	for _, t := range vm.threads {
		wasBlocked = append(wasBlocked, t.status == blocked)
	}
	x.rec.fp = x.rec.fp[:0]
	vm.rec = &x.rec
	vm.stepAgent(tr.agent, tr.choice)
	vm.rec = nil
	x.res.Transitions++
	x.vmDepth = -1
	n.fp = append(n.fp[:0], x.rec.fp...)
	n.woke = n.woke[:0]
	for i, t := range vm.threads {
		if i >= before || wasBlocked[i] && t.status != blocked {
			n.woke = append(n.woke, t.id)
		}
	}
	if tr.choice == 0 {
		for c := 1; c < vm.choice.offered; c++ {
			n.add(transition{tr.agent, c})
		}
	}
	if n.info.reduce {
		for _, a := range n.fp {
			n.info.pending = append(n.info.pending, sumEntry{tr.agent, a})
		}
	}
	if x.cfg.Reduce {
		x.races(len(x.stack) - 1)
	}
	x.index.add(len(x.stack)-1, tr.agent, n.fp, n.woke)
}

// races finds the earlier steps that the step from stack[j] races with
// (dependent, by another agent, not ordered by happens-before) and adds
// the reversal to their backtrack sets; then it gives the step its clock.
func (x *explorer) races(j int) {
	n := x.stack[j]
	p := n.taken.agent
	var before []int32
	if own := x.index.steps[p]; len(own) > 0 {
		before = joinClock(before, x.stack[own[len(own)-1]].clock)
	}
	for _, k := range x.index.woken[p] {
		before = joinClock(before, x.stack[k].clock)
	}
	clock := append([]int32(nil), before...)
	x.cands = x.index.conflicting(n.fp, j, x.cfg.CachesMatter, x.cands)
	for _, i := range x.cands {
		ni := x.stack[i]
		if ni.taken.agent == p {
			continue
		}
		if clockAt(before, ni.taken.agent) < int32(i+1) {
			x.backtrack(i, p)
		}
		clock = joinClock(clock, ni.clock)
	}
	n.clock = setClock(clock, p, int32(j+1))
}

// backtrack makes stack[i] also try agent p (all of its enabled agents
// when p could not step there).
func (x *explorer) backtrack(i, p int) {
	n := x.stack[i]
	if contains(n.enabled, p) {
		n.add(transition{p, 0})
		return
	}
	for _, e := range n.enabled {
		n.add(transition{e, 0})
	}
}

// arrive looks at the state the VM has just reached: a state seen before
// adds what is known of it to the step that led here; a final state is
// an outcome; any other state goes on the stack. It returns the state's
// info when the state was not pushed.
func (x *explorer) arrive() *stateInfo {
	vm := x.vm
	h := vm.stateHash(x.cfg.CachesMatter)
	var parent *exNode
	if len(x.stack) > 0 {
		parent = x.stack[len(x.stack)-1]
	}
	if info, ok := x.visited[h]; ok {
		x.revisit(parent, info)
		return info
	}
	info := &stateInfo{reduce: x.cfg.Reduce}
	x.visited[h] = info
	x.res.States++
	enabled := vm.enabledAgents(nil)
	if vm.result != nil || len(enabled) == 0 {
		info.finished = true
		info.counts = []outcomeCount{{x.outcome(), 1}}
		if parent != nil {
			x.merge(parent, info)
			if x.cfg.Reduce {
				x.leftBehind()
			}
		}
		return info
	}
	n := &exNode{info: info, enabled: enabled}
	info.depth = len(x.stack)
	// Go on with the same agent when it can: fewer context switches.
	first := enabled[0]
	if parent != nil && contains(enabled, parent.taken.agent) {
		first = parent.taken.agent
	}
	n.add(transition{first, 0})
	if !x.cfg.Reduce {
		for _, e := range enabled {
			n.add(transition{e, 0})
		}
	}
	if x.cfg.CloneMemory != nil && len(x.stack)%snapEvery == 0 && x.snaps < maxSnaps {
		n.snap = vm.cloneInto(x.spareMachine(), x.cfg.CloneMemory)
		x.snaps++
	}
	x.stack = append(x.stack, n)
	x.vmDepth = len(x.stack) - 1
	return nil
}

// leftBehind is for a run that ended with agents that could still have
// stepped (a panic ended it, or the declared threads finished and left
// goroutines running): their next steps are unknown, so every state on
// the path where one of them could have stepped instead also tries it.
func (x *explorer) leftBehind() {
	stepped := map[int]bool{}
	for i := len(x.stack) - 1; i >= 0; i-- {
		ni := x.stack[i]
		stepped[ni.taken.agent] = true
		for _, q := range ni.enabled {
			if !stepped[q] {
				ni.add(transition{q, 0})
			}
		}
	}
}

// revisit handles a state reached again.
func (x *explorer) revisit(parent *exNode, info *stateInfo) {
	if parent == nil {
		return
	}
	if !info.finished {
		// A cycle (a spin loop): the states on it are expanded fully, so
		// that no step is put off for ever.
		for k := info.depth; k < len(x.stack); k++ {
			for _, e := range x.stack[k].enabled {
				x.stack[k].add(transition{e, 0})
			}
		}
		return
	}
	x.merge(parent, info)
	if !x.cfg.Reduce {
		return
	}
	for _, e := range info.summary {
		x.cands = x.index.conflicting([]access{e.acc}, len(x.stack), x.cfg.CachesMatter, x.cands)
		for _, i := range x.cands {
			if x.stack[i].taken.agent != e.agent {
				x.backtrack(i, e.agent)
			}
		}
	}
}

// merge adds a finished state's counts and summary to its parent's.
func (x *explorer) merge(parent *exNode, info *stateInfo) {
	p := parent.info
	for _, c := range info.counts {
		p.counts = addCount(p.counts, c.outcome, c.n)
	}
	if p.reduce {
		p.pending = append(p.pending, info.summary...)
		if len(p.pending) > 4096 {
			p.pending = sortedSummary(p.pending)
		}
	}
}

// pop leaves a state whose steps are all explored.
func (x *explorer) pop() {
	n := x.stack[len(x.stack)-1]
	if len(n.done) > 0 {
		x.index.remove(len(x.stack)-1, n.taken.agent, n.fp, n.woke)
	}
	x.stack = x.stack[:len(x.stack)-1]
	n.info.finished = true
	if n.info.reduce {
		n.info.summary = sortedSummary(n.info.pending)
		n.info.pending = nil
	}
	if n.snap != nil {
		x.recycle(n.snap)
		x.snaps--
		n.snap = nil
	}
	if len(x.stack) > 0 {
		x.merge(x.stack[len(x.stack)-1], n.info)
	}
	x.vmDepth = -1
}

// spareMachine returns a machine to copy a state into, or nil.
func (x *explorer) spareMachine() *sim.Machine {
	if n := len(x.spare); n > 0 {
		m := x.spare[n-1]
		x.spare = x.spare[:n-1]
		return m
	}
	return nil
}

// recycle keeps a VM's machine for a later copy.
func (x *explorer) recycle(vm *VM) {
	if vm != nil && len(x.spare) < 64 {
		x.spare = append(x.spare, vm.m)
	}
}

// outcome records the final state the VM is in and returns its index.
func (x *explorer) outcome() int {
	vm := x.vm
	values := x.cfg.Outcome(vm)
	res := vm.Result()
	end, msg := "finished", ""
	if res != nil {
		end, msg = res.Outcome.String(), res.Message
		if res.Outcome == BoundHit || res.Outcome == Stopped {
			x.res.Complete = false
			x.res.Cut = "a run " + msg
		}
	}
	key := strings.Join(values, "\x00") + "\x00" + end
	if i, ok := x.outcomeIndex[key]; ok {
		return i
	}
	var witness []string
	for _, n := range x.stack {
		witness = append(witness, vm.agentName(n.taken.agent, n.taken.choice))
	}
	x.outcomeIndex[key] = len(x.res.Outcomes)
	x.res.Outcomes = append(x.res.Outcomes, ExploredOutcome{Values: values, End: end, Witness: witness, Message: msg})
	return len(x.res.Outcomes) - 1
}

// Counts are filled in from the root's info at the end.
func (x *explorer) finishCounts(root *stateInfo) {
	for i := range x.res.Outcomes {
		for _, c := range root.counts {
			if c.outcome == i {
				x.res.Outcomes[i].Count = c.n
			}
		}
	}
}

// outcomeCount is how many schedules from a state reach one outcome.
type outcomeCount struct {
	outcome int
	n       uint64
}

func addCount(cs []outcomeCount, outcome int, n uint64) []outcomeCount {
	for i := range cs {
		if cs[i].outcome == outcome {
			cs[i].n += n
			return cs
		}
	}
	return append(cs, outcomeCount{outcome, n})
}

// sortedSummary sorts a summary into a fixed order without repeats, so
// that the search (and the witnesses it finds) is the same on every run.
func sortedSummary(s []sumEntry) []sumEntry {
	sort.Slice(s, func(i, j int) bool {
		a, b := s[i], s[j]
		if a.agent != b.agent {
			return a.agent < b.agent
		}
		if a.acc.key != b.acc.key {
			return a.acc.key < b.acc.key
		}
		return !a.acc.write && b.acc.write
	})
	out := s[:0]
	for _, e := range s {
		if len(out) == 0 || e != out[len(out)-1] {
			out = append(out, e)
		}
	}
	return slices.Clip(out)
}

func (n *exNode) add(tr transition) {
	for _, d := range n.done {
		if d == tr {
			return
		}
	}
	for _, d := range n.todo {
		if d == tr {
			return
		}
	}
	n.todo = append(n.todo, tr)
}

func (n *exNode) next() (transition, bool) {
	for len(n.todo) > 0 {
		tr := n.todo[0]
		n.todo = n.todo[1:]
		if !containsTransition(n.done, tr) {
			return tr, true
		}
	}
	return transition{}, false
}

func containsTransition(ts []transition, tr transition) bool {
	for _, t := range ts {
		if t == tr {
			return true
		}
	}
	return false
}

func contains(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

// agentIndex numbers agents densely for vector clocks: threads even,
// buffers odd.
func agentIndex(a int) int {
	if a >= 0 {
		return 2 * a
	}
	return 2*(-a-1) + 1
}

func clockAt(c []int32, agent int) int32 {
	if i := agentIndex(agent); i < len(c) {
		return c[i]
	}
	return 0
}

func setClock(c []int32, agent int, v int32) []int32 {
	i := agentIndex(agent)
	for len(c) <= i {
		c = append(c, 0)
	}
	c[i] = v
	return c
}

func joinClock(a, b []int32) []int32 {
	for len(a) < len(b) {
		a = append(a, 0)
	}
	for i, v := range b {
		if v > a[i] {
			a[i] = v
		}
	}
	return a
}
