// Package rtfmt is the printing runtime of cohere's scenario language: it
// renders the language's values exactly as Go's fmt package (fmt.Print,
// fmt.Println, fmt.Printf) and Go's builtin print and println would render
// the corresponding Go values.
//
// The package knows nothing about the interpreter. A caller converts its own
// values into [Value] (a small tagged union: integers, booleans, strings,
// pointers, channels, funcs, arrays, structs, nil, sync.Mutex and
// sync.WaitGroup) and gets back the exact bytes to write:
//
//	Sprint(args)           // fmt.Print
//	Sprintln(args)         // fmt.Println
//	Sprintf(format, args)  // fmt.Printf
//	PrintBuiltin(args)     // builtin print
//	PrintlnBuiltin(args)   // builtin println
//
// The formatting code is a port of the relevant parts of Go's fmt package
// (print.go and format.go) from reflection onto [Value], so flags, width,
// precision (including * and explicit argument indexes such as %[2]d) and
// the error forms (%!d(string=hi), %!(EXTRA int=3), %!s(MISSING),
// %!(NOVERB), %!(BADWIDTH), %!(BADPREC), %!d(BADINDEX)) follow Go's rules.
// testdata/fmt_cases.json holds the expected outputs, every one produced by
// running real Go (internal/gen/main.go, run with `go run`), and the tests
// fail on any difference.
//
// # Where the output goes
//
// Go's builtin print and println write to standard error; fmt.Print* write
// to standard output. cohere sends all of them to standard output, because
// a scenario's output is its standard output and interleaving two streams
// would make runs hard to read and to compare. This package only returns
// strings; the choice of stream is the caller's, and cohere's is stdout.
//
// # Addresses
//
// Go prints pointers, channels and funcs as hexadecimal machine addresses
// (0xc000012345). cohere has no real addresses: the caller puts a simulated
// address in Value.Int and it is printed the way Go prints an address
// (0x%x for %v and %p, 0x0 from the builtins for nil, and so on). Go's fmt
// shows a func's code pointer while the builtins show its closure pointer,
// so the same Go func can print two different numbers; cohere has one
// address per func value and prints it in both places.
//
// # sync.Mutex and sync.WaitGroup
//
// fmt prints these as the structs they are. In Go 1.26 a sync.Mutex is
// struct{ _ noCopy; mu internal/sync.Mutex{state int32; sema uint32} } and
// prints as {{} {0 0}} when unlocked and {{} {1 0}} when locked (%+v:
// {_:{} mu:{state:1 sema:0}}). A sync.WaitGroup is
// struct{ noCopy noCopy; state atomic.Uint64; sema uint32 } whose state
// word holds the counter in its high 32 bits and the number of waiters in
// its low bits: after wg.Add(2) it prints {{} {{} {} 8589934592} 0}. See
// [MutexValue] and [WaitGroupValue]. The sema fields are printed as 0: they
// are only non-zero transiently in Go.
//
// # Deliberate differences
//
// Go rejects at compile time some calls that reach this package at run
// time: builtin print/println of an untyped nil, an array, a struct, a
// sync.Mutex or a sync.WaitGroup ("illegal types for operand: print").
// [BuiltinAccepts] tells a type checker which values Go would accept; the
// builtins here render the others with fmt's %v rules rather than fail.
package rtfmt
