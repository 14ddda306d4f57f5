// This file indexes the steps on the explorer's stack by what they
// touched and whom they woke, so that finding the earlier steps a new
// step depends on does not scan the whole stack.

package interp

import "slices"

// stepIndex maps keys and agents to the stack positions of the steps that
// touched, took or woke them, in increasing order.
type stepIndex struct {
	byKey map[uint64][]indexedAccess
	steps map[int][]int // an agent's own steps
	woken map[int][]int // the steps that woke or started an agent
}

type indexedAccess struct {
	pos   int
	write bool
}

func newStepIndex() stepIndex {
	return stepIndex{byKey: map[uint64][]indexedAccess{}, steps: map[int][]int{}, woken: map[int][]int{}}
}

// add records the step at stack position pos.
func (ix *stepIndex) add(pos, agent int, fp []access, woke []int) {
	for _, a := range fp {
		ix.byKey[a.key] = append(ix.byKey[a.key], indexedAccess{pos, a.write})
	}
	ix.steps[agent] = append(ix.steps[agent], pos)
	for _, w := range woke {
		ix.woken[w] = append(ix.woken[w], pos)
	}
}

// remove forgets the step at stack position pos, the deepest recorded.
func (ix *stepIndex) remove(pos, agent int, fp []access, woke []int) {
	for _, a := range fp {
		l := ix.byKey[a.key]
		for len(l) > 0 && l[len(l)-1].pos == pos {
			l = l[:len(l)-1]
		}
		ix.byKey[a.key] = l
	}
	ix.steps[agent] = dropTail(ix.steps[agent], pos)
	for _, w := range woke {
		ix.woken[w] = dropTail(ix.woken[w], pos)
	}
}

func dropTail(l []int, pos int) []int {
	for len(l) > 0 && l[len(l)-1] == pos {
		l = l[:len(l)-1]
	}
	return l
}

// conflicting returns, in increasing order and once each, the positions
// below limit of the steps that touched one of fp's keys in a way that
// conflicts (one of the two writes, or reads conflict too).
func (ix *stepIndex) conflicting(fp []access, limit int, readsConflict bool, out []int) []int {
	out = out[:0]
	for _, a := range fp {
		for _, e := range ix.byKey[a.key] {
			if e.pos < limit && (a.write || e.write || readsConflict) {
				out = append(out, e.pos)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
