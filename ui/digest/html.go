package digest

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"strings"

	"github.com/paved-dev/paved/ui/labels"
)

//go:embed templates/*.tmpl
var templateFS embed.FS

// funcs are shared by the HTML and the text template.
var funcs = map[string]any{
	"levelLabel":     levelLabel,
	"levelNumber":    levelNumber,
	"levelName":      levelName,
	"plural":         plural,
	"scoreNumber":    scoreNumber,
	"deltaText":      deltaText,
	"direction":      direction,
	"changeText":     changeText,
	"nextText":       nextText,
	"overdueText":    overdueText,
	"daysText":       daysText,
	"dimensionLabel": labels.Dimension,
	"upper":          strings.ToUpper,
	"short":          func(s string) string { return truncate(s, 80) },
	"clip":           truncate,
	"dict": func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, errors.New("dict: odd number of arguments")
		}
		m := make(map[string]any, len(kv)/2)
		for i := 0; i < len(kv); i += 2 {
			k, ok := kv[i].(string)
			if !ok {
				return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
			}
			m[k] = kv[i+1]
		}
		return m, nil
	},
}

// Startup fails rather than a digest going out half-drawn.
var htmlTemplate = template.Must(template.New("digest.html.tmpl").Funcs(funcs).Funcs(template.FuncMap{
	// Content-IDs are ours, never a forge's; html/template would otherwise
	// refuse the cid: scheme.
	"cid": func(id string) template.URL { return template.URL("cid:" + id) },
}).ParseFS(templateFS, "templates/digest.html.tmpl"))

// RenderHTML writes the digest as an HTML email and draws the trend charts it
// shows inline; each image's ContentID is what the HTML refers to as cid:….
func RenderHTML(d *Digest) (string, []Image, error) {
	images, err := charts(d)
	if err != nil {
		return "", nil, fmt.Errorf("render digest: %w", err)
	}
	var buf bytes.Buffer
	if err := htmlTemplate.Execute(&buf, newView(d, images)); err != nil {
		return "", nil, fmt.Errorf("render digest: %w", err)
	}
	return buf.String(), images, nil
}
