package scoring

import (
	"reflect"
	"strings"
	"testing"
)

func TestSlugify(t *testing.T) {
	for name, want := range map[string]string{
		"Payments":            "payments",
		"Payments & Billing":  "payments-billing",
		"  Platform / Infra ": "platform-infra",
		"SRE-Team 2":          "sre-team-2",
		"Équipe":              "quipe",
	} {
		if got := Slugify(name); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestResolveTeams(t *testing.T) {
	repos := []RepoRef{
		{Source: "gh", Kind: "github", FullName: "acme/payments-api", ForgeID: 1},     // 0
		{Source: "gh", Kind: "github", FullName: "acme/payments-web", ForgeID: 2},     // 1
		{Source: "gh", Kind: "github", FullName: "acme/search", ForgeID: 3},           // 2
		{Source: "gl", Kind: "gitlab", FullName: "acme/platform/infra", ForgeID: 3},   // 3
		{Source: "gl", Kind: "gitlab", FullName: "acme/platform/sub/dns", ForgeID: 4}, // 4
		{Source: "gl", Kind: "gitlab", FullName: "acme/platformer", ForgeID: 5},       // 5
		{Source: "gh2", Kind: "github", FullName: "Acme/Payments-Legacy", ForgeID: 1}, // 6
	}
	forgeTeams := []ForgeTeamRef{
		{Source: "gh", Kind: "github", Slug: "search-team", RepoForgeIDs: []int64{3}},
		{Source: "gl", Kind: "gitlab", Slug: "search-team", RepoForgeIDs: []int64{3}}, // a GitLab group, not a GitHub team
	}
	tests := []struct {
		name  string
		teams []TeamSpec
		want  map[string][]int
	}{
		{"a glob matches within one path segment, case-insensitively",
			[]TeamSpec{{Name: "Payments", Repos: []string{"gh:acme/payments-*", "gh2:acme/payments-*"}}},
			map[string][]int{"payments": {0, 1, 6}, "unassigned": {2, 3, 4, 5}}},
		{"a star does not cross a slash",
			[]TeamSpec{{Name: "Platform", Repos: []string{"gl:acme/*"}}},
			map[string][]int{"platform": {5}, "unassigned": {0, 1, 2, 3, 4, 6}}},
		{"a GitLab group owns every project under it, and only under it",
			[]TeamSpec{{Name: "Platform", GitLabGroup: "acme/platform"}},
			map[string][]int{"platform": {3, 4}, "unassigned": {0, 1, 2, 5, 6}}},
		{"a GitHub team owns its repos by source and id",
			[]TeamSpec{{Name: "Search", Slug: "search", GitHubTeam: "Search-Team"}},
			map[string][]int{"search": {2}, "unassigned": {0, 1, 3, 4, 5, 6}}},
		{"a repo may be in several teams",
			[]TeamSpec{
				{Name: "Payments", Repos: []string{"gh:acme/payments-*"}},
				{Name: "Web", Repos: []string{"*:acme/*-web"}},
				{Name: "Everything", Repos: []string{"*:*/*", "*:*/*/*", "*:*/*/*/*"}},
			},
			map[string][]int{"payments": {0, 1}, "web": {1}, "everything": {0, 1, 2, 3, 4, 5, 6}}},
		{"a team that owns nothing is still listed",
			[]TeamSpec{{Name: "Ghost", Repos: []string{"gh:nobody/*"}}},
			map[string][]int{"ghost": {}, "unassigned": {0, 1, 2, 3, 4, 5, 6}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ResolveTeams(tc.teams, repos, forgeTeams)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestResolveTeamsErrors(t *testing.T) {
	tests := []struct {
		name  string
		teams []TeamSpec
		want  string
	}{
		{"a pattern without a source", []TeamSpec{{Name: "A", Repos: []string{"acme/*"}}}, `repo pattern "acme/*": want SOURCE:GLOB`},
		{"a malformed glob", []TeamSpec{{Name: "A", Repos: []string{"gh:acme/[x"}}}, `repo pattern "gh:acme/[x"`},
		{"a duplicate slug", []TeamSpec{{Name: "Payments"}, {Name: "payments!"}}, `slug "payments" is already taken`},
		{"the reserved slug", []TeamSpec{{Name: "Unassigned"}}, `slug "unassigned" is already taken`},
		{"a bad explicit slug", []TeamSpec{{Name: "A", Slug: "Not OK"}}, `slug "Not OK"`},
		{"a name without letters or digits", []TeamSpec{{Name: "!!!"}}, `gives an empty slug`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ResolveTeams(tc.teams, nil, nil)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestFactsScopes(t *testing.T) {
	f := Facts{Repos: []RepoFacts{*newRepo("a"), *newRepo("b")}}
	if got := f.Scope([]int{1, 5, -1}); len(got) != 1 || got[0] != &f.Repos[1] {
		t.Errorf("Scope = %v", got)
	}
	if got := f.Refs(); got[1].FullName != "acme/b" || got[1].Source != "gh" {
		t.Errorf("Refs = %v", got)
	}
	if got := f.All(); len(got) != 2 || got[0] != &f.Repos[0] {
		t.Errorf("All = %v", got)
	}
}
