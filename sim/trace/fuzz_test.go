package trace

import (
	"bytes"
	"testing"
)

// FuzzParseLine: no line makes a parser panic; the single-pass parser,
// when it accepts a line, agrees with the general one; and a reference
// never names a core the machine lacks.
func FuzzParseLine(f *testing.F) {
	for _, s := range []string{
		"0 1000", "1 0x2000", "2 400abc", "3 r a1663dc4", "0 w 0", "I  04016b0,3", " M 0421f8e0,4",
		"==1== x", "# c", "", "0", "0 ", "9 zz", "1 r", "5 r 10", "0 ffffffffffffffffff", " L 10,", "2 0x1c",
	} {
		f.Add(s, uint8(0))
		f.Add(s, uint8(2))
	}
	f.Fuzz(func(t *testing.T, line string, which uint8) {
		format := []Format{Din, Lackey, Proc, CS4223}[which%4]
		p := lineParser{format: format, cores: 4}
		refs, msg := p.parse([]byte(line), nil)
		for _, r := range refs {
			if r.Core >= 4 {
				t.Fatalf("%s %q: core %d", format, line, r.Core)
			}
		}
		if msg != "" && len(refs) > 0 {
			t.Fatalf("%s %q: refs and an error", format, line)
		}
		if bytes.IndexByte([]byte(line), '\n') >= 0 || (format != Din && format != Proc) {
			return // the reader uses quick for din and proc lines only
		}
		b := append([]byte(line+"\n"), bytes.Repeat([]byte(" "), 64)...)
		if ref, n := p.quick(b); n > 0 {
			if n != len(line)+1 || msg != "" || len(refs) != 1 || refs[0] != ref {
				t.Fatalf("%s %q: quick %+v (%d bytes), parse %+v %q", format, line, ref, n, refs, msg)
			}
		}
	})
}
