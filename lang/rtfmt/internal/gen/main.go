//go:build ignore

// Command gen writes the expected outputs of rtfmt's tests by running real
// Go: every case pairs real Go values with their rtfmt.Value description
// (in the JSON form the test reads) and records what the real fmt package,
// or the real builtin print/println, prints for them. Addresses of
// pointers, channels and funcs are the real ones of this run, recorded in
// the description, so the expected strings are exactly Go's.
//
// From lang/rtfmt (Linux only: the builtins' standard error is captured
// by redirecting file descriptor 2):
//
//	go run internal/gen/main.go -o testdata/fmt_cases.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unicode/utf8"
	"unsafe"
)

// jv is rtfmt.Value as JSON; the test has the same type.
type jv struct {
	Kind string `json:"kind"`
	Int  int64  `json:"int,omitempty"`
	Str  string `json:"str,omitempty"`
	// StrQ holds Str as a Go-quoted string when Str is not valid UTF-8
	// (which JSON cannot carry).
	StrQ  string   `json:"str_quoted,omitempty"`
	Elems []jv     `json:"elems,omitempty"`
	Names []string `json:"names,omitempty"`
	Type  string   `json:"type,omitempty"`
}

type tcase struct {
	Fn     string `json:"fn"` // Sprintf, Sprint, Sprintln, print, println
	Format string `json:"format,omitempty"`
	Args   []jv   `json:"args"`
	Want   string `json:"want"`
	// WantQ holds Want as a Go-quoted string when Want is not valid
	// UTF-8 (which JSON cannot carry).
	WantQ string `json:"want_quoted,omitempty"`
}

type file struct {
	Comment string  `json:"comment"`
	Go      string  `json:"go"`
	Cases   []tcase `json:"cases"`
}

// arg is a real Go value and its description.
type arg struct {
	real  any
	model jv
}

var cases []tcase

func add(c tcase) {
	if !utf8.ValidString(c.Want) {
		c.WantQ, c.Want = strconv.Quote(c.Want), ""
	}
	cases = append(cases, c)
}

func models(args []arg) []jv {
	m := make([]jv, len(args))
	for i, a := range args {
		m[i] = a.model
	}
	return m
}

func reals(args []arg) []any {
	r := make([]any, len(args))
	for i, a := range args {
		r[i] = a.real
	}
	return r
}

func sprintf(format string, args ...arg) {
	add(tcase{Fn: "Sprintf", Format: format, Args: models(args), Want: fmt.Sprintf(format, reals(args)...)})
}

func sprint(args ...arg) {
	add(tcase{Fn: "Sprint", Args: models(args), Want: fmt.Sprint(reals(args)...)})
}

func sprintln(args ...arg) {
	add(tcase{Fn: "Sprintln", Args: models(args), Want: fmt.Sprintln(reals(args)...)})
}

// builtin records what call (a real builtin print or println of the
// values described by args) writes to standard error.
func builtin(fn string, call func(), args ...arg) {
	add(tcase{Fn: fn, Args: models(args), Want: captureStderr(call)})
}

func captureStderr(call func()) string {
	f, err := os.CreateTemp("", "rtfmt-gen")
	if err != nil {
		log.Fatal(err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	saved, err := syscall.Dup(2)
	if err != nil {
		log.Fatal(err)
	}
	if err := syscall.Dup3(int(f.Fd()), 2, 0); err != nil {
		log.Fatal(err)
	}
	call()
	if err := syscall.Dup3(saved, 2, 0); err != nil {
		log.Fatal(err)
	}
	syscall.Close(saved)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		log.Fatal(err)
	}
	b, err := io.ReadAll(f)
	if err != nil {
		log.Fatal(err)
	}
	return string(b)
}

// num describes any Go integer; the type is left out for int (the
// default).
func num(x any) arg {
	v := reflect.ValueOf(x)
	m := jv{Kind: "int"}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		m.Int = v.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		m.Int = int64(v.Uint())
	default:
		log.Fatalf("num(%T)", x)
	}
	if t := v.Type().String(); t != "int" {
		m.Type = t
	}
	return arg{x, m}
}

func I(n int) arg { return num(n) }

func B(b bool) arg {
	m := jv{Kind: "bool"}
	if b {
		m.Int = 1
	}
	return arg{b, m}
}

func S(s string) arg {
	if !utf8.ValidString(s) {
		return arg{s, jv{Kind: "string", StrQ: strconv.Quote(s)}}
	}
	return arg{s, jv{Kind: "string", Str: s}}
}

