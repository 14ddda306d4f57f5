package litmus

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
)

func TestParseSB(t *testing.T) {
	test := parseFile(t, "testdata/x86/SB.litmus")
	if test.Arch != X86 || test.Name != "SB" || test.Doc != "Fre PodWR Fre PodWR" {
		t.Errorf("header: %v %q %q", test.Arch, test.Name, test.Doc)
	}
	if len(test.Init) != 2 || test.Init[0].Loc.Key() != "x" || test.Init[1].Loc.Key() != "y" {
		t.Errorf("init: %+v", test.Init)
	}
	if len(test.Threads) != 2 {
		t.Fatalf("%d threads", len(test.Threads))
	}
	var got []string
	for _, th := range test.Threads {
		for _, in := range th.Instrs {
			got = append(got, fmt.Sprintf("%d:%d:%d %s", th.ID, in.Pos.Line, in.Pos.Col, in.Text))
		}
	}
	want := "0:8:2 MOV [x],$1, 0:9:2 MOV EAX,[y], 1:8:16 MOV [y],$1, 1:9:16 MOV EAX,[x]"
	if strings.Join(got, ", ") != want {
		t.Errorf("instructions:\n%s\nwant\n%s", strings.Join(got, ", "), want)
	}
	if got := test.Cond.String(); got != `exists (0:EAX=0 /\ 1:EAX=0)` {
		t.Errorf("condition %s", got)
	}
}

// TestParseForms checks what herd accepts besides the common layout:
// metadata lines, types in the init block, a condition without
// parentheses, upper-case registers in an X86_64 condition, a locations
// line, labels, hexadecimal and negative values.
func TestParseForms(t *testing.T) {
	src := `X86_64 forms
"Doc"
Cycle=Fre PodWR Fre PodWR
Variant=telechat
{
  uint64_t x = 0x10; int y=-1;
  0:RAX=3; [z]=2;
  int w;
}
  P0            |  P1           ;
 L0:            | movq (y),%rcx ;
  movl $1,(x)   |               ;
  xchg %eax,(y) | lock incl (z)  ;
locations [w; 1:rcx;]
forall 0:RAX = 3 \/ 1:rcx=-1 /\ [x]=0x10
`
	test, errs := Parse("forms.litmus", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("%s", diag.Render(errs, []byte(src), 0))
	}
	var inits []string
	for _, in := range test.Init {
		inits = append(inits, fmt.Sprintf("%s=%d", in.Loc, in.Value))
	}
	if got := strings.Join(inits, " "); got != "[x]=16 [y]=-1 0:rax=3 [z]=2 [w]=0" {
		t.Errorf("init: %s", got)
	}
	if got := test.Cond.String(); got != `forall (0:rax=3 \/ 1:rcx=-1 /\ [x]=16)` {
		t.Errorf("condition: %s", got)
	}
	if len(test.Locations) != 2 || test.Locations[0].String() != "[w]" || test.Locations[1].String() != "1:rcx" {
		t.Errorf("locations: %v", test.Locations)
	}
	if n := len(test.Threads[0].Instrs); n != 2 {
		t.Errorf("P0 has %d instructions, want 2 (the label is none)", n)
	}
	if in := test.Threads[1].Instrs[1]; in.Op != OpInc || !in.Lock || in.Dst.Name != "z" {
		t.Errorf("lock; incl (z): %+v", in)
	}
}

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		arch Arch
		src  string
		want string // op lock dst src
	}{
		{X86, "MOV [x],$1", "MOV [x] $1"},
		{X86, "mov eax,[y]", "MOV EAX [y]"},
		{X86, "MOV EAX,1", "MOV EAX $1"},
		{X86, "MOV [x],EBX", "MOV [x] EBX"},
		{X86, "MFENCE", "MFENCE"},
		{X86, "LFENCE", "NOP"},
		{X86, "XCHG [x],EAX", "XCHG lock [x] EAX"},
		{X86, "XCHG EAX,[x]", "XCHG lock [x] EAX"},
		{X86, "XCHG EAX,EBX", "XCHG EAX EBX"},
		{X86, "LOCK ADD [x],$2", "ADD lock [x] $2"},
		{X86, "LOCK XADD [x],EAX", "XADD lock [x] EAX"},
		{X86, "LOCK INC [x]", "INC lock [x]"},
		{X86, "LOCK CMPXCHG [x],EBX", "CMPXCHG lock [x] EBX"},
		{X86, "ADD EAX,$1", "ADD EAX $1"},
		{X86, "XOR EAX,EAX", "XOR EAX EAX"},
		{X86, "SUB EAX,[x]", "SUB EAX [x]"},
		{X86, "INC [x]", "INC [x]"},
		{X86, "L1: MOV [x],$-3", "MOV [x] $-3"},
		{X86_64, "movl $1,(x)", "MOV [x] $1"},
		{X86_64, "movq $1,[x]", "MOV [x] $1"},
		{X86_64, "movl (y),%eax", "MOV rax [y]"},
		{X86_64, "movb %al,(x)", "MOV [x] rax"},
		{X86_64, "mov %r8d,%r9", "MOV r9 r8"},
		{X86_64, "mfence", "MFENCE"},
		{X86_64, "xchgl %eax,(x)", "XCHG lock [x] rax"},
		{X86_64, "xchgq (x),%rbx", "XCHG lock [x] rbx"},
		{X86_64, "lock addl $1,(x)", "ADD lock [x] $1"},
		{X86_64, "lock xaddq %rax,(x)", "XADD lock [x] rax"},
		{X86_64, "incl (x)", "INC [x]"},
		{X86_64, "lock decw (x)", "DEC lock [x]"},
		{X86_64, "lock cmpxchgl %ebx,(x)", "CMPXCHG lock [x] rbx"},
		{X86_64, "nopl 0(%rax,%eax,0)", "NOP"},
	} {
		toks, serr := tokenize(tc.src, 0, len(tc.src))
		if serr != nil {
			t.Errorf("%s: %s", tc.src, serr.msg)
			continue
		}
		in, serr := decodeInstr(tc.arch, toks)
		if serr != nil {
			t.Errorf("%s: %s", tc.src, serr.msg)
			continue
		}
		got := in.Op.String()
		if in.Lock {
			got += " lock"
		}
		for _, o := range []Operand{in.Dst, in.Src} {
			switch o.Kind {
			case Reg:
				got += " " + o.Name
			case Mem:
				got += " [" + o.Name + "]"
			case Imm:
				got += fmt.Sprintf(" $%d", o.Value)
			}
		}
		if got != tc.want {
			t.Errorf("%v %s: %s, want %s", tc.arch, tc.src, got, tc.want)
		}
	}
}

