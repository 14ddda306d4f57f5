//go:build ignore

package main

import "fmt"

func helper() {
	fmt.Println("helper's recover:", recover())
}

func main() {
	defer func() {
		helper()
		fmt.Println("deferred closure done")
	}()
	panic("still panicking")
}
