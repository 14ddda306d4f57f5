// This file renders problems as JSON, for programs: the problem and its
// key together, the key in the fields named answer and explain.

package exam

import (
	"encoding/json"
	"io"
)

// The JSON document: field names are stable (schema 1); empty fields are
// left out.
type (
	jsonExam struct {
		Schema   int           `json:"schema"`
		Problems []jsonProblem `json:"problems"`
	}
	jsonProblem struct {
		ID      string     `json:"id"`
		Topic   string     `json:"topic"`
		Seed    uint64     `json:"seed"`
		Problem int        `json:"problem"` // the index from 1, as "seed 7, problem 2" says
		Knobs   *jsonKnobs `json:"knobs,omitempty"`
		Title   string     `json:"title"`
		Intro   string     `json:"intro,omitempty"`
		Code    string     `json:"code,omitempty"`
		Parts   []jsonPart `json:"parts"`
	}
	jsonPart struct {
		Label   string     `json:"label"`
		Prompt  string     `json:"prompt"`
		Table   *jsonTable `json:"table,omitempty"`
		Choices []string   `json:"choices,omitempty"`
		Answer  string     `json:"answer,omitempty"`  // key
		Explain string     `json:"explain,omitempty"` // key
	}
	jsonTable struct {
		Header []string     `json:"header"`
		Rows   [][]jsonCell `json:"rows"`
	}
	// jsonCell is {"text": "P0 read a"} when given, {"blank": true,
	// "answer": "M"} when the student fills it in.
	jsonCell struct {
		Text   *string `json:"text,omitempty"`
		Blank  bool    `json:"blank,omitempty"`
		Answer *string `json:"answer,omitempty"` // key
	}
	jsonKnobs struct {
		Cores    int    `json:"cores,omitempty"`
		Ops      int    `json:"ops,omitempty"`
		Lines    int    `json:"lines,omitempty"`
		Protocol string `json:"protocol,omitempty"`
		Compare  string `json:"compare,omitempty"`
		Size     int    `json:"size,omitempty"`
		Line     int    `json:"line,omitempty"`
		Ways     int    `json:"ways,omitempty"`
		Replace  string `json:"replace,omitempty"`
		Variant  string `json:"variant,omitempty"`
		Choice   bool   `json:"choice,omitempty"`
	}
)

func renderJSON(w io.Writer, problems []*Problem) error {
	doc := jsonExam{Schema: 1, Problems: []jsonProblem{}}
	for _, p := range problems {
		jp := jsonProblem{ID: p.ID, Topic: p.Topic, Seed: p.Seed, Problem: p.Index + 1, Title: p.Title, Intro: p.Intro, Code: p.Code, Parts: []jsonPart{}}
		if k := p.Knobs; k != (Knobs{}) {
			jp.Knobs = &jsonKnobs{k.Cores, k.Ops, k.Lines, k.Protocol, k.Compare, k.Size, k.Line, k.Ways, k.Replace, k.Variant, k.Choice}
		}
		for j, part := range p.Parts {
			pp := jsonPart{Label: partLabel(j), Prompt: part.Prompt, Choices: part.Choices, Answer: part.Answer, Explain: part.Explain}
			if t := part.Table; t != nil {
				jt := &jsonTable{Header: t.Header, Rows: [][]jsonCell{}}
				if jt.Header == nil {
					jt.Header = []string{}
				}
				for _, r := range t.Rows {
					row := make([]jsonCell, len(r))
					for i, c := range r {
						text := c.Text
						if c.Blank {
							row[i] = jsonCell{Blank: true, Answer: &text}
						} else {
							row[i] = jsonCell{Text: &text}
						}
					}
					jt.Rows = append(jt.Rows, row)
				}
				pp.Table = jt
			}
			jp.Parts = append(jp.Parts, pp)
		}
		doc.Problems = append(doc.Problems, jp)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
