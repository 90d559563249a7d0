-- Pictures and clips were served to anyone at sequential addresses
-- (/anh/12-960.jpg), drafts' included. Each now has an unguessable token for
-- its address and is public only once something public shows it: a live
-- article (cover or body) or an approved exemplary model. The rest are
-- served to officials only. Existing files keep the random part of their
-- storage key as their token; what is already shown is public.
alter table images add column token text not null default '';
alter table images add column public {{.Bool}} not null default 0;
update images set token = substr(file_key, length(file_key) - 19);
create unique index images_token on images(token);
update images set public = 1
	where exists (select 1 from articles a where a.ward_id = images.ward_id and a.status = 'published' and a.live_at <> ''
		and (a.cover_image_id = images.id or a.body like ('%/anh/' || images.id || '-%')))
	or exists (select 1 from exemplars e where e.image_id = images.id and e.status = 'approved');

alter table videos add column token text not null default '';
alter table videos add column public {{.Bool}} not null default 0;
update videos set token = substr(file_key, length(file_key) - 19);
create unique index videos_token on videos(token);
update videos set public = 1
	where exists (select 1 from articles a where a.ward_id = videos.ward_id and a.status = 'published' and a.live_at <> ''
		and a.body like ('%/video/' || videos.id || '.%'));
