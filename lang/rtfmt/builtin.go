// This file formats operands for the print and println builtins, as Go does.

package rtfmt

import "strconv"

// PrintBuiltin formats like Go's builtin print: each operand in the
// runtime's own format (not fmt's), with nothing between operands and no
// newline. Integers print in decimal, booleans as true and false, strings
// as they are, and pointers, channels and funcs as their address in
// hexadecimal with 0x (0x0 when nil).
func PrintBuiltin(args []Value) string {
	var b []byte
	for _, a := range args {
		b = appendBuiltin(b, a)
	}
	return string(b)
}

// PrintlnBuiltin formats like Go's builtin println: as PrintBuiltin, with
// a space between every two operands (strings included) and a newline.
func PrintlnBuiltin(args []Value) string {
	var b []byte
	for i, a := range args {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendBuiltin(b, a)
	}
	return string(append(b, '\n'))
}

// BuiltinAccepts reports whether Go accepts v as an operand of the
// builtin print and println. Go rejects untyped nil ("use of untyped
// nil"), arrays, structs and so sync.Mutex and sync.WaitGroup ("illegal
// types for operand: print") at compile time; a type checker can use this
// to do the same. PrintBuiltin and PrintlnBuiltin print such values with
// fmt's %v rules instead of failing.
func BuiltinAccepts(v Value) bool {
	switch v.Kind {
	case Int, Bool, String, Pointer, Chan, Func:
		return true
	case Nil:
		return v.Type != ""
	}
	return false
}

func appendBuiltin(b []byte, v Value) []byte {
	v = norm(v)
	switch v.Kind {
	case Int:
		if isUnsigned(v) {
			return strconv.AppendUint(b, uint64(v.Int), 10)
		}
		return strconv.AppendInt(b, v.Int, 10)
	case Bool:
		return strconv.AppendBool(b, v.Int != 0)
	case String:
		return append(b, v.Str...)
	case Pointer, Chan, Func:
		// runtime.printpointer: printhex, which has no minimum width.
		return strconv.AppendUint(append(b, "0x"...), address(v), 16)
	}
	// Not accepted by Go's compiler: see BuiltinAccepts.
	p := newPrinter()
	p.printArg(v, 'v')
	return append(b, p.buf...)
}
