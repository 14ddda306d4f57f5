package sim_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/sim"
)

func TestDefaultConfigValidates(t *testing.T) {
	cfg := sim.DefaultConfig()
	g, tb, err := cfg.Validate()
	if err != nil {
		t.Fatalf("DefaultConfig: %v", err)
	}
	if want := (sim.Geometry{Line: 64, Size: 32 << 10, Ways: 8, Sets: 64}); g != want {
		t.Errorf("geometry %+v, want %+v", g, want)
	}
	if tb == nil || tb.Name != "MESI" || !tb.Compiled() {
		t.Errorf("protocol %v, want compiled MESI", tb)
	}
	if cfg.Cores != 2 || cfg.Replace != sim.LRU || cfg.Latency != (sim.Latency{Hit: 1, Bus: 20, Memory: 100, C2C: 10}) {
		t.Errorf("DefaultConfig = %+v", cfg)
	}
}

func TestConfigValid(t *testing.T) {
	for _, c := range []struct {
		name   string
		edit   func(*sim.Config)
		geo    sim.Geometry
		protoc string
	}{
		{"1 core", func(c *sim.Config) { c.Cores = 1 }, sim.Geometry{Line: 64, Size: 32 << 10, Ways: 8, Sets: 64}, "MESI"},
		{"1024 cores", func(c *sim.Config) { c.Cores = 1024 }, sim.Geometry{Line: 64, Size: 32 << 10, Ways: 8, Sets: 64}, "MESI"},
		{"fully associative", func(c *sim.Config) { c.Ways = 0; c.Size = 4096 }, sim.Geometry{Line: 64, Size: 4096, Ways: 64, Sets: 1}, "MESI"},
		{"direct-mapped", func(c *sim.Config) { c.Ways = 1 }, sim.Geometry{Line: 64, Size: 32 << 10, Ways: 1, Sets: 512}, "MESI"},
		{"3 sets", func(c *sim.Config) { c.Size = 3 * 8 * 64 }, sim.Geometry{Line: 64, Size: 1536, Ways: 8, Sets: 3}, "MESI"},
		{"1-byte lines", func(c *sim.Config) { c.Line = 1; c.Size = 8; c.Ways = 2 }, sim.Geometry{Line: 1, Size: 8, Ways: 2, Sets: 4}, "MESI"},
		{"4096-byte lines", func(c *sim.Config) { c.Line = 4096; c.Size = 8192; c.Ways = 2 }, sim.Geometry{Line: 4096, Size: 8192, Ways: 2, Sets: 1}, "MESI"},
		{"protocol in any case", func(c *sim.Config) { c.Protocol = "moesi" }, sim.Geometry{Line: 64, Size: 32 << 10, Ways: 8, Sets: 64}, "MOESI"},
		{"dragon", func(c *sim.Config) { c.Protocol = "dragon" }, sim.Geometry{Line: 64, Size: 32 << 10, Ways: 8, Sets: 64}, "Dragon"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := sim.DefaultConfig()
			c.edit(&cfg)
			g, tb, err := cfg.Validate()
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if g != c.geo {
				t.Errorf("geometry %+v, want %+v", g, c.geo)
			}
			if tb.Name != c.protoc {
				t.Errorf("protocol %s, want %s", tb.Name, c.protoc)
			}
			m, err := sim.New(cfg)
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if m.Config().Protocol != c.protoc || m.Config().Ways != c.geo.Ways {
				t.Errorf("Config() = protocol %s ways %d, want %s %d", m.Config().Protocol, m.Config().Ways, c.protoc, c.geo.Ways)
			}
		})
	}
}

func TestConfigInvalid(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*sim.Config)
		want []string // fragments of the error
	}{
		{"0 cores", func(c *sim.Config) { c.Cores = 0 }, []string{"cores 0", "1 to 1024 cores"}},
		{"-1 cores", func(c *sim.Config) { c.Cores = -1 }, []string{"cores -1", "1 to 1024 cores"}},
		{"1025 cores", func(c *sim.Config) { c.Cores = 1025 }, []string{"cores 1025", "1 to 1024 cores"}},
		{"line 48", func(c *sim.Config) { c.Line = 48 }, []string{"line 48", "power of two"}},
		{"line 0", func(c *sim.Config) { c.Line = 0 }, []string{"line 0", "power of two"}},
		{"line 8192", func(c *sim.Config) { c.Line = 8192; c.Size = 64 << 10 }, []string{"line 8192", "power of two from 1 to 4096"}},
		{"data with 4-byte lines", func(c *sim.Config) { c.Line = 4; c.Data = true }, []string{"line 4", "8 bytes or more"}},
		{"size smaller than a line", func(c *sim.Config) { c.Size = 32; c.Ways = 1 }, []string{"size 32", "at least one 64-byte line"}},
		{"negative ways", func(c *sim.Config) { c.Ways = -2 }, []string{"ways -2", "1 or more", "0 for fully associative"}},
		{"size not a multiple of ways x line", func(c *sim.Config) { c.Size = 24 << 10; c.Ways = 5 },
			[]string{"size 24KiB", "not a multiple of ways × line", "5 × 64 = 320"}},
		{"size 1000, 8 ways", func(c *sim.Config) { c.Size = 1000 },
			[]string{"size 1000", "not a multiple of ways × line", "8 × 64 = 512"}},
		{"unknown protocol", func(c *sim.Config) { c.Protocol = "MOSI" },
			[]string{`unknown protocol "MOSI"`, "none, WT, WTI, MSI, MESI, MOESI, MESIF, Dragon, Firefly"}},
		{"empty protocol", func(c *sim.Config) { c.Protocol = "" },
			[]string{`unknown protocol ""`, "none, WT, WTI, MSI, MESI, MOESI, MESIF, Dragon, Firefly"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := sim.DefaultConfig()
			c.edit(&cfg)
			_, _, err := cfg.Validate()
			if err == nil {
				t.Fatalf("Validate accepted %+v", cfg)
			}
			for _, f := range c.want {
				if !strings.Contains(err.Error(), f) {
					t.Errorf("error %q does not contain %q", err, f)
				}
			}
			if _, err2 := sim.New(cfg); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("New: %v, want the same error as Validate", err2)
			}
		})
	}
}

