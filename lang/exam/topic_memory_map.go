// This file is the memory-map topic: a program with globals, heap objects
// and locals whose address is taken, in a memory block of its own; the
// key (each variable's region and address, which way the regions grow,
// a thread's stack bounds) comes from the layout cohere assigns and from
// running the program.

package exam

import (
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
)

type memoryMapTopic struct{}

func (memoryMapTopic) Name() string { return "memory-map" }
func (memoryMapTopic) Summary() string {
	return "where each variable lives, which way regions grow, and addresses"
}

// mmGlobal is one global of a memory-map program.
type mmGlobal struct {
	name  string
	init  int // 0: none (bss)
	array int // elements of an [N]int; 0: an int
	align int // 0: natural
}

// mmCase is the program of a memory-map problem.
type mmCase struct {
	dataAt, heapAt, heapSize, stackSize uint64
	globals                             []mmGlobal
	p, q                                string // globals pointing to heap objects
	local, worker                       string // locals whose address is taken: in main, in worker
	escape                              string // a local of main that escapes through keep ("" for none)
	keep                                string
}

// newMemoryMapCase picks the memory block and the variables.
func newMemoryMapCase(g *Gen) (*mmCase, error) {
	if err := checkTopicKnobs("memory-map", g.Knobs, []string{"lines", "choice"}, map[string][2]int{"lines": {2, 6}}); err != nil {
		return nil, err
	}
	r := g.Rand
	c := &mmCase{
		dataAt:    drawOne[uint64](r, 0x600000, 0x800000, 0x900000),
		heapAt:    drawOne[uint64](r, 0x1000000, 0x2000000, 0x4000000),
		heapSize:  drawOne[uint64](r, 1<<20, 4<<20, 16<<20),
		stackSize: drawOne[uint64](r, 16<<10, 32<<10, 64<<10),
	}
	names := []string{"count", "limit", "total", "table", "ready", "hits", "buf", "size", "mode", "level"}
	r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	n := knobOr(g.Knobs.Lines, drawBetween(r, 3, 5), 2, 6)
	for i := range n {
		gl := mmGlobal{name: names[i]}
		switch r.IntN(5) {
		case 0, 1:
			gl.init = drawBetween(r, 1, 99)
		case 2:
			gl.array = drawBetween(r, 2, 6)
		case 3:
			gl.init = drawBetween(r, 1, 99)
			gl.align = 64
		}
		c.globals = append(c.globals, gl)
	}
	// The first global has a value and the second none, so that both data
	// and bss hold something.
	if c.globals[0].init == 0 {
		c.globals[0] = mmGlobal{name: c.globals[0].name, init: drawBetween(r, 1, 99)}
	}
	c.globals[1].init, c.globals[1].align = 0, 0
	c.p, c.q = drawOne(r, "p", "ptr"), drawOne(r, "q", "obj")
	c.local, c.worker = drawOne(r, "local", "v", "tmp"), drawOne(r, "w", "mine", "slot")
	if r.IntN(2) == 0 {
		c.escape, c.keep = drawOne(r, "e", "saved"), "keep"
	}
	return c, nil
}

// size is a global's size in bytes.
func (gl mmGlobal) size() uint64 {
	if gl.array > 0 {
		return uint64(8 * gl.array)
	}
	return 8
}

func (gl mmGlobal) decl() string {
	t := "int"
	if gl.array > 0 {
		t = fmt.Sprintf("[%d]int", gl.array)
	}
	s := "var " + gl.name + " " + t
	if gl.init != 0 {
		s += fmt.Sprintf(" = %d", gl.init)
	}
	if gl.align != 0 {
		s += fmt.Sprintf(" align %d", gl.align)
	}
	return s
}

// what describes a global for the table.
func (gl mmGlobal) what() string {
	switch {
	case gl.array > 0:
		return fmt.Sprintf("global array of %d ints, no initial value", gl.array)
	case gl.align != 0:
		return fmt.Sprintf("global int with a value, align %d", gl.align)
	case gl.init != 0:
		return "global int with a value"
	}
	return "global int, no initial value"
}

// memSizeText prints a size the way a memory block takes it.
func memSizeText(n uint64) string {
	switch {
	case n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	case n%(1<<10) == 0:
		return fmt.Sprintf("%dKiB", n>>10)
	}
	return fmt.Sprint(n)
}

