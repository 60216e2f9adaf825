package jobs

import (
	"fmt"
	"time"

	"github.com/robfig/cron/v3"
)

// cronParser reads a config's schedules: five-field cron or a descriptor such as
// @hourly or @every 1h.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// Schedule is a parsed schedule, in UTC; it is River's PeriodicSchedule.
type Schedule struct{ cron cron.Schedule }

// ParseSchedule parses a config's schedule.
func ParseSchedule(s string) (Schedule, error) {
	c, err := cronParser.Parse(s)
	if err != nil {
		return Schedule{}, fmt.Errorf("%q is not cron syntax or @every DURATION: %w", s, err)
	}
	return Schedule{cron: c}, nil
}

// Next is the first due time after t, on UTC's calendar.
func (s Schedule) Next(t time.Time) time.Time { return s.cron.Next(t.UTC()) }
