// This file renders a protocol table three ways: a terminal grid in the
// notation of PROTOCOLS.md, a Graphviz digraph and a TikZ picture.

package view

import (
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/sim/protocol"
)

// gridWidth is the widest a grid may be; long cells wrap to keep it.
const gridWidth = 100

// seg is a run of cell text; state names are coloured.
type seg struct {
	text  string
	state bool
}

// token is a piece of a cell that never breaks across lines ("→ E",
// "BusRd,"); tokens are separated by one space.
type token []seg

func (k token) width() int {
	n := 0
	for _, s := range k {
		n += width(s.text)
	}
	return n
}

// breaksAfter says whether a line may preferably end after k: after a
// comma or a semicolon, between the clauses of a cell.
func (k token) breaksAfter() bool {
	last := k[len(k)-1].text
	return strings.HasSuffix(last, ",") || strings.HasSuffix(last, ";")
}

func word(s string) token      { return token{{text: s}} }
func stateWord(s string) token { return token{{text: s, state: true}} }
func arrow(to string) token    { return token{{text: "→ "}, {text: to, state: true}} }
func (k token) with(p string) token {
	return append(append(token(nil), k...), seg{text: p})
}

// actionName spells an action as PROTOCOLS.md does (a snooped update is
// "update").
func actionName(a protocol.Action) string {
	if a == protocol.Update {
		return "update"
	}
	return a.String()
}

func actionWords(acts []protocol.Action) []token {
	var out []token
	for i, a := range acts {
		k := word(actionName(a))
		if i < len(acts)-1 {
			k = k.with(",")
		}
		out = append(out, k)
	}
	return out
}

func isProcessor(e protocol.Event) bool { return e == protocol.PrRd || e == protocol.PrWr }

// cellTokens writes the rows of one (state, event) pair as PROTOCOLS.md
// does: "→ S", "→ M (silent)", "Flush → S", "BusRd → E if !C, S if C",
// "BusRd, then if C: BusUpd → Sm; if !C → M".
func cellTokens(t *protocol.Table, rows []protocol.Row) []token {
	name := func(s protocol.State) string { return t.States[s] }
	r := rows[0]
	if len(rows) == 1 && r.When == protocol.Always {
		out := actionWords(r.Actions)
		out = append(out, arrow(name(r.To)))
		if len(r.Actions) == 0 && r.To != r.From && isProcessor(r.On) {
			out = append(out, word("(silent)"))
		}
		return out
	}
	// Conditional rows: the actions they share come first.
	prefix := r.Actions
	same := true
	for _, o := range rows[1:] {
		n := 0
		for n < len(prefix) && n < len(o.Actions) && prefix[n] == o.Actions[n] {
			n++
		}
		prefix = prefix[:n]
	}
	for _, o := range rows {
		if len(o.Actions) != len(prefix) {
			same = false
		}
	}
	out := actionWords(prefix)
	if same {
		// "BusRd → E if !C, S if C"
		for i, o := range rows {
			to := arrow(name(o.To))
			if i > 0 {
				to = stateWord(name(o.To))
			}
			out = append(out, to)
			if c := o.When.String(); c != "" {
				out = append(out, word("if"))
				cond := word(c)
				if i < len(rows)-1 {
					cond = cond.with(",")
				}
				out = append(out, cond)
			}
		}
		return out
	}
	// "BusRd, then if C: BusUpd → Sm; if !C → M"
	if len(out) > 0 {
		out[len(out)-1] = out[len(out)-1].with(",")
		out = append(out, word("then"))
	}
	for i, o := range rows {
		rest := o.Actions[len(prefix):]
		if c := o.When.String(); c != "" {
			out = append(out, word("if"))
			cond := word(c)
			if len(rest) > 0 {
				cond = cond.with(":")
			}
			out = append(out, cond)
		}
		out = append(out, actionWords(rest)...)
		to := arrow(name(o.To))
		if i < len(rows)-1 {
			to = to.with(";")
		}
		out = append(out, to)
	}
	return out
}

