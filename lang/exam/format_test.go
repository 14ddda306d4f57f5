package exam

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/format")

// formatSample is a hand-made exam that uses everything the formats render: a
// table with blanks (one keyed empty), a short numeric answer, a short
// text answer, multiple choice, code, `code` spans, LaTeX's and HTML's
// special characters, and a problem that is one multiple-choice part.
func formatSample() []*Problem {
	return []*Problem{
		{
			ID: "coherence-7-1", Topic: "coherence", Seed: 7, Index: 0,
			Title: "MESI on a snooping bus",
			Intro: "**MESI**, write-back: two cores run MESI on an atomic snooping bus; a write hit in S issues `BusUpgr`, and memory (not a cache) supplies clean lines.\n\nEvery line starts invalid (I) in both caches; `a` and `b` are on different lines.",
			Code:  "P0 read a\nP1 write a 7\nP0 read a\n",
			Parts: []Part{
				{
					Prompt: "Fill in the state of the line of `a` in each cache after each access, and the bus transaction it causes (- for none).",
					Table: &Table{
						Header: []string{"Access", "P0", "P1", "Bus"},
						Rows: [][]Cell{
							{Given("P0 read a"), Blank("E"), Given("I"), Blank("BusRd")},
							{Given("P1 write a 7"), Blank("I"), Blank("M"), Blank("BusRdX")},
							{Given("P0 read a"), Blank("S"), Blank("S"), Blank("BusRd/Flush")},
							{Given("P0 read a"), Blank("S"), Given("S"), Blank("")},
							{Given("who shares"), Blank("b, c"), Given("-"), Blank("a, b, c, d, e")},
						},
					},
					Explain: "P0's first read finds no other copy, so it loads the line Exclusive (E → no bus traffic on a later write).\n\nThe steps, one a line:\n1. P0 read a: miss, **BusRd**\n2. P1 write a 7: miss, BusRdX\n  \nP1's write invalidates P0's copy; P0's second read makes P1 flush the dirty line.",
				},
				{
					Prompt:  "How many bus transactions are there in all?",
					Answer:  "5",
					Explain: "BusRd, BusRdX, BusRd and a Flush: 3 requests, and the flush counts as 1, plus the write-back... 5 in this made-up key.",
				},
				{
					Prompt:  "Which protocol gives the fewest transactions here?",
					Choices: []string{"MSI", "MESI", "Dragon"},
					Answer:  "MESI",
					Explain: "MESI's E state saves the upgrade.",
				},
				{
					Prompt:  "Which address does `a` have?",
					Answer:  "0x600040",
					Explain: "It is the second line of the data segment.",
				},
			},
		},
		{
			ID: "defer-7-2", Topic: "defer", Seed: 7, Index: 1, Knobs: Knobs{Ops: 3, Ways: -1, Choice: true},
			Title: "Specials: 50% of $x & #1_y ^ ~ {z} \\ <b> |c| \"q\"",
			Intro: "A program prints with `fmt.Println(\"a{b}\")`; the text has ]]> and {{mustache}} and {1:SHORTANSWER:=x} in it, and 100% & $5 #3 _u ^v ~w \\x.",
			Code:  "func f() {\n\tdefer fmt.Println(\"}]]>{{x}}\")\t// −1 → ok, ☃\n}\n",
			Parts: []Part{
				{
					Prompt:  "What does it print? (`%v` of `&x`, 1/2 * 3)",
					Choices: []string{"a{b} & <c>", "~x/y#z*", "]]> \\ \"q\"", "50% $5"},
					Answer:  "~x/y#z*",
					Explain: "Deferred calls run last in, first out: ~ # _ ^ are fine.",
				},
			},
		},
		{
			ID: "cache-7-3", Topic: "cache", Seed: 7, Index: 2,
			Title: "A wide table",
			Intro: "Eight cores; each column is one cache. The tag is 16 − 1 − 5 = 10 bits; 2 × 3 ≤ 8, ≠ 7 — and –, …, ± ÷ ≈ ∈ ∅ ⊕ ↑ ↓ ∧ ∨ ¬ ≡ 2² → ← ↔ ⇒ · • “q” ‘q’ µ ∞ ✓ ☃ é.",
			Parts: []Part{
				{
					Prompt: "Fill in every cache's state, and say how many accesses miss.",
					Table: &Table{
						Header: []string{"Access", "P0", "P1", "P2", "P3", "P4", "P5", "P6", "P7", "Bus transaction", "Supplier"},
						Rows: [][]Cell{
							{Given("P7 write counts[3] 12345"), Blank("I"), Blank("I"), Blank("I"), Blank("I"), Blank("I"), Blank("I"), Blank("I"), Blank("Modified"), Blank("BusRdX"), Blank("memory")},
						},
					},
					Answer: "1",
				},
				{Prompt: "Why does P0 not see the write? (No key: a question for discussion.)"},
				{Prompt: "What does it print? Write each line.", Answer: "body done\ni = {1}\n\n42\n", Explain: "Last in, first out."},
				{Prompt: "And this one?", Choices: []string{"a\nb", "b\na", "a b"}, Answer: "b\na"},
			},
		},
	}
}

