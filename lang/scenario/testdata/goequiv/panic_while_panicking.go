//go:build ignore

package main

import "fmt"

func main() {
	defer fmt.Println("main's first defer still runs")
	defer func() {
		panic("second")
	}()
	panic("first")
}