// TestConfigSizeSuggestions: the size-not-a-multiple error suggests a size,
// and an associativity when one can work (the size is a whole number of
// lines); each suggestion must itself be a valid machine.
func TestConfigSizeSuggestions(t *testing.T) {
	re := regexp.MustCompile(`try --size (\S+?)(?: or --ways (\d+))?$`)
	for _, c := range []struct{ size, ways, line int }{
		{24 << 10, 5, 64},
		{1000, 8, 64},
		{3000, 4, 64},
		{96, 2, 64},
		{20 << 10, 3, 128},
	} {
		cfg := sim.DefaultConfig()
		cfg.Size, cfg.Ways, cfg.Line = c.size, c.ways, c.line
		_, _, err := cfg.Validate()
		if err == nil {
			t.Errorf("size %d ways %d line %d: accepted", c.size, c.ways, c.line)
			continue
		}
		mt := re.FindStringSubmatch(err.Error())
		if mt == nil {
			t.Errorf("size %d ways %d line %d: %q suggests no --size and --ways", c.size, c.ways, c.line, err)
			continue
		}
		size, perr := sim.ParseSize(mt[1])
		if perr != nil {
			t.Errorf("suggested size %q does not parse: %v", mt[1], perr)
			continue
		}
		bySize := cfg
		bySize.Size = size
		if _, _, err := bySize.Validate(); err != nil {
			t.Errorf("size %d ways %d line %d: suggested --size %s is invalid: %v", c.size, c.ways, c.line, mt[1], err)
		}
		if (c.size%c.line == 0) != (mt[2] != "") {
			t.Errorf("size %d line %d: %q: a --ways suggestion belongs exactly where the size is a whole number of lines", c.size, c.line, err)
		}
		if mt[2] == "" {
			continue
		}
		byWays := cfg
		byWays.Ways = int(mt[2][0] - '0')
		for _, d := range mt[2][1:] {
			byWays.Ways = byWays.Ways*10 + int(d-'0')
		}
		if _, _, err := byWays.Validate(); err != nil {
			t.Errorf("size %d ways %d line %d: suggested --ways %s is invalid: %v", c.size, c.ways, c.line, mt[2], err)
		}
	}
}

func TestParseSize(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
	}{
		{"8192", 8192},
		{"8K", 8192},
		{"8k", 8192},
		{"8KiB", 8192},
		{"8kib", 8192},
		{"8KB", 8192},
		{"32KiB", 32 << 10},
		{"1M", 1 << 20},
		{"1MiB", 1 << 20},
		{"1MB", 1 << 20},
		{"2M", 2 << 20},
		{"1G", 1 << 30},
		{"100", 100},
		{"64B", 64},
		{" 8K ", 8192},
		{"0", 0},
	} {
		got, err := sim.ParseSize(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, in := range []string{"", "K", "KiB", "abc", "8X", "8Ki", "8.5K", "-8K", "-1", "0x10", "1e3", "8KK", "8 K B", "K8", "8KiBs", "2T", "99999999999G"} {
		if got, err := sim.ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", in, got)
		} else if !strings.Contains(err.Error(), in) && in != "" {
			t.Errorf("ParseSize(%q): error %q does not quote the input", in, err)
		}
	}
}

func TestFormatSize(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{
		{100, "100"}, {1024, "1KiB"}, {32 << 10, "32KiB"}, {1536, "1536"}, {1 << 20, "1MiB"}, {3 << 30, "3GiB"}, {1<<20 + 1<<10, "1025KiB"},
	} {
		if got := sim.FormatSize(c.n); got != c.want {
			t.Errorf("FormatSize(%d) = %q, want %q", c.n, got, c.want)
		}
		if back, err := sim.ParseSize(sim.FormatSize(c.n)); err != nil || back != c.n {
			t.Errorf("ParseSize(FormatSize(%d)) = %d, %v", c.n, back, err)
		}
	}
}

func TestParseReplacement(t *testing.T) {
	for in, want := range map[string]sim.Replacement{"lru": sim.LRU, "LRU": sim.LRU, "fifo": sim.FIFO, "Random": sim.Random} {
		if got, err := sim.ParseReplacement(in); err != nil || got != want {
			t.Errorf("ParseReplacement(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	if _, err := sim.ParseReplacement("plru"); err == nil || !strings.Contains(err.Error(), "lru, fifo or random") {
		t.Errorf("ParseReplacement(plru): %v", err)
	}
}
