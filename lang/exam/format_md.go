// This file renders problems as Markdown: the default format, readable as
// it is and by any Markdown tool (tables are GitHub-flavoured).

package exam

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// mdBlank is how a blank cell or a short answer looks to the student.
const mdBlank = "____"

func renderMarkdown(w io.Writer, problems []*Problem, answers bool) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "# %s\n\n", examTitle(problems, answers))
	fmt.Fprintf(b, "Made by `cohere exam`: every answer was computed by cohere. Each problem says its topic, seed and number (or its script), which make it again.\n")
	for i, p := range problems {
		fmt.Fprintf(b, "\n## Problem %d. %s\n\n", i+1, mdLine(p.Title))
		fmt.Fprintf(b, "*%s*\n", whereLine(p))
		for _, para := range paragraphs(p.Intro) {
			fmt.Fprintf(b, "\n%s\n", mdProse(para))
		}
		if p.Code != "" {
			fmt.Fprintf(b, "\n%s\n", mdCode(p.Code))
		}
		for j, part := range p.Parts {
			mdPart(b, j, part, false)
		}
		if answers {
			fmt.Fprintf(b, "\n### Key to problem %d\n", i+1)
			for j, part := range p.Parts {
				if hasKey(part) {
					mdPart(b, j, part, true)
				}
			}
		}
	}
	return b.Flush()
}

// mdPart writes a part as the student sees it, or its key.
func mdPart(b *bufio.Writer, j int, part Part, key bool) {
	label := fmt.Sprintf("**(%s)**", partLabel(j))
	if !key {
		fmt.Fprintf(b, "\n%s %s\n", label, mdProse(strings.Join(paragraphs(part.Prompt), "\n\n")))
		if part.Table != nil {
			fmt.Fprintf(b, "\n%s", mdTable(part.Table, false))
		}
		if len(part.Choices) > 0 {
			b.WriteString("\n")
			for k, c := range part.Choices {
				fmt.Fprintf(b, "- (%s)%s\n", choiceLabel(k), spaced(mdChoice(c)))
			}
		} else if part.Answer != "" {
			fmt.Fprintf(b, "\nAnswer: %s\n", mdBlank)
		}
		return
	}
	answer := ""
	if len(part.Choices) > 0 {
		for k, c := range part.Choices {
			if c == part.Answer {
				answer = fmt.Sprintf("(%s)%s", choiceLabel(k), spaced(mdChoice(c)))
			}
		}
	} else if multiline(part.Answer) {
		answer = "\n\n" + mdCode(part.Answer)
	} else if part.Answer != "" {
		answer = mdLine(part.Answer)
	}
	fmt.Fprintf(b, "\n%s%s", label, spaced(answer))
	b.WriteString("\n")
	if part.Table != nil {
		fmt.Fprintf(b, "\n%s", mdTable(part.Table, true))
	}
	for _, para := range paragraphs(part.Explain) {
		fmt.Fprintf(b, "\n%s\n", mdProse(para))
	}
}

// mdTable is a GitHub-flavoured table; blanks are mdBlank, or with key
// their answers in bold.
func mdTable(t *Table, key bool) string {
	var b strings.Builder
	row := func(cells []string) {
		b.WriteString("|")
		for _, c := range cells {
			fmt.Fprintf(&b, " %s |", c)
		}
		b.WriteString("\n")
	}
	head := make([]string, len(t.Header))
	rule := make([]string, len(t.Header))
	for i, h := range t.Header {
		head[i], rule[i] = mdCell(h), "---"
	}
	row(head)
	row(rule)
	for _, r := range t.Rows {
		cells := make([]string, len(r))
		for i, c := range r {
			switch {
			case !c.Blank:
				cells[i] = mdCell(c.Text)
			case key:
				cells[i] = "**" + mdCell(keyText(c.Text)) + "**"
			default:
				cells[i] = mdBlank
			}
		}
		row(cells)
	}
	return b.String()
}

// spaced is text after a label: a space first, unless it starts a block
// on a new line.
func spaced(s string) string {
	if s == "" || strings.HasPrefix(s, "\n") {
		return s
	}
	return " " + s
}

// mdChoice is a choice; one of several lines is a code block inside the
// list item.
func mdChoice(c string) string {
	if !multiline(c) {
		return mdLine(c)
	}
	return "\n\n  " + strings.ReplaceAll(mdCode(c), "\n", "\n  ") + "\n"
}

// mdCell makes text safe inside a table cell.
func mdCell(s string) string {
	return strings.ReplaceAll(mdLine(s), "|", `\|`)
}

// mdLine is plain text on one line, with the characters Markdown would
// read as markup escaped (so that *p stays *p).
func mdLine(s string) string {
	return mdEscaper.Replace(strings.Join(strings.Fields(s), " "))
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "<", `\<`, "`", "\\`")

// mdProse is prose with `code` spans kept as they are and the rest
// escaped; a paragraph's lines are kept.
func mdProse(s string) string {
	var b strings.Builder
	for _, sp := range spans(s) {
		if sp.code {
			b.WriteString(mdCodeSpan(sp.text))
			continue
		}
		lines := strings.Split(sp.text, "\n")
		for i, l := range lines {
			lines[i] = mdEscaper.Replace(l)
		}
		if sp.bold {
			b.WriteString("**" + strings.Join(lines, "\n") + "**")
		} else {
			b.WriteString(strings.Join(lines, "\n"))
		}
	}
	return b.String()
}

// mdCodeSpan is a code span; one that starts or ends with a space, or is
// empty, is padded as CommonMark asks.
func mdCodeSpan(s string) string {
	if s == "" || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		return "` " + s + " `"
	}
	return "`" + s + "`"
}

// mdCode fences code with more backquotes than it holds in a row.
func mdCode(code string) string {
	fence, run := "```", 0
	for _, r := range code {
		if r == '`' {
			run++
			if run >= len(fence) {
				fence += "`"
			}
		} else {
			run = 0
		}
	}
	return fence + "\n" + strings.TrimRight(code, "\n") + "\n" + fence
}
