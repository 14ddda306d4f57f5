// Package exam generates exam problems with answer keys. Every answer is
// computed by cohere itself: coherence and cache problems run their
// access sequences through the engine (sim), interleaving problems
// through the explorer, defer problems through the interpreter, memory
// map problems through the layout. A problem is data (Problem); the
// formats (Markdown, LaTeX, Moodle XML, PrairieLearn, JSON) only render
// it. The same topic, seed and index give the same problem, byte for
// byte.
package exam

// This file defines problems, topics and the generator's entry point.

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"strings"

	"github.com/cohere-sim/cohere/sim/spell"
)

// Problem is one exam problem with its key.
type Problem struct {
	ID    string // topic-seed-index: stable, unique within a generation
	Topic string
	Seed  uint64
	Index int
	Knobs Knobs // the knobs it was made with (zero: the defaults)
	Title string
	// Intro states the problem: the setup and every convention that makes
	// its answer unique (protocol variant, write policy, initial states,
	// atomicity, latencies). Paragraphs are separated by blank lines;
	// `code` spans are allowed.
	Intro string
	Code  string // a program or an access sequence, shown verbatim (may be empty)
	Parts []Part
}

// Part is one question of a problem.
type Part struct {
	Prompt  string
	Table   *Table   // a table to fill in (its blank cells are the key)
	Choices []string // multiple choice: Answer is one of them
	Answer  string   // the key of a short-answer or multiple-choice part
	Explain string   // how the key follows, shown with the answers
}

// Table is a grid whose blank cells the student fills in.
type Table struct {
	Header []string
	Rows   [][]Cell
}

// Cell is one cell: given text, or a blank whose answer is Text.
type Cell struct {
	Text  string
	Blank bool
}

// Given is a cell shown as it is.
func Given(s string) Cell { return Cell{Text: s} }

// Blank is a cell to fill in, with its answer.
func Blank(answer string) Cell { return Cell{Text: answer, Blank: true} }

// Knobs are the difficulty settings; zero means the topic's default.
type Knobs struct {
	Cores    int    // processors
	Ops      int    // accesses or operations
	Lines    int    // distinct lines (addresses, variables)
	Protocol string // a coherence protocol
	Compare  string // a second protocol, for comparison variants
	Size     int    // cache size in bytes
	Line     int    // line size in bytes
	Ways     int    // associativity (-1: fully associative)
	Replace  string // lru or fifo
	Variant  string // a topic's variant, such as table, count, compare
	Choice   bool   // multiple choice where the topic has it
}

// Gen is what a topic gets to make one problem: its own random stream
// (from the topic, the seed and the problem's index) and the knobs.
type Gen struct {
	Rand  *rand.Rand
	Topic string
	Seed  uint64
	Index int
	Knobs Knobs
}

// Topic makes problems of one kind.
type Topic interface {
	Name() string
	Summary() string
	Generate(g *Gen) (*Problem, error)
}

// Options say what to generate.
type Options struct {
	Topic string
	Seed  uint64
	Count int // problems (default 1)
	Knobs Knobs
}

// Generate makes opt.Count problems of a topic. Each problem is made from
// its own stream, so problem i is the same whatever the count.
func Generate(opt Options) ([]*Problem, error) {
	t, err := TopicNamed(opt.Topic)
	if err != nil {
		return nil, err
	}
	n := opt.Count
	if n <= 0 {
		n = 1
	}
	out := make([]*Problem, 0, n)
	for i := 0; i < n; i++ {
		g := NewGen(t.Name(), opt.Seed, i, opt.Knobs)
		p, err := t.Generate(g)
		if err != nil {
			return nil, fmt.Errorf("%s problem %d (seed %d): %w", t.Name(), i+1, opt.Seed, err)
		}
		p.Topic, p.Seed, p.Index, p.Knobs = t.Name(), opt.Seed, i, opt.Knobs
		p.ID = fmt.Sprintf("%s-%d-%d", t.Name(), opt.Seed, i+1)
		out = append(out, p)
	}
	return out, nil
}

// NewGen seeds problem index of a topic: the stream depends on the three
// and on nothing else.
func NewGen(topic string, seed uint64, index int, k Knobs) *Gen {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d/%d", topic, seed, index)
	s := h.Sum64()
	return &Gen{Rand: rand.New(rand.NewPCG(s, s^0x9E3779B97F4A7C15)), Topic: topic, Seed: seed, Index: index, Knobs: k}
}

// TopicNamed finds a topic, or says which there are.
func TopicNamed(name string) (Topic, error) {
	var names []string
	for _, t := range Topics() {
		if t.Name() == name {
			return t, nil
		}
		names = append(names, t.Name())
	}
	sort.Strings(names)
	return nil, fmt.Errorf("no topic %q%s: the topics are %s", name, spell.Hint(name, names), strings.Join(names, ", "))
}

// Topics lists the topics.
func Topics() []Topic {
	return []Topic{coherenceTopic{}, cacheTopic{}, falseSharingTopic{}, interleavingTopic{}, deferTopic{}, memoryMapTopic{}}
}
