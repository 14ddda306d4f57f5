// This file turns a teacher's own scenario into a problem (not built yet).

package exam

import "errors"

// FromScenario makes a problem from a .coh script: its trace block or its
// threads, with the key computed by running (or exploring) it.
func FromScenario(name string, src []byte, seed uint64) (*Problem, error) {
	return nil, errors.New("exam problems from a script are not built yet")
}
