package sim_test

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/sim"
	"github.com/cohere-sim/cohere/sim/protocol"
)

// installMachine is a 2-core machine with data, 2 sets of 2 ways of 64-byte
// lines, under protocol.
func installMachine(t *testing.T, proto string) *sim.Machine {
	t.Helper()
	cfg := sim.DefaultConfig()
	cfg.Protocol = proto
	cfg.Size, cfg.Ways = 4*64, 2
	cfg.Data = true
	m, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// lineWith is a 64-byte line holding v in its first word.
func lineWith(v uint64) []byte {
	b := make([]byte, 64)
	binary.LittleEndian.PutUint64(b, v)
	return b
}

func mustState(t *testing.T, m *sim.Machine, name string) protocol.State {
	t.Helper()
	s, ok := m.Protocol().StateNamed(name)
	if !ok {
		t.Fatalf("%s has no state %s", m.Protocol().Name, name)
	}
	return s
}

func install(t *testing.T, m *sim.Machine, core int, addr uint64, state string, v uint64) {
	t.Helper()
	if err := m.Install(core, addr, mustState(t, m, state), lineWith(v)); err != nil {
		t.Fatal(err)
	}
}

func wantWord(t *testing.T, what string, got uint64, err error, want uint64) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if got != want {
		t.Errorf("%s = %d, want %d", what, got, want)
	}
}

// TestInstallDirtyThenRead: MESI P0 holds the line in M with 5, memory 0;
// P1's read is supplied by P0's flush, both end in S, memory takes 5, and
// the counters count the read only.
func TestInstallDirtyThenRead(t *testing.T) {
	m := installMachine(t, "MESI")
	install(t, m, 0, 0x1000, "M", 5)
	if v := m.CheckLine(0x1000); v != nil {
		t.Fatalf("coherent install reported: %v", v)
	}
	if m.Steps() != 0 || m.Cycles() != 0 || m.Totals() != (sim.Counters{}) {
		t.Errorf("install counted: steps %d, cycles %d, totals %+v", m.Steps(), m.Cycles(), m.Totals())
	}
	v, err := m.Memory(0x1000, 8)
	wantWord(t, "memory before", v, err, 0)
	v, err = m.Latest(0x1000, 8)
	wantWord(t, "latest", v, err, 5)
	v, err = m.Load(1, 0x1000, 8)
	wantWord(t, "P1 load", v, err, 5)
	if a, b := m.StateName(0, 0x1000), m.StateName(1, 0x1000); a != "S" || b != "S" {
		t.Errorf("states after the read: P0 %s P1 %s, want S S", a, b)
	}
	v, err = m.Memory(0x1000, 8)
	wantWord(t, "memory after the flush", v, err, 5)
	c0, c1 := m.Counters(0), m.Counters(1)
	if c0.Flushes != 1 || c0.Reads != 0 || c1.Reads != 1 || c1.ReadMisses != 1 || c1.C2C != 1 || m.Steps() != 1 {
		t.Errorf("counters: P0 %+v, P1 %+v, steps %d", c0, c1, m.Steps())
	}
}

// TestInstallCleanSetsMemory: a clean copy makes memory hold its data,
// unless another cache holds the line dirty (MOESI O with S sharers).
func TestInstallCleanSetsMemory(t *testing.T) {
	m := installMachine(t, "MESI")
	install(t, m, 0, 0x1000, "S", 7)
	install(t, m, 1, 0x1000, "S", 7)
	v, err := m.Memory(0x1000, 8)
	wantWord(t, "memory under S", v, err, 7)
	if v := m.CheckLine(0x1000); v != nil {
		t.Fatalf("coherent install reported: %v", v)
	}

	m = installMachine(t, "MOESI")
	install(t, m, 0, 0x1000, "O", 9)
	install(t, m, 1, 0x1000, "S", 9)
	v, err = m.Memory(0x1000, 8)
	wantWord(t, "memory under O", v, err, 0)
	if v := m.CheckLine(0x1000); v != nil {
		t.Fatalf("coherent install reported: %v", v)
	}
	v, err = m.Load(1, 0x1000, 8)
	wantWord(t, "P1 load (a hit)", v, err, 9)
	if c := m.Counters(1); c.ReadMisses != 0 {
		t.Errorf("P1's read of its installed S line missed: %+v", c)
	}
}

