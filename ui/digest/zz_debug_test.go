package digest

import (
	"os"
	"testing"
)

func TestDebugRender(t *testing.T) {
	d := buildFixture(t, nil)
	html, imgs, err := RenderHTML(d)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile("/tmp/digest.html", []byte(html), 0o644)
	for _, im := range imgs {
		os.WriteFile("/tmp/"+im.Filename, im.Data, 0o644)
	}
	os.WriteFile("/tmp/digest.txt", []byte(RenderText(d)), 0o644)
}
