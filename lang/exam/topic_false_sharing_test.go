// This file tests the false-sharing topic: line sharing re-derived from
// the addresses by hand, the coherence misses by a small model of
// invalidations, goldens, reproducibility and knob errors.

package exam

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var (
	fsVarRE    = regexp.MustCompile(`(?m)^var (\w+) (\[(\d+)\])?(int64|int32) at (0x[0-9a-f]+)$`)
	fsThreadRE = regexp.MustCompile(`(?m)^thread T(\d+) on core \d+ \{\n.*\n\s+(\w+)\+\+`)
	fsItersRE  = regexp.MustCompile(`i < (\d+)`)
	fsLineRE   = regexp.MustCompile(`(\d+)-byte lines`)
	fsArrayRE  = regexp.MustCompile(`thread T\[(\d+)\]`)
)

type fsRefVar struct {
	name   string
	addr   uint64
	thread int
}

func checkFalseSharingKey(t *testing.T, p *Problem) {
	t.Helper()
	line, _ := strconv.Atoi(fsLineRE.FindStringSubmatch(p.Title)[1])
	iters, _ := strconv.Atoi(fsItersRE.FindStringSubmatch(p.Code)[1])
	var vars []fsRefVar
	threads := 0
	for _, m := range fsVarRE.FindAllStringSubmatch(p.Code, -1) {
		addr, _ := strconv.ParseUint(m[5], 0, 64)
		size := uint64(8)
		if m[4] == "int32" {
			size = 4
		}
		if m[2] != "" { // an array: thread i increments element i
			n, _ := strconv.Atoi(m[3])
			for i := 0; i < n; i++ {
				vars = append(vars, fsRefVar{fmt.Sprintf("%s[%d]", m[1], i), addr + uint64(i)*size, i})
			}
			a := fsArrayRE.FindStringSubmatch(p.Code)
			threads, _ = strconv.Atoi(a[1])
			continue
		}
		vars = append(vars, fsRefVar{m[1], addr, -1})
	}
	for _, m := range fsThreadRE.FindAllStringSubmatch(p.Code, -1) {
		th, _ := strconv.Atoi(m[1])
		for i := range vars {
			if vars[i].name == m[2] {
				vars[i].thread = th
			}
		}
		threads = max(threads, th+1)
	}
	if threads < 2 || len(vars) < threads {
		t.Fatalf("%s: cannot read the layout:\n%s", p.ID, p.Code)
	}
	lineOfRef := func(a uint64) uint64 { return a / uint64(line) * uint64(line) }

	// Part 1: line addresses and sharers, by hand.
	for i, row := range p.Parts[0].Table.Rows {
		v := vars[i]
		if row[0].Text != v.name {
			t.Fatalf("%s: row %d is %s, the code says %s", p.ID, i, row[0].Text, v.name)
		}
		if want := fmt.Sprintf("%#x", lineOfRef(v.addr)); row[3].Text != want {
			t.Errorf("%s %s: line %s, reference %s", p.ID, v.name, row[3].Text, want)
		}
		var sh []string
		for _, w := range vars {
			if w.name != v.name && w.thread >= 0 && w.thread != v.thread && lineOfRef(w.addr) == lineOfRef(v.addr) {
				sh = append(sh, w.name)
			}
		}
		want := "—"
		if len(sh) > 0 {
			want = strings.Join(sh, ", ")
		}
		if row[4].Text != want {
			t.Errorf("%s %s: sharers %q, reference %q", p.ID, v.name, row[4].Text, want)
		}
	}

	// Part 2: a small model of invalidations. A load or store misses
	// when the core holds no valid copy; a store invalidates every other
	// copy; a miss on a line the core touched before is a coherence miss.
	mine := make([]fsRefVar, threads)
	for _, v := range vars {
		if v.thread >= 0 {
			mine[v.thread] = v
		}
	}
	valid := make([]map[uint64]bool, threads)
	touched := make([]map[uint64]bool, threads)
	for i := range valid {
		valid[i], touched[i] = map[uint64]bool{}, map[uint64]bool{}
	}
	coherence := 0
	access := func(c int, ln uint64, store bool) {
		if !valid[c][ln] {
			if touched[c][ln] {
				coherence++
			}
			valid[c][ln], touched[c][ln] = true, true
		}
		if store {
			for o := range valid {
				if o != c {
					delete(valid[o], ln)
				}
			}
		}
	}
	for it := 0; it < iters; it++ {
		for th := 0; th < threads; th++ {
			ln := lineOfRef(mine[th].addr)
			access(th, ln, false)
			access(th, ln, true)
		}
	}
	if got := p.Parts[1].Answer; got != strconv.Itoa(coherence) {
		t.Errorf("%s: coherence misses %s, reference %d\n%s", p.ID, got, coherence, p.Code)
	}
	if c := p.Parts[1].Choices; c != nil && (!slices.Contains(c, p.Parts[1].Answer) || len(c) < 3) {
		t.Errorf("%s: choices %q", p.ID, c)
	}

	// Part 3: the alignment is the line size; the padding, the line size
	// less the element's. Part 4: no coherence miss is left.
	fix := p.Parts[2].Answer
	size := uint64(8)
	if strings.Contains(p.Code, "int32 at") {
		size = 4
	}
	want := fmt.Sprint(line)
	if strings.Contains(p.Code, "count [") {
		want = fmt.Sprint(uint64(line) - size)
	}
	if fix != want {
		t.Errorf("%s: fix %q, reference %q", p.ID, fix, want)
	}
	if len(p.Parts) != 4 || p.Parts[3].Answer != "0" {
		t.Errorf("%s: want a fourth part keyed 0 coherence misses, got %d parts", p.ID, len(p.Parts))
	}
}

func TestFalseSharingKeysAgainstReference(t *testing.T) {
	n := 0
	for _, k := range []Knobs{{}, {Variant: "array"}, {Variant: "vars"}, {Choice: true}, {Cores: 8, Ops: 5, Line: 128}, {Cores: 2, Line: 32, Variant: "array"}} {
		ps, err := Generate(Options{Topic: "false-sharing", Seed: 6, Count: 40, Knobs: k})
		if err != nil {
			t.Fatalf("%+v: %v", k, err)
		}
		for _, p := range ps {
			checkFalseSharingKey(t, p)
			n++
		}
	}
	t.Logf("%d problems re-derived", n)
}

func TestFalseSharingKnobErrors(t *testing.T) {
	for _, k := range []Knobs{{Variant: "struct"}, {Cores: 1}, {Ops: 1}, {Ops: 50}, {Line: 48}} {
		if _, err := Generate(Options{Topic: "false-sharing", Seed: 1, Knobs: k}); err == nil {
			t.Errorf("%+v: no error", k)
		} else if !strings.HasPrefix(err.Error(), "false-sharing") {
			t.Errorf("%+v: %v", k, err)
		}
	}
}

func TestFalseSharingGolden(t *testing.T) {
	checkTopicGolden(t, "false-sharing", []topicGolden{
		{"false-sharing-array", 1, 1, Knobs{Variant: "array"}, 0},
		{"false-sharing-vars", 1, 2, Knobs{Variant: "vars"}, 0},
		{"false-sharing-choice", 2, 1, Knobs{Choice: true}, 0},
	})
}

func TestFalseSharingReproducible(t *testing.T) {
	checkTopicReproducible(t, "false-sharing", []Knobs{{}, {Choice: true}})
}
