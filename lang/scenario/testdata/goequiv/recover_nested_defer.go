//go:build ignore

package main

import "fmt"

func g() {
	defer func() {
		fmt.Println("g's deferred recover:", recover())
	}()
	fmt.Println("g runs")
}

func main() {
	defer func() {
		fmt.Println("main's deferred recover:", recover())
	}()
	defer func() {
		g()
	}()
	panic("outer")
}
