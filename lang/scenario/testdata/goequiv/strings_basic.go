//go:build ignore

package main

import "fmt"

func greet(name string) string {
	return "hello, " + name + "!"
}

func main() {
	s := "hello"
	fmt.Println(s, len(s))
	s += ", world"
	fmt.Println(s, len(s))
	fmt.Println(greet("gopher"))
	e := ""
	fmt.Println(len(e), e == "")
	t := ""
	for i := 0; i < 5; i++ {
		t += "ab"
	}
	fmt.Println(t, len(t))
	fmt.Println("abc" < "abd", "b" > "abc", "x" == "x", "x" != "y")
	fmt.Println(len("tab\there"), len(`raw\n`), `raw\n`)
	fmt.Println("quote: \"q\" backslash: \\")
	c := "const" + "ant"
	fmt.Println(c, len(c))
}
