package docs_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/lang/setup"
)

var update = flag.Bool("update", false, "rewrite the .out and .err files of docs/examples")

// TestExamples runs every script of docs/examples, the ones language.md
// shows, as `cohere run --quiet docs/examples/NAME.coh` would, and
// compares:
//
//   - the program's output with NAME.out (what --quiet prints on
//     standard output when every expect holds);
//   - the exit status with the `// exit: N` line of the script's first
//     comment block (0 when there is none): 0 the run finished and every
//     expect held, 1 the run failed (a panic, a deadlock, a bound), 2 the
//     script does not load;
//   - for a status other than 0, or when the race detector reported a
//     race, what cohere prints on standard error (the race reports, the
//     panic or deadlock message, or the load errors) with NAME.err.
//
// A `// flags: ...` line in the first comment block gives the flags the
// reference runs the script with (--seed, --protocol, --cores,
// --max-steps, --max-instructions, --max-threads). A `// known problem:
// ...` line marks a script that shows what DESIGN.md specifies but the
// interpreter does not do yet: while its result differs, the test is
// skipped with that note; once it matches, the test says so and the line
// can go.
//
// go test ./docs -update rewrites the .out and .err files from what the
// scripts do now: review the diff before committing it.
func TestExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("examples", "*.coh"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scripts in docs/examples")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".coh")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			h, err := readHeader(string(src))
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			out, errText, status, failed, err := run(name, src, h)
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			outFile := filepath.Join("examples", name+".out")
			errFile := filepath.Join("examples", name+".err")
			if *update && h.problem == "" && len(failed) == 0 {
				write(t, outFile, out, true)
				write(t, errFile, errText, status != 0 || errText != "")
				return
			}
			diffs := failed
			if status != h.exit {
				diffs = append(diffs, fmt.Sprintf("exit status %d, want %d (stderr:\n%s)", status, h.exit, errText))
			}
			if want := read(t, outFile); out != want {
				diffs = append(diffs, fmt.Sprintf("output differs from %s:\n--- got\n%s--- want\n%s", outFile, out, want))
			}
			if status != 0 || h.exit != 0 || errText != "" {
				if want := read(t, errFile); errText != want {
					diffs = append(diffs, fmt.Sprintf("standard error differs from %s:\n--- got\n%s--- want\n%s", errFile, errText, want))
				}
			}
			switch {
			case h.problem != "" && len(diffs) > 0:
				t.Skipf("known problem: %s\n%s", h.problem, strings.Join(diffs, "\n"))
			case h.problem != "":
				t.Logf("%s now does what language.md says: remove its `// known problem:` line", file)
			case len(diffs) > 0:
				t.Errorf("%s:\n%s\n(go test ./docs -update rewrites the files)", file, strings.Join(diffs, "\n"))
			}
		})
	}
}

// header is what the first comment block of a script says about its run.
type header struct {
	exit    int
	problem string
	ov      scenario.Overrides
	limits  interp.Limits
}

func readHeader(src string) (header, error) {
	var h header
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "//") {
			break
		}
		text := strings.TrimSpace(strings.TrimPrefix(line, "//"))
		switch {
		case strings.HasPrefix(text, "exit:"):
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(text, "exit:")))
			if err != nil {
				return h, fmt.Errorf("bad exit line %q", line)
			}
			h.exit = n
		case strings.HasPrefix(text, "known problem:"):
			h.problem = strings.TrimSpace(strings.TrimPrefix(text, "known problem:"))
		case strings.HasPrefix(text, "flags:"):
			if err := h.flags(strings.Fields(strings.TrimPrefix(text, "flags:"))); err != nil {
				return h, err
			}
		}
	}
	return h, nil
}

func (h *header) flags(args []string) error {
	for i := 0; i < len(args); i += 2 {
		if i+1 >= len(args) {
			return fmt.Errorf("flag %s needs a value", args[i])
		}
		v := args[i+1]
		n, err := strconv.ParseUint(v, 10, 64)
		if args[i] != "--protocol" && err != nil {
			return fmt.Errorf("flag %s: %v", args[i], err)
		}
		switch args[i] {
		case "--seed":
			h.ov.Seed = &n
		case "--protocol":
			h.ov.Protocol = v
		case "--cores":
			h.ov.Cores = int(n)
		case "--max-steps":
			h.limits.Steps = n
		case "--max-instructions":
			h.limits.Instructions = n
		case "--max-threads":
			h.limits.Threads = int(n)
		default:
			return fmt.Errorf("unknown flag %s", args[i])
		}
	}
	return nil
}

