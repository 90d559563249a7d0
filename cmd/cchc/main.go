// Command cchc serves a ward's administrative-reform communication platform:
// the public portal and the officials' workspace. See "cchc help".
package main

import (
	"os"

	"github.com/cchc-vn/cchc/internal/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
}
