// This file defines the Table type, its validation and the compiled lookup
// the engine uses on every access.

package protocol

import (
	"fmt"
	"strings"
)

// Row is one line of a protocol table: in state From, on event On, when the
// condition holds, perform Actions in order and move to To.
type Row struct {
	From    State
	On      Event
	When    Cond
	Actions []Action
	To      State
}

// Kind says which invariants apply to a protocol.
type Kind uint8

// The kinds.
const (
	Invalidating Kind = iota // single writer / multiple readers and data value
	Updating                 // data value only: several writable copies by design
	Incoherent               // none: the checker is exempt and says why
)

// Table is a protocol. Build it with the fields below, then call Compile;
// the engine accepts only compiled tables.
type Table struct {
	Name   string
	States []string // States[0] is the invalid state
	Rows   []Row
	// Dirty marks states whose data may be newer than memory. Nil means:
	// the states whose Evict row writes back.
	Dirty []bool
	// Exempt, when not empty, says why the invariant checker does not
	// apply (none, WT).
	Exempt string
	// Notes are the settings in force, printed with every report
	// ("upgrade on", "clean sharing off").
	Notes []string

	compiled bool
	kind     Kind
	index    [MaxStates][NumEvents][3]int16 // row index or -1, by condition
	needC    [MaxStates][NumEvents]bool
	silent   [MaxStates][NumEvents]int16 // row index of an unconditional row with no actions, or -1
	writable [MaxStates]bool             // PrWr is silent: the cache holds the line exclusively
}