// run loads and runs a script as `cohere run --quiet` does and returns its
// output, what cohere prints on standard error, the exit status, and the
// expects that failed (the reference's scripts hold every expect).
func run(name string, src []byte, h header) (out, errText string, status int, failed []string, err error) {
	path := "docs/examples/" + name + ".coh" // as the reference runs it, from the repository's root
	s, errs := scenario.Load(path, src, h.ov)
	if len(errs) > 0 {
		return "", diag.Render(errs, src, 20), 2, nil, nil
	}
	if s.Run.Mode == setup.RunAll {
		// run all: the expects are checked over every outcome.
		x, errs := s.Explore(scenario.ExploreOptions{Limits: h.limits})
		if len(errs) > 0 {
			return "", "", 0, nil, errs
		}
		for _, e := range x.Expects {
			if !e.OK {
				failed = append(failed, fmt.Sprintf("expect on line %d failed: %s (%s)", e.Pos.Line, e.Text, e.Why))
			}
		}
		if x.Failed() {
			status = 1
		}
		return "", "", status, failed, nil
	}
	var races strings.Builder
	rep, err := s.Execute(scenario.Options{Limits: h.limits, Race: true, OnRace: func(r interp.RaceReport) { races.WriteString(r.String()) }})
	if err != nil {
		return "", "", 0, nil, err
	}
	errText = races.String()
	if len(rep.Result.Output) > 0 {
		out = strings.Join(rep.Result.Output, "\n") + "\n"
	}
	for _, x := range rep.Expects {
		if !x.OK {
			failed = append(failed, fmt.Sprintf("expect on line %d failed: %s %v %s", x.Pos.Line, x.Text, x.SortedValues(), x.Err))
		}
	}
	if rep.Result.Message != "" {
		errText += rep.Result.Message + "\n"
	}
	if len(rep.Races) > 0 {
		errText += interp.RaceSummary(len(rep.Races)) + "\n"
	}
	if rep.Failed {
		status = 1
	}
	return out, errText, status, failed, nil
}

func read(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// write writes a golden file, or removes it when it should not exist.
func write(t *testing.T, file, text string, keep bool) {
	t.Helper()
	if !keep {
		if err := os.Remove(file); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		return
	}
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestReference checks language.md against docs/examples: every script it
// lists in full (a ```go block after a line naming examples/NAME.coh) is
// that file, every `$ cohere run --quiet ... docs/examples/NAME.coh` block
// shows exactly NAME.out then NAME.err (unless it holds a line "..."), and
// every script of docs/examples appears on the page.
func TestReference(t *testing.T) {
	doc, err := os.ReadFile("language.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(doc), "\n")
	listing := regexp.MustCompile(`\(examples/([a-z0-9-]+)\.coh\):?$`)
	quiet := regexp.MustCompile(`^\$ cohere run --quiet .*docs/examples/([a-z0-9-]+)\.coh$`)
	shown := map[string]bool{}
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "```") {
			continue
		}
		start := i
		end := start + 1
		for end < len(lines) && lines[end] != "```" {
			end++
		}
		if end == len(lines) {
			t.Fatalf("language.md:%d: a code block is never closed", start+1)
		}
		body := lines[start+1 : end]
		i = end
		if lines[start] == "```go" {
			prev := start - 1
			for prev >= 0 && strings.TrimSpace(lines[prev]) == "" {
				prev--
			}
			m := listing.FindStringSubmatch(strings.TrimSpace(lines[max(prev, 0)]))
			if m == nil {
				continue
			}
			shown[m[1]] = true
			want := read(t, filepath.Join("examples", m[1]+".coh"))
			if got := strings.Join(body, "\n") + "\n"; got != want {
				t.Errorf("language.md:%d: the listing of examples/%s.coh differs from the file", start+1, m[1])
			}
			continue
		}
		if len(body) == 0 {
			continue
		}
		m := quiet.FindStringSubmatch(body[0])
		if m == nil {
			continue
		}
		shown[m[1]] = true
		if slices.Contains(body, "...") {
			continue
		}
		want := read(t, filepath.Join("examples", m[1]+".out")) + read(t, filepath.Join("examples", m[1]+".err"))
		got := ""
		if len(body) > 1 {
			got = strings.Join(body[1:], "\n") + "\n"
		}
		if got != want {
			t.Errorf("language.md:%d: the output shown for examples/%s.coh differs from its .out and .err:\n--- shown\n%s--- files\n%s", start+1, m[1], got, want)
		}
	}
	files, err := filepath.Glob(filepath.Join("examples", "*.coh"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".coh")
		if !shown[name] && !strings.Contains(string(doc), "examples/"+name+".coh") {
			t.Errorf("examples/%s.coh is not shown in language.md", name)
		}
	}
}
