package jobs

import (
	"testing"
	"time"
)

func TestScheduleNextIsTheFirstDueTimeAfterAnInstantInUTC(t *testing.T) {
	mon0700 := time.Date(2026, 11, 23, 7, 0, 0, 0, time.UTC) // a Monday
	paris := time.FixedZone("CET", 3600)
	cases := []struct {
		name, schedule string
		from, want     time.Time
	}{
		{"an hourly source an hour on", "@every 1h", mon0700, mon0700.Add(time.Hour)},
		{"a half-hourly source half an hour on", "@every 30m", mon0700, mon0700.Add(30 * time.Minute)},
		{"the Monday digest later that morning", "0 8 * * MON", mon0700, time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)},
		{"the Monday digest a week on once 08:00 passed", "0 8 * * MON", mon0700.Add(2 * time.Hour), time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)},
		{"cron read on UTC's clock, not the instant's zone", "0 8 * * MON", mon0700.In(paris), time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)},
		{"a descriptor", "@daily", mon0700, time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := ParseSchedule(c.schedule)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Next(c.from); !got.Equal(c.want) {
				t.Errorf("Next(%s) = %s, want %s", c.from, got, c.want)
			}
		})
	}
}

func TestParseScheduleRejectsWhatIsNotASchedule(t *testing.T) {
	for _, s := range []string{"sometimes", "@every", "* * *", "0 8 * * FUNDAY"} {
		if _, err := ParseSchedule(s); err == nil {
			t.Errorf("%q was accepted", s)
		}
	}
}
