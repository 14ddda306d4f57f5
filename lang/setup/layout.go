// This file places things in a MemoryMap: globals in data and bss (or at
// an explicit address), heap objects, and it names the region of any
// address for views and error messages.

package setup

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
)

// ErrHeapExhausted is wrapped by the error Alloc returns when the heap has
// no room left: a memory bound, which ends the run.
var ErrHeapExhausted = errors.New("heap exhausted")

// MaxAlign is the largest alignment a global or heap object may ask for.
const MaxAlign = PageSize

// Global is a variable placed in memory.
type Global struct {
	Name   string
	Addr   uint64
	Size   int
	Align  int
	Region string  // data, bss or mmap
	Fixed  bool    // placed by `at`
	Pos    ast.Pos // its declaration
}

// The regions that hold globals, as indices of Layout.placed.
const (
	inData = iota
	inBSS
	inMmap
	numGlobalRegions
)

// Layout places globals and heap objects in a MemoryMap, deterministically:
// the same calls in the same order give the same addresses.
//
// AddGlobal places a variable without an explicit address in data (or bss
// when its value is zero) at the lowest address at or after the previous
// such variable of that region that fits its alignment and overlaps no
// variable placed before, so variables follow one another in declaration
// order, flowing around those placed with `at`. A variable with `at` may
// stand anywhere in data, bss or mmap (not in text, the heap or a stack,
// which the program, the allocator and the threads own) where it overlaps
// no other variable. Callers that want automatic variables to flow around
// the explicit ones should add those first.
type Layout struct {
	m        MemoryMap
	globals  []Global
	placed   [numGlobalRegions][]int // indices of globals of non-zero size, by address
	cursor   [2]uint64               // next address to try in data and bss
	heapNext uint64
	heap     []HeapObject // what Alloc handed out, in address order
}

// HeapObject is one allocation on the heap.
type HeapObject struct {
	Addr uint64
	Size int
}

// NewLayout returns an empty layout of m.
func NewLayout(m MemoryMap) *Layout {
	return &Layout{m: m, cursor: [2]uint64{m.Data.Start, m.BSS.Start}, heapNext: m.Heap.Start}
}

// Map returns the memory map the layout places things in.
func (l *Layout) Map() MemoryMap { return l.m }

// Clone returns an independent copy, for snapshots.
func (l *Layout) Clone() *Layout {
	c := *l
	c.globals = append([]Global(nil), l.globals...)
	for k := range l.placed {
		c.placed[k] = append([]int(nil), l.placed[k]...)
	}
	// The record only grows: the copy shares it until either appends.
	c.heap = l.heap[:len(l.heap):len(l.heap)]
	return &c
}

// Globals returns the variables placed so far, in the order they were added.
func (l *Layout) Globals() []Global { return append([]Global(nil), l.globals...) }

func (l *Layout) region(k int) Region {
	return [numGlobalRegions]Region{l.m.Data, l.m.BSS, l.m.Mmap}[k]
}

// naturalAlign is the alignment of a value of size bytes when none is
// asked for: the smallest power of two holding it, at most a word.
func naturalAlign(size int) int {
	a := 1
	for a < size && a < 8 {
		a *= 2
	}
	return a
}

// checkAlign resolves align 0 to the natural alignment and refuses one
// that is not a power of two up to MaxAlign.
func checkAlign(align, size int, what string) (int, string) {
	if align == 0 {
		return naturalAlign(size), ""
	}
	if align < 0 || align&(align-1) != 0 || align > MaxAlign {
		return 0, fmt.Sprintf("align %d for %s: an alignment is a power of two from 1 to %d (1, 2, 4, 8, 16, 32, 64 ...)", align, what, MaxAlign)
	}
	return align, ""
}

func alignUp(a uint64, align int) uint64 {
	m := uint64(align) - 1
	return (a + m) &^ m
}

