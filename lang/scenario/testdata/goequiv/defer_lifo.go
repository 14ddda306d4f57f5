//go:build ignore

package main

import "fmt"

func f() {
	defer fmt.Println("first deferred, runs last")
	defer fmt.Println("second deferred")
	defer fmt.Println("third deferred, runs first")
	fmt.Println("body of f")
}

func main() {
	fmt.Println("before")
	f()
	fmt.Println("after")
}
