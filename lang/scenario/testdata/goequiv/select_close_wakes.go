//go:build ignore

package main

import (
	"fmt"
	"sync"
)

// Goroutines parked in a select are woken by a close: each takes the
// closed channel's case, never the other one.
func main() {
	stop := make(chan bool)
	other := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	stopped := 0
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case v := <-other:
				fmt.Println("unexpected", v)
			case _, ok := <-stop:
				mu.Lock()
				if !ok {
					stopped++
				}
				mu.Unlock()
			}
		}()
	}
	close(stop)
	wg.Wait()
	fmt.Println("stopped", stopped)
	// A select with the other channel still works afterwards.
	go func() { other <- 42 }()
	select {
	case v := <-other:
		fmt.Println("got", v)
	}
}
