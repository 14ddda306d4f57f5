// This file is instruction fetch (ifetch on): before a statement runs, its
// code is read through the core's cache, so that code size and where the
// code lies show in the cache statistics.

package interp

import (
	"fmt"

	"github.com/cohere-sim/cohere/lang/compile"
)

// fetch reads the 8 bytes of code at the statement that frame f is about
// to run. The read is not a step of its own, is not a data access for the
// race detector, and is a read for the explorer.
func (vm *VM) fetch(t *thread, f *frame) {
	addr := vm.textBase[f.fnIdx] + uint64(f.pc)*compile.InstrBytes
	vm.touchAddr(addr, false)
	if _, err := vm.m.Load(t.core, addr, 8); err != nil {
		vm.end(FatalError, fmt.Sprintf("fatal error: instruction fetch at %#x: %v", addr, err))
	}
}
