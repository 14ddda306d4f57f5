package scenario_test

// This file tests the race detector on programs whose verdict is known,
// under several schedules: a happens-before detector finds a race
// whatever order the two accesses come in, so the verdict and the two
// locations must not depend on the interleaving.

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
)

// raceSchedules are the interleavings every program runs under.
var raceSchedules = []string{"random seed 1", "random seed 2", "random seed 3", "random seed 7", "roundrobin", "roundrobin quantum 3", "sequential", "timed"}

// raceCases are programs with a known verdict. want lists the two
// accesses of the race as "LINE KIND" (KIND read, write, atomic read,
// atomic write; "read|write" when either is right, as for x++ whose read
// or write may be the one that meets the other thread's), in any order;
// nil: no race. Every report of the run must be that pair.
var raceCases = []struct {
	name string
	src  string
	want []string
}{
	{name: "mutex-protected counter", src: `
var counter int
var mu mutex
thread w0 {
	for i := 0; i < 20; i++ {
		mu.Lock()
		counter++
		mu.Unlock()
	}
}
thread w1 {
	for i := 0; i < 20; i++ {
		mu.Lock()
		counter = counter + 1
		mu.Unlock()
	}
}
expect counter == 40
`},
	{name: "atomic publish", src: `
var data int
var flag int
thread writer {
	data = 42
	atomic.Store(&flag, 1)
}
thread reader {
	for atomic.Load(&flag) == 0 {
	}
	r := data
}
expect reader.r == 42
`},
	{name: "unbuffered channel handoff", src: `
var data int
var ch = make(chan int)
thread writer {
	data = 42
	ch <- 1
}
thread reader {
	<-ch
	r := data
}
expect reader.r == 42
`},
	{name: "unbuffered receive before send completes", src: `
var data int
var ch = make(chan int)
thread receiver {
	data = 42
	<-ch
}
thread sender {
	ch <- 1
	r := data
}
expect sender.r == 42
`},
	{name: "buffered channel as semaphore", src: `
var counter int
var sem = make(chan int, 1)
thread w0 {
	for i := 0; i < 10; i++ {
		sem <- 1
		counter++
		<-sem
	}
}
thread w1 {
	for i := 0; i < 10; i++ {
		sem <- 1
		counter++
		<-sem
	}
}
expect counter == 20
`},
	{name: "close as a signal", src: `
var data int
var done = make(chan int)
thread writer {
	data = 7
	close(done)
}
thread reader {
	v, ok := <-done
	r := data
}
expect reader.r == 7 && reader.ok == false
`},
	{name: "read-only sharing", src: `
var table [4]int = [4]int{1, 2, 3, 4}
var sums [2]int
thread r0 {
	for i := 0; i < 4; i++ {
		sums[0] += table[i]
	}
}
thread r1 {
	for i := 3; i >= 0; i-- {
		sums[1] += table[i]
	}
}
expect sums[0] == 10 && sums[1] == 10
`},
	{name: "go statement and wait group", src: `
var data int
var results [3]int
var wg waitgroup
func work(i int) {
	results[i] = data + i
	wg.Done()
}
thread main {
	data = 10
	wg.Add(3)
	for i := 0; i < 3; i++ {
		go work(i)
	}
	wg.Wait()
	r := results[0] + results[1] + results[2]
}
expect main.r == 33
`},
	{name: "bools of one word", src: `
var done [2]bool
var wg waitgroup
thread main {
	wg.Add(2)
	for i := 0; i < 2; i++ {
		go func() {
			done[i] = true
			wg.Done()
		}()
	}
	wg.Wait()
	r := done[0] && done[1]
}
expect main.r
`},
	{name: "trylock", src: `
var counter int
var mu mutex
thread w0 {
	for !mu.TryLock() {
	}
	counter++
	mu.Unlock()
}
thread w1 {
	mu.Lock()
	counter++
	mu.Unlock()
}
expect counter == 2
`},
	{name: "a bool written while its word is copied whole", src: `
var flags [8]bool align 8
var saved [8]bool align 8
thread a { flags[3] = true }
thread b { saved = flags }
`, want: []string{"4 write", "5 read"}},
	{name: "unsynchronised increment", src: `
var counter int
thread w0 {
	for i := 0; i < 50; i++ {
		counter++
	}
}
thread w1 {
	for i := 0; i < 50; i++ {
		counter++
	}
}
`, want: []string{"5 read|write", "10 read|write"}},
	{name: "sleep instead of synchronisation", src: `
var data int
thread writer {
	data = 1
}
thread reader {
	sleep(100000)
	r := data
}
`, want: []string{"4 write", "8 read"}},
	{name: "read before wg.Wait", src: `
var data int
var wg waitgroup
thread main {
	wg.Add(1)
	go func() {
		data = 1
		wg.Done()
	}()
	r := data
	wg.Wait()
}
`, want: []string{"7 write", "10 read"}},
	{name: "buffered channel handoff in the wrong direction", src: `
var data int
var ch = make(chan int, 1)
thread receiver {
	data = 42
	<-ch
}
thread sender {
	ch <- 1
	r := data
}
`, want: []string{"5 write", "10 read"}},
	{name: "plain read of an atomic counter", src: `
var n int
thread adder {
	atomic.Add(&n, 1)
}
thread reader {
	r := n
}
`, want: []string{"4 atomic write", "7 read"}},
	{name: "mutex on one side only", src: `
var counter int
var mu mutex
thread w0 {
	mu.Lock()
	counter = 1
	mu.Unlock()
}
thread w1 {
	counter = 2
}
`, want: []string{"6 write", "10 write"}},
	{name: "race inside a function, through a pointer", src: `
var total int
var wg waitgroup
func add(p *int, v int) {
	*p = *p + v
}
thread main {
	wg.Add(1)
	go func() {
		add(&total, 1)
		wg.Done()
	}()
	add(&total, 2)
	wg.Wait()
}
`, want: []string{"5 read|write", "5 read|write"}},
}

