// This file is the interleaving topic (not built yet).

package exam

import "errors"

type interleavingTopic struct{}

func (interleavingTopic) Name() string    { return "interleaving" }
func (interleavingTopic) Summary() string { return "every outcome of small thread programs" }

func (interleavingTopic) Generate(g *Gen) (*Problem, error) {
	return nil, errors.New("the interleaving topic is not built yet")
}
