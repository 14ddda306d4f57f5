// This file prints a result the way herd7 does: the test and its kind,
// the final states, whether the condition holds, the witness counts, the
// condition and the observation.

package litmus

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Result is what running a test found: its distinct final states over
// the test's columns.
type Result struct {
	Test    *Test
	Model   Model
	Columns []Loc
	States  [][]int64 // distinct, in herd's order
}

// NewResult builds a result from final states given in any order, with
// repeats: they are sorted and made distinct.
func NewResult(t *Test, m Model, cols []Loc, states [][]int64) *Result {
	r := &Result{Test: t, Model: m, Columns: cols}
	for _, s := range states {
		r.States = append(r.States, slices.Clone(s))
	}
	slices.SortFunc(r.States, slices.Compare[[]int64])
	r.States = slices.CompactFunc(r.States, slices.Equal[[]int64])
	return r
}

// Verdict is the summary of a result.
type Verdict struct {
	// Sat and Unsat count the final states where the condition's
	// proposition holds and where it does not.
	Sat, Unsat int
	// Positive and Negative count the states that satisfy the whole
	// condition and those that do not: for ~exists, a state is positive
	// when the proposition fails in it.
	Positive, Negative int
	// OK is herd's Ok: the condition holds of the set of states.
	OK bool
	// Observation is Never, Sometimes or Always: how often the
	// proposition holds.
	Observation string
}

// Verdict evaluates the condition on every final state.
func (r *Result) Verdict() Verdict {
	var v Verdict
	c := r.Test.Cond
	for _, s := range r.States {
		if Eval(c.Prop, r.valueOf(s)) {
			v.Sat++
		} else {
			v.Unsat++
		}
	}
	v.Positive, v.Negative = v.Sat, v.Unsat
	switch c.Quant {
	case Exists:
		v.OK = v.Sat > 0
	case NotExists:
		v.OK = v.Sat == 0
		v.Positive, v.Negative = v.Unsat, v.Sat
	case Forall:
		v.OK = v.Unsat == 0
	}
	switch {
	case v.Sat == 0:
		v.Observation = "Never"
	case v.Unsat == 0:
		v.Observation = "Always"
	default:
		v.Observation = "Sometimes"
	}
	return v
}

// valueOf returns the lookup of a location's value in final state s.
func (r *Result) valueOf(s []int64) func(Loc) int64 {
	return func(l Loc) int64 {
		for i, c := range r.Columns {
			if c.Key() == l.Key() {
				return s[i]
			}
		}
		return 0 // not a column: cannot happen, the columns hold every location of the condition
	}
}

// FormatState prints one final state as herd does: 0:EAX=1; [x]=2;
func (r *Result) FormatState(s []int64) string {
	parts := make([]string, len(s))
	for i, v := range s {
		parts[i] = fmt.Sprintf("%s=%d;", r.Columns[i], v)
	}
	return strings.Join(parts, " ")
}

// Write prints the result in herd7's shape, without the Time and Hash
// lines (a time is not reproducible, and herd's hash is of its own
// reading of the test), and with the empty line herd ends each test
// with.
func (r *Result) Write(w io.Writer) {
	t := r.Test
	v := r.Verdict()
	var b strings.Builder
	fmt.Fprintf(&b, "Test %s %s\n", t.Name, t.Cond.Quant.Kind())
	fmt.Fprintf(&b, "States %d\n", len(r.States))
	for _, s := range r.States {
		b.WriteString(r.FormatState(s))
		b.WriteByte('\n')
	}
	if v.OK {
		b.WriteString("Ok\n")
	} else {
		b.WriteString("No\n")
	}
	b.WriteString("Witnesses\n")
	fmt.Fprintf(&b, "Positive: %d Negative: %d\n", v.Positive, v.Negative)
	fmt.Fprintf(&b, "Condition %s\n", t.Cond)
	fmt.Fprintf(&b, "Observation %s %s %d %d\n\n", t.Name, v.Observation, v.Sat, v.Unsat)
	io.WriteString(w, b.String())
}
