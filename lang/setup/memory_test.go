package setup

import (
	"testing"

	"github.com/cohere-sim/cohere/lang/ast"
)

func memory(lines ...string) []*ast.MemoryDecl {
	return []*ast.MemoryDecl{{Pos: pos(1, 1), Settings: block(lines)}}
}

func TestMemoryDefaults(t *testing.T) {
	m, errs := Memory(nil)
	checkErrs(t, "defaults", errs, "")
	want := MemoryMap{
		Text:     Region{"text", 0x400000, 0x600000, ast.Pos{}},
		Data:     Region{"data", 0x600000, 0x700000, ast.Pos{}},
		BSS:      Region{"bss", 0x700000, 0x800000, ast.Pos{}},
		Heap:     Region{"heap", 0x1000000, 0x2000000, ast.Pos{}},
		Mmap:     Region{"mmap", 0x7ffff6fff000, 0x7ffff7fff000, ast.Pos{}},
		StackTop: 0x7ffffffff000, StackSize: 0x10000, StackGuard: 0x1000, StackLow: 0x7ffff7fff000,
	}
	if m != want || DefaultMemoryMap() != want {
		t.Errorf("map\n got %+v\nwant %+v", m, want)
	}
	if n := m.MaxThreads(); n != 1927 {
		t.Errorf("MaxThreads %d", n)
	}
	for _, tc := range []struct {
		thread      int
		top, bottom uint64
	}{
		{0, 0x7ffffffff000, 0x7ffffffef000},
		{1, 0x7ffffffee000, 0x7ffffffde000},
		{2, 0x7ffffffdd000, 0x7ffffffcd000},
		{1926, 0x7ffffffff000 - 1926*0x11000, 0x7ffffffff000 - 1926*0x11000 - 0x10000},
		{1927, 0, 0},
		{-1, 0, 0},
	} {
		if tc.bottom != 0 && tc.bottom < m.StackLow {
			t.Errorf("stack %d reaches %#x, below StackLow", tc.thread, tc.bottom)
		}
		if top, bottom := m.Stack(tc.thread); top != tc.top || bottom != tc.bottom {
			t.Errorf("Stack(%d) = %#x, %#x, want %#x, %#x", tc.thread, top, bottom, tc.top, tc.bottom)
		}
	}
	for _, tc := range []struct {
		addr uint64
		want string
	}{
		{0, ""},
		{0x3fffff, ""},
		{0x400000, "text"},
		{0x5fffff, "text"},
		{0x600000, "data"},
		{0x700000, "bss"},
		{0x7fffff, "bss"},
		{0x800000, ""},
		{0x1000000, "heap"},
		{0x1ffffff, "heap"},
		{0x2000000, ""},
		{0x7ffff6fff000, "mmap"},
		{0x7ffff7ffefff, "mmap"},
		{0x7ffff7fff000, ""}, // the bottom of the stack area, below the last stack
		{0x7ffffffff000, ""},
		{0x7fffffffefff, "stack of thread 0"},
		{0x7ffffffef000, "stack of thread 0"},
		{0x7ffffffeefff, "guard below the stack of thread 0"},
		{0x7ffffffee000, "guard below the stack of thread 0"},
		{0x7ffffffedfff, "stack of thread 1"},
		{0x7ffffffde000, "stack of thread 1"},
		{0x7ffffffddfff, "guard below the stack of thread 1"},
	} {
		if got := m.RegionOf(tc.addr); got != tc.want {
			t.Errorf("RegionOf(%#x) = %q, want %q", tc.addr, got, tc.want)
		}
	}
}

