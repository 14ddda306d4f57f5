//go:build ignore

package main

import "fmt"

func f() (err string) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
			err = "failed"
		}
	}()
	defer func() {
		var a [2]int
		i := 2
		a[i] = 1
	}()
	fmt.Println("f body")
	return "ok"
}

func main() {
	fmt.Println(f())
}
