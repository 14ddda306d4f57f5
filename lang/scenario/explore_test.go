// Tests of `run all`: known outcome sets, the reduction against plain
// enumeration and against a brute-force walk of every schedule, bounds.

package scenario

import (
	"flag"
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/interp"
)

// exploreSrc loads src with the given run line and explores it.
func exploreSrc(t *testing.T, src, run string, opt ExploreOptions) *Exploration {
	t.Helper()
	s, errs := Load("t.coh", []byte(src), Overrides{Run: run})
	if len(errs) > 0 {
		t.Fatalf("load: %v\n%s", errs, src)
	}
	x, errs := s.Explore(opt)
	if len(errs) > 0 {
		t.Fatalf("explore: %v", errs)
	}
	return x
}

// outcomeSet renders each outcome as "v1 v2 ... [end]", sorted.
func outcomeSet(x *Exploration) []string {
	var out []string
	for _, o := range x.Outcomes {
		s := strings.Join(o.Values, " ")
		if o.Output != "" {
			s += " out=" + fmt.Sprintf("%q", o.Output)
		}
		if o.End != "finished" {
			s += " [" + o.End + "]"
		}
		out = append(out, strings.TrimSpace(s))
	}
	sort.Strings(out)
	return out
}

const addSrc = `var x int

thread w0 {
	x = x + 1
}

thread w1 {
	x = x + 2
}
`

func TestExploreKnownOutcomes(t *testing.T) {
	tests := []struct {
		name, src, run string
		want           []string
		counts         []uint64 // without reduction, in outcome order
	}{
		{"add at access", addSrc, "all", []string{"1", "2", "3"}, []uint64{2, 2, 2}},
		{"add at statement", addSrc, "all atomicity statement", []string{"3"}, []uint64{2}},
		{"mutex counter", `var n int
var mu mutex

thread w0 {
	for i := 0; i < 2; i++ {
		mu.Lock()
		n++
		mu.Unlock()
	}
}

thread w1 {
	for i := 0; i < 2; i++ {
		mu.Lock()
		n++
		mu.Unlock()
	}
}
`, "all", []string{"4"}, nil},
		{"atomic counter", `var n int

thread w0 {
	atomic.Add(&n, 1)
	atomic.Add(&n, 1)
}

thread w1 {
	atomic.Add(&n, 1)
}
`, "all", []string{"3"}, []uint64{3}},
		{"lost update, three threads", `var n int

thread a {
	n++
}

thread b {
	n++
}

thread c {
	n++
}
`, "all", []string{"1", "2", "3"}, nil},
		{"message passing", `var data, flag int

thread p {
	data = 42
	flag = 1
}

thread c {
	f := flag
	d := data
}
`, "all", []string{"0 0", "0 42", "1 42"}, nil},
		{"store buffering on sc", `var x, y int

thread t0 on core 0 {
	x = 1
	r1 := y
}

thread t1 on core 1 {
	y = 1
	r2 := x
}
`, "all", []string{"0 1", "1 0", "1 1"}, []uint64{1, 1, 4}},
		{"store buffering on tso", `machine {
	storebuffer 2
}

var x, y int

thread t0 on core 0 {
	x = 1
	r1 := y
}

thread t1 on core 1 {
	y = 1
	r2 := x
}
`, "all", []string{"0 0", "0 1", "1 0", "1 1"}, nil},
		{"store buffering with fences", `machine {
	storebuffer 2
}

var x, y int

thread t0 on core 0 {
	x = 1
	fence()
	r1 := y
}

thread t1 on core 1 {
	y = 1
	fence()
	r2 := x
}
`, "all", []string{"0 1", "1 0", "1 1"}, nil},
		{"store forwarding", `machine {
	storebuffer 2
}

var x int

thread t0 on core 0 {
	x = 1
	r1 := x
}

thread t1 on core 1 {
	x = 2
}
`, "all", []string{"1 1", "1 2", "2 1", "2 2"}[:4], nil},
		{"printing order", `thread a {
	println("a")
}

thread b {
	println("b")
}
`, "all", []string{`out="a\nb"`, `out="b\na"`}, []uint64{1, 1}},
		{"lock order deadlock", `var m1, m2 mutex

thread a {
	m1.Lock()
	m2.Lock()
	m2.Unlock()
	m1.Unlock()
}

thread b {
	m2.Lock()
	m1.Lock()
	m1.Unlock()
	m2.Unlock()
}
`, "all", []string{"[deadlocked]", "[finished]"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			observe := map[string][]string{
				"message passing":       {"c.f", "c.d"},
				"store buffering on sc": {"t0.r1", "t1.r2"}, "store buffering on tso": {"t0.r1", "t1.r2"},
				"store buffering with fences": {"t0.r1", "t1.r2"}, "store forwarding": {"t0.r1", "x"},
				"printing order": {}, "lock order deadlock": {},
			}[tc.name]
			if observe == nil {
				observe = []string{strings.Fields(strings.SplitN(tc.src, "var ", 2)[1])[0]}
			}
			for _, reduce := range []bool{true, false} {
				x := exploreSrc(t, tc.src, tc.run, ExploreOptions{Observe: observe, NoReduce: !reduce})
				got := outcomeSet(x)
				if tc.name == "lock order deadlock" {
					for i := range got {
						got[i] = strings.TrimSpace(got[i])
						if got[i] == "" {
							got[i] = "[finished]"
						}
					}
					sort.Strings(got)
				}
				if !x.Complete {
					t.Fatalf("reduce=%v: cut short: %s", reduce, x.Cut)
				}
				want := tc.want
				if tc.name == "store forwarding" {
					// t0 always reads its own store or a later one by t1.
					want = []string{"1 1", "1 2", "2 2"}
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("reduce=%v: outcomes %q, want %q", reduce, got, want)
				}
				if !reduce && tc.counts != nil {
					var counts []uint64
					for _, o := range x.Outcomes {
						counts = append(counts, o.Count)
					}
					if !reflect.DeepEqual(counts, tc.counts) {
						t.Errorf("schedules per outcome %v, want %v", counts, tc.counts)
					}
				}
			}
		})
	}
}

