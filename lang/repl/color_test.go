// This file checks colour on a terminal: the colours change no column.

package repl_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/cohere-sim/cohere/lang/repl"
)

var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*m")

// TestColorKeepsColumns runs the same commands with and without colour:
// with the escapes taken out, the output must be the same, character for
// character (tables aligned as without colour).
func TestColorKeepsColumns(t *testing.T) {
	t.Chdir(repoRoot)
	cmds := []string{"step 3", "show caches", "show cache 1", "show line counter", "show line mu", "explain",
		"show protocol", "set protocol MOESI", "set cores 3", "step 8", "show caches", "show line counter", "show protocol MESIF"}
	var plain, colored bytes.Buffer
	p := repl.New(repl.Options{Out: &plain})
	c := repl.New(repl.Options{Out: &colored, Color: true})
	for _, s := range []*repl.Session{p, c} {
		if err := s.Load("examples/mutex.coh"); err != nil {
			t.Fatal(err)
		}
	}
	for _, cmd := range cmds {
		plain.Reset()
		colored.Reset()
		p.Execute(cmd)
		c.Execute(cmd)
		if strings.HasPrefix(cmd, "show") && !bytes.Contains(colored.Bytes(), []byte("\x1b[")) {
			t.Errorf("%s: no colour at all", cmd)
		}
		if got, want := ansiEscape.ReplaceAllString(colored.String(), ""), plain.String(); got != want {
			t.Errorf("BUG: %s: with colour (escapes taken out) the columns move (- without colour, + with):\n%s", cmd, lineDiff(want, got))
		}
	}
}
