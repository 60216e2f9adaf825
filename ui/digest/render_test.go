package digest

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file; run with -update and review the diff.\ngot:\n%s", name, got)
	}
}

func TestGoldenHTMLAndText(t *testing.T) {
	d := buildFixture(t, nil)
	html, images, err := RenderHTML(d)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "digest.html.golden", html)
	golden(t, "digest.txt.golden", RenderText(d))

	if len(images) != 2 {
		t.Fatalf("%d images, want the score and the level trend", len(images))
	}
	for _, img := range images {
		cfg, err := png.DecodeConfig(bytes.NewReader(img.Data))
		if err != nil {
			t.Fatalf("%s is not a PNG: %v", img.Filename, err)
		}
		if cfg.Width != chartWidth*chartScale || cfg.Height != chartHeight*chartScale {
			t.Errorf("%s is %dx%d", img.Filename, cfg.Width, cfg.Height)
		}
		if !strings.Contains(html, `src="cid:`+img.ContentID+`"`) {
			t.Errorf("the HTML does not show %s", img.ContentID)
		}
	}
}

// The HTML must render in mail clients, which drop scripts, <style> blocks and
// remote images.
func TestHTMLIsMailSafe(t *testing.T) {
	html, _, err := RenderHTML(buildFixture(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, banned := range []string{"<script", "<style", "<link", "class=", "javascript:", "@import"} {
		if strings.Contains(strings.ToLower(html), banned) {
			t.Errorf("the HTML holds %q", banned)
		}
	}
	for _, src := range regexp.MustCompile(`src="([^"]*)"`).FindAllStringSubmatch(html, -1) {
		if !strings.HasPrefix(src[1], "cid:") {
			t.Errorf("an image is not inline: %s", src[1])
		}
	}
	for _, href := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(html, -1) {
		if !strings.HasPrefix(href[1], "https://paved.example.com/") && !strings.HasPrefix(href[1], "https://github.example/") {
			t.Errorf("a link leads outside the dashboard and the forge: %s", href[1])
		}
	}
	if !strings.Contains(html, `href="https://paved.example.com/teams/platform"`) {
		t.Error("no link to a team's page")
	}
}

func TestPreviewHTMLShowsTheChartsInABrowser(t *testing.T) {
	d := buildFixture(t, nil)
	html, err := PreviewHTML(d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, "cid:") || strings.Count(html, `src="data:image/png;base64,`) != 2 {
		t.Fatal("the charts are not inlined")
	}
}

func TestWriteMessageIsTheEmailSendWouldSend(t *testing.T) {
	var buf bytes.Buffer
	err := EmailSender{Addr: "127.0.0.1:25", From: "paved@example.com", To: []string{"leads@example.com"}}.
		WriteMessage(&buf, buildFixture(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	checkDigestMail(t, buf.Bytes())
}
