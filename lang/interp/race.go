// This file is the race detector's core: a vector clock per thread and a
// FastTrack shadow word per memory word, checked on every program-level
// load and store.

package interp

import (
	"fmt"

	"github.com/cohere-sim/cohere/lang/compile"
)

// The detector follows FastTrack (Flanagan and Freund, PLDI 2009): each
// thread has a vector clock; each 8-byte word of memory remembers its last
// write as an epoch (a thread and that thread's clock) and its last read
// as an epoch, or, while several threads read it without an order between
// them, one epoch per reading thread. An access races with a remembered
// one when the remembered epoch is not in the accessing thread's clock.
// An epoch also carries where the access was (an interned call stack and
// the instruction), so that a report can show the earlier access's stack
// without a stack being captured on every access.
//
// Accesses of one byte (bools) and accesses that straddle a word get
// shadow words of their own, one per byte, besides the word's: a byte's
// access is checked against its word's and its own; a word's access
// against its own and those of any bytes that have one. Bytes of one word
// used by different threads are then not a race, as in Go.

// raceAccess is an access as the shadow memory remembers it.
type raceAccess struct {
	clock  uint32 // the accessing thread's clock then
	thread uint32 // the thread's id + 1; 0: no access
	stack  uint32 // the interned call stack (see raceStacks)
	pc     uint32 // the instruction in the stack's innermost function, | atomicAccess
}

// atomicAccess marks an access made by a sync/atomic operation: two atomic
// accesses never race.
const atomicAccess = 1 << 31

func (a raceAccess) atomic() bool { return a.pc&atomicAccess != 0 }

// shadowWord is FastTrack's state of one word (or of one byte).
type shadowWord struct {
	write raceAccess // the last write
	read  raceAccess // the last read, while reads == 0
	reads uint32     // an index into raceDetector.readSets: unordered reads by several threads; 0: none
	bytes bool       // some byte of this word has a shadow word of its own
}

// shadowPage holds the shadow words of one 4 KiB page of memory. Pages
// hold no pointers, so the garbage collector does not scan them.
type shadowPage [pageWords]shadowWord

const (
	pageShift     = 12
	pageWords     = 1 << pageShift / 8
	pageCacheSize = 64 // a direct-mapped cache before the map: threads sweeping arrays of their own do not evict each other's pages
)

// cachedPage is an entry of the page cache; page is nil when empty.
type cachedPage struct {
	num  uint64
	page *shadowPage
}

// raceThread is a thread's clock and what a report says about its start.
type raceThread struct {
	clock vclock
	// A goroutine's creator and where it was created: the go statement's
	// call stack in the creator.
	goroutine    bool
	parent       int
	createdStack uint32
	createdPC    uint32
}

// raceDetector checks every access of the program's threads. A VM without
// one (--race=false) pays a nil check per access.
type raceDetector struct {
	vm      *VM
	threads []*raceThread // by thread id

	pages     map[uint64]*shadowPage
	pageCache [pageCacheSize]cachedPage // recently used pages, by page number mod pageCacheSize
	byteCell  map[uint64]*shadowWord    // bytes accessed alone (see above)
	readSets  [][]raceAccess            // index 0 unused
	freeSets  []uint32

	syncs map[uint64]*vclock // mutexes, wait groups and atomically accessed words, by address
	chans map[*channel]*chanClocks

	stacks   raceStacks
	seen     map[racePair]bool // the pairs of source positions reported
	seenCode map[raceCode]bool // the pairs of instructions met
	reports  []RaceReport
	bytes    int64  // memory the detector holds, for the memory bound
	halted   string // why the detector stopped checking, if it did
}

func newRaceDetector(vm *VM) *raceDetector {
	return &raceDetector{vm: vm, pages: map[uint64]*shadowPage{},
		byteCell: map[uint64]*shadowWord{}, readSets: make([][]raceAccess, 1),
		syncs: map[uint64]*vclock{}, chans: map[*channel]*chanClocks{},
		stacks: newRaceStacks(), seen: map[racePair]bool{}, seenCode: map[raceCode]bool{}}
}

// read is the hook at the top of VM.load: a program-level read.
func (d *raceDetector) read(t *thread, addr uint64, size int) {
	if d != nil && !t.direct {
		d.access(t, addr, size, false)
	}
}

// write is the hook at the top of VM.store: a program-level write.
func (d *raceDetector) write(t *thread, addr uint64, size int) {
	if d != nil && !t.direct {
		d.access(t, addr, size, true)
	}
}

// rmw is the hook at the top of VM.rmw: an atomic read-modify-write (the
// instruction says whether it is the program's sync/atomic or a mutex's,
// wait group's or channel's own word, which the other hooks handle).
func (d *raceDetector) rmw(t *thread, addr uint64) {
	if d != nil && !t.direct {
		d.access(t, addr, 8, true)
	}
}

