// This file is `cohere protocol`: a protocol's table as a grid, or as a
// state diagram in DOT or TikZ.

package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/diag"
	"github.com/cohere-sim/cohere/lang/scenario"
	"github.com/cohere-sim/cohere/lang/setup"
	"github.com/cohere-sim/cohere/lang/syntax"
	"github.com/cohere-sim/cohere/lang/view"
	"github.com/cohere-sim/cohere/sim/protocol"
	"github.com/cohere-sim/cohere/sim/spell"
)

const protocolHelp = `usage: cohere protocol [flags] [NAME]

Prints a coherence protocol's table: one row per state, one column per event
(the processor's PrRd, PrWr and Evict, then the transactions snooped on the
bus), each cell the actions and the next state as PROTOCOLS.md writes them,
then the dirty states and the settings in force. --dot and --tikz draw the
same table as a state diagram. Flags may stand before or after the name.
With no NAME, lists the built-in protocols.

NAME is a built-in protocol, in any case: none, WT, WTI, MSI, MESI, MOESI,
MESIF, Dragon, Firefly; or, with --file, a protocol the script declares.

Output (default: the grid, coloured only on a terminal and without NO_COLOR):
  --dot             a Graphviz digraph: processor transitions solid, snooped
                    bus transactions dashed
  --tikz            a standalone LaTeX document with a TikZ picture (automata
                    library); compile it with pdflatex

Settings (built-in protocols only; each applies where PROTOCOLS.md says):
  --no-upgrade      a write hit in S/O/F issues BusRdX instead of BusUpgr
  --clean-sharing   caches supply clean lines instead of memory
  --allocate        WT and WTI fetch the line on a write miss

Script:
  --file SCRIPT     read the protocols SCRIPT.coh declares; NAME picks one
                    (without NAME: list them). The rest of the script is
                    parsed but not checked.

Exit status: 0 done, 2 bad usage, an unknown protocol or a script that does
not parse (errors are printed as file:line:col with the line and a caret).

Examples:
  cohere protocol MESI
  cohere protocol moesi --dot | dot -Tsvg -o moesi.svg
  cohere protocol Dragon --tikz > dragon.tex && pdflatex dragon.tex
  cohere protocol --file examples/my-protocol.coh TextbookMSI
`

type protocolFlags struct {
	dot, tikz               bool
	noUpgrade, cleanSharing bool
	allocate                bool
	file                    string
}

func protocolCommand(e *env, args []string) error {
	var f protocolFlags
	fs := flag.NewFlagSet("protocol", flag.ContinueOnError)
	fs.BoolVar(&f.dot, "dot", false, "")
	fs.BoolVar(&f.tikz, "tikz", false, "")
	fs.BoolVar(&f.noUpgrade, "no-upgrade", false, "")
	fs.BoolVar(&f.cleanSharing, "clean-sharing", false, "")
	fs.BoolVar(&f.allocate, "allocate", false, "")
	fs.StringVar(&f.file, "file", "", "")
	names, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(names) > 1 {
		return usagef("give one protocol name, not %d: cohere protocol NAME", len(names))
	}
	if f.dot && f.tikz {
		return usagef("--dot and --tikz: choose one")
	}
	settingsSet := f.noUpgrade || f.cleanSharing || f.allocate

	var declared []*protocol.Table // the script's protocols, in file order
	if f.file != "" {
		if declared, err = scriptProtocols(e, f.file); err != nil {
			return err
		}
	}
	if len(names) == 0 {
		if f.dot || f.tikz {
			return usagef("--dot and --tikz draw one protocol: cohere protocol NAME --dot")
		}
		if f.file != "" {
			listDeclared(e, f.file, declared)
		} else {
			listBuiltins(e)
		}
		return nil
	}

	name := names[0]
	var t *protocol.Table
	var title string
	if d := findDeclared(declared, name); d != nil {
		if settingsSet {
			return usagef("--no-upgrade, --clean-sharing and --allocate apply to built-in protocols only; %s is declared in %s", d.Name, f.file)
		}
		t, title = d, fmt.Sprintf("%s — declared in %s", d.Name, f.file)
	} else if canon, ok := protocol.Canonical(name); ok {
		s := protocol.DefaultSettings()
		s.Upgrade, s.CleanSharing, s.Allocate = !f.noUpgrade, f.cleanSharing, f.allocate
		if t, err = protocol.Builtin(canon, s); err != nil {
			return &inputError{err}
		}
		title = fmt.Sprintf("%s — %s", t.Name, protocol.Describe(canon))
	} else {
		return &inputError{unknownProtocol(name, f.file, declared)}
	}

	switch {
	case f.dot:
		fmt.Fprint(e.stdout, view.ProtocolDOT(t))
	case f.tikz:
		fmt.Fprint(e.stdout, view.ProtocolTikZ(t))
	default:
		color := useColor(e.stdout)
		if color {
			title = "\x1b[1m" + title + "\x1b[0m"
		}
		fmt.Fprintf(e.stdout, "%s\n%s", title, view.ProtocolGrid(t, color))
	}
	return nil
}

