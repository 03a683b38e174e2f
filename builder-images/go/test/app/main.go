// The go builder's sample app: answers GET / and GET /healthz on $BIND_ADDRESS:$PORT.
package main

import (
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
)

func getenv(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "Hello from the go builder")
	})
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	address := net.JoinHostPort(getenv("BIND_ADDRESS", "0.0.0.0"), getenv("PORT", "8080"))
	log.Printf("listening on %s", address)
	log.Fatal(http.ListenAndServe(address, mux))
}
