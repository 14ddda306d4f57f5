// This file is the cache topic: one processor's cache mechanics. The
// student splits addresses into tag, set index and offset for a given
// size, line and associativity, then says for each access of a
// conflict-heavy sequence whether it hits or misses and which line it
// evicts. The key comes from the engine with one core.

package exam

import (
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/cohere-sim/cohere/sim"
)

type cacheTopic struct{}

func (cacheTopic) Name() string    { return "cache" }
func (cacheTopic) Summary() string { return "address breakdown and hit, miss or eviction per access" }

// cacheAddrBits is the width of the topic's addresses.
const cacheAddrBits = 16

// cacheGeo is a cache shape with its policy.
type cacheGeo struct {
	Size, Line int
	Ways       int // -1: fully associative
	Replace    sim.Replacement
}

func (c cacheGeo) lines() int { return c.Size / c.Line }

func (c cacheGeo) ways() int {
	if c.Ways < 0 {
		return c.lines()
	}
	return c.Ways
}

func (c cacheGeo) sets() int { return c.lines() / c.ways() }

func (c cacheGeo) offsetBits() int { return bits.TrailingZeros(uint(c.Line)) }
func (c cacheGeo) indexBits() int  { return bits.TrailingZeros(uint(c.sets())) }
func (c cacheGeo) tagBits() int    { return cacheAddrBits - c.indexBits() - c.offsetBits() }

// shape says the associativity in words.
func (c cacheGeo) shape() string {
	switch {
	case c.Ways < 0 || c.ways() == c.lines():
		return "fully associative"
	case c.Ways == 1:
		return "direct-mapped"
	}
	return fmt.Sprintf("%d-way set associative", c.Ways)
}

func (c cacheGeo) policy() string { return strings.ToUpper(c.Replace.String()) }

// cacheStep is one access as the engine ran it.
type cacheStep struct {
	Hit     bool
	Evicted string // the victim's line address in hex, or "—"
}

// runCache runs the addresses through a one-core machine of shape c.
func runCache(c cacheGeo, addrs []uint64) ([]cacheStep, error) {
	cfg := sim.DefaultConfig()
	cfg.Cores = 1
	cfg.Size, cfg.Line, cfg.Replace = c.Size, c.Line, c.Replace
	cfg.Ways = c.ways()
	m, err := sim.New(cfg)
	if err != nil {
		return nil, err
	}
	out := make([]cacheStep, 0, len(addrs))
	m.Observe(sim.ObserverFunc(func(_ *sim.Machine, e *sim.Event) {
		st := cacheStep{Hit: e.Hit, Evicted: "—"}
		if e.Victim.Valid {
			st.Evicted = hex16(e.Victim.Line)
		}
		out = append(out, st)
	}))
	for _, a := range addrs {
		m.Access(0, sim.Read, a)
	}
	return out, nil
}

func hex16(a uint64) string { return fmt.Sprintf("0x%04x", a) }

func hitText(h bool) string {
	if h {
		return "hit"
	}
	return "miss"
}

