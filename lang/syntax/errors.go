// This file turns participle's errors into messages for people: what was
// found, what was expected there, and which bracket is still open.

package syntax

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/cohere-sim/cohere/lang/diag"
)

// translate rewrites a participle error; toks are the tokens parsed.
func translate(err error, toks []lexer.Token) *diag.Error {
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		t := ute.Unexpected
		return &diag.Error{Pos: toPos(t.Pos), Msg: unexpectedMessage(&t, expectedOf(ute.Message()), toks)}
	}
	var perr participle.Error
	if errors.As(err, &perr) {
		t := tokenAt(toks, perr.Position())
		return &diag.Error{Pos: toPos(t.Pos), Msg: unexpectedMessage(t, "", toks)}
	}
	return &diag.Error{Pos: toPos(toks[0].Pos), Msg: err.Error()}
}

// tokenAt finds the token at pos.
func tokenAt(toks []lexer.Token, pos lexer.Position) *lexer.Token {
	for i := range toks {
		if toks[i].Pos.Offset >= pos.Offset {
			return &toks[i]
		}
	}
	return &toks[len(toks)-1]
}

// expectedOf pulls "X" out of participle's `unexpected token "t" (expected X)`.
func expectedOf(msg string) string {
	i := strings.Index(msg, " (expected ")
	if i < 0 || !strings.HasSuffix(msg, ")") {
		return ""
	}
	return msg[i+len(" (expected ") : len(msg)-1]
}

// unexpectedMessage says what was found at t and what the grammar wanted,
// in words.
func unexpectedMessage(t *lexer.Token, expected string, toks []lexer.Token) string {
	found := describe(t)
	open := innermostOpen(toks, t.Pos.Offset)
	first := firstItem(expected)
	switch {
	case t.Type == tKeyword && t.Value == "else":
		return "unexpected else: write else on the same line as the \"}\" that closes the if block, as in } else {"
	case first == `"}"` || first == "" && open != nil && open.Value == "{" && isCloser(t):
		if open != nil {
			return fmt.Sprintf("unexpected %s, expected \"}\" to close the block opened at %d:%d", found, open.Pos.Line, open.Pos.Column)
		}
		return fmt.Sprintf("unexpected %s, expected \"}\"", found)
	case first == `";"` && open == nil:
		return fmt.Sprintf("unexpected %s after the declaration: a declaration ends at the end of its line", found)
	case strings.HasPrefix(expected, `(";"`) || first == `";"`:
		if isCloser(t) && open != nil {
			return fmt.Sprintf("unexpected %s, expected \"%s\" to close the %q opened at %d:%d", found, closerOf(open.Value), open.Value, open.Pos.Line, open.Pos.Column)
		}
		return fmt.Sprintf("unexpected %s after the statement: put each statement on its own line (or separate them with \";\")", found)
	case first == "":
		if open == nil {
			return fmt.Sprintf("unexpected %s, expected a declaration: machine, memory, var, func, thread, trace, init, protocol, run or expect", found)
		}
		return fmt.Sprintf("unexpected %s", found)
	}
	return fmt.Sprintf("unexpected %s, expected %s", found, describeExpected(first))
}

func isCloser(t *lexer.Token) bool {
	return t.Type == tPunct && (t.Value == ")" || t.Value == "]" || t.Value == "}")
}

func closerOf(open string) string {
	switch open {
	case "(":
		return ")"
	case "[":
		return "]"
	}
	return "}"
}

// firstItem is the first element of an EBNF fragment: `"}" ";"` → `"}"`.
func firstItem(ebnf string) string {
	s := strings.TrimLeft(ebnf, "( ")
	if s == "" {
		return ""
	}
	if s[0] == '"' {
		if j := strings.Index(s[1:], `"`); j >= 0 {
			return s[:j+2]
		}
		return s
	}
	if j := strings.IndexAny(s, " |)?*+"); j >= 0 {
		return s[:j]
	}
	return s
}

// productionWords say what each production is.
var productionWords = map[string]string{
	"<ident>":    "a name",
	"Ident":      "a name",
	"expr":       "an expression",
	"target":     "a variable",
	"typeExpr":   "a type",
	"signature":  "\"(\" to start the parameter list",
	"Block":      "\"{\" to start a block",
	"simpleStmt": "a statement",
	"Stmt":       "a statement",
	"ifHeader":   "a condition",
	"forHeader":  "a loop clause",
	"setting":    "a setting",
	"runSetting": "a run mode",
	"expectBody": "an expression",
	"When":       "when, or \"->\"",
	`"->"`:       "\"->\" and the next state",
	`":"`:        "\":\" after the case",
}

func describeExpected(item string) string {
	if w, ok := productionWords[item]; ok {
		return w
	}
	return item
}

// innermostOpen returns the innermost bracket still open before offset.
func innermostOpen(toks []lexer.Token, offset int) *lexer.Token {
	var stack []*lexer.Token
	for i := range toks {
		t := &toks[i]
		if t.Pos.Offset >= offset || t.Type == tEOF {
			break
		}
		switch d := bracketDelta(t); {
		case d > 0:
			stack = append(stack, t)
		case d < 0 && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) == 0 {
		return nil
	}
	return stack[len(stack)-1]
}
