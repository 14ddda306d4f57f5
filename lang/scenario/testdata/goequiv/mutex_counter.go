//go:build ignore

package main

import (
	"fmt"
	"sync"
)

var mu sync.Mutex
var counter int
var wg sync.WaitGroup

func worker(n int) {
	defer wg.Done()
	for i := 0; i < n; i++ {
		mu.Lock()
		counter++
		mu.Unlock()
	}
}

func main() {
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go worker(50)
	}
	wg.Wait()
	fmt.Println("counter", counter)
	mu.Lock()
	fmt.Println("locked in main")
	mu.Unlock()
	fmt.Println(mu.TryLock())
	fmt.Println(mu.TryLock())
	mu.Unlock()
}
