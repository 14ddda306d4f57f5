//go:build ignore

package main

import "fmt"

func c() {
	defer fmt.Println("c deferred")
	fmt.Println("c panics")
	panic("deep")
}

func b() {
	defer fmt.Println("b deferred")
	c()
	fmt.Println("b after c: never")
}

func a() (result string) {
	defer func() {
		if r := recover(); r != nil {
			result = "a recovered"
			fmt.Println("a's recover:", r)
		}
	}()
	b()
	return "a normal"
}

func main() {
	fmt.Println(a())
	fmt.Println("main goes on")
}
