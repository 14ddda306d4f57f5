// This file is adapted from Go's src/fmt/print.go (Go 1.26), with
// reflection replaced by Value.
// Copyright 2009 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in LICENSE-GO in this directory.

package rtfmt

import (
	"unicode/utf8"
)

// Strings for use with buffer.writeString.
const (
	commaSpaceString  = ", "
	nilAngleString    = "<nil>"
	nilParenString    = "(nil)"
	nilString         = "nil"
	percentBangString = "%!"
	missingString     = "(MISSING)"
	badIndexString    = "(BADINDEX)"
	extraString       = "%!(EXTRA "
	badWidthString    = "%!(BADWIDTH)"
	badPrecString     = "%!(BADPREC)"
	noVerbString      = "%!(NOVERB)"
)

type buffer []byte

func (b *buffer) write(p []byte)       { *b = append(*b, p...) }
func (b *buffer) writeString(s string) { *b = append(*b, s...) }
func (b *buffer) writeByte(c byte)     { *b = append(*b, c) }
func (b *buffer) writeRune(r rune)     { *b = utf8.AppendRune(*b, r) }

// pp holds a printer's state.
type pp struct {
	buf buffer
	fmt formatter
	// reordered records whether the format string used argument reordering.
	reordered bool
	// goodArgNum records whether the most recent reordering directive was valid.
	goodArgNum bool
}

func newPrinter() *pp {
	p := &pp{}
	p.fmt.init(&p.buf)
	return p
}

// Sprint formats like fmt.Sprint (what fmt.Print writes): the operands
// in their default formats, with a space between two operands when
// neither is a string.
func Sprint(args []Value) string {
	p := newPrinter()
	p.doPrint(args)
	return string(p.buf)
}

// Sprintln formats like fmt.Sprintln (what fmt.Println writes): the
// operands in their default formats, always separated by spaces, and a
// newline.
func Sprintln(args []Value) string {
	p := newPrinter()
	p.doPrintln(args)
	return string(p.buf)
}

// Sprintf formats like fmt.Sprintf (what fmt.Printf writes).
func Sprintf(format string, args []Value) string {
	p := newPrinter()
	p.doPrintf(format, args)
	return string(p.buf)
}

// tooLarge reports whether the magnitude of the integer is
// too large to be used as a formatting width or precision.
func tooLarge(x int) bool {
	const max int = 1e6
	return x > max || x < -max
}

// parsenum converts ASCII to integer.  num is 0 (and isnum is false) if no number present.
func parsenum(s string, start, end int) (num int, isnum bool, newi int) {
	if start >= end {
		return 0, false, end
	}
	for newi = start; newi < end && '0' <= s[newi] && s[newi] <= '9'; newi++ {
		if tooLarge(num) {
			return 0, false, end // Overflow; crazy long number most likely.
		}
		num = num*10 + int(s[newi]-'0')
		isnum = true
	}
	return
}

// badVerb writes %!verb(type=value) for v, or %!verb(<nil>) when v is
// untyped nil. v is printed with the current flags, as Go does.
func (p *pp) badVerb(verb rune, v Value) {
	p.buf.writeString(percentBangString)
	p.buf.writeRune(verb)
	p.buf.writeByte('(')
	if isUntypedNil(v) {
		p.buf.writeString(nilAngleString)
	} else {
		p.buf.writeString(typeName(v))
		p.buf.writeByte('=')
		p.printValue(v, 'v', 0)
	}
	p.buf.writeByte(')')
}

func (p *pp) fmtBool(v Value, verb rune) {
	switch verb {
	case 't', 'v':
		p.fmt.fmtBoolean(v.Int != 0)
	default:
		p.badVerb(verb, v)
	}
}

// fmt0x64 formats a uint64 in hexadecimal and prefixes it with 0x or
// not, as requested, by temporarily setting the sharp flag.
func (p *pp) fmt0x64(v uint64, leading0x bool) {
	sharp := p.fmt.sharp
	p.fmt.sharp = leading0x
	p.fmt.fmtInteger(v, 16, unsigned, 'v', ldigits)
	p.fmt.sharp = sharp
}

// fmtInteger formats a signed or unsigned integer; orig is the value
// for the error form.
func (p *pp) fmtInteger(v uint64, isSigned bool, verb rune, orig Value) {
	switch verb {
	case 'v':
		if p.fmt.sharpV && !isSigned {
			p.fmt0x64(v, true)
		} else {
			p.fmt.fmtInteger(v, 10, isSigned, verb, ldigits)
		}
	case 'd':
		p.fmt.fmtInteger(v, 10, isSigned, verb, ldigits)
	case 'b':
		p.fmt.fmtInteger(v, 2, isSigned, verb, ldigits)
	case 'o', 'O':
		p.fmt.fmtInteger(v, 8, isSigned, verb, ldigits)
	case 'x':
		p.fmt.fmtInteger(v, 16, isSigned, verb, ldigits)
	case 'X':
		p.fmt.fmtInteger(v, 16, isSigned, verb, udigits)
	case 'c':
		p.fmt.fmtC(v)
	case 'q':
		p.fmt.fmtQc(v)
	case 'U':
		p.fmt.fmtUnicode(v)
	default:
		p.badVerb(verb, orig)
	}
}

