-- The Front and its organisations: members by khu phố (the denominator of
-- their coverage), and the Front's supervision of the plan as a whole,
-- answered by the leader. What the lead unit sends a unit the plan only
-- requests of is an invitation, not a formal reminder.

create table organisation_members (
	ward_id     bigint not null references wards(id),
	unit_id     bigint not null references units(id) on delete cascade,
	khu_pho_id  bigint not null references units(id) on delete cascade,
	members     integer not null,
	updated_by  bigint references users(id) on delete set null,
	updated_at  text not null,
	primary key (unit_id, khu_pho_id)
);
create index organisation_members_ward on organisation_members(ward_id);

create table plan_supervisions (
	id               {{.ID}},
	ward_id          bigint not null references wards(id),
	plan_id          bigint not null references plans(id) on delete cascade,
	task_id          bigint references plan_tasks(id) on delete set null,
	findings         text not null,
	recommendations  text not null default '',
	created_by       bigint references users(id) on delete set null,
	created_at       text not null,
	answer           text not null default '',
	answered_by      bigint references users(id) on delete set null,
	answered_at      text not null default ''
);
create index plan_supervisions_plan on plan_supervisions(plan_id, created_at);

alter table reminders add column kind text not null default 'reminder';
