package inline_test

// This file checks the decisions against Go's: each row holds a Go
// function, its cohere twin, and what `go build -gcflags=-m=2` (Go 1.26)
// printed for the Go one, which the pass must print for the twin.
// TestTableAgainstGo re-runs Go on the table's Go column when a Go
// toolchain is at hand, so that the table itself stays true.

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/check"
	"github.com/cohere-sim/cohere/lang/inline"
	"github.com/cohere-sim/cohere/lang/syntax"
)

// The globals both columns use.
const (
	goPrelude = `package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

var g int
var n64 int64
var mu sync.Mutex
var ch = make(chan int, 1)
var arr [4]int

var _ = fmt.Println
var _ = atomic.AddInt64
`
	cohPrelude = `var g int
var n64 int
var mu mutex
var ch = make(chan int, 1)
var arr [4]int

thread main {
}
`
)

type row struct {
	name string
	goSrc,
	coh string
	want []string // Go's -m=2 decisions, without position and body
}

var table = []row{
	{"small leaf",
		`func add(a, b int) int {
	return a + b
}`, `func add(a, b int) int {
	return a + b
}`, []string{"can inline add with cost 4"}},
	{"over budget",
		`func big(n int) int {
	x := n
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	return x
}`, `func big(n int) int {
	x := n
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	x = x*3 + 1
	return x
}`, []string{"cannot inline big: function too complex: cost 119 exceeds budget 80"}},
	{"defer",
		`func withDefer() {
	defer println("done")
	g++
}`, `func withDefer() {
	defer println("done")
	g++
}`, []string{"cannot inline withDefer: unhandled op DEFER"}},
	{"recover in a deferred literal",
		`func withRecover() {
	defer func() {
		recover()
	}()
	panic("boom")
}`, `func withRecover() {
	defer func() {
		recover()
	}()
	panic("boom")
}`, []string{"cannot inline withRecover: unhandled op DEFER", "cannot inline withRecover.func1: call to recover"}},
	{"recover",
		`func rec2() {
	recover()
}`, `func rec2() {
	recover()
}`, []string{"cannot inline rec2: call to recover"}},
	{"recursive: the call to itself is not inlined yet, so it costs 57",
		`func fact(n int) int {
	if n <= 1 {
		return 1
	}
	return n * fact(n-1)
}`, `func fact(n int) int {
	if n <= 1 {
		return 1
	}
	return n * fact(n-1)
}`, []string{"can inline fact with cost 71"}},
	{"mutually recursive: even is decided first, odd pays for it",
		`func even(n int) bool {
	if n == 0 {
		return true
	}
	return odd(n - 1)
}

func odd(n int) bool {
	if n == 0 {
		return false
	}
	return even(n - 1)
}`, `func even(n int) bool {
	if n == 0 {
		return true
	}
	return odd(n - 1)
}

func odd(n int) bool {
	if n == 0 {
		return false
	}
	return even(n - 1)
}`, []string{"can inline even with cost 69", "cannot inline odd: function too complex: cost 81 exceeds budget 80"}},
	{"calls a function that is not inlinable",
		`func big2(n int) int {
	defer println()
	return n
}

func callsBig(n int) int {
	return big2(n) + 1
}`, `func big2(n int) int {
	defer println()
	return n
}

func callsBig(n int) int {
	return big2(n) + 1
}`, []string{"cannot inline big2: unhandled op DEFER", "can inline callsBig with cost 63"}},
	{"calls an inlinable function: its cost is added",
		`func inc(a int) int {
	return a + 1
}

func callsInc(n int) int {
	return inc(n) + inc(n+1)
}`, `func inc(a int) int {
	return a + 1
}

func callsInc(n int) int {
	return inc(n) + inc(n+1)
}`, []string{"can inline inc with cost 4", "can inline callsInc with cost 18"}},
	{"loop",
		`func loop(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i
	}
	return s
}`, `func loop(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i
	}
	return s
}`, []string{"can inline loop with cost 22"}},
	{"range over an int, break and continue",
		`func rangeInt(n int) int {
	s := 0
	for i := range n {
		if i == 2 {
			continue
		}
		if i > 5 {
			break
		}
		s += i
	}
	return s
}`, `func rangeInt(n int) int {
	s := 0
	for i := range n {
		if i == 2 {
			continue
		}
		if i > 5 {
			break
		}
		s += i
	}
	return s
}`, []string{"can inline rangeInt with cost 25"}},
	{"closure: 15 more for the literal, and the call costs the literal's cost",
		`func closure(n int) int {
	f := func(x int) int { return x + n }
	return f(1)
}`, `func closure(n int) int {
	f := func(x int) int { return x + n }
	return f(1)
}`, []string{"can inline closure with cost 28", "can inline closure.func1 with cost 4"}},
	{"calls a parameter",
		`func param(f func(int) int) int {
	return f(1)
}`, `func param(f func(int) int) int {
	return f(1)
}`, []string{"can inline param with cost 21"}},
	{"panic",
		`func panics(n int) int {
	if n < 0 {
		panic("negative")
	}
	return n
}`, `func panics(n int) int {
	if n < 0 {
		panic("negative")
	}
	return n
}`, []string{"can inline panics with cost 9"}},
	{"go statement",
		`func spawn() {
	go println(1)
}`, `func spawn() {
	go println(1)
}`, []string{"cannot inline spawn: unhandled op GO"}},
	{"several results",
		`func divmod(a, b int) (int, int) {
	return a / b, a % b
}

func useDivmod(a int) int {
	q, r := divmod(a, 3)
	return q + r
}`, `func divmod(a, b int) (int, int) {
	return a / b, a % b
}

func useDivmod(a int) int {
	q, r := divmod(a, 3)
	return q + r
}`, []string{"can inline divmod with cost 7", "can inline useDivmod with cost 22"}},
	{"named result and bare return",
		`func named(a int) (r int) {
	r = a
	return
}`, `func named(a int) (r int) {
	r = a
	return
}`, []string{"can inline named with cost 4"}},
	{"pointers",
		`func swap(p, q *int) {
	*p, *q = *q, *p
}`, `func swap(p, q *int) {
	*p, *q = *q, *p
}`, []string{"can inline swap with cost 9"}},
	{"select",
		`func sel() int {
	select {
	case v := <-ch:
		return v
	case ch <- 1:
		return 1
	default:
		return 0
	}
}`, `func sel() int {
	select {
	case v := <-ch:
		return v
	case ch <- 1:
		return 1
	default:
		return 0
	}
}`, []string{"can inline sel with cost 20"}},
	{"a mutex: sync.Mutex's own costs",
		`func locked() {
	mu.Lock()
	g++
	mu.Unlock()
}`, `func locked() {
	mu.Lock()
	g++
	mu.Unlock()
}`, []string{"cannot inline locked: function too complex: cost 151 exceeds budget 80"}},
	{"atomics are intrinsics",
		`func atom() int64 {
	return atomic.AddInt64(&n64, 1)
}`, `func atom() int {
	return atomic.Add(&n64, 1)
}`, []string{"can inline atom with cost 6"}},
	{"var, if with init, arrays, comma-ok receive",
		`func misc(n int) bool {
	var x int
	if y := n * 2; y > 3 {
		x = arr[1]
	}
	a := [3]int{1, 2, x}
	_, ok := <-ch
	return ok && a[0] > 0
}`, `func misc(n int) bool {
	var x int
	if y := n * 2; y > 3 {
		x = arr[1]
	}
	a := [3]int{1, 2, x}
	_, ok := <-ch
	return ok && a[0] > 0
}`, []string{"can inline misc with cost 43"}},
	{"a receive case without a variable, no default",
		`func wait1(quit chan bool) {
	select {
	case <-quit:
	}
}`, `func wait1(quit chan bool) {
	select {
	case <-quit:
	}
}`, []string{"can inline wait1 with cost 7"}},
	{"several results passed on: Go's temporaries",
		`func pair() (int, int) {
	return 1, 2
}

func forward() (int, int) {
	return pair()
}

func sumPair() int {
	return add2(pair())
}

func add2(a, b int) int {
	return a + b
}`, `func pair() (int, int) {
	return 1, 2
}

func forward() (int, int) {
	return pair()
}

func sumPair() int {
	return add2(pair())
}

func add2(a, b int) int {
	return a + b
}`, []string{"can inline pair with cost 3", "can inline forward with cost 15", "can inline sumPair with cost 21", "can inline add2 with cost 4"}},
	{"a string concatenation is one node",
		`func greet(name string) string {
	return "hello, " + name + "!"
}`, `func greet(name string) string {
	return "hello, " + name + "!"
}`, []string{"can inline greet with cost 5"}},
	{"fmt.Println is inlined in Go: its cost counts",
		`func show(a int) {
	fmt.Println(a)
}`, `func show(a int) {
	fmt.Println(a)
}`, []string{"can inline show with cost 78"}},
}

