//go:build ignore

package main

import "fmt"

func main() {
	defer func() {
		r := recover()
		fmt.Println("got:", r)
		panic(r)
	}()
	d := 0
	fmt.Println(1 / d)
}