// formatGolden compares got with testdata/format/name, or rewrites it.
func formatGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "format", name)
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./lang/exam -update writes it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// formatArchive joins files as "-- path --" sections, for one golden file.
func formatArchive(files []File) []byte {
	var b bytes.Buffer
	for _, f := range files {
		fmt.Fprintf(&b, "-- %s --\n%s", f.Path, f.Data)
	}
	return b.Bytes()
}

func renderFormat(t *testing.T, problems []*Problem, f Format, answers bool) []byte {
	t.Helper()
	files, err := Files(problems, f, answers)
	if err != nil {
		t.Fatal(err)
	}
	if f == PrairieLearn {
		return formatArchive(files)
	}
	if len(files) != 1 || files[0].Path != FileName(f, answers) {
		t.Fatalf("%s: files %v", f, files)
	}
	var b bytes.Buffer
	if err := Render(&b, problems, f, answers); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), files[0].Data) {
		t.Errorf("%s: Render and Files differ", f)
	}
	return b.Bytes()
}

func TestFormatGolden(t *testing.T) {
	for _, tc := range []struct {
		f       Format
		answers bool
		name    string
	}{
		{Markdown, false, "sample.md"},
		{Markdown, true, "sample-key.md"},
		{LaTeX, false, "sample.tex"},
		{LaTeX, true, "sample-key.tex"},
		{Moodle, false, "sample.xml"},
		{JSON, false, "sample.json"},
		{PrairieLearn, false, "sample.prairielearn.txt"},
	} {
		t.Run(tc.name, func(t *testing.T) { formatGolden(t, tc.name, renderFormat(t, formatSample(), tc.f, tc.answers)) })
	}
}

// TestFormatKeyOnlyWithAnswers checks that the Markdown and LaTeX exams
// hide the key without --answers and show it with.
func TestFormatKeyOnlyWithAnswers(t *testing.T) {
	md := string(renderFormat(t, formatSample(), Markdown, false))
	key := string(renderFormat(t, formatSample(), Markdown, true))
	for _, s := range []string{"**BusRd/Flush**", "0x600040", "E state saves"} {
		if strings.Contains(md, s) {
			t.Errorf("the exam without answers shows %q", s)
		}
		if !strings.Contains(key, s) {
			t.Errorf("the key lacks %q", s)
		}
	}
	if n := strings.Count(md, mdBlank); n != 26 {
		t.Errorf("%d blanks shown, want 26 (22 cells, 4 short answers)", n)
	}
	for _, s := range []string{"seed 7, problem 1", "seed 7, problem 2, with --ops 3 --ways full --choice"} {
		if !strings.Contains(md, s) {
			t.Errorf("the exam does not say %q", s)
		}
	}
	tex := string(renderFormat(t, formatSample(), LaTeX, false))
	if strings.Contains(tex, "\n\\printanswers\n") || !strings.Contains(string(renderFormat(t, formatSample(), LaTeX, true)), "\n\\printanswers\n") {
		t.Error(`\printanswers should be there with answers only`)
	}
}

// TestFormatReproducible renders the same exam twice in every format.
func TestFormatReproducible(t *testing.T) {
	for _, f := range Formats() {
		for _, answers := range []bool{false, true} {
			a, b := renderFormat(t, formatSample(), f, answers), renderFormat(t, formatSample(), f, answers)
			if !bytes.Equal(a, b) {
				t.Errorf("%s (answers %t): two renderings differ", f, answers)
			}
		}
	}
}

