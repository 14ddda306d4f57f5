package setup

import (
	"reflect"
	"testing"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/protocol"
)

func machine(lines ...string) []*ast.MachineDecl {
	return []*ast.MachineDecl{{Pos: pos(1, 1), Settings: block(lines)}}
}

func TestMachineDefaults(t *testing.T) {
	for _, decls := range [][]*ast.MachineDecl{nil, machine()} {
		m, errs := Machine(decls, nil)
		checkErrs(t, "defaults", errs, "")
		want := sim.Config{
			Cores: 2, Protocol: "MESI", Settings: protocol.Settings{Upgrade: true},
			Line: 64, Size: 32 << 10, Ways: 8, Replace: sim.LRU, Seed: 1,
			Latency: sim.Latency{Hit: 1, Bus: 20, Memory: 100, C2C: 10}, Data: true,
		}
		if !reflect.DeepEqual(m.Sim, want) {
			t.Errorf("sim config %+v, want %+v", m.Sim, want)
		}
		if m.Interconnect != "bus" || m.Gomaxprocs != 2 || m.Preempt != 10000 || m.Spin != 4 ||
			m.ABI != ABIRegister || !m.Inline || m.InlineBudget != 80 || m.Hoist || len(m.SetAt) != 0 {
			t.Errorf("run settings %+v", m)
		}
	}
	if m, _ := Machine(machine(), nil); m.Pos != pos(1, 1) {
		t.Errorf("Pos %v", m.Pos)
	}
	if ABIStack.String() != "stack" || ABIRegister.String() != "register" {
		t.Error("ABI names")
	}
}

func TestMachineSettings(t *testing.T) {
	mine := &protocol.Table{Name: "MyMSI", States: []string{"I", "S", "M"}}
	for _, text := range []string{"I PrRd -> S BusRd", "I PrWr -> M BusRdX", "S PrWr -> M BusUpgr", "S BusRdX -> I", "S BusUpgr -> I", "M BusRd -> S Flush", "M BusRdX -> I Flush", "M Evict -> I WriteBack"} {
		r, err := protocol.ParseRow(mine.States, text)
		if err != nil {
			t.Fatal(err)
		}
		mine.Rows = append(mine.Rows, r)
	}
	if err := mine.Compile(); err != nil {
		t.Fatal(err)
	}
	m, errs := Machine(machine(
		"cores 8",
		"protocol MyMSI",
		"line 32",
		"l1 size 16KiB ways 4 replace random seed 0x2a",
		"interconnect bus",
		"latency memory 200 c2c 5",
		"gomaxprocs 3",
		"preempt 50",
		"spin 0",
		"abi stack",
		"inline on budget 40",
	), map[string]*protocol.Table{"MyMSI": mine})
	checkErrs(t, "all settings", errs, "")
	want := sim.Config{
		Cores: 8, Protocol: "MyMSI", Table: mine, Settings: protocol.Settings{Upgrade: true},
		Line: 32, Size: 16 << 10, Ways: 4, Replace: sim.Random, Seed: 42,
		Latency: sim.Latency{Hit: 1, Bus: 20, Memory: 200, C2C: 5}, Data: true,
	}
	if !reflect.DeepEqual(m.Sim, want) {
		t.Errorf("sim config\n got %+v\nwant %+v", m.Sim, want)
	}
	if m.Gomaxprocs != 3 || m.Preempt != 50 || m.Spin != 0 || m.ABI != ABIStack || !m.Inline || m.InlineBudget != 40 {
		t.Errorf("run settings %+v", m)
	}
	if len(m.SetAt) != 11 || m.SetAt["l1"] != pos(5, 5) {
		t.Errorf("SetAt %v", m.SetAt)
	}
	if _, _, err := m.Sim.Validate(); err != nil {
		t.Error(err)
	}

	for _, tc := range []struct {
		lines []string
		check func(MachineConfig) bool
	}{
		{[]string{"protocol mesif"}, func(m MachineConfig) bool { return m.Sim.Protocol == "MESIF" && m.Sim.Table == nil }},
		{[]string{"protocol dragon", "upgrade off", "cleansharing on", "allocate on"}, func(m MachineConfig) bool {
			return m.Sim.Protocol == "Dragon" && m.Sim.Settings == protocol.Settings{Upgrade: false, CleanSharing: true, Allocate: true}
		}},
		{[]string{"cores 4"}, func(m MachineConfig) bool { return m.Gomaxprocs == 4 }},
		{[]string{"l1 ways full"}, func(m MachineConfig) bool { return m.Sim.Ways == 0 && m.Sim.Size == 32<<10 }},
		{[]string{"l1 replace FIFO"}, func(m MachineConfig) bool { return m.Sim.Replace == sim.FIFO }},
		{[]string{"l1 size 1MiB"}, func(m MachineConfig) bool { return m.Sim.Size == 1<<20 && m.Sim.Ways == 8 }},
		{[]string{"l1 size 4096"}, func(m MachineConfig) bool { return m.Sim.Size == 4096 }},
		{[]string{"line 4096"}, func(m MachineConfig) bool { return m.Sim.Line == 4096 }},
		{[]string{"latency hit 0"}, func(m MachineConfig) bool { return m.Sim.Latency == sim.Latency{Bus: 20, Memory: 100, C2C: 10} }},
		{[]string{"inline off"}, func(m MachineConfig) bool { return !m.Inline && m.InlineBudget == 80 }},
		{[]string{"inline budget 0"}, func(m MachineConfig) bool { return m.Inline && m.InlineBudget == 0 }},
		{[]string{"abi register"}, func(m MachineConfig) bool { return m.ABI == ABIRegister }},
		{[]string{"hoist on"}, func(m MachineConfig) bool { return m.Hoist }},
		{[]string{"hoist off"}, func(m MachineConfig) bool { return !m.Hoist }},
		{[]string{"ifetch on"}, func(m MachineConfig) bool { return m.IFetch }},
		{[]string{"ifetch off"}, func(m MachineConfig) bool { return !m.IFetch }},
		{[]string{"cores 1024", "gomaxprocs 1024"}, func(m MachineConfig) bool { return m.Gomaxprocs == 1024 }},
	} {
		m, errs := Machine(machine(tc.lines...), nil)
		checkErrs(t, tc.lines[0], errs, "")
		if !tc.check(m) {
			t.Errorf("%q: got %+v", tc.lines, m)
		}
	}
}