// access checks one access against the shadow memory and records it. The
// instruction being run says what kind of access it is: a load, a store
// or a copy is data; an atomic operation is an atomic access that also
// synchronises; anything else (a lock's word, a wait group's counter, a
// channel's lock) is a synchronisation object's own state, not data.
func (d *raceDetector) access(t *thread, addr uint64, size int, write bool) {
	if d.halted != "" {
		return
	}
	top := len(t.frames) - 1
	f := &t.frames[top]
	pc := max(f.pc-1, 0)
	in := f.fn.Code[pc]
	rt := d.thread(t)
	flags := uint32(0)
	var atomicKind compile.AtomicKind
	switch in.Op {
	case compile.OpLoad, compile.OpStore, compile.OpCopyMem, compile.OpZeroMem:
	case compile.OpAtomic:
		// Go's race runtime: a load acquires, a store releases, a
		// read-modify-write does both, on a clock of the word's own. The
		// acquire comes before the check, so that a plain access ordered
		// by this very operation is not reported.
		flags = atomicAccess
		atomicKind = d.vm.prog.Atomics[in.A]
		if atomicKind != compile.AtomicStore {
			d.join(&rt.clock, *d.sync(addr))
		}
	default:
		return
	}
	cur := raceAccess{clock: rt.clock[t.id], thread: uint32(t.id + 1), stack: d.stackOf(t, top), pc: uint32(pc) | flags}
	if size == 8 && addr&7 == 0 {
		w := d.word(addr)
		d.check(t, rt, w, cur, write, addr, true)
		if w.bytes {
			for b := addr; b < addr+8; b++ {
				if c := d.byteCell[b]; c != nil {
					d.check(t, rt, c, cur, write, b, false)
				}
			}
		}
	} else {
		for b := addr; b < addr+uint64(size); b++ {
			w := d.word(b &^ 7)
			w.bytes = true
			d.check(t, rt, w, cur, write, b, false)
			c := d.byteCell[b]
			if c == nil {
				c = &shadowWord{}
				d.byteCell[b] = c
				d.grow(48)
			}
			d.check(t, rt, c, cur, write, b, true)
		}
	}
	if flags != 0 && write {
		if atomicKind == compile.AtomicStore {
			d.releaseStore(t, rt, d.sync(addr))
		} else {
			d.releaseInto(t, rt, d.sync(addr))
		}
	}
}

// word returns the shadow word of the 8-byte word at addr.
func (d *raceDetector) word(addr uint64) *shadowWord {
	n := addr >> pageShift
	c := &d.pageCache[n%pageCacheSize]
	if c.num != n || c.page == nil {
		p := d.pages[n]
		if p == nil {
			p = new(shadowPage)
			d.pages[n] = p
			d.grow(int64(len(p)) * 40)
		}
		c.num, c.page = n, p
	}
	return &c.page[addr>>3&(pageWords-1)]
}

// check is FastTrack's read and write rules on one shadow word: it reports
// a race with a remembered access that is not ordered before cur, and,
// when record is set, remembers cur.
func (d *raceDetector) check(t *thread, rt *raceThread, w *shadowWord, cur raceAccess, write bool, addr uint64, record bool) {
	c := rt.clock
	if !write {
		// Read: the same epoch again changes nothing.
		if record && d.sameReadEpoch(w, cur) {
			return
		}
		if d.races(c, w.write, cur) {
			d.report(t, cur, false, w.write, true, addr)
		}
		if !record {
			return
		}
		switch {
		case w.reads != 0:
			d.addRead(w.reads, cur)
		case w.read.thread == 0 || w.read.thread == cur.thread || w.read.clock <= c.at(int(w.read.thread-1)):
			w.read = cur // the last read is ordered before this one: this one is enough
		default:
			w.reads = d.newReadSet(w.read, cur)
			w.read = raceAccess{}
		}
		return
	}
	if record && w.write.thread == cur.thread && w.write.clock == cur.clock && w.write.atomic() == cur.atomic() {
		return
	}
	raced := false
	if d.races(c, w.write, cur) {
		d.report(t, cur, true, w.write, true, addr)
		raced = true
	}
	if w.reads != 0 {
		for _, r := range d.readSets[w.reads] {
			if d.races(c, r, cur) {
				d.report(t, cur, true, r, false, addr)
				raced = true
			}
		}
	} else if d.races(c, w.read, cur) {
		d.report(t, cur, true, w.read, false, addr)
		raced = true
	}
	if !record {
		return
	}
	w.write = cur
	if !raced {
		// Every read is ordered before this write, so it is ordered
		// before anything this write is ordered before.
		if w.reads != 0 {
			d.freeReadSet(w.reads)
			w.reads = 0
		}
		w.read = raceAccess{}
	}
}

