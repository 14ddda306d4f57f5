//go:build ignore

package main

import "fmt"

func rescue() {
	if r := recover(); r != nil {
		fmt.Println("rescued:", r)
	}
}

func work(n int) {
	defer rescue()
	fmt.Println("working", n)
	if n > 1 {
		panic(n)
	}
	fmt.Println("done", n)
}

func main() {
	work(1)
	work(2)
	work(3)
	fmt.Println("end")
}