// TestParseErrors checks the first error of broken tests, position
// included. The test text is SB with one line replaced.
func TestParseErrors(t *testing.T) {
	const sb = "X86 SB\n{ x=0; y=0; }\n P0          | P1          ;\n MOV [x],$1  | MOV [y],$1  ;\n MOV EAX,[y] | MOV EAX,[x] ;\nexists (0:EAX=0 /\\ 1:EAX=0)\n"
	line := func(n int, text string) string {
		lines := strings.Split(sb, "\n")
		lines[n-1] = text
		return strings.Join(lines, "\n")
	}
	for _, tc := range []struct {
		name, src, want string
	}{
		{"empty", "", "t.litmus:1:1: empty test: a litmus test starts with its architecture and name, as in X86 SB"},
		{"arch", line(1, "AArch64 SB"), "t.litmus:1:1: cohere reads X86 and X86_64 litmus tests, not AArch64"},
		{"not-arch", line(1, "SB"), `t.litmus:1:1: a litmus test starts with its architecture and name, as in X86 SB; found "SB"`},
		{"no-name", line(1, "X86"), "t.litmus:1:1: the header names the test after its architecture, as in X86 SB"},
		{"comment", line(2, "(* { x=0; }"), "t.litmus:2:1: comment (* not closed with *)"},
		{"no-init", line(2, "x=0;"), "t.litmus:3:2: expected the init block { ... } after the test's name, found \"P0\""},
		{"init-open", line(2, "{ x=0; y=0;"), "t.litmus:2:1: init block not closed with }"},
		{"init-pointer", line(2, "{ x=y; }"), "t.litmus:2:5: x=y: locations holding addresses are not supported; give an integer"},
		{"init-array", line(2, "{ int t[2]; }"), "t.litmus:2:7: arrays are not supported: give each location its own name"},
		{"init-twice", line(2, "{ x=0; [x]=1; }"), "t.litmus:2:8: [x] is given a value twice in the init block"},
		{"init-reg", line(2, "{ 0:EXX=1; }"), "t.litmus:2:5: unknown X86 register EXX (did you mean EAX?)"},
		{"init-thread", line(2, "{ 2:EAX=1; }"), "t.litmus:2:3: 2:EAX: the test has 2 threads, P0 to P1"},
		{"header", line(3, " P0 | P2 ;"), `t.litmus:3:7: column 1 of the thread table is headed P1, not "P2"`},
		{"unknown", line(4, " MOV [x],$1  | MOVE [y],$1 ;"), "t.litmus:4:16: unknown instruction MOVE (did you mean MOV?)"},
		{"branch", line(4, " JMP L0      | MOV [y],$1 ;"), "t.litmus:4:2: JMP is not supported: cohere does not translate branches; it translates ADD, AND, CMPXCHG, DEC, INC, LFENCE, MFENCE, MOV, NOP, OR, SFENCE, SUB, XADD, XCHG, XOR"},
		{"bare-location", line(4, " MOV x,$1    | MOV [y],$1 ;"), "t.litmus:4:6: x is not a register: write [x] for the memory location x"},
		{"register-typo", line(5, " MOV EAZ,[y] | MOV EAX,[x] ;"), "t.litmus:5:6: unknown register EAZ (did you mean EAX?)"},
		{"indirect", line(5, " MOV EAX,[EBX] | MOV EAX,[x] ;"), "t.litmus:5:11: indirect addressing through a register is not supported: write the location, as in [x] or (x)"},
		{"two-memory", line(5, " MOV [x],[y] | MOV EAX,[x] ;"), "t.litmus:5:2: MOV cannot have two memory operands"},
		{"immediate-dst", line(5, " MOV $1,EAX  | MOV EAX,[x] ;"), "t.litmus:5:6: the destination of MOV cannot be an immediate value"},
		{"lock-mov", line(5, " LOCK MOV [x],$1 | MOV EAX,[x] ;"), "t.litmus:5:2: LOCK cannot prefix MOV: a plain load or store is already atomic"},
		{"lock-register", line(5, " LOCK ADD EAX,$1 | MOV EAX,[x] ;"), "t.litmus:5:2: LOCK needs a memory destination: ADD"},
		{"operands", line(5, " INC [x],$1  | MOV EAX,[x] ;"), "t.litmus:5:2: INC takes 1 operand, not 2"},
		{"columns", line(5, " MOV EAX,[y] | MOV EAX,[x] | MFENCE ;"), "t.litmus:5:28: this row has more columns than the 2 threads the header names"},
		{"row-end", line(5, " MOV EAX,[y] | MOV EAX,[x]"), "t.litmus:5:2: a row of the thread table ends with ;"},
		{"no-condition", line(6, ""), "t.litmus:7:1: missing the final condition: exists (...), ~exists (...) or forall (...)"},
		{"condition-thread", line(6, "exists (0:EAX=0 /\\ 3:EAX=0)"), "t.litmus:6:20: 3:EAX: the test has 2 threads, P0 to P1"},
		{"condition-paren", line(6, "exists (0:EAX=0 /\\ 1:EAX=0"), "t.litmus:6:27: expected ), found end of input"},
		{"condition-bare-register", line(6, "exists (EAX=0)"), "t.litmus:6:9: EAX is a register: name its thread, as in 0:EAX"},
		{"condition-value", line(6, "exists (0:EAX=x)"), "t.litmus:6:15: x is not a number: values that are addresses of locations are not supported"},
		{"condition-junk", line(6, "exists (0:EAX=0) 1"), `t.litmus:6:18: unexpected "1" after the condition`},
		{"condition-char", line(6, "exists (0:EAX=0 & 1:EAX=0)"), "t.litmus:6:17: unexpected character '&'"},
		{"filter", line(6, "filter (0:EAX=0)"), "t.litmus:6:1: filter clauses are not supported: the condition is exists, ~exists or forall"},
		{"not-forall", line(6, "~forall (0:EAX=0)"), "t.litmus:6:1: ~forall is not a litmus condition: write exists (~(...)) for some state where the proposition fails"},
		{"x86-percent", line(5, " MOV %eax,[y] | MOV EAX,[x] ;"), "t.litmus:5:6: X86 tests write registers without %: EAX"},
		{"number", line(4, " MOV [x],$1x  | MOV [y],$1  ;"), `t.litmus:4:10: malformed number "1x"`},
		{"big-number", line(6, "exists (0:EAX=99999999999999999999)"), "t.litmus:6:15: number 99999999999999999999 does not fit in 64 bits"},
		{"locations", line(6, "locations [x y] exists (0:EAX=0)"), `t.litmus:6:14: expected ; or ] in the locations list, found "y"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := Parse("t.litmus", []byte(tc.src))
			if len(errs) == 0 {
				t.Fatalf("no error, want %s", tc.want)
			}
			if got := errs[0].Error(); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

// TestParseX86_64Errors checks the AT&T side's own errors.
func TestParseX86_64Errors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"movl $1,x", "t.litmus:4:10: x is not a register: write (x) for the memory location x"},
		{"movl 8(%rax),%ebx", "t.litmus:4:7: displacements such as 8(%rax) are not supported: write the location, (x)"},
		{"movl (%rax),%ebx", "t.litmus:4:8: indirect addressing through a register is not supported: write the location, as in [x] or (x)"},
		{"movl $1,%exx", "t.litmus:4:10: unknown register %exx (did you mean eax?)"},
		{"jne L0", "t.litmus:4:2: JNE is not supported: cohere does not translate branches; it translates ADD, AND, CMPXCHG, DEC, INC, LFENCE, MFENCE, MOV, NOP, OR, SFENCE, SUB, XADD, XCHG, XOR"},
		{"xchgl $1,(x)", "t.litmus:4:8: XCHG exchanges two registers, or a register and memory"},
		{"lock xaddl $1,(x)", "t.litmus:4:13: the source of XADD is a register"},
	} {
		src := "X86_64 T\n{}\n P0 ;\n " + tc.src + " ;\nexists (0:rax=0)\n"
		_, errs := Parse("t.litmus", []byte(src))
		if len(errs) == 0 {
			t.Errorf("%s: no error, want %s", tc.src, tc.want)
			continue
		}
		if got := errs[0].Error(); got != tc.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tc.src, got, tc.want)
		}
	}
}

// TestParseSeveralErrors checks that a bad instruction does not hide the
// next one.
func TestParseSeveralErrors(t *testing.T) {
	src := "X86 T\n{}\n P0       | P1      ;\n MOVE [x],$1 | JMP L ;\n FOO      | MOV EAX,[x] ;\nexists (1:EAX=0)\n"
	_, errs := Parse("t.litmus", []byte(src))
	var lines []string
	for _, e := range errs {
		lines = append(lines, fmt.Sprintf("%d:%d", e.Pos.Line, e.Pos.Col))
	}
	if got := strings.Join(lines, " "); got != "4:2 4:16 5:2" {
		t.Errorf("errors at %s, want 4:2 4:16 5:2:\n%v", got, errs)
	}
}

// TestParseTooLarge checks the size bound.
func TestParseTooLarge(t *testing.T) {
	_, errs := Parse("big.litmus", make([]byte, MaxSize+1))
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "at most") {
		t.Errorf("got %v", errs)
	}
}

// TestParseAllTestdata parses every test file, a check that no file in
// testdata is broken and a smoke test of the seed corpus.
func TestParseAllTestdata(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.litmus")
	if len(files) < 2*len(shapes) {
		t.Fatalf("%d files", len(files))
	}
	for _, f := range files {
		src, _ := os.ReadFile(f)
		if _, errs := Parse(f, src); len(errs) > 0 {
			t.Errorf("%s", diag.Render(errs, src, 0))
		}
	}
}
