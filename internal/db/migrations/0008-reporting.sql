-- Activities by theme and month: the dashboard and the report count by
-- theme, and an activity may serve several themes.
create table activity_theme_monthly (
	ward_id     bigint not null references wards(id),
	month       text not null,
	unit_id     bigint not null,
	theme_code  text not null,
	activities  integer not null,
	people      bigint not null,
	primary key (ward_id, month, unit_id, theme_code)
);
insert into activity_theme_monthly (ward_id, month, unit_id, theme_code, activities, people)
	select a.ward_id, substr(a.held_on, 1, 7), a.unit_id, t.theme_code, count(*), sum(a.people)
	from activities a join activity_themes t on t.activity_id = a.id
	group by a.ward_id, substr(a.held_on, 1, 7), a.unit_id, t.theme_code;

-- How often units report on the plan, and how many days after the end of a
-- period the report falls due.
alter table plans add column report_cycle text not null default 'month';
alter table plans add column report_due_days integer not null default 5;

-- Funds each unit plans to spend on the plan (part IV); spending is the sum
-- of its activities' costs.
create table plan_budgets (
	plan_id     bigint not null references plans(id) on delete cascade,
	unit_id     bigint not null references units(id),
	planned     bigint not null,
	note        text not null default '',
	updated_at  text not null,
	primary key (plan_id, unit_id)
);

-- A unit's periodic report: its figures as submitted, a short narrative and
-- the lead unit's review.
create table unit_reports (
	id                  {{.ID}},
	ward_id             bigint not null references wards(id),
	plan_id             bigint not null references plans(id) on delete cascade,
	unit_id             bigint not null references units(id),
	period              text not null,
	due_on              text not null,
	status              text not null,
	narrative           text not null default '',
	activities          integer not null default 0,
	people              bigint not null default 0,
	cost                bigint not null default 0,
	first_submitted_at  text not null,
	submitted_at        text not null,
	submitted_by        bigint references users(id) on delete set null,
	reviewed_at         text not null default '',
	reviewed_by         bigint references users(id) on delete set null,
	review_comment      text not null default '',
	unique (plan_id, unit_id, period)
);
create index unit_reports_ward on unit_reports(ward_id, period);

-- In-app notices, each optionally mailed; the dedupe key keeps automatic
-- reminders from repeating.
create table notices (
	id           {{.ID}},
	ward_id      bigint not null references wards(id),
	user_id      bigint not null references users(id) on delete cascade,
	kind         text not null,
	subject      text not null,
	body         text not null default '',
	link         text not null default '',
	dedupe_key   text not null,
	created_at   text not null,
	read_at      text not null default '',
	email_to     text not null default '',
	email_state  text not null default '',
	email_tries  integer not null default 0,
	email_error  text not null default '',
	unique (user_id, dedupe_key)
);
create index notices_user on notices(user_id, created_at);
create index notices_mail on notices(email_state);

-- Formal reminders (đôn đốc) sent by the lead unit.
create table reminders (
	id        {{.ID}},
	ward_id   bigint not null references wards(id),
	plan_id   bigint not null references plans(id) on delete cascade,
	unit_id   bigint not null references units(id),
	period    text not null default '',
	body      text not null,
	sent_by   bigint references users(id) on delete set null,
	sent_at   text not null
);
create index reminders_unit on reminders(unit_id, sent_at);