func (c *mmCase) source() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("memory {")
	w("\tdata at %#x", c.dataAt)
	w("\theap at %#x size %s", c.heapAt, memSizeText(c.heapSize))
	w("\tstack size %s", memSizeText(c.stackSize))
	w("}")
	w("")
	for _, gl := range c.globals {
		w("%s", gl.decl())
	}
	w("var %s, %s *int", c.p, c.q)
	if c.escape != "" {
		w("var %s *int", c.keep)
	}
	w("")
	w("thread main {")
	w("\t%s = new(int)", c.p)
	w("\t*%s = 1", c.p)
	w("\t%s = new(int)", c.q)
	w("\t*%s = 2", c.q)
	w("\t%s := 3", c.local)
	w("\t%sp := &%s", c.local, c.local)
	w("\t*%sp = 4", c.local)
	if c.escape != "" {
		w("\t%s := 5", c.escape)
		w("\t%s = &%s", c.keep, c.escape)
	}
	w("}")
	w("")
	w("thread worker {")
	w("\t%s := 6", c.worker)
	w("\t%sp := &%s", c.worker, c.worker)
	w("\t*%sp = 7", c.worker)
	w("}")
	w("")
	w("run sequential")
	return b.String()
}

// mmRow is one variable of the table: its name, what it is, and the
// expression (checked as an expect) whose value is its address.
type mmRow struct {
	name, what, addr string
}

func (c *mmCase) rows() []mmRow {
	var rows []mmRow
	for _, gl := range c.globals {
		rows = append(rows, mmRow{gl.name, gl.what(), "&" + gl.name})
	}
	rows = append(rows,
		mmRow{c.p, "global pointer, no initial value", "&" + c.p},
		mmRow{"*" + c.p, "the int that new(int) made for " + c.p, c.p},
		mmRow{"*" + c.q, "the int that new(int) made for " + c.q, c.q},
		mmRow{c.local + " (main)", "local of main whose address is taken", "main." + c.local + "p"},
		mmRow{c.worker + " (worker)", "local of worker whose address is taken", "worker." + c.worker + "p"})
	if c.escape != "" {
		rows = append(rows, mmRow{c.escape + " (main)", "local of main whose address is stored in the global " + c.keep, c.keep})
	}
	return rows
}

// layoutRegionName names a region for the answer: stacks by their thread.
func layoutRegionName(s *scenario.Scenario, addr uint64) string {
	r := s.Layout.RegionOf(addr)
	var n int
	if _, err := fmt.Sscanf(r, "stack of thread %d", &n); err == nil && n < len(s.Prog.Threads) {
		return "stack of " + s.Prog.Threads[n].Name
	}
	return r
}

