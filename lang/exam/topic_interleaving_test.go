// Tests of the interleaving topic: textbook outcome sets, and every key
// re-derived by walking every schedule by hand.

package exam

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
)

func TestInterleavingTextbook(t *testing.T) {
	add := ilProgram{globals: []string{"var x int"}, threads: []ilThread{{"t0", []string{"x = x + 1"}}, {"t1", []string{"x = x + 2"}}}}
	sb := ilProgram{globals: []string{"var x, y int"}, threads: []ilThread{{"t0", []string{"x = 1", "r1 := y"}}, {"t1", []string{"y = 1", "r2 := x"}}}}
	mp := ilProgram{globals: []string{"var data, flag int"}, threads: []ilThread{{"p", []string{"data = 1", "flag = 1"}}, {"c", []string{"r1 := flag", "r2 := data"}}}}
	atStatement := add.clone()
	atStatement.statement = true
	tso := sb.clone()
	tso.storebuffer = 2
	mpTSO := mp.clone()
	mpTSO.storebuffer = 2
	tests := []struct {
		name    string
		prog    ilProgram
		observe []string
		want    string
	}{
		{"x=x+1 || x=x+2 at access", add, []string{"x"}, "{1, 2, 3}"},
		{"x=x+1 || x=x+2 at statement", atStatement, []string{"x"}, "{3}"},
		{"SB on SC", sb, []string{"t0.r1", "t1.r2"}, "{(0, 1), (1, 0), (1, 1)}"},
		{"SB on TSO", tso, []string{"t0.r1", "t1.r2"}, "{(0, 0), (0, 1), (1, 0), (1, 1)}"},
		{"MP on SC", mp, []string{"c.r1", "c.r2"}, "{(0, 0), (0, 1), (1, 1)}"},
		{"MP on TSO", mpTSO, []string{"c.r1", "c.r2"}, "{(0, 0), (0, 1), (1, 1)}"},
	}
	for _, tt := range tests {
		o, err := exploreProgram(tt.prog, tt.observe)
		if err != nil {
			t.Fatal(err)
		}
		if got := outcomeSetText(o.values); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

// bruteOutcomes walks every schedule of src from the start, replaying each
// prefix with StepThread, and returns the outcome set.
func bruteOutcomes(t *testing.T, src string, observe []string) string {
	t.Helper()
	s, errs := scenario.Load("brute.coh", []byte(src), scenario.Overrides{})
	if len(errs) > 0 {
		t.Fatalf("%v\n%s", errs, src)
	}
	seen := map[string][]string{}
	runs := 0
	var walk func(prefix []string)
	walk = func(prefix []string) {
		vm, err := s.NewVM(scenario.Options{Explore: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range prefix {
			if err := vm.StepThread(name); err != nil {
				t.Fatalf("replay %v: %v", prefix, err)
			}
		}
		if runs++; runs > 300_000 {
			t.Fatalf("too many schedules\n%s", src)
		}
		var next []string
		if !vm.Done() {
			for _, th := range vm.Threads() {
				if th.Status == "runnable" {
					next = append(next, th.Name)
				}
			}
			for c := 0; c < vm.Machine().Cores(); c++ {
				if len(vm.StoreBuffer(c)) > 0 {
					next = append(next, fmt.Sprintf("P%d.drain", c))
				}
			}
		}
		if len(next) == 0 {
			if res := vm.Result(); res != nil && res.Outcome != interp.Finished {
				t.Fatalf("schedule %v ends %v\n%s", prefix, res.Outcome, src)
			}
			var vals []string
			for _, o := range observe {
				v, errs := s.Inspect(o, vm)
				if len(errs) > 0 {
					t.Fatal(errs)
				}
				vals = append(vals, v.String())
			}
			seen[strings.Join(vals, " ")] = vals
			return
		}
		for _, n := range next {
			walk(append(prefix[:len(prefix):len(prefix)], n))
		}
	}
	walk(nil)
	var all [][]string
	for _, v := range seen {
		all = append(all, v)
	}
	slices.SortFunc(all, compareOutcomes)
	return outcomeSetText(all)
}

// counterOutcomes is the textbook answer for T threads each incrementing
// a counter K times: with a mutex, or when an increment is one step, only
// T*K; otherwise every value from 2 (1 when K is 1) to T*K, as a lost
// update can undo all but one of another thread's increments.
func counterOutcomes(threads, iters int, atomic bool) string {
	if atomic {
		return fmt.Sprintf("{%d}", threads*iters)
	}
	var vals [][]string
	for v := min(2, iters); v <= threads*iters; v++ {
		vals = append(vals, []string{fmt.Sprint(v)})
	}
	return outcomeSetText(vals)
}

func TestInterleavingKeysByBruteForce(t *testing.T) {
	knobs := []Knobs{{}, {Cores: 3}, {Ops: 2}, {Cores: 3, Ops: 2}}
	n := 0
	for _, v := range interleavingVariants {
		for i, k := range knobs {
			for seed := uint64(0); seed < 2; seed++ {
				k.Variant = v
				g := NewGen("interleaving", seed, i, k)
				c, err := newInterleavingCase(g)
				if err != nil {
					t.Fatal(err)
				}
				p, err := c.problem(g)
				if err != nil {
					t.Fatal(err)
				}
				var want string
				if v == "counter" {
					iters := 0
					_, after, _ := strings.Cut(p.Code, "i < ")
					fmt.Sscan(after, &iters)
					want = counterOutcomes(len(c.prog.threads), iters, c.prog.statement || strings.Contains(p.Code, "mu.Lock()"))
				} else {
					o, err := exploreProgram(c.prog, c.observe)
					if err != nil {
						t.Fatal(err)
					}
					if schedules(o.witness[0]) > 400 {
						continue // too many schedules to walk one by one
					}
					want = bruteOutcomes(t, c.prog.source(""), c.observe)
				}
				if p.Parts[0].Answer != want {
					t.Errorf("%s seed %d: key %s, re-derived %s\n%s", v, seed, p.Parts[0].Answer, want, p.Code)
				}
				// The yes/no part agrees with the set.
				cond := strings.TrimSuffix(strings.TrimPrefix(p.Parts[1].Prompt, "Can the program end with `"), "`?")
				var vals []string
				for _, term := range strings.Split(cond, " && ") {
					_, val, _ := strings.Cut(term, " == ")
					vals = append(vals, val)
				}
				in := slices.Contains(outcomeList(want), outcomeSetText([][]string{vals}))
				if (p.Parts[1].Answer == "yes") != in {
					t.Errorf("%s seed %d: %q answered %s, outcomes %s", v, seed, cond, p.Parts[1].Answer, want)
				}
				n++
			}
		}
	}
	t.Logf("%d keys checked", n)
}

// schedules is how many orders there are of the steps of a schedule
// (the multinomial of each thread's step count): about how many the
// brute force walks.
func schedules(witness []string) int {
	per := map[string]int{}
	n := 1
	for i, step := range witness {
		per[step]++
		n = n * (i + 1) / per[step]
	}
	return n
}

// outcomeList splits a set's text into its outcomes, each as a set of one.
func outcomeList(set string) []string {
	inner := strings.TrimSuffix(strings.TrimPrefix(set, "{"), "}")
	var out []string
	if strings.HasPrefix(inner, "(") {
		for _, tup := range strings.Split(strings.TrimSuffix(strings.TrimPrefix(inner, "("), ")"), "), (") {
			out = append(out, "{("+tup+")}")
		}
		return out
	}
	for _, v := range strings.Split(inner, ", ") {
		out = append(out, "{"+v+"}")
	}
	return out
}

func TestInterleavingChoices(t *testing.T) {
	for _, v := range interleavingVariants {
		for seed := uint64(0); seed < 4; seed++ {
			ps := generate(t, Options{Topic: "interleaving", Seed: seed, Knobs: Knobs{Variant: v, Choice: true}})
			part := ps[0].Parts[0]
			if part.Choices == nil {
				continue
			}
			if !slices.Contains(part.Choices, part.Answer) {
				t.Errorf("%s seed %d: the answer %s is not a choice %q", v, seed, part.Answer, part.Choices)
			}
			sorted := slices.Clone(part.Choices)
			slices.Sort(sorted)
			if len(slices.Compact(sorted)) != len(part.Choices) {
				t.Errorf("%s seed %d: repeated choices %q", v, seed, part.Choices)
			}
		}
	}
}

func TestInterleavingGolden(t *testing.T) {
	var ps []*Problem
	for i, v := range interleavingVariants {
		ps = append(ps, generate(t, Options{Topic: "interleaving", Seed: uint64(i + 1), Knobs: Knobs{Variant: v, Choice: i%2 == 0}})...)
	}
	ps = append(ps, generate(t, Options{Topic: "interleaving", Seed: 7, Count: 2, Knobs: Knobs{Cores: 3, Ops: 2}})...)
	topicsBGolden(t, "interleaving", problemJSON(t, ps...))
	topicsBReproducible(t, Options{Topic: "interleaving", Seed: 3, Count: 6})
}