// wrapTokens fills tokens into lines of at most max columns, ending a
// line after a comma or semicolon when the line would otherwise break
// inside a clause. A token wider than max gets a line of its own.
func wrapTokens(toks []token, max int) [][]token {
	var lines [][]token
	var line []token
	w := 0
	for _, k := range toks {
		kw := k.width()
		if len(line) > 0 && w+1+kw > max {
			// Prefer to break after the last clause end of this line.
			cut := -1
			for j := len(line) - 1; j >= 0; j-- {
				if line[j].breaksAfter() {
					cut = j
					break
				}
			}
			if cut >= 0 {
				lines = append(lines, line[:cut+1])
				line = append([]token(nil), line[cut+1:]...)
			} else {
				lines = append(lines, line)
				line = nil
			}
			w = lineWidth(line)
			if len(line) > 0 && w+1+kw > max {
				lines = append(lines, line)
				line, w = nil, 0
			}
		}
		if len(line) > 0 {
			w++
		}
		line = append(line, k)
		w += kw
	}
	if len(line) > 0 {
		lines = append(lines, line)
	}
	return lines
}

func lineWidth(line []token) int {
	w := 0
	for i, k := range line {
		if i > 0 {
			w++
		}
		w += k.width()
	}
	return w
}

func renderLine(line []token, color bool) string {
	var b strings.Builder
	for i, k := range line {
		if i > 0 {
			b.WriteByte(' ')
		}
		for _, s := range k {
			if s.state {
				b.WriteString(paint(s.text, s.text, color))
			} else {
				b.WriteString(s.text)
			}
		}
	}
	return b.String()
}

// groups returns, for every (state, event), the rows of the table in
// table order.
func groups(t *protocol.Table) [][protocol.NumEvents][]protocol.Row {
	g := make([][protocol.NumEvents][]protocol.Row, len(t.States))
	for _, r := range t.Rows {
		if int(r.From) < len(g) && r.On < protocol.NumEvents {
			g[r.From][r.On] = append(g[r.From][r.On], r)
		}
	}
	return g
}

// usedEvents lists the events some row reacts to, in event order.
func usedEvents(t *protocol.Table) []protocol.Event {
	var used [protocol.NumEvents]bool
	for _, r := range t.Rows {
		if r.On < protocol.NumEvents {
			used[r.On] = true
		}
	}
	var out []protocol.Event
	for e := protocol.Event(0); e < protocol.NumEvents; e++ {
		if used[e] {
			out = append(out, e)
		}
	}
	return out
}

// gridCell is one cell of the grid: its tokens, and its lines at the
// column's current width.
type gridCell struct {
	toks  []token
	lines [][]token
}

