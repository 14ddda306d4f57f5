// This file knows Go's names for what cohere spells differently, so that
// a Go programmer who writes sync.Mutex or atomic.AddInt64 is told the
// cohere name instead of a bare "undefined".

package check

import "strings"

var goNames = map[string]string{
	"sync.Mutex":         "cohere spells it mutex",
	"sync.RWMutex":       "cohere has mutex, with no reader lock",
	"sync.WaitGroup":     "cohere spells it waitgroup",
	"runtime.Gosched":    "cohere spells it yield()",
	"runtime.GOMAXPROCS": "set gomaxprocs N in the machine block",
	"time.Sleep":         "cohere has sleep(n), which advances the thread's clock by n cycles",
	"fmt.Sprintf":        "cohere prints with fmt.Printf and fmt.Println only",
}

var goInts = []string{"int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "byte", "rune"}

// goHint returns the note for a Go name, or "".
func goHint(name string) string {
	if h := goNames[name]; h != "" {
		return h
	}
	for _, t := range goInts {
		if name == t {
			return "cohere has one integer type, int, of 64 bits"
		}
	}
	// sync/atomic's typed functions: AddInt64, CompareAndSwapUint32, ...
	if f, ok := strings.CutPrefix(name, "atomic."); ok {
		for _, suffix := range []string{"Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Pointer"} {
			if base, ok := strings.CutSuffix(f, suffix); ok && base != "" {
				if base == "CompareAndSwap" {
					base = "CAS"
				}
				if strings.Contains(" Add Load Store CAS Swap ", " "+base+" ") {
					return "cohere spells it atomic." + base
				}
			}
		}
	}
	return ""
}
