// This file runs a test: it translates it, has an Explorer enumerate
// every interleaving of the script, and collects the final states.

package litmus

import (
	"fmt"
	"strconv"
)

// Exploration is what an Explorer found.
type Exploration struct {
	// Outcomes are the distinct final states: the values of the
	// script's Observe expressions, as Go prints them.
	Outcomes []Outcome
	States   int    // states explored
	Complete bool   // false: a bound cut the exploration short
	Cut      string // which bound, when !Complete
}

// Outcome is one final state of an exploration.
type Outcome struct {
	Values  []string
	End     string   // how the runs reaching it ended: "finished", "deadlocked" ...
	Witness []string // the steps of one schedule reaching it
}

// Explorer enumerates every interleaving of a translated script.
type Explorer func(s *Script) (*Exploration, error)

// IncompleteError is an exploration a bound cut short: its final states
// are not all there, so no verdict can be given.
type IncompleteError struct {
	Test  string
	Cut   string // what stopped it, as the explorer says: "stopped after ..."
	Found int
}

func (e *IncompleteError) Error() string {
	return fmt.Sprintf("%s: no verdict: the exploration %s (%d final states found so far)", e.Test, e.Cut, e.Found)
}

// Run translates t for model m, explores the script, and returns its
// final states.
func Run(t *Test, m Model, explore Explorer) (*Result, error) {
	s, err := Translate(t, m)
	if err != nil {
		return nil, err
	}
	ex, err := explore(s)
	if err != nil {
		return nil, err
	}
	if !ex.Complete {
		return nil, &IncompleteError{Test: t.Name, Cut: ex.Cut, Found: len(ex.Outcomes)}
	}
	states := make([][]int64, 0, len(ex.Outcomes))
	for _, o := range ex.Outcomes {
		if o.End != "" && o.End != "finished" {
			return nil, fmt.Errorf("%s: a run %s instead of finishing (%v)", t.Name, o.End, o.Values)
		}
		if len(o.Values) != len(s.Columns) {
			return nil, fmt.Errorf("%s: the exploration returned %d values for %d locations", t.Name, len(o.Values), len(s.Columns))
		}
		row := make([]int64, len(o.Values))
		for i, v := range o.Values {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: %s holds %q, not an integer", t.Name, s.Observe[i], v)
			}
			row[i] = n
		}
		states = append(states, row)
	}
	return NewResult(t, m, s.Columns, states), nil
}
