package protocol_test

import (
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/sim/protocol"
)

// msiRows are PROTOCOLS.md's MSI rows, as a script writes them.
var msiRows = []string{
	"I PrRd -> S BusRd", "I PrWr -> M BusRdX",
	"S PrRd -> S", "S PrWr -> M BusUpgr", "S BusRd -> S", "S BusRdX, BusUpgr -> I", "S Evict -> I",
	"M PrRd -> M", "M PrWr -> M", "M BusRd -> S Flush", "M BusRdX -> I Flush", "M Evict -> I WriteBack",
}

// build parses rows into a table without compiling it.
func build(t *testing.T, name, states string, rows []string) *protocol.Table {
	t.Helper()
	tb := &protocol.Table{Name: name, States: strings.Fields(states)}
	for _, text := range rows {
		rs, err := protocol.ParseRows(tb.States, text)
		if err != nil {
			t.Fatalf("ParseRows(%q): %v", text, err)
		}
		tb.Rows = append(tb.Rows, rs...)
	}
	return tb
}

// edit returns rows without those in drop, plus add.
func edit(rows, drop []string, add ...string) []string {
	var out []string
next:
	for _, r := range rows {
		for _, d := range drop {
			if r == d {
				continue next
			}
		}
		out = append(out, r)
	}
	return append(out, add...)
}

func TestCompileValid(t *testing.T) {
	tb := build(t, "MSI", "I S M", msiRows)
	if err := tb.Compile(); err != nil {
		t.Fatalf("Compile: %v", err)
	}
	if !tb.Compiled() {
		t.Error("Compiled() false after a successful Compile")
	}
	if tb.Kind() != protocol.Invalidating {
		t.Errorf("Kind() = %v, want Invalidating", tb.Kind())
	}
	// Dirty derived from the Evict rows; writable from silent PrWr.
	for s, want := range map[string][2]bool{"I": {false, true}, "S": {false, false}, "M": {true, true}} {
		st, _ := tb.StateNamed(s)
		if st == protocol.Invalid {
			continue // I's writable bit is meaningless
		}
		if tb.IsDirty(st) != want[0] || tb.Writable(st) != want[1] {
			t.Errorf("%s: dirty %v writable %v, want %v %v", s, tb.IsDirty(st), tb.Writable(st), want[0], want[1])
		}
	}
	// "S BusRdX, BusUpgr -> I" is two rows.
	s, _ := tb.StateNamed("S")
	if tb.SnoopRow(s, protocol.BusRdX) < 0 || tb.SnoopRow(s, protocol.BusUpgr) < 0 {
		t.Error("S BusRdX, BusUpgr -> I did not give two rows")
	}

	upd := build(t, "Dragonish", "I E Sc", []string{
		"I PrRd -> Sc BusRd", "I PrWr -> Sc BusRd BusUpd", "Sc PrWr -> Sc BusUpd", "Sc BusUpd -> Sc Update", "Sc Evict -> I",
	})
	if err := upd.Compile(); err != nil {
		t.Fatalf("Compile: %v", err)
	}
	if upd.Kind() != protocol.Updating {
		t.Errorf("a table issuing BusUpd: Kind() = %v, want Updating", upd.Kind())
	}

	inc := build(t, "nocoh", "I V", []string{"I PrRd -> V BusRd", "I PrWr -> V BusRd"})
	inc.Exempt = "no coherence"
	if err := inc.Compile(); err != nil {
		t.Fatalf("Compile: %v", err)
	}
	if inc.Kind() != protocol.Incoherent {
		t.Errorf("an exempt table: Kind() = %v, want Incoherent", inc.Kind())
	}
}

func TestCompileErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		table func(t *testing.T) *protocol.Table
		want  []string // fragments of the error
	}{
		{
			name: "unknown state in a row",
			table: func(t *testing.T) *protocol.Table {
				tb := build(t, "X", "I S M", msiRows)
				tb.Rows = append(tb.Rows, protocol.Row{From: 7, On: protocol.PrRd, To: 1})
				return tb
			},
			want: []string{"protocol X", "unknown state"},
		},
		{
			name: "unknown next state",
			table: func(t *testing.T) *protocol.Table {
				tb := build(t, "X", "I S M", msiRows)
				tb.Rows = append(tb.Rows, protocol.Row{From: 1, On: protocol.BusWr, To: 3})
				return tb
			},
			want: []string{"protocol X", "S BusWr", "unknown state"},
		},
		{
			name: "unknown event",
			table: func(t *testing.T) *protocol.Table {
				tb := build(t, "X", "I S M", msiRows)
				tb.Rows = append(tb.Rows, protocol.Row{From: 1, On: protocol.NumEvents, To: 1})
				return tb
			},
			want: []string{"protocol X", "unknown event"},
		},
		{
			name: "overlapping rows",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, nil, "S PrRd -> M"))
			},
			want: []string{"protocol X", `row "S PrRd -> M" overlaps row "S PrRd -> S"`},
		},
		{
			name: "a conditional row overlapping an unconditional one",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, nil, "I PrRd when C -> S BusRd"))
			},
			want: []string{`row "I PrRd when C -> S BusRd" overlaps row "I PrRd -> S BusRd"`},
		},
		{
			name: "two rows for the same condition",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, []string{"I PrRd -> S BusRd"},
					"I PrRd when C -> S BusRd", "I PrRd when !C -> S BusRd", "I PrRd when !C -> M BusRdX"))
			},
			want: []string{`row "I PrRd when !C -> M BusRdX" overlaps row "I PrRd when !C -> S BusRd"`},
		},
		{
			name: "a snoop row with a condition",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, []string{"S BusRd -> S"}, "S BusRd when C -> S"))
			},
			want: []string{`row "S BusRd when C -> S"`, "snooped transaction cannot have a condition"},
		},
		{
			name: "a snoop row issuing a bus transaction",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, []string{"M BusRd -> S Flush"}, "M BusRd -> S Flush BusWr"))
			},
			want: []string{`row "M BusRd -> S Flush BusWr"`, "snooping cache cannot BusWr"},
		},
		{
			name: "a snoop row writing back",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, []string{"M BusRdX -> I Flush"}, "M BusRdX -> I WriteBack"))
			},
			want: []string{`row "M BusRdX -> I WriteBack"`, "snooping cache cannot WriteBack"},
		},
		{
			name: "an Evict row not ending in the invalid state",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, []string{"M Evict -> I WriteBack"}, "M Evict -> S WriteBack"))
			},
			want: []string{`row "M Evict -> S WriteBack"`, "eviction must end in the invalid state I"},
		},
		{
			name: "an Evict row that flushes",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, []string{"M Evict -> I WriteBack"}, "M Evict -> I Flush"))
			},
			want: []string{`row "M Evict -> I Flush"`, "eviction can only WriteBack, not Flush"},
		},
		{
			name: "a processor row that flushes",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, []string{"M PrWr -> M"}, "M PrWr -> M Flush"))
			},
			want: []string{`row "M PrWr -> M Flush"`, "processor request can only issue bus transactions, not Flush"},
		},
		{
			name: "the invalid state snooping",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, nil, "I BusRd -> I"))
			},
			want: []string{`row "I BusRd -> I"`, "invalid state I only reacts to processor requests"},
		},
		{
			name: "missing I PrRd",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, []string{"I PrRd -> S BusRd"}))
			},
			want: []string{"protocol X", "no row for I PrRd"},
		},
		{
			name: "missing I PrWr",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, []string{"I PrWr -> M BusRdX"}))
			},
			want: []string{"protocol X", "no row for I PrWr"},
		},
		{
			name: "I PrRd only when C",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, []string{"I PrRd -> S BusRd"}, "I PrRd when C -> S BusRd"))
			},
			want: []string{"no row for I PrRd"},
		},
		{
			name: "missing both I rows",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M", edit(msiRows, []string{"I PrRd -> S BusRd", "I PrWr -> M BusRdX"}))
			},
			want: []string{"no row for I PrRd", "no row for I PrWr"},
		},
		{
			name: "one state",
			table: func(t *testing.T) *protocol.Table {
				return &protocol.Table{Name: "X", States: []string{"I"}}
			},
			want: []string{"protocol X", "at least two states"},
		},
		{
			name: "a state declared twice",
			table: func(t *testing.T) *protocol.Table {
				return build(t, "X", "I S M S", msiRows)
			},
			want: []string{"protocol X", "state S declared twice"},
		},
		{
			name: "too many states",
			table: func(t *testing.T) *protocol.Table {
				var st []string
				for i := 0; i < protocol.MaxStates+1; i++ {
					st = append(st, string(rune('A'+i)))
				}
				return &protocol.Table{Name: "X", States: st}
			},
			want: []string{"protocol X", "17 states, at most 16"},
		},
		{
			name: "dirty marks of the wrong length",
			table: func(t *testing.T) *protocol.Table {
				tb := build(t, "X", "I S M", msiRows)
				tb.Dirty = []bool{false, true}
				return tb
			},
			want: []string{"protocol X", "dirty marks 2 states, the table has 3"},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			tb := c.table(t)
			err := tb.Compile()
			if err == nil {
				t.Fatal("Compile accepted the table")
			}
			for _, f := range c.want {
				if !strings.Contains(err.Error(), f) {
					t.Errorf("error %q does not contain %q", err, f)
				}
			}
			if tb.Compiled() {
				t.Error("Compiled() true after a failed Compile")
			}
		})
	}
}

