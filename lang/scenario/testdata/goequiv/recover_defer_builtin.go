//go:build ignore

package main

import "fmt"

func f() {
	defer func() {
		fmt.Println("outer recovered:", recover())
	}()
	defer recover()
	panic("not stopped by defer recover()")
}

func main() {
	f()
	fmt.Println("after f")
}
