//go:build ignore

package main

import "fmt"

func mayPanic() {
	defer func() {
		r := recover()
		fmt.Println("recovered:", r)
	}()
	fmt.Println("about to panic")
	panic("boom")
	fmt.Println("never printed")
}

func main() {
	mayPanic()
	fmt.Println("main continues")
}
