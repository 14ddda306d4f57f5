// This file checks the memory map diagram against golden files.

package view

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cohere-sim/cohere/lang/scenario"
)

// TestMemoryMap draws the map of each script as loaded, mid-run (after
// some steps: stack pointers, heap objects and the break stand where the
// run left them) and at the end.
func TestMemoryMap(t *testing.T) {
	for _, c := range []struct {
		name  string
		steps []int // the runs to draw: steps taken; -1 runs to the end
	}{
		{"memmap-default", []int{0, 7, -1}},
		{"memmap-custom", []int{0, 5, -1}},
		{"memmap-many", []int{-1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join("testdata", c.name+".coh")
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, errs := scenario.Load(path, src, scenario.Overrides{})
			if len(errs) > 0 {
				t.Fatalf("%s: %v", path, errs)
			}
			checkGolden(t, c.name+".loaded.golden", MemoryMap(s, nil))
			for _, n := range c.steps {
				vm, err := s.NewVM(scenario.Options{})
				if err != nil {
					t.Fatal(err)
				}
				name := c.name + ".end.golden"
				if n < 0 {
					vm.Run()
				} else {
					for i := 0; i < n && vm.Step(); i++ {
					}
					name = c.name + ".step" + string(rune('0'+n)) + ".golden"
				}
				checkGolden(t, name, MemoryMap(s, vm))
			}
		})
	}
}