// TestGeneratedReproducible makes every topic's problems twice and
// renders them in every format: the same bytes each time. A topic that
// is not built yet is skipped.
func TestGeneratedReproducible(t *testing.T) {
	for _, topic := range Topics() {
		t.Run(topic.Name(), func(t *testing.T) {
			opt := Options{Topic: topic.Name(), Seed: 7, Count: 3}
			first, err := Generate(opt)
			if err != nil {
				t.Skipf("cannot generate: %v", err)
			}
			second, err := Generate(opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range Formats() {
				if a, b := renderFormat(t, first, f, true), renderFormat(t, second, f, true); !bytes.Equal(a, b) {
					t.Errorf("%s: the same seed gives different bytes", f)
				}
			}
			md := string(renderFormat(t, first, Markdown, false))
			for i := range first {
				if s := fmt.Sprintf("seed 7, problem %d", i+1); !strings.Contains(md, s) {
					t.Errorf("the exam does not say %q", s)
				}
			}
		})
	}
}

// moodleQuiz is what a Moodle import needs of quiz.xml.
type moodleQuiz struct {
	XMLName   xml.Name `xml:"quiz"`
	Questions []struct {
		Type     string `xml:"type,attr"`
		Category string `xml:"category>text"`
		Name     string `xml:"name>text"`
		Text     struct {
			Format string `xml:"format,attr"`
			Text   string `xml:"text"`
		} `xml:"questiontext"`
		Feedback string `xml:"generalfeedback>text"`
		Answers  []struct {
			Fraction string `xml:"fraction,attr"`
			Text     string `xml:"text"`
		} `xml:"answer"`
	} `xml:"question"`
}

func TestMoodleXML(t *testing.T) {
	var quiz moodleQuiz
	if err := xml.Unmarshal(renderFormat(t, formatSample(), Moodle, false), &quiz); err != nil {
		t.Fatalf("quiz.xml does not parse: %v", err)
	}
	var kinds []string
	for _, q := range quiz.Questions {
		kinds = append(kinds, q.Type)
		if q.Type == "category" {
			continue
		}
		if q.Name == "" || q.Text.Text == "" || q.Text.Format != "html" || q.Feedback == "" {
			t.Errorf("question %q lacks a name, an HTML question text or feedback", q.Name)
		}
	}
	if got := strings.Join(kinds, " "); got != "category cloze category multichoice category cloze" {
		t.Fatalf("questions %s", got)
	}
	cloze := quiz.Questions[1]
	if cloze.Name != "coherence-7-1: MESI on a snooping bus" {
		t.Errorf("name %q", cloze.Name)
	}
	// One embedded answer per blank: 12 cells, a number, a choice, a text.
	if n := len(regexp.MustCompile(`\{1:(SHORTANSWER|NUMERICAL|MULTICHOICE_V):`).FindAllString(cloze.Text.Text, -1)); n != 15 {
		t.Errorf("%d embedded answers, want 15:\n%s", n, cloze.Text.Text)
	}
	for _, s := range []string{"{1:SHORTANSWER:=E}", `{1:SHORTANSWER:=BusRd\/Flush}`, "{1:SHORTANSWER:=-~=—~=–~=--~=none}", "{1:NUMERICAL:=5:0}", "{1:MULTICHOICE_V:MSI~=MESI~Dragon}", "{1:SHORTANSWER:=0x600040~=600040}", "{1:SHORTANSWER:=b, c~=b,c~=c, b~=c,b}", "{1:SHORTANSWER:=a, b, c, d, e}"} {
		if !strings.Contains(cloze.Text.Text, s) {
			t.Errorf("the cloze text lacks %s", s)
		}
	}
	mc := quiz.Questions[3]
	if mc.Category != "" || len(mc.Answers) != 4 || mc.Answers[1].Fraction != "100" || mc.Answers[0].Fraction != "0" || mc.Answers[1].Text != "~x/y#z*" {
		t.Errorf("multichoice answers %+v", mc.Answers)
	}
	if !strings.Contains(mc.Text.Text, "]]&gt;") || !strings.Contains(mc.Text.Text, "&#123;1:SHORTANSWER:=x&#125;") {
		t.Errorf("the text's ]]> or braces were not kept safely: %s", mc.Text.Text)
	}
}

func TestPrairieLearn(t *testing.T) {
	files, err := Files(formatSample(), PrairieLearn, false)
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Data
	}
	if len(byPath) != 9 {
		t.Fatalf("%d files, want 3 for each of 3 problems", len(byPath))
	}
	uuids := map[string]bool{}
	for _, p := range formatSample() {
		var info map[string]any
		if err := json.Unmarshal(byPath[p.ID+"/info.json"], &info); err != nil {
			t.Fatalf("%s/info.json: %v", p.ID, err)
		}
		for _, k := range []string{"uuid", "type", "title", "topic", "tags"} {
			if _, ok := info[k]; !ok {
				t.Errorf("%s/info.json lacks %q", p.ID, k)
			}
		}
		if info["type"] != "v3" || info["topic"] != p.Topic || info["title"] != p.Title {
			t.Errorf("%s/info.json: %v", p.ID, info)
		}
		u, _ := info["uuid"].(string)
		if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(u) {
			t.Errorf("uuid %q is not a version 5 UUID", u)
		}
		uuids[u] = true
		server := string(byPath[p.ID+"/server.py"])
		if !strings.Contains(server, "def generate(data):\n") {
			t.Errorf("%s/server.py has no generate:\n%s", p.ID, server)
		}
		html := string(byPath[p.ID+"/question.html"])
		names := regexp.MustCompile(`<pl-(?:string|integer)-input answers-name="([^"]+)"`).FindAllStringSubmatch(html, -1)
		for _, n := range names {
			if !strings.Contains(server, fmt.Sprintf("data[\"correct_answers\"][%q] = ", n[1])) {
				t.Errorf("%s: no correct answer for %s", p.ID, n[1])
			}
		}
		if n := strings.Count(server, "    data[\"correct_answers\"][\""); n != len(names) {
			t.Errorf("%s: %d inputs, server.py sets %d answers", p.ID, len(names), n)
		}
	}
	if len(uuids) != 3 {
		t.Errorf("two problems share a UUID")
	}
	if py, err := exec.LookPath("python3"); err == nil {
		// server.py runs and sets what the inputs need.
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "server.py"), byPath["coherence-7-1/server.py"], 0o644)
		out, err := exec.Command(py, "-c", `import json, sys; sys.path.insert(0, sys.argv[1]); import server
d = {"params": {}, "correct_answers": {}}
server.generate(d)
d["submitted_answers"] = {"a_4_4": " None ", "a_1_4": "-", "d": "600040", "a_5_2": "C,b ", "a_5_4": "a, b, c, d"}
server.parse(d)
print(json.dumps(d, sort_keys=True))`, dir).CombinedOutput()
		if err != nil {
			t.Fatalf("server.py: %v\n%s", err, out)
		}
		want := `{"correct_answers": {"a_1_2": "E", "a_1_4": "BusRd", "a_2_2": "I", "a_2_3": "M", "a_2_4": "BusRdX", "a_3_2": "S", "a_3_3": "S", "a_3_4": "BusRd/Flush", "a_4_2": "S", "a_4_4": "-", "a_5_2": "b, c", "a_5_4": "a, b, c, d, e", "b": 5, "d": "0x600040"}, "params": {"problem": 1, "seed": "7", "topic": "coherence"}, "submitted_answers": {"a_1_4": "-", "a_4_4": "-", "a_5_2": "b, c", "a_5_4": "a, b, c, d", "d": "0x600040"}}`
		if strings.TrimSpace(string(out)) != want {
			t.Errorf("generate sets\n%s\nwant\n%s", out, want)
		}
	}
}

