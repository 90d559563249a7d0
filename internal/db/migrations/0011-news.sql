-- The portal's columns (chuyên mục) and articles (tin, bài), with their
-- editorial workflow and revisions.
create table news_columns (
	id           {{.ID}},
	ward_id      bigint not null references wards(id),
	slug         text not null,
	name         text not null,
	description  text not null default '',
	position     integer not null default 0,
	documents    {{.Bool}} not null default 0,
	unique (ward_id, slug)
);

create table articles (
	id               {{.ID}},
	ward_id          bigint not null references wards(id),
	column_id        bigint not null references news_columns(id),
	slug             text not null,
	title            text not null,
	summary          text not null default '',
	body             text not null default '',
	status           text not null,
	publish_at       text not null default '',
	published_at     text not null default '',
	cover_image_id   bigint,
	procedure_codes  text not null default '',
	theme_codes      text not null default '',
	doc_number       text not null default '',
	doc_date         text not null default '',
	doc_issuer       text not null default '',
	attachment_key   text not null default '',
	author_id        bigint references users(id) on delete set null,
	reviewer_id      bigint references users(id) on delete set null,
	review_note      text not null default '',
	created_at       text not null,
	updated_at       text not null,
	unique (ward_id, slug)
);
create index articles_public on articles(ward_id, status, published_at);
create index articles_column on articles(column_id, status, published_at);

create table article_revisions (
	id          {{.ID}},
	article_id  bigint not null references articles(id) on delete cascade,
	title       text not null,
	summary     text not null,
	body        text not null,
	user_id     bigint references users(id) on delete set null,
	at          text not null,
	note        text not null default ''
);
create index article_revisions_article on article_revisions(article_id, id);

-- Pictures, stored as JPEG at several widths ("{key}-{width}.jpg").
create table images (
	id          {{.ID}},
	ward_id     bigint not null references wards(id),
	file_key    text not null,
	width       integer not null,
	height      integer not null,
	widths      text not null,
	alt         text not null default '',
	created_by  bigint references users(id) on delete set null,
	created_at  text not null
);

-- Video clips uploaded for articles, served with range requests.
create table videos (
	id            {{.ID}},
	ward_id       bigint not null references wards(id),
	file_key      text not null,
	content_type  text not null,
	size          bigint not null,
	title         text not null,
	created_by    bigint references users(id) on delete set null,
	created_at    text not null
);

-- Exemplary collectives and individuals (gương điển hình), nominated by
-- officials, approved by the leader, shown on the honour roll.
create table exemplars (
	id             {{.ID}},
	ward_id        bigint not null references wards(id),
	kind           text not null,
	name           text not null,
	unit_name      text not null default '',
	achievement    text not null,
	results        text not null default '',
	image_id       bigint,
	status         text not null,
	nominated_by   bigint references users(id) on delete set null,
	nominated_at   text not null,
	decided_by     bigint references users(id) on delete set null,
	decided_at     text not null default '',
	decision_note  text not null default ''
);
create index exemplars_ward on exemplars(ward_id, status);

-- The ward's Facebook Page and Zalo Official Account, and the outbox of
-- posts to them.
create table social_accounts (
	ward_id     bigint not null references wards(id),
	provider    text not null,
	page_id     text not null default '',
	token       text not null,
	updated_at  text not null,
	primary key (ward_id, provider)
);

create table social_posts (
	id          {{.ID}},
	ward_id     bigint not null references wards(id),
	article_id  bigint not null references articles(id) on delete cascade,
	provider    text not null,
	state       text not null,
	tries       integer not null default 0,
	next_at     text not null,
	remote_id   text not null default '',
	response    text not null default '',
	created_at  text not null,
	updated_at  text not null,
	unique (article_id, provider)
);
create index social_posts_due on social_posts(state, next_at);
