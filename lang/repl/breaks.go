// This file is breakpoints and watches: conditions checked after every
// step of a run.

package repl

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/syntax"
	"github.com/cohere-sim/cohere/sim/protocol"
)

type breakKind int

const (
	breakAccess breakKind = iota // an access to a variable
	breakLine                    // a thread reaches a line
	breakState                   // a variable's line enters a state in some cache
	breakBus                     // a bus transaction of a kind
)

type breakpoint struct {
	kind   breakKind
	text   string // as listed: "counter", "line 18", "state counter M", "bus BusRdX"
	lo, hi uint64 // breakAccess, breakState: the variable's bytes
	line   int
	state  string
	bus    protocol.Event
	prev   map[int]string // breakState: each core's state before the step
}

// beforeStep notes what the breakpoints compare against after the step:
// the states of watched lines, and the line each thread stands on.
func (s *Session) beforeStep() {
	if s.replaying {
		return // no breakpoint is checked while back replays
	}
	lines := false
	for i := range s.breaks {
		switch b := &s.breaks[i]; b.kind {
		case breakState:
			b.prev = s.statesOf(b.lo)
		case breakLine:
			lines = true
		}
	}
	if !lines {
		return
	}
	s.linesBefore = map[string]int{}
	for _, t := range s.vm.Threads() {
		s.linesBefore[t.Name] = t.Pos.Line
	}
}

type watch struct {
	expr string
	last string
	ok   bool
}

func (s *Session) cmdBreak(args []string) {
	if len(args) == 0 {
		if len(s.breaks) == 0 {
			s.printf("no breakpoints\n")
		}
		for i, b := range s.breaks {
			s.printf("%d  break %s\n", i+1, b.text)
		}
		return
	}
	if s.vm == nil {
		s.printf("no run to break: the script did not load\n")
		return
	}
	b := breakpoint{text: strings.Join(args, " ")}
	switch {
	case args[0] == "state":
		if len(args) != 3 {
			s.printf("usage: break state VAR STATE\n")
			return
		}
		lo, hi, ok := s.varRange(args[1])
		if !ok {
			return
		}
		if _, ok := s.scen.Table().StateNamed(args[2]); !ok {
			s.printf("%s is not a state of %s (states: %s)\n", args[2], s.scen.Table().Name, strings.Join(s.scen.Table().States, " "))
			return
		}
		b.kind, b.lo, b.hi, b.state = breakState, lo, hi, args[2]
		b.prev = s.statesOf(lo)
	case args[0] == "bus":
		if len(args) != 2 {
			s.printf("usage: break bus KIND (BusRd, BusRdX, BusUpgr, BusUpd, BusWr)\n")
			return
		}
		e, ok := protocol.ParseEvent(args[1])
		if !ok || !e.IsBus() {
			s.printf("%s is not a bus transaction: BusRd, BusRdX, BusUpgr, BusUpd or BusWr\n", args[1])
			return
		}
		b.kind, b.bus = breakBus, e
	default:
		if n, err := strconv.Atoi(args[0]); err == nil {
			lines := strings.Count(s.src, "\n") + 1
			if n < 1 || n > lines {
				s.printf("line %d: the script has lines 1 to %d\n", n, lines)
				return
			}
			b.kind, b.line, b.text = breakLine, n, fmt.Sprintf("line %d", n)
			break
		}
		lo, hi, ok := s.varRange(strings.Join(args, ""))
		if !ok {
			return
		}
		b.kind, b.lo, b.hi = breakAccess, lo, hi
	}
	s.breaks = append(s.breaks, b)
	s.printf("breakpoint %d: %s\n", len(s.breaks), b.text)
}

func (s *Session) cmdClear(args []string) {
	if len(args) == 0 {
		s.breaks = nil
		s.printf("breakpoints cleared\n")
		return
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 1 || n > len(s.breaks) {
		s.printf("no breakpoint %s (there are %d)\n", args[0], len(s.breaks))
		return
	}
	s.breaks = append(s.breaks[:n-1], s.breaks[n:]...)
	s.printf("breakpoint %d deleted\n", n)
}

// varRange resolves a global (or an element, a[2]) to its bytes.
func (s *Session) varRange(name string) (uint64, uint64, bool) {
	if e, errs := syntax.ParseExpr(name); len(errs) > 0 || !isVariable(e) {
		s.printf("%s: not a variable in memory (a global, or an element such as a[2])\n", name)
		return 0, 0, false
	}
	v, errs := s.scen.Inspect("&"+name, s.vm)
	if len(errs) > 0 {
		s.printf("%s: not a variable in memory (a global, or an element such as a[2])\n", name)
		return 0, 0, false
	}
	size := uint64(8)
	if v.Type.Elem != nil {
		size = uint64(v.Type.Elem.Size())
	}
	return uint64(v.Int), uint64(v.Int) + size, true
}

// isVariable reports whether e names a variable: x, a[i], w.local.
func isVariable(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return true
	case *ast.IndexExpr:
		return isVariable(e.X)
	case *ast.SelectorExpr:
		return isVariable(e.X)
	case *ast.ParenExpr:
		return isVariable(e.X)
	}
	return false
}

