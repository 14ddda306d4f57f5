// This file is `abi stack`, Go's calling convention before 1.17: a call
// that is not inlined passes its arguments, its results and the return
// address through the calling thread's stack, in memory, through the
// core's cache.

package interp

// The words of a call under abi stack lie at the top of the callee's
// frame, below the caller's stack pointer sp, as in Go's old ABI:
//
//	sp - 8*R ...            the results, one word per result slot
//	sp - 8*(P+R) ...        the arguments, one word per parameter slot
//	sp - 8*(P+R) - 8        the return address
//
// Per call: at the call, 1 store of the return address and 1 store per
// argument word (by the caller); at the return, 1 store per result word
// (by the callee), 1 load of the return address and 1 load per result
// word (by the caller). A frame left by a panic makes no return traffic.
// These are the thread's own stack words: no other thread touches them,
// so the race detector sees them and has nothing to report.

// stackCall makes the caller's stores of a call just pushed under abi
// stack: the return address and the arguments. It reports false when
// the thread cannot go on (the run ended).
func (vm *VM) stackCall(t *thread) bool {
	f := &t.frames[len(t.frames)-1]
	p, r := f.fn.Params, f.fn.Results
	args := f.sp - uint64(8*(p+r))
	if !vm.store(t, args-8, 8, vm.returnAddress(t)) {
		return false
	}
	for i := 0; i < p; i++ {
		if !vm.store(t, args+uint64(8*i), 8, t.regs[f.base+i]) {
			return false
		}
	}
	return true
}

// stackReturn makes the traffic of the top frame's return under abi
// stack: the callee stores its results, then the caller loads the return
// address and the results.
func (vm *VM) stackReturn(t *thread) bool {
	f := &t.frames[len(t.frames)-1]
	p, r := f.fn.Params, f.fn.Results
	res := f.sp - uint64(8*r)
	for i := 0; i < r; i++ {
		if !vm.store(t, res+uint64(8*i), 8, t.regs[f.base+p+i]) {
			return false
		}
	}
	if _, ok := vm.load(t, f.sp-uint64(8*(p+r))-8, 8); !ok {
		return false
	}
	for i := 0; i < r; i++ {
		v, ok := vm.load(t, res+uint64(8*i), 8)
		if !ok {
			return false
		}
		t.regs[f.base+p+i] = v
	}
	return true
}

// returnAddress is the value a call stores as its return address: the
// caller's next instruction, numbered by function and index (the stored
// value matters to no one; the store does).
func (vm *VM) returnAddress(t *thread) int64 {
	caller := t.frames[len(t.frames)-2]
	return int64(caller.fnIdx)<<32 | int64(caller.pc)
}