// ProtocolGrid renders t as a terminal grid: one row per state in table
// order, one column per event that some row uses (processor events, then
// a double rule, then the transactions snooped on the bus), each cell the
// transitions as PROTOCOLS.md writes them ("–" when the table has no row).
// Cells wrap so that the grid fits in 100 columns. A last line gives the
// dirty states and the settings in force. With color, state names take
// their StateColor and the header is bold; without, the text has no escape
// codes at all.
func ProtocolGrid(t *protocol.Table, color bool) string {
	events := usedEvents(t)
	g := groups(t)
	ncol := len(events) + 1
	cells := make([][]gridCell, len(t.States))
	for s := range t.States {
		cells[s] = make([]gridCell, ncol)
		cells[s][0].toks = []token{stateWord(t.States[s])}
		for c, e := range events {
			if rows := g[s][e]; len(rows) > 0 {
				cells[s][c+1].toks = cellTokens(t, rows)
			} else {
				cells[s][c+1].toks = []token{word("–")}
			}
		}
	}
	header := make([]string, ncol)
	for c, e := range events {
		header[c+1] = e.String()
	}

	// Natural widths first; then narrow the widest wrappable column a
	// column at a time until the grid fits.
	widths := make([]int, ncol)
	floor := make([]int, ncol) // the narrowest each column can get
	for c := range widths {
		widths[c], floor[c] = width(header[c]), width(header[c])
		for s := range cells {
			widths[c] = max(widths[c], lineWidth(cells[s][c].toks))
			for _, k := range cells[s][c].toks {
				floor[c] = max(floor[c], k.width())
			}
		}
	}
	relayout := func(c int) int {
		w := width(header[c])
		for s := range cells {
			cells[s][c].lines = wrapTokens(cells[s][c].toks, widths[c])
			for _, l := range cells[s][c].lines {
				w = max(w, lineWidth(l))
			}
		}
		return w
	}
	for c := range widths {
		widths[c] = relayout(c)
	}
	total := func() int {
		n := 1
		for _, w := range widths {
			n += w + 3
		}
		return n
	}
	for total() > gridWidth {
		best := -1
		for c := 1; c < ncol; c++ {
			if widths[c] > floor[c] && (best < 0 || widths[c] > widths[best]) {
				best = c
			}
		}
		if best < 0 {
			break // as narrow as it gets
		}
		widths[best]--
		widths[best] = relayout(best)
	}

	// A double rule between the processor side and the bus side.
	double := -1
	for c, e := range events {
		if e.IsBus() {
			if c > 0 {
				double = c + 1
			}
			break
		}
	}
	rule := func(left, mid, dmid, right string) string {
		var b strings.Builder
		b.WriteString(left)
		for c, w := range widths {
			if c > 0 {
				if c == double {
					b.WriteString(dmid)
				} else {
					b.WriteString(mid)
				}
			}
			b.WriteString(strings.Repeat("─", w+2))
		}
		b.WriteString(right)
		b.WriteByte('\n')
		return b.String()
	}
	bar := func(c int) string {
		if c == double {
			return "║"
		}
		return "│"
	}
	multi := false
	for s := range cells {
		for c := range cells[s] {
			if len(cells[s][c].lines) > 1 {
				multi = true
			}
		}
	}

	var b strings.Builder
	b.WriteString(rule("┌", "┬", "╥", "┐"))
	b.WriteString("│")
	for c, h := range header {
		if c > 0 {
			b.WriteString(bar(c))
		}
		b.WriteString(" " + strong(h, color) + strings.Repeat(" ", widths[c]-width(h)) + " ")
	}
	b.WriteString("│\n")
	b.WriteString(rule("├", "┼", "╫", "┤"))
	for s := range cells {
		if s > 0 && multi {
			b.WriteString(rule("├", "┼", "╫", "┤"))
		}
		height := 1
		for c := range cells[s] {
			height = max(height, len(cells[s][c].lines))
		}
		for l := 0; l < height; l++ {
			b.WriteString("│")
			for c := range cells[s] {
				if c > 0 {
					b.WriteString(bar(c))
				}
				text, w := "", 0
				if l < len(cells[s][c].lines) {
					line := cells[s][c].lines[l]
					text, w = renderLine(line, color), lineWidth(line)
				}
				b.WriteString(" " + text + strings.Repeat(" ", widths[c]-w) + " ")
			}
			b.WriteString("│\n")
		}
	}
	b.WriteString(rule("└", "┴", "╨", "┘"))

	// The footer: dirty states, settings, and why the checker is exempt.
	var dirty []string
	for s := range t.States {
		if t.IsDirty(protocol.State(s)) {
			dirty = append(dirty, paint(t.States[s], t.States[s], color))
		}
	}
	foot := "dirty: none"
	if len(dirty) > 0 {
		foot = "dirty: " + strings.Join(dirty, " ")
	}
	if len(t.Notes) > 0 {
		foot += "   settings: " + strings.Join(t.Notes, ", ")
	}
	b.WriteString(foot + "\n")
	if t.Exempt != "" {
		b.WriteString(wrapWords("not checked: "+t.Exempt, gridWidth, "  ") + "\n")
	}
	return b.String()
}

// edge is one arrow of a state diagram: the rows from one state to
// another on one side (processor or bus), in table order.
type edge struct {
	from, to protocol.State
	bus      bool
	rows     []protocol.Row
}

// edges merges the rows of t into one edge per (from, to, side), in the
// order of their first row.
func edges(t *protocol.Table) []*edge {
	type key struct {
		from, to protocol.State
		bus      bool
	}
	index := map[key]*edge{}
	var out []*edge
	for _, r := range t.Rows {
		k := key{r.From, r.To, r.On.IsBus()}
		e := index[k]
		if e == nil {
			e = &edge{from: r.From, to: r.To, bus: k.bus}
			index[k] = e
			out = append(out, e)
		}
		e.rows = append(e.rows, r)
	}
	return out
}

