// This file loads the .coh programs that the interleaving, defer and
// memory-map topics write, so that their keys come from cohere's own
// pipeline, and holds the small text helpers they share.

package exam

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/cohere-sim/cohere/lang/scenario"
)

// loadTopicProgram loads a program a topic wrote. An error here is a bug in
// the topic (its programs must always load), so it carries the source.
func loadTopicProgram(name, src string) (*scenario.Scenario, error) {
	s, errs := scenario.Load(name, []byte(src), scenario.Overrides{})
	if len(errs) > 0 {
		return nil, fmt.Errorf("%s does not load: %v\n%s", name, errs, src)
	}
	return s, nil
}

// programOutput runs a program to its end and returns what it printed, one
// line each; a run that ends in an unrecovered panic adds the panic's
// first line ("panic: boom"), as the terminal would show it.
func programOutput(name, src string) ([]string, error) {
	s, err := loadTopicProgram(name, src)
	if err != nil {
		return nil, err
	}
	rep, err := s.Execute(scenario.Options{})
	if err != nil {
		return nil, err
	}
	out := append([]string(nil), rep.Result.Output...)
	if msg := rep.Result.Message; msg != "" {
		first, _, _ := strings.Cut(msg, "\n")
		if strings.HasPrefix(first, "panic: ") {
			out = append(out, first)
		} else if rep.Failed {
			return nil, fmt.Errorf("%s: %s\n%s", name, first, src)
		}
	}
	return out, nil
}

// drawOne returns one of xs.
func drawOne[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// drawBetween returns a number from lo to hi, both included.
func drawBetween(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// knobOr keeps a knob in [lo, hi], with def for zero.
func knobOr(v, def, lo, hi int) int {
	if v == 0 {
		v = def
	}
	return max(lo, min(hi, v))
}

// distinctChoices makes a multiple-choice list of the key and the distinct wrong
// answers, shuffled by r. It returns nil when no wrong answer differs
// from the key.
func distinctChoices(r *rand.Rand, key string, wrong []string) []string {
	seen := map[string]bool{key: true}
	out := []string{key}
	for _, w := range wrong {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	if len(out) < 2 {
		return nil
	}
	sort.Strings(out) // the shuffle must not depend on the order the mutations ran in
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// indentLines prefixes every line of s with a tab.
func indentLines(lines []string) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString("\t" + l + "\n")
	}
	return b.String()
}

// checkTopicKnobs refuses a knob that the topic does not use (uses names the
// ones it does, as the command's flags are named) and a number outside
// its range.
func checkTopicKnobs(topic string, k Knobs, uses []string, ranges map[string][2]int) error {
	set := []struct {
		name string
		on   bool
		v    int
	}{
		{"cores", k.Cores != 0, k.Cores}, {"ops", k.Ops != 0, k.Ops}, {"lines", k.Lines != 0, k.Lines},
		{"protocol", k.Protocol != "", 0}, {"compare", k.Compare != "", 0}, {"size", k.Size != 0, 0},
		{"line", k.Line != 0, 0}, {"ways", k.Ways != 0, 0}, {"replace", k.Replace != "", 0},
		{"variant", k.Variant != "", 0}, {"choice", k.Choice, 0},
	}
	for _, s := range set {
		if !s.on {
			continue
		}
		if !slices.Contains(uses, s.name) {
			return fmt.Errorf("%s: --%s does not apply; this topic takes --%s", topic, s.name, strings.Join(uses, ", --"))
		}
		if r, ok := ranges[s.name]; ok && (s.v < r[0] || s.v > r[1]) {
			return fmt.Errorf("%s: %s %d: use %d to %d", topic, s.name, s.v, r[0], r[1])
		}
	}
	return nil
}

// programOutputPart asks for a program's output as a table with one blank per
// line, and one spare row keyed "-" (nothing), so that the rows do not
// give the number of lines away.
func programOutputPart(lines []string, explain string) Part {
	tb := &Table{Header: []string{"line", "printed"}}
	for i, l := range append(slices.Clone(lines), "-") {
		tb.Rows = append(tb.Rows, []Cell{Given(fmt.Sprint(i + 1)), Blank(l)})
	}
	return Part{
		Prompt:  "What does the program print? Write one line per row, and - in the rows it does not reach.",
		Table:   tb,
		Explain: explain,
	}
}
