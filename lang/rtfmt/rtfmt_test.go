package rtfmt

//go:generate go run internal/gen/main.go -o testdata/fmt_cases.json

import (
	"encoding/json"
	"os"
	"strconv"
	"strings"
	"testing"
)

// jv is Value as JSON, as internal/gen/main.go writes it.
type jv struct {
	Kind  string   `json:"kind"`
	Int   int64    `json:"int,omitempty"`
	Str   string   `json:"str,omitempty"`
	StrQ  string   `json:"str_quoted,omitempty"`
	Elems []jv     `json:"elems,omitempty"`
	Names []string `json:"names,omitempty"`
	Type  string   `json:"type,omitempty"`
}

func (j jv) value(t *testing.T) Value {
	k, ok := ParseKind(j.Kind)
	if !ok {
		t.Fatalf("unknown kind %q", j.Kind)
	}
	v := Value{Kind: k, Int: j.Int, Str: j.Str, Names: j.Names, Type: j.Type}
	if j.StrQ != "" {
		v.Str = unquote(t, j.StrQ)
	}
	for _, e := range j.Elems {
		v.Elems = append(v.Elems, e.value(t))
	}
	return v
}

type goldenCase struct {
	Fn     string `json:"fn"`
	Format string `json:"format"`
	Args   []jv   `json:"args"`
	Want   string `json:"want"`
	WantQ  string `json:"want_quoted"`
}

// unquote decodes the Go-quoted form the generator uses for strings that
// are not valid UTF-8.
func unquote(t *testing.T, q string) string {
	s, err := strconv.Unquote(q)
	if err != nil {
		t.Fatalf("unquote %s: %v", q, err)
	}
	return s
}

// TestGolden checks every case of testdata/fmt_cases.json, whose expected
// strings were printed by real Go.
func TestGolden(t *testing.T) {
	data, err := os.ReadFile("testdata/fmt_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Go    string       `json:"go"`
		Cases []goldenCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 80 {
		t.Fatalf("only %d cases", len(file.Cases))
	}
	counts := map[string]int{}
	for i, c := range file.Cases {
		args := make([]Value, len(c.Args))
		for j, a := range c.Args {
			args[j] = a.value(t)
		}
		if c.WantQ != "" {
			c.Want = unquote(t, c.WantQ)
		}
		var got string
		switch c.Fn {
		case "Sprintf":
			got = Sprintf(c.Format, args)
		case "Sprint":
			got = Sprint(args)
		case "Sprintln":
			got = Sprintln(args)
		case "print":
			got = PrintBuiltin(args)
		case "println":
			got = PrintlnBuiltin(args)
		default:
			t.Fatalf("case %d: unknown fn %q", i, c.Fn)
		}
		counts[c.Fn]++
		if got != c.Want {
			t.Errorf("case %d: %s(%q, %s)\n got %q\nwant %q (%s)", i, c.Fn, c.Format, describe(args), got, c.Want, file.Go)
		}
	}
	for _, fn := range []string{"Sprintf", "Sprint", "Sprintln", "print", "println"} {
		if counts[fn] == 0 {
			t.Errorf("no case for %s", fn)
		}
	}
}

func describe(args []Value) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(a.Kind.String())
		b.WriteByte(':')
		b.WriteString(TypeName(a))
	}
	b.WriteByte(']')
	return b.String()
}

