// This file holds the built-in protocol tables of PROTOCOLS.md and the
// settings that vary them (upgrade, clean sharing, write-allocate).

package protocol

import (
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/sim/spell"
)

// Settings are the choices the textbooks leave open. They apply to the
// built-in tables; a script's own protocol says what it means row by row.
type Settings struct {
	// Upgrade: a write hit in S/O/F issues BusUpgr (true) or BusRdX.
	Upgrade bool
	// CleanSharing: caches in a clean valid state supply the line on a
	// snooped BusRd/BusRdX instead of memory.
	CleanSharing bool
	// Allocate: WT and WTI fetch the line on a write miss.
	Allocate bool
}

// DefaultSettings are PROTOCOLS.md's defaults.
func DefaultSettings() Settings { return Settings{Upgrade: true} }

type builtin struct {
	name    string
	states  string
	rows    []string
	exempt  string
	doc     string
	options []string // which settings matter
	// silent lists clean states that never supply, even with clean
	// sharing on (MESIF's S: F answers for the sharers).
	silent []string
}

var builtins = []builtin{
	{name: "none", states: "I V D", doc: "write-back caches, no coherence",
		exempt:  "none keeps no coherence: another cache's old copy stays valid and is read (stale data by design)",
		options: nil,
		rows: []string{
			"I PrRd -> V BusRd", "I PrWr -> D BusRd",
			"V PrRd -> V", "V PrWr -> D", "V Evict -> I",
			"D PrRd -> D", "D PrWr -> D", "D Evict -> I WriteBack",
		}},
	{name: "WT", states: "I V", doc: "write-through, no write-allocate, no snooping",
		exempt:  "WT does not snoop: memory is always current, but another cache's copy is not (stale reads by design)",
		options: []string{"allocate"},
		rows: []string{
			"I PrRd -> V BusRd", "I PrWr -> I BusWr",
			"V PrRd -> V", "V PrWr -> V BusWr", "V Evict -> I",
		}},
	{name: "WTI", states: "I V", doc: "write-through with invalidation",
		options: []string{"allocate"},
		rows: []string{
			"I PrRd -> V BusRd", "I PrWr -> I BusWr",
			"V PrRd -> V", "V PrWr -> V BusWr", "V BusWr -> I", "V Evict -> I",
		}},
	{name: "MSI", states: "I S M", doc: "invalidation, write-back",
		options: []string{"upgrade", "cleansharing"},
		rows: []string{
			"I PrRd -> S BusRd", "I PrWr -> M BusRdX",
			"S PrRd -> S", "S PrWr -> M BusUpgr", "S BusRd -> S", "S BusRdX -> I", "S BusUpgr -> I", "S Evict -> I",
			"M PrRd -> M", "M PrWr -> M", "M BusRd -> S Flush", "M BusRdX -> I Flush", "M Evict -> I WriteBack",
		}},
	{name: "MESI", states: "I E S M", doc: "Illinois: MSI with an exclusive clean state",
		options: []string{"upgrade", "cleansharing"},
		rows: []string{
			"I PrRd when !C -> E BusRd", "I PrRd when C -> S BusRd", "I PrWr -> M BusRdX",
			"E PrRd -> E", "E PrWr -> M", "E BusRd -> S", "E BusRdX -> I", "E BusUpgr -> I", "E Evict -> I",
			"S PrRd -> S", "S PrWr -> M BusUpgr", "S BusRd -> S", "S BusRdX -> I", "S BusUpgr -> I", "S Evict -> I",
			"M PrRd -> M", "M PrWr -> M", "M BusRd -> S Flush", "M BusRdX -> I Flush", "M Evict -> I WriteBack",
		}},
	{name: "MOESI", states: "I E S M O", doc: "MESI with an owned state: dirty sharing, memory left stale",
		options: []string{"upgrade", "cleansharing"},
		rows: []string{
			"I PrRd when !C -> E BusRd", "I PrRd when C -> S BusRd", "I PrWr -> M BusRdX",
			"E PrRd -> E", "E PrWr -> M", "E BusRd -> S", "E BusRdX -> I", "E BusUpgr -> I", "E Evict -> I",
			"S PrRd -> S", "S PrWr -> M BusUpgr", "S BusRd -> S", "S BusRdX -> I", "S BusUpgr -> I", "S Evict -> I",
			"M PrRd -> M", "M PrWr -> M", "M BusRd -> O Flush", "M BusRdX -> I Flush", "M Evict -> I WriteBack",
			"O PrRd -> O", "O PrWr -> M BusUpgr", "O BusRd -> O Flush", "O BusRdX -> I Flush", "O BusUpgr -> I", "O Evict -> I WriteBack",
		}},
	{name: "MESIF", states: "I E S M F", doc: "MESI with a forward state: one clean sharer supplies",
		options: []string{"upgrade", "cleansharing"}, silent: []string{"S"},
		rows: []string{
			"I PrRd when !C -> E BusRd", "I PrRd when C -> F BusRd", "I PrWr -> M BusRdX",
			"E PrRd -> E", "E PrWr -> M", "E BusRd -> S Supply", "E BusRdX -> I", "E BusUpgr -> I", "E Evict -> I",
			"S PrRd -> S", "S PrWr -> M BusUpgr", "S BusRd -> S", "S BusRdX -> I", "S BusUpgr -> I", "S Evict -> I",
			"M PrRd -> M", "M PrWr -> M", "M BusRd -> S Flush", "M BusRdX -> I Flush", "M Evict -> I WriteBack",
			"F PrRd -> F", "F PrWr -> M BusUpgr", "F BusRd -> S Supply", "F BusRdX -> I", "F BusUpgr -> I", "F Evict -> I",
		}},
	{name: "Dragon", states: "I E Sc Sm M", doc: "update protocol: writes to shared lines update the other copies",
		options: []string{"cleansharing"},
		rows: []string{
			"I PrRd when !C -> E BusRd", "I PrRd when C -> Sc BusRd",
			"I PrWr when !C -> M BusRd", "I PrWr when C -> Sm BusRd BusUpd",
			"E PrRd -> E", "E PrWr -> M", "E BusRd -> Sc", "E Evict -> I",
			"Sc PrRd -> Sc", "Sc PrWr when C -> Sm BusUpd", "Sc PrWr when !C -> M BusUpd",
			"Sc BusRd -> Sc", "Sc BusUpd -> Sc Update", "Sc Evict -> I",
			"Sm PrRd -> Sm", "Sm PrWr when C -> Sm BusUpd", "Sm PrWr when !C -> M BusUpd",
			"Sm BusRd -> Sm Flush", "Sm BusUpd -> Sc Update", "Sm Evict -> I WriteBack",
			"M PrRd -> M", "M PrWr -> M", "M BusRd -> Sm Flush", "M Evict -> I WriteBack",
		}},
	{name: "Firefly", states: "I VE S D", doc: "update protocol: shared writes go through to memory",
		options: []string{"cleansharing"},
		rows: []string{
			"I PrRd when !C -> VE BusRd", "I PrRd when C -> S BusRd",
			"I PrWr when !C -> D BusRd", "I PrWr when C -> S BusRd BusUpd",
			"VE PrRd -> VE", "VE PrWr -> D", "VE BusRd -> S", "VE Evict -> I",
			"S PrRd -> S", "S PrWr when C -> S BusUpd", "S PrWr when !C -> VE BusUpd",
			"S BusRd -> S", "S BusUpd -> S Update", "S Evict -> I",
			"D PrRd -> D", "D PrWr -> D", "D BusRd -> S Flush", "D Evict -> I WriteBack",
		}},
}

