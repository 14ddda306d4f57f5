// Package types describes the types of cohere's language: int, bool,
// string, pointers, arrays, channels, functions, mutexes and wait groups,
// with the sizes and alignments they have in simulated memory (Go's on
// amd64).
package types

import (
	"fmt"
	"strings"
)

// Kind is a type's kind.
type Kind uint8

// The kinds.
const (
	Invalid Kind = iota
	Int
	Bool
	String
	Pointer
	Array
	Chan
	Func
	Mutex
	WaitGroup
	Nil   // the type of an untyped nil
	Tuple // several results of a call
	Any   // what recover returns and panic takes: any value, or nil
)

// Type is a type. Compare types with Identical, not ==.
type Type struct {
	Kind    Kind
	Elem    *Type   // Pointer, Array, Chan
	Len     int     // Array
	Params  []*Type // Func
	Results []*Type // Func; Tuple's members
}

// The basic types, shared.
var (
	IntType       = &Type{Kind: Int}
	BoolType      = &Type{Kind: Bool}
	StringType    = &Type{Kind: String}
	MutexType     = &Type{Kind: Mutex}
	WaitGroupType = &Type{Kind: WaitGroup}
	NilType       = &Type{Kind: Nil}
	AnyType       = &Type{Kind: Any}
	InvalidType   = &Type{Kind: Invalid}
)

// PointerTo returns *t.
func PointerTo(t *Type) *Type { return &Type{Kind: Pointer, Elem: t} }

// ArrayOf returns [n]t.
func ArrayOf(n int, t *Type) *Type { return &Type{Kind: Array, Len: n, Elem: t} }

// ChanOf returns chan t.
func ChanOf(t *Type) *Type { return &Type{Kind: Chan, Elem: t} }

// TupleOf returns the tuple of ts, or the only member.
func TupleOf(ts []*Type) *Type {
	if len(ts) == 1 {
		return ts[0]
	}
	return &Type{Kind: Tuple, Results: ts}
}

// Identical reports whether a and b are the same type.
func Identical(a, b *Type) bool {
	if a == b {
		return true
	}
	if a == nil || b == nil || a.Kind != b.Kind {
		return false
	}
	switch a.Kind {
	case Pointer, Chan:
		return Identical(a.Elem, b.Elem)
	case Array:
		return a.Len == b.Len && Identical(a.Elem, b.Elem)
	case Func, Tuple:
		if len(a.Params) != len(b.Params) || len(a.Results) != len(b.Results) {
			return false
		}
		for i := range a.Params {
			if !Identical(a.Params[i], b.Params[i]) {
				return false
			}
		}
		for i := range a.Results {
			if !Identical(a.Results[i], b.Results[i]) {
				return false
			}
		}
	}
	return true
}

// AssignableTo reports whether a value of type v may be assigned to a
// variable of type t: identical types, or nil to a pointer, channel or
// function.
func AssignableTo(v, t *Type) bool {
	if Identical(v, t) {
		return true
	}
	if t.Kind == Any && v.Kind != Tuple {
		return true
	}
	if v.Kind == Nil {
		return t.Kind == Pointer || t.Kind == Chan || t.Kind == Func || t.Kind == Any
	}
	return v.Kind == Invalid || t.Kind == Invalid // already reported
}

// Size is the type's size in simulated memory, in bytes.
func (t *Type) Size() int {
	switch t.Kind {
	case Bool:
		return 1
	case Array:
		return t.Len * t.Elem.Size()
	case String, Any:
		return 16
	}
	return 8 // int, pointers, channels and functions (a word), mutexes, wait groups
}

// Align is the type's alignment in bytes.
func (t *Type) Align() int {
	if t.Kind == Array {
		return t.Elem.Align()
	}
	if t.Kind == String {
		return 8
	}
	return t.Size()
}

// Scalar reports whether a value of t fits one word of simulated memory
// (everything but arrays, strings and tuples).
func (t *Type) Scalar() bool {
	switch t.Kind {
	case Array, String, Tuple, Invalid, Any:
		return false
	}
	return true
}

// Comparable reports whether == and != apply.
func (t *Type) Comparable() bool {
	switch t.Kind {
	case Func, Mutex, WaitGroup, Tuple, Invalid:
		return false
	case Array:
		return t.Elem.Comparable()
	}
	return true
}

func (t *Type) String() string {
	if t == nil {
		return "<nil type>"
	}
	switch t.Kind {
	case Int:
		return "int"
	case Bool:
		return "bool"
	case String:
		return "string"
	case Pointer:
		return "*" + t.Elem.String()
	case Array:
		return fmt.Sprintf("[%d]%s", t.Len, t.Elem)
	case Chan:
		return "chan " + t.Elem.String()
	case Mutex:
		return "mutex"
	case WaitGroup:
		return "waitgroup"
	case Nil:
		return "untyped nil"
	case Any:
		return "any"
	case Func:
		var b strings.Builder
		b.WriteString("func(")
		for i, p := range t.Params {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(p.String())
		}
		b.WriteString(")")
		switch len(t.Results) {
		case 0:
		case 1:
			b.WriteString(" " + t.Results[0].String())
		default:
			b.WriteString(" (")
			for i, r := range t.Results {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(r.String())
			}
			b.WriteString(")")
		}
		return b.String()
	case Tuple:
		var parts []string
		for _, r := range t.Results {
			parts = append(parts, r.String())
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	return "invalid type"
}

// GoString is the type as Go's %T prints it (sync.Mutex for a mutex).
func (t *Type) GoString() string {
	switch t.Kind {
	case Mutex:
		return "sync.Mutex"
	case WaitGroup:
		return "sync.WaitGroup"
	case Pointer:
		return "*" + t.Elem.GoString()
	case Array:
		return fmt.Sprintf("[%d]%s", t.Len, t.Elem.GoString())
	case Chan:
		return "chan " + t.Elem.GoString()
	}
	return t.String()
}
