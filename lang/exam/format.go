// This file is the formats' entry point: which formats there are, the
// checks every problem passes before it is rendered, and the pieces of
// text handling the formats share (paragraphs, `code` spans, part labels).

package exam

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/cohere-sim/cohere/sim/spell"
)

// Format is an output format.
type Format string

// The formats.
const (
	Markdown     Format = "md"
	LaTeX        Format = "latex"
	Moodle       Format = "moodle"
	PrairieLearn Format = "prairielearn"
	JSON         Format = "json"
)

// Formats lists the formats, the default first.
func Formats() []Format { return []Format{Markdown, LaTeX, Moodle, PrairieLearn, JSON} }

// ParseFormat reads a format's name (any case; "markdown", "tex", "xml"
// and "pl" are accepted too), or says which there are.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "md", "markdown":
		return Markdown, nil
	case "latex", "tex":
		return LaTeX, nil
	case "moodle", "xml":
		return Moodle, nil
	case "prairielearn", "pl":
		return PrairieLearn, nil
	case "json":
		return JSON, nil
	}
	var names []string
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("no format %q%s: the formats are %s", s, spell.Hint(s, names), strings.Join(names, ", "))
}

// File is one file of a rendered exam; Path is relative to the output
// directory and uses forward slashes.
type File struct {
	Path string
	Data []byte
}

// FileName is the file a one-file format is written to: exam.md,
// exam.tex, quiz.xml or exam.json; with answers, the Markdown and LaTeX
// files are exam-key.md and exam-key.tex, so that an exam and its key can
// sit side by side. PrairieLearn writes a folder per problem (see Files).
func FileName(f Format, answers bool) string {
	key := ""
	if answers {
		key = "-key"
	}
	switch f {
	case Markdown:
		return "exam" + key + ".md"
	case LaTeX:
		return "exam" + key + ".tex"
	case Moodle:
		return "quiz.xml"
	case JSON:
		return "exam.json"
	}
	return ""
}

// Render writes problems in a one-file format. answers prints the key:
// after each problem in Markdown, through \printanswers in LaTeX. Moodle,
// PrairieLearn and JSON always carry the key (a quiz grades with it; JSON
// is for machines and names its key fields answer and explain).
// PrairieLearn is a folder per problem: use Files.
func Render(w io.Writer, problems []*Problem, f Format, answers bool) error {
	if err := Validate(problems); err != nil {
		return err
	}
	switch f {
	case Markdown:
		return renderMarkdown(w, problems, answers)
	case LaTeX:
		return renderLaTeX(w, problems, answers)
	case Moodle:
		return renderMoodle(w, problems)
	case JSON:
		return renderJSON(w, problems)
	case PrairieLearn:
		return fmt.Errorf("the prairielearn format is a folder per problem: write it to a directory")
	}
	return fmt.Errorf("no format %q", f)
}

// Files renders problems as the files of an output directory: one file
// named by FileName, or for PrairieLearn a question folder per problem
// (ID/info.json, ID/question.html, ID/server.py).
func Files(problems []*Problem, f Format, answers bool) ([]File, error) {
	if f == PrairieLearn {
		if err := Validate(problems); err != nil {
			return nil, err
		}
		return prairieLearnFiles(problems)
	}
	var b bytes.Buffer
	if err := Render(&b, problems, f, answers); err != nil {
		return nil, err
	}
	return []File{{Path: FileName(f, answers), Data: b.Bytes()}}, nil
}

// Validate checks what the formats rely on: every problem has an ID,
// every table row is as wide as its header, and a multiple-choice answer
// is one of its choices, once only.
func Validate(problems []*Problem) error {
	ids := map[string]bool{}
	for i, p := range problems {
		if p == nil {
			return fmt.Errorf("problem %d is missing", i+1)
		}
		if p.ID == "" {
			return fmt.Errorf("problem %d (%s) has no ID", i+1, p.Title)
		}
		if ids[p.ID] {
			return fmt.Errorf("two problems have the ID %s", p.ID)
		}
		ids[p.ID] = true
		for j, part := range p.Parts {
			where := fmt.Sprintf("%s part (%s)", p.ID, partLabel(j))
			if t := part.Table; t != nil {
				for r, row := range t.Rows {
					if len(row) != len(t.Header) {
						return fmt.Errorf("%s: table row %d has %d cells for %d columns", where, r+1, len(row), len(t.Header))
					}
				}
			}
			if len(part.Choices) > 0 {
				n := 0
				for _, c := range part.Choices {
					if c == part.Answer {
						n++
					}
				}
				if n != 1 {
					return fmt.Errorf("%s: the answer %q is %d of the choices %q, want exactly one", where, part.Answer, n, part.Choices)
				}
			}
		}
	}
	return nil
}

// partLabel is a part's letter: a, b, ... z, then aa, ab ...
func partLabel(i int) string {
	if i < 26 {
		return string(rune('a' + i))
	}
	return partLabel(i/26-1) + partLabel(i%26)
}

// choiceLabel is a choice's letter: A, B, ...
func choiceLabel(i int) string { return strings.ToUpper(partLabel(i)) }