func TestMemorySettings(t *testing.T) {
	for _, tc := range []struct {
		lines []string
		check func(MemoryMap) bool
	}{
		{[]string{"text at 0x10000 size 64KiB"}, func(m MemoryMap) bool {
			return m.Text == Region{"text", 0x10000, 0x20000, pos(2, 5)} &&
				m.Data.Start == 0x20000 && m.BSS.Start == 0x120000 && m.Heap.Start == 0x1000000
		}},
		{[]string{"data at 0x800000 size 2MiB"}, func(m MemoryMap) bool {
			return m.Text.Start == 0x400000 && m.Data == Region{"data", 0x800000, 0xa00000, pos(2, 5)} &&
				m.BSS == Region{"bss", 0xa00000, 0xb00000, ast.Pos{}}
		}},
		{[]string{"data size 64MiB"}, func(m MemoryMap) bool {
			return m.Data.End == 0x4600000 && m.BSS.Start == 0x4600000 && m.Heap == Region{"heap", 0x4700000, 0x5700000, ast.Pos{}}
		}},
		{[]string{"heap at 0x10000000 size 1GiB", "bss size 8KiB"}, func(m MemoryMap) bool {
			return m.Heap == Region{"heap", 0x10000000, 0x50000000, pos(2, 5)} && m.BSS == Region{"bss", 0x700000, 0x702000, pos(3, 5)}
		}},
		{[]string{"stack at 0x7ff000000000 size 1MiB guard 0"}, func(m MemoryMap) bool {
			return m.StackTop == 0x7ff000000000 && m.StackSize == 1<<20 && m.StackGuard == 0 &&
				m.Mmap == Region{"mmap", 0x7feff7000000, 0x7feff8000000, ast.Pos{}} &&
				m.StackLow == 0x7feff8000000 && m.MaxThreads() == 128 && m.StackPos == pos(2, 5)
		}},
		{[]string{"stack size 8KiB"}, func(m MemoryMap) bool { return m.MaxThreads() == 10923 }},
		{[]string{"mmap at 0x40000000 size 1MiB"}, func(m MemoryMap) bool {
			return m.Mmap == Region{"mmap", 0x40000000, 0x40100000, pos(2, 5)} && m.StackLow == 0x40100000
		}},
		{[]string{"mmap size 64MiB"}, func(m MemoryMap) bool {
			return m.Mmap == Region{"mmap", 0x7ffff3fff000, 0x7ffff7fff000, pos(2, 5)}
		}},
		{[]string{"stack at 0x800000000000"}, func(m MemoryMap) bool {
			top, bottom := m.Stack(0)
			return top == UserTop && bottom == UserTop-0x10000 && m.RegionOf(UserTop-1) == "stack of thread 0"
		}},
	} {
		m, errs := Memory(memory(tc.lines...))
		checkErrs(t, tc.lines[0], errs, "")
		if !tc.check(m) {
			t.Errorf("%q: got %+v", tc.lines, m)
		}
	}
	// Several blocks act as one.
	m, errs := Memory([]*ast.MemoryDecl{
		{Pos: pos(1, 1), Settings: []*ast.Setting{setting(2, "heap size 1MiB")}},
		{Pos: pos(4, 1), Settings: []*ast.Setting{setting(5, "stack size 1MiB")}},
	})
	checkErrs(t, "blocks", errs, "")
	if m.Heap.Size() != 1<<20 || m.StackSize != 1<<20 || m.Pos != pos(1, 1) {
		t.Errorf("blocks: %+v", m)
	}
}