// TestNameUUID checks the UUIDv5 construction against RFC 9562's
// namespace and Python's uuid.uuid5(uuid.NAMESPACE_DNS, "python.org").
func TestNameUUID(t *testing.T) {
	dns := UUID{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	if got := NameUUID(dns, "python.org").String(); got != "886313e1-3b8a-5372-9b90-0c9aee199e5d" {
		t.Errorf("uuid5(DNS, python.org) = %s", got)
	}
}

// TestQuestionUUIDs checks that UUIDs are the same when a problem is made
// again, and differ between problems: other topics, seeds, indexes and
// knobs.
func TestQuestionUUIDs(t *testing.T) {
	seen := map[UUID]string{}
	for _, topic := range Topics() {
		for seed := uint64(0); seed < 30; seed++ {
			for index := 0; index < 30; index++ {
				for _, k := range []Knobs{{}, {Protocol: "MSI"}, {Cores: 3}} {
					p := &Problem{Topic: topic.Name(), Seed: seed, Index: index, Knobs: k, ID: fmt.Sprintf("%s-%d-%d", topic.Name(), seed, index+1)}
					name := fmt.Sprint(topic.Name(), seed, index, k)
					u := QuestionUUID(p)
					if other, ok := seen[u]; ok {
						t.Fatalf("%s and %s share the UUID %s", name, other, u)
					}
					seen[u] = name
					if QuestionUUID(p) != u {
						t.Fatalf("%s: two UUIDs", name)
					}
				}
			}
		}
	}
	a := &Problem{Topic: "scenario", Seed: 1, ID: "exam-trace"}
	b := &Problem{Topic: "scenario", Seed: 1, ID: "stale-read"}
	if QuestionUUID(a) == QuestionUUID(b) {
		t.Error("two problems made from scripts share a UUID")
	}
}

// TestLaTeXCompiles runs pdflatex on the exam, with and without the key,
// when pdflatex and the exam class are installed.
func TestLaTeXCompiles(t *testing.T) {
	pdflatex, err := exec.LookPath("pdflatex")
	if err != nil {
		t.Skip("pdflatex is not installed")
	}
	if kpse, err := exec.LookPath("kpsewhich"); err == nil {
		if out, err := exec.Command(kpse, "exam.cls").Output(); err != nil || len(bytes.TrimSpace(out)) == 0 {
			t.Skip("the exam document class is not installed")
		}
	}
	if testing.Short() {
		t.Skip("pdflatex is slow: not with -short")
	}
	for _, answers := range []bool{false, true} {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "exam.tex"), renderFormat(t, formatSample(), LaTeX, answers), 0o644)
		cmd := exec.Command(pdflatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "exam.tex")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pdflatex (answers %t): %v\n%s", answers, err, out)
		}
		if _, err := os.Stat(filepath.Join(dir, "exam.pdf")); err != nil {
			t.Errorf("no PDF: %v", err)
		}
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(ps []*Problem)
		want string
	}{
		{"no id", func(ps []*Problem) { ps[0].ID = "" }, "has no ID"},
		{"same id", func(ps []*Problem) { ps[1].ID = ps[0].ID }, "two problems have the ID coherence-7-1"},
		{"short row", func(ps []*Problem) { ps[0].Parts[0].Table.Rows[1] = ps[0].Parts[0].Table.Rows[1][:3] }, "coherence-7-1 part (a): table row 2 has 3 cells for 4 columns"},
		{"answer not a choice", func(ps []*Problem) { ps[0].Parts[2].Answer = "MOESI" }, `coherence-7-1 part (c): the answer "MOESI" is 0 of the choices`},
		{"answer twice", func(ps []*Problem) { ps[1].Parts[0].Choices[0] = "~x/y#z*" }, `defer-7-2 part (a): the answer "~x/y#z*" is 2 of the choices`},
	} {
		ps := formatSample()
		tc.edit(ps)
		for _, f := range Formats() {
			_, err := Files(ps, f, false)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s, %s: error %v, want %q", tc.name, f, err, tc.want)
			}
		}
	}
}

