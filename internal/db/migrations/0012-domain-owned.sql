-- Each domain keeps what it decides in its own tables.

-- The periods whose activities a unit may no longer change: written by the
-- acceptance of the unit's periodic report, read by the activity domain.
create table activity_locks (
	plan_id    bigint not null references plans(id) on delete cascade,
	unit_id    bigint not null references units(id),
	period     text not null,
	locked_at  text not null,
	primary key (plan_id, unit_id, period)
);
insert into activity_locks (plan_id, unit_id, period, locked_at)
	select plan_id, unit_id, period, reviewed_at from unit_reports where status = 'accepted';

-- An article goes live when its publication time comes: it then counts as
-- the office's activity and is queued for Facebook and Zalo, once. Articles
-- approved before this column existed were counted and queued at approval.
alter table articles add column live_at text not null default '';
update articles set live_at = published_at where status in ('published', 'archived') and published_at <> '';