// statesOf returns each core's state name for the line holding addr.
func (s *Session) statesOf(addr uint64) map[int]string {
	m := s.vm.Machine()
	out := map[int]string{}
	for c := 0; c < m.Cores(); c++ {
		out[c] = m.StateName(c, addr)
	}
	return out
}

// checkBreaks reports the first breakpoint the last step hit.
func (s *Session) checkBreaks() string {
	hit := ""
	for i := range s.breaks {
		b := &s.breaks[i]
		var why string
		switch b.kind {
		case breakAccess:
			for _, e := range s.last {
				if e.ev.Addr < b.hi && e.ev.Addr+uint64(e.ev.Size) > b.lo {
					why = fmt.Sprintf("%s %s %s", e.thread, opWord(e.ev.Op), b.text)
				}
			}
		case breakLine:
			for _, t := range s.vm.Threads() {
				if t.Status != "done" && t.Pos.Line == b.line && s.linesBefore[t.Name] != b.line {
					why = fmt.Sprintf("%s reached line %d", t.Name, b.line)
				}
			}
		case breakState:
			now := s.statesOf(b.lo)
			for c := 0; c < len(now); c++ {
				if now[c] == b.state && b.prev[c] != b.state {
					why = fmt.Sprintf("%s's line entered %s in P%d", strings.SplitN(b.text, " ", 3)[1], b.state, c)
				}
			}
		case breakBus:
			for _, e := range s.last {
				for _, t := range e.ev.Bus {
					if t.Kind == b.bus {
						why = fmt.Sprintf("P%d issued %s", e.ev.Core, b.bus)
					}
				}
			}
		}
		if why != "" && hit == "" {
			hit = fmt.Sprintf("breakpoint %d (%s): %s", i+1, b.text, why)
		}
	}
	return hit
}

func (s *Session) cmdUnwatch(args []string) {
	if len(args) == 0 {
		s.watches = nil
		s.printf("watches cleared\n")
		return
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 1 || n > len(s.watches) {
		s.printf("no watch %s (there are %d)\n", args[0], len(s.watches))
		return
	}
	s.watches = append(s.watches[:n-1], s.watches[n:]...)
	s.printf("watch %d deleted\n", n)
}

func (s *Session) cmdWatch(args []string) {
	if len(args) == 0 {
		for i, w := range s.watches {
			s.printf("%d  watch %s = %s\n", i+1, w.expr, w.last)
		}
		if len(s.watches) == 0 {
			s.printf("no watches\n")
		}
		return
	}
	w := &watch{expr: strings.Join(args, " ")}
	v, ok := s.watchValue(w)
	if !ok {
		s.printf("cannot watch %s: %s\n", w.expr, v)
		return
	}
	w.last, w.ok = v, true
	s.watches = append(s.watches, w)
	s.printf("watching %s = %s\n", w.expr, v)
}

// watchValue evaluates a watch; on failure it returns the error text.
func (s *Session) watchValue(w *watch) (string, bool) {
	if s.vm == nil {
		return "no run", false
	}
	v, errs := s.scen.Inspect(w.expr, s.vm)
	if len(errs) > 0 {
		return errs[0].Msg, false
	}
	return v.String(), true
}

// checkWatches prints the watches whose value the last step changed.
func (s *Session) checkWatches() {
	for _, w := range s.watches {
		v, ok := s.watchValue(w)
		if ok && v != w.last {
			s.printf("watch %s: %s -> %s (step %d, %s)\n", w.expr, w.last, v, len(s.choices), s.vm.Current())
			w.last = v
		}
	}
}

func opWord(o interface{ String() string }) string {
	switch o.String() {
	case "R":
		return "read"
	case "W":
		return "wrote"
	}
	return "updated"
}
