package setup

import (
	"errors"
	"slices"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
)

func at(a uint64) *uint64 { return &a }

type global struct {
	name        string
	size, align int
	zero        bool
	at          *uint64
}

// add places gs in order, line by line from line 10, and returns the
// addresses and the errors rendered as the checker would print them.
func add(l *Layout, gs ...global) ([]uint64, string) {
	var addrs []uint64
	var errs diag.List
	for i, g := range gs {
		a, err := l.AddGlobal(g.name, g.size, g.align, g.zero, g.at, pos(10+i, 5))
		if err != nil {
			var e *diag.Error
			if !errors.As(err, &e) {
				panic("AddGlobal returned a plain error")
			}
			errs.Add(e)
		}
		addrs = append(addrs, a)
	}
	return addrs, errText(errs)
}

func TestLayoutGlobals(t *testing.T) {
	l := NewLayout(DefaultMemoryMap())
	got, errs := add(l,
		global{"a", 8, 0, true, nil},     // bss
		global{"b", 8, 0, false, nil},    // data
		global{"c", 1, 0, false, nil},    // a byte
		global{"d", 8, 0, false, nil},    // aligned to 8 after c
		global{"pad", 64, 64, true, nil}, // a line of its own
		global{"flag", 8, 0, false, at(0x600040)},
		global{"e", 64, 0, false, nil},                // would overlap flag: goes after it
		global{"f", 4, 0, false, nil},                 // natural alignment 4
		global{"none", 0, 0, false, nil},              // zero size: no room taken
		global{"g", 2, 0, false, nil},                 // natural alignment 2
		global{"arr", 24, 0, true, nil},               // after pad
		global{"lib", 8, 0, true, at(0x7ffff6fff000)}, // mmap
		global{"z", 8, 8, false, at(0x700100)},        // an explicit address in bss
	)
	if errs != "" {
		t.Fatal(errs)
	}
	want := []uint64{0x700000, 0x600000, 0x600008, 0x600010, 0x700040, 0x600040, 0x600048, 0x600088, 0x60008c, 0x60008c, 0x700080, 0x7ffff6fff000, 0x700100}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("global %d: %#x, want %#x", i, got[i], want[i])
		}
	}
	gs := l.Globals()
	if len(gs) != 13 || gs[5] != (Global{Name: "flag", Addr: 0x600040, Size: 8, Align: 8, Region: "data", Fixed: true, Pos: pos(15, 5)}) ||
		gs[0].Region != "bss" || gs[11].Region != "mmap" || gs[12].Region != "bss" {
		t.Errorf("globals %+v", gs)
	}
	for _, tc := range []struct {
		addr uint64
		want string
	}{
		{0x600000, "b"}, {0x600007, "b"}, {0x600008, "c"}, {0x600009, ""}, {0x600047, "flag"},
		{0x60008b, "f"}, {0x60008c, "g"}, {0x700097, "arr"}, {0x7ffff6fff004, "lib"}, {0x400000, ""}, {0x1000000, ""},
	} {
		g, ok := l.GlobalAt(tc.addr)
		if g.Name != tc.want || ok != (tc.want != "") {
			t.Errorf("GlobalAt(%#x) = %q %v, want %q", tc.addr, g.Name, ok, tc.want)
		}
	}

	// The same calls give the same layout.
	l2 := NewLayout(DefaultMemoryMap())
	add(l2, global{"a", 8, 0, true, nil}, global{"b", 8, 0, false, nil})
	if l2.Globals()[1].Addr != 0x600000 {
		t.Error("not deterministic")
	}
}

