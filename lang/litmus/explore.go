// This file connects the litmus runner to the scenario package's
// exploration of every interleaving.

package litmus

import (
	"fmt"
	"time"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/scenario"
)

// ExploreOptions bound an exploration.
type ExploreOptions struct {
	NoReduce  bool          // plain enumeration, without partial-order reduction
	MaxStates int           // 0: the explorer's default
	Timeout   time.Duration // 0: the explorer's default
	Stop      <-chan struct{}
}

// ScenarioExplorer returns the Explorer that loads a translated script
// with the scenario package and explores every interleaving of it.
func ScenarioExplorer(opt ExploreOptions) Explorer {
	return func(s *Script) (*Exploration, error) {
		sc, errs := scenario.Load(s.Name, s.Src, scenario.Overrides{})
		if len(errs) > 0 {
			return nil, fmt.Errorf("the translation of %s does not load (a bug in cohere):\n%s", s.Name, diag.Render(errs, s.Src, 5))
		}
		x, errs := sc.Explore(scenario.ExploreOptions{Observe: s.Observe, NoReduce: opt.NoReduce,
			MaxStates: opt.MaxStates, Timeout: opt.Timeout, Stop: opt.Stop})
		if len(errs) > 0 {
			return nil, fmt.Errorf("exploring %s: %v", s.Name, errs)
		}
		ex := &Exploration{States: x.States, Complete: x.Complete, Cut: x.Cut}
		for _, o := range x.Outcomes {
			ex.Outcomes = append(ex.Outcomes, Outcome{Values: o.Values, End: o.End, Witness: o.Witness})
		}
		return ex, nil
	}
}
