// Tests of the memory-map topic: every address and region re-derived by
// hand from the documented layout rules, and checked against the region
// bounds of the memory block's setup.MemoryMap.

package exam

import (
	"fmt"
	"testing"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/setup"
	"github.com/cohere-sim/cohere/lang/syntax"
)

// handLayout places the case's variables by the rules the problem states:
// name → region and address.
func handLayout(c *mmCase) map[string][2]string {
	out := map[string][2]string{}
	cursor := map[string]uint64{"data": c.dataAt, "bss": c.dataAt + 1<<20}
	place := func(name, region string, size uint64, align int) {
		if align == 0 {
			align = 8
		}
		a := (cursor[region] + uint64(align) - 1) &^ (uint64(align) - 1)
		cursor[region] = a + size
		out[name] = [2]string{region, fmt.Sprintf("%#x", a)}
	}
	for _, gl := range c.globals {
		region := "bss"
		if gl.init != 0 {
			region = "data"
		}
		place(gl.name, region, gl.size(), gl.align)
	}
	place(c.p, "bss", 8, 0)
	heap := func(name string, i int) {
		out[name] = [2]string{"heap", fmt.Sprintf("%#x", c.heapAt+uint64(8*i))}
	}
	heap("*"+c.p, 0)
	heap("*"+c.q, 1)
	if c.escape != "" {
		heap(c.escape+" (main)", 2)
	}
	top := func(n int) uint64 { return 0x7ffffffff000 - uint64(n)*(c.stackSize+4096) }
	out[c.local+" (main)"] = [2]string{"stack of main", fmt.Sprintf("%#x", top(0)-32)}
	out[c.worker+" (worker)"] = [2]string{"stack of worker", fmt.Sprintf("%#x", top(1)-32)}
	return out
}

func TestMemoryMapKeysRederived(t *testing.T) {
	n := 0
	for _, k := range []Knobs{{}, {Lines: 2}, {Lines: 6, Choice: true}} {
		for seed := uint64(0); seed < 15; seed++ {
			c, err := newMemoryMapCase(NewGen("memory-map", seed, 0, k))
			if err != nil {
				t.Fatal(err)
			}
			p := generate(t, Options{Topic: "memory-map", Seed: seed, Knobs: k})[0]
			want := handLayout(c)
			// The region bounds, from the memory block itself.
			f, errs := syntax.Parse("t.coh", []byte(p.Code))
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			var decls []*ast.MemoryDecl
			for _, d := range f.Decls {
				if d, ok := d.(*ast.MemoryDecl); ok {
					decls = append(decls, d)
				}
			}
			mm, errs := setup.Memory(decls)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			rows := p.Parts[0].Table.Rows
			if len(rows) != len(want) {
				t.Fatalf("seed %d: %d rows, want %d", seed, len(rows), len(want))
			}
			for _, row := range rows {
				name, region, addr := row[0].Text, row[2].Text, row[3].Text
				if w := want[name]; w != [2]string{region, addr} {
					t.Errorf("seed %d: %s in %s at %s, by hand %s at %s\n%s", seed, name, region, addr, w[0], w[1], p.Code)
				}
				var a uint64
				fmt.Sscanf(addr, "0x%x", &a)
				in := map[string]bool{
					"data": mm.Data.Contains(a), "bss": mm.BSS.Contains(a), "heap": mm.Heap.Contains(a),
				}
				for i, th := range []string{"main", "worker"} {
					top, bottom := mm.Stack(i)
					in["stack of "+th] = a >= bottom && a < top
				}
				if !in[region] {
					t.Errorf("seed %d: %s at %s is not inside %s", seed, name, addr, region)
				}
				n++
			}
			top, bottom := mm.Stack(1)
			if got, w := p.Parts[len(p.Parts)-1].Answer, fmt.Sprintf("[%#x, %#x)", bottom, top); got != w {
				t.Errorf("seed %d: worker's stack %s, want %s", seed, got, w)
			}
			if k.Choice {
				if p.Parts[1].Answer != "up, towards higher addresses" || p.Parts[2].Answer != "down, towards lower addresses" {
					t.Errorf("seed %d: growth %q, %q", seed, p.Parts[1].Answer, p.Parts[2].Answer)
				}
			} else if g := p.Parts[1].Table.Rows; g[0][1].Text != "up" || g[1][1].Text != "down" {
				t.Errorf("seed %d: growth %v", seed, g)
			}
		}
	}
	t.Logf("%d addresses checked", n)
}

func TestMemoryMapGolden(t *testing.T) {
	ps := generate(t, Options{Topic: "memory-map", Seed: 1, Count: 2})
	ps = append(ps, generate(t, Options{Topic: "memory-map", Seed: 9, Knobs: Knobs{Lines: 6, Choice: true}})...)
	topicsBGolden(t, "memory-map", problemJSON(t, ps...))
	topicsBReproducible(t, Options{Topic: "memory-map", Seed: 3, Count: 6})
}