// TestDefaults checks the type names a Value gets when Type is empty, and
// the constructors.
func TestDefaults(t *testing.T) {
	for _, c := range []struct {
		v    Value
		want string
	}{
		{Value{}, "<nil>"},
		{IntValue(1), "int"},
		{TypedInt(1, "byte"), "uint8"},
		{TypedInt(1, "rune"), "int32"},
		{BoolValue(true), "bool"},
		{StringValue("s"), "string"},
		{Value{Kind: Pointer, Int: 1}, "*int"},
		{PointerValue(1, StringValue("s")), "*string"},
		{PointerValue(1, MutexValue(false, 0)), "*sync.Mutex"},
		{ArrayValue("", IntValue(1), IntValue(2)), "[2]int"},
		{ArrayValue("string"), "[0]string"},
		{Value{Kind: Array, Elems: []Value{ArrayValue("", BoolValue(true))}}, "[1][1]bool"},
		{Value{Kind: Array}, "[0]int"},
		{Value{Kind: Chan, Int: 1}, "chan int"},
		{ChanValue(1, "chan string"), "chan string"},
		{Value{Kind: Func, Int: 1}, "func()"},
		{FuncValue(1, "func(int) int"), "func(int) int"},
		{TypedNil("*int"), "*int"},
		{MutexValue(true, 0), "sync.Mutex"},
		{WaitGroupValue(1, 0), "sync.WaitGroup"},
	} {
		if got := TypeName(c.v); got != c.want {
			t.Errorf("TypeName(%+v) = %q, want %q", c.v, got, c.want)
		}
		if got := Sprintf("%T", []Value{c.v}); got != c.want {
			t.Errorf("%%T of %+v = %q, want %q", c.v, got, c.want)
		}
	}
	// Typed nils print like the zero value of their kind.
	for _, typ := range []string{"*int", "chan int", "<-chan int", "func()"} {
		n, z := TypedNil(typ), Value{Kind: kindOfType(typ), Type: typ}
		for _, f := range []string{"%v", "%#v", "%p", "%d", "%s", "%T"} {
			if a, b := Sprintf(f, []Value{n}), Sprintf(f, []Value{z}); a != b {
				t.Errorf("%s of %s: typed nil %q, zero %q", f, typ, a, b)
			}
		}
	}
}

// TestSyncStates checks the state words of the sync constructors against
// what Go 1.26 holds (the golden cases cover the unlocked, locked and
// Add(2) forms printed by real Go).
func TestSyncStates(t *testing.T) {
	for _, c := range []struct {
		v    Value
		want string
	}{
		{MutexValue(false, 0), "{{} {0 0}}"},
		{MutexValue(true, 0), "{{} {1 0}}"},
		{MutexValue(true, 2), "{{} {17 0}}"},
		{WaitGroupValue(0, 0), "{{} {{} {} 0} 0}"},
		{WaitGroupValue(2, 0), "{{} {{} {} 8589934592} 0}"},
		{WaitGroupValue(1, 1), "{{} {{} {} 4294967297} 0}"},
	} {
		if got := Sprint([]Value{c.v}); got != c.want {
			t.Errorf("Sprint(%+v) = %q, want %q", c.v, got, c.want)
		}
	}
}

func TestBuiltinAccepts(t *testing.T) {
	for _, c := range []struct {
		v    Value
		want bool
	}{
		{IntValue(1), true},
		{BoolValue(false), true},
		{StringValue(""), true},
		{Value{Kind: Pointer}, true},
		{TypedNil("chan int"), true},
		{FuncValue(1, ""), true},
		{NilValue(), false},
		{ArrayValue("", IntValue(1)), false},
		{MutexValue(false, 0), false},
		{WaitGroupValue(0, 0), false},
	} {
		if got := BuiltinAccepts(c.v); got != c.want {
			t.Errorf("BuiltinAccepts(%+v) = %v", c.v, got)
		}
	}
	// What Go would reject is printed with fmt's %v rules.
	args := []Value{NilValue(), ArrayValue("", IntValue(1), IntValue(2)), MutexValue(true, 0)}
	if got, want := PrintlnBuiltin(args), "<nil> [1 2] {{} {1 0}}\n"; got != want {
		t.Errorf("PrintlnBuiltin = %q, want %q", got, want)
	}
}

func TestKindString(t *testing.T) {
	for k := Nil; k <= Struct; k++ {
		if back, ok := ParseKind(k.String()); !ok || back != k {
			t.Errorf("ParseKind(%q) = %v, %v", k.String(), back, ok)
		}
	}
	if got := Kind(200).String(); got != "Kind(200)" {
		t.Errorf("Kind(200) = %q", got)
	}
	if _, ok := ParseKind("float"); ok {
		t.Error("ParseKind(float)")
	}
}
