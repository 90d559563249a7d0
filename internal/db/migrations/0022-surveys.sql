-- Awareness surveys (khảo sát mức độ hiểu biết về cải cách hành chính):
-- the questionnaire, its waves (a baseline before the campaign and a
-- follow-up after), and residents' answers with their khu phố, age group
-- and sex (no names). A device is kept only as a hash, to flag a repeat.

create table surveys (
	id         {{.ID}},
	ward_id    bigint not null references wards(id),
	title      text not null,
	intro      text not null default '',
	status     text not null,
	created_by bigint references users(id) on delete set null,
	created_at text not null,
	updated_at text not null
);
create index surveys_ward on surveys(ward_id, status);

create table survey_waves (
	id        {{.ID}},
	survey_id bigint not null references surveys(id) on delete cascade,
	position  integer not null,
	label     text not null,
	opens_on  text not null,
	closes_on text not null,
	unique (survey_id, position)
);

create table survey_questions (
	id         {{.ID}},
	survey_id  bigint not null references surveys(id) on delete cascade,
	position   integer not null,
	kind       text not null,
	body       text not null,
	options    text not null default '',
	correct    integer not null default -1,
	theme_code text not null default '',
	measure    text not null default '',
	unique (survey_id, position)
);

create table survey_responses (
	id          {{.ID}},
	survey_id   bigint not null references surveys(id) on delete cascade,
	wave_id     bigint not null references survey_waves(id) on delete cascade,
	khu_pho_id  bigint references units(id) on delete set null,
	age_group   text not null,
	sex         text not null,
	source      text not null,
	entered_by  bigint references users(id) on delete set null,
	device_hash text not null default '',
	flagged     {{.Bool}} not null default 0,
	created_at  text not null
);
create index survey_responses_wave on survey_responses(wave_id, device_hash);

create table survey_answers (
	response_id bigint not null references survey_responses(id) on delete cascade,
	question_id bigint not null references survey_questions(id) on delete cascade,
	choice      integer not null,
	primary key (response_id, question_id)
);