// TestExploreCountsEveryInterleaving: without reduction the schedule
// counts add up to the number of interleavings, the multinomial
// coefficient, for three threads of independent steps.
func TestExploreCountsEveryInterleaving(t *testing.T) {
	src := `var a, b, c int

thread w0 {
	a = 1
	a = 2
	a = 3
}

thread w1 {
	b = 1
	b = 2
}

thread w2 {
	c = 1
	c = 2
}
`
	full := exploreSrc(t, src, "all", ExploreOptions{NoReduce: true})
	var total uint64
	for _, o := range full.Outcomes {
		total += o.Count
	}
	if total != 210 { // 7! / (3! 2! 2!)
		t.Errorf("%d schedules, want 210", total)
	}
	if full.States != 4*3*3 {
		t.Errorf("%d states without reduction, want 36", full.States)
	}
	reduced := exploreSrc(t, src, "all", ExploreOptions{})
	if reduced.States >= full.States {
		t.Errorf("reduction explored %d states, plain enumeration %d", reduced.States, full.States)
	}
	if reduced.States != 8 { // one path: independent steps are never permuted
		t.Errorf("reduction explored %d states, want 8", reduced.States)
	}
}

func TestExploreExpects(t *testing.T) {
	src := addSrc + `
expect possible x == 1
expect never x == 0
expect always x > 0
expect x >= 1
expect never x == 2
expect possible x == 4
`
	x := exploreSrc(t, src, "all", ExploreOptions{})
	want := []bool{true, true, true, true, false, false}
	for i, e := range x.Expects {
		if e.OK != want[i] {
			t.Errorf("%s: ok=%v, want %v (%s)", e.Text, e.OK, want[i], e.Why)
		}
	}
	if w := x.Expects[4].Witness; len(w) == 0 {
		t.Errorf("a failed never has no witness")
	}
	if !x.Failed() {
		t.Errorf("failed expects, yet the exploration passes")
	}
}

// TestExploreBoundIsInconclusive: a search cut short never passes a
// never or always expect.
func TestExploreBoundIsInconclusive(t *testing.T) {
	src := addSrc + `
expect never x == 0
expect always x > 0
expect possible x == 3
`
	x := exploreSrc(t, src, "all", ExploreOptions{MaxStates: 3})
	if x.Complete || !strings.Contains(x.Cut, "state limit") {
		t.Fatalf("complete=%v cut=%q, want the state limit", x.Complete, x.Cut)
	}
	for _, e := range x.Expects[:2] {
		if e.OK || !strings.Contains(e.Why, "inconclusive") {
			t.Errorf("%s: ok=%v (%s), want inconclusive", e.Text, e.OK, e.Why)
		}
	}
	if !x.Failed() {
		t.Errorf("a cut-short exploration passes")
	}
}

