// This file decides whether output gets ANSI colour.

package main

import (
	"io"
	"os"
)

// useColor reports whether w should get ANSI colour: only when it is a
// terminal (a character device, not a pipe or a file), NO_COLOR is unset
// or empty (no-color.org) and TERM is not "dumb".
func useColor(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
