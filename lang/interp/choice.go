// This file holds the program's own nondeterminism (as opposed to the
// scheduler's): the choices a run makes inside a step.

package interp

// choose returns one of n alternatives (n >= 1): which of a select's ready
// cases runs. Under run all the explorer decides, so that every
// alternative is explored; otherwise it is vm.random() % n, uniform and
// reproducible from the seed. One alternative needs no draw.
func (vm *VM) choose(n int) int {
	if n <= 1 {
		return 0
	}
	if vm.opt.Explore {
		return vm.exploreChoice(n)
	}
	return int(vm.random() % uint64(n))
}
