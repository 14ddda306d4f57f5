// This file defines Value, the interpreter's runtime value as the formatter sees it.

package rtfmt

import (
	"strconv"
	"strings"
)

// Kind says which of Value's fields hold the value.
type Kind uint8

const (
	// Nil is a nil value. With Type empty it is Go's untyped nil (a nil
	// interface: %v prints <nil>, %T prints <nil>, %d prints %!d(<nil>)).
	// With Type set it is a typed nil of that type: "*int" is a nil
	// pointer, "chan int" a nil channel, "func(int) int" a nil func, and
	// it prints exactly as a Pointer, Chan or Func whose Int is 0.
	Nil Kind = iota
	// Int is an integer in Int. Type is its Go type name ("int" when
	// empty; "int8" ... "int64", "uint" ... "uint64", "uintptr", "byte",
	// "rune"). Int holds the value already wrapped to the type's size;
	// unsigned types print it as uint64(Int).
	Int
	// Bool is a boolean: Int is 0 (false) or non-zero (true).
	Bool
	// String is a string in Str.
	String
	// Pointer is a pointer whose simulated address is Int (0 is nil).
	// Type is its Go type ("*int" when empty and Elems is empty). Elems
	// may hold one element, the pointee: Go prints a non-nil pointer to an
	// array or struct (a Mutex or WaitGroup too) given directly to fmt as
	// & followed by the pointee, e.g. &[1 2 3], so that pointee is needed
	// for those; for other pointees it is used only to name the type.
	Pointer
	// Array is a Go array of Elems. Type is its Go type ("[3]int"); when
	// empty it is "[len]" followed by the type of the first element
	// ("int" when there is none).
	Array
	// Chan is a channel whose simulated address is Int (0 is nil). Type
	// is its Go type, "chan int" when empty.
	Chan
	// Func is a func value whose simulated address is Int (0 is nil).
	// Type is its Go type, "func()" when empty.
	Func
	// Mutex is a sync.Mutex whose state word is Int: 0 unlocked, 1
	// locked (Go adds 8 per waiting goroutine). See MutexValue.
	Mutex
	// WaitGroup is a sync.WaitGroup whose state word is Int: the counter
	// in the high 32 bits, the number of waiters in the low bits. See
	// WaitGroupValue.
	WaitGroup
	// Struct is a struct of type Type (Go syntax, such as "main.point")
	// with fields Elems named by Names (same length; "_" for blank
	// fields).
	Struct
)

var kindNames = [...]string{"nil", "int", "bool", "string", "pointer", "array", "chan", "func", "mutex", "waitgroup", "struct"}

// String returns the kind's lower-case name ("int", "waitgroup").
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// ParseKind is the inverse of Kind.String.
func ParseKind(s string) (Kind, bool) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), true
		}
	}
	return 0, false
}

// Value is one value handed to a print function. Which fields matter
// depends on Kind; see the Kind constants. The zero Value is untyped nil.
type Value struct {
	Kind  Kind
	Int   int64
	Str   string
	Elems []Value
	// Names holds a Struct's field names, parallel to Elems.
	Names []string
	// Type is the Go-syntax type name printed by %T and in error forms
	// such as %!d(string=hi); each kind has a default when it is empty.
	Type string
}

// IntValue returns an int.
func IntValue(n int64) Value { return Value{Kind: Int, Int: n} }

// TypedInt returns an integer of the named Go type ("int64", "uint8").
func TypedInt(n int64, typ string) Value { return Value{Kind: Int, Int: n, Type: typ} }

// BoolValue returns a bool.
func BoolValue(b bool) Value {
	if b {
		return Value{Kind: Bool, Int: 1}
	}
	return Value{Kind: Bool}
}

// StringValue returns a string.
func StringValue(s string) Value { return Value{Kind: String, Str: s} }

// NilValue returns untyped nil.
func NilValue() Value { return Value{} }

// TypedNil returns the nil value of a pointer, chan or func type.
func TypedNil(typ string) Value { return Value{Kind: Nil, Type: typ} }

// PointerValue returns a pointer at addr to pointee (a copy of what it
// points to, needed to print pointers to arrays and structs like Go).
func PointerValue(addr int64, pointee Value) Value {
	return Value{Kind: Pointer, Int: addr, Elems: []Value{pointee}}
}

// ArrayValue returns an array of elems of element type elemType ("int";
// empty means the type of the first element).
func ArrayValue(elemType string, elems ...Value) Value {
	v := Value{Kind: Array, Elems: elems}
	if elemType != "" {
		v.Type = "[" + strconv.Itoa(len(elems)) + "]" + elemType
	}
	return v
}