// A script protocol wins over the built-in of the same name; built-in
// names are case-insensitive, script ones are not.
func TestMachineProtocolNames(t *testing.T) {
	mesi, _ := protocol.Builtin("MSI", protocol.DefaultSettings())
	protos := map[string]*protocol.Table{"MESI": mesi}
	m, errs := Machine(machine("protocol MESI"), protos)
	checkErrs(t, "script MESI", errs, "")
	if m.Sim.Table != mesi {
		t.Error("the script's MESI should win")
	}
	m, _ = Machine(machine("protocol mesi"), protos)
	if m.Sim.Table != nil || m.Sim.Protocol != "MESI" {
		t.Error("mesi is the built-in")
	}
	// A protocol that failed to build is known but unchecked.
	m, errs = Machine(machine("protocol Broken", "l1 size 32"), map[string]*protocol.Table{"Broken": nil})
	checkErrs(t, "broken", errs, "t.coh:3:13: l1 size 32: the cache must hold at least one 64-byte line")
	m, errs = Machine(machine("protocol Broken"), map[string]*protocol.Table{"Broken": nil})
	checkErrs(t, "broken ok", errs, "")
	if m.Sim.Protocol != "Broken" || m.Sim.Table != nil {
		t.Errorf("broken: %+v", m.Sim)
	}
}

