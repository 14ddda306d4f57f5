// This file renders problems as LaTeX for the exam document class: a
// \question per problem, \part per part, tables as tabular, multiple
// choice as choices with \CorrectChoice, and the key in solution blocks
// that \printanswers prints.

package exam

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

func renderLaTeX(w io.Writer, problems []*Problem, answers bool) error {
	b := bufio.NewWriter(w)
	b.WriteString(`% Made by cohere exam: every answer was computed by cohere.
% The key is in this file (solution blocks, \CorrectChoice); it is printed
% only with \printanswers.
\documentclass[11pt]{exam}
\usepackage[utf8]{inputenc}
\usepackage{amssymb}
\usepackage{graphicx}
`)
	if answers {
		b.WriteString("\\printanswers\n")
	}
	fmt.Fprintf(b, `\renewcommand{\arraystretch}{1.3}
\renewcommand{\solutiontitle}{\noindent\textbf{Key:}\enspace}
\begin{document}
\begin{center}
{\Large %s}
\end{center}
`, latexText(examTitle(problems, answers)))
	b.WriteString("\\begin{questions}\n")
	for _, p := range problems {
		fmt.Fprintf(b, "\n\\question \\textbf{%s} \\hfill {\\small %s}\n", latexText(p.Title), latexText(whereLine(p)))
		for _, para := range paragraphs(p.Intro) {
			fmt.Fprintf(b, "\n%s\n", latexProse(para))
		}
		if p.Code != "" {
			fmt.Fprintf(b, "\n\\begin{verbatim}\n%s\n\\end{verbatim}\n", latexVerbatim(strings.TrimRight(p.Code, "\n")))
		}
		if len(p.Parts) > 0 {
			b.WriteString("\n\\begin{parts}\n")
			for _, part := range p.Parts {
				latexPart(b, part)
			}
			b.WriteString("\\end{parts}\n")
		}
	}
	b.WriteString("\n\\end{questions}\n\\end{document}\n")
	return b.Flush()
}

// latexPart writes a part: the prompt, the table with empty boxes, the
// choices, and a solution block with the filled table, the answer and
// the explanation.
func latexPart(b *bufio.Writer, part Part) {
	var prompt []string
	for _, para := range paragraphs(part.Prompt) {
		prompt = append(prompt, latexProse(para))
	}
	fmt.Fprintf(b, "\\part %s\n", strings.Join(prompt, "\n\n"))
	if part.Table != nil {
		fmt.Fprintf(b, "%s", latexTable(part.Table, false))
	}
	short := len(part.Choices) == 0 && part.Answer != ""
	if len(part.Choices) > 0 {
		b.WriteString("\\begin{choices}\n")
		for _, c := range part.Choices {
			cmd := "\\choice"
			if c == part.Answer {
				cmd = "\\CorrectChoice"
			}
			if multiline(c) {
				// lines of typewriter text, the first beside the letter
				var lines []string
				for _, l := range answerLines(c) {
					lines = append(lines, "\\texttt{"+strings.ReplaceAll(latexCode(latexVerbatim(l)), " ", "\\ ")+"}")
				}
				fmt.Fprintf(b, "%s \\begin{tabular}[t]{@{}l@{}}%s\\end{tabular}\n", cmd, strings.Join(lines, "\\\\"))
			} else {
				fmt.Fprintf(b, "%s %s\n", cmd, latexProse(c))
			}
		}
		b.WriteString("\\end{choices}\n")
	}
	var sol []string
	if short && multiline(part.Answer) {
		sol = append(sol, "\\begin{verbatim}\n"+latexVerbatim(strings.TrimRight(part.Answer, "\n"))+"\n\\end{verbatim}")
	} else if short {
		sol = append(sol, latexProse(keyText(part.Answer)))
	}
	if part.Table != nil {
		sol = append(sol, latexTable(part.Table, true))
	}
	for _, para := range paragraphs(part.Explain) {
		sol = append(sol, latexProse(para))
	}
	if len(sol) == 0 {
		return
	}
	env := "solution"
	if short {
		env = "solutionorlines" // lines to write on when the key is not printed
		fmt.Fprintf(b, "\\begin{%s}[0.5in]\n", env)
	} else {
		fmt.Fprintf(b, "\\begin{%s}\n", env)
	}
	fmt.Fprintf(b, "%s\n", strings.Join(sol, "\n\n"))
	fmt.Fprintf(b, "\\end{%s}\n", env)
}

