// This file parses flags that may stand before or after the file names,
// and the values our flags take.

package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/cohere-sim/cohere/lang/interp"
	"github.com/cohere-sim/cohere/sim/spell"
)

// parseArgs parses args with fs, letting flags and positional arguments
// mix; "--" ends the flags. It returns the positional arguments.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(fs, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > 0 && len(rest) < len(args) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// flagError rewrites the flag package's messages with a hint.
func flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		return usagef("unknown flag --%s%s", name, hintFlag(name, names))
	}
	if m := invalidValue.FindStringSubmatch(msg); m != nil {
		value, name, reason := m[1], m[2], m[3]
		if reason == "parse error" || strings.Contains(reason, "invalid syntax") || strings.Contains(reason, "out of range") {
			reason = "want a whole number"
			if f := fs.Lookup(name); f != nil && strings.ContainsAny(f.DefValue, "hms") {
				reason = "want a duration such as 30s or 2m"
			}
		}
		return usagef("--%s %s: %s", name, value, reason)
	}
	return usagef("%s", msg)
}

// invalidValue matches the flag package's message for a value a flag
// cannot take.
var invalidValue = regexp.MustCompile(`^invalid (?:boolean )?value "(.*)" for (?:flag )?-([^:]+): (.*)$`)

// limitFlags are the bounds flags of run and repl.
type limitFlags struct {
	lim    interp.Limits
	memory sizeFlag
}

// add registers the flags, with the defaults as their values; withMemory
// adds --max-memory.
func (l *limitFlags) add(fs *flag.FlagSet, withMemory bool) {
	l.lim = interp.DefaultLimits()
	fs.Uint64Var(&l.lim.Steps, "max-steps", l.lim.Steps, "")
	fs.Uint64Var(&l.lim.Instructions, "max-instructions", l.lim.Instructions, "")
	fs.IntVar(&l.lim.Threads, "max-threads", l.lim.Threads, "")
	fs.DurationVar(&l.lim.Time, "timeout", l.lim.Time, "")
	if withMemory {
		fs.Var(&l.memory, "max-memory", "")
	}
}

// limits returns the bounds as given, or a usage error for one that
// would stop nothing or stop everything (the engine reads 0 as "the
// default", which is not what --max-steps 0 asks for).
func (l *limitFlags) limits() (interp.Limits, error) {
	lim := l.lim
	switch {
	case lim.Steps == 0:
		return lim, usagef("--max-steps 0: want 1 or more")
	case lim.Instructions == 0:
		return lim, usagef("--max-instructions 0: want 1 or more")
	case lim.Threads < 1:
		return lim, usagef("--max-threads %d: want 1 or more", lim.Threads)
	case lim.Time <= 0:
		return lim, usagef("--timeout %s: want a duration above 0, such as 30s", lim.Time)
	}
	if l.memory.set {
		if l.memory.n < 1 {
			return lim, usagef("--max-memory %d: want a size above 0, such as 64MiB", l.memory.n)
		}
		lim.Memory = int64(l.memory.n)
	}
	return lim, nil
}

func hintFlag(name string, names []string) string {
	if n := spell.Nearest(name, names); n != "" {
		return fmt.Sprintf(" (did you mean --%s?)", n)
	}
	return ""
}

// sizeFlag is a byte count written 8192, 8K or 8KiB.
type sizeFlag struct {
	n   int
	set bool
}

func (s *sizeFlag) String() string { return fmt.Sprint(s.n) }
func (s *sizeFlag) Set(v string) error {
	n, err := parseSize(v)
	if err != nil { // the message names the flag and the value already
		return errors.New(strings.TrimPrefix(err.Error(), fmt.Sprintf("size %q: ", v)))
	}
	s.n, s.set = n, true
	return nil
}

// waysFlag is an associativity, or "full" for fully associative.
type waysFlag struct {
	n   int
	set bool
}

func (w *waysFlag) String() string { return fmt.Sprint(w.n) }
func (w *waysFlag) Set(v string) error {
	if strings.EqualFold(v, "full") {
		w.n, w.set = 0, true
		return nil
	}
	var n int
	if _, err := fmt.Sscan(v, &n); err != nil || n < 1 {
		return fmt.Errorf("want a number of ways from 1 up, or full")
	}
	w.n, w.set = n, true
	return nil
}

// intFlag remembers whether it was given.
type intFlag struct {
	n   int
	set bool
}

func (i *intFlag) String() string { return fmt.Sprint(i.n) }
func (i *intFlag) Set(v string) error {
	var n int
	if _, err := fmt.Sscan(v, &n); err != nil {
		return fmt.Errorf("want a whole number")
	}
	i.n, i.set = n, true
	return nil
}

// levelFlag is -m as go build's -gcflags takes it: bare for level 1, or
// -m=N.
type levelFlag struct{ n int }

func (l *levelFlag) String() string   { return fmt.Sprint(l.n) }
func (l *levelFlag) IsBoolFlag() bool { return true }
func (l *levelFlag) Set(v string) error {
	switch v {
	case "true":
		l.n = 1
		return nil
	case "false":
		l.n = 0
		return nil
	}
	var n int
	if _, err := fmt.Sscan(v, &n); err != nil || n < 0 || fmt.Sprint(n) != v {
		return fmt.Errorf("want -m or -m=N with N a level from 0 up")
	}
	l.n = n
	return nil
}