func (p *pp) fmtString(v string, verb rune, orig Value) {
	switch verb {
	case 'v':
		if p.fmt.sharpV {
			p.fmt.fmtQ(v)
		} else {
			p.fmt.fmtS(v)
		}
	case 's':
		p.fmt.fmtS(v)
	case 'x':
		p.fmt.fmtSx(v, ldigits)
	case 'X':
		p.fmt.fmtSx(v, udigits)
	case 'q':
		p.fmt.fmtQ(v)
	default:
		p.badVerb(verb, orig)
	}
}

// fmtBytes formats a byte array for the verbs s, q, x and X (the only
// ones it is called for).
func (p *pp) fmtBytes(v []byte, verb rune) {
	switch verb {
	case 's':
		p.fmt.fmtBs(v)
	case 'x':
		p.fmt.fmtBx(v, ldigits)
	case 'X':
		p.fmt.fmtBx(v, udigits)
	case 'q':
		p.fmt.fmtQ(string(v))
	}
}

func (p *pp) fmtPointer(value Value, verb rune) {
	switch value.Kind {
	case Chan, Func, Pointer:
	default:
		p.badVerb(verb, value)
		return
	}
	u := address(value)

	switch verb {
	case 'v':
		if p.fmt.sharpV {
			p.buf.writeByte('(')
			p.buf.writeString(typeName(value))
			p.buf.writeString(")(")
			if u == 0 {
				p.buf.writeString(nilString)
			} else {
				p.fmt0x64(u, true)
			}
			p.buf.writeByte(')')
		} else {
			if u == 0 {
				p.fmt.padString(nilAngleString)
			} else {
				p.fmt0x64(u, !p.fmt.sharp)
			}
		}
	case 'p':
		p.fmt0x64(u, !p.fmt.sharp)
	case 'b', 'o', 'd', 'x', 'X':
		p.fmtInteger(u, unsigned, verb, value)
	default:
		p.badVerb(verb, value)
	}
}

// printArg prints one operand of Print, Println or Printf.
func (p *pp) printArg(arg Value, verb rune) {
	arg = norm(arg)
	if isUntypedNil(arg) {
		switch verb {
		case 'T', 'v':
			p.fmt.padString(nilAngleString)
		default:
			p.badVerb(verb, arg)
		}
		return
	}

	// %T (the value's type) and %p (its address) are special; we always do them first.
	switch verb {
	case 'T':
		p.fmt.fmtS(typeName(arg))
		return
	case 'p':
		p.fmtPointer(arg, 'p')
		return
	case 'w':
		// %w is only for fmt.Errorf with an error operand; cohere has
		// neither, so it is always the error form, as in Printf.
		p.badVerb(verb, arg)
		return
	}
	p.printValue(arg, verb, 0)
}

// elemType returns the element type of an array.
func elemType(v Value) string {
	t := typeName(v)
	if len(t) > 0 && t[0] == '[' {
		for i := 1; i < len(t); i++ {
			if t[i] == ']' {
				return canonType(t[i+1:])
			}
		}
	}
	return ""
}