// AddGlobal places variable name of size bytes aligned to align (a power
// of two; 0 means its natural alignment: the smallest power of two
// holding it, at most 8), in bss when zero is set (its initial value is
// zero) and in data otherwise, or at *at when at is not nil. It returns
// the address; an error is a *diag.Error at pos saying what is wrong and
// what to do.
func (l *Layout) AddGlobal(name string, size, align int, zero bool, at *uint64, pos ast.Pos) (uint64, error) {
	what := "variable " + name
	if size < 0 {
		return 0, diag.Errorf(pos, "%s has a negative size %d", what, size)
	}
	align, msg := checkAlign(align, size, what)
	if msg != "" {
		return 0, diag.Errorf(pos, "%s", msg)
	}
	g := Global{Name: name, Size: size, Align: align, Pos: pos}
	var k int
	if at != nil {
		var err error
		if k, err = l.fixed(&g, *at); err != nil {
			return 0, err
		}
	} else {
		k = inData
		if zero {
			k = inBSS
		}
		addr, err := l.free(k, &g)
		if err != nil {
			return 0, err
		}
		g.Addr = addr
		l.cursor[k] = addr + uint64(size)
	}
	g.Region = l.region(k).Name
	l.insert(k, g)
	return g.Addr, nil
}

// free finds the first place at or after the region's cursor where g
// fits its alignment and overlaps no variable.
func (l *Layout) free(k int, g *Global) (uint64, error) {
	r := l.region(k)
	size := uint64(g.Size)
	addr := alignUp(l.cursor[k], g.Align)
	for addr <= r.End {
		o, ok := l.overlap(k, addr, size)
		if !ok {
			break
		}
		addr = alignUp(o.Addr+uint64(o.Size), g.Align)
	}
	if addr > r.End || r.End-addr < size {
		left := r.End - min(max(l.cursor[k], r.Start), r.End)
		need := (max(addr, r.Start) + size - r.Start + PageSize - 1) / PageSize * PageSize
		return 0, diag.Errorf(g.Pos, "no room for variable %s (%s) in %s %s: %s left; make the region larger with `memory { %s size %s }`",
			g.Name, bytesText(size), r.Name, span(r.Start, r.End), bytesText(left), r.Name, sizeText(need))
	}
	return addr, nil
}

// overlap returns a variable of region k that shares a byte with
// [addr, addr+size).
func (l *Layout) overlap(k int, addr, size uint64) (Global, bool) {
	if size == 0 {
		return Global{}, false
	}
	p := l.placed[k]
	// The variables do not overlap, so their ends are in order too.
	i := sort.Search(len(p), func(i int) bool {
		g := l.globals[p[i]]
		return g.Addr+uint64(g.Size) > addr
	})
	if i < len(p) && l.globals[p[i]].Addr < addr+size {
		return l.globals[p[i]], true
	}
	return Global{}, false
}

// fixed checks an explicit address and returns its region.
func (l *Layout) fixed(g *Global, at uint64) (int, error) {
	size := uint64(g.Size)
	if at%uint64(g.Align) != 0 {
		down := at &^ (uint64(g.Align) - 1)
		return 0, diag.Errorf(g.Pos, "variable %s at %s is not aligned to %d bytes: use %s or %s",
			g.Name, hex(at), g.Align, hex(down), hex(down+uint64(g.Align)))
	}
	k := -1
	for i := 0; i < numGlobalRegions; i++ {
		if l.region(i).Contains(at) {
			k = i
		}
	}
	if k < 0 {
		where := l.m.RegionOf(at)
		switch {
		case where == "text":
			where = "text, which holds the program's code"
		case where == "heap":
			where = "the heap, which the allocator manages"
		case strings.HasPrefix(where, "stack"):
			where = "the " + where + ", which belongs to that thread's frames"
		case where == "":
			where = "no region (nothing is mapped there)"
		default:
			where = "the " + where + " (nothing is mapped there)"
		}
		return 0, diag.Errorf(g.Pos, "variable %s at %s lies in %s; an explicit address goes in data %s, bss %s or mmap %s",
			g.Name, hex(at), where, span(l.m.Data.Start, l.m.Data.End), span(l.m.BSS.Start, l.m.BSS.End), span(l.m.Mmap.Start, l.m.Mmap.End))
	}
	r := l.region(k)
	if r.End-at < size {
		return 0, diag.Errorf(g.Pos, "variable %s at %s (%s) runs past the end of %s %s", g.Name, hex(at), bytesText(size), r.Name, span(r.Start, r.End))
	}
	if o, ok := l.overlap(k, at, size); ok {
		return 0, diag.Errorf(g.Pos, "variable %s at %s (%s) overlaps variable %s at %s (%s, declared on line %d)",
			g.Name, hex(at), bytesText(size), o.Name, hex(o.Addr), bytesText(uint64(o.Size)), o.Pos.Line)
	}
	g.Addr, g.Fixed = at, true
	return k, nil
}