func TestLayoutGlobalErrors(t *testing.T) {
	small, errs := Memory(memory("data size 4KiB", "bss size 4KiB"))
	checkErrs(t, "small", errs, "")
	const explicit = "an explicit address goes in data [0x600000, 0x700000), bss [0x700000, 0x800000) or mmap [0x7ffff6fff000, 0x7ffff7fff000)"
	for _, tc := range []struct {
		name string
		gs   []global
		want string
	}{
		{"negative", []global{{"x", -1, 0, false, nil}},
			"t.coh:10:5: variable x has a negative size -1"},
		{"align", []global{{"x", 8, 3, false, nil}, {"y", 8, 8192, false, nil}},
			"t.coh:10:5: align 3 for variable x: an alignment is a power of two from 1 to 4096 (1, 2, 4, 8, 16, 32, 64 ...)\n" +
				"t.coh:11:5: align 8192 for variable y: an alignment is a power of two from 1 to 4096 (1, 2, 4, 8, 16, 32, 64 ...)"},
		{"misaligned", []global{{"x", 8, 0, false, at(0x600044)}},
			"t.coh:10:5: variable x at 0x600044 is not aligned to 8 bytes: use 0x600040 or 0x600048"},
		{"overlap", []global{{"a", 8, 0, false, nil}, {"x", 16, 0, false, at(0x600000)}},
			"t.coh:11:5: variable x at 0x600000 (16 bytes) overlaps variable a at 0x600000 (8 bytes, declared on line 10)"},
		{"overlap above", []global{{"a", 64, 0, false, at(0x600040)}, {"x", 128, 0, true, at(0x600000)}},
			"t.coh:11:5: variable x at 0x600000 (128 bytes) overlaps variable a at 0x600040 (64 bytes, declared on line 10)"},
		{"text", []global{{"x", 8, 0, false, at(0x400000)}},
			"t.coh:10:5: variable x at 0x400000 lies in text, which holds the program's code; " + explicit},
		{"heap", []global{{"x", 8, 0, false, at(0x1000000)}},
			"t.coh:10:5: variable x at 0x1000000 lies in the heap, which the allocator manages; " + explicit},
		{"stack", []global{{"x", 8, 0, false, at(0x7ffffffef000)}},
			"t.coh:10:5: variable x at 0x7ffffffef000 lies in the stack of thread 0, which belongs to that thread's frames; " + explicit},
		{"guard", []global{{"x", 8, 0, false, at(0x7ffffffee000)}},
			"t.coh:10:5: variable x at 0x7ffffffee000 lies in the guard below the stack of thread 0 (nothing is mapped there); " + explicit},
		{"unmapped", []global{{"x", 8, 0, false, at(0x900000)}},
			"t.coh:10:5: variable x at 0x900000 lies in no region (nothing is mapped there); " + explicit},
		{"past the end", []global{{"x", 16, 0, false, at(0x6ffff8)}},
			"t.coh:10:5: variable x at 0x6ffff8 (16 bytes) runs past the end of data [0x600000, 0x700000)"},
		{"data full", []global{{"a", 1 << 19, 0, false, nil}, {"big", 1 << 20, 0, false, nil}},
			"t.coh:11:5: no room for variable big (1MiB) in data [0x600000, 0x700000): 512KiB left; make the region larger with `memory { data size 1536KiB }`"},
		{"bss full", []global{{"a", 1 << 20, 0, true, nil}, {"b", 1, 0, true, nil}},
			"t.coh:11:5: no room for variable b (1 byte) in bss [0x700000, 0x800000): 0 bytes left; make the region larger with `memory { bss size 1028KiB }`"},
	} {
		_, errs := add(NewLayout(DefaultMemoryMap()), tc.gs...)
		if errs != tc.want {
			t.Errorf("%s:\n got: %s\nwant: %s", tc.name, errs, tc.want)
		}
	}
	// Alignment padding can leave no room even with bytes to spare.
	_, text := add(NewLayout(small), global{"a", 4040, 0, false, nil}, global{"b", 64, 64, false, nil})
	if want := "t.coh:11:5: no room for variable b (64 bytes) in data [0x600000, 0x601000): 56 bytes left; make the region larger with `memory { data size 8KiB }`"; text != want {
		t.Errorf("padding:\n got: %s\nwant: %s", text, want)
	}
	// A failed placement takes no room.
	l := NewLayout(small)
	add(l, global{"big", 8192, 0, false, nil})
	if got, errs := add(l, global{"a", 8, 0, false, nil}); got[0] != 0x600000 || errs != "" {
		t.Errorf("after a failure: %#x %s", got[0], errs)
	}
}

