package digest

import (
	"encoding/base64"
	"strings"
)

// PreviewHTML renders the HTML email with its charts inlined as data: URLs, so a
// browser shows it as the mail client would: for the dashboard's /digest page and
// `paved digest --out digest.html`. Mail itself keeps cid: references, which mail
// clients show and data: URLs, which many block, would not.
func PreviewHTML(d *Digest) (string, error) {
	html, images, err := RenderHTML(d)
	if err != nil {
		return "", err
	}
	pairs := make([]string, 0, 2*len(images))
	for _, img := range images {
		pairs = append(pairs, `src="cid:`+img.ContentID+`"`,
			`src="data:image/png;base64,`+base64.StdEncoding.EncodeToString(img.Data)+`"`)
	}
	return strings.NewReplacer(pairs...).Replace(html), nil
}
