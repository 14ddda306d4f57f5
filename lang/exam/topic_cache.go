// This file is the cache topic (not built yet).

package exam

import "errors"

type cacheTopic struct{}

func (cacheTopic) Name() string    { return "cache" }
func (cacheTopic) Summary() string { return "address breakdown and hit, miss or eviction per access" }

func (cacheTopic) Generate(g *Gen) (*Problem, error) {
	return nil, errors.New("the cache topic is not built yet")
}