func (l *Layout) insert(k int, g Global) {
	l.globals = append(l.globals, g)
	if g.Size == 0 {
		return
	}
	p := l.placed[k]
	i := sort.Search(len(p), func(i int) bool { return l.globals[p[i]].Addr > g.Addr })
	p = append(p, 0)
	copy(p[i+1:], p[i:])
	p[i] = len(l.globals) - 1
	l.placed[k] = p
}

// GlobalAt returns the variable holding addr, if any.
func (l *Layout) GlobalAt(addr uint64) (Global, bool) {
	for k := 0; k < numGlobalRegions; k++ {
		if l.region(k).Contains(addr) {
			return l.overlap(k, addr, 1)
		}
	}
	return Global{}, false
}

// Alloc returns the address of a new heap object of size bytes aligned to
// align (as for AddGlobal, 0 is the natural alignment). The heap grows up
// from its start and never frees. When it is full the error wraps
// ErrHeapExhausted and says how to make the heap larger.
func (l *Layout) Alloc(size, align int) (uint64, error) {
	if size < 0 {
		return 0, fmt.Errorf("cannot allocate a negative size %d", size)
	}
	align, msg := checkAlign(align, size, "a heap object")
	if msg != "" {
		return 0, errors.New(msg)
	}
	h := l.m.Heap
	addr := alignUp(l.heapNext, align)
	if addr > h.End || h.End-addr < uint64(size) {
		left := uint64(0)
		if addr < h.End {
			left = h.End - addr
		}
		return 0, fmt.Errorf("%w: cannot allocate %s: %s of the heap's %s %s are left; make it larger with `memory { heap size %s }`",
			ErrHeapExhausted, bytesText(uint64(size)), bytesText(left), sizeText(h.Size()), span(h.Start, h.End), sizeText(2*h.Size()))
	}
	l.heapNext = addr + uint64(size)
	l.heap = append(l.heap, HeapObject{Addr: addr, Size: size})
	return addr, nil
}

// HeapObjects returns the objects Alloc has handed out, in address order
// (the order of the calls: the heap never frees).
func (l *Layout) HeapObjects() []HeapObject { return append([]HeapObject(nil), l.heap...) }

// Brk is the program break: the end of the heap in use, where the next
// allocation starts (before its alignment).
func (l *Layout) Brk() uint64 { return l.heapNext }

// HeapUsed is how many bytes of the heap Alloc has handed out (alignment
// padding included).
func (l *Layout) HeapUsed() uint64 { return l.heapNext - l.m.Heap.Start }

// Stack returns the bounds of thread's stack (see MemoryMap.Stack).
func (l *Layout) Stack(thread int) (top, bottom uint64) { return l.m.Stack(thread) }

// RegionOf names the region of addr (see MemoryMap.RegionOf).
func (l *Layout) RegionOf(addr uint64) string { return l.m.RegionOf(addr) }

// bytesText prints a byte count: 8 bytes, 4KiB, 16MiB.
func bytesText(n uint64) string {
	if n == 1 {
		return "1 byte"
	}
	if n >= 1024 && n%1024 == 0 {
		return sizeText(n)
	}
	return fmt.Sprintf("%d bytes", n)
}
