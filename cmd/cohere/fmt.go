// This file is `cohere fmt`: canonical layout of scripts, like gofmt.

package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"

	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/lang/syntax"
)

const fmtHelp = `usage: cohere fmt [-w] [-l] FILE.coh...

Prints each script in its canonical layout (tabs for indentation, one
setting per line, spacing as gofmt would), keeping every comment.
  -w    rewrite the files in place instead of printing them
  -l    list the files whose layout differs, print nothing else
Exit status: 0 done, 2 a file does not parse (its errors are printed).
`

func fmtCommand(e *env, args []string) error {
	fs := flag.NewFlagSet("fmt", flag.ContinueOnError)
	write := fs.Bool("w", false, "")
	list := fs.Bool("l", false, "")
	files, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return usagef("give the scripts to format: cohere fmt [-w] FILE.coh")
	}
	failed := false
	for _, path := range files {
		src, err := scenario.ReadScript(path)
		if err != nil {
			return &inputError{err}
		}
		f, errs := syntax.Parse(path, src)
		if len(errs) > 0 {
			fmt.Fprint(e.stderr, diag.Render(errs, src, 20))
			failed = true
			continue
		}
		out := syntax.Format(f, src)
		switch {
		case *list:
			if !bytes.Equal(out, src) {
				fmt.Fprintln(e.stdout, path)
			}
		case *write:
			if !bytes.Equal(out, src) {
				if err := os.WriteFile(path, out, 0o644); err != nil {
					return &inputError{err}
				}
			}
		default:
			e.stdout.Write(out)
		}
	}
	if failed {
		return &scriptError{}
	}
	return nil
}