// raceCase returns the source of the case named.
func raceCase(t *testing.T, name string) string {
	for _, tc := range raceCases {
		if tc.name == name {
			return tc.src
		}
	}
	t.Fatalf("no race case %q", name)
	return ""
}

// raceRun loads src and runs it with the detector under the given run line.
func raceRun(t *testing.T, src, run string) *scenario.Report {
	t.Helper()
	s, errs := scenario.Load("race.coh", []byte(src), scenario.Overrides{Run: run})
	if len(errs) > 0 {
		t.Fatalf("load:\n%s", diag.Render(errs, []byte(src), 0))
	}
	rep, err := s.Execute(scenario.Options{Race: true, Limits: interp.Limits{Steps: 200000}})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// accessText is an access as the cases write it: "LINE KIND".
func accessText(a interp.RaceAccess) string {
	return fmt.Sprintf("%d %s", a.Frames[0].Pos.Line, a.Kind)
}

// matches reports whether got ("5 read") is what want ("5 read|write") allows.
func matches(got, want string) bool {
	line, kinds, _ := strings.Cut(want, " ")
	for _, k := range strings.Split(kinds, "|") {
		if got == line+" "+k {
			return true
		}
	}
	return false
}

func TestRaceVerdicts(t *testing.T) {
	for _, tc := range raceCases {
		for _, run := range raceSchedules {
			t.Run(tc.name+"/"+run, func(t *testing.T) {
				rep := raceRun(t, tc.src, run)
				if rep.Result.Outcome != interp.Finished {
					t.Fatalf("run %s: %s", rep.Result.Outcome, rep.Result.Message)
				}
				for _, e := range rep.Expects {
					if !e.OK {
						t.Errorf("expect %s failed: %v %s", e.Text, e.Values, e.Err)
					}
				}
				if tc.want == nil {
					for _, r := range rep.Races {
						t.Errorf("a race reported in a race-free program:\n%s", r)
					}
					return
				}
				if len(rep.Races) == 0 {
					t.Fatalf("no race reported, want %v", tc.want)
				}
				for _, r := range rep.Races {
					a, b := accessText(r.Access), accessText(r.Previous)
					ok := matches(a, tc.want[0]) && matches(b, tc.want[1]) || matches(a, tc.want[1]) && matches(b, tc.want[0])
					if !ok || !strings.Contains(a+b, "write") {
						t.Errorf("race between %s and %s, want %v:\n%s", a, b, tc.want, r)
					}
					if r.Access.Thread.Name == r.Previous.Thread.Name {
						t.Errorf("a race within one thread:\n%s", r)
					}
				}
			})
		}
	}
}

// TestRaceReport checks a whole report: Go's layout, the variable's name,
// the stacks of both accesses and where each thread came from.
func TestRaceReport(t *testing.T) {
	src := `var counts [2]int

func incr(p *int) {
	*p = *p + 1
}

thread w0 {
	incr(&counts[1])
}

thread w1 {
	go func() {
		counts[1] = 5
	}()
}
`
	rep := raceRun(t, src, "order w0 w0 w1 w1.g1")
	if len(rep.Races) != 1 {
		t.Fatalf("%d races, want 1", len(rep.Races))
	}
	got := rep.Races[0].String()
	want := `==================
WARNING: DATA RACE
Write at 0x000000700008 (counts[1]) by goroutine w1.g1:
  main.w1.func1()
      race.coh:13

Previous write at 0x000000700008 (counts[1]) by thread w0:
  main.incr(...)
      race.coh:4
  main.w0()
      race.coh:8

Goroutine w1.g1 (running) created at:
  main.w1()
      race.coh:12

Thread w0 (running) declared at race.coh:7
==================
`
	if got != want {
		t.Errorf("report:\n%s\nwant:\n%s", got, want)
	}
	if r := rep.Races[0]; r.Step != 4 || r.Access.Addr != 0x700008 {
		t.Errorf("step %d addr %#x, want step 4 at 0x700008", r.Step, r.Access.Addr)
	}
}

// TestRaceDedup: the same pair of source positions is reported once,
// whichever access comes first and however often it races.
func TestRaceDedup(t *testing.T) {
	rep := raceRun(t, raceCase(t, "unsynchronised increment"), "random seed 1")
	if len(rep.Races) != 1 {
		for _, r := range rep.Races {
			t.Log(r)
		}
		t.Fatalf("%d reports, want 1", len(rep.Races))
	}
}

// TestRaceNames: the variable a report names.
func TestRaceNames(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`var a [3]int
thread w0 { a[2] = 1 }
thread w1 { a[2] = 2 }`, "a[2]"},
		{`var p *int
var ready int
thread w0 {
	p = new(int)
	atomic.Store(&ready, 1)
	*p = 1
}
thread w1 {
	for atomic.Load(&ready) == 0 {
	}
	*p = 2
}`, "<heap>"},
		{`var gp *int
var ready int
func publish(p *int) {
	gp = p
	atomic.Store(&ready, 1)
}
thread w0 {
	var x int
	publish(&x)
	x = 1
	for atomic.Load(&ready) != 2 {
	}
}
thread w1 {
	for atomic.Load(&ready) == 0 {
	}
	*gp = 2
	atomic.Store(&ready, 2)
}`, "w0.x"},
		{`var gp *int
var ready int
func publish(p *int) {
	gp = p
	atomic.Store(&ready, 1)
}
thread w0 {
	var buf [3]int
	publish(&buf[1])
	buf[1] = 1
	for atomic.Load(&ready) != 2 {
	}
}
thread w1 {
	for atomic.Load(&ready) == 0 {
	}
	*gp = 2
	atomic.Store(&ready, 2)
}`, "w0.buf[1]"},
	} {
		rep := raceRun(t, tc.src, "random seed 1")
		if rep.Result.Outcome != interp.Finished {
			t.Errorf("run %s: %s", rep.Result.Outcome, rep.Result.Message)
		}
		if len(rep.Races) == 0 {
			t.Errorf("no race in\n%s", tc.src)
			continue
		}
		if got := rep.Races[0].Access.Var; got != tc.want {
			t.Errorf("variable %q, want %q:\n%s", got, tc.want, rep.Races[0])
		}
	}
}

