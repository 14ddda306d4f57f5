//go:build ignore

package main

import "fmt"

func a() { fmt.Println("a runs") }
func b() { fmt.Println("b runs") }

func main() {
	f := a
	defer f()
	f = b
	g := func(msg string) { fmt.Println("literal:", msg) }
	defer g("deferred")
	f()
	g("direct")
}