// N is untyped nil.
func N() arg { return arg{nil, jv{Kind: "nil"}} }

var anyType = reflect.TypeFor[any]()

// arr builds a real array of the given element type (that of the first
// element when nil) from elems.
func arr(elem reflect.Type, elems ...arg) arg {
	if elem == nil {
		elem = reflect.TypeOf(elems[0].real)
	}
	t := reflect.ArrayOf(len(elems), elem)
	v := reflect.New(t).Elem()
	m := jv{Kind: "array", Type: t.String()}
	for i, e := range elems {
		if e.real != nil {
			v.Index(i).Set(reflect.ValueOf(e.real))
		}
		m.Elems = append(m.Elems, e.model)
	}
	return arg{v.Interface(), m}
}

// ptr returns a pointer to a new variable holding a copy of x.
func ptr(x arg) arg {
	p := reflect.New(reflect.TypeOf(x.real))
	p.Elem().Set(reflect.ValueOf(x.real))
	return arg{p.Interface(), jv{Kind: "pointer", Int: int64(p.Pointer()), Type: p.Type().String(), Elems: []jv{x.model}}}
}

// ptrAt describes the real pointer p (address only).
func ptrAt(p any) arg {
	v := reflect.ValueOf(p)
	return arg{p, jv{Kind: "pointer", Int: int64(v.Pointer()), Type: v.Type().String()}}
}

// typedNil is the nil of type t described as a typed Nil.
func typedNil(t reflect.Type) arg {
	return arg{reflect.Zero(t).Interface(), jv{Kind: "nil", Type: t.String()}}
}

// zeroOf is the nil of type t described as its kind with address 0.
func zeroOf(t reflect.Type, kind string) arg {
	return arg{reflect.Zero(t).Interface(), jv{Kind: kind, Type: t.String()}}
}

func ch(c any) arg {
	v := reflect.ValueOf(c)
	return arg{c, jv{Kind: "chan", Int: int64(v.Pointer()), Type: v.Type().String()}}
}

// fn describes a func as fmt prints it (its code pointer).
func fn(f any) arg {
	v := reflect.ValueOf(f)
	return arg{f, jv{Kind: "func", Int: int64(v.Pointer()), Type: v.Type().String()}}
}

// closurePtr is the address the builtins print for the func f.
func closurePtr(f *func(int) int) int64 { return int64(*(*uintptr)(unsafe.Pointer(f))) }

func mutex(mu *sync.Mutex, locked bool) arg {
	m := jv{Kind: "mutex"}
	if locked {
		m.Int = 1
	}
	return arg{reflect.ValueOf(mu).Elem().Interface(), m}
}

func waitGroup(wg *sync.WaitGroup, counter int) arg {
	return arg{reflect.ValueOf(wg).Elem().Interface(), jv{Kind: "waitgroup", Int: int64(counter) << 32}}
}

type point struct {
	X, Y int
}

func pt(x, y int) arg {
	return arg{point{x, y}, jv{Kind: "struct", Type: "main.point", Names: []string{"X", "Y"}, Elems: []jv{I(x).model, I(y).model}}}
}