// TestRaceExpects: expect race and expect norace are checked after the
// run, and fail (with an error) when the detector is off.
func TestRaceExpects(t *testing.T) {
	racy := raceCase(t, "unsynchronised increment")
	clean := raceCase(t, "mutex-protected counter")
	for _, tc := range []struct {
		src, expect string
		race, ok    bool
		err         string
	}{
		{racy, "race", true, true, ""},
		{racy, "norace", true, false, ""},
		{clean, "norace", true, true, ""},
		{clean, "race", true, false, ""},
		{clean, "norace", false, false, "the race detector is off (--race=false)"},
	} {
		src := tc.src + "expect " + tc.expect + "\n"
		s, errs := scenario.Load("race.coh", []byte(src), scenario.Overrides{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		rep, err := s.Execute(scenario.Options{Race: tc.race})
		if err != nil {
			t.Fatal(err)
		}
		x := rep.Expects[len(rep.Expects)-1]
		if x.Text != tc.expect || x.OK != tc.ok || x.Err != tc.err || rep.Failed == tc.ok {
			t.Errorf("expect %s (race %v): ok %v err %q failed %v, want ok %v err %q", tc.expect, tc.race, x.OK, x.Err, rep.Failed, tc.ok, tc.err)
		}
		if tc.race {
			want := "0"
			if tc.src == racy {
				want = "1"
			}
			if x.Values["races"] != want {
				t.Errorf("expect %s: races = %q, want %s", tc.expect, x.Values["races"], want)
			}
		}
	}
}

// TestRaceMemoryBound: the detector's shadow memory counts towards the
// memory bound, so a run stops with a message rather than growing
// without end; without the detector the same run finishes.
func TestRaceMemoryBound(t *testing.T) {
	src := `var big [65536]int
thread main {
	for i := 0; i < len(big); i += 8 {
		big[i] = i
	}
}
`
	s, errs := scenario.Load("race.coh", []byte(src), scenario.Overrides{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	for _, race := range []bool{true, false} {
		rep, err := s.Execute(scenario.Options{Race: race, Limits: interp.Limits{Memory: 1 << 20}})
		if err != nil {
			t.Fatal(err)
		}
		if !race {
			if rep.Result.Outcome != interp.Finished {
				t.Errorf("without the detector: %s: %s", rep.Result.Outcome, rep.Result.Message)
			}
			continue
		}
		if rep.Result.Outcome != interp.BoundHit || !strings.Contains(rep.Result.Message, "race detector") {
			t.Errorf("with the detector: %s: %q, want the memory bound, naming the race detector", rep.Result.Outcome, rep.Result.Message)
		}
	}
}

// TestRaceManyGoroutines: a finished goroutine's clock is let go, and a
// thousand goroutines on one mutex run clean.
func TestRaceManyGoroutines(t *testing.T) {
	src := `memory {
	stack size 4KiB
}
var total int
var mu mutex
var wg waitgroup
func add() {
	mu.Lock()
	total++
	mu.Unlock()
	wg.Done()
}
thread main {
	for i := 0; i < 1000; i++ {
		wg.Add(1)
		go add()
	}
	wg.Wait()
}
expect total == 1000
expect norace
`
	rep := raceRun(t, src, "random seed 1")
	if rep.Failed {
		t.Errorf("%s %s %v", rep.Result.Outcome, rep.Result.Message, rep.Expects)
	}
}

// TestRaceOff: without the detector nothing is reported.
func TestRaceOff(t *testing.T) {
	s, errs := scenario.Load("race.coh", []byte(raceCase(t, "unsynchronised increment")), scenario.Overrides{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	rep, err := s.Execute(scenario.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Races) != 0 {
		t.Errorf("%d races reported with the detector off", len(rep.Races))
	}
}

// TestRaceGoPrograms: the Go programs of TestGoEquivalence synchronise
// their goroutines (go run -race reports nothing for them), so the
// detector must report nothing either, under three schedules.
func TestRaceGoPrograms(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "goequiv", "*.coh"))
	if err != nil || len(files) < 40 {
		t.Fatalf("%d programs: %v", len(files), err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, seed := range []*uint64{nil, goequivSeed(2), goequivSeed(3)} {
			s, errs := scenario.Load(file, src, scenario.Overrides{Seed: seed})
			if len(errs) > 0 {
				t.Fatalf("%s: %v", file, errs)
			}
			rep, err := s.Execute(scenario.Options{Race: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rep.Races {
				t.Errorf("%s: a race in a race-free program:\n%s", file, r)
			}
		}
	}
}

// TestRaceCasesCover keeps the table honest: the kinds of program the
// issue names are all there, race-free and racy.
func TestRaceCasesCover(t *testing.T) {
	var clean, racy []string
	for _, tc := range raceCases {
		if tc.want == nil {
			clean = append(clean, tc.name)
		} else {
			racy = append(racy, tc.name)
		}
	}
	sort.Strings(clean)
	sort.Strings(racy)
	if len(clean) < 6 || len(racy) < 4 || len(raceCases) < 10 {
		t.Errorf("%d race-free and %d racy programs, want at least 6 and 4", len(clean), len(racy))
	}
}
