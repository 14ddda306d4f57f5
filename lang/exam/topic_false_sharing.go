// This file is the false-sharing topic (not built yet).

package exam

import "errors"

type falseSharingTopic struct{}

func (falseSharingTopic) Name() string { return "false-sharing" }
func (falseSharingTopic) Summary() string {
	return "which accesses share a line, the coherence misses, and the padding that fixes it"
}

func (falseSharingTopic) Generate(g *Gen) (*Problem, error) {
	return nil, errors.New("the false-sharing topic is not built yet")
}
