// Package docs holds cohere's documentation: language.md (the language
// reference) and engine.md (the engine's model). Every script the
// language reference shows is in examples/, with the output it gives, and
// examples_test.go runs them all so that the reference cannot drift from
// what cohere does.
package docs