// scriptProtocols reads the protocols a script declares, in file order.
// Only the protocol declarations are checked: a file holding nothing else
// is fine here, though `cohere run` wants a thread too.
func scriptProtocols(e *env, path string) ([]*protocol.Table, error) {
	src, err := scenario.ReadScript(path)
	if err != nil {
		return nil, &inputError{err}
	}
	file, errs := syntax.Parse(path, src)
	seen := map[string]ast.Pos{}
	var out []*protocol.Table
	var decls []ast.Decl
	if file != nil {
		decls = file.Decls
	}
	for _, d := range decls {
		pd, ok := d.(*ast.ProtocolDecl)
		if !ok || pd.Name == nil {
			continue
		}
		if first, dup := seen[pd.Name.Name]; dup {
			errs.Addf(pd.Name.Pos, "protocol %s declared twice (first at %d:%d)", pd.Name.Name, first.Line, first.Col)
			continue
		}
		seen[pd.Name.Name] = pd.Name.Pos
		t, perrs := setup.Protocol(pd)
		errs = append(errs, perrs...)
		if t != nil {
			out = append(out, t)
		}
	}
	if len(errs) > 0 {
		fmt.Fprint(e.stderr, diag.Render(errs.Sort(), src, 20))
		return nil, &scriptError{}
	}
	return out, nil
}

// findDeclared returns the declared protocol called name: spelled exactly,
// else in another case when only one matches.
func findDeclared(declared []*protocol.Table, name string) *protocol.Table {
	var fold []*protocol.Table
	for _, t := range declared {
		if t.Name == name {
			return t
		}
		if strings.EqualFold(t.Name, name) {
			fold = append(fold, t)
		}
	}
	if len(fold) == 1 {
		return fold[0]
	}
	return nil
}

func unknownProtocol(name, file string, declared []*protocol.Table) error {
	candidates := protocol.Names()
	var mine []string
	for _, t := range declared {
		mine = append(mine, t.Name)
	}
	candidates = append(mine, candidates...)
	msg := fmt.Sprintf("unknown protocol %q%s; built-in protocols: %s", name, spell.Hint(name, candidates), strings.Join(protocol.Names(), ", "))
	switch {
	case file == "":
	case len(mine) == 0:
		msg += fmt.Sprintf("; %s declares none", file)
	default:
		msg += fmt.Sprintf("; declared in %s: %s", file, strings.Join(mine, ", "))
	}
	return fmt.Errorf("%s", msg)
}

func listBuiltins(e *env) {
	fmt.Fprintln(e.stdout, "built-in protocols (cohere protocol NAME shows one's table):")
	for _, n := range protocol.Names() {
		fmt.Fprintf(e.stdout, "  %-8s %s\n", n, protocol.Describe(n))
	}
}

func listDeclared(e *env, file string, declared []*protocol.Table) {
	if len(declared) == 0 {
		fmt.Fprintf(e.stdout, "%s declares no protocol\n", file)
		return
	}
	fmt.Fprintf(e.stdout, "protocols declared in %s (add a NAME to see one's table):\n", file)
	w := 0
	for _, t := range declared {
		w = max(w, len(t.Name))
	}
	for _, t := range declared {
		fmt.Fprintf(e.stdout, "  %-*s states %s\n", w, t.Name, strings.Join(t.States, " "))
	}
}
