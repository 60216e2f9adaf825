package digest

import (
	"os"
	"testing"
)

func TestDebugRender(t *testing.T) {
	d := buildFixture(t, nil)
	_, imgs, _ := RenderHTML(d)
	for _, im := range imgs {
		os.WriteFile("/tmp/"+im.Filename, im.Data, 0o644)
	}
	if p, ok := d.ForTeam("platform"); ok {
		h, imgs, _ := RenderHTML(p)
		os.WriteFile("/tmp/team.html", []byte(h), 0o644)
		for _, im := range imgs {
			os.WriteFile("/tmp/team-"+im.Filename, im.Data, 0o644)
		}
		os.WriteFile("/tmp/team.txt", []byte(RenderText(p)), 0o644)
	}
}
