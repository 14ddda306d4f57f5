package setup

import (
	"reflect"
	"testing"

	"github.com/cohere-sim/cohere/sim/protocol"
)

// DESIGN.md's MyMESI.
var myMESI = []string{
	"I PrRd when !C -> E BusRd",
	"I PrRd when C  -> S BusRd",
	"I PrWr -> M BusRdX",
	"E PrWr -> M",
	"E BusRd -> S",
	"S PrWr -> M BusUpgr",
	"S BusRdX, BusUpgr -> I",
	"M BusRd -> S Flush",
	"M BusRdX -> I Flush",
	"M Evict -> I WriteBack",
}

func TestProtocol(t *testing.T) {
	tab, errs := Protocol(protocolDecl("MyMESI", "I E S M", "M", myMESI...))
	checkErrs(t, "MyMESI", errs, "")
	if tab == nil || !tab.Compiled() {
		t.Fatal("no compiled table")
	}
	if tab.Name != "MyMESI" || !reflect.DeepEqual(tab.States, []string{"I", "E", "S", "M"}) {
		t.Errorf("table %s %v", tab.Name, tab.States)
	}
	var rows []string
	for i := range tab.Rows {
		rows = append(rows, tab.RowString(i))
	}
	want := []string{
		"I PrRd when !C -> E BusRd", "I PrRd when C -> S BusRd", "I PrWr -> M BusRdX",
		"E PrWr -> M", "E BusRd -> S", "S PrWr -> M BusUpgr",
		"S BusRdX -> I", "S BusUpgr -> I", // one row, two events
		"M BusRd -> S Flush", "M BusRdX -> I Flush", "M Evict -> I WriteBack",
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows\n got %q\nwant %q", rows, want)
	}
	if !reflect.DeepEqual(tab.Dirty, []bool{false, false, false, true}) {
		t.Errorf("dirty %v", tab.Dirty)
	}
	if tab.Kind() != protocol.Invalidating {
		t.Errorf("kind %v", tab.Kind())
	}
	// A script table runs in the engine.
	m, errs := Machine(machine("protocol MyMESI"), map[string]*protocol.Table{"MyMESI": tab})
	checkErrs(t, "machine", errs, "")
	if _, _, err := m.Sim.Validate(); err != nil {
		t.Error(err)
	}

	// Without a dirty line, the states whose Evict writes back are dirty.
	tab, errs = Protocol(protocolDecl("P", "I E S M", "", myMESI...))
	checkErrs(t, "no dirty line", errs, "")
	if !reflect.DeepEqual(tab.Dirty, []bool{false, false, false, true}) {
		t.Errorf("default dirty %v", tab.Dirty)
	}
	// An update protocol.
	tab, errs = Protocol(protocolDecl("Upd", "I V", "", "I PrRd -> V BusRd", "I PrWr -> V BusRd BusUpd", "V PrWr -> V BusUpd", "V BusUpd -> V Update"))
	checkErrs(t, "update", errs, "")
	if tab.Kind() != protocol.Updating {
		t.Errorf("kind %v", tab.Kind())
	}
}

