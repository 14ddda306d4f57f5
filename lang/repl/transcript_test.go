// This file runs the golden transcripts in testdata/transcripts: whole
// sessions typed through the LineReader interface, with the exact output
// expected after every input.

package repl_test

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/repl"
)

var update = flag.Bool("update", false, "rewrite the expected output of testdata/transcripts/*.txt (not those marked # BUG:)")

// A transcript file reads as the session looked:
//
//	# load examples/lost-update.coh      header: directives and comments
//	# step once and look at the caches
//	> step                               an input line (the cohere> prompt)
//	step 1: w0 on P0 read counter ...    the output it printed
//	> thread t {                         a block typed over several lines:
//	... 	x = 1                        the lines read at the ... prompt
//	... }
//
// The header's lines start with "#". Directives:
//
//	# load FILE          start the session with Session.Load(FILE) (a path from the repository's root)
//	# limit steps N      the session's step bound (interp.Limits.Steps)
//	# BUG: ...           the expected output is the correct one, not what the
//	                     REPL prints today: -update leaves the file alone
//
// Everything after the header is the session: "> " and "... " lines are
// fed to the session, one per ReadLine, in order; every other line is
// output. When the session ends before the last input (quit), the inputs
// it did not read follow a line that says so (endedMark). The paths are
// relative to the repository's root, where the test runs.
type transcript struct {
	header []string
	load   string
	limits interp.Limits
	bug    bool
	inputs []string
}

const (
	inputMark = "> "
	moreMark  = "... "
	endedMark = "=== the session ended here; it did not read the lines below"
)

func parseTranscript(text string) (transcript, error) {
	var tr transcript
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	i := 0
	for ; i < len(lines) && strings.HasPrefix(lines[i], "#"); i++ {
		h := lines[i]
		tr.header = append(tr.header, h)
		f := strings.Fields(strings.TrimPrefix(h, "#"))
		switch {
		case len(f) == 2 && f[0] == "load":
			tr.load = f[1]
		case len(f) == 3 && f[0] == "limit" && f[1] == "steps":
			n, err := strconv.ParseUint(f[2], 10, 64)
			if err != nil {
				return tr, fmt.Errorf("line %d: %v", i+1, err)
			}
			tr.limits.Steps = n
		case len(f) > 0 && f[0] == "BUG:":
			tr.bug = true
		}
	}
	for ; i < len(lines); i++ {
		if in, ok := inputOf(lines[i]); ok {
			tr.inputs = append(tr.inputs, in)
		}
	}
	if len(tr.inputs) == 0 {
		return tr, fmt.Errorf("no input lines (lines starting with %q)", inputMark)
	}
	return tr, nil
}

// inputOf returns the input a transcript line holds.
func inputOf(line string) (string, bool) {
	for _, mark := range []string{inputMark, moreMark} {
		if strings.HasPrefix(line, mark) {
			return line[len(mark):], true
		}
		if line == strings.TrimSpace(mark) {
			return "", true
		}
	}
	return "", false
}

// echoReader is a LineReader that writes every line it reads into the
// session's output, after the prompt's mark, so that the output reads as
// a transcript.
type echoReader struct {
	in   repl.LineReader
	out  *bytes.Buffer
	read int // lines read
}

func (r *echoReader) ReadLine(prompt string) (string, error) {
	line, err := r.in.ReadLine(prompt)
	if err != nil {
		return line, err
	}
	r.read++
	mark := inputMark
	if strings.HasPrefix(prompt, "...") {
		mark = moreMark
	}
	if line == "" {
		mark = strings.TrimSpace(mark)
	}
	r.out.WriteString(mark + line + "\n")
	return line, nil
}

func (r *echoReader) AddHistory(entry string) { r.in.AddHistory(entry) }

// runTranscript runs a transcript's inputs in a new session and returns
// the transcript of what happened: the header, then the inputs and the
// outputs interleaved.
func runTranscript(tr transcript) string {
	var buf bytes.Buffer
	s := repl.New(repl.Options{Out: &buf, Limits: tr.limits})
	if tr.load != "" {
		if err := s.Load(tr.load); err != nil {
			fmt.Fprintf(&buf, "load %s: %v\n", tr.load, err)
		}
	}
	in := strings.NewReader(strings.Join(tr.inputs, "\n") + "\n")
	r := &echoReader{in: repl.NewPlainReader(in), out: &buf}
	s.Loop(r)
	if r.read < len(tr.inputs) {
		buf.WriteString(endedMark + "\n")
		for _, in := range tr.inputs[r.read:] {
			buf.WriteString(inputMark + in + "\n")
		}
	}
	var out strings.Builder
	for _, h := range tr.header {
		out.WriteString(h + "\n")
	}
	out.Write(buf.Bytes())
	return out.String()
}