// keyText is a blank's or a part's answer as the key shows it: an empty
// answer (nothing happens, no transaction) is shown as "-".
func keyText(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// hasKey reports whether a part has a key to show: an answer, a table or
// an explanation (a prompt alone is for discussion).
func hasKey(part Part) bool {
	return part.Answer != "" || part.Table != nil || strings.TrimSpace(part.Explain) != ""
}

// whereLine is what every problem says about where it comes from, so that
// it can be made again: "coherence, seed 7, problem 2", and the knobs
// when some were set: "cache, seed 7, problem 1, with --ways full".
// A problem made from a script says its ID instead of a number:
// "scenario-exam-trace-1, seed 1".
func whereLine(p *Problem) string {
	if !generated(p) {
		return fmt.Sprintf("%s, seed %d", p.ID, p.Seed) + knobsNote(p)
	}
	return fmt.Sprintf("%s, seed %d, problem %d", p.Topic, p.Seed, p.Index+1) + knobsNote(p)
}

// generated reports whether a problem has the ID Generate gives, from its
// topic, seed and index (a problem made from a script has another).
func generated(p *Problem) bool {
	return p.ID == fmt.Sprintf("%s-%d-%d", p.Topic, p.Seed, p.Index+1)
}

// knobsNote is ", with" and the knobs, or "" for none.
func knobsNote(p *Problem) string {
	if p.Knobs == (Knobs{}) {
		return ""
	}
	return ", with " + p.Knobs.String()
}

// examTopics lists the problems' topics, in order, once each.
func examTopics(problems []*Problem) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range problems {
		if !seen[p.Topic] {
			seen[p.Topic] = true
			out = append(out, p.Topic)
		}
	}
	return out
}

// examTitle is the exam's heading.
func examTitle(problems []*Problem, answers bool) string {
	t := "Exam"
	if ts := examTopics(problems); len(ts) > 0 {
		t += ": " + strings.Join(ts, ", ")
	}
	if answers {
		t += " (answer key)"
	}
	return t
}

// paragraphs splits prose at blank lines.
func paragraphs(s string) []string {
	var out []string
	for _, p := range blankLine.Split(strings.ReplaceAll(s, "\r\n", "\n"), -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

var blankLine = regexp.MustCompile(`\n[ \t]*\n`)

// span is a piece of prose: plain text, a `code` span or **bold** text.
// Prose is the light Markdown problems are written in: paragraphs
// separated by blank lines, a line break within a paragraph kept where
// the format can (a list of steps), `code` and **bold**.
type span struct {
	text string
	code bool
	bold bool
}

// spans splits prose at backquotes, then the text between at pairs of
// "**"; an unmatched marker is text.
// renderSpans renders prose span by span: code, bold and plain text each
// by its own function.
func renderSpans(s string, code, bold, plain func(string) string) string {
	var b strings.Builder
	for _, sp := range spans(s) {
		switch {
		case sp.code:
			b.WriteString(code(sp.text))
		case sp.bold:
			b.WriteString(bold(sp.text))
		default:
			b.WriteString(plain(sp.text))
		}
	}
	return b.String()
}

func spans(s string) []span {
	var out []span
	text := func(t string) {
		for {
			i := strings.Index(t, "**")
			if i < 0 {
				break
			}
			j := strings.Index(t[i+2:], "**")
			if j <= 0 {
				break
			}
			if i > 0 {
				out = append(out, span{text: t[:i]})
			}
			out = append(out, span{text: t[i+2 : i+2+j], bold: true})
			t = t[i+2+j+2:]
		}
		if t != "" {
			out = append(out, span{text: t})
		}
	}
	for {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i+1:], '`')
		if j < 0 {
			break
		}
		text(s[:i])
		out = append(out, span{text: s[i+1 : i+1+j], code: true})
		s = s[i+1+j+1:]
	}
	text(s)
	return out
}

// multiline reports whether an answer or a choice is several lines (a
// program's output): the formats show it as a block of lines, and the
// graded formats ask for it a line per blank.
func multiline(s string) bool {
	return strings.Contains(strings.TrimRight(s, "\n"), "\n")
}

// answerLines is a multi-line answer's lines.
func answerLines(s string) []string {
	return strings.Split(strings.TrimRight(s, "\n"), "\n")
}

// noneAnswer reports whether an answer means "none" (no transaction, no
// line moved): empty or a dash. Students type it in several ways, and the
// graded formats accept them all.
func noneAnswer(s string) bool {
	switch strings.TrimSpace(s) {
	case "", "-", "—", "–":
		return true
	}
	return false
}

// listItems returns the items of an answer that is a list ("b, c"), whose
// order does not matter: the graded formats accept any order.
func listItems(s string) ([]string, bool) {
	if !strings.Contains(s, ", ") || strings.Contains(s, "\n") {
		return nil, false
	}
	items := strings.Split(s, ", ")
	for _, it := range items {
		if strings.TrimSpace(it) == "" {
			return nil, false
		}
	}
	return items, true
}

// listOrders lists every order of items (for a few items only).
func listOrders(items []string) [][]string {
	if len(items) <= 1 {
		return [][]string{items}
	}
	var out [][]string
	for i := range items {
		rest := append(append([]string{}, items[:i]...), items[i+1:]...)
		for _, p := range listOrders(rest) {
			out = append(out, append([]string{items[i]}, p...))
		}
	}
	return out
}

// hexAnswer reports whether an answer is a hex number written 0x...:
// the graded formats accept it without the 0x too (and in any case).
func hexAnswer(s string) bool { return hexNumber.MatchString(s) }

var hexNumber = regexp.MustCompile(`^0[xX][0-9a-fA-F]+$`)

// noneSpellings are what a student may type for a none answer.
var noneSpellings = []string{"-", "—", "–", "--", "none"}

// integerAnswer reports whether an answer is a decimal integer as a
// student would type it (no sign but -, no leading zeros), and its value.
func integerAnswer(s string) (int64, bool) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || strconv.FormatInt(n, 10) != s {
		return 0, false
	}
	return n, true
}