// labelLines writes an edge's rows as "EVENT / ACTIONS [C]", one line per
// distinct (actions, condition), the events that share them joined
// ("BusRdX, BusUpgr / Flush").
func (e *edge) labelLines() []string {
	var order []string
	events := map[string][]string{}
	for _, r := range e.rows {
		var tail string
		if len(r.Actions) > 0 {
			names := make([]string, len(r.Actions))
			for i, a := range r.Actions {
				names[i] = actionName(a)
			}
			tail = " / " + strings.Join(names, ", ")
		}
		if c := r.When.String(); c != "" {
			tail += " [" + c + "]"
		}
		if _, ok := events[tail]; !ok {
			order = append(order, tail)
		}
		events[tail] = append(events[tail], r.On.String())
	}
	lines := make([]string, len(order))
	for i, tail := range order {
		lines[i] = strings.Join(events[tail], ", ") + tail
	}
	return lines
}

// dotQuote quotes s as a DOT string.
func dotQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// ProtocolDOT renders t as a Graphviz digraph: one node per state, the
// invalid state first (leftmost), and one edge per (from, to) pair and
// side, labelled with its rows ("PrRd / BusRd [!C]"): processor-side
// edges solid, snooped bus edges dashed. The output depends only on t.
func ProtocolDOT(t *protocol.Table) string {
	var b strings.Builder
	fmt.Fprintf(&b, "// %s: processor-side transitions solid, snooped bus transactions dashed.\n", t.Name)
	fmt.Fprintf(&b, "digraph %s {\n", dotQuote(t.Name))
	b.WriteString("\trankdir=LR;\n")
	b.WriteString("\tnodesep=0.5;\n")
	b.WriteString("\tranksep=1.1;\n")
	b.WriteString("\tnode [shape=circle, style=filled, fillcolor=white, fontname=\"Helvetica\", fontsize=14, width=0.65, fixedsize=true, penwidth=1.5];\n")
	b.WriteString("\tedge [fontname=\"Helvetica\", fontsize=10, arrowsize=0.7];\n")
	for s, name := range t.States {
		attrs := ""
		if c, ok := stateColors[name]; ok {
			attrs = fmt.Sprintf(" [fillcolor=%s, color=%s]", dotQuote(c.fill), dotQuote(c.line))
		}
		if s == 0 && attrs == "" {
			attrs = " [fillcolor=\"#eeeeee\"]"
		}
		fmt.Fprintf(&b, "\t%s%s;\n", dotQuote(name), attrs)
	}
	for _, e := range edges(t) {
		style := ""
		if e.bus {
			style = ", style=dashed"
		}
		if e.from == e.to {
			// Processor loops above the node, bus loops below it, so
			// that their labels do not collide.
			if e.bus {
				style += ", tailport=s, headport=s"
			} else {
				style += ", tailport=n, headport=n"
			}
		}
		label := strings.Join(e.labelLines(), `\n`)
		fmt.Fprintf(&b, "\t%s -> %s [label=\"%s\"%s];\n", dotQuote(t.States[e.from]), dotQuote(t.States[e.to]),
			strings.ReplaceAll(label, `"`, `\"`), style)
	}
	b.WriteString("}\n")
	return b.String()
}

// texEscape escapes the characters TeX treats specially.
func texEscape(s string) string {
	return strings.NewReplacer(
		`\`, `\textbackslash{}`, `{`, `\{`, `}`, `\}`, `$`, `\$`, `&`, `\&`,
		`#`, `\#`, `%`, `\%`, `_`, `\_`, `^`, `\^{}`, `~`, `\~{}`,
	).Replace(s)
}

