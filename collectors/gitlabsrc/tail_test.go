package gitlabsrc

import (
	"slices"
	"testing"
	"time"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
)

// A walk's tail built page by page, as a walk resumed after a crash builds it
// from the part it stored with its position, equals the tail of all its pages
// at once: the pipelines updated within twice the overlap before the newest,
// newest first, at most maxTail.
func TestOverlapTailPageByPageEqualsAtOnce(t *testing.T) {
	base := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	pipeline := func(id int64, before time.Duration) *gitlab.PipelineInfo {
		at := base.Add(-before)
		return &gitlab.PipelineInfo{ID: id, UpdatedAt: &at}
	}
	page1 := []*gitlab.PipelineInfo{pipeline(9, 0), pipeline(8, overlap), pipeline(7, 2*overlap)}
	page2 := []*gitlab.PipelineInfo{pipeline(6, 2*overlap+time.Millisecond), pipeline(5, 3*overlap)}
	want := []string{tailKey(page1[0]), tailKey(page1[1]), tailKey(page1[2])}

	if got := overlapTail(nil, append(slices.Clone(page1), page2...)); !slices.Equal(got, want) {
		t.Errorf("at once: %v, want %v", got, want)
	}
	if got := overlapTail(overlapTail(nil, page1), page2); !slices.Equal(got, want) {
		t.Errorf("page by page: %v, want %v", got, want)
	}

	var many []*gitlab.PipelineInfo
	for id := int64(100); id > 70; id-- {
		many = append(many, pipeline(id, time.Duration(100-id)*time.Millisecond))
	}
	got := overlapTail(overlapTail(nil, many[:15]), many[15:])
	if len(got) != maxTail || got[0] != tailKey(many[0]) || got[maxTail-1] != tailKey(many[maxTail-1]) {
		t.Errorf("30 pipelines within the overlap: %d kept from %s to %s, want the newest %d", len(got), got[0], got[len(got)-1], maxTail)
	}
}
