// This file places comments: each is printed before the first token that
// follows it in the source, at the end of the line when code precedes it
// there, and trailing // comments of consecutive lines are aligned.

package syntax

import (
	"bytes"
	"strings"
)

// flush prints the comments that stand before offset off.
func (p *printer) flush(off int) {
	for p.ci < len(p.comments) && p.comments[p.ci].Pos.Offset < off {
		i := p.ci
		c := p.comments[i]
		p.ci++
		line := strings.HasPrefix(c.Text, "//")
		if p.trailing[i] && p.out.Len() > 0 && !p.atLineStart() && !p.lineComment {
			if line {
				p.lineComment = true
				p.out.WriteByte(commentMark)
				p.out.WriteString(c.Text)
				p.newlines(1)
			} else {
				if b := p.out.Bytes(); b[len(b)-1] != ' ' {
					p.out.WriteByte(' ')
				}
				p.out.WriteString(c.Text)
				p.space = true
			}
			p.last = ""
			continue
		}
		if p.out.Len() > 0 {
			nl := 1
			if p.blankBefore(c.Pos.Offset) && !p.afterOpen {
				nl = 2
			}
			p.newlines(nl)
		}
		p.emitNewlines()
		if p.space {
			p.out.WriteByte(' ')
		}
		p.out.WriteString(c.Text)
		p.last = ""
		p.space = false
		p.afterOpen = false
		p.lineComment = line
		if line || !p.codeAfter[i] {
			p.newlines(1)
		} else {
			p.space = true
			p.beforeCode = true
		}
	}
}

// atLineStart reports whether nothing but indentation follows the last
// newline written, and no newline is owed.
func (p *printer) atLineStart() bool {
	if p.pendingNL > 0 {
		return false
	}
	b := p.out.Bytes()
	i := bytes.LastIndexByte(b, '\n')
	return len(bytes.Trim(b[i+1:], "\t")) == 0
}

// alignComments lines up the trailing // comments of consecutive lines
// of the same indentation, as gofmt does, and turns each mark into spaces.
func alignComments(b []byte) []byte {
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); {
		if !strings.ContainsRune(lines[i], commentMark) {
			i++
			continue
		}
		j := i
		width := 0
		indent := leadingTabs(lines[i])
		for j < len(lines) && strings.ContainsRune(lines[j], commentMark) && leadingTabs(lines[j]) == indent {
			code := strings.TrimRight(lines[j][:strings.IndexRune(lines[j], commentMark)], " ")
			width = max(width, displayWidth(code))
			j++
		}
		for k := i; k < j; k++ {
			at := strings.IndexRune(lines[k], commentMark)
			code := strings.TrimRight(lines[k][:at], " ")
			pad := width - displayWidth(code) + 1
			if strings.TrimLeft(code, "\t") == "" {
				pad = 0 // a comment alone on its line stays at the indentation
			}
			lines[k] = code + strings.Repeat(" ", pad) + lines[k][at+1:]
		}
		i = j
	}
	return []byte(strings.Join(lines, "\n"))
}

func leadingTabs(s string) int { return len(s) - len(strings.TrimLeft(s, "\t")) }

// displayWidth counts columns, a tab reaching the next multiple of 8.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		if r == '\t' {
			w = (w/8 + 1) * 8
		} else {
			w++
		}
	}
	return w
}
