// This file builds a protocol table from a script's `protocol` block and
// places the table's own checks at the rows they are about.

package setup

import (
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/sim/protocol"
)

// rowSite is where one protocol.Row came from: a row of the block and
// the event of that row it was built for.
type rowSite struct {
	row   *ast.ProtocolRow
	event *ast.Ident
}

// Protocol builds and compiles the table a protocol block declares: its
// states (the first is the invalid one), one protocol.Row per event of
// each row, and its dirty states when a `dirty` line names them (else the
// table's default: the states whose Evict row writes back). Names are
// case-sensitive. Unknown states, events and actions are reported at
// their identifiers; what Table.Compile finds wrong (a processor request
// that flushes, rows that overlap, a miss with no row...) is reported at
// the row, event, condition or action concerned. The table is nil when
// anything is wrong.
func Protocol(d *ast.ProtocolDecl) (*protocol.Table, diag.List) {
	b := &protocolBuilder{d: d, t: &protocol.Table{}, namePos: d.Pos}
	if d.Name != nil {
		b.t.Name, b.namePos = d.Name.Name, d.Name.Pos
	}
	if !b.states() {
		return nil, b.errs
	}
	for _, r := range d.Rows {
		b.row(r)
	}
	b.dirty()
	if len(b.errs) > 0 {
		return nil, b.errs
	}
	texts := make([]string, len(b.t.Rows))
	for i := range b.t.Rows {
		texts[i] = b.t.RowString(i)
	}
	if err := b.t.Compile(); err != nil {
		cursor := 0
		for _, line := range strings.Split(err.Error(), "\n") {
			b.errs.Addf(b.where(line, texts, &cursor), "%s", line)
		}
		return nil, b.errs
	}
	return b.t, nil
}

type protocolBuilder struct {
	d       *ast.ProtocolDecl
	t       *protocol.Table
	namePos ast.Pos
	index   map[string]protocol.State
	sites   []rowSite // one per t.Rows entry
	errs    diag.List
}

// states reads the states line; it reports false when there are too few
// states to read rows against.
func (b *protocolBuilder) states() bool {
	b.index = map[string]protocol.State{}
	first := map[string]ast.Pos{}
	for _, s := range b.d.States {
		if p, ok := first[s.Name]; ok {
			b.errs.Addf(s.Pos, "state %s is declared twice in protocol %s (first on line %d): keep one", s.Name, b.t.Name, p.Line)
			continue
		}
		if len(b.t.States) == protocol.MaxStates {
			b.errs.Addf(s.Pos, "protocol %s declares more than %d states: at most %d are allowed", b.t.Name, protocol.MaxStates, protocol.MaxStates)
			break
		}
		first[s.Name] = s.Pos
		b.index[s.Name] = protocol.State(len(b.t.States))
		b.t.States = append(b.t.States, s.Name)
	}
	if len(b.t.States) < 2 {
		pos := b.namePos
		if len(b.d.States) > 0 {
			pos = b.d.States[0].Pos
		}
		b.errs.Addf(pos, "protocol %s needs at least two states, the invalid one first: write a line such as `states I S M`", b.t.Name)
	}
	return len(b.t.States) > 0
}

func (b *protocolBuilder) state(id *ast.Ident) (protocol.State, bool) {
	if s, ok := b.index[id.Name]; ok {
		return s, true
	}
	b.errs.Add(undefined(id.Pos, "state", id.Name, b.t.States,
		"protocol "+b.t.Name+" declares the states "+strings.Join(b.t.States, " ")))
	return 0, false
}