func (b builtin) has(option string) bool {
	for _, o := range b.options {
		if o == option {
			return true
		}
	}
	return false
}

// Names lists the built-in protocols in the order PROTOCOLS.md gives them.
func Names() []string {
	var out []string
	for _, b := range builtins {
		out = append(out, b.name)
	}
	return out
}

// Describe returns a one-line description of built-in protocol name.
func Describe(name string) string {
	if b, ok := find(name); ok {
		return b.doc
	}
	return ""
}

func find(name string) (builtin, bool) {
	for _, b := range builtins {
		if strings.EqualFold(b.name, name) {
			return b, true
		}
	}
	return builtin{}, false
}

// Canonical returns the built-in name spelled as PROTOCOLS.md spells it.
func Canonical(name string) (string, bool) {
	b, ok := find(name)
	return b.name, ok
}

// Builtin returns the compiled built-in protocol called name (any case)
// with the given settings.
func Builtin(name string, s Settings) (*Table, error) {
	b, ok := find(name)
	if !ok {
		return nil, fmt.Errorf("unknown protocol %q%s; built-in protocols: %s", name, spell.Hint(name, Names()), strings.Join(Names(), ", "))
	}
	t := &Table{Name: b.name, States: strings.Fields(b.states), Exempt: b.exempt}
	for _, text := range b.rows {
		r, err := ParseRow(t.States, text)
		if err != nil {
			return nil, fmt.Errorf("built-in %s: %v", b.name, err)
		}
		t.Rows = append(t.Rows, r)
	}
	for _, o := range b.options {
		switch o {
		case "upgrade":
			t.Notes = append(t.Notes, "upgrade "+onOff(s.Upgrade))
			if !s.Upgrade {
				for i := range t.Rows {
					replaceAction(&t.Rows[i], IssueBusUpgr, IssueBusRdX)
				}
			}
		case "cleansharing":
			t.Notes = append(t.Notes, "clean sharing "+onOff(s.CleanSharing))
		case "allocate":
			t.Notes = append(t.Notes, "write-allocate "+onOff(s.Allocate))
			if s.Allocate {
				for i, r := range t.Rows {
					if r.From == Invalid && r.On == PrWr {
						t.Rows[i].To = 1 // V
						t.Rows[i].Actions = []Action{IssueBusRd, IssueBusWr}
					}
				}
			}
		}
	}
	if err := t.Compile(); err != nil {
		return nil, fmt.Errorf("built-in %s: %v", b.name, err)
	}
	if s.CleanSharing && b.has("cleansharing") {
		addCleanSharing(t, b.silent)
		if err := t.Compile(); err != nil {
			return nil, fmt.Errorf("built-in %s: %v", b.name, err)
		}
	}
	return t, nil
}

