// This file writes the HTML that the Moodle and PrairieLearn formats
// share: prose with `code` spans, code blocks, tables whose blanks are
// the format's inputs.

package exam

import (
	"fmt"
	"strings"
)

// htmlText escapes text for HTML. Braces become character references:
// Moodle reads {1:SHORTANSWER:...} and PrairieLearn reads {{mustache}} in
// the raw text, and a program's braces must mean neither.
func htmlText(s string) string {
	return htmlEscaper.Replace(s)
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;", "{", "&#123;", "}", "&#125;")

// htmlProse is prose with `code` spans as <code>.
func htmlProse(s string) string {
	return renderSpans(s,
		func(t string) string { return "<code>" + htmlText(t) + "</code>" },
		func(t string) string { return "<strong>" + htmlLines(t) + "</strong>" },
		htmlLines)
}

// htmlLines is text whose line breaks are kept.
func htmlLines(s string) string {
	return strings.ReplaceAll(htmlText(s), "\n", "<br>\n")
}

// htmlParagraphs is prose as <p> elements.
func htmlParagraphs(s string) string {
	var b strings.Builder
	for _, p := range paragraphs(s) {
		fmt.Fprintf(&b, "<p>%s</p>\n", htmlProse(p))
	}
	return b.String()
}

// htmlPrompt is a part's prompt, its label starting the first paragraph.
func htmlPrompt(label, prompt string) string {
	paras := paragraphs(prompt)
	if len(paras) == 0 {
		paras = []string{""}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<p><strong>(%s)</strong> %s</p>\n", label, htmlProse(paras[0]))
	for _, p := range paras[1:] {
		fmt.Fprintf(&b, "<p>%s</p>\n", htmlProse(p))
	}
	return b.String()
}

// htmlChoice is a choice: prose, or a code block when it is several
// lines.
func htmlChoice(c string) string {
	if multiline(c) {
		return htmlCode(c)
	}
	return htmlProse(c)
}

// htmlCode is a code block.
func htmlCode(code string) string {
	return "<pre><code>" + htmlText(strings.TrimRight(code, "\n")) + "</code></pre>\n"
}

// htmlIntro is a problem's header line, intro and code.
func htmlIntro(p *Problem, where string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<p><em>%s</em></p>\n", where)
	b.WriteString(htmlParagraphs(p.Intro))
	if p.Code != "" {
		b.WriteString(htmlCode(p.Code))
	}
	return b.String()
}

// htmlTable is a table; blank(r, c, cell) gives the HTML of a blank cell.
func htmlTable(t *Table, class string, blank func(r, c int, cell Cell) string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<table%s>\n<thead><tr>", class)
	for _, h := range t.Header {
		fmt.Fprintf(&b, "<th>%s</th>", htmlText(h))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for r, row := range t.Rows {
		b.WriteString("<tr>")
		for c, cell := range row {
			if cell.Blank {
				fmt.Fprintf(&b, "<td>%s</td>", blank(r, c, cell))
			} else {
				fmt.Fprintf(&b, "<td>%s</td>", htmlText(cell.Text))
			}
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
	return b.String()
}

// htmlKey is the key of a problem's parts: answers, filled tables,
// explanations.
func htmlKey(p *Problem) string {
	var b strings.Builder
	for j, part := range p.Parts {
		if !hasKey(part) {
			continue
		}
		fmt.Fprintf(&b, "<p><strong>(%s)</strong>", partLabel(j))
		switch {
		case multiline(part.Answer):
			b.WriteString("</p>\n" + htmlCode(part.Answer))
		case part.Answer != "" || len(part.Choices) > 0:
			fmt.Fprintf(&b, " %s</p>\n", htmlText(keyText(part.Answer)))
		default:
			b.WriteString("</p>\n")
		}
		if part.Table != nil {
			b.WriteString(htmlTable(part.Table, "", func(_, _ int, c Cell) string {
				return "<strong>" + htmlText(keyText(c.Text)) + "</strong>"
			}))
		}
		b.WriteString(htmlParagraphs(part.Explain))
	}
	return b.String()
}
