// This file interprets `memory { ... }`: where the regions of the
// process's address space lie, on top of Linux x86-64-like defaults.

package setup

import (
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
)

// The address space and the default memory map. Regions start and end on
// pages; the first page stays unmapped so that a nil dereference faults.
const (
	PageSize = 4096
	UserTop  = 0x800000000000 // the first address above user space

	DefaultTextAt     = 0x400000
	DefaultTextSize   = 2 << 20 // so that data starts at 0x600000
	DefaultDataSize   = 1 << 20
	DefaultBSSSize    = 1 << 20
	DefaultHeapAt     = 0x1000000
	DefaultHeapSize   = 16 << 20
	DefaultStackTop   = 0x7ffffffff000
	DefaultStackSize  = 64 << 10
	DefaultStackGuard = PageSize
	// StackReserve is the room kept for the stacks between the stack top
	// and the default mmap region: 1927 stacks of 64KiB with their guards.
	StackReserve    = 128 << 20
	DefaultMmapSize = 16 << 20
)

// Region is one contiguous part of the address space: [Start, End).
type Region struct {
	Name       string // text, data, bss, heap or mmap
	Start, End uint64
	Pos        ast.Pos // the setting that placed it; zero for a default place
}

// Size is the region's length in bytes.
func (r Region) Size() uint64 { return r.End - r.Start }

// Contains reports whether addr lies in the region.
func (r Region) Contains(addr uint64) bool { return addr >= r.Start && addr < r.End }

func (r Region) String() string { return r.Name + " " + span(r.Start, r.End) }

// MemoryMap is the address space of a script's process. Thread n's stack
// is [StackTop - n*(StackSize+StackGuard) - StackSize, StackTop -
// n*(StackSize+StackGuard)): thread 0's just below StackTop, each next one
// below the previous with StackGuard bytes unmapped between them, down to
// StackLow (the end of the highest region below the stacks).
type MemoryMap struct {
	Text, Data, BSS, Heap, Mmap Region

	StackTop   uint64
	StackSize  uint64
	StackGuard uint64
	StackLow   uint64
	StackPos   ast.Pos // the stack setting; zero when it is left at its default

	Pos ast.Pos // the first memory block; zero when there is none
}

// DefaultMemoryMap is the map of a script without a memory block:
//
//	text   [0x400000, 0x600000)              2MiB
//	data   [0x600000, 0x700000)              1MiB, right after text
//	bss    [0x700000, 0x800000)              1MiB, right after data
//	heap   [0x1000000, 0x2000000)            16MiB, grows up
//	mmap   [0x7ffff6fff000, 0x7ffff7fff000)  16MiB, ending 128MiB below the stack top
//	stacks 64KiB each from 0x7ffffffff000 down, a 4KiB guard between them
func DefaultMemoryMap() MemoryMap {
	m, _ := build(nil)
	return m
}

// Regions returns text, data, bss, heap and mmap in address order.
func (m MemoryMap) Regions() []Region {
	rs := []Region{m.Text, m.Data, m.BSS, m.Heap, m.Mmap}
	sortRegions(rs)
	return rs
}

func sortRegions(rs []Region) {
	for i := 1; i < len(rs); i++ {
		for j := i; j > 0 && rs[j].Start < rs[j-1].Start; j-- {
			rs[j], rs[j-1] = rs[j-1], rs[j]
		}
	}
}

// MaxThreads is how many stacks fit between StackTop and StackLow.
func (m MemoryMap) MaxThreads() int {
	if m.StackTop < m.StackLow+m.StackSize {
		return 0
	}
	return int((m.StackTop - m.StackLow + m.StackGuard) / (m.StackSize + m.StackGuard))
}

// Stack returns the bounds of thread's stack: it grows down from top
// (exclusive: the first push goes below it) to bottom. Both are 0 for a
// thread number outside 0 ... MaxThreads()-1.
func (m MemoryMap) Stack(thread int) (top, bottom uint64) {
	if thread < 0 || thread >= m.MaxThreads() {
		return 0, 0
	}
	top = m.StackTop - uint64(thread)*(m.StackSize+m.StackGuard)
	return top, top - m.StackSize
}

// RegionOf names the part of the address space addr lies in: "text",
// "data", "bss", "heap", "mmap", "stack of thread 2", "guard below the
// stack of thread 2", or "" when nothing is mapped there.
func (m MemoryMap) RegionOf(addr uint64) string {
	for _, r := range []Region{m.Text, m.Data, m.BSS, m.Heap, m.Mmap} {
		if r.Contains(addr) {
			return r.Name
		}
	}
	if addr >= m.StackTop || addr < m.StackLow {
		return ""
	}
	step := m.StackSize + m.StackGuard
	off := m.StackTop - 1 - addr
	t := int(off / step)
	if t >= m.MaxThreads() {
		return ""
	}
	if off%step < m.StackSize {
		return fmt.Sprintf("stack of thread %d", t)
	}
	return fmt.Sprintf("guard below the stack of thread %d", t)
}