func TestParseFormat(t *testing.T) {
	for in, want := range map[string]Format{"md": Markdown, "Markdown": Markdown, "tex": LaTeX, "LaTeX": LaTeX, "moodle": Moodle, "xml": Moodle, "pl": PrairieLearn, "PrairieLearn": PrairieLearn, "json": JSON} {
		if got, err := ParseFormat(in); got != want || err != nil {
			t.Errorf("ParseFormat(%q) = %q, %v", in, got, err)
		}
	}
	_, err := ParseFormat("moodel")
	if err == nil || err.Error() != `no format "moodel" (did you mean moodle?): the formats are md, latex, moodle, prairielearn, json` {
		t.Errorf("ParseFormat(moodel): %v", err)
	}
	if err := Render(new(bytes.Buffer), formatSample(), PrairieLearn, false); err == nil {
		t.Error("Render wrote PrairieLearn to one stream")
	}
}

func TestPartLabel(t *testing.T) {
	for i, want := range map[int]string{0: "a", 1: "b", 25: "z", 26: "aa", 27: "ab", 51: "az", 52: "ba"} {
		if got := partLabel(i); got != want {
			t.Errorf("partLabel(%d) = %q, want %q", i, got, want)
		}
	}
}

// BenchmarkRender renders 1,000 problems in each format.
func BenchmarkRender(b *testing.B) {
	var problems []*Problem
	for i := 0; len(problems) < 1000; i++ {
		for _, p := range formatSample() {
			p.ID = fmt.Sprintf("%s-%d", p.ID, i)
			problems = append(problems, p)
		}
	}
	for _, f := range Formats() {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				if _, err := Files(problems, f, true); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestWhereLine(t *testing.T) {
	for _, tc := range []struct {
		p    Problem
		want string
	}{
		{Problem{ID: "cache-7-2", Topic: "cache", Seed: 7, Index: 1}, "cache, seed 7, problem 2"},
		{Problem{ID: "cache-7-1", Topic: "cache", Seed: 7, Knobs: Knobs{Size: 256, Ways: -1, Replace: "fifo"}}, "cache, seed 7, problem 1, with --size 256 --ways full --replace fifo"},
		{Problem{ID: "scenario-exam-trace-1", Topic: "scenario", Seed: 1}, "scenario-exam-trace-1, seed 1"},
	} {
		if got := whereLine(&tc.p); got != tc.want {
			t.Errorf("whereLine(%s) = %q, want %q", tc.p.ID, got, tc.want)
		}
	}
}
