// This file renders problems as a Moodle XML quiz: a problem is a cloze
// question with one embedded answer per blank (a table cell, a short
// answer, a multiple choice), or a multichoice question when it is one
// multiple-choice part. The general feedback holds the key.

package exam

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

func renderMoodle(w io.Writer, problems []*Problem) error {
	b := bufio.NewWriter(w)
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	b.WriteString("<!-- Made by cohere exam: every answer was computed by cohere. -->\n")
	b.WriteString("<quiz>\n")
	topic := ""
	for _, p := range problems {
		if p.Topic != topic {
			topic = p.Topic
			fmt.Fprintf(b, "  <question type=\"category\">\n    <category><text>%s</text></category>\n  </question>\n", xmlText("$course$/cohere/"+topic))
		}
		if len(p.Parts) == 1 && len(p.Parts[0].Choices) > 0 && p.Parts[0].Table == nil {
			moodleMultichoice(b, p)
		} else {
			moodleCloze(b, p)
		}
	}
	b.WriteString("</quiz>\n")
	return b.Flush()
}

// moodleHead writes the elements every question has.
func moodleHead(b *bufio.Writer, p *Problem, kind, text string) {
	fmt.Fprintf(b, "  <question type=\"%s\">\n", kind)
	fmt.Fprintf(b, "    <name><text>%s</text></name>\n", xmlText(p.ID+": "+p.Title))
	fmt.Fprintf(b, "    <questiontext format=\"html\"><text>%s</text></questiontext>\n", cdata(text))
	fmt.Fprintf(b, "    <generalfeedback format=\"html\"><text>%s</text></generalfeedback>\n", cdata(htmlKey(p)))
	fmt.Fprintf(b, "    <defaultgrade>1</defaultgrade>\n    <penalty>0.3333333</penalty>\n    <hidden>0</hidden>\n")
	fmt.Fprintf(b, "    <idnumber>%s</idnumber>\n", xmlText(p.ID))
}

func moodleCloze(b *bufio.Writer, p *Problem) {
	var t strings.Builder
	t.WriteString(htmlIntro(p, htmlText(whereLine(p))))
	for j, part := range p.Parts {
		t.WriteString(htmlPrompt(partLabel(j), part.Prompt))
		if part.Table != nil {
			t.WriteString(htmlTable(part.Table, ` border="1"`, func(_, _ int, c Cell) string { return clozeBlank(keyText(c.Text)) }))
		}
		switch {
		case len(part.Choices) > 0:
			var opts []string
			for _, c := range part.Choices {
				o := clozeEscape(strings.Join(answerLines(c), " / "), false) // an option is one line
				if c == part.Answer {
					o = "=" + o
				}
				opts = append(opts, o)
			}
			fmt.Fprintf(&t, "<p>{1:MULTICHOICE_V:%s}</p>\n", strings.Join(opts, "~"))
		case multiline(part.Answer): // a line per blank
			var blanks []string
			for _, l := range answerLines(part.Answer) {
				blanks = append(blanks, clozeBlank(keyText(l)))
			}
			fmt.Fprintf(&t, "<p>%s</p>\n", strings.Join(blanks, "<br>\n"))
		case part.Answer != "":
			fmt.Fprintf(&t, "<p>%s</p>\n", clozeBlank(keyText(part.Answer)))
		}
	}
	moodleHead(b, p, "cloze", t.String())
	b.WriteString("  </question>\n")
}

func moodleMultichoice(b *bufio.Writer, p *Problem) {
	part := p.Parts[0]
	text := htmlIntro(p, htmlText(whereLine(p))) + htmlParagraphs(part.Prompt)
	moodleHead(b, p, "multichoice", text)
	b.WriteString("    <single>true</single>\n    <shuffleanswers>false</shuffleanswers>\n    <answernumbering>ABCD</answernumbering>\n")
	for _, c := range part.Choices {
		fraction := 0
		if c == part.Answer {
			fraction = 100
		}
		fmt.Fprintf(b, "    <answer fraction=\"%d\" format=\"html\"><text>%s</text></answer>\n", fraction, cdata(htmlChoice(c)))
	}
	b.WriteString("  </question>\n")
}

// clozeBlank is one embedded answer: NUMERICAL for a whole number,
// SHORTANSWER (not case-sensitive) for the rest; a none answer accepts
// every way of typing a dash, and "none"; a list of up to 4 items any
// order; a hex number its digits without 0x.
func clozeBlank(answer string) string {
	if _, ok := integerAnswer(answer); ok {
		return "{1:NUMERICAL:=" + answer + ":0}"
	}
	if noneAnswer(answer) {
		alts := []string{clozeEscape(answer, true)}
		for _, s := range noneSpellings {
			if s != answer {
				alts = append(alts, clozeEscape(s, true))
			}
		}
		return "{1:SHORTANSWER:=" + strings.Join(alts, "~=") + "}"
	}
	if items, ok := listItems(answer); ok && len(items) <= 4 {
		// any order, with or without the spaces
		var alts []string
		for _, p := range listOrders(items) {
			for _, sep := range []string{", ", ","} {
				alts = append(alts, clozeEscape(strings.Join(p, sep), true))
			}
		}
		return "{1:SHORTANSWER:=" + strings.Join(alts, "~=") + "}"
	}
	if hexAnswer(answer) {
		return "{1:SHORTANSWER:=" + answer + "~=" + answer[2:] + "}"
	}
	return "{1:SHORTANSWER:=" + clozeEscape(answer, true) + "}"
}

// clozeEscape escapes an answer inside cloze markup: the characters the
// cloze syntax uses take a backslash (and * too in a short answer, where
// it is a wildcard); the result is HTML.
func clozeEscape(s string, short bool) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '}', '#', '~', '/', '"':
			b.WriteRune('\\')
			b.WriteRune(r)
		case '*':
			if short {
				b.WriteRune('\\')
			}
			b.WriteRune(r)
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cdata wraps text in a CDATA section, splitting any "]]>" it holds.
func cdata(s string) string {
	return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>"
}

// xmlText escapes text for an XML element.
func xmlText(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
