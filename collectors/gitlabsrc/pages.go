package gitlabsrc

import (
	"context"

	gitlab "gitlab.com/gitlab-org/api/client-go/v2"
)

// eachPage reads a list page by page through c.call and hands each page's
// items to use, until the last page or until use says the list is done.
// page is the list options' page number, which fetch asks for and eachPage
// moves on.
func eachPage[T any](ctx context.Context, c *Collector, what string, page *int64,
	fetch func(o ...gitlab.RequestOptionFunc) ([]T, *gitlab.Response, error), use func([]T) (done bool)) error {
	for {
		var items []T
		resp, err := c.call(ctx, what, func(o ...gitlab.RequestOptionFunc) (*gitlab.Response, error) {
			var resp *gitlab.Response
			var err error
			items, resp, err = fetch(o...)
			return resp, err
		})
		if err != nil {
			return err
		}
		if done := use(items); done || resp.NextPage == 0 {
			return nil
		}
		*page = resp.NextPage
	}
}
