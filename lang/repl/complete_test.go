// This file checks completion at the prompt: the words offered depend on
// the words before.

package repl_test

import (
	"io"
	"slices"
	"testing"

	"github.com/cohere-sim/cohere/lang/repl"
)

func TestComplete(t *testing.T) {
	t.Chdir(repoRoot)
	s := repl.New(repl.Options{Out: io.Discard})
	if err := s.Load("examples/false-sharing.coh"); err != nil {
		t.Fatal(err)
	}
	commands := repl.CommandNames()
	slices.Sort(commands)
	tests := []struct {
		line string
		want []string
		bug  string // why the want is not what the REPL offers today
	}{
		{"s", []string{"set", "show", "step"}, ""},
		{"st", []string{"step"}, ""},
		{"co", []string{"continue", "counts"}, ""},
		{"help ", commands, ""},
		{"show ", []string{"buffers", "bus", "cache", "caches", "line", "map", "memory", "protocol", "races", "stats", "threads"}, ""},
		{"show c", []string{"cache", "caches"}, ""},
		{"explore ", []string{"access", "statement"}, ""},
		{"show cache ", []string{"P0", "P1"}, ""},
		{"show protocol MO", []string{"MOESI"}, ""},
		{"set ", []string{"cores", "protocol", "schedule", "seed"}, ""},
		{"set protocol Dr", []string{"Dragon"}, ""},
		{"next ", []string{"worker[0]", "worker[1]"}, ""},
		{"next worker[1", []string{"worker[1]"}, ""},
		{"break ", []string{"bus", "counts", "state"}, ""},
		{"break bus BusU", []string{"BusUpd", "BusUpgr"}, ""},
		{"break state counts ", []string{"E", "I", "M", "S"}, ""},
		{"break state ", []string{"counts"}, "break state VAR: only variables, not cores and threads"},
		{"show line ", []string{"counts"}, "show line VAR: only variables, not cores and threads"},
		{"clear ", nil, "clear N takes a breakpoint's number: no variables, cores or threads"},
	}
	for _, tt := range tests {
		got := s.Complete(tt.line)
		if !slices.Equal(got, tt.want) {
			if tt.bug != "" {
				t.Errorf("BUG: Complete(%q) = %q, want %q (%s)", tt.line, got, tt.want, tt.bug)
			} else {
				t.Errorf("Complete(%q) = %q, want %q", tt.line, got, tt.want)
			}
		}
	}
}
