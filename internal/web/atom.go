package web

import (
	"encoding/xml"
	"time"
)

// Atom feed types shared by the news feeds and the amended-procedures feed.
type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	Title     string       `xml:"title"`
	ID        string       `xml:"id"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published,omitempty"`
	Link      atomLink     `xml:"link"`
	Summary   string       `xml:"summary,omitempty"`
	Content   *atomContent `xml:"content,omitempty"`
}

type atomFeed struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string     `xml:"title"`
	ID      string     `xml:"id"`
	Updated string     `xml:"updated"`
	Links   []atomLink `xml:"link"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// writeAtom sends a feed: self is its own address, alt the page it mirrors.
// Updated is the newest entry's time, or now for an empty feed.
func (c *request) writeAtom(title, self, alt, author string, entries []atomEntry) error {
	f := atomFeed{Title: title, ID: alt, Links: []atomLink{{Href: self, Rel: "self"}, {Href: alt}}, Entries: entries, Updated: atomTime(time.Now())}
	f.Author.Name = author
	if len(entries) > 0 {
		f.Updated = entries[0].Updated
	}
	c.w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	c.w.Header().Set("Cache-Control", feedCache)
	c.w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(c.w)
	enc.Indent("", " ")
	return enc.Encode(f)
}
