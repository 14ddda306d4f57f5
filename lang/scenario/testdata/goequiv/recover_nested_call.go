//go:build ignore

package main

import "fmt"

func helper() {
	r := recover()
	fmt.Println("helper's recover:", r)
}

func f() {
	defer func() {
		fmt.Println("outer deferred recover:", recover())
	}()
	defer func() {
		helper()
	}()
	panic("boom")
}

func main() {
	f()
	fmt.Println("after f")
}
