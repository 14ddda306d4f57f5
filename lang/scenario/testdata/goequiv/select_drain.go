//go:build ignore

package main

import "fmt"

func main() {
	a := make(chan int)
	b := make(chan int, 2)
	done := make(chan bool)
	go func() {
		for i := 1; i <= 5; i++ {
			a <- i
		}
		done <- true
	}()
	go func() {
		for i := 1; i <= 4; i++ {
			b <- 100 * i
		}
		done <- true
	}()
	sumA, sumB, nA, nB, finished := 0, 0, 0, 0, 0
	for finished < 2 {
		select {
		case v := <-a:
			sumA += v
			nA++
		case v := <-b:
			sumB += v
			nB++
		case <-done:
			finished++
		}
	}
	// b is buffered: values may still wait there after its sender is done.
	for len(b) > 0 {
		sumB += <-b
		nB++
	}
	fmt.Println("a:", nA, "values, sum", sumA)
	fmt.Println("b:", nB, "values, sum", sumB)
}
