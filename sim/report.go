// This file builds the schema-1 summary that `run --json` and
// `trace --json` share: the configuration as resolved, every counter of
// every core, the totals and the cycle count. It is data; views print it.

package sim

// CounterSet is one core's (or the total's) counters under their JSON
// names. Every key is always present.
type CounterSet struct {
	Reads         uint64            `json:"reads"`
	Writes        uint64            `json:"writes"`
	ReadMisses    uint64            `json:"read_misses"`
	WriteMisses   uint64            `json:"write_misses"`
	Writebacks    uint64            `json:"writebacks"`
	Invalidations uint64            `json:"invalidations"`
	Interventions uint64            `json:"interventions"`
	C2C           uint64            `json:"c2c"`
	Flushes       uint64            `json:"flushes"`
	MemReads      uint64            `json:"mem_reads"`
	MemWrites     uint64            `json:"mem_writes"`
	Bus           map[string]uint64 `json:"bus"`
}

// ConfigReport is every machine setting as resolved, defaults included.
type ConfigReport struct {
	Cores        int           `json:"cores"`
	Protocol     string        `json:"protocol"`
	Upgrade      bool          `json:"upgrade"`
	CleanSharing bool          `json:"clean_sharing"`
	Allocate     bool          `json:"allocate"`
	Line         int           `json:"line"`
	L1           L1Report      `json:"l1"`
	Interconnect string        `json:"interconnect"`
	Latency      LatencyReport `json:"latency"`
}

// L1Report is the private cache's shape.
type L1Report struct {
	Size    int    `json:"size"`
	Ways    int    `json:"ways"`
	Sets    int    `json:"sets"`
	Replace string `json:"replace"`
	Seed    uint64 `json:"seed"`
}

// LatencyReport is the timing model's costs.
type LatencyReport struct {
	Hit    uint64 `json:"hit"`
	Bus    uint64 `json:"bus"`
	Memory uint64 `json:"memory"`
	C2C    uint64 `json:"c2c"`
}

// Summary is the schema-1 object.
type Summary struct {
	Schema int          `json:"schema"`
	Config ConfigReport `json:"config"`
	Cores  []CounterSet `json:"cores"`
	Totals CounterSet   `json:"totals"`
	Cycles uint64       `json:"cycles"`
}

// BusKindNames are the bus transaction kinds in counter order.
var BusKindNames = [NumBusKinds]string{"BusRd", "BusRdX", "BusUpgr", "BusUpd", "BusWr"}

// Set returns c under its JSON names.
func (c *Counters) Set() CounterSet {
	s := CounterSet{
		Reads: c.Reads, Writes: c.Writes, ReadMisses: c.ReadMisses, WriteMisses: c.WriteMisses,
		Writebacks: c.Writebacks, Invalidations: c.Invalidations, Interventions: c.Interventions,
		C2C: c.C2C, Flushes: c.Flushes, MemReads: c.MemReads, MemWrites: c.MemWrites,
		Bus: make(map[string]uint64, NumBusKinds),
	}
	for i, n := range BusKindNames {
		s.Bus[n] = c.Bus[i]
	}
	return s
}

// ConfigReport returns the resolved configuration.
func (m *Machine) ConfigReport() ConfigReport {
	c := m.cfg
	return ConfigReport{
		Cores: c.Cores, Protocol: m.table.Name,
		Upgrade: c.Settings.Upgrade, CleanSharing: c.Settings.CleanSharing, Allocate: c.Settings.Allocate,
		Line:         m.geo.Line,
		L1:           L1Report{Size: m.geo.Size, Ways: m.geo.Ways, Sets: m.geo.Sets, Replace: c.Replace.String(), Seed: c.Seed},
		Interconnect: "bus",
		Latency:      LatencyReport{Hit: c.Latency.Hit, Bus: c.Latency.Bus, Memory: c.Latency.Memory, C2C: c.Latency.C2C},
	}
}

// Summary returns the schema-1 summary of the run so far.
func (m *Machine) Summary() Summary {
	s := Summary{Schema: 1, Config: m.ConfigReport(), Cycles: m.Cycles()}
	for i := range m.counters {
		s.Cores = append(s.Cores, m.counters[i].Set())
	}
	t := m.Totals()
	s.Totals = t.Set()
	return s
}
