package githubsrc

import (
	"context"

	"github.com/google/go-github/v60/github"
)

// listPages reads a list to its last page through c.call and hands each
// page's items to use. page is the list options' page number, 0 for the
// first page, which fetch asks for; listPages moves it on. etag, when not "",
// goes with the first page: unchanged reports the 304 it got. listETag is the
// first page's ETag when the list has only that page.
func listPages[T any](ctx context.Context, c *Collector, what, etag string, page *int,
	fetch func(ctx context.Context) ([]T, *github.Response, error), use func([]T)) (listETag string, unchanged bool, err error) {
	for {
		first := *page == 0
		reqCtx := ctx
		if first {
			reqCtx = withETag(ctx, etag)
		}
		var items []T
		resp, err := c.call(reqCtx, what, func(ctx context.Context) (*github.Response, error) {
			var resp *github.Response
			var err error
			items, resp, err = fetch(ctx)
			return resp, err
		})
		if etag != "" && first && notModified(resp, err) {
			return "", true, nil
		}
		if err != nil {
			return "", false, err
		}
		use(items)
		if resp.NextPage == 0 {
			if first {
				listETag = resp.Header.Get("ETag")
			}
			return listETag, false, nil
		}
		*page = resp.NextPage
	}
}