// Compile checks the table and builds its lookup. Every problem is
// reported, one per line.
func (t *Table) Compile() error {
	t.compiled = false
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	n := len(t.States)
	if n < 2 {
		bad("protocol %s: needs at least two states (the first is the invalid one)", t.Name)
	}
	if n > MaxStates {
		bad("protocol %s: %d states, at most %d allowed", t.Name, n, MaxStates)
		n = MaxStates
	}
	seen := map[string]bool{}
	for _, s := range t.States {
		if seen[s] {
			bad("protocol %s: state %s declared twice", t.Name, s)
		}
		seen[s] = true
	}
	for s := range t.index {
		for e := range t.index[s] {
			for c := range t.index[s][e] {
				t.index[s][e][c] = -1
			}
			t.silent[s][e] = -1
			t.needC[s][e] = false
		}
		t.writable[s] = false
	}
	for i, r := range t.Rows {
		where := fmt.Sprintf("protocol %s: row %q", t.Name, t.RowString(i))
		if int(r.From) >= n || int(r.To) >= n {
			bad("%s: unknown state", where)
			continue
		}
		if r.On >= NumEvents {
			bad("%s: unknown event", where)
			continue
		}
		switch {
		case r.On == PrRd || r.On == PrWr:
			for _, a := range r.Actions {
				if _, ok := a.Bus(); !ok {
					bad("%s: a processor request can only issue bus transactions, not %s", where, a)
				}
			}
		case r.On == Evict:
			if r.To != Invalid {
				bad("%s: an eviction must end in the invalid state %s", where, t.States[0])
			}
			for _, a := range r.Actions {
				if a != WriteBack {
					bad("%s: an eviction can only WriteBack, not %s", where, a)
				}
			}
		default:
			if r.When != Always {
				bad("%s: a snooped transaction cannot have a condition on C", where)
			}
			for _, a := range r.Actions {
				if _, ok := a.Bus(); ok || a == WriteBack {
					bad("%s: a snooping cache cannot %s on the atomic bus", where, a)
				}
			}
		}
		if r.From == Invalid && r.On != PrRd && r.On != PrWr {
			bad("%s: the invalid state %s only reacts to processor requests", where, t.States[0])
			continue
		}
		slot := &t.index[r.From][r.On]
		conds := []Cond{r.When}
		if r.When == Always {
			conds = []Cond{Always, Shared, NotShared}
		}
		for _, c := range conds {
			if slot[c] >= 0 {
				bad("%s overlaps row %q", where, t.RowString(int(slot[c])))
				break
			}
			slot[c] = int16(i)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	for s := 0; s < n; s++ {
		for e := Event(0); e < NumEvents; e++ {
			slot := t.index[s][e]
			t.needC[s][e] = slot[Shared] != slot[NotShared]
		}
		// A valid state without a row for a processor request keeps its
		// state: a plain hit.
		if s != int(Invalid) {
			for _, e := range []Event{PrRd, PrWr} {
				if i := t.index[s][e][Always]; i >= 0 && len(t.Rows[i].Actions) == 0 {
					t.silent[s][e] = i
				}
			}
		}
	}
	for _, e := range []Event{PrRd, PrWr} {
		slot := t.index[Invalid][e]
		if slot[Shared] < 0 || slot[NotShared] < 0 {
			errs = append(errs, fmt.Sprintf("protocol %s: no row for %s %s (a miss must do something)", t.Name, t.States[0], e))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	if t.Dirty == nil {
		t.Dirty = make([]bool, n)
		for s := 1; s < n; s++ {
			for c := Always; c <= NotShared; c++ {
				if i := t.index[s][Evict][c]; i >= 0 && t.Rows[i].has(WriteBack) {
					t.Dirty[s] = true
				}
			}
		}
	} else if len(t.Dirty) != n {
		return fmt.Errorf("protocol %s: dirty marks %d states, the table has %d", t.Name, len(t.Dirty), n)
	}
	// A state is writable (held exclusively) when a write in it needs no
	// bus transaction, whatever C says.
	for s := 1; s < n; s++ {
		w := true
		for c := Always; c <= NotShared; c++ {
			if i := t.index[s][PrWr][c]; i >= 0 && t.Rows[i].issues() {
				w = false
			}
		}
		t.writable[s] = w
	}
	t.kind = Invalidating
	if t.Exempt != "" {
		t.kind = Incoherent
	} else {
		for _, r := range t.Rows {
			if r.has(IssueBusUpd) {
				t.kind = Updating
			}
		}
	}
	t.compiled = true
	return nil
}

func (r *Row) has(a Action) bool {
	for _, x := range r.Actions {
		if x == a {
			return true
		}
	}
	return false
}

func (r *Row) issues() bool {
	for _, x := range r.Actions {
		if _, ok := x.Bus(); ok {
			return true
		}
	}
	return false
}

// Has reports whether the row performs action a.
func (r *Row) Has(a Action) bool { return r.has(a) }

// Compiled reports whether Compile succeeded on t.
func (t *Table) Compiled() bool { return t.compiled }

// Kind says which invariants apply.
func (t *Table) Kind() Kind { return t.kind }

// Lookup returns the index of the row for (s, e) given the C line, or -1.
func (t *Table) Lookup(s State, e Event, shared bool) int {
	c := NotShared
	if shared {
		c = Shared
	}
	return int(t.index[s][e][c])
}

// SnoopRow returns the row a cache in state s follows on seeing bus
// transaction e, or -1 (no change).
func (t *Table) SnoopRow(s State, e Event) int { return int(t.index[s][e][Always]) }

// NeedsC reports whether the row for (s, e) depends on the C line.
func (t *Table) NeedsC(s State, e Event) bool { return t.needC[s][e] }

// Silent returns the row for (s, e) when it is unconditional and does
// nothing but change state (a plain hit), or -1.
func (t *Table) Silent(s State, e Event) int { return int(t.silent[s][e]) }

// Writable reports whether a cache in state s may write without a bus
// transaction: it holds the line exclusively.
func (t *Table) Writable(s State) bool { return t.writable[s] }

// Owns reports whether s is an owner state: a copy that answers for a
// line other caches may share (MOESI O, MESIF F, Dragon Sm), which at most
// one cache holds at a time. It is a dirty state that is not writable
// (sharers may exist), or a clean one that supplies a reader and hands
// the role on to it (MESIF's F BusRd -> S Supply).
func (t *Table) Owns(s State) bool {
	if s == Invalid || int(s) >= len(t.States) || t.writable[s] {
		return false
	}
	if t.Dirty[s] {
		return true
	}
	r := t.SnoopRow(s, BusRd)
	return r >= 0 && t.Rows[r].has(Supply) && t.Rows[r].To != s && t.Rows[r].To != Invalid
}

// IsDirty reports whether state s holds data newer than memory.
func (t *Table) IsDirty(s State) bool { return t.Dirty[s] }

// StateNamed returns the state called name.
func (t *Table) StateNamed(name string) (State, bool) {
	for i, s := range t.States {
		if s == name {
			return State(i), true
		}
	}
	return 0, false
}

// RowString renders row i as a script would write it:
// "I PrRd when !C -> E BusRd".
func (t *Table) RowString(i int) string {
	r := t.Rows[i]
	name := func(s State) string {
		if int(s) < len(t.States) {
			return t.States[s]
		}
		return fmt.Sprintf("state%d", s)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", name(r.From), r.On)
	if r.When != Always {
		fmt.Fprintf(&b, " when %s", r.When)
	}
	fmt.Fprintf(&b, " -> %s", name(r.To))
	for _, a := range r.Actions {
		fmt.Fprintf(&b, " %s", a)
	}
	return b.String()
}