// ChanValue returns a channel of type typ ("chan int") at addr.
func ChanValue(addr int64, typ string) Value { return Value{Kind: Chan, Int: addr, Type: typ} }

// FuncValue returns a func of type typ ("func(int) int") at addr.
func FuncValue(addr int64, typ string) Value { return Value{Kind: Func, Int: addr, Type: typ} }

// MutexValue returns a sync.Mutex as Go holds it: state 1 when locked,
// plus 8 for each goroutine waiting for it.
func MutexValue(locked bool, waiters int) Value {
	var s int64
	if locked {
		s = 1
	}
	return Value{Kind: Mutex, Int: s + int64(waiters)<<3}
}

// WaitGroupValue returns a sync.WaitGroup whose counter is counter and
// with waiters goroutines blocked in Wait.
func WaitGroupValue(counter, waiters int) Value {
	return Value{Kind: WaitGroup, Int: int64(uint64(uint32(counter))<<32 | uint64(uint32(waiters)&0x7fffffff))}
}

// TypeName returns v's Go type as %T prints it, or "<nil>" for untyped
// nil.
func TypeName(v Value) string {
	if v.Kind == Nil && v.Type == "" {
		return "<nil>"
	}
	return typeName(v)
}

// typeName is TypeName without the untyped-nil case (which returns "").
func typeName(v Value) string {
	switch v.Kind {
	case Mutex:
		return "sync.Mutex"
	case WaitGroup:
		return "sync.WaitGroup"
	}
	if v.Type != "" {
		return canonType(v.Type)
	}
	switch v.Kind {
	case Int:
		return "int"
	case Bool:
		return "bool"
	case String:
		return "string"
	case Pointer:
		if len(v.Elems) > 0 {
			return "*" + typeName(v.Elems[0])
		}
		return "*int"
	case Array:
		elem := "int"
		if len(v.Elems) > 0 {
			elem = typeName(v.Elems[0])
		}
		return "[" + strconv.Itoa(len(v.Elems)) + "]" + elem
	case Chan:
		return "chan int"
	case Func:
		return "func()"
	case Struct:
		return "struct {}"
	}
	return ""
}

// canonType spells the aliases byte and rune as Go's %T does.
func canonType(t string) string {
	switch t {
	case "byte":
		return "uint8"
	case "rune":
		return "int32"
	}
	return t
}

func isUnsigned(v Value) bool {
	switch canonType(v.Type) {
	case "uint", "uint8", "uint16", "uint32", "uint64", "uintptr":
		return true
	}
	return false
}

// norm returns v in the forms the printer works on: typed nils become
// the zero value of their kind, Mutex and WaitGroup become the structs Go
// 1.26 declares them as.
func norm(v Value) Value {
	switch v.Kind {
	case Nil:
		if v.Type == "" {
			return v
		}
		return Value{Kind: kindOfType(v.Type), Type: v.Type}
	case Mutex:
		return Value{Kind: Struct, Type: "sync.Mutex", Names: []string{"_", "mu"}, Elems: []Value{
			{Kind: Struct, Type: "sync.noCopy"},
			{Kind: Struct, Type: "sync.Mutex", Names: []string{"state", "sema"}, Elems: []Value{
				{Kind: Int, Int: int64(int32(v.Int)), Type: "int32"},
				{Kind: Int, Type: "uint32"},
			}},
		}}
	case WaitGroup:
		return Value{Kind: Struct, Type: "sync.WaitGroup", Names: []string{"noCopy", "state", "sema"}, Elems: []Value{
			{Kind: Struct, Type: "sync.noCopy"},
			{Kind: Struct, Type: "atomic.Uint64", Names: []string{"_", "_", "v"}, Elems: []Value{
				{Kind: Struct, Type: "atomic.noCopy"},
				{Kind: Struct, Type: "atomic.align64"},
				{Kind: Int, Int: v.Int, Type: "uint64"},
			}},
			{Kind: Int, Type: "uint32"},
		}}
	}
	return v
}

// kindOfType tells the kind of a typed nil from its type's spelling.
func kindOfType(t string) Kind {
	switch {
	case strings.HasPrefix(t, "chan") || strings.HasPrefix(t, "<-chan"):
		return Chan
	case strings.HasPrefix(t, "func"):
		return Func
	}
	return Pointer
}

// isUntypedNil reports whether v is Go's nil interface.
func isUntypedNil(v Value) bool { return v.Kind == Nil && v.Type == "" }

// address is the address of a pointer-like value.
func address(v Value) uint64 { return uint64(v.Int) }
