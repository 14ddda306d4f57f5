// This file is the memory-map topic (not built yet).

package exam

import "errors"

type memoryMapTopic struct{}

func (memoryMapTopic) Name() string { return "memory-map" }
func (memoryMapTopic) Summary() string {
	return "where each variable lives, which way regions grow, and addresses"
}

func (memoryMapTopic) Generate(g *Gen) (*Problem, error) {
	return nil, errors.New("the memory-map topic is not built yet")
}