func TestLayoutHeap(t *testing.T) {
	m, errs := Memory(memory("heap size 4KiB"))
	checkErrs(t, "heap", errs, "")
	l := NewLayout(m)
	for _, tc := range []struct {
		size, align int
		want        uint64
	}{
		{8, 0, 0x1000000}, {1, 0, 0x1000008}, {16, 16, 0x1000010}, {24, 0, 0x1000020}, {0, 0, 0x1000038}, {3, 0, 0x1000038}, {64, 64, 0x1000040},
	} {
		a, err := l.Alloc(tc.size, tc.align)
		if err != nil || a != tc.want {
			t.Errorf("Alloc(%d, %d) = %#x, %v; want %#x", tc.size, tc.align, a, err, tc.want)
		}
	}
	if l.HeapUsed() != 0x80 {
		t.Errorf("HeapUsed %#x", l.HeapUsed())
	}
	snap := l.Clone()
	if a, err := l.Alloc(4096-0x80, 1); err != nil || a != 0x1000080 {
		t.Errorf("the rest of the heap: %#x %v", a, err)
	}
	_, err := l.Alloc(1, 1)
	if !errors.Is(err, ErrHeapExhausted) || err.Error() != "heap exhausted: cannot allocate 1 byte: 0 bytes of the heap's 4KiB [0x1000000, 0x1001000) are left; make it larger with `memory { heap size 8KiB }`" {
		t.Errorf("exhausted: %v", err)
	}
	// The snapshot did not move.
	if a, err := snap.Alloc(8, 0); err != nil || a != 0x1000080 || snap.HeapUsed() != 0x88 {
		t.Errorf("clone: %#x %v", a, err)
	}
	_, err = snap.Alloc(4000, 0)
	if err == nil || err.Error() != "heap exhausted: cannot allocate 4000 bytes: 3960 bytes of the heap's 4KiB [0x1000000, 0x1001000) are left; make it larger with `memory { heap size 8KiB }`" {
		t.Errorf("exhausted: %v", err)
	}
	if _, err := l.Alloc(8, 24); err == nil || err.Error() != "align 24 for a heap object: an alignment is a power of two from 1 to 4096 (1, 2, 4, 8, 16, 32, 64 ...)" {
		t.Errorf("align: %v", err)
	}
	if _, err := l.Alloc(-8, 0); err == nil || err.Error() != "cannot allocate a negative size -8" {
		t.Errorf("negative: %v", err)
	}
}

func TestLayoutStacksAndSummary(t *testing.T) {
	m, errs := Memory(memory("text size 64KiB", "data size 8KiB", "bss size 4KiB", "stack size 8KiB"))
	checkErrs(t, "map", errs, "")
	l := NewLayout(m)
	if top, bottom := l.Stack(1); top != 0x7fffffffc000 || bottom != 0x7fffffffa000 {
		t.Errorf("Stack(1) = %#x, %#x", top, bottom)
	}
	if r := l.RegionOf(0x7fffffffb000); r != "stack of thread 1" {
		t.Errorf("RegionOf = %q", r)
	}
	if l.Map() != m {
		t.Error("Map")
	}
	_, errs2 := add(l,
		global{"counter", 8, 0, true, nil},
		global{"b", 8, 0, false, nil},
		global{"pad", 64, 64, false, nil},
		global{"lib", 8, 0, false, at(0x7ffff6fff000)},
	)
	if errs2 != "" {
		t.Fatal(errs2)
	}
	l.Alloc(100, 0)
	l.Alloc(8, 0)
	want := []HeapObject{{0x1000000, 100}, {0x1000068, 8}}
	if got := l.HeapObjects(); !slices.Equal(got, want) || l.Brk() != 0x1000070 || l.HeapUsed() != 0x70 {
		t.Errorf("heap objects %v, brk %#x, used %d; want %v, brk 0x1000070", got, l.Brk(), l.HeapUsed(), want)
	}
	c := l.Clone()
	c.Alloc(8, 0)
	if len(l.HeapObjects()) != 2 || len(c.HeapObjects()) != 3 || l.Brk() != 0x1000070 {
		t.Error("an allocation in a clone shows in the original")
	}
}
