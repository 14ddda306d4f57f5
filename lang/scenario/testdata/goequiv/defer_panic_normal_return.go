//go:build ignore

package main

import "fmt"

func f() {
	defer fmt.Println("f's first defer")
	defer func() {
		panic("from a deferred call")
	}()
	fmt.Println("f returns normally")
}

func main() {
	f()
	fmt.Println("not reached")
}
