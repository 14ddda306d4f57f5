//go:build ignore

package main

import "fmt"

func f() {
	defer func() {
		fmt.Println("outer recovered:", recover())
	}()
	defer func() {
		fmt.Println("middle defer panics")
		panic("second")
	}()
	panic("first")
}

func main() {
	f()
	fmt.Println("after f")
}
