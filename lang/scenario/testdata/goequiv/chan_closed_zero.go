//go:build ignore

package main

import "fmt"

func main() {
	ch := make(chan int, 2)
	ch <- 7
	close(ch)
	fmt.Println(<-ch)
	fmt.Println(<-ch)
	fmt.Println(<-ch)
	sc := make(chan string)
	close(sc)
	s := <-sc
	fmt.Println(s == "", len(s))
	bc := make(chan bool, 1)
	bc <- true
	close(bc)
	fmt.Println(<-bc, <-bc)
}
