package spell

import "testing"

func TestNearest(t *testing.T) {
	names := []string{"MSI", "MESI", "MOESI", "MESIF", "Dragon", "Firefly", "none", "WT", "WTI"}
	for _, tc := range []struct{ in, want string }{
		{"MES", "MESI"},
		{"mesi", "MESI"},
		{"dragn", "Dragon"},
		{"fireflie", "Firefly"},
		{"MOSI", "MSI"},
		{"xyzzy", ""},
		{"x", ""},
		{"ms", ""},
		{"", ""},
	} {
		if got := Nearest(tc.in, names); got != tc.want {
			t.Errorf("Nearest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := Hint("trce", []string{"trace", "run"}); got != " (did you mean trace?)" {
		t.Errorf("Hint = %q", got)
	}
}

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"mesi", "mesif", 1}, {"corse", "cores", 1}, {"ab", "ba", 1}} {
		if got := distance(tc.a, tc.b); got != tc.d {
			t.Errorf("distance(%q,%q) = %d, want %d", tc.a, tc.b, got, tc.d)
		}
	}
}
