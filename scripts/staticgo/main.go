// Command staticgo serves files from memory with the bare net/http server.
// scripts/bench-http.sh runs it beside nginx and cchc to show the ceiling
// that Go's HTTP server itself reaches on the machine.
package main

import (
	"log"
	"mime"
	"net/http"
	"os"
	"path/filepath"
)

func main() {
	if len(os.Args) != 3 {
		log.Fatal("usage: staticgo ADDR DIR")
	}
	files := map[string][]byte{}
	entries, err := os.ReadDir(os.Args[2])
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(os.Args[2], e.Name()))
		if err != nil {
			log.Fatal(err)
		}
		files["/"+e.Name()] = b
	}
	log.Fatal(http.ListenAndServe(os.Args[1], http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", mime.TypeByExtension(filepath.Ext(r.URL.Path)))
		w.Write(b)
	})))
}