// ProtocolTikZ renders t as a standalone LaTeX document holding one TikZ
// picture (automata library): the states on a circle, the invalid one on
// the left and the others clockwise in table order, one labelled edge per
// (from, to) pair and side, processor-side edges solid and snooped bus
// edges dashed, self-transitions as loops pointing away from the centre.
// Compile it with pdflatex; the output depends only on t.
func ProtocolTikZ(t *protocol.Table) string {
	n := len(t.States)
	radius := 4.0
	switch {
	case n <= 2:
		radius = 2.5
	case n == 3:
		radius = 3.2
	case n > 5:
		radius = 4 + 0.4*float64(n-5)
	}
	angle := func(s protocol.State) int {
		return ((180-int(s)*360/n)%360 + 360) % 360
	}

	var b strings.Builder
	fmt.Fprintf(&b, "%% %s: processor-side transitions solid, snooped bus transactions dashed.\n", texEscape(t.Name))
	b.WriteString("% Compile with pdflatex (the standalone class crops the page to the picture).\n")
	b.WriteString("\\documentclass[tikz,border=6pt]{standalone}\n")
	b.WriteString("\\usetikzlibrary{automata,arrows.meta}\n")
	for s, name := range t.States {
		c, ok := stateColors[name]
		if !ok {
			c.fill, c.line = "#ffffff", "#000000"
			if s == 0 {
				c.fill = "#eeeeee"
			}
		}
		fmt.Fprintf(&b, "\\definecolor{fill%d}{HTML}{%s}\n", s, strings.ToUpper(c.fill[1:]))
		fmt.Fprintf(&b, "\\definecolor{line%d}{HTML}{%s}\n", s, strings.ToUpper(c.line[1:]))
	}
	b.WriteString("\\begin{document}\n")
	b.WriteString("\\begin{tikzpicture}[>={Stealth[round]}, semithick, font=\\sffamily,\n")
	b.WriteString("    every state/.style={draw, thick, minimum size=11mm, inner sep=1pt},\n")
	b.WriteString("    bus/.style={dashed},\n")
	b.WriteString("    lbl/.style={font=\\sffamily\\scriptsize, align=center, inner sep=1.5pt, fill=white, fill opacity=0.85, text opacity=1}]\n")
	for s, name := range t.States {
		fmt.Fprintf(&b, "  \\node[state, draw=line%d, fill=fill%d] (s%d) at (%d:%.1fcm) {%s};\n",
			s, s, s, angle(protocol.State(s)), radius, texEscape(name))
	}

	es := edges(t)
	type pair struct{ a, b protocol.State }
	count := map[pair]int{}
	for _, e := range es {
		count[pair{e.from, e.to}]++
	}
	seen := map[pair]int{}
	for _, e := range es {
		p := pair{e.from, e.to}
		k := seen[p]
		seen[p]++
		lines := e.labelLines()
		for i, l := range lines {
			lines[i] = texEscape(l)
		}
		label := strings.Join(lines, `\\`)
		opts := []string{}
		if e.bus {
			opts = append(opts, "bus")
		}
		var node string
		if e.from == e.to {
			// Loops point away from the centre; a second loop (the other
			// side) sits a little further round.
			a := angle(e.from) + 40*k
			opts = append(opts, "loop", fmt.Sprintf("out=%d", a+18), fmt.Sprintf("in=%d", a-18), "looseness=7")
			node = fmt.Sprintf("node[lbl, auto=false, anchor=%d]", (a+180)%360)
		} else {
			if count[p] > 1 || count[pair{e.to, e.from}] > 0 {
				opts = append(opts, fmt.Sprintf("bend left=%d", 12+18*k))
			}
			node = "node[lbl, auto=left, sloped]"
			// An edge between states that are not neighbours on the
			// circle would put its label in the crowded centre: move
			// it towards its source.
			if k := (int(e.to) - int(e.from) + n) % n; n > 3 && k >= 2 && k <= n-2 {
				node = "node[lbl, auto=left, sloped, pos=0.3]"
			}
		}
		fmt.Fprintf(&b, "  \\path[->] (s%d) edge[%s] %s {%s} (s%d);\n",
			e.from, strings.Join(opts, ", "), node, label, e.to)
	}
	b.WriteString("\\end{tikzpicture}\n")
	b.WriteString("\\end{document}\n")
	return b.String()
}