// TestCompileReportsEveryProblem: one error line per problem.
func TestCompileReportsEveryProblem(t *testing.T) {
	tb := build(t, "X", "I S M", edit(msiRows, []string{"S BusRd -> S", "M Evict -> I WriteBack"},
		"S BusRd when !C -> S", "M Evict -> M WriteBack", "M PrRd -> S"))
	err := tb.Compile()
	if err == nil {
		t.Fatal("Compile accepted the table")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 3 {
		t.Errorf("%d error lines, want 3:\n%s", len(lines), err)
	}
}

func TestBuiltinsCompile(t *testing.T) {
	want := []string{"none", "WT", "WTI", "MSI", "MESI", "MOESI", "MESIF", "Dragon", "Firefly"}
	if got := protocol.Names(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	kinds := map[string]protocol.Kind{
		"none": protocol.Incoherent, "WT": protocol.Incoherent, "WTI": protocol.Invalidating,
		"MSI": protocol.Invalidating, "MESI": protocol.Invalidating, "MOESI": protocol.Invalidating,
		"MESIF": protocol.Invalidating, "Dragon": protocol.Updating, "Firefly": protocol.Updating,
	}
	for _, n := range want {
		for _, s := range []protocol.Settings{
			protocol.DefaultSettings(), {}, {Upgrade: true, CleanSharing: true, Allocate: true},
		} {
			tb, err := protocol.Builtin(n, s)
			if err != nil {
				t.Errorf("Builtin(%s, %+v): %v", n, s, err)
				continue
			}
			if tb.Kind() != kinds[n] {
				t.Errorf("%s: Kind() = %v, want %v", n, tb.Kind(), kinds[n])
			}
			if (tb.Exempt != "") != (n == "none" || n == "WT") {
				t.Errorf("%s: Exempt = %q", n, tb.Exempt)
			}
		}
	}
	if _, err := protocol.Builtin("MOSI", protocol.DefaultSettings()); err == nil ||
		!strings.Contains(err.Error(), "none, WT, WTI, MSI, MESI, MOESI, MESIF, Dragon, Firefly") {
		t.Errorf("Builtin(MOSI): %v", err)
	}
}

func TestParseRowsErrors(t *testing.T) {
	states := []string{"I", "S", "M"}
	for _, c := range []struct{ text, want string }{
		{"I PrRd S BusRd", "missing ->"},
		{"X PrRd -> S", "unknown state X"},
		{"I PrRd -> X", "unknown state X"},
		{"I PrRead -> S", "unknown event PrRead"},
		{"I PrRd -> S Fetch", "unknown action Fetch"},
		{"I PrRd when D -> S", "condition must be C or !C"},
		{"I -> S", "want STATE EVENT"},
		{"I PrRd ->", "missing next state"},
	} {
		if _, err := protocol.ParseRows(states, c.text); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ParseRows(%q) = %v, want an error containing %q", c.text, err, c.want)
		}
	}
}

// TestRecompileFailure: a table that compiled once, then gained a bad row,
// must not still claim to be compiled when Compile fails (the engine
// skips Compile for a table that says it is compiled).
func TestRecompileFailure(t *testing.T) {
	tb := build(t, "X", "I S M", msiRows)
	if err := tb.Compile(); err != nil {
		t.Fatal(err)
	}
	extra, err := protocol.ParseRows(tb.States, "S PrRd -> M")
	if err != nil {
		t.Fatal(err)
	}
	tb.Rows = append(tb.Rows, extra...)
	if err := tb.Compile(); err == nil || !strings.Contains(err.Error(), "overlaps") {
		t.Fatalf("Compile after adding an overlapping row: %v", err)
	}
	if tb.Compiled() {
		t.Error("Compiled() is still true after the second Compile failed")
	}
}

// TestOwns: the owner states of the built-in tables, in either clean
// sharing setting.
func TestOwns(t *testing.T) {
	want := map[string]string{"none": "", "WT": "", "WTI": "", "MSI": "", "MESI": "", "MOESI": "O", "MESIF": "F", "Dragon": "Sm", "Firefly": ""}
	for _, name := range protocol.Names() {
		for _, clean := range []bool{false, true} {
			tb, err := protocol.Builtin(name, protocol.Settings{Upgrade: true, CleanSharing: clean})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for s := range tb.States {
				if tb.Owns(protocol.State(s)) {
					got = append(got, tb.States[s])
				}
			}
			if strings.Join(got, " ") != want[name] {
				t.Errorf("%s (clean sharing %v): owner states %q, want %q", name, clean, got, want[name])
			}
		}
	}
}