// printValue prints v at the given nesting depth (0 for an operand).
// It does not handle 'p' and 'T' at depth 0, as printArg does that.
func (p *pp) printValue(v Value, verb rune, depth int) {
	v = norm(v)
	switch v.Kind {
	case Nil:
		// Untyped nil inside an array or struct is a nil interface.
		if p.fmt.sharpV {
			p.buf.writeString("interface {}")
			p.buf.writeString(nilParenString)
		} else {
			p.buf.writeString(nilAngleString)
		}
	case Bool:
		p.fmtBool(v, verb)
	case Int:
		p.fmtInteger(uint64(v.Int), !isUnsigned(v), verb, v)
	case String:
		p.fmtString(v.Str, verb, v)
	case Struct:
		if p.fmt.sharpV {
			p.buf.writeString(typeName(v))
		}
		p.buf.writeByte('{')
		for i, f := range v.Elems {
			if i > 0 {
				if p.fmt.sharpV {
					p.buf.writeString(commaSpaceString)
				} else {
					p.buf.writeByte(' ')
				}
			}
			if p.fmt.plusV || p.fmt.sharpV {
				if i < len(v.Names) && v.Names[i] != "" {
					p.buf.writeString(v.Names[i])
					p.buf.writeByte(':')
				}
			}
			p.printValue(f, verb, depth+1)
		}
		p.buf.writeByte('}')
	case Array:
		switch verb {
		case 's', 'q', 'x', 'X':
			// Handle byte arrays specially for the above verbs.
			if elemType(v) == "uint8" {
				bytes := make([]byte, len(v.Elems))
				for i, e := range v.Elems {
					bytes[i] = byte(e.Int)
				}
				p.fmtBytes(bytes, verb)
				return
			}
		}
		if p.fmt.sharpV {
			p.buf.writeString(typeName(v))
			p.buf.writeByte('{')
			for i, e := range v.Elems {
				if i > 0 {
					p.buf.writeString(commaSpaceString)
				}
				p.printValue(e, verb, depth+1)
			}
			p.buf.writeByte('}')
		} else {
			p.buf.writeByte('[')
			for i, e := range v.Elems {
				if i > 0 {
					p.buf.writeByte(' ')
				}
				p.printValue(e, verb, depth+1)
			}
			p.buf.writeByte(']')
		}
	case Pointer:
		// pointer to array or struct? ok at top level
		// but not embedded (avoid loops)
		if depth == 0 && v.Int != 0 && len(v.Elems) > 0 {
			switch a := norm(v.Elems[0]); a.Kind {
			case Array, Struct:
				p.buf.writeByte('&')
				p.printValue(a, verb, depth+1)
				return
			}
		}
		p.fmtPointer(v, verb)
	case Chan, Func:
		p.fmtPointer(v, verb)
	default:
		p.buf.writeByte('?')
		p.buf.writeString(typeName(v))
		p.buf.writeByte('?')
	}
}

// intFromArg gets the argNumth element of a. On return, isInt reports whether the argument has integer type.
func intFromArg(a []Value, argNum int) (num int, isInt bool, newArgNum int) {
	newArgNum = argNum
	if argNum < len(a) {
		if v := a[argNum]; v.Kind == Int {
			n := v.Int
			if !isUnsigned(v) || n >= 0 {
				num = int(n)
				isInt = int64(num) == n
			}
		}
		newArgNum = argNum + 1
		if tooLarge(num) {
			num = 0
			isInt = false
		}
	}
	return
}

// parseArgNumber returns the value of the bracketed number, minus 1
// (explicit argument numbers are one-indexed but we want zero-indexed).
// The opening bracket is known to be present at format[0].
// The returned values are the index, the number of bytes to consume
// up to the closing paren, if present, and whether the number parsed
// ok. The bytes to consume will be 1 if no closing paren is present.
func parseArgNumber(format string) (index int, wid int, ok bool) {
	// There must be at least 3 bytes: [n].
	if len(format) < 3 {
		return 0, 1, false
	}

	// Find closing bracket.
	for i := 1; i < len(format); i++ {
		if format[i] == ']' {
			width, ok, newi := parsenum(format, 1, i)
			if !ok || newi != i {
				return 0, i + 1, false
			}
			return width - 1, i + 1, true // arg numbers are one-indexed and skip paren.
		}
	}
	return 0, 1, false
}

// argNumber returns the next argument to evaluate, which is either the value of the passed-in
// argNum or the value of the bracketed integer that begins format[i:]. It also returns
// the new value of i, that is, the index of the next byte of the format to process.
func (p *pp) argNumber(argNum int, format string, i int, numArgs int) (newArgNum, newi int, found bool) {
	if len(format) <= i || format[i] != '[' {
		return argNum, i, false
	}
	p.reordered = true
	index, wid, ok := parseArgNumber(format[i:])
	if ok && 0 <= index && index < numArgs {
		return index, i + wid, true
	}
	p.goodArgNum = false
	return argNum, i + wid, ok
}

func (p *pp) badArgNum(verb rune) {
	p.buf.writeString(percentBangString)
	p.buf.writeRune(verb)
	p.buf.writeString(badIndexString)
}

func (p *pp) missingArg(verb rune) {
	p.buf.writeString(percentBangString)
	p.buf.writeRune(verb)
	p.buf.writeString(missingString)
}

