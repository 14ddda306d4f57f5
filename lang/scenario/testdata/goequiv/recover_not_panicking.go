//go:build ignore

package main

import "fmt"

func quiet() (r int) {
	defer func() {
		v := recover()
		fmt.Println("recover without a panic:", v, v == nil)
		r = 7
	}()
	return 1
}

func main() {
	fmt.Println("recover in main:", recover())
	fmt.Println("quiet returned", quiet())
	defer func() {
		fmt.Println("deferred, no panic:", recover())
	}()
	fmt.Println("end of main")
}