// latexTable is a centred tabular; blanks are empty boxes, or with key
// their answers in bold.
func latexTable(t *Table, key bool) string {
	var b strings.Builder
	// A table wider than the line is scaled down to fit.
	fmt.Fprintf(&b, "\n\\begin{center}\n\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{%%\n\\begin{tabular}{|%s}\n\\hline\n", strings.Repeat("l|", len(t.Header)))
	head := make([]string, len(t.Header))
	for i, h := range t.Header {
		head[i] = "\\textbf{" + latexText(h) + "}"
	}
	fmt.Fprintf(&b, "%s \\\\\n\\hline\n", strings.Join(head, " & "))
	for _, r := range t.Rows {
		cells := make([]string, len(r))
		for i, c := range r {
			switch {
			case !c.Blank:
				cells[i] = latexText(c.Text)
			case key:
				cells[i] = "\\textbf{" + latexText(keyText(c.Text)) + "}"
			default:
				cells[i] = "\\hspace{3em}"
			}
		}
		fmt.Fprintf(&b, "%s \\\\\n\\hline\n", strings.Join(cells, " & "))
	}
	b.WriteString("\\end{tabular}}\n\\end{center}\n")
	return b.String()
}

// latexProse is text with `code` spans set in typewriter type.
func latexProse(s string) string {
	return renderSpans(s,
		func(t string) string { return "\\texttt{" + latexCode(t) + "}" },
		func(t string) string { return "\\textbf{" + latexLines(t) + "}" },
		latexLines)
}

// latexLines is text whose line breaks are kept (\\ ends a line).
func latexLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = latexText(l)
	}
	return strings.Join(lines, "\\\\\n")
}

// latexText escapes LaTeX's special characters, and characters the
// default (OT1) fonts lack, and writes common symbols in a way pdflatex
// knows.
func latexText(s string) string {
	var b strings.Builder
	for i, r := range s {
		if t, ok := latexEscapes[r]; ok {
			b.WriteString(t)
		} else if r == '-' && strings.HasPrefix(s[i+1:], "-") {
			b.WriteString("-{}") // --flag, not an en dash
		} else if r > 0xff {
			fmt.Fprintf(&b, `{\ttfamily U+%04X}`, r) // pdflatex would stop: show it, and add it to latexEscapes
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// latexVerbatim is code for a verbatim block: tabs expanded to the next
// multiple of 4 (verbatim prints a tab as one space), and characters
// beyond Latin-1, which pdflatex cannot print there, written in ASCII.
func latexVerbatim(s string) string {
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r > 0xff {
			t, ok := verbatimASCII[r]
			if !ok {
				t = fmt.Sprintf("U+%04X", r)
			}
			b.WriteString(t)
			col += len(t)
			continue
		}
		switch r {
		case '\t':
			n := 4 - col%4
			b.WriteString(strings.Repeat(" ", n))
			col += n
		case '\n':
			b.WriteRune(r)
			col = 0
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String()
}

// latexCode escapes text for \texttt: the typewriter font has every
// ASCII character, so the special ones are taken from it by code.
func latexCode(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`\{}$&%#_^~`, r) {
			fmt.Fprintf(&b, `\char%d{}`, r)
		} else if r == '\n' {
			b.WriteByte(' ')
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var verbatimASCII = map[rune]string{
	'−': "-", '—': "--", '–': "-", '×': "x", '≤': "<=", '≥': ">=", '≠': "!=",
	'→': "->", '←': "<-", '⇒': "=>", '…': "...", '“': `"`, '”': `"`, '‘': "'", '’': "'", '·': ".", '•': "*",
}

var latexEscapes = map[rune]string{
	'\\': `\textbackslash{}`,
	'{':  `\{`,
	'}':  `\}`,
	'$':  `\$`,
	'&':  `\&`,
	'%':  `\%`,
	'#':  `\#`,
	'_':  `\_`,
	'^':  `\textasciicircum{}`,
	'~':  `\textasciitilde{}`,
	'<':  `\textless{}`,
	'>':  `\textgreater{}`,
	'|':  `\textbar{}`,
	'\n': " ",
	'→':  `$\rightarrow$`,
	'←':  `$\leftarrow$`,
	'↔':  `$\leftrightarrow$`,
	'⇒':  `$\Rightarrow$`,
	'—':  `---`,
	'–':  `--`,
	'−':  `$-$`,
	'±':  `$\pm$`,
	'÷':  `$\div$`,
	'≈':  `$\approx$`,
	'∈':  `$\in$`,
	'∅':  `$\emptyset$`,
	'⊕':  `$\oplus$`,
	'↑':  `$\uparrow$`,
	'↓':  `$\downarrow$`,
	'∧':  `$\wedge$`,
	'∨':  `$\vee$`,
	'¬':  `$\neg$`,
	'≡':  `$\equiv$`,
	'²':  `$^2$`,
	'…':  `\ldots{}`,
	'×':  `$\times$`,
	'≤':  `$\leq$`,
	'≥':  `$\geq$`,
	'≠':  `$\neq$`,
	'·':  `$\cdot$`,
	'•':  `$\bullet$`,
	'“':  "``",
	'”':  "''",
	'‘':  "`",
	'’':  "'",
	'µ':  `$\mu$`,
	'∞':  `$\infty$`,
	'✓':  `$\checkmark$`,
}
