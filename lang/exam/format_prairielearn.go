// This file renders problems as PrairieLearn questions: a folder per
// problem with info.json, question.html (pl elements, one input per
// blank) and server.py (generate sets the params and the correct
// answers). Each question's UUID is derived from its name, so that
// regenerating keeps it and different problems never share one.

package exam

import (
	"bytes"
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"strings"
)

func prairieLearnFiles(problems []*Problem) ([]File, error) {
	var files []File
	for _, p := range problems {
		info, err := plInfo(p)
		if err != nil {
			return nil, err
		}
		html, answers := plQuestion(p)
		files = append(files,
			File{Path: p.ID + "/info.json", Data: info},
			File{Path: p.ID + "/question.html", Data: []byte(html)},
			File{Path: p.ID + "/server.py", Data: []byte(plServer(p, answers))})
	}
	return files, nil
}

// plInfo is info.json.
func plInfo(p *Problem) ([]byte, error) {
	info := struct {
		UUID          string   `json:"uuid"`
		Type          string   `json:"type"`
		Title         string   `json:"title"`
		Topic         string   `json:"topic"`
		Tags          []string `json:"tags"`
		SingleVariant bool     `json:"singleVariant"`
	}{
		UUID:          QuestionUUID(p).String(),
		Type:          "v3",
		Title:         p.Title,
		Topic:         p.Topic,
		Tags:          []string{"cohere", p.Topic, fmt.Sprintf("seed-%d", p.Seed)},
		SingleVariant: true, // the problem is fixed: its seed made it
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(info); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// plAnswer is one correct answer server.py sets.
type plAnswer struct {
	name  string
	value string // a Python literal
	none  bool   // a none answer: parse accepts every way of typing it
	hex   bool   // a hex number: parse accepts it without 0x
	list  bool   // a list: parse accepts its items in any order
}

// plQuestion is question.html, and the correct answers its inputs need.
func plQuestion(p *Problem) (string, []plAnswer) {
	var answers []plAnswer
	// input is a blank's input: a table cell's is narrow, a short
	// answer's (or a line of one) wide, whatever the key's length.
	input := func(name, answer string, size int) string {
		if n, ok := integerAnswer(answer); ok {
			answers = append(answers, plAnswer{name: name, value: fmt.Sprint(n)})
			return fmt.Sprintf(`<pl-integer-input answers-name="%s" size="%d"></pl-integer-input>`, name, size)
		}
		_, list := listItems(answer)
		answers = append(answers, plAnswer{name, pyString(answer), noneAnswer(answer), hexAnswer(answer), list})
		return fmt.Sprintf(`<pl-string-input answers-name="%s" size="%d" remove-leading-trailing="true" ignore-case="true"></pl-string-input>`, name, size)
	}
	var b strings.Builder
	b.WriteString("<pl-question-panel>\n")
	where := htmlText(p.Topic) + ", seed {{params.seed}}, problem {{params.problem}}" + htmlText(knobsNote(p))
	if !generated(p) {
		where = htmlText(whereLine(p))
	}
	b.WriteString(htmlIntro(p, where))
	b.WriteString("</pl-question-panel>\n")
	for j, part := range p.Parts {
		label := partLabel(j)
		b.WriteString("\n" + htmlPrompt(label, part.Prompt))
		if part.Table != nil {
			b.WriteString(htmlTable(part.Table, ` class="table table-sm table-bordered w-auto"`, func(r, c int, cell Cell) string {
				return input(fmt.Sprintf("%s_%d_%d", label, r+1, c+1), keyText(cell.Text), 6)
			}))
		}
		switch {
		case len(part.Choices) > 0:
			fmt.Fprintf(&b, "<pl-multiple-choice answers-name=\"%s\" fixed-order=\"true\">\n", label)
			for _, c := range part.Choices {
				fmt.Fprintf(&b, "  <pl-answer correct=\"%t\">%s</pl-answer>\n", c == part.Answer, strings.TrimSuffix(htmlChoice(c), "\n"))
			}
			b.WriteString("</pl-multiple-choice>\n")
		case multiline(part.Answer): // a line per input
			var inputs []string
			for i, l := range answerLines(part.Answer) {
				inputs = append(inputs, input(fmt.Sprintf("%s_line%d", label, i+1), keyText(l), 30))
			}
			fmt.Fprintf(&b, "<p>%s</p>\n", strings.Join(inputs, "<br>\n"))
		case part.Answer != "":
			fmt.Fprintf(&b, "<p>%s</p>\n", input(label, keyText(part.Answer), 20))
		}
	}
	fmt.Fprintf(&b, "\n<pl-answer-panel>\n%s</pl-answer-panel>\n", htmlKey(p))
	return b.String(), answers
}

// plServer is server.py.
func plServer(p *Problem, answers []plAnswer) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Made by cohere exam (%s): every answer was computed by cohere.\n", whereLine(p))
	b.WriteString("# Make the problem again rather than edit the answers.\n\n\n")
	b.WriteString("def generate(data):\n")
	fmt.Fprintf(&b, "    data[\"params\"][\"topic\"] = %s\n", pyString(p.Topic))
	fmt.Fprintf(&b, "    data[\"params\"][\"seed\"] = %s\n", pyString(fmt.Sprint(p.Seed)))
	fmt.Fprintf(&b, "    data[\"params\"][\"problem\"] = %d\n", p.Index+1)
	var none, hex, list []string
	for _, a := range answers {
		fmt.Fprintf(&b, "    data[\"correct_answers\"][%s] = %s\n", pyString(a.name), a.value)
		if a.none {
			none = append(none, pyString(a.name))
		}
		if a.hex {
			hex = append(hex, pyString(a.name))
		}
		if a.list {
			list = append(list, pyString(a.name))
		}
	}
	if len(none)+len(hex)+len(list) > 0 {
		// parse runs before grading: it turns the ways a student may
		// write an answer into the key's.
		var spell []string
		for _, s := range noneSpellings {
			spell = append(spell, pyString(s))
		}
		fmt.Fprintf(&b, `


NONE_INPUTS = [%s]
NONE_SPELLINGS = [%s]
HEX_INPUTS = [%s]
LIST_INPUTS = [%s]


def parse(data):
    submitted = data["submitted_answers"]
    # "none" is a dash in the key: -, --, an en or em dash, or none.
    for name in NONE_INPUTS:
        value = submitted.get(name)
        if isinstance(value, str) and value.strip().lower() in NONE_SPELLINGS:
            submitted[name] = data["correct_answers"][name]
    # A hex number may be written without 0x.
    for name in HEX_INPUTS:
        value = submitted.get(name)
        if isinstance(value, str):
            value = value.strip()
            if value and all(c in "0123456789abcdefABCDEF" for c in value):
                submitted[name] = "0x" + value
    # A list may be given in any order.
    for name in LIST_INPUTS:
        value = submitted.get(name)
        if isinstance(value, str):
            want = data["correct_answers"][name]
            def items(s):
                return sorted(x.strip().lower() for x in s.split(","))
            if items(value) == items(want):
                submitted[name] = want
`, strings.Join(none, ", "), strings.Join(spell, ", "), strings.Join(hex, ", "), strings.Join(list, ", "))
	}
	return b.String()
}

// pyString is a Python string literal: a JSON string is one, for the
// strings JSON writes (no "\/").
func pyString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// UUID is an RFC 9562 UUID.
type UUID [16]byte

func (u UUID) String() string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// uuidNamespace is the namespace of cohere's question UUIDs: the UUIDv5
// of the URL https://github.com/cohere-sim/cohere/exam in the URL
// namespace of RFC 9562.
var uuidNamespace = NameUUID(UUID{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}, "https://github.com/cohere-sim/cohere/exam")

// NameUUID is the version 5 (SHA-1, name-based) UUID of name in ns.
func NameUUID(ns UUID, name string) UUID {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u UUID
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return u
}

// QuestionUUID is a problem's PrairieLearn UUID: the UUIDv5 of
// "topic/seed/index" (the index from 0) in cohere's namespace, with
// "/knobs" added when the problem was made with knobs other than the
// defaults, and "/ID" when its ID is not the one Generate gives (a
// problem made from a script).
func QuestionUUID(p *Problem) UUID {
	name := fmt.Sprintf("%s/%d/%d", p.Topic, p.Seed, p.Index)
	if p.Knobs != (Knobs{}) {
		name += "/" + p.Knobs.String()
	}
	if !generated(p) {
		name += "/" + p.ID
	}
	return NameUUID(uuidNamespace, name)
}

// String writes the knobs that are set, as the command's flags: "--cores 3
// --protocol MSI".
func (k Knobs) String() string {
	var f []string
	add := func(name string, set bool, v any) {
		if set {
			f = append(f, fmt.Sprintf("--%s %v", name, v))
		}
	}
	add("cores", k.Cores != 0, k.Cores)
	add("ops", k.Ops != 0, k.Ops)
	add("lines", k.Lines != 0, k.Lines)
	add("protocol", k.Protocol != "", k.Protocol)
	add("compare", k.Compare != "", k.Compare)
	add("size", k.Size != 0, k.Size)
	add("line", k.Line != 0, k.Line)
	ways := fmt.Sprint(k.Ways)
	if k.Ways < 0 {
		ways = "full"
	}
	add("ways", k.Ways != 0, ways)
	add("replace", k.Replace != "", k.Replace)
	add("variant", k.Variant != "", k.Variant)
	if k.Choice {
		f = append(f, "--choice")
	}
	return strings.Join(f, " ")
}
