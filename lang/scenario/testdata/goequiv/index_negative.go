//go:build ignore

package main

import "fmt"

func main() {
	defer func() {
		fmt.Println("recovered:", recover())
	}()
	var a [3]int
	i := -1
	a[i] = 1
}
