package litmus

import (
	"testing"
)

func parseCond(t *testing.T, arch Arch, src string) *Condition {
	t.Helper()
	s, _ := newSource("c", []byte(src))
	toks, err := tokenize(s.text, 0, len(s.text))
	if err != nil {
		t.Fatalf("%s: %s", src, err.msg)
	}
	c, err := (&tparser{src: s, arch: arch, toks: toks}).condition()
	if err != nil {
		t.Fatalf("%s: %s", src, err.msg)
	}
	return c
}

// TestConditionPrint checks herd's way of printing a condition: locations
// in brackets, registers by their canonical name, the proposition in
// parentheses, as few inner parentheses as the precedence needs (~ binds
// tightest, then /\, \/, and => loosest).
func TestConditionPrint(t *testing.T) {
	for _, tc := range []struct {
		arch      Arch
		src, want string
	}{
		{X86, `exists (0:EAX=0 /\ 1:EAX=0)`, `exists (0:EAX=0 /\ 1:EAX=0)`},
		{X86, `exists(0:eax=0/\x=1)`, `exists (0:EAX=0 /\ [x]=1)`},
		{X86, `~exists ([x]=1)`, `~exists ([x]=1)`},
		{X86, `~ exists x=1`, `~exists ([x]=1)`},
		{X86_64, `forall 0:RAX = 0`, `forall (0:rax=0)`},
		{X86_64, `forall (0:eax=1 \/ 1:r8d=0x10)`, `forall (0:rax=1 \/ 1:r8=16)`},
		{X86, `exists (x=1 \/ y=1 /\ z=1)`, `exists ([x]=1 \/ [y]=1 /\ [z]=1)`},
		{X86, `exists ((x=1 \/ y=1) /\ z=1)`, `exists (([x]=1 \/ [y]=1) /\ [z]=1)`},
		{X86, `exists (~x=1 /\ not (y=1 \/ z=-2))`, `exists (~[x]=1 /\ ~([y]=1 \/ [z]=-2))`},
		{X86, `exists (x=1 => y=1 => z=1)`, `exists ([x]=1 => [y]=1 => [z]=1)`},
		{X86, `exists ((x=1 => y=1) => z=1)`, `exists (([x]=1 => [y]=1) => [z]=1)`},
		{X86, `forall (true)`, `forall (true)`},
		{X86, `exists (false \/ ((x=1)))`, `exists (false \/ [x]=1)`},
	} {
		if got := parseCond(t, tc.arch, tc.src).String(); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.src, got, tc.want)
		}
	}
}

func TestConditionEval(t *testing.T) {
	state := map[string]int64{"0:EAX": 1, "1:EAX": 0, "x": 2, "y": -1}
	value := func(l Loc) int64 { return state[l.Key()] }
	for _, tc := range []struct {
		src  string
		want bool
	}{
		{`exists (0:EAX=1 /\ 1:EAX=0)`, true},
		{`exists (0:EAX=1 /\ 1:EAX=1)`, false},
		{`exists (0:EAX=0 \/ [x]=2)`, true},
		{`exists (~[x]=2)`, false},
		{`exists (y=-1 /\ z=0)`, true}, // a location no state names is 0
		{`exists (x=3 => y=5)`, true},
		{`exists (x=2 => y=5)`, false},
		{`exists (true /\ ~false)`, true},
		{`exists (not (x=2 /\ y=-1))`, false},
	} {
		c := parseCond(t, X86, tc.src)
		if got := Eval(c.Prop, value); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.src, got, tc.want)
		}
	}
}

func TestConditionDepth(t *testing.T) {
	deep := "exists "
	for range maxDepth + 5 {
		deep += "("
	}
	s, _ := newSource("c", []byte(deep))
	toks, _ := tokenize(s.text, 0, len(s.text))
	if _, err := (&tparser{src: s, arch: X86, toks: toks}).condition(); err == nil {
		t.Error("no error for a condition nested too deep")
	}
	nots := "exists "
	for range 10 * maxDepth {
		nots += "~"
	}
	s, _ = newSource("c", []byte(nots+"x=1"))
	toks, _ = tokenize(s.text, 0, len(s.text))
	if _, err := (&tparser{src: s, arch: X86, toks: toks}).condition(); err == nil {
		t.Error("no error for negations nested too deep")
	}
}

func TestLocs(t *testing.T) {
	c := parseCond(t, X86, `exists (1:EAX=1 /\ x=2 \/ 0:EBX=1 /\ [x]=1 /\ 1:EAX=2)`)
	var got []string
	for _, l := range Locs(c.Prop) {
		got = append(got, l.String())
	}
	if s := join(got); s != "1:EAX [x] 0:EBX" {
		t.Errorf("Locs: %s", s)
	}
	locs := Locs(c.Prop)
	SortLocs(X86, locs)
	got = got[:0]
	for _, l := range locs {
		got = append(got, l.String())
	}
	if s := join(got); s != "0:EBX 1:EAX [x]" {
		t.Errorf("sorted: %s", s)
	}
}

func join(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += " "
		}
		out += x
	}
	return out
}