func TestExploreIsDeterministic(t *testing.T) {
	src := `machine {
	storebuffer 2
}

var x, y int

thread t0 on core 0 {
	x = 1
	r1 := y
}

thread t1 on core 1 {
	y = 1
	r2 := x
}
`
	a := exploreSrc(t, src, "all", ExploreOptions{})
	b := exploreSrc(t, src, "all", ExploreOptions{})
	if !reflect.DeepEqual(a.Outcomes, b.Outcomes) || a.States != b.States {
		t.Errorf("two explorations differ:\n%+v\n%+v", a.Outcomes, b.Outcomes)
	}
}

var (
	exploreSeed     = flag.Int64("explore-seed", 7, "the seed of TestExploreReductionMatchesBruteForce's programs")
	explorePrograms = flag.Int("explore-programs", 0, "how many programs TestExploreReductionMatchesBruteForce generates (0: 80)")
)

// TestExploreReductionMatchesBruteForce generates small random programs
// and compares the reduced search, the plain enumeration and a brute-force
// walk of every schedule (no hashing, no reduction) that shares nothing
// with the explorer but the VM.
func TestExploreReductionMatchesBruteForce(t *testing.T) {
	n := 80
	if *explorePrograms > 0 {
		n = *explorePrograms
	}
	if testing.Short() {
		n = 25
	}
	rng := rand.New(rand.NewSource(*exploreSeed))
	fewer, walked := 0, 0
	for i := 0; i < n; i++ {
		src, observe := randomProgram(rng)
		s, errs := Load("p.coh", []byte(src), Overrides{Run: "all"})
		if len(errs) > 0 {
			t.Fatalf("program %d: %v\n%s", i, errs, src)
		}
		reduced, errs := s.Explore(ExploreOptions{Observe: observe})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		full, _ := s.Explore(ExploreOptions{Observe: observe, NoReduce: true})
		if got, want := outcomeSet(reduced), outcomeSet(full); !reflect.DeepEqual(got, want) {
			t.Fatalf("program %d: reduced %q, plain %q\n%s", i, got, want, src)
		}
		var schedules uint64
		for _, o := range full.Outcomes {
			schedules += o.Count
		}
		if schedules <= 1500 { // the brute force walks each one
			brute := bruteForce(t, s, observe)
			if got := outcomeSet(full); !reflect.DeepEqual(got, brute) {
				t.Fatalf("program %d: explorer %q, brute force %q\n%s", i, got, brute, src)
			}
			walked++
		}
		if reduced.States > full.States {
			t.Errorf("program %d: reduction explored more states (%d) than plain enumeration (%d)\n%s", i, reduced.States, full.States, src)
		}
		if reduced.States < full.States {
			fewer++
		}
	}
	if fewer < n/3 {
		t.Errorf("reduction explored fewer states in only %d of %d programs", fewer, n)
	}
	if walked < n/2 {
		t.Errorf("the brute force checked only %d of %d programs", walked, n)
	}
	t.Logf("%d programs: reduction explored fewer states in %d, brute force walked %d", n, fewer, walked)
}

// randomProgram writes 2 or 3 threads of 1 to 4 statements over x, y, z.
func randomProgram(rng *rand.Rand) (string, []string) {
	var b strings.Builder
	if rng.Intn(3) == 0 {
		fmt.Fprintf(&b, "machine {\n\tcores 3\n\tstorebuffer %d\n}\n\n", 1+rng.Intn(2))
	} else {
		b.WriteString("machine {\n\tcores 3\n}\n\n")
	}
	b.WriteString("var x, y, z int\nvar mu mutex\n")
	vars := []string{"x", "y", "z"}
	threads := 2 + rng.Intn(2)
	var observe []string
	for th := 0; th < threads; th++ {
		fmt.Fprintf(&b, "\nthread t%d on core %d {\n\tr := 0\n", th, th)
		for k, n := 0, 1+rng.Intn(4); k < n; k++ {
			v := vars[rng.Intn(3)]
			switch rng.Intn(8) {
			case 0, 1:
				fmt.Fprintf(&b, "\t%s = %d\n", v, 1+rng.Intn(3))
			case 2, 3:
				fmt.Fprintf(&b, "\tr = r*4 + %s\n", v)
			case 4:
				fmt.Fprintf(&b, "\t%s = %s + 1\n", v, v)
			case 5:
				fmt.Fprintf(&b, "\tatomic.Add(&%s, 1)\n", v)
			case 6:
				fmt.Fprintf(&b, "\tmu.Lock()\n\t%s = r + 1\n\tmu.Unlock()\n", v)
			case 7:
				b.WriteString("\tfence()\n")
			}
		}
		b.WriteString("}\n")
		observe = append(observe, fmt.Sprintf("t%d.r", th))
	}
	return b.String(), append(observe, vars...)
}

