//go:build ignore

package main

import "fmt"

func try(i int) {
	defer func() {
		r := recover()
		fmt.Printf("recovered %v\n", r)
		fmt.Printf("[%s]\n", r)
	}()
	var a [2]int
	fmt.Println(a[i] / i)
}

func main() {
	try(0)
	try(2)
	try(1)
}
