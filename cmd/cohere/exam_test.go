package main

import (
	"bytes"
	"encoding/json"
	"fmt"
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

// TestExamSamples checks that the sample exams of examples/exams are what
// cohere makes now: each folder's exam.json says the topic, seed, count and
// knobs, and every format is made again and compared. Run
// examples/exams/generate.sh after a change, and review the diff.
func TestExamSamples(t *testing.T) {
	jsons, _ := filepath.Glob("examples/exams/*/exam.json")
	if len(jsons) == 0 {
		t.Skip("no sample exams yet: examples/exams/generate.sh writes them")
	}
	for _, path := range jsons {
		dir := filepath.Dir(path)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Problems []struct {
					Topic string      `json:"topic"`
					Seed  uint64      `json:"seed"`
					Knobs *exam.Knobs `json:"knobs"`
				} `json:"problems"`
			}
			if err := json.Unmarshal(data, &doc); err != nil || len(doc.Problems) == 0 {
				t.Fatalf("%s: %v", path, err)
			}
			first := doc.Problems[0]
			if _, err := exam.TopicNamed(first.Topic); err != nil {
				t.Skipf("%s: made from a script", dir)
			}
			args := []string{"exam", "--topic", first.Topic, "--seed", fmt.Sprint(first.Seed), "--count", fmt.Sprint(len(doc.Problems))}
			if first.Knobs != nil {
				args = append(args, strings.Fields(first.Knobs.String())...)
			}
			for _, format := range exam.Formats() {
				for _, answers := range []bool{false, true} {
					if !answers && format != exam.Markdown && format != exam.LaTeX {
						continue // the others always hold the key
					}
					a := append(append([]string{}, args...), "--format", string(format))
					if answers {
						a = append(a, "--answers")
					}
					out := t.TempDir()
					if format == exam.PrairieLearn {
						out = filepath.Join(out, "prairielearn")
					}
					listed, errOut, code := runCLI(append(a, "-o", out), "")
					if code != 0 {
						t.Fatalf("cohere %s: exit %d: %s", strings.Join(a, " "), code, errOut)
					}
					for _, made := range strings.Fields(listed) {
						rel, _ := filepath.Rel(filepath.Dir(out), made)
						if format != exam.PrairieLearn {
							rel, _ = filepath.Rel(out, made)
						}
						want, err := os.ReadFile(filepath.Join(dir, rel))
						got, _ := os.ReadFile(made)
						if err != nil || !bytes.Equal(got, want) {
							t.Errorf("%s is not what cohere %s makes now (%v): run examples/exams/generate.sh", filepath.Join(dir, rel), strings.Join(a, " "), err)
						}
					}
				}
			}
		})
	}
}