// bruteForce walks every schedule from the start, replaying each prefix
// with StepThread, and returns the outcome set.
func bruteForce(t *testing.T, s *Scenario, observe []string) []string {
	var obs []observed
	for _, o := range observe {
		ob, errs := s.observe(o)
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		obs = append(obs, ob)
	}
	seen := map[string]bool{}
	var walk func(prefix []string)
	steps := 0
	walk = func(prefix []string) {
		vm, err := s.NewVM(Options{Explore: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range prefix {
			if err := vm.StepThread(name); err != nil {
				t.Fatalf("replay %v: %v", prefix, err)
			}
		}
		if steps++; steps > 200_000 {
			t.Fatal("brute force: too many schedules")
		}
		next := enabledNames(vm)
		if vm.Done() || len(next) == 0 {
			var vals []string
			for _, o := range obs {
				v, err := vm.Inspect(o.expr, o.info)
				if err != nil {
					t.Fatal(err)
				}
				vals = append(vals, v.String())
			}
			key := strings.Join(vals, " ")
			if res := vm.Result(); res != nil && res.Outcome != interp.Finished {
				key += " [" + res.Outcome.String() + "]"
			}
			seen[key] = true
			return
		}
		for _, n := range next {
			walk(append(prefix[:len(prefix):len(prefix)], n))
			if t.Failed() {
				return
			}
		}
	}
	walk(nil)
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// enabledNames lists what can step: runnable threads, non-empty buffers.
func enabledNames(vm *interp.VM) []string {
	var out []string
	if vm.Done() {
		return nil
	}
	for _, th := range vm.Threads() {
		if th.Status == "runnable" {
			out = append(out, th.Name)
		}
	}
	for c := 0; c < vm.Machine().Cores(); c++ {
		if len(vm.StoreBuffer(c)) > 0 {
			out = append(out, fmt.Sprintf("P%d.drain", c))
		}
	}
	return out
}

// TestExploreRaces: with Race, the witnesses run under the race detector
// and expect race / expect norace are checked on what it finds.
func TestExploreRaces(t *testing.T) {
	racy := addSrc + "\nexpect race\n"
	x := exploreSrc(t, racy, "all", ExploreOptions{Race: true})
	if len(x.Races) != 3 { // read/write, write/read, write/write on x
		t.Errorf("%d races, want 3", len(x.Races))
	}
	if !x.Expects[0].OK {
		t.Errorf("expect race: %s", x.Expects[0].Why)
	}
	safe := `var n int
var mu mutex

thread a {
	mu.Lock()
	n++
	mu.Unlock()
}

thread b {
	mu.Lock()
	n++
	mu.Unlock()
}

expect norace
expect always n == 2
`
	x = exploreSrc(t, safe, "all", ExploreOptions{Race: true})
	if len(x.Races) != 0 || !x.Expects[0].OK || !x.Expects[1].OK {
		t.Errorf("races %d, expects %+v", len(x.Races), x.Expects)
	}
	x = exploreSrc(t, safe, "all", ExploreOptions{})
	if x.Expects[0].OK {
		t.Errorf("expect norace passed with the detector off")
	}
}

func TestWitnessCompression(t *testing.T) {
	steps := []string{"w0", "w0", "w0", "w1", "w1", "P0.drain", "w0", "w0", "w0", "w0"}
	got := CompressWitness(steps)
	want := []string{"w0*3", "w1", "w1", "P0.drain", "w0*4"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CompressWitness = %q, want %q", got, want)
	}
	back, err := ExpandWitness(got)
	if err != nil || !reflect.DeepEqual(back, steps) {
		t.Errorf("ExpandWitness = %q, %v", back, err)
	}
	for _, bad := range []string{"w0*0", "w0*x", "w0*-2", "w0*999999999999"} {
		if _, err := ExpandWitness([]string{bad}); err == nil {
			t.Errorf("ExpandWitness(%q) took it", bad)
		}
	}
}