// addCleanSharing makes every clean valid copy answer a snooped BusRd or
// BusRdX with its data, unless its row already supplies or flushes or its
// state is one that never supplies.
func addCleanSharing(t *Table, silent []string) {
	quiet := map[State]bool{}
	for _, name := range silent {
		if s, ok := t.StateNamed(name); ok {
			quiet[s] = true
		}
	}
	for i := range t.Rows {
		r := &t.Rows[i]
		if (r.On == BusRd || r.On == BusRdX) && r.From != Invalid && !t.Dirty[r.From] && !quiet[r.From] && !r.has(Supply) && !r.has(Flush) {
			r.Actions = append(append([]Action(nil), r.Actions...), Supply)
		}
	}
}

func replaceAction(r *Row, from, to Action) {
	for i, a := range r.Actions {
		if a == from {
			acts := append([]Action(nil), r.Actions...)
			acts[i] = to
			r.Actions = acts
			return
		}
	}
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}

// ParseRow reads a row written as a script writes it:
// "FROM EVENT[,EVENT...] [when C|!C] -> TO [ACTION...]". A row naming
// several events is returned as the first; use ParseRows for all of them.
func ParseRow(states []string, text string) (Row, error) {
	rows, err := ParseRows(states, text)
	if err != nil {
		return Row{}, err
	}
	return rows[0], nil
}

// ParseRows reads a row that may name several events ("S BusRdX, BusUpgr -> I")
// and returns one Row per event.
func ParseRows(states []string, text string) ([]Row, error) {
	lhs, rhs, ok := strings.Cut(text, "->")
	if !ok {
		return nil, fmt.Errorf("row %q: missing ->", text)
	}
	state := func(s string) (State, error) {
		for i, n := range states {
			if n == s {
				return State(i), nil
			}
		}
		return 0, fmt.Errorf("row %q: unknown state %s (states: %s)", text, s, strings.Join(states, " "))
	}
	left := strings.Fields(strings.ReplaceAll(lhs, ",", " , "))
	if len(left) < 2 {
		return nil, fmt.Errorf("row %q: want STATE EVENT", text)
	}
	from, err := state(left[0])
	if err != nil {
		return nil, err
	}
	var events []Event
	cond := Always
	for i := 1; i < len(left); i++ {
		w := left[i]
		switch {
		case w == ",":
		case w == "when" && i+1 < len(left):
			switch left[i+1] {
			case "C":
				cond = Shared
			case "!C":
				cond = NotShared
			default:
				return nil, fmt.Errorf("row %q: condition must be C or !C", text)
			}
			i++
		default:
			e, ok := ParseEvent(w)
			if !ok {
				return nil, fmt.Errorf("row %q: unknown event %s (events: %s)", text, w, strings.Join(EventNames(), " "))
			}
			events = append(events, e)
		}
	}
	if len(events) == 0 {
		return nil, fmt.Errorf("row %q: no event", text)
	}
	right := strings.Fields(rhs)
	if len(right) == 0 {
		return nil, fmt.Errorf("row %q: missing next state", text)
	}
	to, err := state(right[0])
	if err != nil {
		return nil, err
	}
	var acts []Action
	for _, w := range right[1:] {
		a, ok := ParseAction(w)
		if !ok {
			return nil, fmt.Errorf("row %q: unknown action %s (actions: %s)", text, w, strings.Join(ActionNames(), " "))
		}
		acts = append(acts, a)
	}
	var rows []Row
	for _, e := range events {
		rows = append(rows, Row{From: from, On: e, When: cond, To: to, Actions: acts})
	}
	return rows, nil
}
