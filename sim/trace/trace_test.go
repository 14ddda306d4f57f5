package trace

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cohere-sim/cohere/sim"
)

// writeFile writes content to a file in a temporary directory.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// refsOf parses a whole file and returns its references.
func refsOf(t *testing.T, files []string, opt Options) ([]Ref, error) {
	t.Helper()
	src, err := Open(files, opt)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	var all []Ref
	for _, r := range src.readers {
		for {
			refs, err := r.next(nil, batchSize)
			all = append(all, refs...)
			if err != nil {
				if err.Error() == "EOF" {
					break
				}
				return all, err
			}
		}
	}
	return all, nil
}

func TestParseFormats(t *testing.T) {
	for _, tc := range []struct {
		name, file, content string
		format              Format
		cores               int
		want                []Ref
	}{
		{name: "din", file: "a.din", format: Din, cores: 1,
			content: "0 1000\n1 0x2000\n2 400abc\n\n# comment\n0\t10\n",
			want:    []Ref{{Addr: 0x1000, Kind: Load}, {Addr: 0x2000, Kind: Store}, {Addr: 0x400abc, Kind: Fetch}, {Addr: 0x10, Kind: Load}}},
		{name: "din extra field and CRLF", file: "b.din", format: Din, cores: 1,
			content: "0 1000 4\r\n1 2000\r\n",
			want:    []Ref{{Addr: 0x1000, Kind: Load}, {Addr: 0x2000, Kind: Store}}},
		{name: "proc", file: "a.proc", format: Proc, cores: 4,
			content: "1 r a1663dc4\n3 w e41e82f0\n0 R 10\n2 W 0x20\n",
			want:    []Ref{{Addr: 0xa1663dc4, Core: 1}, {Addr: 0xe41e82f0, Core: 3, Kind: Store}, {Addr: 0x10}, {Addr: 0x20, Core: 2, Kind: Store}}},
		{name: "lackey", file: "a.lackey", format: Lackey, cores: 1,
			content: "==123== Lackey, an example Valgrind tool\nI  04016b0,3\n S 7ff000398,8\n L 04222cac,4\n M 0421f8e0,4\n--123-- done\n",
			want:    []Ref{{Addr: 0x4016b0, Kind: Fetch}, {Addr: 0x7ff000398, Kind: Store}, {Addr: 0x4222cac, Kind: Load}, {Addr: 0x421f8e0, Kind: Load}, {Addr: 0x421f8e0, Kind: Store}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeFile(t, tc.file, tc.content)
			src, err := Open([]string{p}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if src.Format != tc.format || src.Cores() != tc.cores {
				t.Errorf("detected %s with %d cores, want %s with %d", src.Format, src.Cores(), tc.format, tc.cores)
			}
			src.Close()
			got, err := refsOf(t, []string{p}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %d refs %v, want %d %v", len(got), got, len(tc.want), tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("ref %d = %+v, want %+v", i, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestQuickMatchesParse: the single-pass parser and the general one agree
// on every line shape the quick one accepts, and it declines the others.
func TestQuickMatchesParse(t *testing.T) {
	pad := strings.Repeat("0 0\n", 20) // quick wants 64 bytes of room
	for _, tc := range []struct {
		format Format
		line   string
		quick  bool
	}{
		{Din, "0 1f\n", true}, {Din, "1 ffffffffffffffff\n", true}, {Din, "2 0\n", true},
		{Din, "3 10\n", false}, {Din, "0 0x10\n", false}, {Din, "0 10 4\n", false}, {Din, "0 10\r\n", false},
		{Din, "0 1ffffffffffffffff\n", false}, {Din, "0 zz\n", false}, {Din, "10 10\n", false},
		{Proc, "3 r a1663dc4\n", true}, {Proc, "0 w 0\n", true}, {Proc, "4 r 10\n", false},
		{Proc, "1 x 10\n", false}, {Proc, "1  r 10\n", false},
	} {
		p := lineParser{format: tc.format, cores: 4}
		b := []byte(tc.line + pad)
		ref, n := p.quick(b)
		if (n > 0) != tc.quick {
			t.Errorf("%s %q: quick took %d bytes, want quick=%v", tc.format, tc.line, n, tc.quick)
			continue
		}
		if n == 0 {
			continue
		}
		if n != len(tc.line) {
			t.Errorf("%s %q: quick consumed %d bytes, want %d", tc.format, tc.line, n, len(tc.line))
		}
		refs, msg := p.parse([]byte(strings.TrimSuffix(tc.line, "\n")), nil)
		if msg != "" || len(refs) != 1 || refs[0] != ref {
			t.Errorf("%s %q: quick %+v, parse %+v %q", tc.format, tc.line, ref, refs, msg)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		format        Format
		cores         int
		want          string
	}{
		{"din label", "0 10\n7 20\n", Din, 0, "t:2: label 7: din labels are 0 (read), 1 (write) and 2 (instruction fetch)"},
		{"din address", "0 10\n0 xyz\n", Din, 0, "t:2: want a hexadecimal address"},
		{"din junk in address", "0 12g4\n", Din, 0, "t:1: unexpected 'g' in a hexadecimal address"},
		{"din no address", "0\n", Din, 0, "t:1: want \"<label> <hex address>\""},
		{"din too wide", "0 11112222333344445\n", Din, 0, "t:1: address has more than 64 bits"},
		{"proc op", "0 r 10\n1 x 10\n", Proc, 2, "t:2: operation 'x': want r or w"},
		{"proc core", "0 r 10\n5 w 10\n", Proc, 4, "t:2: processor 5, but the machine has 4 cores (0 to 3); use --cores 6"},
		{"lackey op", "I 10,4\n X 10,4\n", Lackey, 0, "t:2: operation 'X': lackey lines are I, L, S or M"},
		{"lackey size", " L 10\n", Lackey, 0, "t:1: want \"<hex address>,<size>\""},
		{"cs4223 label", "0 0x10\n5 0x10\n", CS4223, 1, "t:2: label 5: cs4223 labels are 0 (load), 1 (store) and 2 (compute cycles)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "t")
			os.WriteFile(p, []byte(tc.content), 0o644)
			wd, _ := os.Getwd()
			os.Chdir(filepath.Dir(p))
			defer os.Chdir(wd)
			_, err := refsOf(t, []string{"t"}, Options{Format: tc.format, Cores: tc.cores})
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("error %v, want prefix %q", err, tc.want)
			}
			if _, ok := err.(*Error); !ok {
				t.Errorf("error is %T, want *trace.Error", err)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		head  string
		files int
		want  Format
		err   string
	}{
		{"0 1000\n", 1, Din, ""},
		{"# header\n\n1 r 10\n", 1, Proc, ""},
		{"==1== Lackey\n", 1, Lackey, ""},
		{"I  04016b0,3\n", 1, Lackey, ""},
		{" L 10,4\n", 1, Lackey, ""},
		{"0 0x817ae8\n", 2, CS4223, ""},
		{"hello world\n", 1, Auto, "cannot tell the trace format from the line \"hello world\""},
		{"", 1, Auto, "no access in the first lines"},
		{strings.Repeat("\x00", 5000) + "\n", 1, Auto, `cannot tell the trace format from the line "` + strings.Repeat(`\x00`, 60) + `..."; name it`},
	} {
		got, err := Detect([]byte(tc.head), tc.files)
		if got != tc.want || (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("Detect(%q, %d) = %s, %v; want %s, %q", tc.head, tc.files, got, err, tc.want, tc.err)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, "a.din", "0 10\n")
	b := writeFile(t, "b.din", "0 10\n")
	for _, tc := range []struct {
		files []string
		opt   Options
		want  string
	}{
		{nil, Options{}, "no trace file given"},
		{[]string{filepath.Join(dir, "missing")}, Options{}, "no such file"},
		{[]string{dir}, Options{}, "is a directory"},
		{[]string{a, b}, Options{Format: Din}, "2 trace files given: only the cs4223 format reads one file per core"},
		{[]string{a, b}, Options{Format: CS4223, Cores: 1}, "2 per-core trace files but 1 cores: give --cores 2 or more"},
	} {
		_, err := Open(tc.files, tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Open(%v) error %v, want %q", tc.files, err, tc.want)
		}
	}
	if _, err := ParseFormat("dinero"); err == nil || !strings.Contains(err.Error(), "formats: auto, din, lackey, proc, cs4223") {
		t.Errorf("ParseFormat error %v", err)
	}
}

func TestGzipAndStdin(t *testing.T) {
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write([]byte("0 r 40\n1 w 40\n"))
	w.Close()
	p := writeFile(t, "t.proc.gz", z.String())
	for _, tc := range []struct {
		files []string
		stdin string
	}{
		{[]string{p}, ""},
		{[]string{"-"}, z.String()},
		{[]string{"-"}, "0 r 40\n1 w 40\n"},
	} {
		got, err := refsOf(t, tc.files, Options{Stdin: strings.NewReader(tc.stdin)})
		if err != nil {
			t.Fatal(err)
		}
		want := []Ref{{Addr: 0x40}, {Addr: 0x40, Core: 1, Kind: Store}}
		if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("%v: got %+v", tc.files, got)
		}
	}
}

func newMachine(t *testing.T, cores int) *sim.Machine {
	t.Helper()
	cfg := sim.DefaultConfig()
	cfg.Cores = cores
	m, err := sim.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestRunMatchesDirectAccess: running a file gives the same counters as
// feeding the engine the same accesses by hand, across batch boundaries.
func TestRunMatchesDirectAccess(t *testing.T) {
	var b strings.Builder
	direct := newMachine(t, 4)
	for i := 0; i < 3*batchSize+17; i++ {
		core := (i * 7) % 4
		addr := uint64((i*2654435761)%(1<<16)) &^ 7
		op := sim.Read
		c := 'r'
		if i%5 == 0 {
			op, c = sim.Write, 'w'
		}
		b.WriteString(strings.Join([]string{string(rune('0' + core)), string(c), strconvHex(addr)}, " ") + "\n")
		direct.Access(core, op, addr)
	}
	p := writeFile(t, "t.proc", b.String())
	src, err := Open([]string{p}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	m := newMachine(t, src.Cores())
	st, err := src.Run(m, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if st.Refs != uint64(3*batchSize+17) || st.Stopped != "" {
		t.Errorf("stats %+v", st)
	}
	if m.Summary().Totals.Reads != direct.Summary().Totals.Reads || m.Totals() != direct.Totals() || m.Cycles() != direct.Cycles() {
		t.Errorf("run %+v\ndirect %+v", m.Totals(), direct.Totals())
	}
}

func strconvHex(v uint64) string {
	const digits = "0123456789abcdef"
	if v == 0 {
		return "0"
	}
	var b []byte
	for ; v > 0; v >>= 4 {
		b = append([]byte{digits[v&15]}, b...)
	}
	return string(b)
}

func TestRunLimits(t *testing.T) {
	p := writeFile(t, "t.din", strings.Repeat("0 10\n1 20\n", 3*batchSize))
	src, _ := Open([]string{p}, Options{})
	m := newMachine(t, 1)
	st, err := src.Run(m, Limits{MaxRefs: 12345})
	src.Close()
	if err != nil || st.Refs != 12345 || st.Stopped != "limit" {
		t.Errorf("limit: %+v %v", st, err)
	}
	if got := m.Counters(0); got.Reads+got.Writes != 12345 {
		t.Errorf("limit: engine ran %d accesses", got.Reads+got.Writes)
	}
	stop := make(chan struct{})
	close(stop)
	src, _ = Open([]string{p}, Options{})
	st, err = src.Run(newMachine(t, 1), Limits{Stop: stop})
	src.Close()
	if err != nil || st.Stopped != "interrupted" {
		t.Errorf("interrupt: %+v %v", st, err)
	}
	src, _ = Open([]string{p}, Options{})
	st, err = src.Run(newMachine(t, 1), Limits{Deadline: time.Now().Add(-time.Second)})
	src.Close()
	if err != nil || st.Stopped != "timeout" {
		t.Errorf("timeout: %+v %v", st, err)
	}
	// A malformed line stops the run with its position, after the good ones.
	q := writeFile(t, "bad.din", strings.Repeat("0 10\n", 100)+"9 10\n")
	src, _ = Open([]string{q}, Options{})
	m = newMachine(t, 1)
	st, err = src.Run(m, Limits{})
	src.Close()
	if err == nil || !strings.Contains(err.Error(), "bad.din:101: label 9") || st.Refs != 100 {
		t.Errorf("bad line: %+v %v", st, err)
	}
}

// TestCS4223Timed: per-core files interleave by clock: a core that
// computes for a long time lets the other run ahead.
func TestCS4223Timed(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "app_0.data"), []byte("2 0x3e8\n0 0x100\n"), 0o644)          // compute 1000 cycles, then load
	os.WriteFile(filepath.Join(dir, "app_1.data"), []byte("1 0x100\n0 0x200\n0 0x300\n"), 0o644) // store, loads
	src, err := Open([]string{filepath.Join(dir, "app")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if src.Format != CS4223 || src.Cores() != 2 || len(src.Files) != 2 {
		t.Fatalf("format %s cores %d files %v", src.Format, src.Cores(), src.Files)
	}
	m := newMachine(t, 2)
	var order []int
	m.Observe(sim.ObserverFunc(func(m *sim.Machine, e *sim.Event) { order = append(order, e.Core) }))
	st, err := src.Run(m, Limits{})
	if err != nil || st.Refs != 5 {
		t.Fatalf("%+v %v", st, err)
	}
	// P0 computes first (clock 1000); P1's three accesses (121+... cycles)
	// all come before P0's load; P0 then reads 0x100 from P1's M copy.
	if want := []int{1, 1, 1, 0}; len(order) != 4 || order[0] != want[0] || order[1] != want[1] || order[2] != want[2] || order[3] != want[3] {
		t.Errorf("access order %v, want %v", order, want)
	}
	if c := m.Counters(0); c.C2C != 1 || c.Reads != 1 {
		t.Errorf("P0 counters %+v", c)
	}
	if m.Clock(0) < 1000 {
		t.Errorf("P0 clock %d, want at least the 1000 compute cycles", m.Clock(0))
	}
}
