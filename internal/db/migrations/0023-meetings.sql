-- Meetings (hội nghị, họp dân, họp khu phố, sinh hoạt chi bộ/đoàn thể,
-- đối thoại): the schedule with its agenda, the attendance by group, the
-- minutes, photos (and the sign-in sheet), the Front's comments on the
-- minutes, and the secret addresses of each unit's calendar feed.
-- Residents' opinions at a meeting are feedback items pointing to it.

create table meetings (
	id            {{.ID}},
	ward_id       bigint not null references wards(id),
	kind          text not null,
	title         text not null,
	organiser_id  bigint not null references units(id),
	khu_pho_id    bigint references units(id) on delete set null,
	venue         text not null default '',
	starts_at     text not null,
	ends_at       text not null,
	invited       text not null default '',
	expected      integer not null default 0,
	public        {{.Bool}} not null default 1,
	status        text not null,
	cancel_reason text not null default '',
	number        text not null default '',
	chair         text not null default '',
	secretary     text not null default '',
	participants  text not null default '',
	content       text not null default '',
	conclusion    text not null default '',
	attendance    integer not null default 0,
	cost          bigint not null default 0,
	activity_id   bigint not null default 0,
	created_by    bigint references users(id) on delete set null,
	created_at    text not null,
	updated_at    text not null,
	closed_at     text
);
create index meetings_ward on meetings(ward_id, starts_at);

create table meeting_agenda (
	id             {{.ID}},
	meeting_id     bigint not null references meetings(id) on delete cascade,
	position       integer not null,
	body           text not null,
	themes         text not null default '',
	procedure_code text not null default ''
);
create index meeting_agenda_meeting on meeting_agenda(meeting_id, position);

create table meeting_attendance (
	meeting_id bigint not null references meetings(id) on delete cascade,
	grp        text not null,
	people     integer not null,
	primary key (meeting_id, grp)
);

create table meeting_photos (
	id           {{.ID}},
	meeting_id   bigint not null references meetings(id) on delete cascade,
	sheet        {{.Bool}} not null default 0,
	file_key     text not null,
	content_type text not null,
	size         bigint not null,
	created_at   text not null
);
create index meeting_photos_meeting on meeting_photos(meeting_id);

create table meeting_comments (
	id         {{.ID}},
	meeting_id bigint not null references meetings(id) on delete cascade,
	user_id    bigint references users(id) on delete set null,
	body       text not null,
	created_at text not null
);
create index meeting_comments_meeting on meeting_comments(meeting_id);

create table meeting_feeds (
	ward_id bigint not null references wards(id),
	unit_id bigint not null references units(id) on delete cascade,
	token   text not null unique,
	primary key (ward_id, unit_id)
);

alter table feedback add column meeting_id bigint references meetings(id) on delete set null;
create index feedback_meeting on feedback(meeting_id);