// regionSetting is what one line of a memory block asked for.
type regionSetting struct {
	pos                      ast.Pos
	at, size, guard          uint64
	hasAt, hasSize, hasGuard bool
}

var memorySettings = []struct{ name, usage string }{
	{"text", "text [at ADDR] [size BYTES]"},
	{"data", "data [at ADDR] [size BYTES]"},
	{"bss", "bss [at ADDR] [size BYTES]"},
	{"heap", "heap [at ADDR] [size BYTES]"},
	{"mmap", "mmap [at ADDR] [size BYTES]"},
	{"stack", "stack [at TOP] [size BYTES] [guard BYTES]"},
}

// Memory interprets the memory blocks of a script on top of the default
// map. Several blocks act as one; a region may be set once. A region left
// without `at` keeps its default place, except that data follows text,
// bss follows data, the heap starts at 0x1000000 or after bss if bss ends
// higher, and mmap ends StackReserve (128MiB) below the stack top.
// Addresses and sizes are whole pages; regions must not overlap, and at
// least one stack must fit.
func Memory(decls []*ast.MemoryDecl) (MemoryMap, diag.List) {
	var errs diag.List
	var pos ast.Pos
	seen := once{}
	set := map[string]*regionSetting{}
	for _, d := range decls {
		if !pos.IsValid() {
			pos = d.Pos
		}
		for _, s := range d.Settings {
			readRegion(s, seen, set, &errs)
		}
	}
	if len(errs) > 0 {
		return DefaultMemoryMap(), errs
	}
	m, errs := build(set)
	for _, e := range errs {
		if !e.Pos.IsValid() {
			e.Pos = pos
		}
	}
	if len(errs) > 0 {
		return DefaultMemoryMap(), errs
	}
	m.Pos = pos
	return m, nil
}

// build places the regions from what the settings asked for; errors
// about regions left at their defaults have no position.
func build(set map[string]*regionSetting) (MemoryMap, diag.List) {
	var errs diag.List
	var m MemoryMap
	get := func(name string) *regionSetting {
		if s, ok := set[name]; ok {
			return s
		}
		return &regionSetting{}
	}
	place := func(dst *Region, name string, at, size uint64) bool {
		s := get(name)
		r := Region{Name: name, Start: at, Pos: s.pos}
		if s.hasAt {
			r.Start = s.at
		}
		if s.hasSize {
			size = s.size
		}
		r.End = r.Start + size
		if r.End > UserTop || r.End < r.Start {
			if s.hasAt {
				errs.Addf(s.pos, "%s at %s with size %s runs past the end of user space (%s)", name, hex(r.Start), sizeText(size), hex(UserTop))
			} else {
				errs.Addf(s.pos, "%s would start at %s, its default place, and with size %s run past the end of user space (%s): place it with `%s at ADDR`",
					name, hex(r.Start), sizeText(size), hex(UserTop), name)
			}
			return false
		}
		*dst = r
		return true
	}
	if !place(&m.Text, "text", DefaultTextAt, DefaultTextSize) ||
		!place(&m.Data, "data", m.Text.End, DefaultDataSize) ||
		!place(&m.BSS, "bss", m.Data.End, DefaultBSSSize) ||
		!place(&m.Heap, "heap", max(DefaultHeapAt, m.BSS.End), DefaultHeapSize) {
		return m, errs
	}

	st := get("stack")
	m.StackTop, m.StackSize, m.StackGuard, m.StackPos = DefaultStackTop, DefaultStackSize, DefaultStackGuard, st.pos
	if st.hasAt {
		m.StackTop = st.at
	}
	if st.hasSize {
		m.StackSize = st.size
	}
	if st.hasGuard {
		m.StackGuard = st.guard
	}
	if m.StackTop < m.StackSize+PageSize {
		errs.Addf(st.pos, "stack at %s: a %s stack needs room below its top, above the first page", hex(m.StackTop), sizeText(m.StackSize))
		return m, errs
	}
	mm := get("mmap")
	mmapSize := uint64(DefaultMmapSize)
	if mm.hasSize {
		mmapSize = mm.size
	}
	mmapAt := uint64(0)
	if !mm.hasAt {
		if m.StackTop < StackReserve+mmapSize+PageSize {
			errs.Addf(st.pos, "stack at %s leaves no room for the mmap region, which sits %s below the stack top by default: place it with `mmap at ADDR`",
				hex(m.StackTop), sizeText(StackReserve))
			return m, errs
		}
		mmapAt = m.StackTop - StackReserve - mmapSize
	}
	if !place(&m.Mmap, "mmap", mmapAt, mmapSize) {
		return m, errs
	}

	stack0 := Region{Name: "stack of thread 0", Start: m.StackTop - m.StackSize, End: m.StackTop, Pos: st.pos}
	all := append(m.Regions(), stack0)
	sortRegions(all)
	for i := range all {
		for j := i + 1; j < len(all) && all[j].Start < all[i].End; j++ {
			a, b := all[i], all[j]
			errs.Addf(later(a.Pos, b.Pos), "%s overlaps %s: regions must not share addresses; move one with `%s at ADDR` or `%s at ADDR`",
				a, b, settingName(a.Name), settingName(b.Name))
		}
	}
	if len(errs) > 0 {
		return m, errs
	}
	m.StackLow = PageSize
	for _, r := range m.Regions() {
		if r.End <= stack0.Start {
			m.StackLow = max(m.StackLow, r.End)
		}
	}
	return m, errs
}