// races reports whether the remembered access prev is concurrent with cur,
// made by the thread whose clock is c: prev's epoch is not in c, and they
// are not both atomic.
func (d *raceDetector) races(c vclock, prev, cur raceAccess) bool {
	return prev.thread != 0 && prev.thread != cur.thread && prev.clock > c.at(int(prev.thread-1)) &&
		!(prev.atomic() && cur.atomic())
}

// sameReadEpoch reports whether the thread read the word already in its
// current epoch (FastTrack's read-same-epoch rule).
func (d *raceDetector) sameReadEpoch(w *shadowWord, cur raceAccess) bool {
	if w.reads == 0 {
		return w.read.thread == cur.thread && w.read.clock == cur.clock && w.read.atomic() == cur.atomic()
	}
	for _, r := range d.readSets[w.reads] {
		if r.thread == cur.thread {
			return r.clock == cur.clock && r.atomic() == cur.atomic()
		}
	}
	return false
}

// newReadSet starts FastTrack's read-shared state with two reads.
func (d *raceDetector) newReadSet(a, b raceAccess) uint32 {
	var i uint32
	if n := len(d.freeSets); n > 0 {
		i = d.freeSets[n-1]
		d.freeSets = d.freeSets[:n-1]
		d.readSets[i] = append(d.readSets[i][:0], a, b)
	} else {
		d.readSets = append(d.readSets, []raceAccess{a, b})
		i = uint32(len(d.readSets) - 1)
		d.grow(64)
	}
	return i
}

// addRead records a read in a read set: it replaces the thread's earlier
// read there.
func (d *raceDetector) addRead(i uint32, cur raceAccess) {
	set := d.readSets[i]
	for j := range set {
		if set[j].thread == cur.thread {
			set[j] = cur
			return
		}
	}
	d.readSets[i] = append(set, cur)
	d.grow(16)
}

func (d *raceDetector) freeReadSet(i uint32) { d.freeSets = append(d.freeSets, i) }

// thread returns t's race state; a declared thread gets its clock at its
// first access (declared threads start at time 0, with no edges between
// them).
func (d *raceDetector) thread(t *thread) *raceThread {
	if t.id < len(d.threads) {
		if rt := d.threads[t.id]; rt != nil && rt.clock != nil {
			return rt
		}
	}
	rt := &raceThread{parent: -1}
	rt.clock.set(t.id, 1)
	d.setThread(t.id, rt)
	d.grow(int64(4 * cap(rt.clock)))
	return rt
}

func (d *raceDetector) setThread(id int, rt *raceThread) {
	for len(d.threads) <= id {
		d.threads = append(d.threads, nil)
	}
	d.threads[id] = rt
	d.grow(64 + 8) // the clock's own memory is counted as it grows
}

// exit is the hook where a thread ends. The end of a thread is no edge,
// but its clock is not needed any more (what it released lives on in the
// objects it released to): with thousands of goroutines, the clocks of
// the finished ones would be most of the detector's memory.
func (d *raceDetector) exit(t *thread) {
	if d == nil || t.direct || t.id >= len(d.threads) || d.threads[t.id] == nil {
		return
	}
	rt := d.threads[t.id]
	d.bytes -= int64(4 * cap(rt.clock))
	rt.clock = nil
}

// join merges src into *dst, counting the memory that takes.
func (d *raceDetector) join(dst *vclock, src vclock) {
	n := cap(*dst)
	dst.join(src)
	d.grow(int64(4 * (cap(*dst) - n)))
}

// assign makes *dst a copy of src, counting the memory that takes.
func (d *raceDetector) assign(dst *vclock, src vclock) {
	n := cap(*dst)
	dst.assign(src)
	d.grow(int64(4 * (cap(*dst) - n)))
}

// grow counts memory the detector holds; past the memory bound the run
// stops, as it would for the program's own objects.
func (d *raceDetector) grow(n int64) {
	d.bytes += n
	if used := d.bytes + d.vm.objBytes + int64(d.vm.out.Len()); used >= d.vm.opt.Limits.Memory && d.vm.result == nil {
		d.vm.end(BoundHit, fmt.Sprintf("stopped at %d MiB of race detector state, strings, closures and output: the memory limit (raise it with --max-memory, or turn the detector off with --race=false)", used>>20))
	}
}

// vclock is a vector clock: entry i is the time of thread i this clock
// has seen (absent entries are 0).
type vclock []uint32

func (c vclock) at(i int) uint32 {
	if i < len(c) {
		return c[i]
	}
	return 0
}

func (c *vclock) set(i int, v uint32) {
	for len(*c) <= i {
		*c = append(*c, 0)
	}
	(*c)[i] = v
}

// join makes c the entry-wise maximum of c and o.
func (c *vclock) join(o vclock) {
	for len(*c) < len(o) {
		*c = append(*c, 0)
	}
	cc := *c
	for i, v := range o {
		if v > cc[i] {
			cc[i] = v
		}
	}
}

// assign makes c a copy of o, reusing c's storage.
func (c *vclock) assign(o vclock) {
	*c = append((*c)[:0], o...)
}