// decisionRE strips a -m=2 line to the decision.
var decisionRE = regexp.MustCompile(`^\S+: ((?:can inline \S+ with cost \d+)|(?:cannot inline \S+: .*?))(?: as: .*)?$`)

func decisions(lines []string) []string {
	var out []string
	for _, l := range lines {
		if m := decisionRE.FindStringSubmatch(l); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

func analyze(t *testing.T, src string, cfg inline.Config) *inline.Result {
	t.Helper()
	f, errs := syntax.Parse("test.coh", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("parse:\n%s\nin:\n%s", errs, src)
	}
	info, errs := check.Check(f, check.Env{Cores: 2})
	if len(errs) > 0 {
		t.Fatalf("check:\n%s\nin:\n%s", errs, src)
	}
	return inline.Analyze(f, info, cfg)
}

func TestDecisionsMatchGo(t *testing.T) {
	for _, r := range table {
		res := analyze(t, cohPrelude+r.coh+"\n", inline.Config{On: true, Budget: inline.DefaultBudget})
		got := decisions(res.Lines(2))
		if strings.Join(got, "\n") != strings.Join(r.want, "\n") {
			t.Errorf("%s:\ngot\n\t%s\nwant (Go)\n\t%s", r.name, strings.Join(got, "\n\t"), strings.Join(r.want, "\n\t"))
		}
	}
}

// TestTableAgainstGo checks the table's Go column with the Go compiler.
func TestTableAgainstGo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Go compiler")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	src := goPrelude
	for _, r := range table {
		src += "\n" + r.goSrc + "\n"
	}
	src += "\nfunc main() {}\n"
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module twin\n\ngo 1.26\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "main.go"), []byte(src), 0o644)
	cmd := exec.Command(goBin, "build", "-o", os.DevNull, "-gcflags=-m=2", ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOTOOLCHAIN=local")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Skipf("go build: %v\n%s", err, out)
	}
	got := map[string]bool{}
	for _, d := range decisions(strings.Split(string(out), "\n")) {
		got[d] = true
	}
	for _, r := range table {
		for _, w := range r.want {
			if !got[w] {
				t.Errorf("%s: Go does not print %q", r.name, w)
			}
		}
	}
}

