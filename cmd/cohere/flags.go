// This file parses flags that may stand before or after the file names,
// and the values our flags take.

package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

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
	return usagef("%s", strings.Replace(msg, "-", "--", 1))
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
	if err != nil {
		return err
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