func (memoryMapTopic) Generate(g *Gen) (*Problem, error) {
	c, err := newMemoryMapCase(g)
	if err != nil {
		return nil, err
	}
	src := c.source()
	s, err := loadTopicProgram("memory-map.coh", src)
	if err != nil {
		return nil, err
	}
	vm, err := s.NewVM(scenario.Options{})
	if err != nil {
		return nil, err
	}
	if res := vm.Run(); res.Outcome != interp.Finished {
		return nil, fmt.Errorf("the memory-map program did not finish: %s\n%s", res.Message, src)
	}
	addrOf := func(expr string) (uint64, error) {
		v, errs := s.Inspect(expr, vm)
		if len(errs) > 0 {
			return 0, fmt.Errorf("%s: %v", expr, errs)
		}
		var a uint64
		if _, err := fmt.Sscan(v.String(), &a); err != nil {
			return 0, fmt.Errorf("%s = %s: not an address", expr, v)
		}
		return a, nil
	}
	table := &Table{Header: []string{"variable", "what it is", "region", "address"}}
	for _, row := range c.rows() {
		a, err := addrOf(row.addr)
		if err != nil {
			return nil, err
		}
		region := layoutRegionName(s, a)
		if region == "" {
			return nil, fmt.Errorf("%s at %#x lies in no region\n%s", row.name, a, src)
		}
		table.Rows = append(table.Rows, []Cell{Given(row.name), Given(row.what), Blank(region), Blank(fmt.Sprintf("%#x", a))})
	}
	p1, err := addrOf(c.p)
	if err != nil {
		return nil, err
	}
	p2, err := addrOf(c.q)
	if err != nil {
		return nil, err
	}
	heapWay := "down"
	if p2 > p1 {
		heapWay = "up"
	}
	top0, _ := s.Memory.Stack(0)
	top1, bottom1 := s.Memory.Stack(1)
	local, _ := addrOf("main." + c.local + "p")
	stackWay := "up"
	if local < top0 {
		stackWay = "down" // the first frame's variables sit below the top
	}
	grow := &Table{Header: []string{"region", "grows"}, Rows: [][]Cell{
		{Given("heap"), Blank(heapWay)},
		{Given("stack"), Blank(stackWay)},
	}}

	m := s.Memory
	intro := []string{
		"The program below runs on cohere's process memory map. Its memory block places data at " + fmt.Sprintf("%#x", m.Data.Start) +
			fmt.Sprintf(" (1MiB; bss follows right after it, at %#x, also 1MiB), the heap at %#x (%s) and gives each thread a %s stack.",
				m.BSS.Start, m.Heap.Start, memSizeText(m.Heap.Size()), memSizeText(m.StackSize)),
		"The rules: a global with an initial value lives in data, one without in bss; globals take addresses in declaration order, each right after the previous one of its region, aligned to its size (8 bytes for an int or a pointer, 8 for an array of ints) or to its `align`. " +
			"`new(int)` allocates 8 bytes on the heap, in the order the program runs, and so does a local whose address escapes (is stored in a global). " +
			fmt.Sprintf("A local whose address is taken but does not escape lives in its thread's stack frame. Thread n (`main` is 0, `worker` 1: declaration order) has its stack top at %#x − n × (stack size + %s guard); a thread's first such local sits 32 bytes below its top (16 bytes every call takes, then 16 for the 8-byte local).", m.StackTop, memSizeText(m.StackGuard)),
		"The threads run one after the other (`run sequential`): main first.",
	}
	p := &Problem{Title: "Where variables live", Intro: strings.Join(intro, "\n\n"), Code: src}
	p.Parts = append(p.Parts, Part{
		Prompt:  "For each variable, give the region it lives in (text, data, bss, heap, or the stack of a thread) and its address in hex.",
		Table:   table,
		Explain: fmt.Sprintf("data is [%#x, %#x), bss [%#x, %#x), the heap [%#x, %#x); main's stack is [%#x, %#x) and worker's [%#x, %#x).", m.Data.Start, m.Data.End, m.BSS.Start, m.BSS.End, m.Heap.Start, m.Heap.End, top0-m.StackSize, top0, bottom1, top1),
	})
	heapWhy := fmt.Sprintf("The heap grows %s: %s's object is at %#x, %s's, allocated after it, at %#x.", heapWay, c.p, p1, c.q, p2)
	stackWhy := fmt.Sprintf("A stack grows %s from its top: main's first local is at %#x, below its top %#x.", stackWay, local, top0)
	if g.Knobs.Choice {
		p.Parts = append(p.Parts,
			Part{Prompt: "Which way does the heap grow?", Choices: []string{"up, towards higher addresses", "down, towards lower addresses"}, Explain: heapWhy},
			Part{Prompt: "Which way does a thread's stack grow?", Choices: []string{"up, towards higher addresses", "down, towards lower addresses"}, Explain: stackWhy})
		n := len(p.Parts)
		p.Parts[n-2].Answer = p.Parts[n-2].Choices[map[string]int{"up": 0, "down": 1}[heapWay]]
		p.Parts[n-1].Answer = p.Parts[n-1].Choices[map[string]int{"up": 0, "down": 1}[stackWay]]
	} else {
		p.Parts = append(p.Parts, Part{
			Prompt:  "Which way does each region grow (up, towards higher addresses, or down)?",
			Table:   grow,
			Explain: heapWhy + " " + stackWhy,
		})
	}
	p.Parts = append(p.Parts, Part{
		Prompt:  "Between which addresses does worker's stack lie? Give [lowest, top) in hex.",
		Answer:  fmt.Sprintf("[%#x, %#x)", bottom1, top1),
		Explain: fmt.Sprintf("worker is thread 1: its top is %#x − (%s + %s) = %#x, and it holds %s below that.", m.StackTop, memSizeText(m.StackSize), memSizeText(m.StackGuard), top1, memSizeText(m.StackSize)),
	})
	return p, nil
}
