package scoring

import (
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/paved-dev/paved/model"
)

// UnassignedSlug is the team of repos that no configured team owns.
const UnassignedSlug = "unassigned"

// TeamSpec is a configured team.
type TeamSpec struct {
	Name string
	Slug string // derived from Name when empty
	// Repos are "SOURCE:GLOB" patterns over full repo names, matched
	// case-insensitively with path.Match: "*" does not cross "/", so
	// "gh:acme/payments-*" matches acme/payments-api but not a subgroup's project.
	// SOURCE may itself be a glob ("*:acme/api").
	Repos []string
	// GitHubTeam owns every repo of the GitHub team with this slug.
	GitHubTeam string
	// GitLabGroup owns every GitLab project whose full path is under this group.
	GitLabGroup string
}

// ForgeTeamRef is a GitHub team (or GitLab group) with the repos the forge says it owns.
type ForgeTeamRef struct {
	Source       string
	Kind         string // model.ForgeGitHub; GitLab groups are matched by path instead
	Slug         string
	RepoForgeIDs []int64
}

var slugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Slugify lowercases a name and turns every run of other characters into one "-",
// trimmed at both ends: "Payments & Billing" → "payments-billing".
func Slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

// ResolveTeams maps each team's slug to the indexes (ascending) of the repos it
// owns. A repo may be in several teams; repos in none go under "unassigned",
// which is present only when it has repos. A team that owns nothing is present
// with an empty list.
func ResolveTeams(teams []TeamSpec, repos []RepoRef, forgeTeams []ForgeTeamRef) (map[string][]int, error) {
	out := make(map[string][]int, len(teams)+1)
	owned := make([]bool, len(repos))
	var errs []error
	for ti, t := range teams {
		slug, err := teamSlug(t)
		if err != nil {
			errs = append(errs, fmt.Errorf("teams[%d]: %w", ti, err))
			continue
		}
		if _, dup := out[slug]; dup || slug == UnassignedSlug {
			errs = append(errs, fmt.Errorf("teams[%d] %q: slug %q is already taken", ti, t.Name, slug))
			continue
		}
		members, err := teamMembers(t, repos, forgeTeams)
		if err != nil {
			errs = append(errs, fmt.Errorf("teams[%d] %q: %w", ti, t.Name, err))
			continue
		}
		for _, i := range members {
			owned[i] = true
		}
		out[slug] = members
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var rest []int
	for i, o := range owned {
		if !o {
			rest = append(rest, i)
		}
	}
	if len(rest) > 0 {
		out[UnassignedSlug] = rest
	}
	return out, nil
}

func teamSlug(t TeamSpec) (string, error) {
	if t.Slug != "" {
		if !slugRe.MatchString(t.Slug) {
			return "", fmt.Errorf("slug %q: want lowercase letters, digits and single dashes", t.Slug)
		}
		return t.Slug, nil
	}
	s := Slugify(t.Name)
	if s == "" {
		return "", fmt.Errorf("name %q: gives an empty slug; set slug", t.Name)
	}
	return s, nil
}

func teamMembers(t TeamSpec, repos []RepoRef, forgeTeams []ForgeTeamRef) ([]int, error) {
	type pattern struct{ source, glob string }
	pats := make([]pattern, 0, len(t.Repos))
	for _, p := range t.Repos {
		src, glob, ok := strings.Cut(p, ":")
		if !ok || src == "" || glob == "" {
			return nil, fmt.Errorf("repo pattern %q: want SOURCE:GLOB, e.g. gh:acme/payments-*", p)
		}
		src, glob = strings.ToLower(src), strings.ToLower(glob)
		if _, err := path.Match(src, ""); err != nil {
			return nil, fmt.Errorf("repo pattern %q: %w", p, err)
		}
		if _, err := path.Match(glob, ""); err != nil {
			return nil, fmt.Errorf("repo pattern %q: %w", p, err)
		}
		pats = append(pats, pattern{src, glob})
	}
	type forgeRepo struct {
		source string
		id     int64
	}
	viaTeam := map[forgeRepo]bool{}
	if t.GitHubTeam != "" {
		for _, ft := range forgeTeams {
			if (ft.Kind == "" || ft.Kind == model.ForgeGitHub) && strings.EqualFold(ft.Slug, t.GitHubTeam) {
				for _, id := range ft.RepoForgeIDs {
					viaTeam[forgeRepo{ft.Source, id}] = true
				}
			}
		}
	}
	group := strings.ToLower(strings.Trim(t.GitLabGroup, "/"))
	var members []int
	for i, r := range repos {
		name := strings.ToLower(r.FullName)
		in := viaTeam[forgeRepo{r.Source, r.ForgeID}]
		if !in && group != "" && (r.Kind == "" || r.Kind == model.ForgeGitLab) {
			in = strings.HasPrefix(name, group+"/")
		}
		for _, p := range pats {
			if in {
				break
			}
			srcOK, _ := path.Match(p.source, strings.ToLower(r.Source))
			nameOK, _ := path.Match(p.glob, name)
			in = srcOK && nameOK
		}
		if in {
			members = append(members, i)
		}
	}
	if members == nil {
		members = []int{}
	}
	slices.Sort(members)
	return members, nil
}