func (p *pp) doPrintf(format string, a []Value) {
	end := len(format)
	argNum := 0         // we process one argument per non-trivial format
	afterIndex := false // previous item in format was an index like [3].
	p.reordered = false
formatLoop:
	for i := 0; i < end; {
		p.goodArgNum = true
		lasti := i
		for i < end && format[i] != '%' {
			i++
		}
		if i > lasti {
			p.buf.writeString(format[lasti:i])
		}
		if i >= end {
			// done processing format string
			break
		}

		// Process one verb
		i++

		// Do we have flags?
		p.fmt.clearflags()
	simpleFormat:
		for ; i < end; i++ {
			c := format[i]
			switch c {
			case '#':
				p.fmt.sharp = true
			case '0':
				p.fmt.zero = true
			case '+':
				p.fmt.plus = true
			case '-':
				p.fmt.minus = true
			case ' ':
				p.fmt.space = true
			default:
				// Fast path for common case of ascii lower case simple verbs
				// without precision or width or argument indices.
				if 'a' <= c && c <= 'z' && argNum < len(a) {
					switch c {
					case 'v', 'w':
						// Go syntax
						p.fmt.sharpV = p.fmt.sharp
						p.fmt.sharp = false
						// Struct-field syntax
						p.fmt.plusV = p.fmt.plus
						p.fmt.plus = false
					}
					p.printArg(a[argNum], rune(c))
					argNum++
					i++
					continue formatLoop
				}
				// Format is more complex than simple flags and a verb or is malformed.
				break simpleFormat
			}
		}

		// Do we have an explicit argument index?
		argNum, i, afterIndex = p.argNumber(argNum, format, i, len(a))

		// Do we have width?
		if i < end && format[i] == '*' {
			i++
			p.fmt.wid, p.fmt.widPresent, argNum = intFromArg(a, argNum)

			if !p.fmt.widPresent {
				p.buf.writeString(badWidthString)
			}

			// We have a negative width, so take its value and ensure
			// that the minus flag is set
			if p.fmt.wid < 0 {
				p.fmt.wid = -p.fmt.wid
				p.fmt.minus = true
				p.fmt.zero = false // Do not pad with zeros to the right.
			}
			afterIndex = false
		} else {
			p.fmt.wid, p.fmt.widPresent, i = parsenum(format, i, end)
			if afterIndex && p.fmt.widPresent { // "%[3]2d"
				p.goodArgNum = false
			}
		}

		// Do we have precision?
		if i+1 < end && format[i] == '.' {
			i++
			if afterIndex { // "%[3].2d"
				p.goodArgNum = false
			}
			argNum, i, afterIndex = p.argNumber(argNum, format, i, len(a))
			if i < end && format[i] == '*' {
				i++
				p.fmt.prec, p.fmt.precPresent, argNum = intFromArg(a, argNum)
				// Negative precision arguments don't make sense
				if p.fmt.prec < 0 {
					p.fmt.prec = 0
					p.fmt.precPresent = false
				}
				if !p.fmt.precPresent {
					p.buf.writeString(badPrecString)
				}
				afterIndex = false
			} else {
				p.fmt.prec, p.fmt.precPresent, i = parsenum(format, i, end)
				if !p.fmt.precPresent {
					p.fmt.prec = 0
					p.fmt.precPresent = true
				}
			}
		}

		if !afterIndex {
			argNum, i, afterIndex = p.argNumber(argNum, format, i, len(a))
		}

		if i >= end {
			p.buf.writeString(noVerbString)
			break
		}

		verb, size := utf8.DecodeRuneInString(format[i:])
		i += size

		switch {
		case verb == '%': // Percent does not absorb operands and ignores f.wid and f.prec.
			p.buf.writeByte('%')
		case !p.goodArgNum:
			p.badArgNum(verb)
		case argNum >= len(a): // No argument left over to print for the current verb.
			p.missingArg(verb)
		case verb == 'v' || verb == 'w':
			// Go syntax
			p.fmt.sharpV = p.fmt.sharp
			p.fmt.sharp = false
			// Struct-field syntax
			p.fmt.plusV = p.fmt.plus
			p.fmt.plus = false
			fallthrough
		default:
			p.printArg(a[argNum], verb)
			argNum++
		}
	}

	// Check for extra arguments unless the call accessed the arguments
	// out of order, in which case it's too expensive to detect if they've all
	// been used and arguably OK if they're not.
	if !p.reordered && argNum < len(a) {
		p.fmt.clearflags()
		p.buf.writeString(extraString)
		for i, arg := range a[argNum:] {
			if i > 0 {
				p.buf.writeString(commaSpaceString)
			}
			if isUntypedNil(arg) {
				p.buf.writeString(nilAngleString)
			} else {
				p.buf.writeString(typeName(arg))
				p.buf.writeByte('=')
				p.printArg(arg, 'v')
			}
		}
		p.buf.writeByte(')')
	}
}

func (p *pp) doPrint(a []Value) {
	prevString := false
	for argNum, arg := range a {
		isString := arg.Kind == String
		// Add a space between two non-string arguments.
		if argNum > 0 && !isString && !prevString {
			p.buf.writeByte(' ')
		}
		p.printArg(arg, 'v')
		prevString = isString
	}
}

// doPrintln is like doPrint but always adds a space between arguments
// and a newline after the last argument.
func (p *pp) doPrintln(a []Value) {
	for argNum, arg := range a {
		if argNum > 0 {
			p.buf.writeByte(' ')
		}
		p.printArg(arg, 'v')
	}
	p.buf.writeByte('\n')
}
