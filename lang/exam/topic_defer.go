// This file is the defer topic (not built yet).

package exam

import "errors"

type deferTopic struct{}

func (deferTopic) Name() string { return "defer" }
func (deferTopic) Summary() string {
	return "what a Go-style program with defer, panic and recover prints"
}

func (deferTopic) Generate(g *Gen) (*Problem, error) {
	return nil, errors.New("the defer topic is not built yet")
}