// repoRoot is where transcripts run: their paths name examples/...
const repoRoot = "../.."

func transcriptFiles(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "transcripts", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts in testdata/transcripts (%v)", err)
	}
	for i, f := range files {
		if files[i], err = filepath.Abs(f); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

func TestTranscripts(t *testing.T) {
	files := transcriptFiles(t)
	t.Chdir(repoRoot)
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txt")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want := string(data)
			tr, err := parseTranscript(want)
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			got := runTranscript(tr)
			// The transcript must read back as the same inputs, or an
			// output line looks like an input.
			back, err := parseTranscript(got)
			if err != nil || !slices.Equal(back.inputs, tr.inputs) {
				t.Fatalf("the output holds a line that starts with %q or %q: the transcript format cannot hold it\n%s", inputMark, moreMark, got)
			}
			if got == want {
				return
			}
			if *update && !tr.bug {
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("updated %s", file)
				return
			}
			hint := "run go test ./lang/repl -run 'TestTranscripts/" + name + "$' -update if the new output is right"
			if tr.bug {
				hint = "this transcript is marked # BUG: it expects the correct output; fix the REPL, or edit the file by hand"
			}
			t.Errorf("%s: the session's output differs from the transcript (%s); - expected, + printed:\n%s", filepath.Base(file), hint, lineDiff(want, got))
		})
	}
}

// diffLine is one line of a diff: mark is ' ' (in both), '-' (expected,
// not printed) or '+' (printed, not expected).
type diffLine struct {
	mark byte
	text string
}

// lineDiff shows how got differs from want, line by line, with two lines
// of context around each change.
func lineDiff(want, got string) string {
	w := strings.Split(strings.TrimSuffix(want, "\n"), "\n")
	g := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	// lcs[i][j] is the length of the longest common subsequence of w[i:]
	// and g[j:].
	lcs := make([][]int, len(w)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(g)+1)
	}
	for i := len(w) - 1; i >= 0; i-- {
		for j := len(g) - 1; j >= 0; j-- {
			if w[i] == g[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var all []diffLine
	i, j := 0, 0
	for i < len(w) || j < len(g) {
		switch {
		case i < len(w) && j < len(g) && w[i] == g[j]:
			all = append(all, diffLine{' ', w[i]})
			i, j = i+1, j+1
		case i < len(w) && (j == len(g) || lcs[i+1][j] >= lcs[i][j+1]):
			all = append(all, diffLine{'-', w[i]})
			i++
		default:
			all = append(all, diffLine{'+', g[j]})
			j++
		}
	}
	const context = 2
	show := make([]bool, len(all))
	for k, l := range all {
		if l.mark != ' ' {
			for m := max(0, k-context); m <= min(len(all)-1, k+context); m++ {
				show[m] = true
			}
		}
	}
	var b strings.Builder
	for k, l := range all {
		if !show[k] {
			continue
		}
		if k > 0 && !show[k-1] {
			b.WriteString("    ...\n")
		}
		fmt.Fprintf(&b, "  %c %s\n", l.mark, l.text)
	}
	return b.String()
}

// TestTranscriptsCoverEveryCommand checks that every command, its help and
// every subject of show are typed in some transcript.
func TestTranscriptsCoverEveryCommand(t *testing.T) {
	typed := map[string]bool{}
	for _, file := range transcriptFiles(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := parseTranscript(string(data))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, in := range tr.inputs {
			f := strings.Fields(in)
			switch {
			case len(f) == 0:
			case len(f) >= 2 && (f[0] == "help" || f[0] == "show"):
				typed[f[0]+" "+f[1]] = true
				typed[f[0]] = true
			default:
				typed[f[0]] = true
			}
		}
	}
	for _, c := range repl.CommandNames() {
		if !typed[c] {
			t.Errorf("no transcript types the command %s", c)
		}
		if !typed["help "+c] {
			t.Errorf("no transcript types help %s", c)
		}
	}
	for _, sub := range []string{"caches", "cache", "line", "bus", "memory", "map", "threads", "stats", "protocol"} {
		if !typed["show "+sub] {
			t.Errorf("no transcript types show %s", sub)
		}
	}
}

// TestPlainReader checks the reader scripted sessions use: lines without
// their newline (and a Windows \r), then io.EOF.
func TestPlainReader(t *testing.T) {
	r := repl.NewPlainReader(strings.NewReader("step\r\n\nshow caches"))
	var got []string
	for {
		line, err := r.ReadLine("cohere> ")
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, line)
	}
	if want := []string{"step", "", "show caches"}; !slices.Equal(got, want) {
		t.Errorf("lines = %q, want %q", got, want)
	}
}
