// This file shows the outcomes of an exploration of every interleaving.

package view

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/cohere-sim/cohere/lang/scenario"
)

// maxOutcomeRows is how many outcomes the table shows.
const maxOutcomeRows = 40

// Exploration prints what `run all` found: a line on the search, the
// outcomes as a table with their schedule counts and witnesses, then the
// expects checked over them. name is the script's, for expect positions.
func Exploration(out io.Writer, name string, x *scenario.Exploration) {
	w := bufio.NewWriter(out)
	defer w.Flush()
	reduction := "partial-order reduction on"
	if !x.Reduced {
		reduction = "no reduction"
	}
	status := "complete"
	if !x.Complete {
		status = "CUT SHORT: " + x.Cut
	}
	fmt.Fprintf(w, "run all: %d %s over %d states (atomicity %s, %s): %s\n\n",
		len(x.Outcomes), plural(len(x.Outcomes), "outcome", "outcomes"), x.States, x.Atomicity, reduction, status)
	output, ends := false, false
	for _, o := range x.Outcomes {
		output = output || o.Output != ""
		ends = ends || o.End != "finished"
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	var head []string
	head = append(head, x.Observed...)
	if output {
		head = append(head, "output")
	}
	if ends {
		head = append(head, "end")
	}
	head = append(head, "schedules")
	fmt.Fprintf(tw, "%s\t  witness\n", strings.Join(head, "\t"))
	rows := x.Outcomes
	if len(rows) > maxOutcomeRows {
		rows = rows[:maxOutcomeRows]
	}
	for _, o := range rows {
		row := append([]string(nil), o.Values...)
		if output {
			row = append(row, strconv.Quote(o.Output))
		}
		if ends {
			row = append(row, o.End)
		}
		row = append(row, strconv.FormatUint(o.Count, 10))
		fmt.Fprintf(tw, "%s\t  %s\n", strings.Join(row, "\t"), strings.Join(o.Witness, " "))
	}
	tw.Flush()
	if more := len(x.Outcomes) - len(rows); more > 0 {
		fmt.Fprintf(w, "... and %d more outcomes (--json lists them all)\n", more)
	}
	for _, o := range x.Outcomes {
		if o.Message != "" && o.End != "finished" {
			fmt.Fprintf(w, "\none interleaving %s (replay %s):\n%s\n", o.End, strings.Join(o.Witness, " "), o.Message)
			break
		}
	}
	if len(x.Expects) > 0 {
		w.WriteString("\n")
	}
	for _, ex := range x.Expects {
		status := "ok  "
		if !ex.OK {
			status = "FAIL"
		}
		fmt.Fprintf(w, "%s %s:%d: %s (%s)", status, name, ex.Pos.Line, ex.Text, ex.Why)
		if len(ex.Witness) > 0 {
			fmt.Fprintf(w, "\n     witness: %s", strings.Join(ex.Witness, " "))
		}
		w.WriteString("\n")
	}
	fmt.Fprintf(w, "\nexplored %d states: %d steps, %d returns to an earlier state\n", x.States, x.Transitions, x.Replayed)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