// marshal is json.Marshal without HTML escaping and without the newline.
func marshal(v any) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func main() {
	out := flag.String("o", "", "output file (default standard output)")
	flag.Parse()

	// Integers.
	sprintf("%d", I(42))
	sprintf("%d", I(-42))
	sprintf("%d", num(int64(math.MinInt64)))
	sprintf("%v", I(math.MinInt64))
	sprintf("%d|%v", I(math.MaxInt64), num(int64(math.MaxInt64)))
	sprintf("%x %X %#x %#X", I(255), I(255), I(255), I(255))
	sprintf("%x %#x %X", I(-255), I(-255), num(int64(math.MinInt64)))
	sprintf("%o %#o %O %O", I(8), I(8), I(8), I(-8))
	sprintf("%b %#b %b", I(5), I(5), I(-5))
	sprintf("%c%c%c", I('G'), I(0x4E16), I(0x1F600))
	sprintf("%c|%c", I(-1), I(0x110000))
	sprintf("%q %q %+q %q", I('x'), I(0x263A), I(0x263A), I('\n'))
	sprintf("%U %#U %#U %U", I(0x1F600), I(0x1F600), I(10), I(-1))
	sprintf("%.6U|%10U|%-#12U|", I(0x41), I(0x41), I(0x41))
	sprintf("[%5d][%-5d][%05d][%-05d]", I(42), I(42), I(-42), I(42))
	sprintf("[%+d][% d][%+d][% d][%+05d][% 05d]", I(42), I(42), I(-42), I(-42), I(42), I(42))
	sprintf("[%.3d][%8.3d][%-8.3d][%08.3d]", I(7), I(-7), I(7), I(7))
	sprintf("[%.0d][%5.0d][%.0d][%+.0d]", I(0), I(0), I(1), I(0))
	sprintf("[%10b][%-#10x][%#08x][%#o][%#.4o]", I(5), I(255), I(255), I(0), I(8))
	sprintf("%d %x %v %#v", num(uint64(math.MaxUint64)), num(uint64(math.MaxUint64)), num(uint64(math.MaxUint64)), num(uint64(math.MaxUint64)))
	sprintf("%d %v %#v %c %T", num(uint8(200)), num(uint8(200)), num(uint8(200)), num(uint8(200)), num(uint8(200)))
	sprintf("%#v %#v %#v %#v", I(-3), num(uint(7)), num(int8(-128)), num(uintptr(4096)))
	sprintf("%T %T %T %T %T %T", I(1), num(int8(1)), num(int32(1)), num(uint16(1)), num(uintptr(1)), num(rune('a')))
	sprintf("%s|%t|%p|%e|%f", I(3), I(3), I(3), I(3), I(3))
	sprintf("%5s|%-5t|%q", I(3), I(3), I(-1))

	// Booleans.
	sprintf("%t %v %T", B(true), B(false), B(true))
	sprintf("[%6t][%-7t][%06t]", B(true), B(false), B(true))
	sprintf("%d|%s|%q|%x", B(true), B(false), B(true), B(false))
	sprintf("%#v %+v %#t", B(true), B(false), B(true))
	sprintf("%3d|%-8s|", B(true), B(true))

	// Strings.
	sprintf("%s|%v|%T", S("hello"), S("hello"), S("hello"))
	sprintf("%q", S("say \"hi\"\n\ttab\\"))
	sprintf("%#q|%#q|%#q", S("plain"), S("back`tick"), S("tab\tok"))
	sprintf("%q|%+q|%#+q", S("héllo, 世界"), S("héllo, 世界"), S("héllo"))
	sprintf("%q", S("\x00\x7f\xff bad utf8 \u2028"))
	sprintf("%x|%X|% x|%# x|%#X|% X", S("hi"), S("héllo"), S("hi!"), S("hi!"), S("hi"), S(""))
	sprintf("[%10s][%-10s][%010s][%-010s]", S("go"), S("go"), S("go"), S("go"))
	sprintf("[%6s][%-6s][%.2s][%5.1s][%.0s]", S("日本語"), S("日本語"), S("héllo"), S("héllo"), S("abc"))
	sprintf("[%8q][%-8q][%.3q][%08q]", S("a"), S("a"), S("abcdef"), S("a"))
	sprintf("[%.2x][%6x][%-6X][%06x][%4x]", S("abcdef"), S("ab"), S("ab"), S("ab"), S(""))
	sprintf("%d|%t|%c|%U|%p", S("hi"), S("x"), S("x"), S("x"), S("x"))
	sprintf("%5d|%-5d|%#v", S("hi"), S("hi"), S("a\tb\"c"))
	sprintf("%#v|%+v|%s", S(""), S("x"), S(""))

	// Untyped nil.
	sprintf("%v|%d|%s|%T|%p|%#v|%+v", N(), N(), N(), N(), N(), N(), N())
	sprintf("[%10v][%-10v][%10T][%x][%q][%t]", N(), N(), N(), N(), N(), N())

	// Pointers.
	x := 5
	px := ptrAt(&x)
	sprintf("%v|%p|%d|%x|%X|%o|%b", px, px, px, px, px, px, px)
	sprintf("%#p|%#v|%+v|%#x|%T", px, px, px, px, px)
	sprintf("%s|%q|%t|%c|%U", px, px, px, px, px)
	sprintf("[%20p][%-20v][%020p][%20x]", px, px, px, px)
	nilp := typedNil(reflect.TypeFor[*int]())
	sprintf("%v|%p|%d|%x|%#v|%T|%s", nilp, nilp, nilp, nilp, nilp, nilp, nilp)
	nilp0 := zeroOf(reflect.TypeFor[*int](), "pointer")
	sprintf("[%v][%8v][%-8v][%#p][%T]", nilp0, nilp0, nilp0, nilp0, nilp0)
	pa := ptr(arr(nil, I(1), I(2), I(3)))
	sprintf("%v|%d|%x|%#v|%T|%s", pa, pa, pa, pa, pa, pa)
	sprintf("%p", pa)
	ppx := ptr(px)
	sprintf("%v|%T|%#v", ppx, ppx, ppx)
	sprintf("%v|%d|%#v", arr(nil, px, nilp), arr(nil, px, nilp), arr(nil, px, nilp))
	sprintf("%s", arr(nil, pa, pa))
	ps := ptr(S("str"))
	sprintf("%v|%T|%s", ps, ps, ps)
	pp := ptr(pt(1, 2))
	sprintf("%v|%+v|%#v|%T", pp, pp, pp, pp)

	// Channels.
	c := ch(make(chan int))
	sprintf("%v|%p|%d|%x|%#v|%T|%s", c, c, c, c, c, c, c)
	sprintf("%T|%T|%T", ch(make(chan<- string)), ch(make(<-chan bool)), ch(make(chan [2]int)))
	nilc := typedNil(reflect.TypeFor[chan int]())
	sprintf("%v|%p|%d|%#v|%T|%s", nilc, nilc, nilc, nilc, nilc, nilc)
	nilc0 := zeroOf(reflect.TypeFor[chan string](), "chan")
	sprintf("%v|%#v|%T", nilc0, nilc0, nilc0)

	// Funcs.
	f := fn(func(n int) int { return n + 1 })
	sprintf("%v|%p|%d|%x|%#v|%T|%s", f, f, f, f, f, f, f)
	sprintf("%T|%T|%T", fn(func() {}), fn(func(int, string) bool { return false }), fn(func(...int) (int, bool) { return 0, false }))
	nilf := typedNil(reflect.TypeFor[func(int) int]())
	sprintf("%v|%p|%#v|%T|%s|%d", nilf, nilf, nilf, nilf, nilf, nilf)
	nilf0 := zeroOf(reflect.TypeFor[func()](), "func")
	sprintf("%v|%#v|%T", nilf0, nilf0, nilf0)

	// Arrays.
	a3 := arr(nil, I(1), I(2), I(3))
	sprintf("%v|%d|%#v|%T|%+v", a3, a3, a3, a3, a3)
	sprintf("%x|%X|%o|%b|%c|%q", arr(nil, I(10), I(11), I(255)), arr(nil, I(10), I(11), I(255)), a3, a3, arr(nil, I('a'), I('b')), arr(nil, I('a'), I('b')))
	sprintf("[%5d]|[%-3d]|[%03d]|[%+d]", a3, a3, a3, arr(nil, I(-1), I(1)))
	sprintf("%s|%t|%p", a3, a3, a3)
	nested := arr(nil, arr(nil, I(1), I(2)), arr(nil, I(3), I(4)))
	sprintf("%v|%#v|%T|%d", nested, nested, nested, nested)
	deep := arr(nil, arr(nil, arr(nil, S("a"), S("b"))), arr(nil, arr(nil, S("c"), S("d"))))
	sprintf("%v|%q|%#v|%T", deep, deep, deep, deep)
	sprintf("%v|%#v|%T|%s", arr(reflect.TypeFor[int]()), arr(reflect.TypeFor[int]()), arr(reflect.TypeFor[int]()), arr(reflect.TypeFor[string]()))
	sprintf("%v|%t|%d|%#v", arr(nil, B(true), B(false)), arr(nil, B(true), B(false)), arr(nil, B(true), B(false)), arr(nil, B(true), B(false)))
	sprintf("%s|%q|%x|%v|%#v|%T", arr(nil, S("a b"), S("c\"")), arr(nil, S("a b"), S("c\"")), arr(nil, S("hi"), S("yo")), arr(nil, S(""), S("")), arr(nil, S("x")), arr(nil, S("x")))
	bytes := arr(nil, num(uint8('h')), num(uint8('i')), num(uint8(0xff)))
	sprintf("%s|%q|%x|%X|% x|%v|%d|%#v|%T", bytes, bytes, bytes, bytes, bytes, bytes, bytes, bytes, bytes)
	sprintf("[%6s][%-6x][%.1s][%.1x]", bytes, bytes, bytes, bytes)
	mixed := arr(anyType, I(1), S("a"), N(), B(true))
	sprintf("%v|%d|%#v|%T|%s", mixed, mixed, mixed, mixed, mixed)
	sprintf("%v|%#v|%v", arr(nil, c, nilc), arr(nil, nilf), arr(nil, pt(1, 2), pt(3, 4)))
	sprintf("%+v|%#v", arr(nil, pt(1, 2), pt(3, 4)), arr(nil, pt(1, 2)))

	// sync.Mutex and sync.WaitGroup.
	var mu, locked sync.Mutex
	locked.Lock()
	m0 := mutex(&mu, false)
	m1 := mutex(&locked, true)
	sprintf("%v|%+v|%T", m0, m0, m0)
	sprintf("%#v", m0)
	sprintf("%v|%+v|%#v", m1, m1, m1)
	sprintf("%d|%x|%s|%q|%p", m0, m1, m0, m1, m0)
	sprintf("[%3v][%-3d]", m1, m0)
	var wg0, wg2 sync.WaitGroup
	wg2.Add(2)
	w0 := waitGroup(&wg0, 0)
	w2 := waitGroup(&wg2, 2)
	sprintf("%v|%+v|%T", w0, w0, w0)
	sprintf("%#v", w0)
	sprintf("%v|%+v|%x|%s", w2, w2, w2, w2)
	pmu := arg{&mu, jv{Kind: "pointer", Int: int64(uintptr(unsafe.Pointer(&mu))), Type: "*sync.Mutex", Elems: []jv{m0.model}}}
	pwg := arg{&wg2, jv{Kind: "pointer", Int: int64(uintptr(unsafe.Pointer(&wg2))), Elems: []jv{w2.model}}}
	sprintf("%v|%+v|%T|%p", pmu, pmu, pmu, pmu)
	sprintf("%v|%#v|%T", pwg, pwg, pwg)
	sprintf("%v|%T", arr(nil, pmu), arr(nil, pmu))
	sprintf("%v|%v", arr(nil, m0, m1), arr(nil, w2))

	// Structs.
	p12 := pt(1, -2)
	sprintf("%v|%+v|%#v|%T|%d|%x|%s", p12, p12, p12, p12, p12, p12, p12)

	// %T of everything.
	sprintf("%T %T %T %T %T %T %T %T %T %T", I(1), B(true), S(""), px, a3, c, f, m0, w0, N())

	// * width and precision.
	sprintf("[%*d][%-*d][%*d]", I(5), I(42), I(5), I(42), I(-5), I(42))
	sprintf("[%.*d][%*.*s][%-*.*s]", I(3), I(7), I(8), I(3), S("abcdef"), I(8), I(3), S("abcdef"))
	sprintf("[%*d]", S("x"), I(42))
	sprintf("[%.*d]", S("x"), I(7))
	sprintf("[%*d][%.*d]", I(10000000), I(1), I(-1), I(7))
	sprintf("[%*d][%*s]", num(uint8(4)), I(1), num(int64(-3)), S("a"))
	sprintf("[%*d]", B(true), I(1))
	sprintf("[%*d]", I(3))
	sprintf("[%.*d]", I(2))
	sprintf("[%0*d][%-0*d]", I(6), I(-42), I(6), I(-42))
	sprintf("[%00d][%06.2d][%.d][%5.s]", I(1), I(3), I(5), S("abc"))

	// Explicit argument indexes.
	sprintf("%[2]d %[1]d", I(1), I(2))
	sprintf("%[3]d|%[0]d|%[x]d|%[1]", I(1), I(2))
	sprintf("%[1]d %d %d", I(5), I(6))
	sprintf("%[2]*[1]d|%-[2]*[1]d|%[3]*.[2]*[1]s", S("ab"), I(5), I(8))
	sprintf("%d %d %[1]d", I(1), I(2), I(3))
	sprintf("%[2]d %[2]d", I(1), I(2))
	sprintf("%[1]2d|%[1].2d", I(7))
	sprintf("%[5]T|%[1]T", I(1))
	sprintf("%[1]q %[1]x %[1]v %[1]T", S("é"))

	// Missing, extra and bad.
	sprintf("%d %d", I(1))
	sprintf("%s")
	sprintf("%-10s|%v|%+q", I(1))
	sprintf("%d", I(1), I(2), S("x"))
	sprintf("%d", I(1), N(), px, a3)
	sprintf("x", B(true), m0, f)
	sprintf("%v %v", I(1), I(2), nilp, nilc, nilf)
	sprintf("%z|%!|%é|%Z", I(3), S("s"), I(1), B(true))
	sprintf("%")
	sprintf("abc%")
	sprintf("%-")
	sprintf("%5.2")
	sprintf("%[1]", I(1))
	sprintf("100%%|%5%|%-5%|%d%%", I(7))
	sprintf("%w|%#w|%w", I(3), S("s"), N())
	sprintf("%w", a3)
	sprintf("%d %s", I(1), S("a"), N())
	sprintf("%!d(string=hi)")
	sprintf("no verbs", I(1))

	// Print (space only between two non-strings).
	sprint(I(1), I(2))
	sprint(S("a"), I(1), I(2), S("b"), S("c"), I(3))
	sprint(B(true), B(false), S("x"), B(true))
	sprint(N(), N(), S("x"), N())
	sprint(px, S("s"), c, f, nilp, nilc, nilf)
	sprint(a3, a3, S(""), nested)
	sprint()
	sprint(S(""))
	sprint(S("a"), S("b"))
	sprint(m0, w0, p12, pa, mixed)
	sprint(I(math.MinInt64), num(uint64(math.MaxUint64)), num(int8(-1)))

	// Println.
	sprintln(I(1), S("a"), B(true), N())
	sprintln()
	sprintln(S("a"), S("b"))
	sprintln(px, nilp, c, nilc, f, nilf)
	sprintln(nested, deep, mixed, bytes)
	sprintln(num(int64(math.MinInt64)), I(-1), num(uint8(255)))
	sprintln(m0, m1, w0, w2, pmu)
	sprintln(S(""), S(""))
	sprintln(S("tab\tnewline\n"), S("日本"))

	// Builtin print and println (standard error in Go).
	builtin("println", func() { println(1, true, "a") }, I(1), B(true), S("a"))
	builtin("print", func() { print(1, 2, "x", true, false, "y", 3) }, I(1), I(2), S("x"), B(true), B(false), S("y"), I(3))
	builtin("println", func() { println(int64(math.MinInt64), int64(math.MaxInt64)) }, num(int64(math.MinInt64)), num(int64(math.MaxInt64)))
	builtin("println", func() { println(uint64(math.MaxUint64), uint8(200), int8(-3), uintptr(255)) },
		num(uint64(math.MaxUint64)), num(uint8(200)), num(int8(-3)), num(uintptr(255)))
	builtin("println", func() { println(&x, (*int)(nil)) }, ptrAt(&x), nilp)
	builtin("print", func() { print(&x, (*int)(nil), "\n") }, ptrAt(&x), nilp0, S("\n"))
	cc := make(chan int)
	builtin("println", func() { println(cc, (chan int)(nil)) }, ch(cc), nilc)
	ff := func(n int) int { return n * 2 }
	builtin("println", func() { println(ff, (func(int) int)(nil)) },
		arg{nil, jv{Kind: "func", Int: closurePtr(&ff), Type: "func(int) int"}}, nilf)
	builtin("println", func() { println() })
	builtin("print", func() { print() })
	builtin("println", func() { println("") }, S(""))
	builtin("println", func() { println("", "") }, S(""), S(""))
	builtin("print", func() { print("a\n", "b", "\n") }, S("a\n"), S("b"), S("\n"))
	builtin("println", func() { println("tab\t", "日本", "q\"") }, S("tab\t"), S("日本"), S("q\""))
	builtin("println", func() { println(true, false, 0, -1) }, B(true), B(false), I(0), I(-1))
	builtin("print", func() { print(-7, 8, -9) }, I(-7), I(8), I(-9))

	f2 := file{
		Comment: "Generated by internal/gen/main.go from real Go; do not edit. Regenerate with: go run internal/gen/main.go -o testdata/fmt_cases.json",
		Go:      runtime.Version(),
		Cases:   cases,
	}
	w := os.Stdout
	if *out != "" {
		var err error
		if w, err = os.Create(*out); err != nil {
			log.Fatal(err)
		}
	}
	// One case a line, so that a change shows as a one-line diff.
	head, err := marshal(f2.Comment)
	check(err)
	gover, err := marshal(f2.Go)
	check(err)
	fmt.Fprintf(w, "{\n  \"comment\": %s,\n  \"go\": %s,\n  \"cases\": [\n", head, gover)
	for i, c := range f2.Cases {
		b, err := marshal(c)
		check(err)
		sep := ","
		if i == len(f2.Cases)-1 {
			sep = ""
		}
		fmt.Fprintf(w, "    %s%s\n", b, sep)
	}
	fmt.Fprintf(w, "  ]\n}\n")
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "%d cases\n", len(cases))
}
