//go:build ignore

package main

import "fmt"

func main() {
	defer func() {
		r := recover()
		fmt.Println(r == nil)
		fmt.Println(r)
	}()
	panic(nil)
}