func TestProtocolErrors(t *testing.T) {
	const events = "the events are PrRd PrWr Evict BusRd BusRdX BusUpgr BusUpd BusWr"
	const actions = "the actions are BusRd BusRdX BusUpgr BusUpd BusWr Flush Supply WriteBack Update"
	const msi = "protocol P declares the states I S M"
	base := []string{"I PrRd -> S BusRd", "I PrWr -> M BusRdX"}
	for _, tc := range []struct {
		name, states, dirty string
		rows                []string
		want                string
	}{
		{"state", "I S M", "", append(base, "s PrWr -> M BusUpgr", "S PrWr -> Q BusUpgr"),
			"t.coh:5:5: undefined state: s (did you mean S?); " + msi + "\n" +
				"t.coh:6:15: undefined state: Q; " + msi},
		{"event", "I S M", "", append(base, "S PrRead, BusRdx -> S"),
			"t.coh:5:7: undefined event: PrRead (did you mean PrRd?); " + events + "\n" +
				"t.coh:5:15: undefined event: BusRdx (did you mean BusRdX?); " + events},
		{"action", "I S M", "", append(base, "M BusRd -> S Flsh"),
			"t.coh:5:18: undefined action: Flsh (did you mean Flush?); " + actions},
		{"condition", "I S M", "", append(base, "S PrWr when D -> M BusUpgr"),
			"t.coh:5:17: a row's condition is `when C` (another cache holds the line) or `when !C`, not `when D`"},
		{"row shape", "I S M", "", append(base, "S PrWr"),
			"t.coh:5:5: a protocol row is FROM EVENT[, EVENT...] [when C|!C] -> TO [ACTION...], as in `S PrWr -> M BusUpgr`"},
		{"duplicate state", "I S M S", "", base,
			"t.coh:2:18: state S is declared twice in protocol P (first on line 2): keep one"},
		{"one state", "I", "", nil,
			"t.coh:2:12: protocol P needs at least two states, the invalid one first: write a line such as `states I S M`"},
		{"no states", "", "", base,
			"t.coh:1:10: protocol P needs at least two states, the invalid one first: write a line such as `states I S M`"},
		{"too many states", "I A B C D E F G H J K L M N O P Q", "", nil,
			"t.coh:2:44: protocol P declares more than 16 states: at most 16 are allowed"},
		{"dirty", "I S M", "I M Q M", base,
			"t.coh:5:11: the invalid state I cannot be dirty: a cache in it holds no data\n" +
				"t.coh:5:15: undefined state: Q; " + msi + "\n" +
				"t.coh:5:17: state M is listed twice on the dirty line"},
		// What Compile finds, each at the word concerned.
		{"processor flush", "I S M", "", append(base, "S PrWr -> M Flush"),
			`t.coh:5:17: protocol P: row "S PrWr -> M Flush": a processor request can only issue bus transactions, not Flush`},
		{"eviction", "I S M", "", append(base, "M Evict -> S WriteBack", "S Evict -> I BusRd"),
			`t.coh:5:16: protocol P: row "M Evict -> S WriteBack": an eviction must end in the invalid state I` + "\n" +
				`t.coh:6:18: protocol P: row "S Evict -> I BusRd": an eviction can only WriteBack, not BusRd`},
		{"snoop", "I S M", "", append(base, "M BusRd when C -> S Flush", "M BusRdX -> I BusRd"),
			`t.coh:5:18: protocol P: row "M BusRd when C -> S Flush": a snooped transaction cannot have a condition on C` + "\n" +
				`t.coh:6:19: protocol P: row "M BusRdX -> I BusRd": a snooping cache cannot BusRd on the atomic bus`},
		{"invalid snoops", "I S M", "", append(base, "I BusRd -> I"),
			`t.coh:5:7: protocol P: row "I BusRd -> I": the invalid state I only reacts to processor requests`},
		{"overlap", "I S M", "", append(base, "S BusRdX, BusUpgr -> I", "S BusUpgr -> M"),
			`t.coh:6:7: protocol P: row "S BusUpgr -> M" overlaps row "S BusUpgr -> I"`},
		{"same row twice", "I S M", "", append(base, "M BusRd -> S Flush", "S PrRd -> S", "M BusRd -> S Flush"),
			`t.coh:7:7: protocol P: row "M BusRd -> S Flush" overlaps row "M BusRd -> S Flush"`},
		{"no miss row", "I S M", "", []string{"I PrRd -> S BusRd"},
			"t.coh:1:10: protocol P: no row for I PrWr (a miss must do something)"},
		{"half a miss row", "I S M", "", []string{"I PrRd -> S BusRd", "I PrWr when C -> M BusRdX"},
			"t.coh:4:7: protocol P: no row for I PrWr (a miss must do something)"},
	} {
		tab, errs := Protocol(protocolDecl("P", tc.states, tc.dirty, tc.rows...))
		checkErrs(t, tc.name, errs, tc.want)
		if tab != nil {
			t.Errorf("%s: a table despite errors", tc.name)
		}
	}
}