func TestMachineErrors(t *testing.T) {
	protos := map[string]*protocol.Table{"MyMESI": nil, "Other": nil}
	const settings = "one of cores, protocol, line, l1, interconnect, latency, upgrade, cleansharing, allocate, gomaxprocs, preempt, spin, storebuffer, abi, inline, hoist, ifetch"
	const l1 = "l1 [size BYTES] [ways N|full] [replace lru|fifo|random] [seed N]"
	for _, tc := range []struct {
		lines []string
		want  string
	}{
		{[]string{"cors 4"},
			"t.coh:2:5: unknown machine setting cors (did you mean cores?): write " + settings},
		{[]string{"memory 4"},
			"t.coh:2:5: unknown machine setting memory: write " + settings},
		{[]string{"cores"},
			"t.coh:2:5: cores needs a value: write cores N, with N from 1 to 1024"},
		{[]string{"cores four"},
			`t.coh:2:11: cores wants a whole number, not "four": write cores N, with N from 1 to 1024`},
		{[]string{"cores 0"},
			"t.coh:2:11: cores 0: a machine has 1 to 1024 cores"},
		{[]string{"cores 2000"},
			"t.coh:2:11: cores 2000: a machine has 1 to 1024 cores"},
		{[]string{"cores 99999999999999999999999"},
			"t.coh:2:11: cores 99999999999999999999999: a machine has 1 to 1024 cores"},
		{[]string{`cores "4"`},
			`t.coh:2:11: cores wants a whole number, not "4": write cores N, with N from 1 to 1024`},
		{[]string{"cores 4 8"},
			`t.coh:2:13: unexpected "8" after cores 4: write cores N, with N from 1 to 1024`},
		{[]string{"cores 4", "line 64", "cores 8"},
			"t.coh:4:5: cores is set twice (first on line 2): keep one"},
		{[]string{"protocol MES"},
			"t.coh:2:14: undefined protocol: MES (did you mean MESI?); the built-in protocols are none, WT, WTI, MSI, MESI, MOESI, MESIF, Dragon and Firefly; this script declares MyMESI and Other"},
		{[]string{"protocol MyMSI"},
			"t.coh:2:14: undefined protocol: MyMSI (did you mean MyMESI?); the built-in protocols are none, WT, WTI, MSI, MESI, MOESI, MESIF, Dragon and Firefly; this script declares MyMESI and Other"},
		{[]string{"protocol"},
			"t.coh:2:5: protocol needs a value: write protocol NAME, a built-in protocol (none, WT, WTI, MSI, MESI, MOESI, MESIF, Dragon, Firefly) or one this script declares"},
		{[]string{"protocol MyMESI", "upgrade off", "allocate on"},
			"t.coh:3:5: upgrade applies to the built-in protocols only: MyMESI is declared in this script, and its rows say what happens\n" +
				"t.coh:4:5: allocate applies to the built-in protocols only: MyMESI is declared in this script, and its rows say what happens"},
		{[]string{"line 48"},
			"t.coh:2:10: line 48: the line size must be a power of two from 8 to 4096 bytes (a line holds at least one 8-byte word)"},
		{[]string{"line 4"},
			"t.coh:2:10: line 4: the line size must be a power of two from 8 to 4096 bytes (a line holds at least one 8-byte word)"},
		{[]string{"line big"},
			`t.coh:2:10: line wants a size such as 4096, 64KiB or 16MiB, not "big": write line BYTES, a power of two from 8 to 4096`},
		{[]string{"l1"},
			"t.coh:2:5: l1 needs at least one option: write " + l1},
		{[]string{"l1 sise 32KiB"},
			"t.coh:2:8: unknown l1 option sise (did you mean size?): write " + l1},
		{[]string{"l1 size"},
			"t.coh:2:8: l1 size needs a value: write " + l1},
		{[]string{"l1 size 32KiB ways"},
			"t.coh:2:19: l1 ways needs a value: write " + l1},
		{[]string{"l1 size 32KiB size 64KiB"},
			"t.coh:2:19: l1 size is given twice: keep one"},
		{[]string{"l1 ways 0"},
			"t.coh:2:13: l1 ways 0: an L1 has 1 to 16777216 ways, or is fully associative (ways full)"},
		{[]string{"l1 replace fifi"},
			"t.coh:2:16: unknown replacement policy fifi (did you mean fifo?): write l1 replace lru|fifo|random"},
		{[]string{"l1 seed -1 ways 4"},
			"t.coh:2:13: l1 seed -1: a seed is 0 to 18446744073709551615"},
		{[]string{"l1 seed 1x ways 4"},
			`t.coh:2:13: l1 seed wants a whole number, not "1x": write ` + l1},
		{[]string{"cores -"},
			`t.coh:2:11: cores wants a whole number, not "-": write cores N, with N from 1 to 1024`},
		{[]string{"l1 size 2GiB"},
			"t.coh:2:13: l1 size 2GiB: an L1 holds at most 1GiB"},
		{[]string{"l1 size 40000 ways 8"},
			"t.coh:2:13: l1 size 40000 is not a multiple of ways × line = 8 × 64 = 512 bytes; try size 40448 or ways 5"},
		{[]string{"line 4096", "l1 ways 16"},
			"t.coh:3:13: l1 size 32KiB is not a multiple of ways × line = 16 × 4096 = 65536 bytes; try size 64KiB or ways 8"},
		{[]string{"l1 size 32"},
			"t.coh:2:13: l1 size 32: the cache must hold at least one 64-byte line"},
		{[]string{"interconnect directory"},
			"t.coh:2:18: interconnect directory is not built yet: use interconnect bus (an atomic snooping bus)"},
		{[]string{"interconnect buss"},
			"t.coh:2:18: unknown interconnect buss (did you mean bus?): write interconnect bus"},
		{[]string{"latency"},
			"t.coh:2:5: latency needs at least one option: write latency [hit N] [bus N] [memory N] [c2c N], in cycles"},
		{[]string{"latency hit 2 bus"},
			"t.coh:2:19: latency bus needs a value: write latency [hit N] [bus N] [memory N] [c2c N], in cycles"},
		{[]string{"latency hit 2 hit 3"},
			"t.coh:2:19: latency hit is given twice: keep one"},
		{[]string{"latency memroy 100"},
			"t.coh:2:13: unknown latency memroy (did you mean memory?): write latency [hit N] [bus N] [memory N] [c2c N], in cycles"},
		{[]string{"latency bus 2000000"},
			"t.coh:2:17: latency bus 2000000: a latency is 0 to 1000000 cycles"},
		{[]string{"upgrade maybe"},
			`t.coh:2:13: upgrade wants on or off, not "maybe": write upgrade on|off`},
		{[]string{"cleansharing of"},
			`t.coh:2:18: cleansharing wants on or off, not "of" (did you mean on?): write cleansharing on|off`},
		{[]string{"hoist yes"},
			`t.coh:2:11: hoist wants on or off, not "yes": write hoist on|off`},
		{[]string{"hoist"},
			`t.coh:2:5: hoist needs a value: write hoist on|off`},
		{[]string{"hoist on", "hoist off"},
			"t.coh:3:5: hoist is set twice (first on line 2): keep one"},
		{[]string{"allocate on off"},
			`t.coh:2:17: unexpected "off" after allocate on: write allocate on|off`},
		{[]string{"cores 4", "gomaxprocs 8"},
			"t.coh:3:16: gomaxprocs 8: the machine has 4 cores, so at most 4 threads can run at once: write gomaxprocs 1 to 4"},
		{[]string{"gomaxprocs 0"},
			"t.coh:2:16: gomaxprocs 0: at least 1 and at most the number of cores"},
		{[]string{"preempt 0"},
			"t.coh:2:13: preempt 0: a thread runs 1 to 1000000000 steps before it is preempted"},
		{[]string{"spin 2000000"},
			"t.coh:2:10: spin 2000000: a contended Lock tries 0 to 1000000 times before it parks"},
		{[]string{"abi stak"},
			"t.coh:2:9: unknown abi stak (did you mean stack?): write abi stack|register"},
		{[]string{"inline sometimes"},
			"t.coh:2:12: unknown inline option sometimes: write inline on|off, or inline budget N"},
		{[]string{"inline budget"},
			"t.coh:2:12: inline budget needs a value: write inline on|off, or inline budget N"},
		{[]string{"inline on 40"},
			`t.coh:2:15: unexpected "40" after inline on: write inline on|off, or inline budget N`},
		{[]string{"inline off budget 40"},
			`t.coh:2:16: unexpected "budget" after inline off: write inline on|off, or inline budget N`},
		{[]string{"inline budget 100001"},
			"t.coh:2:19: inline budget 100001: the budget is 0 to 100000 (Go's is 80)"},
		// Several problems are all reported.
		{[]string{"cores 0", "line 3", "abi heap"},
			"t.coh:2:11: cores 0: a machine has 1 to 1024 cores\n" +
				"t.coh:3:10: line 3: the line size must be a power of two from 8 to 4096 bytes (a line holds at least one 8-byte word)\n" +
				"t.coh:4:9: unknown abi heap: write abi stack|register"},
	} {
		_, errs := Machine(machine(tc.lines...), protos)
		checkErrs(t, tc.lines[0], errs, tc.want)
	}
}

// Several machine blocks act as one.
func TestMachineBlocks(t *testing.T) {
	decls := []*ast.MachineDecl{
		{Pos: pos(1, 1), Settings: []*ast.Setting{setting(2, "cores 4")}},
		{Pos: pos(5, 1), Settings: []*ast.Setting{setting(6, "protocol MSI"), setting(7, "cores 8")}},
	}
	m, errs := Machine(decls, nil)
	checkErrs(t, "blocks", errs, "t.coh:7:5: cores is set twice (first on line 2): keep one")
	if m.Sim.Protocol != "MSI" || m.Sim.Cores != 4 || m.Pos != pos(1, 1) {
		t.Errorf("%+v", m)
	}
}
