//go:build ignore

package main

import "fmt"

func f() {
	defer fmt.Println("deferred first, runs after the recovery")
	defer func() {
		fmt.Println("recovering", recover())
	}()
	defer fmt.Println("deferred last, runs first")
	panic("p")
}

func main() {
	f()
	fmt.Println("back in main")
}