func (cacheTopic) Generate(g *Gen) (*Problem, error) {
	k, r := g.Knobs, g.Rand
	geo, err := cacheGeometry(g)
	if err != nil {
		return nil, err
	}
	if k.Ops != 0 && (k.Ops < 2 || k.Ops > 40) {
		return nil, fmt.Errorf("cache: ops %d: use 2 to 40", k.Ops)
	}
	var addrs []uint64
	var steps []cacheStep
	var muts []cacheMutant
	found := false
	for try := 0; try < maxInterestDraws && !found; try++ {
		addrs = drawCacheAddrs(g, geo)
		steps, err = runCache(geo, addrs)
		if err != nil {
			return nil, fmt.Errorf("cache: %v", err)
		}
		hits, evicts := 0, 0
		for _, s := range steps {
			if s.Hit {
				hits++
			}
			if s.Evicted != "—" {
				evicts++
			}
		}
		found = hits > 0 && evicts > 0 && hits < len(steps)-1
		if found && k.Choice {
			muts, err = cacheMutants(geo, addrs, cacheMisses(steps))
			if err != nil {
				return nil, err
			}
			found = len(muts) > 0
		}
	}
	if !found {
		return nil, fmt.Errorf("cache: no drawn sequence of %d accesses both hits and evicts in a %d-byte %s cache; try more ops or a smaller cache", len(addrs), geo.Size, geo.shape())
	}

	title, policy := fmt.Sprintf("A %d-byte %s cache", geo.Size, geo.shape()), ""
	if geo.ways() > 1 {
		title += ", " + geo.policy()
		policy = fmt.Sprintf(", with %s replacement", geo.policy())
	}
	p := &Problem{
		Title: title,
		Intro: fmt.Sprintf("A processor has a %d-byte cache with %d-byte lines, %s%s. "+
			"Addresses are %d bits and name bytes; the cache starts empty. "+
			"The processor loads one byte from each of these addresses, in order (hex); "+
			"a miss brings the whole line in, evicting a line of its set when the set is full "+
			"(%s).",
			geo.Size, geo.Line, geo.shape(), policy, cacheAddrBits, policyText(geo)),
	}
	var code strings.Builder
	for _, a := range addrs {
		code.WriteString(hex16(a) + "\n")
	}
	p.Code = code.String()

	bt := &Table{Header: []string{"field", "bits"}, Rows: [][]Cell{
		{Given("offset"), Blank(strconv.Itoa(geo.offsetBits()))},
		{Given("set index"), Blank(strconv.Itoa(geo.indexBits()))},
		{Given("tag"), Blank(strconv.Itoa(geo.tagBits()))},
		{Given("number of sets"), Blank(strconv.Itoa(geo.sets()))},
	}}
	p.Parts = append(p.Parts, Part{
		Prompt: "How does the cache split an address? Give the width of each field and the number of sets.",
		Table:  bt,
		Explain: fmt.Sprintf("%d-byte lines: %s. %d lines of %s: %s, %s. The tag is the rest: %d − %d − %d = %d bits.",
			geo.Line, nounCount(geo.offsetBits(), "offset bit", "offset bits"), geo.lines(), nounCount(geo.ways(), "way", "ways"),
			nounCount(geo.sets(), "set", "sets"), nounCount(geo.indexBits(), "index bit", "index bits"),
			cacheAddrBits, geo.indexBits(), geo.offsetBits(), geo.tagBits()),
	})

	explain := explainCache(geo, addrs, steps)
	if !k.Choice {
		t := &Table{Header: []string{"#", "address", "tag (hex)", "set", "hit or miss", "line evicted"}}
		for i, a := range addrs {
			tag, set := geo.split(a)
			t.Rows = append(t.Rows, []Cell{
				Given(strconv.Itoa(i + 1)), Given(hex16(a)),
				Blank(fmt.Sprintf("0x%x", tag)), Blank(strconv.FormatUint(set, 10)),
				Blank(hitText(steps[i].Hit)), Blank(steps[i].Evicted),
			})
		}
		p.Parts = append(p.Parts, Part{
			Prompt: "For each access give its tag and set, whether it hits or misses, and the address of the line it evicts " +
				"(the line's first byte, or — when nothing is evicted).",
			Table:   t,
			Explain: explain,
		})
		return p, nil
	}
	key := strconv.Itoa(cacheMisses(steps))
	var wrong []string
	for _, m := range muts {
		if x := strconv.Itoa(m.misses); x != key && !slices.Contains(wrong, x) {
			wrong = append(wrong, x)
		}
	}
	for d := 1; len(wrong) < 3; d++ {
		for _, x := range []int{cacheMisses(steps) + d, cacheMisses(steps) - d} {
			if xs := strconv.Itoa(x); x > 0 && x <= len(addrs) && len(wrong) < 3 && !slices.Contains(wrong, xs) {
				wrong = append(wrong, xs)
			}
		}
		if d > len(addrs) {
			break
		}
	}
	p.Parts = append(p.Parts, Part{
		Prompt:  fmt.Sprintf("How many of the %d accesses miss?", len(addrs)),
		Choices: shuffleChoices(r, append([]string{key}, wrong...)),
		Answer:  key,
		Explain: explain,
	})
	return p, nil
}

// policyText says how the victim is chosen.
func policyText(c cacheGeo) string {
	if c.ways() == 1 {
		return "each set holds one line, so the line there is the victim"
	}
	if c.Replace == sim.FIFO {
		return "FIFO: the victim is the line filled longest ago; hits do not change the order"
	}
	return "LRU: the victim is the line used longest ago; every hit counts as a use"
}

// split returns addr's tag and set.
func (c cacheGeo) split(a uint64) (tag, set uint64) {
	ln := a >> uint(c.offsetBits())
	return ln >> uint(c.indexBits()), ln & uint64(c.sets()-1)
}

func cacheMisses(steps []cacheStep) int {
	n := 0
	for _, s := range steps {
		if !s.Hit {
			n++
		}
	}
	return n
}

