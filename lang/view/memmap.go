// This file draws the process memory map: the regions from the top of
// user space down to address 0, with real addresses, what each holds, and
// where each thread's stack pointer stands.

package view

import (
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/lang/setup"
	"github.com/cohere-sim/cohere/sim"
)

// How many rows of one kind the map lists before it sums up the rest: a
// loop allocating thousands of objects must not print thousands of lines.
const (
	maxMapRows   = 16
	maxMapStacks = 8
)

// mapBlock is one band of the diagram: a region, a stack, or a gap with
// nothing mapped. Addresses are [bottom, top).
type mapBlock struct {
	top, bottom uint64
	lines       []string
	stack, gap  bool
}

// MemoryMap draws the process memory map of s as a vertical diagram, high
// addresses at the top: one stack per thread (growing down), mmap, the
// heap (growing up), bss, data and text, each with its bounds, size and
// use, and the gaps between them. With vm nil it shows
// the script as loaded: the declared threads, an empty heap. With a run
// it shows the run now: every thread and goroutine started, each stack's
// pointer, the heap objects and the break. The text is deterministic.
func MemoryMap(s *scenario.Scenario, vm *interp.VM) string {
	layout := s.Layout
	if vm != nil {
		if l, ok := vm.Memory().(*setup.Layout); ok {
			layout = l
		}
	}
	m := layout.Map()
	var blocks []mapBlock
	blocks = append(blocks, stackBlocks(s, m, vm)...)
	for _, r := range m.Regions() {
		blocks = append(blocks, regionBlock(s, layout, r, vm != nil))
	}
	// Highest first; the regions never overlap (setup.Memory checks).
	for i := 1; i < len(blocks); i++ {
		for j := i; j > 0 && blocks[j].top > blocks[j-1].top; j-- {
			blocks[j], blocks[j-1] = blocks[j-1], blocks[j]
		}
	}
	var all []mapBlock
	above := uint64(setup.UserTop)
	for _, b := range blocks {
		if b.top < above {
			all = append(all, gapBlock(above, b.top, len(all) > 0 && all[len(all)-1].stack && b.stack, len(all) == 0))
		}
		all = append(all, b)
		above = b.bottom
	}
	if above > 0 {
		all = append(all, mapBlock{top: above, bottom: 0, gap: true,
			lines: []string{fmt.Sprintf("unmapped: %s (a nil dereference faults here)", roughSize(above))}})
	}
	return drawBlocks(all)
}

// gapBlock is the unmapped space [bottom, top).
func gapBlock(top, bottom uint64, guard, highest bool) mapBlock {
	text := "unmapped: " + roughSize(top-bottom)
	switch {
	case guard:
		text = "guard: " + roughSize(top-bottom) + ", unmapped (an overflow faults here)"
	case highest:
		text += " up to the end of user space"
	}
	return mapBlock{top: top, bottom: bottom, gap: true, lines: []string{text}}
}

// mapThread is a thread with a stack: declared in the script, or started
// in the run.
type mapThread struct {
	name, status string
	sp           uint64
	frames       int
	fn           string
	live         bool // from a run: sp, frames and status are known
}

func stackBlocks(s *scenario.Scenario, m setup.MemoryMap, vm *interp.VM) []mapBlock {
	var threads []mapThread
	if vm != nil {
		for _, t := range vm.Threads() {
			mt := mapThread{name: t.Name, status: t.Status, sp: t.SP, frames: t.Frames, fn: t.Func, live: true}
			if t.Frames == 1 && !t.Goroutine {
				mt.fn = "thread " + t.Func // as text names its code
			}
			threads = append(threads, mt)
		}
	} else if s.Prog != nil {
		for _, t := range s.Prog.Threads {
			threads = append(threads, mapThread{name: t.Name})
		}
	}
	size := sizeWords(m.StackSize)
	if len(threads) == 0 {
		return []mapBlock{{top: m.StackTop, bottom: m.StackTop - m.StackSize, stack: true,
			lines: []string{"stack: " + size + " per thread, grows down ↓", "no threads"}}}
	}
	var out []mapBlock
	for i, t := range threads {
		top, bottom := m.Stack(i)
		if top == 0 {
			break
		}
		if i == maxMapStacks && len(threads) > maxMapStacks+1 {
			_, low := m.Stack(len(threads) - 1)
			n := len(threads) - i
			out = append(out, mapBlock{top: top, bottom: low, stack: true,
				lines: []string{fmt.Sprintf("stacks of %d more threads: %s each, %s guards", n, size, sizeWords(m.StackGuard)),
					fmt.Sprintf("%s ... %s", threads[i].name, threads[len(threads)-1].name)}})
			break
		}
		lines := []string{fmt.Sprintf("stack of %s: %s, grows down ↓", t.name, size)}
		switch {
		case !t.live:
		case t.status == "done":
			lines = append(lines, "done: nothing in use")
		default:
			lines = append(lines, fmt.Sprintf("sp %#x: %s in use, in %s (%d %s)", t.sp, bytesWords(top-t.sp), t.fn, t.frames, plural(t.frames, "frame", "frames")))
			if t.status != "runnable" {
				lines = append(lines, t.status)
			}
		}
		out = append(out, mapBlock{top: top, bottom: bottom, stack: true, lines: lines})
	}
	return out
}

// regionUse says what each region is for.
var regionUse = map[string]string{
	"text": "the program's code",
	"data": "globals with an initial value",
	"bss":  "globals starting at zero",
	"heap": "new() and make(), grows up ↑",
	"mmap": "shared libraries and mappings",
}

