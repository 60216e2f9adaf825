package ui

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

//go:embed templates/*.html
var templateFS embed.FS

// viewNames are the pages; each is templates/NAME.html defining "content",
// rendered inside templates/layout.html with the shared templates/partials.html.
var viewNames = []string{"overview", "teams", "team", "repo", "sync", "digest", "error", "account", "audit"}

type views struct {
	byName map[string]*template.Template
}

func parseViews() (*views, error) { return parseViewsFrom(templateFS, viewNames) }

// parseViewsFrom parses every view up front, so a missing or broken template
// stops the server at startup.
func parseViewsFrom(fsys fs.FS, names []string) (*views, error) {
	v := &views{byName: make(map[string]*template.Template, len(names))}
	for _, name := range names {
		t, err := template.New(name).Funcs(templateFuncs).ParseFS(fsys,
			"templates/layout.html", "templates/partials.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parse view %s: %w", name, err)
		}
		if t.Lookup("content") == nil || t.Lookup("layout") == nil {
			return nil, fmt.Errorf("parse view %s: templates/%s.html must define \"content\"", name, name)
		}
		v.byName[name] = t
	}
	return v, nil
}

// layout is what the frame around every page shows.
type layout struct {
	Title   string
	Nav     string // which main navigation entry is current
	Version string
	Now     time.Time
	Auth    bool // access control is on: the header links to the session page
}

func (s *server) layoutFor(title, nav string) layout {
	return layout{Title: title, Nav: nav, Version: s.version, Now: s.now().UTC(), Auth: s.auth != nil}
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes a view in full before sending it, so a failing template
// becomes an error page rather than half a page.
func (s *server) render(c *fiber.Ctx, name string, data any) error {
	page, err := s.renderBytes(name, data)
	if err != nil {
		return err
	}
	return sendHTML(c, page)
}

// renderBytes executes a view into a new slice, which callers may cache.
func (s *server) renderBytes(name string, data any) ([]byte, error) {
	t, ok := s.views.byName[name]
	if !ok {
		return nil, fmt.Errorf("render: no view %q", name)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		return nil, fmt.Errorf("render %s: %w", name, err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// renderPart executes one template of a view, for a part of a page that is
// cached apart from the page; the part is escaped for where the view puts it.
func (s *server) renderPart(view, name string, data any) (template.HTML, error) {
	t, ok := s.views.byName[view]
	if !ok {
		return "", fmt.Errorf("render: no view %q", view)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return "", fmt.Errorf("render %s of %s: %w", name, view, err)
	}
	return template.HTML(buf.String()), nil // escaped by html/template as it ran
}

func sendHTML(c *fiber.Ctx, page []byte) error {
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(page)
}

// renderedPage is a page kept ready to send, also gzipped: compressing once
// per scorecard change costs less than sending the bytes uncompressed.
type renderedPage struct {
	raw, gz []byte
}

// cachedPage renders a page built only from scorecards (and facts that change
// only with them) once per key until any scorecard changes, then serves the
// same bytes.
func (s *server) cachedPage(c *fiber.Ctx, st *state, key, name string, build func() (any, error)) error {
	page, err := memo(st, "html:"+key, func() (renderedPage, error) {
		data, err := build()
		if err != nil {
			return renderedPage{}, err
		}
		raw, err := s.renderBytes(name, data)
		if err != nil {
			return renderedPage{}, err
		}
		var gz bytes.Buffer
		w, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
		_, _ = w.Write(raw)
		if err := w.Close(); err != nil {
			return renderedPage{}, err
		}
		return renderedPage{raw: raw, gz: gz.Bytes()}, nil
	})
	if err != nil {
		return err
	}
	c.Vary(fiber.HeaderAcceptEncoding)
	if acceptsGzip(c.Get(fiber.HeaderAcceptEncoding)) {
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return sendHTML(c, page.gz)
	}
	return sendHTML(c, page.raw)
}

// acceptsGzip reads an Accept-Encoding header: gzip listed without q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") || strings.TrimSpace(name) == "*" {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
