-- What each unit and khu phố did to carry out the plan: one record per
-- communication activity, with its themes and evidence.
create table activities (
	id             {{.ID}},
	ward_id        bigint not null references wards(id),
	plan_id        bigint not null references plans(id),
	unit_id        bigint not null references units(id),
	task_id        bigint references plan_tasks(id) on delete set null,
	held_on        text not null,
	channel_code   text not null,
	place_unit_id  bigint references units(id),
	place_name     text not null default '',
	quantity       integer not null,
	quantity_unit  text not null,
	people         integer not null default 0,
	cost           bigint not null default 0,
	description    text not null default '',
	link           text not null default '',
	created_by     bigint references users(id) on delete set null,
	created_at     text not null
);
create index activities_ward_date on activities(ward_id, held_on);
create index activities_unit on activities(unit_id, held_on);

create table activity_themes (
	activity_id  bigint not null references activities(id) on delete cascade,
	theme_code   text not null,
	primary key (activity_id, theme_code)
);

create table activity_evidence (
	id            {{.ID}},
	activity_id   bigint not null references activities(id) on delete cascade,
	file_key      text not null,
	content_type  text not null,
	size          bigint not null,
	created_at    text not null
);
create index activity_evidence_activity on activity_evidence(activity_id);
