package jobs

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/testkit"
)

// TestTheQueuesPoolLogsInWithTheConfiguredPassword: the queue's Postgres pool
// sends the password it is given (database_password_env's value) when the
// server asks for one, not the URL's (none) or PGPASSWORD's; the refused
// login's error does not repeat it.
func TestTheQueuesPoolLogsInWithTheConfiguredPassword(t *testing.T) {
	t.Setenv("PGPASSWORD", "from-the-environment")
	probe := testkit.StartPGPasswordProbe(t)
	_, err := Open(context.Background(), probe.URL("paved"), "s3cret-pw")
	if err == nil {
		t.Fatal("the probe refuses every login, yet the queue opened")
	}
	got := probe.Passwords()
	if len(got) == 0 || slices.ContainsFunc(got, func(p string) bool { return p != "s3cret-pw" }) {
		t.Errorf("the server received passwords %q, want only %q", got, "s3cret-pw")
	}
	if strings.Contains(err.Error(), "s3cret-pw") {
		t.Errorf("error %q repeats the password", err)
	}
}