// cacheGeometry resolves the knobs: a small cache whose sets fill up in a
// dozen accesses unless told otherwise.
func cacheGeometry(g *Gen) (cacheGeo, error) {
	k, r := g.Knobs, g.Rand
	c := cacheGeo{Line: k.Line, Ways: k.Ways, Size: k.Size}
	if c.Line == 0 {
		c.Line = []int{16, 32}[r.IntN(2)]
	}
	if c.Ways == 0 {
		c.Ways = []int{1, 2, 4, -1}[r.IntN(4)]
	}
	if c.Size == 0 {
		lines := 8
		if c.Ways < 0 {
			lines = 4
		} else if c.Ways > 4 {
			lines = 2 * c.Ways
		}
		c.Size = lines * c.Line
	}
	switch strings.ToLower(k.Replace) {
	case "":
		c.Replace = []sim.Replacement{sim.LRU, sim.FIFO}[r.IntN(2)]
	case "lru":
		c.Replace = sim.LRU
	case "fifo":
		c.Replace = sim.FIFO
	default:
		return c, fmt.Errorf("cache: replacement %q: use lru or fifo", k.Replace)
	}
	if c.Line < 2 || c.Line > 1024 || bits.OnesCount(uint(c.Line)) != 1 {
		return c, fmt.Errorf("cache: line %d: use a power of two from 2 to 1024 bytes", c.Line)
	}
	if c.Ways == 0 || c.Ways < -1 {
		return c, fmt.Errorf("cache: ways %d: use 1 or more, or -1 for fully associative", c.Ways)
	}
	if c.Size < c.Line || c.Size%c.Line != 0 || c.Size > 1<<(cacheAddrBits-2) {
		return c, fmt.Errorf("cache: size %d: use a multiple of the %d-byte line up to %d bytes", c.Size, c.Line, 1<<(cacheAddrBits-2))
	}
	if c.lines()%c.ways() != 0 || bits.OnesCount(uint(c.sets())) != 1 {
		return c, fmt.Errorf("cache: %d lines in %d ways do not make a power-of-two number of sets", c.lines(), c.ways())
	}
	return c, nil
}

// drawCacheAddrs draws a conflict-heavy sequence: more lines than ways in
// one or two sets, revisited, and now and then a line of another set.
func drawCacheAddrs(g *Gen, c cacheGeo) []uint64 {
	r := g.Rand
	n := g.Knobs.Ops
	if n == 0 {
		n = 8 + r.IntN(5)
	}
	hot := 1
	if c.sets() > 1 && c.ways() <= 2 && r.IntN(2) == 0 {
		hot = 2
	}
	maxTag := 1 << uint(c.tagBits())
	var pool []uint64
	for h := 0; h < hot; h++ {
		set := uint64(r.IntN(c.sets()))
		ntags := min(c.ways()+1+r.IntN(2), maxTag)
		tags := map[int]bool{}
		for len(tags) < ntags {
			tags[r.IntN(maxTag)] = true
		}
		ts := make([]int, 0, ntags)
		for t := range tags {
			ts = append(ts, t)
		}
		slices.Sort(ts)
		for _, t := range ts {
			pool = append(pool, uint64(t)<<uint(c.indexBits()+c.offsetBits())|set<<uint(c.offsetBits()))
		}
	}
	if c.sets() > hot {
		set := uint64(r.IntN(c.sets()))
		pool = append(pool, uint64(r.IntN(maxTag))<<uint(c.indexBits()+c.offsetBits())|set<<uint(c.offsetBits()))
	}
	var out []uint64
	var recent []uint64
	for i := 0; i < n; i++ {
		var line uint64
		if len(recent) > 0 && r.IntN(3) == 0 {
			line = recent[r.IntN(len(recent))]
		} else {
			line = pool[r.IntN(len(pool))]
		}
		recent = append(recent, line)
		if len(recent) > 3 {
			recent = recent[1:]
		}
		out = append(out, line|uint64(r.IntN(c.Line)))
	}
	return out
}

// cacheMutant is a neighbouring cache's miss count on the same sequence.
type cacheMutant struct {
	geo    cacheGeo
	misses int
}

// cacheMutants runs the sequence on the caches students confuse with this
// one: the other replacement policy, direct-mapped against two-way, and
// fully associative, keeping those whose miss count differs.
func cacheMutants(c cacheGeo, addrs []uint64, key int) ([]cacheMutant, error) {
	var cands []cacheGeo
	if c.ways() > 1 {
		o := c
		o.Replace = sim.LRU + sim.FIFO - c.Replace
		cands = append(cands, o)
		d := c
		d.Ways = 1
		cands = append(cands, d)
	} else if c.lines() >= 2 {
		d := c
		d.Ways = 2
		cands = append(cands, d)
	}
	if c.Ways != -1 {
		f := c
		f.Ways = -1
		cands = append(cands, f)
	}
	var out []cacheMutant
	for _, m := range cands {
		steps, err := runCache(m, addrs)
		if err != nil {
			return nil, fmt.Errorf("cache: %v", err)
		}
		if n := cacheMisses(steps); n != key {
			out = append(out, cacheMutant{m, n})
		}
	}
	return out, nil
}

// explainCache walks the sequence: each set's lines after each access.
func explainCache(c cacheGeo, addrs []uint64, steps []cacheStep) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Run through cohere's engine (one core, %s):", c.policy())
	if c.ways() == 1 {
		b.Reset()
		b.WriteString("Run through cohere's engine (one core, direct-mapped):")
	}
	for i, a := range addrs {
		tag, set := c.split(a)
		fmt.Fprintf(&b, "\n%d. %s: tag 0x%x, set %d: %s", i+1, hex16(a), tag, set, hitText(steps[i].Hit))
		if steps[i].Evicted != "—" {
			fmt.Fprintf(&b, ", evicts the line at %s", steps[i].Evicted)
		}
	}
	fmt.Fprintf(&b, "\n%d misses, %d hits.", cacheMisses(steps), len(steps)-cacheMisses(steps))
	return b.String()
}