func TestSitesAndLevels(t *testing.T) {
	src := `func add(a, b int) int {
	return a + b
}

func twice(n int) int {
	return add(n, 1) + add(n, 2)
}

func deferred() {
	defer println(add(1, 2))
}

thread main {
	x := twice(3)
	println(x)
}
`
	res := analyze(t, src, inline.Config{On: true, Budget: 80})
	want1 := `test.coh:1:6: can inline add
test.coh:5:6: can inline twice
test.coh:6:12: inlining call to add
test.coh:6:24: inlining call to add
test.coh:10:19: inlining call to add
test.coh:14:12: inlining call to twice`
	if got := strings.Join(res.Lines(1), "\n"); got != want1 {
		t.Errorf("-m:\n%s\nwant\n%s", got, want1)
	}
	want2 := `test.coh:1:6: can inline add with cost 4 as: func(int, int) int { return a + b }
test.coh:5:6: can inline twice with cost 18 as: func(int) int { return add(n, 1) + add(n, 2) }
test.coh:6:12: inlining call to add
test.coh:6:24: inlining call to add
test.coh:9:6: cannot inline deferred: unhandled op DEFER
test.coh:10:19: inlining call to add
test.coh:14:12: inlining call to twice`
	if got := strings.Join(res.Lines(2), "\n"); got != want2 {
		t.Errorf("-m=2:\n%s\nwant\n%s", got, want2)
	}
	// A smaller budget: twice no longer fits, add still does.
	res = analyze(t, src, inline.Config{On: true, Budget: 10})
	if got := decisions(res.Lines(2)); strings.Join(got, "|") != "can inline add with cost 4|cannot inline twice: function too complex: cost 18 exceeds budget 10|cannot inline deferred: unhandled op DEFER" {
		t.Errorf("budget 10: %q", got)
	}
	if got := analyze(t, src, inline.Config{On: false, Budget: 80}).Lines(2); len(got) != 0 {
		t.Errorf("inline off: %q", got)
	}
}

// TestGoDeferSites: go f() and defer f() of a function without arguments
// or results call f later, so nothing is inlined there; with arguments or
// results Go makes a wrapper and inlines the call into it. (Go 1.26 on the
// same functions: sites 8:22, 9:22, 11:41 and 14:19, here two lines up.)
func TestGoDeferSites(t *testing.T) {
	src := `var g int

func inc()        { g++ }
func add(a int)   { g += a }
func ret() int    { return g }

func d1() { defer inc() }
func d2() { defer add(1) }
func d3() { defer ret() }
func d4() { defer func() { g++ }() }
func d5() { defer func(a int) { g += a }(1) }
func g1() { go inc() }
func g2() { go func() { g++ }() }
func g3() { go add(2) }

thread main {}
`
	var got []string
	for _, l := range analyze(t, src, inline.Config{On: true, Budget: 80}).Lines(1) {
		if strings.Contains(l, "inlining call") {
			got = append(got, l)
		}
	}
	want := `test.coh:8:22: inlining call to add
test.coh:9:22: inlining call to ret
test.coh:11:41: inlining call to d5.func1
test.coh:14:19: inlining call to add`
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}
