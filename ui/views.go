package ui

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

//go:embed templates/*.html
var templateFS embed.FS

// viewNames are the pages; each is templates/NAME.html defining "content",
// rendered inside templates/layout.html with the shared templates/partials.html.
var viewNames = []string{"overview", "teams", "team", "repo", "sync", "digest", "error"}

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
}

func (s *server) layoutFor(title, nav string) layout {
	return layout{Title: title, Nav: nav, Version: s.version, Now: s.now().UTC()}
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes a view in full before sending it, so a failing template
// becomes an error page rather than half a page.
func (s *server) render(c *fiber.Ctx, name string, data any) error {
	t, ok := s.views.byName[name]
	if !ok {
		return fmt.Errorf("render: no view %q", name)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Response().SetBody(buf.Bytes()) // copies, so the buffer can go back to the pool
	return nil
}
