package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/exam"
)

// TestExamOutput runs cohere exam for every topic in every format, to
// standard output and with -o: the same bytes each time, the files
// named as the help says. A topic that is not built yet is skipped.
func TestExamOutput(t *testing.T) {
	for _, topic := range exam.Topics() {
		t.Run(topic.Name(), func(t *testing.T) {
			if _, err := exam.Generate(exam.Options{Topic: topic.Name(), Seed: 7}); err != nil {
				t.Skipf("cannot generate: %v", err)
			}
			for _, format := range exam.Formats() {
				args := []string{"exam", "--topic", topic.Name(), "--seed", "7", "--count", "2", "--answers", "--format", string(format)}
				var stdout string
				if format != exam.PrairieLearn {
					out, errOut, code := runCLI(args, "")
					if code != 0 {
						t.Fatalf("%s: exit %d: %s", strings.Join(args, " "), code, errOut)
					}
					if again, _, _ := runCLI(args, ""); again != out {
						t.Errorf("%s: two runs differ", format)
					}
					stdout = out
				}
				dir := t.TempDir()
				listed, errOut, code := runCLI(append(args, "-o", dir), "")
				if code != 0 {
					t.Fatalf("%s -o: exit %d: %s", format, code, errOut)
				}
				paths := strings.Fields(listed)
				if format == exam.PrairieLearn {
					if len(paths) != 6 {
						t.Errorf("prairielearn wrote %v, want 3 files for each of 2 problems", paths)
					}
					for _, p := range paths {
						if b := filepath.Base(p); b != "info.json" && b != "question.html" && b != "server.py" {
							t.Errorf("prairielearn wrote %s", p)
						}
					}
					continue
				}
				want := filepath.Join(dir, exam.FileName(format, true))
				if len(paths) != 1 || paths[0] != want {
					t.Fatalf("%s -o wrote %v, want %s", format, paths, want)
				}
				data, err := os.ReadFile(want)
				if err != nil || !bytes.Equal(data, []byte(stdout)) {
					t.Errorf("%s: the file differs from standard output (%v)", want, err)
				}
			}
		})
	}
}

// TestExamDoc checks that docs/exam.md and cohere help exam name every
// flag, topic and format.
func TestExamDoc(t *testing.T) {
	doc, err := os.ReadFile("docs/exam.md")
	if err != nil {
		t.Fatal(err)
	}
	names := append([]string{"--topic", "--seed", "--count", "--list", "--format", "--answers", "-o DIR"}, knobFlags...)
	for _, n := range names {
		if !strings.HasPrefix(n, "-") {
			n = "--" + n
		}
		if !strings.Contains(string(doc), n) || !strings.Contains(examHelp, n) {
			t.Errorf("docs/exam.md or cohere help exam does not mention %s", n)
		}
	}
	for _, topic := range exam.Topics() {
		if !strings.Contains(string(doc), "`"+topic.Name()+"`") {
			t.Errorf("docs/exam.md does not list the topic %s", topic.Name())
		}
	}
	for _, f := range exam.Formats() {
		if !strings.Contains(string(doc), "**"+string(f)+".**") || !strings.Contains(examHelp, string(f)) {
			t.Errorf("docs/exam.md or cohere help exam does not describe the format %s", f)
		}
	}
}
