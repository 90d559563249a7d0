-- The partner app that filed an item over Open311: it alone may follow the
-- item before the ward publishes an answer (everyone else sees published
-- answers only). Items filed before this have none.
alter table feedback add column app_id bigint references open311_keys(id);
create index feedback_app on feedback(app_id);