func TestMemoryErrors(t *testing.T) {
	const heap = "heap [at ADDR] [size BYTES]"
	for _, tc := range []struct {
		lines []string
		want  string
	}{
		{[]string{"txt at 0x400000"},
			"t.coh:2:5: unknown memory setting txt (did you mean text?): write one of text, data, bss, heap, mmap, stack, as in `heap at 0x1000000 size 16MiB`"},
		{[]string{"heap"},
			"t.coh:2:5: heap needs at least one option: write " + heap},
		{[]string{"heap at"},
			"t.coh:2:10: heap at needs a value: write " + heap},
		{[]string{"heap at x"},
			`t.coh:2:13: heap at wants an address such as 0x600000, not "x": write ` + heap},
		{[]string{"heap place 0x1000"},
			"t.coh:2:10: unknown heap option place: write " + heap},
		{[]string{"heap guard 4KiB"},
			"t.coh:2:10: unknown heap option guard: write " + heap},
		{[]string{"heap size 16MiB size 32MiB"},
			"t.coh:2:21: heap size is given twice: keep one"},
		{[]string{"heap size 1MiB", "heap at 0x2000000"},
			"t.coh:3:5: heap is set twice (first on line 2): keep one"},
		{[]string{"heap at 0x1000010"},
			"t.coh:2:13: heap at 0x1000010: a region starts on a 4KiB page boundary (try 0x1000000 or 0x1001000)"},
		{[]string{"text at 0"},
			"t.coh:2:13: text at 0: the first page [0x0, 0x1000) stays unmapped so that nil dereferences fault; use 0x1000 or above"},
		{[]string{"mmap at 0x800000000000"},
			"t.coh:2:13: mmap at 0x800000000000: user addresses end at 0x800000000000"},
		{[]string{"stack at 0x800000001000"},
			"t.coh:2:14: stack at 0x800000001000: user addresses end at 0x800000000000"},
		{[]string{"heap size 0"},
			"t.coh:2:15: heap size 0: a region needs at least one 4KiB page"},
		{[]string{"heap size 1000"},
			"t.coh:2:15: heap size 1000: sizes are whole 4KiB pages (try 4KiB)"},
		{[]string{"stack size 100000"},
			"t.coh:2:16: stack size 100000: sizes are whole 4KiB pages (try 100KiB)"},
		{[]string{"stack guard 100"},
			"t.coh:2:17: stack guard 100: sizes are whole 4KiB pages (try 4KiB)"},
		{[]string{"heap size 200TiB"},
			`t.coh:2:15: heap size wants a size such as 4096, 64KiB or 16MiB, not "200TiB": write ` + heap},
		{[]string{"heap size 0x900000000000"},
			"t.coh:2:15: heap size 0x900000000000: user space holds only 128TiB"},
		{[]string{"heap at 0x700000"},
			"t.coh:2:5: bss [0x700000, 0x800000) overlaps heap [0x700000, 0x1700000): regions must not share addresses; move one with `bss at ADDR` or `heap at ADDR`"},
		{[]string{"data at 0x500000"},
			"t.coh:2:5: text [0x400000, 0x600000) overlaps data [0x500000, 0x600000): regions must not share addresses; move one with `text at ADDR` or `data at ADDR`"},
		{[]string{"text size 4KiB", "data at 0x400000"},
			"t.coh:3:5: text [0x400000, 0x401000) overlaps data [0x400000, 0x500000): regions must not share addresses; move one with `text at ADDR` or `data at ADDR`"},
		{[]string{"stack size 256MiB"},
			"t.coh:2:5: stack of thread 0 [0x7fffeffff000, 0x7ffffffff000) overlaps mmap [0x7ffff6fff000, 0x7ffff7fff000): regions must not share addresses; move one with `stack at ADDR` or `mmap at ADDR`"},
		{[]string{"heap at 0x7ffffff00000"},
			"t.coh:2:5: heap at 0x7ffffff00000 with size 16MiB runs past the end of user space (0x800000000000)"},
		{[]string{"text at 0x7ffffff00000"},
			"t.coh:2:5: text at 0x7ffffff00000 with size 2MiB runs past the end of user space (0x800000000000)"},
		{[]string{"stack at 0x2000"},
			"t.coh:2:5: stack at 0x2000: a 64KiB stack needs room below its top, above the first page"},
		{[]string{"stack at 0x8000000"},
			"t.coh:2:5: stack at 0x8000000 leaves no room for the mmap region, which sits 128MiB below the stack top by default: place it with `mmap at ADDR`"},
		// A region placed by default that runs into trouble is reported at the block.
		{[]string{"text at 0x7fffffd00000 size 1MiB", "stack at 0x7ff000000000"},
			"t.coh:1:1: heap would start at 0x800000000000, its default place, and with size 16MiB run past the end of user space (0x800000000000): place it with `heap at ADDR`"},
		{[]string{"heap at 0x1000010", "txt", "stack guard 1"},
			"t.coh:2:13: heap at 0x1000010: a region starts on a 4KiB page boundary (try 0x1000000 or 0x1001000)\n" +
				"t.coh:3:5: unknown memory setting txt (did you mean text?): write one of text, data, bss, heap, mmap, stack, as in `heap at 0x1000000 size 16MiB`\n" +
				"t.coh:4:17: stack guard 1: sizes are whole 4KiB pages (try 4KiB)"},
	} {
		m, errs := Memory(memory(tc.lines...))
		checkErrs(t, tc.lines[0], errs, tc.want)
		if m != DefaultMemoryMap() {
			t.Errorf("%q: a map in error is the default one", tc.lines)
		}
	}
}
