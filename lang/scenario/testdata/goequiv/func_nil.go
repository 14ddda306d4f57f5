//go:build ignore

package main

import "fmt"

func hello() { fmt.Println("hello") }

func main() {
	var f func()
	fmt.Println(f == nil)
	f = hello
	fmt.Println(f != nil)
	f()
}