func settingName(region string) string {
	if strings.HasPrefix(region, "stack") {
		return "stack"
	}
	return region
}

// readRegion reads one line of a memory block.
func readRegion(s *ast.Setting, seen once, set map[string]*regionSetting, errs *diag.List) {
	usage := ""
	for _, ms := range memorySettings {
		if ms.name == s.Name.Text {
			usage = ms.usage
		}
	}
	if usage == "" {
		var names []string
		for _, ms := range memorySettings {
			names = append(names, ms.name)
		}
		errs.Add(unknown(s.Name, "memory setting", names, "one of "+strings.Join(names, ", ")+", as in `heap at 0x1000000 size 16MiB`"))
		return
	}
	if !seen.first(s, errs) {
		return
	}
	name := s.Name.Text
	a := newArgs(s, errs, usage)
	if a.none() {
		return
	}
	options := []string{"at", "size"}
	if name == "stack" {
		options = append(options, "guard")
	}
	rs := &regionSetting{pos: s.Name.Pos}
	n := len(*errs)
	for a.more() {
		k := a.next()
		key, ok := a.keyword(k, name+" option", options)
		if !ok {
			break
		}
		given := map[string]bool{"at": rs.hasAt, "size": rs.hasSize, "guard": rs.hasGuard}[key]
		if given {
			errs.Addf(k.Pos, "%s %s is given twice: keep one", name, key)
			break
		}
		w, ok := a.value(name + " " + key)
		if !ok {
			break
		}
		switch key {
		case "at":
			if v, ok := a.addr(w, name+" at"); ok && checkAt(name, w, v, errs) {
				rs.at, rs.hasAt = v, true
			}
		case "size":
			if v, ok := a.size(w, name+" size"); ok && checkSize(name+" size", w, v, false, errs) {
				rs.size, rs.hasSize = v, true
			}
		case "guard":
			if v, ok := a.size(w, name+" guard"); ok && checkSize(name+" guard", w, v, true, errs) {
				rs.guard, rs.hasGuard = v, true
			}
		}
	}
	if len(*errs) == n {
		set[name] = rs
	}
}

// checkAt checks a region's address: a page boundary inside user space,
// above the first page. For the stack, the address is its top.
func checkAt(name string, w ast.Word, v uint64, errs *diag.List) bool {
	switch {
	case v%PageSize != 0:
		down := v / PageSize * PageSize
		errs.Addf(w.Pos, "%s at %s: a region starts on a 4KiB page boundary (try %s or %s)", name, w.Text, hex(down), hex(down+PageSize))
	case v < PageSize || name == "stack" && v < 2*PageSize:
		errs.Addf(w.Pos, "%s at %s: the first page %s stays unmapped so that nil dereferences fault; use %s or above",
			name, w.Text, span(0, PageSize), hex(PageSize))
	case v > UserTop || name != "stack" && v == UserTop:
		errs.Addf(w.Pos, "%s at %s: user addresses end at %s", name, w.Text, hex(UserTop))
	default:
		return true
	}
	return false
}

// checkSize checks a region's size (or the guard's, which may be 0): a
// whole number of pages within user space.
func checkSize(what string, w ast.Word, v uint64, zero bool, errs *diag.List) bool {
	switch {
	case v == 0 && !zero:
		errs.Addf(w.Pos, "%s %s: a region needs at least one 4KiB page", what, w.Text)
	case v%PageSize != 0:
		errs.Addf(w.Pos, "%s %s: sizes are whole 4KiB pages (try %s)", what, w.Text, sizeText((v+PageSize-1)/PageSize*PageSize))
	case v >= UserTop:
		errs.Addf(w.Pos, "%s %s: user space holds only %s", what, w.Text, sizeText(UserTop))
	default:
		return true
	}
	return false
}
