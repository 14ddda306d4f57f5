// This file shows the race detector's reports: a line for each as the
// step that found it is shown, and the whole reports with `show races`.

package repl

import (
	"fmt"

	"github.com/cohere-sim/cohere/lang/interp"
)

// showNewRaces says, in a line each, which races the steps just taken
// found; show races prints the reports.
func (s *Session) showNewRaces() {
	races := s.vm.Races()
	for _, r := range races[min(s.racesShown, len(races)):] {
		a, p := r.Access, r.Previous
		name := a.Var
		if name == "" {
			name = fmt.Sprintf("%#x", a.Addr)
		}
		s.printf("data race on %s: %s's %s at line %d and %s's %s at line %d (show races)\n",
			name, a.Thread.Name, a.Kind, line(a), p.Thread.Name, p.Kind, line(p))
	}
	s.racesShown = len(races)
}

func line(a interp.RaceAccess) int {
	if len(a.Frames) == 0 {
		return 0
	}
	return a.Frames[0].Pos.Line
}

// showRaces prints every report of the run so far, in Go's format.
func (s *Session) showRaces() {
	races := s.vm.Races()
	if len(races) == 0 {
		s.printf("no data races so far (step %d)\n", len(s.choices))
		return
	}
	for _, r := range races {
		s.printf("%s", r)
	}
	n := len(races)
	if n == 1 {
		s.printf("1 data race so far (step %d)\n", len(s.choices))
		return
	}
	s.printf("%d data races so far (step %d)\n", n, len(s.choices))
}