// TestInstallChecked: the invariant checker sees an incoherent start.
func TestInstallChecked(t *testing.T) {
	m := installMachine(t, "MESI")
	install(t, m, 0, 0x1000, "M", 5)
	install(t, m, 1, 0x1000, "S", 5)
	v := m.CheckLine(0x1000)
	if len(v) == 0 || !strings.Contains(v[0], "single writer violated: P0 in M, P1 in S") {
		t.Errorf("CheckLine = %q, want a single-writer violation", v)
	}

	m = installMachine(t, "MSI")
	install(t, m, 0, 0x1000, "S", 5)
	install(t, m, 1, 0x1000, "S", 6)
	if v := m.CheckLine(0x1000); len(v) == 0 || !strings.Contains(strings.Join(v, "\n"), "P0's copy (S) holds 5") {
		t.Errorf("CheckLine = %q, want P0's copy differing", v)
	}
}

// TestInstallReplaces: installing a line a cache holds changes it in place.
func TestInstallReplaces(t *testing.T) {
	m := installMachine(t, "MESI")
	install(t, m, 0, 0x1000, "E", 1)
	install(t, m, 0, 0x1000, "M", 2)
	if got := len(m.CacheContents(0)); got != 1 {
		t.Errorf("P0 holds %d lines, want 1", got)
	}
	if s := m.StateName(0, 0x1000); s != "M" {
		t.Errorf("state %s, want M", s)
	}
	v, err := m.Peek(0, 0x1000, 8)
	wantWord(t, "P0's copy", v, err, 2)
}

// TestInstallErrors: a full set is named, and so are bad states and data.
func TestInstallErrors(t *testing.T) {
	m := installMachine(t, "MESI")
	// Two sets of 64-byte lines: 0x1000, 0x1080 and 0x1100 share set 0.
	install(t, m, 0, 0x1000, "S", 1)
	install(t, m, 0, 0x1080, "S", 1)
	err := m.Install(0, 0x1100, mustState(t, m, "S"), lineWith(1))
	if err == nil || err.Error() != "install 0x1100 in P0: set 0 is full (2 ways hold 0x1000, 0x1080)" {
		t.Errorf("third line of set 0: %v", err)
	}
	if err := m.Install(1, 0x1100, mustState(t, m, "S"), lineWith(1)); err != nil {
		t.Errorf("P1's set 0 is empty: %v", err)
	}
	for _, c := range []struct {
		core  int
		state protocol.State
		data  []byte
		want  string
	}{
		{0, protocol.Invalid, lineWith(0), "I is the invalid state: install a valid one (E, S, M)"},
		{0, 9, lineWith(0), "no state 9: MESI has states I, E, S, M"},
		{0, 1, make([]byte, 8), "8 bytes of data, the line has 64"},
		{2, 1, lineWith(0), "core 2: the machine has cores 0 to 1"},
	} {
		err := m.Install(c.core, 0x2000, c.state, c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Install(%d, state %d, %d bytes) = %v, want %q", c.core, c.state, len(c.data), err, c.want)
		}
	}
}

// TestInstallLRU: installed lines are filled in order, so the first one
// is the least recently used and the first victim.
func TestInstallLRU(t *testing.T) {
	m := installMachine(t, "MESI")
	install(t, m, 0, 0x1000, "E", 1)
	install(t, m, 0, 0x1080, "E", 2)
	if _, err := m.Load(0, 0x1100, 8); err != nil {
		t.Fatal(err)
	}
	if s := m.StateName(0, 0x1000); s != "I" {
		t.Errorf("0x1000 is %s, want evicted (I)", s)
	}
	if s := m.StateName(0, 0x1080); s != "E" {
		t.Errorf("0x1080 is %s, want E", s)
	}
}

// TestInstallClassifies: an installed line is not a cold miss later.
func TestInstallClassifies(t *testing.T) {
	m := installMachine(t, "MESI")
	if err := m.EnableClassification(); err != nil {
		t.Fatal(err)
	}
	install(t, m, 0, 0x1000, "S", 1)
	if err := m.Store(1, 0x1000, 8, 2); err != nil { // invalidates P0's copy
		t.Fatal(err)
	}
	if _, err := m.Load(0, 0x1000, 8); err != nil {
		t.Fatal(err)
	}
	if c := m.Classifier().Core(0); c[sim.Cold] != 0 || c[sim.TrueSharing] != 1 {
		t.Errorf("P0's miss classes %v, want one true-sharing miss", c)
	}
}
