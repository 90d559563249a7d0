// Package fonts holds the typefaces generated documents embed, so that a
// PDF shows Vietnamese with its diacritics on any reader and the binary
// fetches nothing at run time: Noto Serif, regular and bold (SIL Open Font
// License 1.1, in OFL.txt).
package fonts

import _ "embed"

var (
	//go:embed NotoSerif-Regular.ttf
	SerifRegular []byte
	//go:embed NotoSerif-Bold.ttf
	SerifBold []byte
)
