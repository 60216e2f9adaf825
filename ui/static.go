package ui

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"strings"

	"github.com/gofiber/fiber/v2"
)

//go:embed static
var staticFS embed.FS

type staticFile struct {
	body        []byte
	contentType string
	etag        string
}

// loadStatic reads every embedded static file once.
func loadStatic() (map[string]staticFile, error) {
	files := map[string]staticFile{}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		ct := mime.TypeByExtension(path.Ext(p))
		switch {
		case strings.HasSuffix(p, ".js"):
			ct = "text/javascript; charset=utf-8"
		case ct == "":
			ct = "text/plain; charset=utf-8"
		}
		sum := sha256.Sum256(body)
		files["/"+p] = staticFile{body: body, contentType: ct, etag: `"` + hex.EncodeToString(sum[:8]) + `"`}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load static files: %w", err)
	}
	for _, need := range []string{"/static/app.css", "/static/app.js", "/static/vendor/chart-4.6.1.umd.min.js", "/static/vendor/htmx-2.0.11.min.js"} {
		if _, ok := files[need]; !ok {
			return nil, fmt.Errorf("load static files: %s is missing", need)
		}
	}
	return files, nil
}

func (s *server) staticHandler(c *fiber.Ctx) error {
	f, ok := s.static[c.Path()]
	if !ok {
		return notFound("there is no file at %s", c.Path())
	}
	c.Set(fiber.HeaderETag, f.etag)
	c.Set(fiber.HeaderCacheControl, "public, max-age=3600")
	if c.Get(fiber.HeaderIfNoneMatch) == f.etag {
		return c.SendStatus(fiber.StatusNotModified)
	}
	c.Set(fiber.HeaderContentType, f.contentType)
	return c.Send(f.body)
}