func (b *protocolBuilder) row(r *ast.ProtocolRow) {
	n := len(b.errs)
	if r.From == nil || r.To == nil || len(r.Events) == 0 {
		b.errs.Addf(r.Pos, "a protocol row is FROM EVENT[, EVENT...] [when C|!C] -> TO [ACTION...], as in `S PrWr -> M BusUpgr`")
		return
	}
	from, _ := b.state(r.From)
	var events []protocol.Event
	for _, e := range r.Events {
		ev, ok := protocol.ParseEvent(e.Name)
		if !ok {
			b.errs.Add(undefined(e.Pos, "event", e.Name, protocol.EventNames(),
				"the events are "+strings.Join(protocol.EventNames(), " ")))
		}
		events = append(events, ev)
	}
	cond := protocol.Always
	switch r.When {
	case "":
	case "C":
		cond = protocol.Shared
	case "!C":
		cond = protocol.NotShared
	default:
		b.errs.Addf(r.WhenPos, "a row's condition is `when C` (another cache holds the line) or `when !C`, not `when %s`", r.When)
	}
	to, _ := b.state(r.To)
	var actions []protocol.Action
	for _, a := range r.Actions {
		act, ok := protocol.ParseAction(a.Name)
		if !ok {
			b.errs.Add(undefined(a.Pos, "action", a.Name, protocol.ActionNames(),
				"the actions are "+strings.Join(protocol.ActionNames(), " ")))
		}
		actions = append(actions, act)
	}
	if len(b.errs) > n {
		return
	}
	for i, ev := range events {
		b.t.Rows = append(b.t.Rows, protocol.Row{From: from, On: ev, When: cond, Actions: actions, To: to})
		b.sites = append(b.sites, rowSite{row: r, event: r.Events[i]})
	}
}

// dirty reads the dirty line, if there is one.
func (b *protocolBuilder) dirty() {
	if b.d.Dirty == nil {
		return
	}
	b.t.Dirty = make([]bool, len(b.t.States))
	for _, id := range b.d.Dirty {
		s, ok := b.state(id)
		switch {
		case !ok:
		case s == protocol.Invalid:
			b.errs.Addf(id.Pos, "the invalid state %s cannot be dirty: a cache in it holds no data", id.Name)
		case b.t.Dirty[s]:
			b.errs.Addf(id.Pos, "state %s is listed twice on the dirty line", id.Name)
		default:
			b.t.Dirty[s] = true
		}
	}
}

// where finds the position a line of Table.Compile's error is about. A
// line naming a row (`row "S PrWr -> M Flush"`) belongs to the first row
// with that text at or after cursor, since Compile reports rows in
// order; then the action, condition or next state the message names is
// the place, else the row's event.
func (b *protocolBuilder) where(line string, texts []string, cursor *int) ast.Pos {
	text, ok := quotedRow(line)
	if !ok {
		if _, rest, ok := strings.Cut(line, ": no row for "); ok {
			// "no row for I PrRd (a miss must do something)": point at a
			// row for that miss if one exists (it lacks a condition).
			f := strings.Fields(rest)
			for _, s := range b.sites {
				if len(f) > 1 && s.row.From.Name == f[0] && s.event.Name == f[1] {
					return s.event.Pos
				}
			}
		}
		return b.namePos
	}
	from := *cursor
	if _, other, ok := strings.Cut(line, ` overlaps row "`); ok {
		// Rows with the same text fill the same slot: the row reported
		// comes after the first row with the text it overlaps.
		if j := find(texts, strings.TrimSuffix(other, `"`), 0); j >= 0 {
			from = max(from, j+1)
		}
	}
	i := find(texts, text, from)
	if i < 0 {
		return b.namePos
	}
	*cursor = i
	s := b.sites[i]
	switch {
	case strings.Contains(line, "condition on C") && s.row.WhenPos.IsValid():
		return s.row.WhenPos
	case strings.Contains(line, "must end in the invalid state"):
		return s.row.To.Pos
	}
	if name := namedAction(line); name != "" {
		for _, a := range s.row.Actions {
			if a.Name == name {
				return a.Pos
			}
		}
	}
	return s.event.Pos
}

// find returns the first index at or after from (then before it) whose
// text is text, or -1.
func find(texts []string, text string, from int) int {
	for k := range texts {
		if j := (from + k) % len(texts); texts[j] == text {
			return j
		}
	}
	return -1
}

// quotedRow returns the row text of `... row "TEXT" ...`.
func quotedRow(line string) (string, bool) {
	_, rest, ok := strings.Cut(line, `row "`)
	if !ok {
		return "", false
	}
	text, _, ok := strings.Cut(rest, `"`)
	return text, ok
}

// namedAction returns the action a Compile message objects to: "..., not
// Flush" or "cannot Flush on the atomic bus".
func namedAction(line string) string {
	if i := strings.LastIndex(line, ", not "); i >= 0 {
		return line[i+len(", not "):]
	}
	if _, rest, ok := strings.Cut(line, " cannot "); ok {
		if name, _, ok := strings.Cut(rest, " on the atomic bus"); ok {
			return name
		}
	}
	return ""
}
