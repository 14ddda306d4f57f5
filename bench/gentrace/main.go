// Command gentrace writes synthetic memory reference traces for the trace
// mode benchmarks (bench/run.sh, BENCHMARKS.md).
//
//	go run ./bench/gentrace -format din|proc -n 10000000 -cores 4 -o FILE
//
// Every thread (one per core) runs the same kind of program, a parallel
// loop over a partitioned data set, and its references are, by share of
// that thread's references:
//
//	37%  its own stack: a 2 KiB frame, hot (always in the L1), 40% writes
//	35%  its own slice of the heap: 48 KiB of private data swept in order
//	     (8-byte steps, 95%) with jumps elsewhere in the slice (5%),
//	     25% writes; a bit more than a 32 KiB L1, so it misses steadily
//	20%  a shared read-mostly table of 256 KiB (the input every thread
//	     reads): 64-byte records at random, read a word at a time (a new
//	     record every 6 references on average), 1% writes
//	 4%  a shared queue of 64 lines that threads hand work through:
//	     the line a thread reads was last written by its neighbour
//	     (reads 50%, writes 50%): true sharing, invalidations, c2c
//	 3%  a shared array of per-thread counters packed 8 bytes apart, 8
//	     to a line: false sharing, 70% writes
//	 1%  one lock word: test-and-set style, 50% writes
//
// With 4 cores, MESI and 32 KiB 8-way L1s this misses about 14% of the
// time: a memory-bound parallel program.
//
// Threads take turns in short runs, as in a trace of a real parallel
// program (canneal's: mostly one to three references in a row from one
// core): the next core is picked at random, and it runs for 1 to 4
// references. The din format is one thread of the same program (core 0);
// -mix floor writes instead the address mix of ../shared/bench/floor's
// generator (40% sequential, 40% in a 24 KiB region, 20% spread over 4
// MiB; 30% writes), for comparing with trace-vs-floor. Output is the same
// for the same flags (-seed, default 1).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"github.com/cohere-sim/cohere/internal/floormix"
	"math/rand"
	"os"
	"strconv"
)

const (
	stackTop   = 0x7ffd_0000_0000 // thread t's frame is below stackTop - t*1 MiB
	frameBytes = 2 << 10
	heapBase   = 0x0000_5600_0000 // thread t's slice is at heapBase + t*1 MiB
	sliceBytes = 48 << 10
	tableBase  = 0x0000_7f00_0000
	tableBytes = 256 << 10
	queueBase  = 0x0000_6100_0000
	queueLines = 64
	countBase  = 0x0000_6200_0000
	lockAddr   = 0x0000_6300_0040
)

type thread struct {
	id     int
	sweep  uint64 // position in the heap slice
	record uint64 // the table record being read
	queue  int    // next queue slot this thread works on
}

func main() {
	format := flag.String("format", "proc", "din or proc")
	n := flag.Int("n", 10_000_000, "references")
	cores := flag.Int("cores", 4, "threads (proc); din is one thread")
	out := flag.String("o", "-", "output file (- for standard output)")
	mix := flag.String("mix", "program", "program, or floor (din only: the floor generator's mix)")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	if *format != "din" && *format != "proc" {
		fail("-format %q: want din or proc", *format)
	}
	if *cores < 1 || *cores > 1024 {
		fail("-cores %d: want 1 to 1024", *cores)
	}
	if *mix != "program" && !(*mix == "floor" && *format == "din") {
		fail("-mix %q: want program, or floor with -format din", *mix)
	}
	if *format == "din" {
		*cores = 1
	}
	f := os.Stdout
	if *out != "-" {
		var err error
		if f, err = os.Create(*out); err != nil {
			fail("%v", err)
		}
	}
	w := bufio.NewWriterSize(f, 1<<20)
	r := rand.New(rand.NewSource(*seed))
	var line []byte
	emit := func(core int, write bool, addr uint64) {
		line = line[:0]
		if *format == "din" {
			line = append(line, "01"[b2i(write)], ' ')
		} else {
			line = strconv.AppendInt(line, int64(core), 10)
			line = append(line, ' ', "rw"[b2i(write)], ' ')
		}
		line = strconv.AppendUint(line, addr, 16)
		line = append(line, '\n')
		w.Write(line)
	}
	if *mix == "floor" {
		m := &floormix.Mix{R: r}
		for range *n {
			addr, write := m.Next()
			emit(0, write, addr)
		}
	} else {
		threads := make([]thread, *cores)
		for i := range threads {
			threads[i] = thread{id: i, queue: i}
		}
		for done := 0; done < *n; {
			t := &threads[r.Intn(len(threads))]
			for run := 1 + r.Intn(4); run > 0 && done < *n; run-- {
				write, addr := t.next(r, len(threads))
				emit(t.id, write, addr)
				done++
			}
		}
	}
	if err := w.Flush(); err != nil {
		fail("%v", err)
	}
	if f != os.Stdout {
		if err := f.Close(); err != nil {
			fail("%v", err)
		}
	}
}

// next returns thread t's next reference.
func (t *thread) next(r *rand.Rand, threads int) (bool, uint64) {
	id := uint64(t.id)
	k := r.Intn(100)
	switch {
	case k < 37: // stack frame
		return r.Intn(100) < 40, stackTop - id<<20 - frameBytes + uint64(r.Intn(frameBytes))&^7
	case k < 72: // private heap slice
		if r.Intn(100) < 5 {
			t.sweep = uint64(r.Intn(sliceBytes)) &^ 7
		} else {
			t.sweep = (t.sweep + 8) % sliceBytes
		}
		return r.Intn(100) < 25, heapBase + id<<20 + t.sweep
	case k < 92: // shared read-mostly table, a record at a time
		if r.Intn(6) == 0 {
			t.record = uint64(r.Intn(tableBytes/64)) * 64
		}
		return r.Intn(100) < 1, tableBase + t.record + uint64(r.Intn(8))*8
	case k < 96: // work queue: take the next slot, which another thread filled
		if r.Intn(2) == 0 {
			t.queue = (t.queue + threads) % queueLines
			return false, queueBase + uint64(t.queue)*64 + uint64(r.Intn(8))*8
		}
		return true, queueBase + uint64((t.queue+1)%queueLines)*64 + uint64(r.Intn(8))*8
	case k < 99: // per-thread counters, 8 to a line
		return r.Intn(100) < 70, countBase + id*8
	default: // lock
		return r.Intn(2) == 0, lockAddr
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "gentrace: "+format+"\n", args...)
	os.Exit(2)
}
