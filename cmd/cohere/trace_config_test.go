package main

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/protocol"
	"github.com/cohere-sim/cohere/sim/trace"
)

// TestTraceFlagsMatchEngine runs `cohere trace --json` on the canneal
// trace with many flag combinations and checks that the printed summary
// is exactly what the engine gives for the machine the flags describe (the
// engine itself is checked against a reference simulator in sim/).
func TestTraceFlagsMatchEngine(t *testing.T) {
	path := "../shared/traces/canneal.04t.debug"
	if _, err := os.Stat(path); err != nil {
		t.Skip("shared traces not present")
	}
	for _, tc := range []struct {
		args []string
		cfg  func(*sim.Config)
	}{
		{[]string{"--protocol", "MSI"}, func(c *sim.Config) { c.Protocol = "MSI" }},
		{[]string{"--protocol", "msi", "--no-upgrade", "--size", "4K", "--ways", "1", "--line", "32"}, func(c *sim.Config) {
			c.Protocol, c.Settings.Upgrade, c.Size, c.Ways, c.Line = "MSI", false, 4<<10, 1, 32
		}},
		{[]string{"--protocol", "MOESI", "--size", "8192", "--ways", "16", "--line", "128"}, func(c *sim.Config) {
			c.Protocol, c.Size, c.Ways, c.Line = "MOESI", 8192, 16, 128
		}},
		{[]string{"--protocol", "Dragon", "--size", "16KiB", "--ways", "4", "--replace", "fifo"}, func(c *sim.Config) {
			c.Protocol, c.Size, c.Ways, c.Replace = "Dragon", 16<<10, 4, sim.FIFO
		}},
		{[]string{"--protocol", "MESIF", "--clean-sharing", "--replace", "random", "--seed", "9", "--ways", "full", "--size", "2KiB"}, func(c *sim.Config) {
			c.Protocol, c.Settings.CleanSharing, c.Replace, c.Seed, c.Ways, c.Size = "MESIF", true, sim.Random, 9, 0, 2<<10
		}},
		{[]string{"--protocol", "WTI", "--allocate", "--bus-latency", "7", "--mem-latency", "70", "--c2c-latency", "4", "--hit-latency", "2"}, func(c *sim.Config) {
			c.Protocol, c.Settings.Allocate, c.Latency = "WTI", true, sim.Latency{Hit: 2, Bus: 7, Memory: 70, C2C: 4}
		}},
	} {
		args := append([]string{"trace", "--json", "--format", "proc", path}, tc.args...)
		out, errOut, code := runCLI(args, "")
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		var got struct {
			sim.Summary
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		cfg := sim.DefaultConfig()
		cfg.Cores = 4
		cfg.Settings = protocol.DefaultSettings()
		tc.cfg(&cfg)
		m, err := sim.New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		src, err := trace.Open([]string{path}, trace.Options{Format: trace.Proc, Cores: 4})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := src.Run(m, trace.Limits{}); err != nil {
			t.Fatal(err)
		}
		src.Close()
		want := m.Summary()
		gb, _ := json.Marshal(got.Summary)
		wb, _ := json.Marshal(want)
		if string(gb) != string(wb) {
			t.Errorf("%v:\ncommand %s\nengine  %s", tc.args, gb, wb)
		}
		if got.Totals.Reads+got.Totals.Writes != 10000 {
			t.Errorf("%v: %d accesses, want 10000", tc.args, got.Totals.Reads+got.Totals.Writes)
		}
	}
}
