// This file checks init blocks line by line: a core, a global word, one of
// the protocol's states and a constant. Whether the lines together are
// coherent needs addresses and values; the interpreter checks that when it
// installs them (lang/interp/initblock.go).

package check

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
	"github.com/cohere-sim/cohere/lang/types"
	"github.com/cohere-sim/cohere/sim/spell"
)

// initDecl checks an init block: each line is CORE TARGET STATE [VALUE].
func (c *checker) initDecl(d *ast.InitDecl) {
	for _, l := range d.Lines {
		c.initCore(l.Core)
		t := c.valueIn(l.Target, c.top)
		if t.Kind != types.Invalid {
			if !c.traceTarget(l.Target) {
				c.errs.Addf(l.Target.Start(), "an init line names a global: a variable, or an array element with a constant index")
			} else if t.Kind == types.Array {
				c.errs.Addf(l.Target.Start(), "%s is %s: an init line gives one word, name an element", exprString(l.Target), an(t))
			} else if !t.Scalar() || t.Kind == types.String {
				c.errs.Addf(l.Target.Start(), "%s is %s: an init line gives one word, such as an int or a bool", exprString(l.Target), an(t))
			}
		}
		c.initState(l.State)
		if l.Value != nil {
			vt := c.valueIn(l.Value, c.top) // records the names it uses, for the compiler's folding
			if _, ok := constValue(l.Value, c.top); !ok {
				c.errs.Addf(l.Value.Start(), "an init line gives a constant: a number, or arithmetic on numbers")
			} else if (t.Kind == types.Bool) != (vt.Kind == types.Bool) && t.Kind != types.Invalid && vt.Kind != types.Invalid {
				c.errs.Addf(l.Value.Start(), "%s is %s: give it a %s constant", exprString(l.Target), an(t), map[bool]string{true: "bool", false: "number"}[t.Kind == types.Bool])
			}
		}
	}
}

// initCore checks that id names a core, P0 to P(cores-1).
func (c *checker) initCore(id *ast.Ident) {
	var cores []string
	for i := 0; i < c.env.Cores && i < 64; i++ {
		cores = append(cores, fmt.Sprintf("P%d", i))
	}
	m := coreName.FindStringSubmatch(id.Name)
	if m == nil {
		c.errs.Addf(id.Pos, "%s: an init line starts with a core, P0 to P%d%s", id.Name, c.env.Cores-1, spell.Hint(id.Name, cores))
	} else if n, _ := strconv.Atoi(m[1]); n >= c.env.Cores {
		c.errs.Addf(id.Pos, "core %s: the machine has cores P0 to P%d", id.Name, c.env.Cores-1)
	}
}

// initState checks that id is a valid state of the protocol (nothing is
// said when the protocol itself is broken: that has its error).
func (c *checker) initState(id *ast.Ident) {
	states := c.env.States
	if len(states) == 0 {
		return
	}
	for i, s := range states {
		if s != id.Name {
			continue
		}
		if i == 0 {
			c.errs.Addf(id.Pos, "%s is the invalid state: a cache that does not hold the line needs no init line (valid states: %s)", id.Name, strings.Join(states[1:], " "))
		}
		return
	}
	c.errs.Addf(id.Pos, "unknown state %s%s: the protocol's states are %s", id.Name, spell.Hint(id.Name, states), strings.Join(states, " "))
}
