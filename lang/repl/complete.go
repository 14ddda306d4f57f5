// This file completes words at the prompt: commands, show's subjects,
// variables, threads, cores and protocol names.

package repl

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/cohere-sim/cohere/sim/protocol"
)

// Complete returns the words that can finish the last word of line (the
// text before the cursor), sorted. The whole line so far decides what
// kind of word is wanted.
func (s *Session) Complete(line string) []string {
	fields := strings.Fields(line)
	word := ""
	if len(fields) > 0 && !strings.HasSuffix(line, " ") {
		word = fields[len(fields)-1]
		fields = fields[:len(fields)-1]
	}
	var cands []string
	switch {
	case len(fields) == 0:
		cands = append(CommandNames(), s.variables()...)
	case fields[0] == "show" && len(fields) == 1:
		cands = []string{"caches", "cache", "line", "bus", "memory", "map", "threads", "buffers", "stats", "races", "protocol"}
	case fields[0] == "show" && len(fields) == 2 && fields[1] == "protocol", fields[0] == "set" && len(fields) == 2 && fields[1] == "protocol":
		cands = protocol.Names()
		if s.scen != nil {
			cands = append(cands, sortedKeys(s.scen.Protocols)...)
		}
	case fields[0] == "show" && len(fields) == 2 && fields[1] == "cache":
		cands = s.cores()
	case fields[0] == "show" && len(fields) == 2 && fields[1] == "line", fields[0] == "watch", fields[0] == "break" && len(fields) == 2 && fields[1] == "state":
		cands = s.variables()
	case fields[0] == "clear":
		for i := range s.breaks {
			cands = append(cands, fmt.Sprint(i+1))
		}
	case fields[0] == "unwatch":
		for i := range s.watches {
			cands = append(cands, fmt.Sprint(i+1))
		}
	case fields[0] == "load" && len(fields) == 1:
		cands = files(word)
	case fields[0] == "next":
		cands = s.threads()
	case fields[0] == "replay":
		cands = s.threads()
		if s.scen != nil {
			for c := 0; c < s.scen.Machine.Sim.Cores && s.scen.Machine.StoreBuffer > 0; c++ {
				cands = append(cands, fmt.Sprintf("P%d.drain", c))
			}
		}
	case fields[0] == "explore":
		cands = []string{"access", "statement"}
	case fields[0] == "help":
		cands = CommandNames()
	case fields[0] == "set" && len(fields) == 1:
		cands = []string{"seed", "protocol", "cores", "schedule"}
	case fields[0] == "break" && len(fields) == 1:
		cands = append([]string{"state", "bus"}, s.variables()...)
	case fields[0] == "break" && len(fields) == 2 && fields[1] == "bus":
		cands = []string{"BusRd", "BusRdX", "BusUpgr", "BusUpd", "BusWr"}
	case fields[0] == "break" && len(fields) == 3 && fields[1] == "state":
		if s.vm != nil {
			cands = s.table().States
		}
	default:
		cands = append(append(s.variables(), s.cores()...), s.threads()...)
	}
	var out []string
	seen := map[string]bool{}
	for _, c := range cands {
		if strings.HasPrefix(c, word) && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

func (s *Session) variables() []string {
	if s.scen == nil || s.scen.Prog == nil {
		return nil
	}
	var out []string
	for _, g := range s.scen.Prog.Globals {
		out = append(out, g.Name)
	}
	return out
}

func (s *Session) threads() []string {
	if s.vm == nil {
		return nil
	}
	return s.threadNames()
}

func (s *Session) cores() []string {
	if s.vm == nil {
		return nil
	}
	var out []string
	for c := 0; c < s.vm.Machine().Cores(); c++ {
		out = append(out, fmt.Sprintf("P%d", c))
	}
	return out
}

// Quit reports whether the session has ended (quit was typed).
func (s *Session) Quit() bool { return s.quit }

// files lists the paths that start with prefix: scripts, traces and
// directories (with a trailing slash).
func files(prefix string) []string {
	matches, _ := filepath.Glob(prefix + "*")
	var out []string
	for _, m := range matches {
		if st, err := os.Stat(m); err == nil && st.IsDir() {
			m += "/"
		}
		out = append(out, m)
	}
	return out
}
