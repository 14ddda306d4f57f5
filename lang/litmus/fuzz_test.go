package litmus

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/scenario"
)

// FuzzParse checks that no input makes the parser panic, and that every
// test it accepts translates, under both models, to a script that loads:
// a litmus test cohere reads is one it can run. The seed corpus is every
// test in testdata.
//
//	go test ./lang/litmus -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*.litmus")
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("X86 T\n{}\n P0 ;\n ;\nforall (true)\n"))
	f.Add([]byte("X86_64 T\n{ int x; }\n P0 | P1 ;\n lock cmpxchgq %rbx,(x) | xaddl %eax,(x) ;\nexists ~(x=1 => 0:rax=0)\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		test, errs := Parse("fuzz.litmus", src)
		if len(errs) > 0 {
			for _, e := range errs {
				if !e.Pos.IsValid() {
					t.Errorf("an error without a position: %s", e.Msg)
				}
			}
			return
		}
		if len(test.Threads) > 16 {
			return // a valid test, but loading it is slow
		}
		for _, m := range []Model{TSO, SC} {
			s, err := Translate(test, m)
			if err != nil {
				t.Fatalf("%v\n%s", err, src)
			}
			if _, errs := scenario.Load(s.Name, s.Src, scenario.Overrides{}); len(errs) > 0 {
				t.Fatalf("the translation does not load:\n%s\n%s", diag.Render(errs, s.Src, 5), s.Src)
			}
		}
		// The condition as herd prints it reads back the same.
		again := parseCondText(t, test.Arch, test.Cond.String())
		if again != test.Cond.String() {
			t.Errorf("condition %s reads back as %s", test.Cond, again)
		}
	})
}

func parseCondText(t *testing.T, arch Arch, text string) string {
	s, _ := newSource("c", []byte(text))
	toks, serr := tokenize(s.text, 0, len(s.text))
	if serr != nil {
		t.Fatalf("%s: %s", text, serr.msg)
	}
	c, serr := (&tparser{src: s, arch: arch, toks: toks}).condition()
	if serr != nil {
		t.Fatalf("%s: %s", text, serr.msg)
	}
	return c.String()
}
