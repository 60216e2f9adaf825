package db

import "testing"

func TestRedactedDropsThePassword(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"paved.db", "paved.db"},
		{"postgres://paved@db/paved?sslmode=verify-full", "postgres://paved@db/paved?sslmode=verify-full"},
		{"postgres://paved:s3cret@db/paved", "postgres://paved@db/paved"},
		{"postgresql://paved@db/paved?password=s3cret&sslmode=require", "postgresql://paved@db/paved?sslmode=require"},
	} {
		if got := redacted(tc.in); got != tc.want {
			t.Errorf("redacted(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
