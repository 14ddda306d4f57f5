//go:build ignore

package main

import "fmt"

func main() {
	t := true
	s := "go"
	fmt.Printf("%t %t %v\n", t, !t, t)
	fmt.Printf("%s|%v|%q\n", s, s, s)
	fmt.Printf("[%6s] [%-6s]\n", s, s)
	fmt.Printf("%q\n", "tab\there")
	fmt.Printf("%x\n", "hi")
	fmt.Printf("%.2s\n", "abcdef")
	fmt.Printf("%s and %s\n", "this", "that")
	fmt.Println("a", "b", true, false)
	fmt.Println("")
	fmt.Println()
	fmt.Println("end")
}