func regionBlock(s *scenario.Scenario, l *setup.Layout, r setup.Region, run bool) mapBlock {
	b := mapBlock{top: r.End, bottom: r.Start}
	b.lines = []string{fmt.Sprintf("%s: %s, %s", r.Name, sizeWords(r.Size()), regionUse[r.Name])}
	var rows [][3]string
	switch r.Name {
	case "text":
		if s.Prog == nil {
			break
		}
		for _, t := range s.Prog.TextRanges(r.Start) {
			name := t.Func
			if t.Thread {
				name = "thread " + name
			}
			rows = append(rows, [3]string{name, fmt.Sprintf("%#x-%#x", t.Start, t.End), bytesWords(t.End - t.Start)})
		}
		b.lines[0] += fmt.Sprintf(": %d %s", len(rows), plural(len(rows), "function", "functions"))
	case "heap":
		objs := l.HeapObjects()
		switch {
		case len(objs) > 0:
			b.lines = append(b.lines, fmt.Sprintf("brk %#x: %s in %d %s", l.Brk(), bytesWords(l.HeapUsed()), len(objs), plural(len(objs), "object", "objects")))
		case run:
			b.lines = append(b.lines, fmt.Sprintf("brk %#x: nothing allocated", l.Brk()))
		default:
			b.lines = append(b.lines, fmt.Sprintf("brk %#x: nothing allocated before the run", l.Brk()))
		}
		for _, o := range objs {
			rows = append(rows, [3]string{"object", fmt.Sprintf("%#x", o.Addr), bytesWords(uint64(o.Size))})
		}
	default:
		used := uint64(0)
		for _, g := range l.Globals() {
			if g.Region == r.Name {
				rows = append(rows, [3]string{g.Name, fmt.Sprintf("%#x", g.Addr), bytesWords(uint64(g.Size))})
				used += uint64(g.Size)
			}
		}
		if len(rows) > 0 {
			b.lines[0] += fmt.Sprintf(": %d %s, %s", len(rows), plural(len(rows), "variable", "variables"), bytesWords(used))
		}
	}
	return withRows(b, rows)
}

// withRows adds rows under a block's heading in aligned columns, the
// first maxMapRows of them.
func withRows(b mapBlock, rows [][3]string) mapBlock {
	more := 0
	if len(rows) > maxMapRows {
		more = len(rows) - (maxMapRows - 1)
		rows = rows[:maxMapRows-1]
	}
	var w [2]int
	for _, r := range rows {
		w[0], w[1] = max(w[0], width(r[0])), max(w[1], width(r[1]))
	}
	for _, r := range rows {
		b.lines = append(b.lines, fmt.Sprintf("  %s  %s  %s", pad(r[0], w[0]), pad(r[1], w[1]), r[2]))
	}
	if more > 0 {
		b.lines = append(b.lines, fmt.Sprintf("  ... and %d more", more))
	}
	return b
}

// drawBlocks draws the bands top to bottom, each border labelled with
// its address.
func drawBlocks(blocks []mapBlock) string {
	aw, inner := 0, 0
	for _, b := range blocks {
		aw = max(aw, len(fmt.Sprintf("%#x", b.top)), len(fmt.Sprintf("%#x", b.bottom)))
		for _, l := range b.lines {
			inner = max(inner, width(l)+2)
		}
	}
	var sb strings.Builder
	rule := strings.Repeat("─", inner)
	border := func(addr uint64, left, right string) {
		fmt.Fprintf(&sb, "%s %s%s%s\n", pad(fmt.Sprintf("%#x", addr), aw), left, rule, right)
	}
	for i, b := range blocks {
		if i == 0 {
			border(b.top, "┌", "┐")
		} else {
			border(b.top, "├", "┤")
		}
		side := "│"
		if b.gap {
			side = "┊"
		}
		for _, l := range b.lines {
			fmt.Fprintf(&sb, "%s %s %s %s\n", strings.Repeat(" ", aw), side, pad(l, inner-2), side)
		}
	}
	border(blocks[len(blocks)-1].bottom, "└", "┘")
	return sb.String()
}

func pad(s string, n int) string {
	if w := width(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}

// sizeWords prints a region's size: 4KiB, 16MiB, or bytes when it is not
// a whole number of KiB.
func sizeWords(n uint64) string {
	if n >= 1024 && n%1024 == 0 && n < 1<<62 {
		return sim.FormatSize(int(n))
	}
	return bytesWords(n)
}

// roughSize prints the size of a gap: exact when it is a whole number of
// its largest unit, else to a tenth of it (about 127.9MiB).
func roughSize(n uint64) string {
	for _, u := range []struct {
		shift uint
		name  string
	}{{40, "TiB"}, {30, "GiB"}, {20, "MiB"}, {10, "KiB"}} {
		if n >= 1<<u.shift {
			if n%(1<<u.shift) == 0 {
				return fmt.Sprintf("%d%s", n>>u.shift, u.name)
			}
			v := strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/float64(uint64(1)<<u.shift)), ".0")
			return "about " + v + u.name
		}
	}
	return bytesWords(n)
}

// bytesWords prints a byte count: 1 byte, 48 bytes, 4KiB.
func bytesWords(n uint64) string {
	switch {
	case n == 1:
		return "1 byte"
	case n >= 1024 && n%1024 == 0:
		return sizeWords(n)
	}
	return fmt.Sprintf("%d bytes", n)
}
