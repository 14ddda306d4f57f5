//go:build ignore

package main

import (
	"fmt"
	"sync"
)

func main() {
	gate := make(chan bool)
	var mu sync.Mutex
	var wg sync.WaitGroup
	woken := 0
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			mu.Lock()
			woken++
			mu.Unlock()
		}()
	}
	close(gate)
	wg.Wait()
	fmt.Println("woken", woken)
}
