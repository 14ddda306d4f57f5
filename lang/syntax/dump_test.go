package syntax

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/cohere-sim/cohere/lang/ast"
)

// dump prints a tree compactly for tests: node types with their non-empty
// fields, names and literals bare, positions left out.
func dump(x any) string {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(x))
	return b.String()
}

var posType = reflect.TypeOf(ast.Pos{})

func dumpValue(b *strings.Builder, v reflect.Value) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		switch n := v.Interface().(type) {
		case *ast.Ident:
			b.WriteString(n.Name)
			return
		case *ast.BasicLit:
			if n.Value != n.Raw {
				fmt.Fprintf(b, "%s=%q", n.Raw, n.Value)
			} else {
				b.WriteString(n.Raw)
			}
			return
		}
		dumpValue(b, v.Elem())
	case reflect.Struct:
		t := v.Type()
		if t == reflect.TypeOf(ast.Word{}) {
			fmt.Fprintf(b, "%q", v.FieldByName("Text").String())
			return
		}
		b.WriteString(t.Name())
		b.WriteString("{")
		first := true
		for i := 0; i < v.NumField(); i++ {
			f := v.Field(i)
			if t.Field(i).Type == posType || f.IsZero() || t.Field(i).Name == "Comments" {
				continue
			}
			if !first {
				b.WriteString(" ")
			}
			first = false
			b.WriteString(t.Field(i).Name)
			b.WriteString(":")
			dumpValue(b, f)
		}
		b.WriteString("}")
	case reflect.Slice:
		b.WriteString("[")
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteString(" ")
			}
			dumpValue(b, v.Index(i))
		}
		b.WriteString("]")
	case reflect.String:
		fmt.Fprintf(b, "%q", v.String())
	default:
		fmt.Fprint(b, v.Interface())
	}
}
