package procedure

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNationalRecords parses every record shipped in ../shared (when present)
// and reports how much of each table was structured.
func TestNationalRecords(t *testing.T) {
	files, _ := filepath.Glob("../../../shared/data/tthc-national/raw/*/*.json")
	if len(files) == 0 {
		t.Skip("national records not found beside the repository")
	}
	var n, withChannels, withDocs, withLegal, withResults, unparsed int
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		p, err := ParseNational(b)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		n++
		if len(p.Channels) > 0 {
			withChannels++
		}
		if len(p.Documents) > 0 {
			withDocs++
		}
		if len(p.LegalBasis) > 0 {
			withLegal++
		}
		if len(p.Results) > 0 {
			withResults++
		}
		if len(p.Unparsed) > 0 {
			unparsed++
			if testing.Verbose() {
				for _, u := range p.Unparsed {
					t.Logf("%s %s: %.160q", p.Code, u.Field, u.Text)
				}
			}
		}
	}
	t.Logf("%d records: channels %d, documents %d, legal basis %d, results %d; %d keep unparsed text", n, withChannels, withDocs, withLegal, withResults, unparsed)
	if n != len(files) || withChannels < n*95/100 || withDocs < n*90/100 || withLegal < n*90/100 || withResults < n*90/100 {
		t.Errorf("too little structure recovered")
	}
}
