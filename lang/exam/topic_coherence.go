// This file is the coherence topic (not built yet).

package exam

import "errors"

type coherenceTopic struct{}

func (coherenceTopic) Name() string { return "coherence" }
func (coherenceTopic) Summary() string {
	return "states, bus transactions and data of a sequence of reads and writes under a protocol"
}

func (coherenceTopic) Generate(g *Gen) (*Problem, error) {
	return nil, errors.New("the coherence topic is not built yet")
}
