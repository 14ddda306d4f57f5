// This file tests the checks on a data access before it reaches a cache.
package sim_test

import (
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/sim"
)

func TestDataAccessChecks(t *testing.T) {
	cfg := sim.DefaultConfig()
	cfg.Cores = 2
	cfg.Data = true
	m, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		core int
		addr uint64
		size int
		want string // "" for no error
	}{
		{0, 0x1000, 8, ""},
		{1, 0x1004, 4, ""},
		{0, 0x1006, 2, ""},
		{0, 0x1007, 1, ""},
		{0, 0x1004, 8, "access of 8 bytes at 0x1004 is not aligned"},
		{0, 0x1002, 4, "access of 4 bytes at 0x1002 is not aligned"},
		{0, 0x1001, 2, "access of 2 bytes at 0x1001 is not aligned"},
		{0, 0x1000, 3, "access size 3: want 1, 2, 4 or 8 bytes"},
		{0, 0x1000, 16, "access size 16: want 1, 2, 4 or 8 bytes"},
		{2, 0x1000, 8, "core"},
		{-1, 0x1000, 8, "core"},
	} {
		_, loadErr := m.Load(tc.core, tc.addr, tc.size)
		storeErr := m.Store(tc.core, tc.addr, tc.size, 1)
		for _, got := range []error{loadErr, storeErr} {
			switch {
			case tc.want == "" && got != nil:
				t.Errorf("P%d %d bytes at %#x: %v, want no error", tc.core, tc.size, tc.addr, got)
			case tc.want != "" && (got == nil || !strings.Contains(got.Error(), tc.want)):
				t.Errorf("P%d %d bytes at %#x: error %v, want %q", tc.core, tc.size, tc.addr, got, tc.want)
			}
		}
	}

	cfg.Data = false
	trace, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := trace.Load(0, 0x1000, 8); err == nil || !strings.Contains(err.Error(), "carries no data") {
		t.Errorf("a load on a trace-mode machine: %v, want an error saying it carries no data", err)
	}
}
