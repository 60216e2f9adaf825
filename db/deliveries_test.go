package db

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func claim(t *testing.T, d *DB, week, channel string, at time.Time) DeliveryClaim {
	t.Helper()
	c, err := d.ClaimDelivery(context.Background(), week, channel, at, 30*time.Minute)
	if err != nil {
		t.Fatalf("claim: %v", err)
	}
	return c
}

func deliveryOf(t *testing.T, d *DB, week, channel string) Delivery {
	t.Helper()
	all, err := d.Deliveries(context.Background(), week)
	if err != nil {
		t.Fatalf("deliveries: %v", err)
	}
	for _, r := range all {
		if r.Channel == channel {
			return r
		}
	}
	t.Fatalf("no delivery of %s on %s in %+v", week, channel, all)
	return Delivery{}
}

func TestClaimDelivery(t *testing.T) {
	ctx := context.Background()
	const week = "2026-W10"

	t.Run("the first claim of a week and channel holds the attempt", func(t *testing.T) {
		d := openTest(t)
		c := claim(t, d, week, "email", testNow)
		if !c.Claimed || c.Prior != "" || c.Attempts != 1 {
			t.Fatalf("claim = %+v, want claimed first attempt", c)
		}
		if r := deliveryOf(t, d, week, "email"); r.Status != DeliverySending || !r.At.Equal(testNow) {
			t.Fatalf("record = %+v, want sending since %v", r, testNow)
		}
	})

	t.Run("a delivered week is never claimed again", func(t *testing.T) {
		d := openTest(t)
		claim(t, d, week, "email", testNow)
		if err := d.MarkDelivered(ctx, week, "email", testNow.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		c := claim(t, d, week, "email", testNow.Add(48*time.Hour))
		if c.Claimed || c.Prior != DeliveryDelivered {
			t.Fatalf("claim = %+v, want refused as delivered", c)
		}
		r := deliveryOf(t, d, week, "email")
		if r.Status != DeliveryDelivered || r.Attempts != 1 || !r.At.Equal(testNow.Add(time.Second)) {
			t.Fatalf("record = %+v", r)
		}
	})

	t.Run("another channel or week is claimed independently", func(t *testing.T) {
		d := openTest(t)
		claim(t, d, week, "email", testNow)
		if c := claim(t, d, week, "slack", testNow); !c.Claimed {
			t.Fatalf("slack claim = %+v", c)
		}
		if c := claim(t, d, "2026-W11", "email", testNow); !c.Claimed {
			t.Fatalf("next week's claim = %+v", c)
		}
	})

	t.Run("an attempt in progress blocks a concurrent one", func(t *testing.T) {
		d := openTest(t)
		claim(t, d, week, "email", testNow)
		c := claim(t, d, week, "email", testNow.Add(time.Minute))
		if c.Claimed || c.Prior != DeliverySending {
			t.Fatalf("claim = %+v, want refused while sending", c)
		}
	})

	t.Run("a stale attempt is taken to have crashed and is claimed again", func(t *testing.T) {
		d := openTest(t)
		claim(t, d, week, "email", testNow)
		later := testNow.Add(31 * time.Minute)
		c := claim(t, d, week, "email", later)
		if !c.Claimed || c.Prior != DeliverySending || c.Attempts != 2 {
			t.Fatalf("claim = %+v, want second attempt", c)
		}
		if r := deliveryOf(t, d, week, "email"); !r.At.Equal(later) {
			t.Fatalf("attempt start = %v, want %v", r.At, later)
		}
	})

	t.Run("a failed attempt is retried and counted", func(t *testing.T) {
		d := openTest(t)
		claim(t, d, week, "slack", testNow)
		if err := d.MarkFailed(ctx, week, "slack", "slack webhook answered 500: oops\x1b[2J"); err != nil {
			t.Fatal(err)
		}
		r := deliveryOf(t, d, week, "slack")
		if r.Status != DeliveryFailed || !r.At.IsZero() || strings.ContainsRune(r.LastError, 0x1b) ||
			!strings.Contains(r.LastError, "answered 500") {
			t.Fatalf("record = %+v", r)
		}
		c := claim(t, d, week, "slack", testNow.Add(time.Minute))
		if !c.Claimed || c.Prior != DeliveryFailed || c.Attempts != 2 {
			t.Fatalf("claim = %+v, want retry", c)
		}
		if err := d.MarkDelivered(ctx, week, "slack", testNow.Add(2*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if r := deliveryOf(t, d, week, "slack"); r.Status != DeliveryDelivered || r.Attempts != 2 || r.LastError != "" {
			t.Fatalf("record = %+v", r)
		}
	})

	t.Run("marking an attempt nobody claimed is an error", func(t *testing.T) {
		d := openTest(t)
		err := d.MarkDelivered(ctx, week, "teams", testNow)
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestClaimDeliveryIsExclusive(t *testing.T) {
	d := openTest(t)
	const racers = 8
	won := make(chan bool, racers)
	for range racers {
		go func() {
			c, err := d.ClaimDelivery(context.Background(), "2026-W10", "email", testNow, time.Hour)
			won <- err == nil && c.Claimed
		}()
	}
	wins := 0
	for range racers {
		if <-won {
			wins++
		}
	}
	if wins != 1 {
		t.Fatalf("%d racers claimed the delivery, want exactly 1", wins)
	}
}
