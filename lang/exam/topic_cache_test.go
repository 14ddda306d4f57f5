// This file tests the cache topic: every key re-derived from the problem's
// text by arithmetic and an independent LRU/FIFO set model, goldens,
// reproducibility and knob errors.

package exam

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var cacheIntroRE = regexp.MustCompile(`a (\d+)-byte cache with (\d+)-byte lines, (direct-mapped|fully associative|(\d+)-way set associative)(?:, with (LRU|FIFO) replacement)?\.`)

// refSetCache is a set-associative cache of line numbers: each set a list
// ordered oldest first (by last use for LRU, by fill for FIFO).
type refSetCache struct {
	sets [][]uint64
	ways int
	lru  bool
}

// access returns whether line ln hit and the line it evicted (or -1).
func (c *refSetCache) access(ln uint64) (bool, int64) {
	s := &c.sets[ln%uint64(len(c.sets))]
	if i := slices.Index(*s, ln); i >= 0 {
		if c.lru {
			*s = append(slices.Delete(*s, i, i+1), ln)
		}
		return true, -1
	}
	victim := int64(-1)
	if len(*s) == c.ways {
		victim = int64((*s)[0])
		*s = (*s)[1:]
	}
	*s = append(*s, ln)
	return false, victim
}

func checkCacheKey(t *testing.T, p *Problem) {
	t.Helper()
	m := cacheIntroRE.FindStringSubmatch(p.Intro)
	if m == nil {
		t.Fatalf("%s: cannot read the cache from the intro:\n%s", p.ID, p.Intro)
	}
	size, _ := strconv.Atoi(m[1])
	line, _ := strconv.Atoi(m[2])
	lines := size / line
	ways := lines
	switch {
	case m[3] == "direct-mapped":
		ways = 1
	case m[4] != "":
		ways, _ = strconv.Atoi(m[4])
	}
	sets := lines / ways
	offBits, idxBits := 0, 0
	for 1<<offBits < line {
		offBits++
	}
	for 1<<idxBits < sets {
		idxBits++
	}
	c := &refSetCache{sets: make([][]uint64, sets), ways: ways, lru: m[5] == "LRU"}
	var addrs []uint64
	for _, f := range strings.Fields(p.Code) {
		a, err := strconv.ParseUint(f, 0, 64)
		if err != nil {
			t.Fatal(err)
		}
		addrs = append(addrs, a)
	}
	type row struct{ tag, set, hit, evicted string }
	var want []row
	miss := 0
	for _, a := range addrs {
		ln := a / uint64(line)
		hit, v := c.access(ln)
		r := row{tag: fmt.Sprintf("0x%x", a>>(offBits+idxBits)), set: strconv.FormatUint(ln%uint64(sets), 10), hit: "hit", evicted: "—"}
		if !hit {
			r.hit = "miss"
			miss++
		}
		if v >= 0 {
			r.evicted = fmt.Sprintf("0x%04x", uint64(v)*uint64(line))
		}
		want = append(want, r)
	}
	for _, part := range p.Parts {
		switch {
		case strings.HasPrefix(part.Prompt, "How does the cache split"):
			exp := []int{offBits, idxBits, 16 - offBits - idxBits, sets}
			for i, r := range part.Table.Rows {
				if r[1].Text != strconv.Itoa(exp[i]) {
					t.Errorf("%s: %s: key %s, reference %d", p.ID, r[0].Text, r[1].Text, exp[i])
				}
			}
		case strings.HasPrefix(part.Prompt, "For each access"):
			for i, r := range part.Table.Rows {
				got := row{r[2].Text, r[3].Text, r[4].Text, r[5].Text}
				if got != want[i] || r[1].Text != fmt.Sprintf("0x%04x", addrs[i]) {
					t.Errorf("%s access %d (%s): key %+v, reference %+v\n%s", p.ID, i+1, r[1].Text, got, want[i], p.Intro)
				}
			}
		case strings.HasPrefix(part.Prompt, "How many of the"):
			if part.Answer != strconv.Itoa(miss) {
				t.Errorf("%s: misses: key %s, reference %d", p.ID, part.Answer, miss)
			}
			if !slices.Contains(part.Choices, part.Answer) || len(part.Choices) < 3 {
				t.Errorf("%s: choices %q, answer %q", p.ID, part.Choices, part.Answer)
			}
		default:
			t.Fatalf("%s: a part the test does not know: %q", p.ID, part.Prompt)
		}
	}
}

func TestCacheKeysAgainstReference(t *testing.T) {
	knobs := []Knobs{{}, {Choice: true}, {Ways: -1}, {Ways: 1, Replace: "fifo"}, {Ways: 2, Line: 8, Size: 64},
		{Ways: 4, Replace: "lru", Ops: 20}, {Size: 1024, Line: 64, Ways: 8, Ops: 30}, {Ways: -1, Size: 128, Line: 16, Ops: 24, Choice: true}}
	n := 0
	for _, k := range knobs {
		ps, err := Generate(Options{Topic: "cache", Seed: 4, Count: 40, Knobs: k})
		if err != nil {
			t.Fatalf("%+v: %v", k, err)
		}
		for _, p := range ps {
			checkCacheKey(t, p)
			n++
		}
	}
	t.Logf("%d problems re-derived", n)
}

func TestCacheEveryProblemEvicts(t *testing.T) {
	ps, err := Generate(Options{Topic: "cache", Seed: 8, Count: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		d := topicDump(p)
		if !strings.Contains(d, "[hit]") || !strings.Contains(d, "evicts") {
			t.Errorf("%s: no hit or no eviction:\n%s", p.ID, d)
		}
	}
}

func TestCacheKnobErrors(t *testing.T) {
	for _, k := range []Knobs{{Line: 24}, {Ways: -2}, {Size: 100, Line: 16}, {Replace: "random"}, {Size: 96, Line: 16, Ways: 2}, {Ops: 1}} {
		if _, err := Generate(Options{Topic: "cache", Seed: 1, Knobs: k}); err == nil {
			t.Errorf("%+v: no error", k)
		} else if !strings.HasPrefix(err.Error(), "cache") {
			t.Errorf("%+v: %v", k, err)
		}
	}
}

func TestCacheGolden(t *testing.T) {
	checkTopicGolden(t, "cache", []topicGolden{
		{"cache", 1, 3, Knobs{}, 0},
		{"cache-choice", 1, 2, Knobs{Choice: true}, 0},
	})
}

func TestCacheReproducible(t *testing.T) {
	checkTopicReproducible(t, "cache", []Knobs{{}, {Choice: true}})
}
