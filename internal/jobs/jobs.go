// Package jobs is a server's background work: reminders, e-mail, the
// scheduled publication of articles, their posts to Facebook and Zalo, and
// housekeeping (contest papers whose time ran out, contests' personal data
// past retention). Each job is one domain function; this package only says how
// often it runs. Every job claims its rows or writes with dedupe keys, so any
// number of servers may run all of them at once.
package jobs

import (
	"context"
	"log/slog"
	"time"

	"github.com/cchc-vn/cchc/internal/account"
	"github.com/cchc-vn/cchc/internal/contest"
	"github.com/cchc-vn/cchc/internal/db"
	"github.com/cchc-vn/cchc/internal/feedback"
	"github.com/cchc-vn/cchc/internal/idempotency"
	"github.com/cchc-vn/cchc/internal/news"
	"github.com/cchc-vn/cchc/internal/notice"
	"github.com/cchc-vn/cchc/internal/poster"
	"github.com/cchc-vn/cchc/internal/remind"
	"github.com/cchc-vn/cchc/internal/social"
	"github.com/cchc-vn/cchc/internal/ward"
)

// Config is what the jobs need.
type Config struct {
	DB      *db.DB
	Mailer  notice.Mailer            // nil: notices stay in the app
	Texter  notice.Texter            // nil: no texts are sent from the outbox
	Prices  notice.Prices            // what a text costs by provider, for the wards' figures
	Posters map[string]social.Poster // by provider
	Sealer  *social.Sealer           // opens the wards' tokens
	BaseURL string                   // the portal's address for wards without a host name
	Log     *slog.Logger
}

// Job is one piece of background work and how often it runs.
type Job struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context, now time.Time) (int, error) // how many things it did
}

// Jobs lists the background work in the order it runs at start.
func (c Config) Jobs() []Job {
	jobs := []Job{
		{"reminders", 5 * time.Minute, func(ctx context.Context, now time.Time) (int, error) {
			n, err := remind.Run(ctx, c.DB, now)
			if err != nil {
				return n, err
			}
			k, err := feedback.Remind(ctx, c.DB, now)
			if err != nil {
				return n + k, err
			}
			m, err := poster.Remind(ctx, c.DB, now) // posters and banners due to come down
			return n + k + m, err
		}},
		{"publication", 30 * time.Second, func(ctx context.Context, now time.Time) (int, error) {
			origin, err := c.origins(ctx)
			if err != nil {
				return 0, err
			}
			return news.GoLive(ctx, c.DB, origin, now)
		}},
		{"social", 30 * time.Second, func(ctx context.Context, now time.Time) (int, error) {
			origin, err := c.origins(ctx)
			if err != nil {
				return 0, err
			}
			compose := func(ctx context.Context, wardID, articleID int64) (social.Post, error) {
				return news.Post(ctx, c.DB, wardID, articleID, origin(wardID))
			}
			return social.Deliver(ctx, c.DB, c.Sealer, c.Posters, compose, now, 50)
		}},
		{"sessions", time.Hour, func(ctx context.Context, now time.Time) (int, error) {
			return 0, account.PurgeExpired(ctx, c.DB)
		}},
		// A contest paper whose time ran out counts as submitted at its deadline.
		{"contest-clock", 30 * time.Second, func(ctx context.Context, now time.Time) (int, error) {
			return contest.CloseExpired(ctx, c.DB, now)
		}},
		{"contest-retention", 6 * time.Hour, func(ctx context.Context, now time.Time) (int, error) {
			return contest.Purge(ctx, c.DB, now)
		}},
		// Officials' idempotency keys are kept 30 days (the offline outbox's retries).
		{"idempotency-keys", 6 * time.Hour, func(ctx context.Context, now time.Time) (int, error) {
			n, err := idempotency.Purge(ctx, c.DB, now)
			return int(n), err
		}},
	}
	if c.Texter != nil {
		jobs = append(jobs, Job{"texts", 30 * time.Second, func(ctx context.Context, now time.Time) (int, error) {
			origin, err := c.origins(ctx)
			if err != nil {
				return 0, err
			}
			return notice.DeliverTexts(ctx, c.DB, c.Texter, c.Prices, origin, now, 100)
		}})
	}
	if c.Mailer != nil {
		jobs = append(jobs, Job{"mail", time.Minute, func(ctx context.Context, now time.Time) (int, error) {
			origin, err := c.origins(ctx)
			if err != nil {
				return 0, err
			}
			return notice.Deliver(ctx, c.DB, c.Mailer, origin, 200)
		}})
	}
	return jobs
}

// origins gives each ward's public address for this run: its host name,
// else BaseURL.
func (c Config) origins(ctx context.Context) (func(wardID int64) string, error) {
	wards, err := ward.List(ctx, c.DB)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]string, len(wards))
	for _, w := range wards {
		byID[w.ID] = w.Origin(c.BaseURL)
	}
	return func(wardID int64) string {
		if o, ok := byID[wardID]; ok {
			return o
		}
		return (&ward.Ward{}).Origin(c.BaseURL)
	}, nil
}

// Run runs the job named name once, now; for tests and operators.
func (c Config) Run(ctx context.Context, name string, now time.Time) (int, error) {
	for _, j := range c.Jobs() {
		if j.Name == name {
			return j.Run(ctx, now)
		}
	}
	return 0, nil
}

// Start runs every job at once and then on its ticker, each in its own
// goroutine, until ctx ends.
func Start(ctx context.Context, c Config) {
	if c.Log == nil {
		c.Log = slog.Default()
	}
	for _, j := range c.Jobs() {
		go func() {
			t := time.NewTicker(j.Every)
			defer t.Stop()
			for {
				if n, err := j.Run(ctx, time.Now()); err != nil && ctx.Err() == nil {
					c.Log.Warn("background job failed", "job", j.Name, "err", err)
				} else if n > 0 {
					c.Log.Info("background job", "job", j.Name, "done", n)
				}
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
			}
		}()
	}
}
